"""The code's habits, checked by the same test command as everything else (README).

ruff (lint and format) and mypy (with ``disallow_untyped_defs`` and ``warn_unused_ignores``,
set in pyproject.toml) run as the CI runs them; a finding fails the test and is printed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> list[str]:
    """The tool next to this interpreter (the test extra installs both), else on PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return [str(here)]
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return [found]


def _run(args: list[str]) -> None:
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"$ {' '.join(args)}\n{done.stdout}\n{done.stderr}"


def test_ruff_finds_nothing() -> None:
    _run([*_tool("ruff"), "check", "workbench", "tests"])


def test_the_code_is_ruff_formatted() -> None:
    _run([*_tool("ruff"), "format", "--check", "workbench", "tests"])


def test_mypy_finds_nothing_in_the_package() -> None:
    _run([*_tool("mypy")])  # files and strictness: [tool.mypy] in pyproject.toml
