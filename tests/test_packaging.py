"""The installed package must carry every module and every resource (README's first command
installs with `pip install .`, not from the source tree)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_listed_in_pyproject() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "workbench").rglob("__init__.py")
    }
    assert found - listed == set(), "packages missing from pyproject.toml (they would not install)"
    assert "workbench.resources" in listed


def test_resource_folders_are_inside_the_package_data() -> None:
    for sub in ("i18n", "icons", "help"):
        assert (ROOT / "resources" / sub).is_dir(), sub
    qms = sorted(p.name for p in (ROOT / "resources" / "i18n").glob("*.qm"))
    assert qms, "no compiled translations"
