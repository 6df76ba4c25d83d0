"""The nonces the sandbox has accepted, remembered across restarts (PROTOCOL P4.1: single use).

A nonce is kept as long as a replay of its request could still pass the sign check: the ticket
that signed it lives at most :data:`NONCE_WINDOW_S` (a sign ticket's lifetime) after the call,
and a replay after that fails the sign check anyway. At most :data:`NONCE_MEMORY` are kept.

On disk: ``nonces.log`` in the state folder, one ``app_id<TAB>nonce<TAB>time_ms`` line per
accepted nonce, appended as it is accepted (cheap, and a crash loses at most the line being
written). The file is rewritten with only the live lines when it has grown to twice their number.
Unreadable lines (a torn last line, garbage) are skipped. Not thread-safe on its own: the
sandbox's state calls it under its lock.
"""

from __future__ import annotations

import contextlib
import os
from collections import deque
from pathlib import Path

from workbench.core.credentials import SIGN_TICKET_LIFETIME_S

NONCE_WINDOW_S = SIGN_TICKET_LIFETIME_S
NONCE_MEMORY = 200_000
_MAX_LINE = 512


class NonceBook:
    def __init__(self, path: Path | None, window_s: int = NONCE_WINDOW_S) -> None:
        self._path = path
        self._window_ms = window_s * 1000
        self._seen: dict[tuple[str, str], int] = {}
        self._order: deque[tuple[str, str, int]] = deque()
        self._lines_on_disk = 0

    def load(self, now_ms: int) -> None:
        if self._path is None:
            return
        try:
            with open(self._path, "rb") as handle:
                for raw in handle:
                    self._lines_on_disk += 1
                    self._load_line(raw, now_ms)
        except OSError:
            return
        self._expire(now_ms)

    def _load_line(self, raw: bytes, now_ms: int) -> None:
        if len(raw) > _MAX_LINE or not raw.endswith(b"\n"):
            return
        try:
            app_id, nonce, time_text = raw.decode("utf-8").rstrip("\n").split("\t")
            used_ms = int(time_text)
        except ValueError:
            return
        if now_ms - used_ms < self._window_ms and (app_id, nonce) not in self._seen:
            self._remember(app_id, nonce, used_ms)

    def seen(self, app_id: str, nonce: str, now_ms: int) -> bool:
        self._expire(now_ms)
        return (app_id, nonce) in self._seen

    def use(self, app_id: str, nonce: str, now_ms: int) -> bool:
        """Remember ``nonce``; False when it was seen before for this app (a replay)."""
        if self.seen(app_id, nonce, now_ms):
            return False
        self._remember(app_id, nonce, now_ms)
        self._append(app_id, nonce, now_ms)
        return True

    def _remember(self, app_id: str, nonce: str, used_ms: int) -> None:
        self._seen[(app_id, nonce)] = used_ms
        self._order.append((app_id, nonce, used_ms))
        while len(self._order) > NONCE_MEMORY:
            self._forget_oldest()

    def _forget_oldest(self) -> None:
        app_id, nonce, used_ms = self._order.popleft()
        if self._seen.get((app_id, nonce)) == used_ms:
            del self._seen[(app_id, nonce)]

    def _expire(self, now_ms: int) -> None:
        # The sandbox clock only moves forward, so the oldest entries are on the left.
        while self._order and now_ms - self._order[0][2] >= self._window_ms:
            self._forget_oldest()

    def _append(self, app_id: str, nonce: str, used_ms: int) -> None:
        if self._path is None or "\t" in app_id or "\n" in app_id:
            return
        if self._lines_on_disk >= max(1000, 2 * len(self._seen)):
            self._rewrite()
            return
        with contextlib.suppress(OSError):
            with open(self._path, "ab") as handle:
                handle.write(f"{app_id}\t{nonce}\t{used_ms}\n".encode())
            self._lines_on_disk += 1

    def _rewrite(self) -> None:
        assert self._path is not None
        tmp = self._path.with_suffix(".tmp")
        lines = [f"{a}\t{n}\t{t}\n" for a, n, t in self._order if self._seen.get((a, n)) == t]
        with contextlib.suppress(OSError):
            with open(tmp, "wb") as handle:
                handle.write("".join(lines).encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            tmp.replace(self._path)
            self._lines_on_disk = len(lines)
