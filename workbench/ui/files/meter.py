"""Transfer speed and time left, computed over a sliding window (no Qt, no I/O).

Progress reaches the GUI at most 20 times a second (workers.PROGRESS_INTERVAL_S), and a TLS
stream is bursty: a speed taken between two consecutive updates jumps about. Averaging over the
last few seconds gives a figure a user can read, and an ETA that does not flicker.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

WINDOW_S = 3.0


def format_bytes(n: float) -> str:
    """``1.5 MB``, ``312 KB``, ``17 B`` (decimal units, as file managers and curl show them)."""
    value = float(max(0.0, n))
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            if unit == "B":
                return f"{int(value)} B"
            return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"  # unreachable; keeps type checkers calm


def format_duration(seconds: float) -> str:
    """``0:07``, ``12:30``, ``1:02:03``."""
    total = max(0, int(round(seconds)))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class TransferMeter:
    """Bytes done over time; ``speed()`` averages over the last ``window_s`` seconds."""

    def __init__(self, window_s: float = WINDOW_S, now: Callable[[], float] = time.monotonic):
        self._now = now
        self._window = window_s
        self._samples: deque[tuple[float, int]] = deque()
        self.started = now()
        self.done = 0
        self.total: int | None = None
        self.finished: float | None = None

    def update(self, done: int, total: int | None) -> None:
        t = self._now()
        if done < self.done:  # a new file of a batch started: keep the window monotonic
            self._samples.clear()
        self.done = done
        self.total = total
        self._samples.append((t, done))
        while len(self._samples) > 2 and t - self._samples[0][0] > self._window:
            self._samples.popleft()

    def speed(self) -> float | None:
        """Bytes per second over the window, ``None`` until two samples exist."""
        if len(self._samples) < 2:
            return None
        (t0, b0), (t1, b1) = self._samples[0], self._samples[-1]
        if t1 - t0 <= 0:
            return None
        return max(0.0, (b1 - b0) / (t1 - t0))

    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, int(self.done * 100 / self.total))

    def seconds_left(self) -> float | None:
        speed = self.speed()
        if self.total is None or not speed:
            return None
        return max(0.0, (self.total - self.done) / speed)

    def finish(self) -> None:
        """Freeze the elapsed time (the average speed of a finished transfer stays put)."""
        if self.finished is None:
            self.finished = self._now()

    def elapsed(self) -> float:
        return (self.finished if self.finished is not None else self._now()) - self.started
