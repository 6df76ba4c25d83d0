"""Finding callbacks, partner answers, business requests and platform answers in a log.

Support staff hold logs, not single envelopes: hundreds of lines from a partner's server or a
gateway in which callbacks (PROTOCOL P7), the partner's signed answers (P7.3), signed business
request URLs (P4) and platform answers (P5) sit among everything else, on one line, pretty-printed
over several, or escaped inside another JSON string (``"body":"{\\"Plain\\":...}"``).

The scan reads line by line and is linear in the size of the text: a line is only looked at
closely when it holds a key (``"Plain":``, ``"code":``) or ``sign=``; an object split over lines
is collected over a bounded window of lines (:data:`MAX_SPAN_LINES`); a line longer than a piece
(a log without line breaks) is read a piece at a time (core.log_long). What it keeps grows with
what it finds, not with the log or its longest line. Verdicts come from the callback verifier
(:func:`workbench.core.callback.verify_callback_body`), so the window's verifier, ``callback
verify`` and ``callback scan`` agree on every envelope.

The timestamp window is judged against the time written on the log line (or the nearest line
above it that has one), because a log is read after the fact; a time written without a zone is
read in the zone the caller gives (``offset_s``); a log without times has its signatures checked
and its timestamps left unjudged.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO

from workbench.core.callback import DEFAULT_WINDOW_S
from workbench.core.log_dst import readings, undecided_item
from workbench.core.log_items import (
    ENVELOPE_KEY,
    KIND_ANSWER,
    KIND_CALLBACK,
    KIND_PLATFORM_ANSWER,
    KIND_REQUEST,
    Finding,
    LogItem,
    envelope_item,
    line_time,
    line_time_ms,
    platform_item,
    request_item,
    take_body,
)
from workbench.core.log_long import (
    BRACE_LOOKBACK,
    CUT,
    DONE,
    ENDS,
    GOES_ON,
    MAX_OPEN_CHARS,
    MAX_URL_CHARS,
    NEED_MORE,
    PIECE_BYTES,
    TAKEN,
    URL_TOKEN,
    LongLine,
    NeedMore,
    backslashes_before,
    escaped_cut,
    is_incomplete,
    may_go_on,
    scanstring,
    unescape,
    unescape_part,
)
from workbench.core.log_pieces import ScanCancelled, feed_all, line_pieces, stream_pieces
from workbench.core.log_report import ScanResult

__all__ = [  # what the rest of the project imports from here
    "KIND_ANSWER",
    "KIND_CALLBACK",
    "KIND_PLATFORM_ANSWER",
    "KIND_REQUEST",
    "Finding",
    "LogItem",
    "LogScanner",
    "ScanCancelled",
    "line_time_ms",
    "scan_lines",
    "scan_stream",
    "scan_text",
]

MAX_SPAN_LINES = 64  # an object split over lines closes within this many lines, or is malformed
MAX_SPAN_CHARS = 1_000_000
RECENT_LINES = 16  # lines kept to find an object's opening brace and the time above an item
MAX_ESCAPE_DEPTH = 3

_KEY = ENVELOPE_KEY
_DECODER = json.JSONDecoder()


@dataclass
class _Pending:
    """An object opened on one line and not yet closed."""

    key: str
    lines: list[tuple[int, str]]  # (line number, text from the brace on) collected so far
    trigger_index: int  # which of ``lines`` holds the key
    size: int = 0


class LogScanner:
    """Feed lines with :meth:`feed`, then call :meth:`finish` for the result."""

    def __init__(
        self,
        salt: str | None,
        *,
        window_s: int = DEFAULT_WINDOW_S,
        offset_s: int | None = 0,
        zone_given: bool = False,
    ) -> None:
        self._salt = salt
        self._window_s = window_s
        self._offset_s = offset_s
        # the user said which zone zoneless log times are in: no hint that it may be another
        self._zone_given = zone_given
        self.result = ScanResult()
        self._recent: deque[list[Any]] = deque(maxlen=RECENT_LINES)  # [number, text, taken]
        self._pending: _Pending | None = None
        self._await_body: LogItem | None = None
        self._queue: deque[tuple[int, str]] = deque()
        self.lines_read = 0
        self._budget = 0
        self._partial = 0  # the line whose first piece only has been given
        self._long: LongLine | None = None

    # feeding ------------------------------------------------------------------------------
    def feed(self, number: int, line: str) -> None:
        self.lines_read = number
        line = line.rstrip("\r\n")
        if self._queue:  # lines given back (an object that did not close): they come first
            self._queue.append((number, line))
        else:
            self._process(number, line)
        if self._queue:
            self._drain()

    def feed_part(self, number: int, text: str, last: bool) -> None:
        """A piece of a line too long to hold (see :mod:`workbench.core.log_long`): the
        pieces of line ``number`` in order, the last one with ``last`` (no line break)."""
        self.lines_read = number
        if self._long is not None:
            self._long.push(text)
            if last:
                self._long.close()
                self._long = None
            return
        pending = self._pending
        if pending is not None and self._partial == number == pending.lines[-1][0]:
            # an open object took the pieces so far (up to MAX_SPAN_CHARS): it reads on
            _n, held = pending.lines.pop()
            pending.size -= len(held) + 1
            text = held + text
        self._partial = 0 if last else number
        self._queue.append((number, text))
        self._drain()

    def _drain(self) -> None:
        while self._queue:
            n, s = self._queue.popleft()
            self._process(n, s)

    def finish(self) -> ScanResult:
        if self._long is not None:
            self._long.close()
            self._long = None
        while self._pending is not None:
            self._give_up()
            self._drain()
        self.result.put_in_order()
        return self.result

    def _process(self, n: int, s: str) -> None:
        partial = n == self._partial and self._long is None  # the first piece of a long line
        if self._pending is not None:
            start = self._continue_pending(n, s)
            if start is None:  # still open (read on with the line's next piece), or given up
                return
        else:
            start = 0
        waiting = self._await_body
        if waiting is not None:
            self._await_body = None
            if not partial and take_body(waiting, s):
                self._recent.append([n, s, len(s)])
                return
        self._budget = 16 * len(s) + 1_000_000  # decoding work allowed on this line
        entry: list[Any] = [n, s[:80] if partial else s, start]
        self._recent.append(entry)  # first: an item found on this line reads its time here
        if partial:
            self._long = LongLine(self, n, s, start, entry, waiting)
            return
        entry[2] = self._scan_line(n, s, start, 0, False)

    # what a long line (core.log_long) asks of the scanner ------------------------------------
    def key_pass(
        self, n: int, s: str, consumed: int, pos: int, tail: int, limit: int | None, cut_key: int
    ) -> tuple[int, int, int]:
        return self._key_loop(n, s, consumed, pos, 0, False, tail, limit, cut_key)

    def add_budget(self, work: int) -> None:
        self._budget += work

    def close_open_object(self, final: bool, whole: bool) -> None:
        """An object opened above a long line whose key starts the line and that its first
        piece does not close: read on into the line's next pieces (:meth:`extend_open_object`)
        up to MAX_SPAN_CHARS when ``whole`` (what is held is the line from its start), else
        malformed (for Plain), as an object that does not close within a line."""
        if not final and not whole and self._pending is not None:
            self._give_up()

    def extend_open_object(self, n: int, text: str) -> None:
        """The next piece of line ``n``, whose start continues the open object; the rest of
        the line is the object's whether it closes in it or not (as a whole line is)."""
        pending = self._pending
        if pending is None or pending.lines[-1][0] != n:
            return
        line = pending.lines[-1][1] + text
        pending.lines[-1] = (n, line)
        pending.size += len(text)
        self._check_pending(n, line)

    def add_request(self, n: int, item: LogItem) -> None:
        item.line = item.end_line = n
        item.time_ms = self._reference_ms(n)
        self.result.add(item)

    def await_body(self, item: LogItem) -> None:
        self._await_body = item

    # one line ---------------------------------------------------------------------------------
    def _scan_line(self, n: int, s: str, start: int, depth: int, escaped: bool) -> int:
        """Find items in ``s`` from ``start``; returns how far the line is taken."""
        if _KEY.search(s, start) is None:  # most lines of a log: no key, so no object to read
            consumed = start
        else:
            consumed, _pos, status = self._key_loop(n, s, start, start, depth, escaped)
            if status == TAKEN:
                return len(s)
        if "sign=" in s:
            self._scan_urls(n, s, consumed)
        return consumed

    def _key_loop(
        self,
        n: int,
        s: str,
        consumed: int,
        pos: int,
        depth: int,
        escaped: bool,
        tail: int = ENDS,
        limit: int | None = None,
        cut_key: int = -1,
    ) -> tuple[int, int, int]:
        """The objects whose keys are in ``s`` from ``pos`` (before ``limit``), skipping what
        ends before ``consumed``: returns ``(consumed, pos, status)``, the status DONE, TAKEN
        (the rest of the text belongs to an item) or NEED_MORE (``tail`` is GOES_ON and the
        key at ``pos`` needs text beyond ``s``; the key at ``cut_key`` is judged CUT)."""
        while self._budget > 0:  # a line of thousands of broken objects stops being read closely
            m = _KEY.search(s, pos)
            if m is None:
                break
            at = m.start()
            if limit is not None and at >= limit:
                return consumed, at, DONE
            pos = m.end()
            if at < consumed:
                continue
            key = m.group(1)
            slashes = backslashes_before(s, at)
            lo = max(consumed, at - BRACE_LOOKBACK)
            brace = s.rfind("{", lo, at)
            how = CUT if at == cut_key else tail
            try:
                if slashes % 2:
                    if depth >= MAX_ESCAPE_DEPTH or brace < 0:
                        continue
                    consumed = self._scan_escaped(n, s, brace, depth, how)
                    pos = max(pos, consumed)
                    continue
                if brace < 0:
                    at_start = at - consumed < 256 and not s[consumed:at].strip()
                    top = depth == 0 and not escaped
                    if top and at_start and self._open_from_recent(n, s, key):
                        return consumed, pos, TAKEN
                    continue
                end = self._decode_at(n, s, brace, at, key, depth, escaped, how)
            except NeedMore:
                return consumed, at, NEED_MORE
            if end is None:  # opened here and continued on the next lines, or cut short
                return consumed, pos, TAKEN
            if end > consumed:
                consumed = end
                pos = max(pos, end)
        return consumed, pos, DONE

    def _decode_at(
        self,
        n: int,
        s: str,
        brace: int,
        key_at: int,
        key: str,
        depth: int,
        escaped: bool,
        tail: int = ENDS,
    ) -> int | None:
        """Decode the object whose key is at ``key_at``; returns where it ends (or the key's
        end when it is no item), or None when it goes on in the next lines or is a callback
        cut short (the rest of the text is its own)."""
        decoder = _DECODER
        tries = 0
        while brace >= 0 and tries < 4:
            tries += 1
            try:
                obj, end = decoder.raw_decode(s, brace)
            except (json.JSONDecodeError, RecursionError) as exc:
                if tail == GOES_ON and (key == "Plain" or may_go_on(exc, s)):
                    raise NeedMore from None  # a callback cut short takes the rest of its line
                failed_at = exc.pos if isinstance(exc, json.JSONDecodeError) else len(s)
                self._budget -= min(failed_at - brace, 100_000)
                if tail == ENDS and is_incomplete(exc, s) and depth == 0 and not escaped:
                    self._pending = _Pending(key, [(n, s[brace:])], 0, len(s) - brace)
                    return None
                if key == "Plain":
                    self._add_object(n, n, s[brace:], None, key, escaped)
                    return None
                return key_at + 1
            if isinstance(obj, dict) and key in obj:
                if self._add_object(n, n, s[brace:end], obj, key, escaped):
                    return end
                return key_at + 1
            if end > key_at:  # the key sits inside a nested object that is no item
                return key_at + 1
            brace = s.rfind("{", 0, brace)
        return key_at + 1

    def _scan_escaped(self, n: int, s: str, brace: int, depth: int, tail: int = ENDS) -> int:
        """An object escaped inside a JSON string: undo one level and look inside."""
        try:
            inner, end = scanstring(s, brace)
        except (json.JSONDecodeError, ValueError):
            if tail == GOES_ON:  # the string may close further on; if not, the rest is read
                raise NeedMore from None
            if tail == CUT:
                end = escaped_cut(s, brace)
                inner = unescape_part(s[brace:end])
            else:
                inner, end = unescape(s[brace:]), len(s)
        self._scan_line(n, inner, 0, depth + 1, True)
        return int(end)

    # objects over several lines ------------------------------------------------------------
    def _open_from_recent(self, n: int, s: str, key: str) -> bool:
        """A key at the start of a line: its "{" is on one of the lines just above."""
        between: list[tuple[int, str]] = []
        for ln, text, consumed in reversed(self._recent):
            if ln >= n:
                continue
            if text and consumed >= len(text):
                return False  # that line ends with an item: no object of ours opens above it
            brace = text.rfind("{", consumed)
            if brace >= 0:
                lines = [(ln, text[brace:]), *reversed(between), (n, s)]
                size = sum(len(t) for _, t in lines)
                self._pending = _Pending(key, lines, len(lines) - 1, size)
                self._check_pending(n, s)
                return True
            if len(between) >= 8 or ('"' not in text and text.strip()):
                return False
            between.append((ln, text))
        return False

    def _continue_pending(self, n: int, s: str) -> int | None:
        """Add a line to the open object; returns where the rest of the line starts once the
        object is closed (or given up), None while it stays open."""
        pending = self._pending
        assert pending is not None
        pending.lines.append((n, s))
        pending.size += len(s) + 1
        return self._check_pending(n, s)

    def _check_pending(self, n: int, s: str) -> int | None:
        pending = self._pending
        assert pending is not None
        if "}" in s:
            joined = "\n".join(t for _, t in pending.lines)
            try:
                obj, end = _DECODER.raw_decode(joined)
            except (json.JSONDecodeError, RecursionError) as exc:
                if not is_incomplete(exc, joined):
                    self._give_up()
                    return None
            else:
                self._pending = None
                first = pending.lines[0][0]
                if not (isinstance(obj, dict) and pending.key in obj):
                    self._requeue(pending.lines[pending.trigger_index + 1 :])
                    return None
                self._add_object(first, n, joined[:end], obj, pending.key, False)
                return max(0, end - (len(joined) - len(s)))
        # a line being read in pieces (core.log_long) holds its object up to the long-line cap,
        # as a whole line would be read whole: its first piece alone is past MAX_SPAN_CHARS
        reading_pieces = n == self._partial or self._long is not None
        limit = MAX_OPEN_CHARS if reading_pieces else MAX_SPAN_CHARS
        if len(pending.lines) >= MAX_SPAN_LINES or pending.size > limit:
            self._give_up()
        return None

    def _give_up(self) -> None:
        """The open object never closed: a malformed callback (for Plain), and the lines after
        the key are read again on their own."""
        pending = self._pending
        assert pending is not None
        self._pending = None
        first, _ = pending.lines[0]
        upto = pending.lines[: pending.trigger_index + 1]
        if pending.key == "Plain":
            text = "\n".join(t for _, t in upto)
            self._add_object(first, upto[-1][0], text, None, "Plain", False)
        self._requeue(pending.lines[pending.trigger_index + 1 :])

    def _requeue(self, lines: list[tuple[int, str]]) -> None:
        self._queue.extendleft(reversed(lines))

    # items ----------------------------------------------------------------------------------
    def _reference(self, line: int) -> tuple[int, int | None] | None:
        """The time of the log line ``line`` (or the nearest one above it that has a time),
        and the offset it was read in (None when it carried its own zone)."""
        for ln, text, _ in reversed(self._recent):
            if ln > line:
                continue
            found = line_time(text, self._offset_s)
            if found is not None:
                return found
        return None

    def _reference_ms(self, line: int) -> int | None:
        found = self._reference(line)
        return None if found is None else found[0]

    def _add_object(
        self, first: int, last: int, text: str, obj: Any, key: str, escaped: bool
    ) -> bool:
        if key == "Plain":
            self._add_envelope(first, last, text, escaped)
            return True
        if not isinstance(obj, dict):
            return False
        return self._add_platform_answer(first, last, text, obj, escaped)

    def _add_envelope(self, first: int, last: int, text: str, escaped: bool) -> None:
        found = self._reference(first)
        line_ms, read_in = found if found is not None else (None, None)
        if self._offset_s is None and line_ms is not None and read_in is not None:
            # this computer's zone: the hour repeated when clocks go back (core/log_dst.py)
            moments = readings(line_ms, read_in)
            if len(moments) > 1:
                item = undecided_item(
                    text, self._salt, self._window_s, moments, not self._zone_given
                )
                item.line, item.end_line, item.escaped = first, last, escaped
                self.result.add(item)
                return
            line_ms, read_in = moments[0]
        if self._zone_given:
            read_in = None  # the user said which zone: no hint that it may be another
        item = envelope_item(text, self._salt, self._window_s, line_ms, read_in)
        item.line, item.end_line, item.escaped = first, last, escaped
        self.result.add(item)

    def _add_platform_answer(
        self, first: int, last: int, text: str, obj: dict[str, Any], escaped: bool
    ) -> bool:
        item = platform_item(text, obj)
        if item is None:
            return False
        item.line, item.end_line, item.escaped = first, last, escaped
        item.time_ms = self._reference_ms(first)
        self.result.add(item)
        return True

    def _scan_urls(self, n: int, s: str, start: int) -> None:
        for m in URL_TOKEN.finditer(s, start):
            token = m.group()
            if len(token) > MAX_URL_CHARS:
                continue  # no URL (as a long line read in pieces, core.log_long, has it)
            item = request_item(token)
            if item is None:
                continue
            self.add_request(n, item)
            if not take_body(item, s[m.end() :]):
                self._await_body = item


def scan_lines(
    lines: Iterable[str | bytes], salt: str | None, *, piece: int = PIECE_BYTES, **kwargs: Any
) -> ScanResult:
    """Scan lines (bytes are decoded as UTF-8, bad bytes replaced); a line longer than
    ``piece`` is read piece by piece (core.log_long). ``kwargs``: see :func:`_scan`."""
    return _scan(line_pieces(lines, piece), salt, **kwargs)


def scan_text(text: str, salt: str | None, **kwargs: Any) -> ScanResult:
    """Scan a text (pasted, or already read)."""
    lines = text.removeprefix("\ufeff").split("\n")
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # a final newline ends the last line; it starts none
    return scan_lines(lines, salt, **kwargs)


def scan_stream(
    stream: BinaryIO, salt: str | None, *, piece: int = PIECE_BYTES, **kwargs: Any
) -> ScanResult:
    """Scan a binary stream a line at a time, a long line a piece at a time (only the current
    line, or piece, is held in memory)."""
    return _scan(stream_pieces(stream, piece), salt, **kwargs)


def _scan(
    parts: Iterable[tuple[str | bytes, bool]],
    salt: str | None,
    *,
    window_s: int = DEFAULT_WINDOW_S,
    offset_s: int | None = 0,
    zone_given: bool = False,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ScanResult:
    """``progress`` gets the characters or bytes read so far; raises :class:`ScanCancelled`
    when ``cancelled()``; ``offset_s``: the zone of log times written without one."""
    scanner = LogScanner(salt, window_s=window_s, offset_s=offset_s, zone_given=zone_given)
    feed_all(scanner, parts, progress, cancelled)
    result = scanner.finish()
    result.lines = scanner.lines_read
    return result
