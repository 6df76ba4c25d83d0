"""The Composer's big draft body file (store/drafts.py)."""

from __future__ import annotations

from pathlib import Path

from workbench.store.drafts import BIG_BODY, DRAFT_FILE, DraftBodyFile


def test_a_body_is_kept_exactly_and_dropped(profile_dir: Path) -> None:
    store = DraftBodyFile(profile_dir)
    body = '{"a": "line\\r\\nnext"}\r\n' + "字" * 10
    store.write(body)
    assert store.path == profile_dir / DRAFT_FILE
    assert store.read() == body  # no newline translation
    assert not list(profile_dir.glob("*.tmp"))
    store.drop()
    assert not store.exists()
    store.drop()  # already gone: fine


def test_only_a_body_over_the_limit_goes_to_the_file() -> None:
    assert not DraftBodyFile.is_big("x" * BIG_BODY)
    assert DraftBodyFile.is_big("x" * (BIG_BODY + 1))
