"""Look, feel and first-run help: icons, theme, the walkthrough and the protocol notes.

Entry points for the window (wired in app.py / main_window.py):
``apply_theme(app)``, ``apply_code_font(app)``, ``icon(name)`` / ``apply_tab_icons(tabs)``,
``install_guide(window, services)``.

The names are loaded on first use (PEP 562): the window's startup needs the theme and icons
only, and the walkthrough and notes modules are imported when the guide is installed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.ui.guide.icons import apply_tab_icons, icon
    from workbench.ui.guide.install import GuideController, install_guide
    from workbench.ui.guide.theme import apply_code_font, apply_theme, status_colour

__all__ = [
    "GuideController",
    "apply_code_font",
    "apply_tab_icons",
    "apply_theme",
    "icon",
    "install_guide",
    "status_colour",
]

_HOMES = {
    "apply_tab_icons": "icons",
    "icon": "icons",
    "GuideController": "install",
    "install_guide": "install",
    "apply_code_font": "theme",
    "apply_theme": "theme",
    "status_colour": "theme",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
