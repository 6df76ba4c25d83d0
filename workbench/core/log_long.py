"""A log line too long to hold, read piece by piece in bounded memory, with the same findings.

A logger that never ends a line, or a log exported as one JSON string, hands the scanner
(core.log_scan) a single line of hundreds of megabytes. Such a line comes in pieces
(:data:`PIECE_BYTES`); the scanner keeps the text from a little before where it stands
(:data:`RETAIN_CHARS`: the brace an object opens with sits before its key) and, while an
object, an escaped string or a request body is still open at the end of what it holds, it
reads on until it closes, up to :data:`MAX_OPEN_CHARS`. So it finds what reading the whole
line at once finds, as long as no such object is longer than that; a longer one is cut there
(a callback: malformed with the text read; an escaped string: read in slices, each cut where
an object opens).

As on a short line, signed request URLs count only after the line's last other item and a
body logged after one only when no key follows on the line; so they are kept aside until the
line ends. What the lines below read of this one (its time, the last brace it leaves open) is
kept in a short stand-in of the line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Protocol

from workbench.core.log_items import (
    ENVELOPE_KEY,
    LogItem,
    body_end,
    body_start,
    request_item,
)


class LineScanner(Protocol):
    """What a long line asks of the scanner (core.log_scan's LogScanner)."""

    def key_pass(
        self, n: int, s: str, consumed: int, pos: int, tail: int, limit: int | None, cut_key: int
    ) -> tuple[int, int, int]: ...

    def add_budget(self, work: int) -> None: ...

    def close_open_object(self, final: bool, whole: bool) -> None: ...

    def extend_open_object(self, n: int, text: str) -> None: ...

    def add_request(self, n: int, item: LogItem) -> None: ...

    def await_body(self, item: LogItem) -> None: ...


PIECE_BYTES = 1 << 20  # a line longer than this is read in pieces of this size
RETAIN_CHARS = 64 * 1024  # text kept before where the scan stands
MAX_OPEN_CHARS = 4 << 20  # an object, escaped string or body still open after this is cut
BRACE_LOOKBACK = 4096  # characters searched back from a key for its object's "{"
KEY_TAIL = 256  # a key this near the end of what is held may not be whole yet
TAIL_CHARS = 1_000_001  # an object left open at the line's end: more than a scan collects
MAX_URL_CHARS = 64 * 1024  # a longer word is no request URL (servers take 8 KiB or so)

# how the text being scanned ends: here (the line's end), it goes on, or it was cut
ENDS, GOES_ON, CUT = 0, 1, 2
# how a pass over the keys ended
DONE, TAKEN, NEED_MORE = 0, 1, 2

URL_TOKEN = re.compile(r"[^\s\"'<>]+")
_GAP = re.compile(r"[\s\"'<>]")  # a character no URL holds
_SPACE_TO_END = re.compile(r"\s*\Z")
_LAST_GAP = re.compile(r"(?s:.*)[\s\"'<>]")  # up to the last character no URL holds


class NeedMore(Exception):
    """The key being read needs text beyond what is held."""


def may_go_on(exc: Exception, text: str) -> bool:
    """A decoding error that more text after ``text`` could undo."""
    if not isinstance(exc, json.JSONDecodeError):
        return False  # nested too deeply: nothing after changes that
    return exc.pos >= len(text) - 16 or exc.msg.startswith("Unterminated string")


def is_incomplete(exc: Exception, text: str) -> bool:
    """The object may go on in the next lines (the error sits at the end of the text)."""
    if not isinstance(exc, json.JSONDecodeError):
        return False  # nested too deeply
    # only white space after the error (without copying a long line to strip it)
    at_end = _SPACE_TO_END.match(text, exc.pos) is not None
    return at_end and not exc.msg.startswith("Unterminated")


def scanstring(s: str, begin: int) -> tuple[str, int]:
    """The JSON string whose text starts at ``begin`` (after its quote), and where it ends."""
    inner, end = json.decoder.scanstring(s, begin)  # type: ignore[attr-defined]
    return str(inner), int(end)


def unescape_part(text: str) -> str:
    """A JSON string's text cut short, unescaped as a whole string would be where it can be."""
    try:
        inner, end = scanstring(text + '"', 0)
    except (json.JSONDecodeError, ValueError):
        return unescape(text)
    return inner if end == len(text) + 1 else unescape(text)


def unescape(text: str) -> str:
    """One level of JSON string escaping undone, for a string cut short (no closing quote)."""
    return text.replace('\\"', '"').replace("\\\\", "\\")


def backslashes_before(s: str, pos: int) -> int:
    count = 0
    while pos > 0 and s[pos - 1] == "\\" and count < 16:
        pos -= 1
        count += 1
    return count


def escaped_cut(s: str, brace: int) -> int:
    """Where to cut an escaped string (from ``brace``) longer than :data:`MAX_OPEN_CHARS`:
    at the "{" of the last escaped object with a key in ``s``, which is read with the next
    slice; else where no object with a key can straddle the cut."""
    stop = len(s) - KEY_TAIL
    cut = -1
    for m in ENVELOPE_KEY.finditer(s, brace + 1):
        if m.start() >= stop:
            break
        if backslashes_before(s, m.start()) % 2:
            cut = max(cut, s.rfind("{", max(brace + 1, m.start() - BRACE_LOOKBACK), m.start()))
    return cut if cut > brace else stop - BRACE_LOOKBACK


@dataclass
class _Url:
    """A signed request URL found on the line, counted if no other item follows it."""

    at: int
    item: LogItem
    body: str | None
    body_at: int


class LongLine:
    """Line ``n`` of a scanner, given piece by piece: :meth:`push`, then
    :meth:`close` at its end. ``entry`` is the line's place among the scanner's recent lines;
    ``waiting`` the request whose body may be this line."""

    def __init__(
        self,
        scanner: LineScanner,
        n: int,
        first: str,
        start: int,
        entry: list[Any],
        waiting: LogItem | None,
    ) -> None:
        self._sc = scanner
        self.n = n
        self._entry = entry
        self._buf = first
        self._base = 0  # where in the line ``_buf`` starts
        self._consumed = self._pos = self._url_pos = start
        self._in_long_word = False  # ``_url_pos`` is within a word too long to be a URL
        self._taken = False  # the rest of the line belongs to an item
        self._urls: list[_Url] = []
        self._key_from = -1  # from where keys are looked for (a body is the line's last word)
        self._last_key = -1
        # what the lines below read of this one
        self._head = first[:80]
        self._length = 0
        self._quote = self._nonblank = False
        self._brace_at = -1
        self._brace_text = ""
        self._observe(first)
        self._waiting = waiting
        self._waiting_body: tuple[str, int] | None = None
        self._body_open = waiting is not None  # the line may be its body: held from its start
        self._body_tried = 0  # how much was held when it was last read
        self._read_waiting_body(False)
        self._advance(False)

    # pieces -------------------------------------------------------------------------------
    def push(self, text: str) -> None:
        self._observe(text)
        self._sc.add_budget(16 * len(text))
        if self._taken:
            self._sc.extend_open_object(self.n, text)  # an object the line's start continues
            return
        drop = min(self._pos, self._url_pos) - RETAIN_CHARS - self._base
        if drop > 0 and not self._body_open:
            self._buf = self._buf[drop:] + text
            self._base += drop
        else:
            self._buf += text
        self._read_waiting_body(False)
        self._advance(False)

    def close(self) -> None:
        if not self._taken:
            self._read_waiting_body(True)
            self._advance(True)
        waiting, body = self._waiting, self._waiting_body
        if not self._taken and waiting is not None and body and self._last_key < body[1]:
            waiting.fields["body"] = body[0]  # the whole line is the body of the request above
            self._taken = True
        if not self._taken:
            for url in self._urls:
                self._sc.add_request(self.n, url.item)
                if url.body is not None and self._last_key < url.body_at:
                    url.item.fields["body"] = url.body
                else:
                    self._sc.await_body(url.item)
        self._urls = []
        self._buf = ""
        self._entry[1], self._entry[2] = self._stand_in()

    # one pass over what is held ------------------------------------------------------------
    def _advance(self, final: bool) -> None:
        s, b = self._buf, self._base
        limit = None if final else len(s) - KEY_TAIL
        cut_key = -1
        while True:
            held = max(0, self._consumed - b)
            consumed, pos, status = self._sc.key_pass(
                self.n, s, held, self._pos - b, ENDS if final else GOES_ON, limit, cut_key
            )
            if consumed > held:
                self._consumed = consumed + b
            self._pos = pos + b
            if status == NEED_MORE and len(s) - pos >= MAX_OPEN_CHARS:
                cut_key = pos  # open too long: judged as it stands
                continue
            break
        if status == TAKEN:
            self._taken = True
            self._urls = []
            self._buf = ""
            self._sc.close_open_object(final, self._base == 0)
            return
        if status == DONE and limit is not None:
            self._pos = max(self._pos, limit + b)
        self._urls = [u for u in self._urls if u.at >= self._consumed]
        if self._consumed > self._url_pos:  # a URL is read from where the last item ends
            self._url_pos = self._consumed
            self._in_long_word = False
        self._scan_urls(s, b, len(s) if final else self._pos - b, final)
        self._track_keys(s, b, final)

    def _scan_urls(self, s: str, b: int, frontier: int, final: bool) -> None:
        """URLs that end before ``frontier`` (no item can start before it any more). A word
        longer than :data:`MAX_URL_CHARS` is no URL: it is passed as it comes, so that a line
        without a gap is neither read again with each piece nor held whole."""
        start = self._url_pos - b
        if self._in_long_word:
            gap = _GAP.search(s, start)
            if gap is None:
                self._url_pos = len(s) + b
                return
            self._in_long_word = False
            start = gap.start()
            self._url_pos = start + b
        if start >= frontier:
            return
        if s.find("sign=", start) < 0:  # none here: skip to the word that may go on
            gap = _LAST_GAP.match(s, start, frontier)
            word = gap.end() if gap else start
            self._url_pos = word + b
            if frontier - word > MAX_URL_CHARS:
                self._in_long_word = True
                self._url_pos = frontier + b
            return
        for m in URL_TOKEN.finditer(s, start):
            if m.end() - m.start() > MAX_URL_CHARS:
                if not final and m.end() >= len(s):
                    self._in_long_word = True
                    self._url_pos = len(s) + b
                    return
                self._url_pos = m.end() + b
                continue
            if m.end() > frontier or (not final and m.end() >= len(s)):
                self._url_pos = m.start() + b
                return
            item = request_item(m.group())
            if item is not None:
                try:
                    body = self._body(s, m.end(), final)
                except NeedMore:
                    self._url_pos = m.start() + b  # read again with its body
                    return
                body_at = body[1] + b if body else -1
                self._urls.append(_Url(m.start() + b, item, body[0] if body else None, body_at))
                if body and self._key_from < 0:
                    self._key_from = body_at
            self._url_pos = m.end() + b

    def _read_waiting_body(self, final: bool) -> None:
        """The body of the request on the line above, when the whole line is one: read again
        as the line grows (each time it has doubled, so that the work stays linear) until it
        closes, or is no body, or is open after :data:`MAX_OPEN_CHARS`."""
        if not self._body_open:
            return
        held = len(self._buf)
        if not final and held < 2 * self._body_tried and held < MAX_OPEN_CHARS:
            return
        self._body_tried = held
        try:
            body = self._body(self._buf, 0, final)
        except NeedMore:
            return
        self._body_open = False
        self._waiting_body = body
        if body is not None:  # keys are looked for from it on (a URL's body may be later)
            self._key_from = body[1] if self._key_from < 0 else min(self._key_from, body[1])

    def _body(self, s: str, at: int, final: bool) -> tuple[str, int] | None:
        """The request body logged from ``at`` and where it starts, or None."""
        start = body_start(s, at)
        open_ended = not final and len(s) - at < MAX_OPEN_CHARS
        if open_ended and start >= len(s) - 16:
            raise NeedMore
        if not s.startswith("{", start):
            return None
        try:
            end = body_end(s, start)
        except (json.JSONDecodeError, RecursionError) as exc:
            if open_ended and may_go_on(exc, s):
                raise NeedMore from None
            return None
        return s[start:end], start

    def _track_keys(self, s: str, b: int, final: bool) -> None:
        """Note the last key after the first body found (a body is taken only when no key
        follows it on the line)."""
        if self._key_from < 0:
            return
        stop = len(s) if final else len(s) - KEY_TAIL
        for m in ENVELOPE_KEY.finditer(s, max(0, self._key_from - b)):
            if m.start() >= stop:
                break
            self._last_key = m.start() + b
        self._key_from = max(self._key_from, stop + b)

    # what the lines below see ---------------------------------------------------------------
    def _observe(self, text: str) -> None:
        self._quote = self._quote or '"' in text
        self._nonblank = self._nonblank or (bool(text) and not text.isspace())
        i = text.rfind("{")
        if i >= 0:
            self._brace_at = self._length + i
            self._brace_text = text[i : i + TAIL_CHARS]
        elif self._brace_at >= 0 and len(self._brace_text) < TAIL_CHARS:
            self._brace_text += text[: TAIL_CHARS - len(self._brace_text)]
        self._length += len(text)

    def _stand_in(self) -> tuple[str, int]:
        """A short text and how far it is taken that tell the lines below what the line does:
        its time, whether it ends with an item, the object it leaves open, whether it has a
        quote or anything but white space."""
        head = self._head
        if self._taken or self._consumed >= self._length:
            return head, len(head)
        tail = self._brace_text if self._brace_at >= self._consumed else ""
        filler = '"' if self._quote and '"' not in head + tail else ""
        if self._nonblank and not (head + filler + tail).strip():
            filler += "."
        if not tail:
            filler += " "  # not taken to its end
        return head + filler + tail, len(head)
