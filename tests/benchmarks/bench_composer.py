"""Composer latency: keystroke to updated sign view, and rendering a large response.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.benchmarks.bench_composer
Real widgets offscreen: insert one character into the body, process events until the sign view
shows the new sign, take the median. Three figures per body: the sign view update (our code),
the editor edit (Qt's relayout and repaint of the edited line) and the whole keystroke (the
budget: one frame, 16 ms, for any body up to 1 MB, one line or not). For the 1 MB one-line body
also the load (the body replaced, until the sign is shown) and a paste of it into an empty body.
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
    from PySide6.QtGui import QGuiApplication
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
        body = json.dumps({"DATA": "x" * (1024 * 1024 - 12)})
        loads, pastes = [], []
        for _ in range(5):
            tab.editor.replace_body("")
            app.processEvents()
            before = tab.sign_updates
            t0 = time.perf_counter()
            tab.editor.replace_body(body)
            while tab.sign_updates == before:
                app.processEvents()
            loads.append((time.perf_counter() - t0) * 1000)
            tab.editor.replace_body("")
            app.processEvents()
            QGuiApplication.clipboard().setText(body)
            before = tab.sign_updates
            t0 = time.perf_counter()
            tab.editor.body.paste()
            while tab.sign_updates == before:
                app.processEvents()
            pastes.append((time.perf_counter() - t0) * 1000)
            assert tab.editor.body.toPlainText() == body
        print(
            f" 1024 KB one-line body: load -> sign shown median {statistics.median(loads):7.1f} ms"
            f" | paste -> sign shown median {statistics.median(pastes):7.1f} ms"
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
