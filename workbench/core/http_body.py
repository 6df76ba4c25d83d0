"""Bounded reading of an HTTP/1.1 request body, for the servers of this tool (sandbox, listener).

Why this exists: werkzeug's development server trusts the chunk sizes it reads. A request with
``Transfer-Encoding: chunked``, a chunk size of ``FFFFFFFFFFFFFFFF`` and then a closed connection
makes ``request.get_data()`` return zero-filled buffers for ever (the process grows ~0.5 GB/s).
So the servers replace werkzeug's chunk reader with :class:`StrictDechunker`, which stops at the
first short read, and read every body through :func:`read_body` with a limit per route: a
declared ``Content-Length`` over the limit is refused before a byte is read, a chunked body is
refused as soon as it passes the limit.

No sockets are opened here: the server hands over the stream it already has (``rfile``).
Errors are :class:`BodyError` values carrying the HTTP status (413 or 400) and a sentence.
"""

from __future__ import annotations

import io
import re
from collections.abc import MutableMapping
from typing import IO, Any, Protocol

from workbench.core.text import Text

FRAMING_KEY = "workbench.framing_problem"  # set in the WSGI environ when the framing is broken
MAX_CHUNK_LINE = 1024  # a chunk-size line with extensions; longer is an attack, not a client
MAX_TRAILER_LINES = 32
READ_SIZE = 64 * 1024
_HEX_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")
_DIGITS = re.compile(r"[0-9]+")
# Stands for a declared length of 20 digits or more (leading zeros aside): past every route's
# limit, so its exact value is never computed (int() refuses thousands of digits).
HUGE_LENGTH = 10**19


class BodyError(Exception):
    """A body that will not be read: ``status`` is the HTTP answer, ``text`` says why."""

    status = 400

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


class BadFraming(BodyError):
    """The body's framing is broken: bad chunking, a short body, odd Transfer-Encoding (400)."""

    status = 400


class BodyTooLarge(BodyError):
    """The body is (or says it will be) longer than the route accepts (413)."""

    status = 413

    def __init__(self, limit: int, size: int | None = None) -> None:
        if size is None:
            text = Text(
                f"The body is over this route's limit of {limit} bytes.",
                f"报文超过此路径 {limit} 字节的上限。",
            )
        else:
            text = Text(
                f"The body ({size} bytes) is over this route's limit of {limit} bytes.",
                f"报文（{size} 字节）超过此路径 {limit} 字节的上限。",
            )
        super().__init__(text)
        self.limit = limit
        self.size = size


def _framing(en: str, zh: str) -> BadFraming:
    return BadFraming(Text(en, zh))


class StrictDechunker(io.RawIOBase):
    """``Transfer-Encoding: chunked`` read strictly: a malformed size line, a chunk shorter than
    announced (the client closed), a missing CRLF or more than ``limit`` bytes raise at once."""

    def __init__(self, rfile: Any, limit: int | None = None) -> None:
        super().__init__()
        self._rfile = rfile
        self._left = 0  # bytes still due in the current chunk
        self._done = False
        self.total = 0
        self.limit = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._done or len(buffer) == 0:
            return 0
        if self._left == 0:
            self._left = self._chunk_size()
            if self._left == 0:
                self._skip_trailers()
                self._done = True
                return 0
        want = min(len(buffer), self._left)
        if self.limit is not None:
            want = min(want, self.limit + 1 - self.total)
        data = self._rfile.read(want)
        if len(data) < want:
            raise _framing(
                "The chunked body ended before its chunk did (connection closed?).",
                "分块报文在块结束前中断（连接已关闭？）。",
            )
        buffer[: len(data)] = data
        self._left -= len(data)
        self.total += len(data)
        if self.limit is not None and self.total > self.limit:
            raise BodyTooLarge(self.limit)
        if self._left == 0 and self._rfile.readline(3) not in (b"\r\n", b"\n"):
            raise _framing("A chunk does not end with CRLF.", "分块数据后缺少 CRLF。")
        return len(data)

    def _chunk_size(self) -> int:
        line = self._rfile.readline(MAX_CHUNK_LINE + 1)
        if not line.endswith(b"\n"):
            raise _framing("A chunk-size line is missing or too long.", "分块大小行缺失或过长。")
        size_text = line.split(b";", 1)[0].strip(b" \t\r\n")
        if not _HEX_SIZE.fullmatch(size_text):
            raise _framing(
                "A chunk size is not a hexadecimal number.", "分块大小不是十六进制数字。"
            )
        size = int(size_text, 16)
        if self.limit is not None and self.total + size > self.limit:
            raise BodyTooLarge(self.limit)
        return size

    def _skip_trailers(self) -> None:
        for _ in range(MAX_TRAILER_LINES):
            line = self._rfile.readline(MAX_CHUNK_LINE + 1)
            if line in (b"\r\n", b"\n"):
                return
            if not line.endswith(b"\n"):
                raise _framing(
                    "The chunked body does not end with an empty line.",
                    "分块报文没有以空行结束。",
                )
        raise _framing("Too many trailer lines.", "分块报文尾部字段过多。")


class HeaderLookup(Protocol):
    def get_all(self, name: str, failobj: Any = None) -> list[str] | None: ...


def framing_problem(headers: HeaderLookup) -> Text | None:
    """Why the request's framing headers cannot be trusted, or None.

    Refused: a Transfer-Encoding other than exactly ``chunked`` (RFC 9112 6.1: a request whose
    final coding is not chunked has no knowable length), both Transfer-Encoding and
    Content-Length (the classic smuggling pair), a Content-Length that is not one number.
    """
    codings = [
        c.strip().lower() for v in headers.get_all("Transfer-Encoding") or [] for c in v.split(",")
    ]
    lengths = [v.strip() for v in headers.get_all("Content-Length") or []]
    if codings and codings != ["chunked"]:
        shown = ", ".join(codings)[:80]
        return Text(
            f"Transfer-Encoding '{shown}' is not accepted: only 'chunked' alone.",
            f"不接受 Transfer-Encoding「{shown}」：只接受单独的 chunked。",
        )
    if codings and lengths:
        return Text(
            "The request has both Transfer-Encoding and Content-Length.",
            "请求同时带有 Transfer-Encoding 和 Content-Length。",
        )
    if len(set(lengths)) > 1 or any(not _DIGITS.fullmatch(v) for v in lengths):
        shown = ", ".join(lengths)[:80]
        return Text(
            f"Content-Length '{shown}' is not one whole number.",
            f"Content-Length「{shown}」不是单个整数。",
        )
    return None


DRAIN_READ = 1024 * 1024


class PromptDrainReader:
    """The connection's reader, with one change: a read of a megabyte or more returns what has
    arrived instead of waiting for all of it.

    Why: after answering, werkzeug drops what is left of the request with
    ``rfile.read(10_000_000)``, which waits for ten megabytes or the end of the stream. Over TLS
    a client cannot half-close, so one that sent a few bytes more than its Content-Length kept
    the connection (and a server thread) until the idle timeout. Smaller reads, the ones bodies
    are read with, keep their full-read meaning.
    """

    def __init__(self, raw: Any) -> None:
        self._raw = raw

    def read(self, size: int | None = -1) -> bytes:
        if size is not None and size >= DRAIN_READ:
            data: bytes = self._raw.read1(size)
            return data
        data = self._raw.read(size)
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


def guard_environ(environ: MutableMapping[str, Any], rfile: Any, headers: Any) -> None:
    """Called by the servers' request handlers right after werkzeug built ``environ``: marks
    broken framing (the body is then never read) and swaps in the strict chunk reader."""
    problem = framing_problem(headers)
    if problem is not None:
        environ[FRAMING_KEY] = problem
        environ["wsgi.input"] = io.BytesIO(b"")
        environ["wsgi.input_terminated"] = True
        environ.pop("CONTENT_LENGTH", None)
    elif environ.get("wsgi.input_terminated"):  # werkzeug saw "chunked": use our reader instead
        environ["wsgi.input"] = StrictDechunker(rfile)


def declared_length(environ: MutableMapping[str, Any]) -> int | None:
    """The declared Content-Length (:data:`HUGE_LENGTH` for one of 20 digits or more)."""
    text = str(environ.get("CONTENT_LENGTH") or "").strip()
    if not _DIGITS.fullmatch(text):
        return None
    digits = text.lstrip("0") or "0"
    return int(digits) if len(digits) < 20 else HUGE_LENGTH


def prepare(environ: MutableMapping[str, Any], limit: int) -> None:
    """Check what can be checked before reading: the framing and a declared length. For a
    route that hands the stream to a parser (multipart), this also bounds a chunked body."""
    problem = environ.get(FRAMING_KEY)
    if problem is not None:
        raise BadFraming(problem)
    size = declared_length(environ)
    if size is not None and size > limit:
        # a huge length is refused as any body over the limit is (413), without its value
        raise BodyTooLarge(limit, None if size >= HUGE_LENGTH else size)
    stream = environ.get("wsgi.input")
    if isinstance(stream, StrictDechunker):
        stream.limit = limit


def read_body(environ: MutableMapping[str, Any], limit: int) -> bytes:
    """The whole body, at most ``limit`` bytes; raises :class:`BodyError` (see the module)."""
    prepare(environ, limit)
    stream = environ["wsgi.input"]
    size = declared_length(environ)
    if not isinstance(stream, StrictDechunker) and size is None:
        return b""  # no Content-Length and not chunked: HTTP/1.1 says there is no body
    parts: list[bytes] = []
    got = 0
    try:
        while size is None or got < size:
            want = READ_SIZE if size is None else min(READ_SIZE, size - got)
            chunk = stream.read(want)
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
    except OSError as exc:  # a timeout or reset while the body was arriving
        raise _framing(
            f"The body stopped arriving ({type(exc).__name__}).",
            f"报文传输中断（{type(exc).__name__}）。",
        ) from None
    if size is not None and got < size:
        raise _framing(
            f"The body ended after {got} of the {size} bytes its Content-Length announced.",
            f"报文只收到 {got} 字节，Content-Length 声明为 {size} 字节。",
        )
    return b"".join(parts)


def drain(stream: IO[bytes], cap: int) -> int:
    """Read and drop up to ``cap`` bytes (so a client still sending sees our answer, not a
    reset); returns how many were dropped. Never raises."""
    dropped = 0
    try:
        while dropped < cap:
            chunk = stream.read(min(READ_SIZE, cap - dropped))
            if not chunk:
                break
            dropped += len(chunk)
    except (OSError, BodyError):
        pass
    return dropped
