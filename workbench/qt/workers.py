"""Work off the GUI thread: every network and disk job runs here (STYLE.md, "Habits").

A job is a plain function ``fn(ctx: TaskContext) -> result``. It runs on a pool thread; its
result, error and progress come back to the GUI thread as signals of a :class:`TaskHandle`.
Workers never touch widgets. Credential refreshes go to a single-thread queue so that two of them
never overlap (PROTOCOL P3: "one single refresher"); keyring writes go to another single-thread
queue so that they keep their order.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from workbench.client.errors import CANCELLED, ClientError
from workbench.core.text import Text

log = logging.getLogger(__name__)

QUEUE_GENERAL = "general"
QUEUE_CREDENTIALS = "credentials"  # single thread: refreshes never overlap (PROTOCOL P3)
QUEUE_TRANSFERS = "transfers"
# single thread: keyring writes (set, rename, delete) land in the order they were asked, so a
# rename never overtakes the write of a secret typed just before it
QUEUE_SECRETS = "secrets"
# single thread: history writes land in order, and an environment's rename or deletion moves
# every entry written before it
QUEUE_HISTORY = "history"

PROGRESS_INTERVAL_S = 0.05  # at most 20 progress updates a second reach the GUI


class UnexpectedError(ClientError):
    """A bug or an unforeseen failure in a job: shown as one sentence, logged in full."""

    def __init__(self, exc: BaseException) -> None:
        super().__init__(
            "unexpected",
            Text(
                f"Something unexpected went wrong: {exc.__class__.__name__}: {exc}",
                f"发生了意外错误：{exc.__class__.__name__}: {exc}",
            ),
            detail="".join(traceback.format_exception(exc)),
        )


class TaskContext:
    """What a job sees: a cancel flag and a throttled progress reporter."""

    def __init__(self, emit_progress: Callable[[object], None]) -> None:
        self.cancel_event = threading.Event()
        self._emit = emit_progress
        self._last = 0.0
        self._pending: object | None = None

    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def progress(self, value: object, *, force: bool = False) -> None:
        """Report progress; calls closer than PROGRESS_INTERVAL_S apart are dropped (the last
        one is always delivered by :meth:`flush`)."""
        now = time.monotonic()
        if force or now - self._last >= PROGRESS_INTERVAL_S:
            self._last = now
            self._pending = None
            self._emit(value)
        else:
            self._pending = value

    def flush(self) -> None:
        if self._pending is not None:
            value, self._pending = self._pending, None
            self._emit(value)


class TaskHandle(QObject):
    """One submitted job, seen from the GUI thread.

    Signals:
        succeeded(object): the job's return value.
        failed(object): a ClientError (UnexpectedError for anything else; CancelledByUser).
        progressed(object): whatever the job passed to ``ctx.progress``.
        finished(): after succeeded or failed.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(object)
    finished = Signal()

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.ctx = TaskContext(self.progressed.emit)
        self.running = True
        self.finished.connect(self._on_finished)

    def cancel(self) -> None:
        self.ctx.cancel_event.set()

    def _on_finished(self) -> None:
        self.running = False


class _Job(QRunnable):
    def __init__(self, handle: TaskHandle, fn: Callable[[TaskContext], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._handle = handle
        self._fn = fn

    def run(self) -> None:
        run_job(self._handle, self._fn)


def run_job(handle: TaskHandle, fn: Callable[[TaskContext], Any]) -> None:
    try:
        result = fn(handle.ctx)
    except ClientError as exc:
        handle.ctx.flush()
        if exc.kind != CANCELLED:
            log.info("job %s failed: %s (%s)", handle.name, exc.kind, exc.detail[:200])
        handle.failed.emit(exc)
    except Exception as exc:  # a job must never kill the window
        handle.ctx.flush()
        log.exception("job %s raised", handle.name)
        handle.failed.emit(UnexpectedError(exc))
    else:
        handle.ctx.flush()
        handle.succeeded.emit(result)
    handle.finished.emit()


class TaskRunner(QObject):
    """Owns the thread pools. Widgets and services submit jobs here; tests may pass
    ``synchronous=True`` to run jobs inline (signals still fire, in order)."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pools: dict[str, QThreadPool] = {}
        for name, threads in (
            (QUEUE_GENERAL, 4),
            (QUEUE_CREDENTIALS, 1),
            (QUEUE_TRANSFERS, 2),
            (QUEUE_SECRETS, 1),
            (QUEUE_HISTORY, 1),
        ):
            pool = QThreadPool(self)
            pool.setMaxThreadCount(threads)
            self._pools[name] = pool
        self._live: set[TaskHandle] = set()
        self.closed = False

    def close(self) -> None:
        """Refuse new jobs (quit: widgets' timers may still fire while the stores close)."""
        self.closed = True
        self.cancel_all()

    def submit(
        self,
        name: str,
        fn: Callable[[TaskContext], Any],
        *,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[ClientError], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        queue: str = QUEUE_GENERAL,
    ) -> TaskHandle:
        handle = TaskHandle(name)
        if self.closed:
            handle.running = False  # never started, never reported: the window is closing
            return handle
        if on_result is not None:
            handle.succeeded.connect(on_result)
        if on_error is not None:
            handle.failed.connect(on_error)
        if on_progress is not None:
            handle.progressed.connect(on_progress)
        if on_finished is not None:
            handle.finished.connect(on_finished)
        self._live.add(handle)
        handle.finished.connect(lambda h=handle: self._live.discard(h))
        if self.synchronous:
            run_job(handle, fn)
        else:
            self._pools[queue].start(_Job(handle, fn))
        return handle

    def running(self) -> list[TaskHandle]:
        return [h for h in self._live if h.running]

    def cancel_all(self) -> None:
        for handle in list(self._live):
            handle.cancel()

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """Block until every pool is idle (shutdown and tests only, never from a slot)."""
        deadline = time.monotonic() + timeout_ms / 1000
        ok = True
        for pool in self._pools.values():
            left = max(0, int((deadline - time.monotonic()) * 1000))
            ok = pool.waitForDone(left) and ok
        return ok
