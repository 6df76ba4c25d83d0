"""The sandbox's HTTP servers: threaded werkzeug servers doing TLS in each connection's thread.

TLS is wrapped in the connection's own thread with a handshake timeout, so a client that connects
and stalls cannot block the others. A refused handshake (no client certificate, a foreign CA) is
reported to the sandbox (its request log) and written as one line on stderr, rate-limited, so a
load test against the wrong certificate cannot flood the terminal. Every request's body framing
is checked before the application sees it (:mod:`workbench.core.http_body`).
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Any

from werkzeug.serving import (
    ThreadedWSGIServer,
    WSGIRequestHandler,
    get_sockaddr,
    select_address_family,
)

from workbench.core import http_body
from workbench.sandbox.certs import CertFiles

HANDSHAKE_TIMEOUT_S = 10.0
# A client that stops sending mid-request (or keeps an idle connection) frees its thread after
# this long; werkzeug treats the timeout as a dropped connection.
IDLE_TIMEOUT_S = 120.0
STDERR_LINES_PER_WINDOW = 5
STDERR_WINDOW_S = 10.0

OnRefused = Callable[[Any, BaseException], None]


class RateLimitedLines:
    """At most ``per_window`` lines every ``window_s`` seconds; the rest are counted and the count
    is written with the next line that gets through. No stream: nothing is written (a sandbox
    inside the window or a test keeps to its request log). Thread-safe."""

    def __init__(
        self,
        stream: IO[str] | None = None,
        per_window: int = STDERR_LINES_PER_WINDOW,
        window_s: float = STDERR_WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._per_window = per_window
        self._window_s = window_s
        self._clock = clock
        self._lock = threading.Lock()
        self._window_start = -float("inf")
        self._written = 0
        self._suppressed = 0

    def write(self, line: str) -> None:
        with self._lock:
            now = self._clock()
            if now - self._window_start >= self._window_s:
                self._window_start, self._written = now, 0
            if self._written >= self._per_window:
                self._suppressed += 1
                return
            self._written += 1
            if self._suppressed:
                line += f" ({self._suppressed} more not shown)"
                self._suppressed = 0
            if self._stream is None:
                return
            with contextlib.suppress(OSError, ValueError):
                self._stream.write(line + "\n")
                self._stream.flush()


class GuardedHandler(WSGIRequestHandler):
    """Checks the body framing before the application runs; werkzeug's own per-request lines
    are dropped (the sandbox keeps its request log)."""

    def setup(self) -> None:
        super().setup()
        self.rfile = http_body.PromptDrainReader(self.rfile)  # type: ignore[assignment]

    def make_environ(self) -> dict[str, Any]:
        environ = super().make_environ()
        http_body.guard_environ(environ, self.rfile, self.headers)
        return environ

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass

    def log_error(self, format: str, *args: Any) -> None:
        pass


class TlsPerThreadServer(ThreadedWSGIServer):
    """A threaded WSGI server that does the TLS handshake in the connection's thread."""

    def __init__(
        self,
        host: str,
        port: int,
        app: Any,
        context: ssl.SSLContext,
        on_refused: OnRefused,
        lines: RateLimitedLines | None = None,
    ) -> None:
        # The listening socket is made here and handed over: when werkzeug binds it itself, a
        # port in use or an unknown host is printed in English and ends the process
        # (sys.exit), where the sandbox's callers expect an OSError to word themselves.
        family = select_address_family(host, port)
        listener = socket.socket(family, socket.SOCK_STREAM)
        try:
            if self.allow_reuse_address:
                listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(get_sockaddr(host, port, family))
            listener.listen(self.request_queue_size)
            super().__init__(host, port, app, handler=GuardedHandler, fd=listener.fileno())
        finally:
            listener.close()  # werkzeug keeps a duplicate of it (socket.fromfd)
        self.ssl_context = context  # werkzeug then says https in the WSGI environ
        self._context = context
        self._on_refused = on_refused
        self._lines = lines or RateLimitedLines()

    def finish_request(self, request: Any, client_address: Any) -> None:
        request.settimeout(HANDSHAKE_TIMEOUT_S)
        try:
            tls = self._context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            self._on_refused(client_address, exc)
            return
        try:
            tls.settimeout(IDLE_TIMEOUT_S)
            super().finish_request(tls, client_address)
        finally:
            with contextlib.suppress(OSError):
                tls.close()

    def log(self, type: str, message: str, *args: Any) -> None:
        # werkzeug writes "Cannot fetch SSL peer certificate info" here for every connection the
        # peer dropped right after its handshake: refusals are reported once, by on_refused.
        if message.startswith("Cannot fetch SSL peer"):
            return
        text = (message % args) if args else message
        self._lines.write(f"sandbox: {type}: {text.splitlines()[0] if text else ''}")

    def handle_error(self, request: Any, client_address: Any) -> None:
        # One line instead of socketserver's traceback: a connection failing is the client's
        # business, and a flood of tracebacks would hide the one that matters.
        exc = sys.exc_info()[1]
        peer = client_address[0] if isinstance(client_address, tuple) else client_address
        self._lines.write(f"sandbox: a connection from {peer} failed: {type(exc).__name__}: {exc}")


def server_context(files: CertFiles, mutual: bool) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(files.server_cert, files.server_key)
    if mutual:  # PROTOCOL P8: the API host asks for the client certificate
        ctx.load_verify_locations(files.ca_cert)
        ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx
