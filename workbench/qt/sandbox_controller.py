"""Runs the local sandbox (PROTOCOL P10) inside the app, started in a job so the window never waits.

The sandbox's state folder lives under the profile folder; stopping it on quit frees its ports.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from workbench.core.os_errors import os_reason
from workbench.core.text import Text
from workbench.qt.workers import QUEUE_GENERAL, TaskContext, TaskHandle, TaskRunner

if TYPE_CHECKING:
    from workbench.client.errors import ClientError
    from workbench.sandbox.services import Fault

log = logging.getLogger(__name__)

_NO_SANDBOX = Text(
    "The sandbox is not running: start it from the window first.",
    "沙箱未运行：请先在主窗口启动沙箱。",
)

STARTING = "starting"
RUNNING = "running"
STOPPED = "stopped"
FAILED = "failed"


def _default_factory(state_dir: Path) -> Any:
    from workbench.sandbox import Sandbox  # imported late: startup does not pay for it

    return Sandbox(state_dir)


class SandboxController(QObject):
    """Owns one in-process sandbox.

    Signals:
        state_changed(str): "starting" | "running" | "stopped" | "failed".
    """

    state_changed = Signal(str)

    def __init__(
        self,
        state_dir: Path,
        runner: TaskRunner,
        factory: Callable[[Path], Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.state_dir = Path(state_dir)
        self._runner = runner
        self._factory = factory or _default_factory
        self.state = STOPPED
        self.sandbox: Any = None  # workbench.sandbox.Sandbox once started
        self.info: Any = None  # SandboxInfo once running
        self.error: ClientError | None = None
        self._owned = True

    @property
    def running(self) -> bool:
        return self.state == RUNNING

    def start(self) -> None:
        """Start in a job; a no-op while starting or running."""
        if self.state in (STARTING, RUNNING):
            return
        self.error = None
        self._set_state(STARTING)
        self._runner.submit(
            "sandbox start",
            self._start_job,
            on_result=self._on_started,
            on_error=self._on_failed,
            queue=QUEUE_GENERAL,
        )

    def adopt(self, sandbox: Any) -> None:
        """Use a sandbox started elsewhere (tests share one per session); never stopped here."""
        self.sandbox = sandbox
        self.info = sandbox.start()  # returns the running sandbox's info at once
        self._owned = False
        self._set_state(RUNNING)

    def _start_job(self, ctx: TaskContext) -> tuple[Any, Any]:
        from workbench.client.errors import ClientError  # in the job: not a startup import

        self.state_dir.mkdir(parents=True, exist_ok=True)
        try:
            sandbox = self._factory(self.state_dir)
            info = sandbox.start()
        except ClientError:
            raise
        except (OSError, RuntimeError, ValueError) as exc:
            # the operating system's reason in the user's language (its own words are English)
            reason = os_reason(exc) if isinstance(exc, OSError) else Text(str(exc), str(exc))
            raise ClientError(
                "sandbox",
                Text(
                    f"The local sandbox could not start: {reason.en}",
                    f"本地沙箱无法启动：{reason.zh}",
                ),
                detail=repr(exc),
            ) from exc
        return sandbox, info

    def _on_started(self, result: tuple[Any, Any]) -> None:
        self.sandbox, self.info = result
        self._set_state(RUNNING)

    def _on_failed(self, error: ClientError) -> None:
        self.error = error
        self._set_state(FAILED)

    def stop(self) -> None:
        """Stop the servers (quick: used on quit, where blocking briefly is acceptable)."""
        sandbox, self.sandbox, self.info = self.sandbox, None, None
        if sandbox is not None and self._owned:
            try:
                sandbox.stop()
            except Exception:  # quitting must go on whatever the sandbox says
                log.exception("sandbox stop failed")
        if self.state != STOPPED:
            self._set_state(STOPPED)

    # ----------------------------------------------------------------- clock, faults, callbacks
    def advance_clock(
        self, seconds: int, *, on_finished: Callable[[], None] | None = None
    ) -> TaskHandle | None:
        """Move the sandbox's clock forward (a job: the sandbox saves its state). ``None`` when
        no sandbox runs."""
        sandbox = self.sandbox
        if sandbox is None:
            return None
        return self._runner.submit(
            "advance sandbox clock",
            lambda _ctx: sandbox.advance_clock(seconds),
            on_finished=on_finished,
        )

    def set_fault(self, system: str, service_code: str, fault: Fault | None) -> bool:
        """Make a business service of the sandbox slow or failing (``None`` clears it)."""
        if self.sandbox is None:
            return False
        self.sandbox.set_fault(system, service_code, fault)
        return True

    def send_callback(
        self,
        url: str,
        trans_name: str,
        business: str,
        *,
        verify: bool | str,
        on_result: Callable[[Any], None],
        on_error: Callable[[ClientError], None],
        on_finished: Callable[[], None] | None = None,
    ) -> TaskHandle:
        """Have the sandbox sign and send a test callback to ``url`` (PROTOCOL P7), in a job."""
        sandbox = self.sandbox

        def job(_ctx: TaskContext) -> Any:
            from workbench.client.errors import ClientError

            if sandbox is None:
                raise ClientError("sandbox", _NO_SANDBOX)
            return sandbox.send_callback(url, trans_name, business, verify_tls=verify)

        return self._runner.submit(
            "sandbox callback", job, on_result=on_result, on_error=on_error, on_finished=on_finished
        )

    def clock_offset_ms(self) -> int:
        """How far the sandbox clock was moved forward (0 when not running)."""
        sandbox = self.sandbox
        if sandbox is None:
            return 0
        return int(getattr(sandbox.clock, "offset_ms", 0))

    def _set_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)
