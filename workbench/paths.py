"""Where the bundled resources live.

Found relative to the package, with no bundler-specific branches.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir() -> Path:
    """The resources folder: inside the package once installed, beside it in a source checkout."""
    installed = _PACKAGE / "resources"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "resources"


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)
