"""A JSON text editor and viewer: line numbers, pygments colours, lazy highlighting of big texts.

Why a highlighter fed per block: like ``QSyntaxHighlighter``, it re-colours only the blocks an
edit touches, so typing into a 1 MB body costs one line of lexing, not the whole document. JSON
strings cannot hold a raw newline, so each line can be lexed on its own. Very long single lines
(a compact multi-MB body) are left plain: lexing them on every keystroke would freeze typing.

Big texts (a 5 MB response) are shown plain first with :meth:`JsonEditor.set_text_lazy`; the
colours then arrive in chunks from a zero-delay timer, so the window never stops answering.

Why long lines wrap anywhere and the font skips shaping: Qt lays out a whole block again on
every keystroke, and a 1 MB single line costs it hundreds of milliseconds, most of it in glyph
shaping and in painting one line of a million glyphs. Wrapped into screen-wide lines only the
visible ones are painted, and ``PreferNoShaping`` lets Qt skip HarfBuzz for JSON's plain
scripts; together they make an edit in such a line 2-6 times cheaper (measured in
tests/benchmarks/bench_composer.py). Wrapping is visual only: the text is unchanged.
"""

from __future__ import annotations

import time

from pygments.lexers import JsonLexer
from pygments.token import Token, _TokenType
from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

MAX_HIGHLIGHT_LINE = 64 * 1024  # longer lines stay plain (lexing them per keystroke is too slow)
LAZY_CHUNK_BUDGET_S = 0.008  # highlight work per timer tick in lazy mode, well under a frame
BIG_INSERT = 100_000  # characters: a bigger insert is coloured lazily, not in the edit itself
BACKGROUND_MAX_BLOCKS = 20_000  # beyond this many lines only what is scrolled into view is coloured
FORMATTED = 1  # QTextBlock.userState() of a coloured block
FILL_CHUNK = 256 * 1024  # characters of a big text handed to Qt per event-loop turn
LONG_LINE = MAX_HIGHLIGHT_LINE  # a line this long switches the editor to wrap-anywhere
SCAN_MAX_BLOCKS = BACKGROUND_MAX_BLOCKS  # a big change in more lines than this is not scanned

# Hues for a light and a dark base colour; picked from the palette at construction and on
# palette changes, so no colour is fixed against a background it may not suit.
_LIGHT = {
    "key": "#0b5cad",
    "string": "#a3151a",
    "number": "#09795b",
    "constant": "#8b2bb9",
    "punct": "#555555",
    "error": "#d00000",
}
_DARK = {
    "key": "#7cb7ff",
    "string": "#f0a07a",
    "number": "#8fd7b0",
    "constant": "#d59cff",
    "punct": "#b0b0b0",
    "error": "#ff6b6b",
}


def _kind(token: _TokenType) -> str | None:
    if token in Token.Name.Tag:
        return "key"
    if token in Token.Literal.String:
        return "string"
    if token in Token.Literal.Number:
        return "number"
    if token in Token.Keyword:
        return "constant"
    if token in Token.Punctuation:
        return "punct"
    if token in Token.Error:
        return "error"
    return None


def _utf16_offsets(text: str) -> list[int] | None:
    """Code point index -> UTF-16 index, or None when the two agree (no character > U+FFFF).

    Pygments counts code points, Qt counts UTF-16 units: they differ after an emoji.
    """
    if all(ord(c) <= 0xFFFF for c in text):
        return None
    out = [0] * (len(text) + 1)
    pos = 0
    for i, c in enumerate(text):
        out[i] = pos
        pos += 2 if ord(c) > 0xFFFF else 1
    out[len(text)] = pos
    return out


class JsonHighlighter(QObject):
    """Colours JSON one block at a time from pygments tokens.

    Why not a ``QSyntaxHighlighter`` subclass: that calls a Python ``highlightBlock`` for every
    block of every ``setPlainText``, which for a 5 MB response is 200,000 Python calls before the
    text even shows. This class does what QSyntaxHighlighter does in C++ (listen to
    ``contentsChange``, set each touched block's layout formats, mark the range dirty) and skips
    untouched blocks without a call.

    A change that inserts more than ``BIG_INSERT`` characters (a whole response) is not
    coloured here: :class:`JsonEditor` colours what is visible and, for texts of moderate size,
    the rest in chunks. A coloured block has ``userState() == FORMATTED``.
    """

    def __init__(self, document: QTextDocument, dark: bool = False) -> None:
        super().__init__(document)
        self._doc = document
        self._lexer = JsonLexer()
        self._formats: dict[str, QTextCharFormat] = {}
        self._busy = False
        self.set_dark(dark)
        document.contentsChange.connect(self._on_document_contents_change)

    def set_dark(self, dark: bool) -> None:
        colours = _DARK if dark else _LIGHT
        self._formats = {}
        for kind, hex_colour in colours.items():
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(hex_colour))
            if kind == "error":
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(QColor(hex_colour))
            self._formats[kind] = fmt

    def _on_document_contents_change(self, position: int, _removed: int, added: int) -> None:
        if self._busy or added > BIG_INSERT:
            return
        first = self._doc.findBlock(position)
        last = self._doc.findBlock(position + added)
        if not last.isValid():
            last = self._doc.lastBlock()
        self.rehighlight_range(first, last)

    def rehighlight_block(self, block: QTextBlock) -> None:
        self._format_block(block)
        self._mark_dirty(block, block)

    def rehighlight_range(self, first: QTextBlock, last: QTextBlock) -> None:
        block = first
        while block.isValid():
            self._format_block(block)
            if block == last:
                break
            block = block.next()
        self._mark_dirty(first, last)

    def rehighlight(self) -> None:
        self.rehighlight_range(self._doc.firstBlock(), self._doc.lastBlock())

    def _mark_dirty(self, first: QTextBlock, last: QTextBlock) -> None:
        start = first.position()
        end = last.position() + last.length()
        self._busy = True  # markContentsDirty emits contentsChange again
        try:
            self._doc.markContentsDirty(start, end - start)
        finally:
            self._busy = False

    def _format_block(self, block: QTextBlock) -> None:
        layout = block.layout()
        if layout is None:
            return
        block.setUserState(FORMATTED)
        if block.length() <= 1 or block.length() > MAX_HIGHLIGHT_LINE + 1:
            if layout.formats():  # checked before text(): no 1 MB copy per keystroke
                layout.clearFormats()
            return
        text = block.text()
        offsets = _utf16_offsets(text)
        ranges: list[QTextLayout.FormatRange] = []
        for index, token, value in self._lexer.get_tokens_unprocessed(text):
            kind = _kind(token)
            if kind is None:
                continue
            r = QTextLayout.FormatRange()
            if offsets is None:
                r.start, r.length = index, len(value)
            else:
                r.start = offsets[index]
                r.length = offsets[index + len(value)] - r.start
            r.format = self._formats[kind]
            ranges.append(r)
        layout.setFormats(ranges)


class _LineNumberArea(QWidget):
    def __init__(self, editor: JsonEditor) -> None:
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._editor.line_number_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
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

    def changeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's name
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

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
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
