"""The garbage collector is off while the window starts and on again from its first paint
(issue 14: start-up makes only long-lived objects, so the collector's passes were pure cost)."""

from __future__ import annotations

import gc
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from tests.startup_probe import probed_start
from workbench.app import run_gui


def test_the_collector_is_on_again_once_the_window_is_painted(tmp_path: Path) -> None:
    assert "collector on" in probed_start(tmp_path / "p", painted=True)


def test_a_start_that_fails_early_leaves_the_collector_on(
    qapp: Any, tmp_path: Path, capsys: Any
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the profile folder should be", encoding="utf-8")
    assert gc.isenabled()
    code = run_gui(SimpleNamespace(profile_dir=str(blocker / "p"), lang="en", smoke_test=True))
    assert code == 1
    assert "cannot be used" in capsys.readouterr().err
    assert gc.isenabled()
