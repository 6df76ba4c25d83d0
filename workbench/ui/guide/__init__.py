"""Look, feel and first-run help: icons, theme, the walkthrough and the protocol notes.

Entry points for the window (wired in app.py / main_window.py):
``apply_theme(app)``, ``icon(name)`` / ``apply_tab_icons(tabs)``,
``install_guide(window, services)``.
"""

from __future__ import annotations

from workbench.ui.guide.icons import apply_tab_icons, icon
from workbench.ui.guide.install import GuideController, install_guide
from workbench.ui.guide.theme import apply_theme, status_colour

__all__ = ["GuideController", "apply_tab_icons", "apply_theme", "icon", "install_guide",
           "status_colour"]
