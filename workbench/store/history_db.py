"""Opening ``history.sqlite3`` whatever state it is in, and bringing old files forward.

- A file this build can read but must not write (written by a newer build, or write-protected)
  is opened read-only: its entries stay searchable, new exchanges are not stored (and the
  window says so).
- Anything else that is not our history (a folder, garbage, a truncated file, another program's
  database) is moved aside as ``history.sqlite3.broken-<timestamp>`` (with its ``-wal``/``-shm``
  companions) and a new history is started.
Either way :attr:`Opened.notice` is the sentence the window shows; opening never raises for a
damaged file.

Version 2 masks credentials in bodies (earlier builds kept token and ticket answers in full):
opening a version-1 file rewrites its rows once.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from workbench.core.os_errors import os_reason
from workbench.core.text import Text
from workbench.store.aside import set_aside
from workbench.store.history_mask import mask_credentials

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
QUICK_CHECK_MAX = 64 * 1024 * 1024  # larger files get only the cheap checks at start
BUSY_TIMEOUT_S = 5.0  # another window writing: wait this long before a write counts as failed
SCHEMA = """
CREATE TABLE IF NOT EXISTS exchange (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    env_name TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    title TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS exchange_env ON exchange(env_name, kind, created_ms);
"""
COLUMNS = frozenset({"id", "kind", "env_name", "created_ms", "title", "data"})
_COMPANIONS = ("-wal", "-shm", "-journal")


class Unusable(Exception):
    """The file is not a history this build can open (the reason is for the log)."""


@dataclass
class Opened:
    db: sqlite3.Connection
    read_only: bool = False
    notice: Text | None = None


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    if read_only:
        uri = "file:" + urllib.parse.quote(str(path)) + "?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)


def _sizes(db: sqlite3.Connection) -> tuple[int | None, int | None]:
    """The main file's size on disk, and the size its header says it has (at the last
    checkpoint: pages still in the WAL are not counted, so a busy file is not "truncated")."""
    row = db.execute("PRAGMA database_list").fetchone()
    path = row[2] if row else ""
    if not path:
        return None, None
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
        on_disk = os.path.getsize(path)
    except OSError:
        return None, None
    if len(header) < 100:
        return on_disk, None
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]  # the header's size is kept only when these agree
    return on_disk, page_size * pages if valid and pages else None


def _inspect(db: sqlite3.Connection) -> int:
    """The file's schema version; raises :class:`Unusable` unless it is an intact history."""
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # "not a database"?
        on_disk, size = _sizes(db)
        if on_disk is not None and size is not None and on_disk < size:
            raise Unusable(f"truncated ({on_disk} bytes of {size})")
        if on_disk is not None and on_disk <= QUICK_CHECK_MAX:  # ~0.3 s per 200 MB: bounded
            check = db.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise Unusable(f"integrity check: {check[0] if check else 'no answer'}")
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if "exchange" not in tables:
            if tables - {"sqlite_sequence"}:
                raise Unusable(f"another program's database (tables {sorted(tables)})")
            return 0  # empty: a new history
        columns = {r[1] for r in db.execute("PRAGMA table_info(exchange)")}
    except sqlite3.OperationalError as exc:
        if _is_busy(exc):
            raise  # another window holds it: not damage
        raise Unusable(str(exc)) from exc
    except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed", ...
        raise Unusable(str(exc)) from exc
    if not columns >= COLUMNS:
        raise Unusable(f"another schema (columns {sorted(columns)})")
    return version


def _masked_row(text: str) -> str:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        masked_text = mask_credentials(text)  # not JSON: masked as text
        return masked_text if isinstance(masked_text, str) else text
    masked = mask_credentials(data)
    if masked == data:
        return text
    try:
        return json.dumps(masked, ensure_ascii=False)
    except (ValueError, RecursionError):
        return text


def _is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _migrate(db: sqlite3.Connection, version: int) -> None:
    """Bring a writable file to :data:`SCHEMA_VERSION`.

    The version is written last, in the same transaction as the rewritten rows: a migration
    cut short is simply done again at the next start.
    """
    db.executescript(SCHEMA)
    with db:
        if 0 < version < 2:
            rows = db.execute("SELECT id, data FROM exchange").fetchall()
            for row_id, text in rows:
                new = _masked_row(str(text))
                if new != text:
                    db.execute("UPDATE exchange SET data = ? WHERE id = ?", (new, row_id))
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    if 0 < version < 2:
        db.execute("VACUUM")  # the full values must not linger in free pages


def _read_only_notice(path: Path, why: Text) -> Text:
    return Text(
        f"The history {path} is open read-only ({why.en}): past exchanges can be searched, "
        f"new ones are not kept.",
        f"历史记录 {path} 以只读方式打开（{why.zh}）：可以查找以前的记录，新的交互不会保存。",
    )


def _aside_notice(path: Path, target: Path) -> Text:
    return Text(
        f"The history {path} was damaged. It was kept as {target.name} and a new history was "
        f"started.",
        f"历史记录 {path} 已损坏，已另存为 {target.name}，并新建了历史记录。",
    )


def _move_aside(path: Path) -> Path:
    target = set_aside(path)
    for suffix in _COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            try:
                os.rename(companion, target.with_name(target.name + suffix))
            except OSError:
                log.warning("could not move %s aside", companion)
    return target


def _try_open(path: Path) -> Opened:
    if path.exists() and not path.is_file():
        raise Unusable("not a file")
    writable = os.access(path, os.W_OK) if path.exists() else os.access(path.parent, os.W_OK)
    db = _connect(path, read_only=path.exists() and not writable)
    try:
        version = _inspect(db) if path.exists() else 0
        if version > SCHEMA_VERSION or not writable:
            db.close()
            why = (
                Text("it was written by a newer version", "它由更新的版本写入")
                if version > SCHEMA_VERSION
                else Text("the file is write-protected", "文件受写保护")
            )
            return Opened(_connect(path, read_only=True), True, _read_only_notice(path, why))
        db.execute("PRAGMA journal_mode=WAL")  # two windows on one file (ENGINEERING.md)
        _migrate(db, version)
    except Exception:
        db.close()
        raise
    return Opened(db)


def open_history(path: Path) -> Opened:
    """Open ``path`` (see the module's text); never raises for what is on disk."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _try_open(path)
    except sqlite3.OperationalError as exc:
        if _is_busy(exc):  # another window is writing: use it as it is, writes will wait
            log.warning("history %s busy at start: %s", path, exc)
            return Opened(_connect(path, read_only=False))
        log.warning("history %s unusable: %s", path, exc)
    except (Unusable, sqlite3.DatabaseError) as exc:
        log.warning("history %s unusable: %s", path, exc)
    try:
        target = _move_aside(path)
        db = _connect(path, read_only=False)
        db.execute("PRAGMA journal_mode=WAL")
        _migrate(db, 0)
    except (OSError, sqlite3.Error) as exc:
        # not even a new file here (a write-protected folder): this session keeps its history
        # in memory, so the tabs still work, and the user is told
        log.warning("history %s kept in memory: %s", path, exc)
        why = os_reason(exc) if isinstance(exc, OSError) else Text(str(exc), str(exc))
        db = sqlite3.connect(":memory:", check_same_thread=False)
        _migrate(db, 0)
        return Opened(
            db,
            False,
            Text(
                f"The history {path} cannot be used ({why.en}): this session's exchanges are "
                f"kept in memory only.",
                f"历史记录 {path} 无法使用（{why.zh}）：本次会话的交互只保存在内存中。",
            ),
        )
    return Opened(db, False, _aside_notice(path, target))
