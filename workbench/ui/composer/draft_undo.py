"""Undo for a draft that Reopen or a template replaced: the replaced draft is kept and one
click puts it back, until the user edits the new one (then it is theirs)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtWidgets import QToolButton

Draft = dict[str, Any]
_KEYS = ("path", "type", "nonce", "body")


def same_draft(first: Draft, second: Draft) -> bool:
    return all(first.get(k) == second.get(k) for k in _KEYS)


class DraftUndo:
    """Shows ``button`` while a replaced draft can be put back."""

    def __init__(
        self,
        snapshot: Callable[[], Draft],
        apply: Callable[[Draft], None],
        button: QToolButton,
    ) -> None:
        self._snapshot = snapshot
        self._apply = apply
        self.button = button
        self.button.setVisible(False)
        self.button.clicked.connect(self.undo)
        self._kept: Draft | None = None
        self._replaced_by: Draft = {}
        self.replacing = False

    @contextmanager
    def replacing_draft(self) -> Iterator[None]:
        """Edits made inside are the replacement itself, not the user's."""
        self.replacing = True
        try:
            yield
        finally:
            self.replacing = False

    def offer(self, before: Draft) -> bool:
        """Keep ``before`` when it was a draft of the user's and really changed; whether it was."""
        after = self._snapshot()
        if same_draft(before, after) or not (before.get("path") or before.get("body", "").strip()):
            return False
        self._kept, self._replaced_by = before, after
        self.button.setVisible(True)
        return True

    def edited(self) -> None:
        """The editor changed: an edit of the new draft (not a relabel) ends the offer."""
        if self.replacing or self._kept is None:
            return
        if not same_draft(self._snapshot(), self._replaced_by):
            self.drop()

    def drop(self) -> None:
        self._kept = None
        self.button.setVisible(False)

    def undo(self) -> bool:
        """Put the kept draft back; False when there was none."""
        draft = self._kept
        if draft is None:
            return False
        with self.replacing_draft():
            self._apply(draft)
        self.drop()
        return True
