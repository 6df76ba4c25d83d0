"""Benchmark: time from process start to the main window shown and idle, next to a bare QWidget.

    .venv/bin/python tests/benchmarks/bench_startup.py [--runs 7] [--before OTHER_CHECKOUT]

Each run is a fresh process (offscreen, a throwaway profile folder). The parent writes the wall
time just before spawning into ``WORKBENCH_STARTUP_PROBE``; the app (``workbench.app.run_gui``)
prints the elapsed time once the window is shown and the event loop has gone idle, then quits.
The floor is the same measure for a script that only imports QtWidgets and shows a QWidget
(ENGINEERING.md: about 0.15-0.20 s on these machines). A script, not a test.

The window paints the Environment tab (or the remembered tab) first; the other tabs are built
after the first paint, one per event-loop turn, and are not part of this measure. Run it on a
quiet machine (``uptime`` load below 1): other processes move both numbers.
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

FLOOR = r"""
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
w = QWidget(); w.show()
def report():
    print(f"startup {time.time() - float(os.environ['WORKBENCH_STARTUP_PROBE']):.3f}")
    app.quit()
QTimer.singleShot(0, report)
app.exec()
"""


def _run(cmd: list[str], profile: Path | None, pycache: Path, root: Path = ROOT) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
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
    args = parser.parse_args()
    app_cmd = [sys.executable, "-m", "workbench"]
    with tempfile.TemporaryDirectory() as tmp:
        app, floor, before = [], [], []
        cache = Path(tmp) / "pycache"
        # warm-up (not counted): the first start (no settings yet) and the bytecode cache
        _run(app_cmd, Path(tmp) / "profile", cache)
        _run([sys.executable, "-c", FLOOR], None, cache)
        if args.before:
            _run(app_cmd, Path(tmp) / "before", Path(tmp) / "pycache-before", args.before)
        for i in range(args.runs):
            app.append(_run(app_cmd, Path(tmp) / "profile", cache))
            floor.append(_run([sys.executable, "-c", FLOOR], None, cache))
            line = f"run {i + 1}: app {app[-1]:.3f} s, bare QWidget {floor[-1]:.3f} s"
            if args.before:
                before.append(
                    _run(app_cmd, Path(tmp) / "before", Path(tmp) / "pycache-before", args.before)
                )
                line += f", before {before[-1]:.3f} s"
            print(line, flush=True)
    low = statistics.median(floor)
    print(
        f"median over {args.runs} runs: app {statistics.median(app):.3f} s, "
        f"bare QWidget {low:.3f} s (floor), {statistics.median(app) / low:.2f}x the floor"
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
