"""The verifier's body editor: a JsonEditor that hands a big paste to the verifier at once.

Why: Qt takes text in at about 0.4 s per MB, so JsonEditor feeds a multi-MB text in slices over
many event-loop turns. Waiting for the last slice before checking made a 5 MB paste take ~18 s
to show its verdict. The pasted text is already complete in the clipboard's mime data, so the
verifier checks it in a job at once, and the editor starts taking it in only when the verdict
is shown: filling the editor holds the GIL for long stretches and slowed the check fourfold.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtWidgets import QWidget

from workbench.ui.widgets.json_view import JsonEditor

BIG_PASTE = 100_000  # characters: a paste this big replaces the text lazily


class BodyEditor(JsonEditor):
    """Signals:
    big_text_pasted(str): the editor's whole new text after a big paste or drop. The editor
        holds it back (``loading()`` is True, read-only) until :meth:`start_fill` is called.
    """

    big_text_pasted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._held: str | None = None
        self._was_read_only = False

    def loading(self) -> bool:
        """True while a big text is held back or still being fed into the document in slices."""
        return self._held is not None or bool(getattr(self, "_pending_text", ""))

    def held_size(self) -> int:
        return len(self._held) if self._held is not None else 0

    def hold(self, text: str) -> None:
        """Empty the editor and keep ``text`` until :meth:`start_fill` (it is being checked)."""
        # set_text_lazy drops the undo history later: an undo copy of megabytes is no help
        if self._held is None:
            self._was_read_only = self.isReadOnly()
        self._held = text
        self.setReadOnly(True)  # nothing to type into until the text is in
        self.clear()

    def start_fill(self) -> None:
        """Show the held-back text (in slices, the window stays responsive)."""
        text, self._held = self._held, None
        if text is None:
            return
        self.setReadOnly(self._was_read_only)
        self.set_text_lazy(text)

    def insertFromMimeData(self, source: QMimeData) -> None:  # Qt override
        text = source.text() if source.hasText() else ""
        if len(text) >= BIG_PASTE and self._replaces_everything():
            self.hold(text)
            self.big_text_pasted.emit(text)
            return
        super().insertFromMimeData(source)

    def _replaces_everything(self) -> bool:
        """The paste lands in an empty editor or over a selection of all of it."""
        doc = self.document()
        if doc.isEmpty():
            return True
        cursor = self.textCursor()
        return cursor.selectionStart() == 0 and cursor.selectionEnd() >= doc.characterCount() - 1
