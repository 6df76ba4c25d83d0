"""MD5 of a transfer computed beside it, one piece behind, on a helper thread (PROTOCOL P6).

Why: hashing 300 MiB takes about a second on these machines, and done inline it adds straight
to the transfer time: the socket sits idle while the piece is hashed. ``hashlib`` releases the
GIL for pieces over 2 KiB, so hashing piece N on a helper thread while piece N goes out (or is
written to disk) overlaps the two. Updates stay strictly in order: each one waits for the one
before. Small pieces are hashed inline (a thread would cost more than it saves).
"""

from __future__ import annotations

import hashlib
import threading

OVERLAP_MIN = 256 * 1024


class OverlappedMd5:
    """``update`` returns at once for big pieces; ``hexdigest`` waits for the last one."""

    def __init__(self) -> None:
        self._md5 = hashlib.md5()
        self._pending: threading.Thread | None = None

    def _wait(self) -> None:
        if self._pending is not None:
            self._pending.join()
            self._pending = None

    def update(self, data: bytes) -> None:
        self._wait()
        if len(data) < OVERLAP_MIN:
            self._md5.update(data)
            return
        # ``data`` is immutable bytes: safe to hash while the caller sends or writes it.
        self._pending = threading.Thread(target=self._md5.update, args=(data,), daemon=True)
        self._pending.start()

    def hexdigest(self) -> str:
        self._wait()
        return self._md5.hexdigest()
