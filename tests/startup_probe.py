"""The app started as ``bench_startup.py`` starts it: a fresh process with the start-up probe,
which prints what it measured and quits (``workbench.app``: "startup", "collector",
"qt namespace" lines)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def probed_start(profile: Path, *, painted: bool) -> list[str]:
    """The probe's lines, after the window was shown (or, with ``painted``, first painted)."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        WORKBENCH_STARTUP_PROBE=repr(time.time()),
        PYTHONPATH=str(ROOT),
    )
    env.pop("WORKBENCH_STARTUP_PROBE_PAINTED", None)
    if painted:
        env["WORKBENCH_STARTUP_PROBE_PAINTED"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "workbench", "--profile-dir", str(profile)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()
