"""Idle cost: CPU used by the window while the Tokens tab counts down three credentials.

    .venv/bin/python tests/benchmarks/bench_idle.py [--seconds 30] [--root DIR]

A fresh process (offscreen, a throwaway profile, the local sandbox running in it) shows the
window on the Tokens tab, fetches an access token and a sign ticket, then a second sign ticket
(the first stays valid for its 5-minute overlap: the "previous ticket" row), so three countdowns
run. After a short settle it reads its own user+system CPU time from ``/proc/self/stat`` before
and after ``--seconds`` of idling, and prints the share of one core. ``--root`` runs another
checkout's code (to compare before and after in one run). Linux only. A script, not a test.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import os, sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from workbench.qt.services import make_services
from workbench.ui.main_window import MainWindow

SECONDS = float(sys.argv[1])
app = QApplication(sys.argv[:1])
services = make_services(Path(sys.argv[2]))
window = MainWindow(services)
window.resize(1100, 760)
window.show()
ticks = os.sysconf("SC_CLK_TCK")
state = {"step": 0}


def cpu_s():
    fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


def step():
    s = state["step"]
    if s == 0:
        if not services.sandbox().running:
            QTimer.singleShot(100, step)
            return
        services.set_active_environment("Local sandbox")
        window.tabs.setCurrentIndex(window.tabs.indexOf(window.ensure_tab(1)))
        services.refresher.fetch_access_token()
    elif s == 1:
        services.refresher.fetch_sign_ticket()
    elif s == 2:
        services.refresher.fetch_sign_ticket()
    elif s == 3:
        snap = services.book().snapshot()
        rows = [snap.access_token, snap.sign_ticket, snap.previous_sign_ticket]
        if any(r is None for r in rows):
            print("error: three credentials expected, got", rows, flush=True)
            app.quit()
            return
        QTimer.singleShot(3000, step)  # settle: the fetches' own work is over
        state["step"] = 4
        return
    elif s == 4:
        state["t0"], state["c0"] = time.monotonic(), cpu_s()
        QTimer.singleShot(int(SECONDS * 1000), step)
        state["step"] = 5
        return
    else:
        wall, cpu = time.monotonic() - state["t0"], cpu_s() - state["c0"]
        print(f"idle {cpu:.3f} {wall:.3f}", flush=True)
        app.quit()
        return
    state["step"] = s + 1


def on_fetched(_r):
    QTimer.singleShot(200, step)


services.refresher.fetched.connect(on_fetched)
services.refresher.fetch_failed.connect(lambda e: (print("error: fetch failed", e), app.quit()))
QTimer.singleShot(0, step)
app.exec()
window.close()
services.shutdown()
"""


def measure(root: Path, seconds: float) -> tuple[float, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8", PYTHONPATH=str(root))
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(seconds), str(Path(tmp) / "profile")],
            env=env,
            capture_output=True,
            text=True,
            timeout=seconds + 120,
            cwd=root,
        )
    for line in done.stdout.splitlines():
        if line.startswith("idle "):
            cpu, wall = (float(x) for x in line.split()[1:])
            return cpu, wall
    raise RuntimeError(f"no figure from {root}: {done.stdout} {done.stderr[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--root", type=Path, action="append", help="checkout(s) to measure")
    args = parser.parse_args()
    for root in args.root or [ROOT]:
        cpu, wall = measure(root, args.seconds)
        print(
            f"{root}: three countdowns, {wall:.0f} s idle: {cpu:.2f} s of CPU = "
            f"{100 * cpu / wall:.2f} % of one core (budget 1 %)",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
