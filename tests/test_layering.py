"""The arrows of STYLE.md hold: no Qt below the Qt layer, no network below the client, and no
HTTP, hashing or TLS in the widgets. Modules not written yet are skipped, not failed."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workbench"

_PROBE = """
import importlib, json, pkgutil, sys
top = sys.argv[1]
loaded, failed = [], {}
pkg = importlib.import_module(top)
names = [top]
if hasattr(pkg, "__path__"):
    names += [m.name for m in pkgutil.walk_packages(pkg.__path__, top + ".")]
for name in names:
    try:
        importlib.import_module(name)
        loaded.append(name)
    except ImportError as exc:  # a module of another engineer that is not finished
        failed[name] = str(exc)
print(json.dumps({"loaded": loaded, "failed": failed,
                  "modules": sorted(m.split(".")[0] for m in sys.modules)}))
"""


def _import_all(top: str) -> dict[str, Any]:
    if (
        not (PACKAGE / top.removeprefix("workbench.").replace(".", "/")).exists()
        and not (PACKAGE / (top.removeprefix("workbench.") + ".py")).exists()
    ):
        pytest.skip(f"{top} does not exist yet")
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, top], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize(
    "top",
    ["workbench.core", "workbench.client", "workbench.sandbox", "workbench.store", "workbench.cli"],
)
def test_imports_no_qt(top: str) -> None:
    result = _import_all(top)
    assert result["loaded"], f"nothing of {top} could be imported: {result['failed']}"
    assert "PySide6" not in result["modules"], f"{top} pulls in PySide6"


def test_core_imports_no_requests_and_no_qt() -> None:
    result = _import_all("workbench.core")
    assert not {"PySide6", "requests", "urllib3"} & set(result["modules"])


_FORBIDDEN_IN_UI = {"requests", "hashlib", "ssl", "urllib3", "http"}


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_ui_imports_no_network_hashing_or_tls() -> None:
    sources = sorted((PACKAGE / "ui").rglob("*.py"))
    offenders = {
        str(p.relative_to(ROOT)): sorted(_imported_roots(p) & _FORBIDDEN_IN_UI) for p in sources
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert not offenders, f"widgets doing network/hashing/TLS work: {offenders}"


def test_the_ui_scan_catches_an_offender(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom hashlib import sha1\nimport requests.adapters\n")
    assert _imported_roots(bad) & _FORBIDDEN_IN_UI == {"hashlib", "requests"}
