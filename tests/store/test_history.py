"""History keeps no credential, survives damaged files and a second window on the same file."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from workbench.client.platform import PlatformClient
from workbench.core.credentials import mask
from workbench.core.environment import EnvironmentSecrets
from workbench.sandbox.server import Sandbox
from workbench.store import history_db
from workbench.store.history import (
    KIND_CREDENTIAL,
    HistoryEntry,
    HistoryStore,
    HistoryWriteError,
    record_to_dict,
)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    sb = Sandbox(tmp_path_factory.mktemp("sandbox-history"))
    sb.start()
    yield sb
    sb.stop()


@pytest.fixture(scope="module")
def credential_records(sandbox: Sandbox) -> tuple[list[dict], str, str]:
    """The token and ticket answers as the client records them, with the real values."""
    app_id, secret = "wbthist01", "s" * 32
    sandbox.add_account(app_id, secret, "salt1234")
    env = sandbox.environment()._replace(app_id=app_id)
    sec = EnvironmentSecrets(secret=secret, p12_password=sandbox.secrets().p12_password)
    client = PlatformClient(env, sec, clock=sandbox.clock)
    try:
        result = client.fetch_tickets(["sign"])
    finally:
        client.close()
    token = result.records[0].response.text  # type: ignore[union-attr]
    token_value = json.loads(token)["access_token"]
    ticket_value = json.loads(result.records[-1].response.text)["tickets"][0]["value"]  # type: ignore[union-attr]
    return [record_to_dict(r) for r in result.records], token_value, ticket_value


def _file_text(path: Path) -> str:
    """Every byte of the database and its WAL, as text (what someone copying the file gets)."""
    data = b""
    for p in (path, path.with_name(path.name + "-wal")):
        if p.exists():
            data += p.read_bytes()
    return data.decode("latin-1")


def test_credential_answers_are_stored_masked(
    tmp_path: Path, credential_records: tuple[list[dict], str, str]
) -> None:
    records, token, ticket = credential_records
    path = tmp_path / "history.sqlite3"
    store = HistoryStore(path)
    for data in records:
        store.add(HistoryEntry(KIND_CREDENTIAL, "Local sandbox", 1, "token, sign", data))
    shown = json.dumps([e.data for e in store.search()], ensure_ascii=False)
    store.close()
    for value in (token, ticket):
        assert value not in shown
        assert value not in _file_text(path)
        assert mask(value) in shown
    body = json.loads(store_entries_body(path))
    assert body["access_token"] == mask(token)


def store_entries_body(path: Path) -> str:
    store = HistoryStore(path)
    try:
        return next(
            e.data["response"]["body"]
            for e in store.search()
            if "access_token" in e.data["response"]["body"]
        )
    finally:
        store.close()


def test_a_token_quoted_anywhere_is_masked(tmp_path: Path) -> None:
    token = "ab12" * 16
    store = HistoryStore(tmp_path / "history.sqlite3")
    entry = HistoryEntry(
        "call",
        "F",
        1,
        "x",
        {"error": f"refused token {token}", "extra": {"access_token": token}, "note": "short"},
    )
    store.add(entry)
    text = json.dumps(store.search()[0].data, ensure_ascii=False)
    assert token not in text and mask(token) in text and "short" in text
    assert token not in json.dumps(entry.data)  # what the window is told about is masked too
    store.close()


OLD_SCHEMA = """
CREATE TABLE exchange (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,
 env_name TEXT NOT NULL, created_ms INTEGER NOT NULL, title TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX exchange_env ON exchange(env_name, kind, created_ms);
PRAGMA user_version = 1;
"""


def test_an_old_history_holding_a_full_token_is_masked_on_first_start(
    tmp_path: Path, credential_records: tuple[list[dict], str, str]
) -> None:
    records, token, ticket = credential_records
    path = tmp_path / "history.sqlite3"
    old = sqlite3.connect(path)  # what the previous build wrote: the answers in full
    old.executescript(OLD_SCHEMA)
    for data in records:
        old.execute(
            "INSERT INTO exchange(kind, env_name, created_ms, title, data) VALUES (?,?,?,?,?)",
            (KIND_CREDENTIAL, "Local sandbox", 1, "token", json.dumps(data)),
        )
    old.commit()
    old.close()
    assert token in _file_text(path) and ticket in _file_text(path)

    store = HistoryStore(path)
    entries = store.search()
    store.close()
    assert len(entries) == len(records) and store.notice is None
    shown = json.dumps([e.data for e in entries], ensure_ascii=False)
    assert token not in shown and ticket not in shown and mask(token) in shown
    assert token not in _file_text(path) and ticket not in _file_text(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database\x00" * 100)


def _truncated(path: Path) -> None:
    store = HistoryStore(path)
    for i in range(300):
        store.add(HistoryEntry("call", "F", i, f"call {i}", {"body": "x" * 500}))
    store.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "something").write_text("x")


def _other_schema(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE songs (title TEXT)")
    db.execute("INSERT INTO songs VALUES ('la')")
    db.commit()
    db.close()


@pytest.mark.parametrize("damage", [_garbage, _truncated, _folder, _other_schema])
def test_a_damaged_history_is_set_aside_and_a_new_one_started(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    path = tmp_path / "history.sqlite3"
    damage(path)
    store = HistoryStore(path)
    assert store.notice is not None and not store.read_only
    copies = list(tmp_path.glob("history.sqlite3.broken-*"))
    assert len(copies) == 1
    assert copies[0].name in store.notice.en and copies[0].name in store.notice.zh
    assert "\n" not in store.notice.en
    assert store.search() == []
    store.add(HistoryEntry("call", "F", 1, "after", {}))
    assert [e.title for e in store.search()] == ["after"]
    store.close()


def test_two_damages_keep_two_copies(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    for _ in range(2):
        _garbage(path)
        HistoryStore(path).close()
    copies = sorted(tmp_path.glob("history.sqlite3.broken-*"))
    assert len(copies) == 2
    assert all(c.read_bytes().startswith(b"this is not a database") for c in copies)


def test_a_history_from_a_newer_build_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = HistoryStore(path)
    store.add(HistoryEntry("call", "F", 1, "kept", {}))
    store.close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    store = HistoryStore(path)
    assert store.read_only and store.notice is not None and "read-only" in store.notice.en
    assert [e.title for e in store.search()] == ["kept"]
    with pytest.raises(HistoryWriteError) as err:
        store.add(HistoryEntry("call", "F", 2, "new", {}))
    assert "not kept" in err.value.text.en and "未保存" in err.value.text.zh
    store.close()
    assert not list(tmp_path.glob("*.broken-*"))


def test_two_windows_write_one_history_without_losing_entries(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    stores = [HistoryStore(path), HistoryStore(path)]

    def write(store: HistoryStore, n: int) -> None:
        for i in range(150):
            store.add(HistoryEntry("call", "F", i, f"{n}-{i}", {"body": "y" * 200}))

    threads = [threading.Thread(target=write, args=(s, n)) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(stores[0].search(limit=1000)) == 300
    for s in stores:
        s.close()


def test_a_write_blocked_too_long_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history_db, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "history.sqlite3"
    store = HistoryStore(path)
    other = sqlite3.connect(path, timeout=0.2)
    other.execute("BEGIN IMMEDIATE")  # the other window is in the middle of a long write
    with pytest.raises(HistoryWriteError) as err:
        store.add(HistoryEntry("call", "F", 1, "lost?", {}))
    assert "not kept in history" in err.value.text.en and "locked" in err.value.text.en
    other.rollback()
    other.close()
    store.add(HistoryEntry("call", "F", 2, "kept", {}))
    assert [e.title for e in store.search()] == ["kept"]
    store.close()


def test_a_history_that_can_be_neither_opened_nor_set_aside_is_kept_in_memory(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "history.sqlite3"
    _folder(path)

    def refused(_p: Path) -> Path:  # a write-protected profile folder (root ignores chmod)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(history_db, "set_aside", refused)
    store = HistoryStore(path)
    assert store.notice is not None and "memory" in store.notice.en and "内存" in store.notice.zh
    store.add(HistoryEntry("call", "F", 1, "session only", {}))
    assert [e.title for e in store.search()] == ["session only"]
    store.close()
    assert (path / "something").read_text() == "x"  # what was there is untouched


def test_an_entry_too_deep_to_store_says_so(tmp_path: Path) -> None:
    nested: object = "x"
    for _ in range(5000):
        nested = [nested]
    store = HistoryStore(tmp_path / "history.sqlite3")
    with pytest.raises(HistoryWriteError) as err:
        store.add(HistoryEntry("call", "F", 1, "deep", {"extra": nested}))
    assert "not kept in history" in err.value.text.en
    store.close()


def test_a_large_truncated_history_is_found_without_the_full_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_db, "QUICK_CHECK_MAX", 0)  # as for a history over the limit
    path = tmp_path / "history.sqlite3"
    _truncated(path)
    store = HistoryStore(path)
    assert store.notice is not None and "damaged" in store.notice.en
    store.close()


def test_an_old_row_that_is_not_json_is_masked_as_text(tmp_path: Path) -> None:
    token = "c0ffee" * 10
    path = tmp_path / "history.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(OLD_SCHEMA)
    old.execute(
        "INSERT INTO exchange(kind, env_name, created_ms, title, data) VALUES (?,?,?,?,?)",
        ("credential", "F", 1, "t", '{"body": "{\\"access_token\\": \\"' + token + '\\"'),
    )
    old.commit()
    old.close()
    HistoryStore(path).close()
    assert token not in _file_text(path)


def test_a_body_changed_by_the_masking_is_marked_so(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    try:
        plain = HistoryEntry("call", "F", 1, "a", {"body_text": '{"A": "1"}'})
        store.add(plain)
        token = "tok" + "x" * 40
        quoted = HistoryEntry("call", "F", 2, "b", {"body_text": f'{{"access_token": "{token}"}}'})
        store.add(quoted)
        kept = {e.title: e.data for e in store.search("")}
        assert "body_masked" not in kept["a"] and kept["a"]["body_text"] == '{"A": "1"}'
        assert kept["b"]["body_masked"] is True and token not in kept["b"]["body_text"]
    finally:
        store.close()
