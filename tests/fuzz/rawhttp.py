"""Raw HTTP/1.1 over a socket (plain or TLS), for the framing tests and the fuzz scripts.

requests and curl refuse to send broken framing; a partner's gateway or an attacker does not.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
EVIL_CHUNKED = (
    b"Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nFFFFFFFFFFFFFFFF\r\nabc"
)


def tls_context(ca: str, cert: str | None = None, key: str | None = None) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=ca)
    if cert and key:
        ctx.load_cert_chain(cert, key)
    return ctx


def exchange(
    url: str,
    raw: bytes,
    *,
    context: ssl.SSLContext | None = None,
    then_close: bool = False,
    timeout: float = 10.0,
) -> bytes:
    """Send ``raw`` (a whole request, head and body) to the host of ``url`` and read the answer
    until the server closes. On plain TCP the client stops writing after ``raw`` (half-close, so
    the server sees the end of the body); TLS has no half-close. ``then_close``: close at once,
    read nothing. Connection errors and timeouts end the answer. (No TLS session resumption:
    it saves little here, and Python's client side grows ~13 KB per resumed session.)"""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 443
    chunks: list[bytes] = []
    sock: Any = None
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
        if context is not None:
            sock = context.wrap_socket(sock, server_hostname=host)
        sock.sendall(raw)
        if then_close:
            return b""
        if context is None:
            sock.shutdown(socket.SHUT_WR)
        while True:
            data = sock.recv(65536)
            if not data:
                break
            chunks.append(data)
    except (OSError, ssl.SSLError):
        pass
    finally:
        if sock is not None:
            sock.close()
    return b"".join(chunks)


def request_head(method: str, url: str, extra: bytes = b"") -> bytes:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return f"{method} {target} HTTP/1.1\r\nHost: {parts.netloc}\r\n".encode() + extra


def status_of(answer: bytes) -> int | None:
    """The status code of a raw HTTP answer (after any 100 Continue), or None when none."""
    while answer.startswith(b"HTTP/1.1 100") and b"\r\n\r\n" in answer:
        answer = answer.split(b"\r\n\r\n", 1)[1]
    line = answer.split(b"\r\n", 1)[0].split()
    if len(line) >= 2 and line[0].startswith(b"HTTP/") and line[1].isdigit():
        return int(line[1])
    return None


def body_of(answer: bytes) -> bytes:
    return answer.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in answer else b""


@dataclass
class SandboxProcess:
    """``python -m workbench.sandbox.cli sandbox`` in a subprocess; ``info`` is its ready line."""

    proc: subprocess.Popen[str]
    info: dict[str, str]

    @property
    def stderr(self) -> IO[str]:
        assert self.proc.stderr is not None
        return self.proc.stderr

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def stop(self) -> str:
        self.proc.terminate()
        _, err = self.proc.communicate(timeout=20)
        return err


def start_sandbox(state_dir: Path) -> SandboxProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench.sandbox.cli", "sandbox", "--state-dir", str(state_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        raise RuntimeError(f"the sandbox did not start: {proc.communicate(timeout=10)[1]}")
    return SandboxProcess(proc, json.loads(line))
