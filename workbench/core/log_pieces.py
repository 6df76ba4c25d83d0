"""A log as the scanner (core.log_scan) takes it: line by line, and a long line in pieces.

Each line is handed over whole when it fits in a piece; a longer one goes piece by piece
(core.log_long), decoded with an incremental UTF-8 decoder, so that a character or a bad byte
split between two pieces reads as it would in the whole line, and with the carriage returns
that end a piece held back until it is known whether the line ends there.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import BinaryIO, Protocol

MIN_PIECE = 1024  # a piece holds the time at the start of its line
PROGRESS_EVERY = 1024  # lines between two progress reports (and looks at cancel)
PROGRESS_BYTES = 1 << 20  # ... or this much read, whichever comes first (wide lines)


class LineFeed(Protocol):
    """What takes the lines (core.log_scan's LogScanner)."""

    def feed(self, number: int, line: str) -> None: ...

    def feed_part(self, number: int, text: str, last: bool) -> None: ...


class ScanCancelled(Exception):
    """The caller asked the scan to stop (``cancelled()`` returned true)."""


def line_pieces(lines: Iterable[str | bytes], piece: int) -> Iterator[tuple[str | bytes, bool]]:
    """Each line as ``(text, True)``, a long one as pieces ``(text, is_its_last)``."""
    piece = max(piece, MIN_PIECE)
    for line in lines:
        if len(line) <= piece:
            yield line, True
            continue
        for at in range(0, len(line), piece):
            yield line[at : at + piece], at + piece >= len(line)


def stream_pieces(stream: BinaryIO, piece: int) -> Iterator[tuple[bytes, bool]]:
    """Lines of ``stream`` as ``(bytes, True)``, a long one as pieces. ``readline(piece)``
    stops short of ``piece`` bytes only at a line break or at the end of the stream, so a short
    read ends its line; a log that ends in the middle of a full piece has its line ended by
    :func:`feed_all`."""
    piece = max(piece, MIN_PIECE)
    for current in iter(partial(stream.readline, piece), b""):
        yield current, len(current) < piece or current.endswith(b"\n")


def feed_all(
    scanner: LineFeed,
    parts: Iterable[tuple[str | bytes, bool]],
    progress: Callable[[int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> None:
    """Give ``parts`` to ``scanner``; raises :class:`ScanCancelled` when ``cancelled()``."""
    number = done = checked = 0
    decoder: codecs.IncrementalDecoder | None = None  # within a long line
    held = ""  # carriage returns at the end of a piece: the line's end, or not
    for raw, ends in parts:
        done += len(raw)
        if decoder is None and ends:  # a whole line
            number += 1
            scanner.feed(number, raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw)
            if number % PROGRESS_EVERY and done - checked < PROGRESS_BYTES:
                continue
        else:
            if decoder is None:
                number += 1
                decoder = codecs.getincrementaldecoder("utf-8")("replace")
            text = decoder.decode(raw, ends) if isinstance(raw, bytes) else raw
            text, held = _carriage_returns(held + text, ends)
            scanner.feed_part(number, text, ends)
            if ends:
                decoder = None
        checked = done
        if cancelled is not None and cancelled():
            raise ScanCancelled
        if progress is not None:
            progress(done)
    if decoder is not None:  # the log ended within a long line, at the end of a full piece
        text, _held = _carriage_returns(held + decoder.decode(b"", True), True)
        scanner.feed_part(number, text, True)


def _carriage_returns(text: str, ends: bool) -> tuple[str, str]:
    """A piece without the line break that ends its line, and the carriage returns held back
    from a piece that may be followed by that break (the whole line's are stripped)."""
    if ends:
        return text.rstrip("\r\n"), ""
    body = text.rstrip("\r")
    if len(text) - len(body) > 4096:
        return text, ""  # a run of carriage returns, not a line break to come
    return body, text[len(body) :]
