"""The Sandbox report filled with many graded requests: how long the window stops answering.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.benchmarks.bench_sandbox_report [ROWS]
A report of ROWS requests (20,000 by default; every third refused, with two slips) is handed to
the view as the controller hands it; a 1 ms timer ticks meanwhile, and the longest gap between
its ticks is the longest time the window could not answer. Also prints the time a language
switch takes with the rows shown (every cell's words change).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable


def main() -> int:
    from PySide6.QtCore import QObject, QTimer, Signal
    from PySide6.QtWidgets import QApplication

    from tests.conformance.graded import graded_report
    from workbench.qt.i18n import install_language
    from workbench.ui.sandbox_report import SandboxReportView

    class Controller(QObject):  # the four signals the view listens to; nothing is read
        sandbox_report_ready = Signal(object)
        sandbox_report_failed = Signal(object)
        report_saved = Signal(str)
        report_save_failed = Signal(object)

    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    app = QApplication(sys.argv[:1])
    report = graded_report(rows)
    controller = Controller()
    view = SandboxReportView(controller)  # a stand-in controller: the view only listens
    view.resize(1100, 700)
    view.show()
    app.processEvents()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    def longest_stall(action: Callable[[], object]) -> tuple[float, float]:
        """(seconds ``action`` took, longest gap between ticks until 0.5 s later)."""
        gaps.clear()
        timer = QTimer()
        timer.setInterval(1)
        timer.timeout.connect(tick)
        last[0] = started = time.perf_counter()
        timer.start()
        action()
        took = time.perf_counter() - started
        while time.perf_counter() - started < 0.5:
            app.processEvents()
        timer.stop()
        return took, max(gaps, default=took)

    handed, filled = longest_stall(lambda: controller.sandbox_report_ready.emit(report))
    switched, relabelled = longest_stall(lambda: install_language("zh"))
    print(f"{view.table.model().rowCount():,} rows")
    print(f"  handing the report to the view: {handed:.3f} s")
    print(f"  longest time the window did not answer while filling: {filled:.3f} s")
    print(f"  the same for a language switch with the rows shown: {relabelled:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
