"""The conformance kits in the window: the widgets' one door to them (no widget sends or reads).

:class:`ConformanceController` runs the callback battery in a job and hands each graded case to
the GUI thread as it comes (a queued signal, not the throttled progress channel: every row
counts), saves the reports to disk in jobs, and grades the sandbox's request log in a job. The
GUI thread never waits on the network or the disk.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from workbench.client.errors import ClientError
from workbench.conformance.battery import BATTERY
from workbench.conformance.callback import CaseResult
from workbench.conformance.client import (
    ClientReport,
    GradedRequest,
    LogUnreadable,
    grade_client,
    iso_time,
    read_log,
)
from workbench.conformance.endpoint import BatteryRun, EndpointUnreachable, run_callback_battery
from workbench.conformance.report_html import callback_html, client_html
from workbench.core.os_errors import os_reason
from workbench.core.text import Text
from workbench.qt.sandbox_controller import SandboxController
from workbench.qt.workers import QUEUE_GENERAL, TaskContext, TaskHandle, TaskRunner

__all__ = [
    "BatteryRun",
    "CaseResult",
    "ClientReport",
    "ConformanceController",
    "GradedRequest",
    "iso_time",
]

_NOT_RUNNING = Text(
    "The local sandbox is not running, and it has logged nothing yet.",
    "本地沙箱没有运行，也还没有记录任何请求。",
)


class ConformanceController(QObject):
    """Runs the kits off the GUI thread.

    Signals:
        case_graded(object): a CaseResult, as each answer of the battery is graded.
        battery_finished(object): the BatteryRun once every case ran (or Stop was pressed);
            its HTML report is saved already (see :attr:`last_report_path`).
        battery_failed(object): a Text: the endpoint cannot be reached, or the run cannot start.
        sandbox_report_ready(object): a ClientReport of the sandbox's request log.
        sandbox_report_failed(object): a Text: the log cannot be read.
        report_saved(str): a report was written to this path.
        report_save_failed(object): a Text: the report could not be written.
    """

    case_graded = Signal(object)
    battery_finished = Signal(object)
    battery_failed = Signal(object)
    sandbox_report_ready = Signal(object)
    sandbox_report_failed = Signal(object)
    report_saved = Signal(str)
    report_save_failed = Signal(object)
    _graded_in_job = Signal(object)  # emitted on the job's thread, delivered on the GUI thread

    def __init__(
        self,
        runner: TaskRunner,
        reports_dir: Path,
        sandbox: SandboxController | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._reports_dir = Path(reports_dir)
        self._sandbox = sandbox
        self._battery: TaskHandle | None = None
        self.last_report_path: str = ""
        self._graded_in_job.connect(self.case_graded)

    # -- the callback battery ------------------------------------------------------------------
    @property
    def case_count(self) -> int:
        """How many callbacks the battery sends (the window says so before it runs)."""
        return len(BATTERY)

    @property
    def running(self) -> bool:
        return self._battery is not None and self._battery.running

    def run_battery(
        self,
        url: str,
        salt: str,
        *,
        trans_name: str,
        ca: str | None = None,
        insecure_http_ok: bool = False,
    ) -> None:
        """Start the battery; a no-op while one runs."""
        if self.running:
            return
        reports = self._reports_dir

        def graded(result: CaseResult) -> None:
            # the window closed while the battery ran: nobody is left to tell
            with contextlib.suppress(RuntimeError):
                self._graded_in_job.emit(result)

        def job(ctx: TaskContext) -> tuple[BatteryRun | Text, str]:
            try:
                run = run_callback_battery(
                    url,
                    salt,
                    trans_name=trans_name,
                    ca=ca,
                    insecure_http_ok=insecure_http_ok,
                    on_result=graded,
                    cancelled=ctx.cancelled,
                )
            except EndpointUnreachable as exc:
                return exc.text, ""
            return run, _save(reports, "callback", callback_html(run))

        self._battery = self._runner.submit(
            "conformance battery",
            job,
            on_result=self._on_battery_done,
            on_error=self._on_battery_error,
            queue=QUEUE_GENERAL,
        )

    def stop(self) -> None:
        """Stop after the case being sent (the battery then finishes with what it has)."""
        if self._battery is not None:
            self._battery.cancel()

    def _on_battery_done(self, result: tuple[BatteryRun | Text, str]) -> None:
        outcome, path = result
        if isinstance(outcome, Text):
            self.battery_failed.emit(outcome)
            return
        self.last_report_path = path
        self.battery_finished.emit(outcome)

    def _on_battery_error(self, error: ClientError) -> None:
        self.battery_failed.emit(error.text)

    # -- the sandbox report --------------------------------------------------------------------
    def load_sandbox_report(self) -> None:
        """Grade the sandbox's request log (a job); answers with one of the two signals."""
        sandbox = self._sandbox
        if sandbox is None:
            self.sandbox_report_failed.emit(_NOT_RUNNING)
            return
        live: Any = sandbox.sandbox if sandbox.running else None
        state_dir = Path(getattr(live, "state_dir", None) or sandbox.state_dir)

        def job(_ctx: TaskContext) -> ClientReport | Text:
            now = live.clock.now_ms() if live is not None else time.time_ns() // 1_000_000
            try:
                entries = read_log(state_dir)
            except LogUnreadable:
                if live is None:
                    return _NOT_RUNNING
                entries = [e.to_dict() for e in live.log()]
            return grade_client(entries, target=str(state_dir), now_ms=now)

        self._runner.submit(
            "sandbox report",
            job,
            on_result=self._on_sandbox_report,
            on_error=lambda e: self.sandbox_report_failed.emit(e.text),
        )

    def _on_sandbox_report(self, result: ClientReport | Text) -> None:
        if isinstance(result, Text):
            self.sandbox_report_failed.emit(result)
        else:
            self.sandbox_report_ready.emit(result)

    # -- saving --------------------------------------------------------------------------------
    def save_report(self, report: BatteryRun | ClientReport, path: str) -> None:
        """Write ``report`` as HTML to ``path`` (a job)."""
        html = callback_html(report) if isinstance(report, BatteryRun) else client_html(report)

        def job(_ctx: TaskContext) -> str | Text:
            try:
                Path(path).write_text(html, "utf-8", errors="backslashreplace")
            except OSError as exc:
                return Text(
                    f"Cannot write {path}: {os_reason(exc).en}.",
                    f"无法写入 {path}：{os_reason(exc).zh}。",
                )
            return path

        def done(result: str | Text) -> None:
            if isinstance(result, Text):
                self.report_save_failed.emit(result)
            else:
                self.report_saved.emit(result)

        self._runner.submit("save report", job, on_result=done)

    def default_report_path(self, kind: str) -> str:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        return str(self._reports_dir / f"{kind}-conformance-{stamp}.html")


def _save(folder: Path, kind: str, html: str) -> str:
    """Keep the report of every run in the profile's reports folder; "" when it cannot."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{kind}-conformance-{time.strftime('%Y%m%d-%H%M%S')}.html"
        path.write_text(html, "utf-8", errors="backslashreplace")
    except OSError:
        return ""
    return str(path)
