"""Composer latency: keystroke to updated sign view, and rendering a large response.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.benchmarks.bench_composer
Real widgets offscreen: insert one character into the body, process events until the sign view
shows the new sign, take the median. Three figures per body: the sign view update (our code,
the issue's budget: 16 ms for a 1 MB body), the editor edit (Qt's relayout and repaint of the
edited line, which for a 1 MB single line stays far above a frame whatever we do) and the
whole keystroke.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from workbench.core.credentials import ManualClock
    from workbench.qt.services import make_services
    from workbench.ui.composer.tab import ComposerTab
    from workbench.ui.widgets.json_view import JsonEditor

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        services = make_services(
            Path(tmp), clock=ManualClock(1_800_000_000_000), start_sandbox=False
        )
        tab = ComposerTab(services)
        tab.resize(1280, 820)
        tab.show()
        app.processEvents()
        cases = []
        for size in (1024, 100 * 1024, 1024 * 1024):
            cases.append(
                (
                    "pretty",
                    size,
                    json.dumps({f"K{i}": "x" * 90 for i in range(max(1, size // 100))}, indent=1),
                )
            )
            cases.append(("one-line", size, json.dumps({"DATA": "x" * (size - 12)})))
        for shape, size, body in cases:
            tab.editor.replace_body(body)
            for _ in range(5):
                app.processEvents()
            # the first colouring of a loaded body runs in slices in the background; keystrokes
            # typed meanwhile share the event loop with it: measure the steady state
            settle = time.perf_counter() + 30
            while not tab.editor.body.highlighting_done() and time.perf_counter() < settle:
                app.processEvents()
            edit, total, sign_update = [], [], []
            for i in range(30):
                before = tab.sign_updates
                cursor = tab.editor.body.textCursor()
                cursor.setPosition(9)
                app.processEvents()  # the cursor move's own relayout is not the keystroke
                t0 = time.perf_counter()
                cursor.insertText("ab"[i % 2])
                tab.editor.body.viewport().repaint()  # Qt's relayout and paint of the edit
                edit.append((time.perf_counter() - t0) * 1000)
                while tab.sign_updates == before:
                    app.processEvents()
                total.append((time.perf_counter() - t0) * 1000)
                t1 = time.perf_counter()
                tab.update_sign()
                sign_update.append((time.perf_counter() - t1) * 1000)
            print(
                f"{size // 1024:>5} KB {shape:8} body: "
                f"sign view update median {statistics.median(sign_update):6.2f} ms "
                f"(budget 16) | editor edit (Qt relayout+paint) median "
                f"{statistics.median(edit):7.2f} ms | keystroke -> sign shown median "
                f"{statistics.median(total):7.2f} ms, max {max(total):7.2f} ms"
            )
        tab.shutdown()
        viewer = JsonEditor(read_only=True)
        viewer.resize(800, 600)
        viewer.show()
        big = json.dumps(
            [{"id": i, "name": f"名字{i}", "ok": True, "v": i * 1.5} for i in range(60000)],
            ensure_ascii=False,
            indent=2,
        )
        t0 = time.perf_counter()
        viewer.set_text_lazy(big)
        app.processEvents()
        shown = (time.perf_counter() - t0) * 1000
        longest_tick = 0.0
        while not viewer.highlighting_done():
            t1 = time.perf_counter()
            app.processEvents()
            longest_tick = max(longest_tick, (time.perf_counter() - t1) * 1000)
        total = (time.perf_counter() - t0) * 1000
        print(
            f"{len(big.encode()) / 1e6:.1f} MB response: shown in {shown:.0f} ms, "
            f"fully coloured in {total:.0f} ms, longest event-loop pause {longest_tick:.0f} ms"
        )
        services.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
