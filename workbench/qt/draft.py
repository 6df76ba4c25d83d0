"""The composer's draft (path, type, nonce, body) kept across restarts.

Small bodies go into the remembered window state; a body over 1 MB goes to the draft body file
(:mod:`workbench.store.drafts`, reached through the services), written and read by jobs, so that
the settings file stays small and the GUI thread never touches the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from workbench.qt.window_state import COMPOSER_DRAFT

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

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
        return self._services.draft_body.path

    def schedule(self) -> None:
        self._timer.start()

    def save_now(self) -> None:
        self._timer.stop()
        draft = dict(self._snapshot())
        body = draft.pop("body", "")
        store = self._services.draft_body
        if store.is_big(body):
            draft["body_file"] = store.path.name
            self._services.runner.submit("save draft body", lambda _c: store.write(body))
        else:
            draft["body"] = body
            self._services.runner.submit("drop draft file", lambda _c: store.drop())
        self._services.set_state(COMPOSER_DRAFT, draft)
        self.saves += 1

    def restore(self, apply: Callable[[dict[str, Any]], None]) -> None:
        """Call ``apply`` with the stored draft (at once, or after the big body was read)."""
        draft = self._services.state(COMPOSER_DRAFT)
        if not draft:
            return
        if draft.get("body_file"):
            store = self._services.draft_body

            def read(_ctx: object) -> str:
                return store.read()

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
