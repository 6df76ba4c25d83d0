"""Colours for JSON text in a ``QTextDocument``: pygments tokens, one block at a time.

Why a highlighter fed per block: like ``QSyntaxHighlighter``, it re-colours only the blocks an
edit touches, so typing into a 1 MB body costs one line of lexing, not the whole document. JSON
strings cannot hold a raw newline, so each line can be lexed on its own. Very long single lines
(a compact multi-MB body) are left plain: lexing them on every keystroke would freeze typing.
The editor around it (:mod:`workbench.ui.widgets.json_view`) decides when big texts are coloured.
"""

from __future__ import annotations

from pygments.lexers import JsonLexer
from pygments.token import Token, _TokenType
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QTextBlock, QTextCharFormat, QTextDocument, QTextLayout

from workbench.ui.widgets.long_lines import MARK

MAX_HIGHLIGHT_LINE = 64 * 1024  # longer lines stay plain (lexing them per keystroke is too slow)
BIG_INSERT = 100_000  # characters: a bigger insert is coloured lazily, not in the edit itself
FORMATTED = 1  # QTextBlock.userState() of a coloured block

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

    def _is_piece(self, block: QTextBlock) -> bool:
        """Whether ``block`` is a piece of a long line (ends in, or follows, a soft break):
        lexed alone it would be coloured wrong, so long lines stay plain."""
        start = block.position()
        return self._doc.characterAt(start + block.length() - 2) == MARK or (
            start >= 2 and self._doc.characterAt(start - 2) == MARK
        )

    def _format_block(self, block: QTextBlock) -> None:
        layout = block.layout()
        if layout is None:
            return
        block.setUserState(FORMATTED)
        if block.length() <= 1 or block.length() > MAX_HIGHLIGHT_LINE + 1 or self._is_piece(block):
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
