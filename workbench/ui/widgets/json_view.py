"""A JSON text editor and viewer: line numbers, pygments colours, lazy highlighting of big texts.

The colours come from :class:`~workbench.ui.widgets.json_highlight.JsonHighlighter`, which
re-colours only the blocks an edit touches. Big texts (a 5 MB response) are shown plain first
with :meth:`JsonEditor.set_text_lazy`; the colours then arrive in chunks from a zero-delay
timer, so the window never stops answering.

Why long lines wrap anywhere and the font skips shaping: Qt lays out a whole block again on
every keystroke, and a 1 MB single line costs it hundreds of milliseconds, most of it in glyph
shaping and in painting one line of a million glyphs. Wrapped into screen-wide lines only the
visible ones are painted, and ``PreferNoShaping`` lets Qt skip HarfBuzz for JSON's plain
scripts; together they make an edit in such a line 2-6 times cheaper (measured in
tests/benchmarks/bench_composer.py). Wrapping is visual only: the text is unchanged.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
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
    MAX_HIGHLIGHT_LINE,
    JsonHighlighter,
)

LAZY_CHUNK_BUDGET_S = 0.008  # highlight work per timer tick in lazy mode, well under a frame
BACKGROUND_MAX_BLOCKS = 20_000  # beyond this many lines only what is scrolled into view is coloured
FILL_CHUNK = 256 * 1024  # characters of a big text handed to Qt per event-loop turn
LONG_LINE = MAX_HIGHLIGHT_LINE  # a line this long switches the editor to wrap-anywhere
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
            LONG_LINE; while True, lines wrap anywhere (see the module docstring).
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
        if read_only:
            self.setUndoRedoEnabled(False)  # a viewer: no undo copy of a multi-MB answer
        self.document().contentsChange.connect(self._on_document_contents_change)
        self.blockCountChanged.connect(self._on_block_count_changed)
        self.updateRequest.connect(self._on_update_request)
        self._on_block_count_changed(1)

    # -- text ----------------------------------------------------------------------------

    def set_text_lazy(self, text: str) -> None:
        """Show ``text`` at once, uncoloured; colour the visible part at once, the rest in
        chunks (or, past BACKGROUND_MAX_BLOCKS lines, as it is scrolled into view)."""
        self._pending_text = text[FILL_CHUNK:]
        self._filling = True
        # decided from the whole text at once (C speed) rather than block by block as it arrives
        self._set_long_lines(any(len(line) > LONG_LINE for line in text.split("\n")))
        self.setPlainText(text[:FILL_CHUNK])
        self._lazy_timer.start()

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
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        width = self._numbers.width() - 4
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                painter.drawText(
                    0, top, width, height, int(Qt.AlignmentFlag.AlignRight), str(number + 1)
                )
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1
        painter.end()
