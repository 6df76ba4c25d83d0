"""Benchmark: time from process start to the main window shown and idle, next to a bare QWidget.

    .venv/bin/python tests/benchmarks/bench_startup.py [--runs 7] [--before OTHER_CHECKOUT]
        [--painted]

Each run is a fresh process (offscreen, a throwaway profile folder). The parent writes the wall
time just before spawning into ``WORKBENCH_STARTUP_PROBE``; the app (``workbench.app.run_gui``)
prints the elapsed time at the first turn of the event loop after ``show()``, then quits. The
floor is the same measure for a script that only imports QtWidgets and shows a QWidget
(ENGINEERING.md: about 0.15-0.20 s on these machines); the toy window (``TOY``) is the same
measure for a window of the workbench's shape built from Qt alone. A script, not a test.

The window builds the Environment tab (or the remembered tab) before ``show()``. What waits for
the first paint (the other tabs, one per event-loop turn; the keyring, sandbox and history jobs)
is not part of this measure, for the app as for the anchors; ``--painted`` stops after the first
paint instead (all three: the app's Environment tab is then painted too, and the jobs that wait
for the paint have been handed to their threads). Run it on a quiet machine
(``uptime`` load below 1): other processes move all the numbers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Both anchors report as the app does: at the first event-loop turn after show(), or with
# --painted at the first one after the first paint (the window's first UpdateRequest).
REPORT = r"""
from PySide6.QtCore import QEvent, QObject
class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.UpdateRequest:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, report)
        return False
def report():
    print(f"startup {time.time() - float(os.environ['WORKBENCH_STARTUP_PROBE']):.3f}")
    app.quit()
if os.environ.get("WORKBENCH_STARTUP_PROBE_PAINTED"):
    painted = Painted()
    w.installEventFilter(painted)
else:
    QTimer.singleShot(0, report)
app.exec()
"""

FLOOR = (
    r"""
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
w = QWidget(); w.show()
"""
    + REPORT
)

# A second anchor: a toy window of the workbench's shape (menu bar, five tabs, a list and a form
# of line edits, a status bar) with no code of ours, written as such a window usually is. It shows
# what Qt for Python itself costs for such a window above the bare QWidget. Its menu shortcuts
# build PySide's Qt namespace (93 Python enums, about 15 ms here) before the window is shown; the
# workbench builds it only after its first paint (workbench/ui/widgets/early.py), and the app's
# probe prints whether it did ("qt namespace unbuilt").
TOY = (
    r"""
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QGroupBox, QHBoxLayout,
    QLabel, QLineEdit, QListWidget, QMainWindow, QPushButton, QSplitter, QTabWidget,
    QVBoxLayout, QWidget)
app = QApplication(sys.argv[:1])
w = QMainWindow()
tabs = QTabWidget()
w.setCentralWidget(tabs)
menu = w.menuBar().addMenu("File")
for i in range(10):
    action = QAction(f"action {i}", w)
    action.setShortcut(QKeySequence(f"Ctrl+{i}"))
    menu.addAction(action)
page, split, form = QWidget(), QSplitter(), QWidget()
split.addWidget(QListWidget())
rows = QFormLayout(form)
for i in range(12):
    rows.addRow(QLabel(f"Field {i}"), QLineEdit())
rows.addRow("Mode", QComboBox())
buttons = QHBoxLayout()
for i in range(5):
    buttons.addWidget(QPushButton(f"Button {i}"))
rows.addRow(buttons)
box = QGroupBox("Group")
QVBoxLayout(box).addWidget(QLabel("text"))
rows.addRow(box)
split.addWidget(form)
QVBoxLayout(page).addWidget(split)
tabs.addTab(page, "Environment")
for name in ("Tokens", "Composer", "Files", "Callbacks"):
    tabs.addTab(QWidget(), name)
w.statusBar().showMessage("ready")
w.resize(1100, 760)
w.show()
"""
    + REPORT
)


PAINTED = False  # --painted


def _run(cmd: list[str], profile: Path | None, pycache: Path, root: Path = ROOT) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
    if PAINTED:
        env["WORKBENCH_STARTUP_PROBE_PAINTED"] = "1"
    env["PYTHONPATH"] = str(root)
    # an installed app (wheel, PyInstaller bundle) starts from compiled bytecode: so do we,
    # from a throwaway cache filled by the warm-up start, whatever PYTHONDONTWRITEBYTECODE says
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env["WORKBENCH_STARTUP_PROBE"] = repr(time.time())
    args = cmd + (["--profile-dir", str(profile)] if profile else [])
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60, cwd=root)
    for line in done.stdout.splitlines():
        if line.startswith("startup "):
            return float(line.split()[1])
    raise RuntimeError(f"no timing from {args}: {done.stdout} {done.stderr}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", type=Path, help="another checkout, measured interleaved too")
    parser.add_argument(
        "--painted", action="store_true", help="stop after the first paint (all three), not before"
    )
    args = parser.parse_args()
    global PAINTED
    PAINTED = args.painted
    app_cmd = [sys.executable, "-m", "workbench"]
    with tempfile.TemporaryDirectory() as tmp:
        app, floor, toy, before = [], [], [], []
        cache = Path(tmp) / "pycache"
        # warm-up (not counted): the first start (no settings yet) and the bytecode cache
        _run(app_cmd, Path(tmp) / "profile", cache)
        _run([sys.executable, "-c", FLOOR], None, cache)
        _run([sys.executable, "-c", TOY], None, cache)
        if args.before:
            _run(app_cmd, Path(tmp) / "before", Path(tmp) / "pycache-before", args.before)
        for i in range(args.runs):
            app.append(_run(app_cmd, Path(tmp) / "profile", cache))
            floor.append(_run([sys.executable, "-c", FLOOR], None, cache))
            toy.append(_run([sys.executable, "-c", TOY], None, cache))
            line = (
                f"run {i + 1}: app {app[-1]:.3f} s, bare QWidget {floor[-1]:.3f} s, "
                f"toy window {toy[-1]:.3f} s"
            )
            if args.before:
                before.append(
                    _run(app_cmd, Path(tmp) / "before", Path(tmp) / "pycache-before", args.before)
                )
                line += f", before {before[-1]:.3f} s"
            print(line, flush=True)
    low = statistics.median(floor)
    print(
        f"median over {args.runs} runs: app {statistics.median(app):.3f} s, "
        f"bare QWidget {low:.3f} s (floor), {statistics.median(app) / low:.2f}x the floor; "
        f"toy window {statistics.median(toy):.3f} s, {statistics.median(toy) / low:.2f}x"
        + (
            f"; before {statistics.median(before):.3f} s, "
            f"{statistics.median(before) / low:.2f}x the floor"
            if before
            else ""
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
