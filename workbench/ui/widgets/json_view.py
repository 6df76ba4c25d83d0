"""A JSON text editor and viewer: line numbers, pygments colours, lazy highlighting of big texts.

The colours come from :class:`~workbench.ui.widgets.json_highlight.JsonHighlighter`, which
re-colours only the blocks an edit touches. Big texts (a 5 MB response) are shown plain first
with :meth:`JsonEditor.set_text_lazy`; the colours then arrive in chunks from a zero-delay
timer, so the window never stops answering.

Why long lines are shown in pieces: Qt lays out a whole block again on every keystroke, and a
1 MB single line costs it hundreds of milliseconds whatever the wrapping or font settings. A line
longer than LONG_LINE is therefore put into the document as pieces joined by soft breaks
(:mod:`workbench.ui.widgets.long_lines`), shown wrapped anywhere; an edit lays out one piece.
The soft breaks are the editor's business only: :meth:`JsonEditor.toPlainText` and copying give
the text as written, Backspace/Delete and the cursor step over a soft break as over nothing, and
a pasted or loaded long line is cut the same way. ``PreferNoShaping`` lets Qt skip HarfBuzz for
JSON's plain scripts.
"""

from __future__ import annotations

import bisect
import time

from PySide6.QtCore import QEvent, QMimeData, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from workbench.ui.widgets.json_highlight import (
    BIG_INSERT,
    FORMATTED,
    JsonHighlighter,
)
from workbench.ui.widgets.long_lines import (
    LONG_LINE,
    MARK,
    PARAGRAPH_SEPARATOR,
    add_soft_breaks,
    piece_size,
    soft_break_lines,
    strip_soft,
)

LAZY_CHUNK_BUDGET_S = 0.008  # highlight work per timer tick in lazy mode, well under a frame
BACKGROUND_MAX_BLOCKS = 20_000  # beyond this many lines only what is scrolled into view is coloured
FILL_CHUNK = 256 * 1024  # characters of a big text handed to Qt per event-loop turn
SCAN_MAX_BLOCKS = BACKGROUND_MAX_BLOCKS  # a big change in more lines than this is not scanned


class _LineNumberArea(QWidget):
    def __init__(self, editor: JsonEditor) -> None:
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QSize:  # Qt's name
        return QSize(self._editor.line_number_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt's name
        self._editor.paint_line_numbers(event)


class JsonEditor(QPlainTextEdit):
    """QPlainTextEdit for JSON with line numbers and pygments colours.

    ``read_only=True`` makes a viewer (responses, decoded jsonData). Use :meth:`set_text_lazy`
    for texts that may be megabytes long.

    Signals:
        loaded(): :meth:`set_text_lazy` has put all of its text into the document (always
            emitted from the event loop, after the call returned, even for a short text).
        long_lines_changed(bool): the text got (True) or lost (False) a line longer than
            LONG_LINE; while True, lines wrap anywhere and long lines are shown in pieces (see
            the module docstring).
    """

    loaded = Signal()
    long_lines_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        # JSON is Latin punctuation plus plain CJK text: no shaping rules worth a HarfBuzz pass
        font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        font.setKerning(False)
        self.setFont(font)
        self.setReadOnly(read_only)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.highlighter = JsonHighlighter(self.document(), dark=self._is_dark())
        self._numbers = _LineNumberArea(self)
        self._lazy_timer = QTimer(self)
        self._lazy_timer.setSingleShot(True)
        self._lazy_timer.setInterval(0)
        self._lazy_timer.timeout.connect(self._on_lazy_timer_timeout)
        self._background_block: int | None = None
        self._pending_text = ""  # kept for callers that polled it; prefer the loaded signal
        self._filling = False
        self._long_lines = False
        self._soft = False  # the document may hold soft breaks (long_lines.MARK)
        self._soft_lines: list[int] | None = None  # blocks ending in a soft break; None: stale
        self._last_position = 0
        self._fixing_cursor = False
        if read_only:
            self.setUndoRedoEnabled(False)  # a viewer: no undo copy of a multi-MB answer
        self.document().contentsChange.connect(self._on_document_contents_change)
        self.blockCountChanged.connect(self._on_block_count_changed)
        self.updateRequest.connect(self._on_update_request)
        self.cursorPositionChanged.connect(self._on_cursor_position_changed)
        self._on_block_count_changed(1)

    # -- text ----------------------------------------------------------------------------

    def toPlainText(self) -> str:  # Qt's name; the text as written, without soft breaks
        # Qt's own toPlainText() turns a no-break space into a space and U+2028 into a line
        # end: the body would be signed and sent other than it was written. The raw text keeps
        # them; only the block separators are line ends.
        text = self.document().toRawText().replace("\u2029", "\n")
        return strip_soft(text) if self._soft else text

    def setPlainText(self, text: str) -> None:  # Qt's name; long lines go in as pieces
        shown = self._prepare(text)
        super().setPlainText(shown)

    def replace_text(self, text: str) -> None:
        """Replace the whole text as one undoable edit (long lines go in as pieces)."""
        shown = self._prepare(text, keep_soft=True)
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(shown)
        cursor.endEditBlock()

    def _prepare(self, text: str, *, keep_soft: bool = False) -> str:
        """``text`` with soft breaks in its long lines; sets the long-line mode from it (decided
        from the whole text at once, at C speed, not block by block as it arrives)."""
        shown = add_soft_breaks(text, self._piece_size())
        # an undoable replace keeps reading soft breaks: undo may bring the old ones back
        self._soft = (shown is not text) or (keep_soft and self._soft)
        self._soft_lines = None
        self._set_long_lines(
            shown is not text
            or (len(text) > LONG_LINE and any(len(line) > LONG_LINE for line in text.split("\n")))
        )
        return shown

    def _piece_size(self) -> int:
        metrics = QFontMetricsF(self.font())
        usable = self.viewport().width() - 2 * self.document().documentMargin() - 4
        return piece_size(int(usable // max(1.0, metrics.horizontalAdvance("x"))))

    def set_text_lazy(self, text: str) -> None:
        """Show ``text`` at once, uncoloured; colour the visible part at once, the rest in
        chunks (or, past BACKGROUND_MAX_BLOCKS lines, as it is scrolled into view)."""
        shown = self._prepare(text)
        self._pending_text = shown[FILL_CHUNK:]
        self._filling = True
        super().setPlainText(shown[:FILL_CHUNK])
        self._lazy_timer.start()

    # -- soft breaks: paste, copy, cursor, Backspace/Delete --------------------------------

    def insertFromMimeData(self, source: QMimeData) -> None:  # Qt's name (paste, drop)
        if source.hasText() and not self.isReadOnly():
            text = source.text()
            if self._soft and MARK in text:
                self._drop_soft_breaks()  # its own U+2060 must not be read as soft breaks
            shown = add_soft_breaks(text, self._piece_size())
            if shown is not text:
                self._soft = True
                self._soft_lines = None
                self._set_long_lines(True)
                self.textCursor().insertText(shown)  # one undoable edit, like a paste
                self.ensureCursorVisible()
                return
        super().insertFromMimeData(source)

    def _drop_soft_breaks(self) -> None:
        """Put the long lines back in one piece (one edit block: Qt lays them out once)."""
        doc = self.document()
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        found = doc.find(MARK)
        while not found.isNull():
            end = found.position()
            if doc.characterAt(end) == PARAGRAPH_SEPARATOR:
                found.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor)
            found.removeSelectedText()
            found = doc.find(MARK, found.position())
        cursor.endEditBlock()
        self._soft = False
        self._soft_lines = None

    def createMimeDataFromSelection(self) -> QMimeData:  # Qt's name (copy, cut, drag)
        data = super().createMimeDataFromSelection()
        if self._soft and data.hasText():
            plain = QMimeData()
            plain.setText(strip_soft(data.text()))
            return plain
        return data

    def _at_soft_break(self, position: int) -> bool:
        """Whether ``position`` lies between a soft break's mark and its block break."""
        doc = self.document()
        return (
            position > 0
            and doc.characterAt(position) == PARAGRAPH_SEPARATOR
            and doc.characterAt(position - 1) == MARK
        )

    def _on_cursor_position_changed(self) -> None:
        cursor = self.textCursor()
        position, anchor = cursor.position(), cursor.anchor()
        last, self._last_position = self._last_position, position
        if not self._soft or self._fixing_cursor:
            return
        # text typed between a mark and its break would turn the soft break into a real one:
        # step over the break (moving right) or back before the mark
        fix_pos = self._at_soft_break(position)
        fix_anchor = anchor != position and self._at_soft_break(anchor)
        if not (fix_pos or fix_anchor):
            return
        if fix_pos:
            position = position + 1 if last == position - 1 else position - 1
        if fix_anchor:
            anchor -= 1
        if not cursor.hasSelection():
            anchor = position
        self._fixing_cursor = True
        try:
            cursor.setPosition(anchor)
            cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
            self.setTextCursor(cursor)
            self._last_position = position
        finally:
            self._fixing_cursor = False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt's name
        if self._soft and not self.isReadOnly() and not self.textCursor().hasSelection():
            # Backspace after / Delete before a soft break removes the character beyond it
            cursor = self.textCursor()
            position = cursor.position()
            if (
                event.key() == Qt.Key.Key_Backspace
                and position >= 2
                and self._at_soft_break(position - 1)
            ):
                cursor.setPosition(position - 2)
                self.setTextCursor(cursor)
            elif event.key() == Qt.Key.Key_Delete and self._at_soft_break(position + 1):
                cursor.setPosition(position + 2)
                self.setTextCursor(cursor)
        super().keyPressEvent(event)

    @property
    def filling(self) -> bool:
        """True while :meth:`set_text_lazy` is still putting text in (the text is partial)."""
        return self._filling

    @property
    def long_lines(self) -> bool:
        return self._long_lines

    def _set_long_lines(self, on: bool) -> None:
        if on == self._long_lines:
            return
        self._long_lines = on
        if on:
            self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
            self.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        else:
            self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.long_lines_changed.emit(on)

    def _on_document_contents_change(self, position: int, removed: int, added: int) -> None:
        doc = self.document()
        if self._soft and (removed or added > 1):
            self._soft_lines = None  # a soft break may have come or gone
        if added > BIG_INSERT:  # the highlighter left it: colour it from here, lazily
            start = doc.findBlock(position).blockNumber()
            if self._background_block is None or start < self._background_block:
                self._background_block = start
            self._lazy_timer.start()
        if self._filling:
            return  # set_text_lazy decided already
        block = doc.findBlock(position)
        if block.length() > LONG_LINE:  # a keystroke: one length(), no copy
            self._set_long_lines(True)
        elif max(added, removed) > BIG_INSERT or (
            self._long_lines and block.length() + removed > LONG_LINE  # may just have shrunk
        ):
            self._set_long_lines(self._has_long_line())

    def _has_long_line(self) -> bool:
        """Whether any line is longer than LONG_LINE (a walk of block lengths, no text copies)."""
        doc = self.document()
        if self._soft and MARK in super().toPlainText():
            return True
        if doc.characterCount() <= LONG_LINE:
            return False
        if doc.blockCount() > SCAN_MAX_BLOCKS:
            return self._long_lines  # a text of many lines: keep the current mode
        block = doc.firstBlock()
        while block.isValid():
            if block.length() > LONG_LINE:
                return True
            block = block.next()
        return False

    def highlighting_done(self) -> bool:
        """True once all text is in, the background pass is over and the visible lines are
        coloured."""
        return (
            not self._pending_text
            and not self._filling
            and self._background_block is None
            and not self._lazy_timer.isActive()
        )

    def _on_lazy_timer_timeout(self) -> None:
        deadline = time.perf_counter() + LAZY_CHUNK_BUDGET_S
        if self._pending_text:
            # Qt needs about 0.4 s per MB to take text in: feed it a slice per event-loop turn
            chunk, self._pending_text = (
                self._pending_text[:FILL_CHUNK],
                self._pending_text[FILL_CHUNK:],
            )
            cursor = QTextCursor(self.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(chunk)
            self._colour_visible()
            self._lazy_timer.start()
            return
        if self._filling:
            self._filling = False
            self.loaded.emit()
        self._colour_visible()
        start = self._background_block
        if start is None:
            return
        doc = self.document()
        if doc.blockCount() > BACKGROUND_MAX_BLOCKS or doc.characterCount() <= BIG_INSERT:
            self._background_block = None  # huge: visible only; small: the edit coloured it
            return
        block = doc.findBlockByNumber(start)
        while block.isValid() and time.perf_counter() < deadline:
            first = last = None
            for _ in range(64):
                if not block.isValid():
                    break
                if block.userState() != FORMATTED:
                    if first is None:
                        first = block
                    last = block
                    self.highlighter._format_block(block)
                block = block.next()
            if first is not None and last is not None:
                self.highlighter._mark_dirty(first, last)
        if block.isValid():
            self._background_block = block.blockNumber()
            self._lazy_timer.start()
        else:
            self._background_block = None

    def _colour_visible(self) -> None:
        """Colour the blocks on screen that are not coloured yet (after a scroll or a resize)."""
        block = self.firstVisibleBlock()
        bottom = self.viewport().height()
        offset = self.contentOffset()
        first = last = None
        while block.isValid():
            if block.userState() != FORMATTED:
                self.highlighter._format_block(block)
                if first is None:
                    first = block
                last = block
            if self.blockBoundingGeometry(block).translated(offset).top() > bottom:
                break
            block = block.next()
        if first is not None and last is not None:
            self.highlighter._mark_dirty(first, last)

    # -- palette -------------------------------------------------------------------------

    def _is_dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.PaletteChange:
            self.highlighter.set_dark(self._is_dark())
            if self.document().characterCount() < BIG_INSERT:
                self.highlighter.rehighlight()
        super().changeEvent(event)

    # -- line numbers --------------------------------------------------------------------

    def line_number_width(self) -> int:
        digits = max(2, len(str(max(1, self.blockCount()))))
        return 8 + self.fontMetrics().horizontalAdvance("9") * digits

    def _on_block_count_changed(self, _count: int) -> None:
        self._soft_lines = None
        self.setViewportMargins(self.line_number_width(), 0, 0, 0)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy and not self._lazy_timer.isActive():
            self._lazy_timer.start()  # scrolled: colour what came into view
        if dy:
            self._numbers.scroll(0, dy)
        else:
            self._numbers.update(0, rect.y(), self._numbers.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt's name
        super().resizeEvent(event)
        self._lazy_timer.start()  # more may be visible now
        cr = self.contentsRect()
        self._numbers.setGeometry(QRect(cr.left(), cr.top(), self.line_number_width(), cr.height()))

    def paint_line_numbers(self, event: QPaintEvent) -> None:
        painter = QPainter(self._numbers)
        pal = self.palette()
        painter.fillRect(event.rect(), pal.color(QPalette.ColorRole.AlternateBase))
        painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        painter.setFont(self.font())
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        soft: list[int] = []
        if self._soft:  # pieces of a long line: one number, on its first piece
            if self._soft_lines is None:
                self._soft_lines = soft_break_lines(super().toPlainText())
            soft = self._soft_lines
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        width, height = self._numbers.width() - 4, self.fontMetrics().height()
        right = int(Qt.AlignmentFlag.AlignRight)
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                index = bisect.bisect_left(soft, number) if soft else 0
                if not (index and soft[index - 1] == number - 1):  # not a continuation
                    painter.drawText(0, top, width, height, right, str(number + 1 - index))
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1
        painter.end()
