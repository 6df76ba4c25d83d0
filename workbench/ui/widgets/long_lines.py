"""Long lines shown as pieces: soft breaks in the editor's document, never in the text.

Why: Qt lays out a whole text block again on every edit in it, and a block of a million
characters (a compact 1 MB body on one line) costs it well over a frame per keystroke whatever
the wrap or font settings (measured in tests/benchmarks/bench_composer.py). So a line longer than
:data:`LONG_LINE` is put into the document as pieces of about :data:`PIECE` characters, each
piece but the last ending in :data:`MARK` and a block break (a *soft break*). An edit then lays
out one piece.

The text itself never holds a soft break: :func:`strip_soft` turns the document's text back into
the text as written, which is what is signed and sent. :data:`MARK` is U+2060 WORD JOINER, which
Qt draws with no width and keeps in a document (it drops Unicode noncharacters such as U+FDD0);
a mark left without its break (the break was deleted) is dropped too. A text that holds U+2060
of its own is never cut (the editor drops its soft breaks before such a text is pasted in), so
no character of the text is ever taken for a mark.
"""

from __future__ import annotations

MARK = "\u2060"
SOFT_BREAK = MARK + "\n"
PARAGRAPH_SEPARATOR = "\u2029"  # how QTextDocument stores a block break
LONG_LINE = 16 * 1024  # a longer line is cut into pieces (and left without colours)
PIECE = 4096  # about this many characters per piece (rounded to whole screen rows)


def piece_size(columns: int) -> int:
    """A piece length near PIECE that is a whole number of ``columns``-wide screen rows, so the
    rows of a wrapped long line of single-width characters line up at the soft breaks too."""
    columns = max(1, columns)
    return columns * max(1, PIECE // columns)


def add_soft_breaks(text: str, piece: int = PIECE) -> str:
    """``text`` with each line longer than LONG_LINE cut into ``piece``-long pieces.

    A text that already holds MARK is returned unchanged (its marks are not ours to read).
    Pieces never cut a UTF-16 surrogate pair apart (a character above U+FFFF is one ``str``
    character, so slicing cannot)."""
    if MARK in text or len(text) <= LONG_LINE:
        return text
    lines = text.split("\n")
    if all(len(line) <= LONG_LINE for line in lines):
        return text
    out = []
    for line in lines:
        if len(line) > LONG_LINE:
            line = SOFT_BREAK.join(line[i : i + piece] for i in range(0, len(line), piece))
        out.append(line)
    return "\n".join(out)


def strip_soft(text: str) -> str:
    """The text as written: soft breaks removed, and any mark whose break was deleted."""
    if MARK not in text:
        return text
    return text.replace(SOFT_BREAK, "").replace(MARK, "")


def soft_break_lines(text: str) -> list[int]:
    """Block numbers (0-based) of the blocks of ``text`` that end in a soft break, ascending."""
    out: list[int] = []
    line = 0
    prev = 0
    pos = text.find(SOFT_BREAK)
    while pos >= 0:
        line += text.count("\n", prev, pos)
        out.append(line)
        prev = pos
        pos = text.find(SOFT_BREAK, pos + len(SOFT_BREAK))
    return out
