"""A tiny HTTP CONNECT proxy on loopback, for tests of commands that must go through a proxy.

It records every CONNECT target it was asked for, and can be told to refuse (403, or another
status line such as ``407 Proxy Authentication Required``) instead, or to answer the tunnel with
a web page of its own (a proxy's block or login page).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator


class ConnectProxy:
    def __init__(
        self,
        *,
        refuse: bool = False,
        status: str = "403 Forbidden",
        page: bool = False,
        hang_up: bool = False,
    ) -> None:
        self.refuse = refuse
        self.status = status
        self.page = page
        self.hang_up = hang_up  # reads the CONNECT and closes without a word
        self.targets: list[str] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._closed.set()
        self._server.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(4096)
                if not chunk:
                    return
                head += chunk
            method, target, _ = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
            self.targets.append(target)
            if self.hang_up:
                return
            if method != "CONNECT" or self.refuse:
                client.sendall(f"HTTP/1.1 {self.status}\r\nContent-Length: 0\r\n\r\n".encode())
                return
            if self.page:  # "tunnel established", then its own page instead of the host's bytes
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                client.recv(4096)  # the client's first TLS bytes, answered with a web page
                client.sendall(b"HTTP/1.1 200 OK\r\n\r\n<html>Access blocked by policy</html>")
                return
            host, _, port = target.rpartition(":")
            try:
                upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
            except OSError:
                client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                return
            with upstream:
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                pump = threading.Thread(target=_copy, args=(upstream, client), daemon=True)
                pump.start()
                _copy(client, upstream)
                pump.join(timeout=10)


def _copy(source: socket.socket, target: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            target.sendall(data)
    with contextlib.suppress(OSError):
        target.shutdown(socket.SHUT_WR)


@contextlib.contextmanager
def connect_proxy(
    *,
    refuse: bool = False,
    status: str = "403 Forbidden",
    page: bool = False,
    hang_up: bool = False,
) -> Iterator[ConnectProxy]:
    proxy = ConnectProxy(refuse=refuse, status=status, page=page, hang_up=hang_up)
    try:
        yield proxy
    finally:
        proxy.close()
