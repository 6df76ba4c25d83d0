"""The composer's draft (path, type, nonce, body) kept across restarts.

Small bodies go into the remembered UI state; a body over 1 MB goes to a file in the profile
folder, written and read by jobs, so that the settings file stays small and the GUI thread never
touches the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

STATE_KEY = "composer.draft"
DRAFT_FILE = "composer_draft_body.json"
BIG_BODY = 1024 * 1024  # characters; above this the body is kept in DRAFT_FILE
SAVE_DELAY_MS = 800


class DraftKeeper(QObject):
    """Saves the draft a moment after the last change; restores it once at start."""

    def __init__(
        self,
        services: AppServices,
        snapshot: Callable[[], dict[str, Any]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._snapshot = snapshot
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        self.saves = 0

    @property
    def path(self) -> Path:
        return Path(self._services.profile_dir) / DRAFT_FILE

    def schedule(self) -> None:
        self._timer.start()

    def save_now(self) -> None:
        self._timer.stop()
        draft = dict(self._snapshot())
        body = draft.pop("body", "")
        path = self.path
        if len(body) > BIG_BODY:
            draft["body_file"] = DRAFT_FILE

            def write(_ctx: object) -> None:
                tmp = path.with_suffix(".tmp")
                tmp.write_text(body, encoding="utf-8", newline="")
                tmp.replace(path)

            self._services.runner.submit("save draft body", write)
        else:
            draft["body"] = body
            if path.exists():
                self._services.runner.submit(
                    "drop draft file", lambda _c: path.unlink(missing_ok=True)
                )
        self._services.set_ui_state(STATE_KEY, draft)
        self.saves += 1

    def restore(self, apply: Callable[[dict[str, Any]], None]) -> None:
        """Call ``apply`` with the stored draft (at once, or after the big body was read)."""
        draft = self._services.ui_state(STATE_KEY, None)
        if not isinstance(draft, dict):
            return
        if draft.get("body_file"):
            path = self.path

            def read(_ctx: object) -> str:
                return path.read_text(encoding="utf-8")

            def done(text: str) -> None:
                apply({**draft, "body": text})

            self._services.runner.submit(
                "read draft body",
                read,
                on_result=done,
                on_error=lambda _e: apply({**draft, "body": ""}),
            )
        else:
            apply(draft)
