"""Reading a log for the Callbacks → Log view: the scan and the CSV export run as jobs.

The GUI thread never opens the file: a job reads it line by line (core.log_scan), reports the
share read, and stops when asked. Starting a scan cancels the one before; results of a scan
that was replaced or cancelled are dropped.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal

from workbench.core.log_report import ScanResult, write_csv
from workbench.core.log_scan import LogItem, ScanCancelled, scan_stream, scan_text
from workbench.core.log_search import matching_rows
from workbench.core.os_errors import os_reason
from workbench.core.text import Text
from workbench.qt.workers import TaskContext, TaskHandle, TaskRunner

INLINE_FILTER_ITEMS = 20_000  # above this, filtering runs in a job

READ_FAILED = Text("Cannot read {name}: {reason}.", "无法读取 {name}：{reason}。")
WRITE_FAILED = Text("Cannot write {name}: {reason}.", "无法写入 {name}：{reason}。")
NOT_A_FILE = Text("{name} is not a file.", "{name} 不是文件。")


@dataclass(frozen=True)
class ScanOutcome:
    """A finished scan: what it found, where from, and the zone its times are shown in."""

    result: ScanResult
    source: str  # a file path, or "" for pasted text
    offset_s: int | None  # the zone times are shown in; None: this computer's, at each time
    summary: dict[str, Any]  # result.summary(), made by the job


@dataclass(frozen=True)
class _Failure:
    text: Text


class LogScanController(QObject):
    """Scans a file or a text off the GUI thread, and writes the CSV export.

    Signals:
        progressed(int, int): characters or bytes read, and the total (0 when unknown).
        scanned(object): a :class:`ScanOutcome`.
        scan_failed(object): a :class:`Text` sentence.
        scan_cancelled(): the scan stopped at the user's request.
        filtered(object): the rows the filters let through (a list of item indexes).
        exported(str): the CSV file written.
        export_failed(object): a :class:`Text` sentence.
    """

    progressed = Signal(int, int)
    scanned = Signal(object)
    scan_failed = Signal(object)
    scan_cancelled = Signal()
    filtered = Signal(object)
    exported = Signal(str)
    export_failed = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._handle: TaskHandle | None = None
        self._generation = 0
        self._filter_generation = 0

    def running(self) -> bool:
        return self._handle is not None and self._handle.running

    def cancel(self) -> None:
        if self._handle is not None and self._handle.running:
            self._handle.cancel()

    def scan_file(
        self, path: str, salt: str | None, window_s: int, log_zone_s: int | None = None
    ) -> None:
        """Scan a log file; ``log_zone_s``: the zone of its times written without one (seconds
        east of UTC), None for this computer's."""

        def job(ctx: TaskContext) -> Any:
            name = os.path.basename(path) or path
            try:
                if not os.path.isfile(path):
                    return _Failure(NOT_A_FILE.format(name=name))
                total = os.path.getsize(path)
                with open(path, "rb") as stream:
                    result = _scan(
                        ctx, total, window_s, log_zone_s, lambda kw: scan_stream(stream, salt, **kw)
                    )
            except OSError as exc:
                return _Failure(_with_reason(READ_FAILED, name, exc))
            if result is None:
                return None
            return ScanOutcome(result, path, offset, result.summary())

        offset = None
        self._start("scan log file", job)

    def scan_text(
        self, text: str, salt: str | None, window_s: int, log_zone_s: int | None = None
    ) -> None:
        def job(ctx: TaskContext) -> Any:
            scan = partial(scan_text, text, salt)
            result = _scan(ctx, len(text), window_s, log_zone_s, lambda kw: scan(**kw))
            return None if result is None else ScanOutcome(result, "", offset, result.summary())

        offset = None
        self._start("scan log text", job)

    def export_csv(self, path: str, outcome: ScanOutcome, lang: str) -> None:
        def job(_ctx: TaskContext) -> Any:
            try:
                with open(
                    path, "w", encoding="utf-8-sig", errors="backslashreplace", newline=""
                ) as handle:
                    write_csv(handle, outcome.result, outcome.offset_s, lang)
            except OSError as exc:
                name = os.path.basename(path) or path
                return _Failure(_with_reason(WRITE_FAILED, name, exc))
            return path

        self._runner.submit(
            "export log scan", job, on_result=self._on_export_result, on_error=self._on_error
        )

    def filter_rows(
        self, items: list[LogItem], status: str, kind: str, trans_name: str | None, search: str
    ) -> None:
        """Emit ``filtered`` with the matching rows: at once for a small log, from a job for a
        big one (a search through 100,000 envelopes takes seconds)."""
        self._filter_generation += 1
        generation = self._filter_generation
        if len(items) <= INLINE_FILTER_ITEMS:
            self.filtered.emit(matching_rows(items, status, kind, trans_name, search))
            return
        self._runner.submit(
            "filter log scan",
            lambda _ctx: matching_rows(items, status, kind, trans_name, search),
            on_result=partial(self._on_filtered, generation),
        )

    def _on_filtered(self, generation: int, rows: object) -> None:
        if generation == self._filter_generation:
            self.filtered.emit(rows)

    # plumbing -----------------------------------------------------------------------------
    def _start(self, name: str, job: Callable[[TaskContext], Any]) -> None:
        self.cancel()
        self._generation += 1
        generation = self._generation
        self._handle = self._runner.submit(
            name,
            job,
            on_result=partial(self._on_scan_result, generation),
            on_error=partial(self._on_scan_error, generation),
            on_progress=partial(self._on_progress, generation),
        )

    def _on_progress(self, generation: int, value: object) -> None:
        if generation == self._generation and isinstance(value, tuple):
            self.progressed.emit(int(value[0]), int(value[1]))

    def _on_scan_result(self, generation: int, value: object) -> None:
        if generation != self._generation:
            return
        if value is None:
            self.scan_cancelled.emit()
        elif isinstance(value, _Failure):
            self.scan_failed.emit(value.text)
        else:
            self.scanned.emit(value)

    def _on_scan_error(self, generation: int, error: Any) -> None:
        if generation == self._generation:
            self.scan_failed.emit(getattr(error, "text", Text(str(error), str(error))))

    def _on_export_result(self, value: object) -> None:
        if isinstance(value, _Failure):
            self.export_failed.emit(value.text)
        else:
            self.exported.emit(str(value))

    def _on_error(self, error: Any) -> None:
        self.export_failed.emit(getattr(error, "text", Text(str(error), str(error))))


def _scan(
    ctx: TaskContext,
    total: int,
    window_s: int,
    log_zone_s: int | None,
    run: Callable[[dict[str, Any]], ScanResult],
) -> ScanResult | None:
    """Run ``run(kwargs)`` with progress and cancel wired to ``ctx``; None when cancelled."""
    kwargs: dict[str, Any] = {
        "window_s": window_s,
        "offset_s": log_zone_s,  # None: this computer's zone on each line's date
        "zone_given": log_zone_s is not None,
        "progress": lambda done: ctx.progress((done, total)),
        "cancelled": ctx.cancelled,
    }
    try:
        result = run(kwargs)
    except ScanCancelled:
        return None
    ctx.progress((total, total), force=True)
    return result


def _with_reason(template: Text, name: str, exc: OSError) -> Text:
    """``template`` with the file's name and the system's reason, each in its own language."""
    reason = os_reason(exc)
    return Text(
        template.en.format(name=name, reason=reason.en),
        template.zh.format(name=name, reason=reason.zh),
    )
