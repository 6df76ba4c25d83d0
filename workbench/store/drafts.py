"""The Composer's draft body file: a body too big for the settings file, kept across restarts.

The draft's small fields (path, type, nonce, and a body up to :data:`BIG_BODY` characters) are
remembered as window state (``composer.draft``); a bigger body goes to :data:`DRAFT_FILE` in the
profile folder instead, so that the settings file stays small. Disk work: call these from a job,
never from the GUI thread. The body is written whole to a temporary file and renamed into place,
so a crash never leaves half a draft.
"""

from __future__ import annotations

from pathlib import Path

DRAFT_FILE = "composer_draft_body.json"
BIG_BODY = 1024 * 1024  # characters; above this the body is kept in DRAFT_FILE


class DraftBodyFile:
    """The draft body file of one profile folder."""

    def __init__(self, profile_dir: Path) -> None:
        self.path = Path(profile_dir) / DRAFT_FILE

    @staticmethod
    def is_big(body: str) -> bool:
        return len(body) > BIG_BODY

    def write(self, body: str) -> None:
        """Replace the file with ``body`` (exactly: no newline translation)."""
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(body, encoding="utf-8", newline="")
        tmp.replace(self.path)

    def read(self) -> str:
        """The stored body, exactly (CR LF stays CR LF: the sign covers every character).

        OSError or UnicodeDecodeError when it is gone or damaged."""
        with self.path.open(encoding="utf-8", newline="") as f:
            return f.read()

    def exists(self) -> bool:
        return self.path.exists()

    def drop(self) -> None:
        self.path.unlink(missing_ok=True)


__all__ = ["BIG_BODY", "DRAFT_FILE", "DraftBodyFile"]
