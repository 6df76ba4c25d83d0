"""Tabs that are built after the window is on screen.

Importing and constructing the Composer, Files and Callbacks tabs costs more than the rest of the
window together (their modules pull in the JSON viewer, pygments, the callback codec...). The
window shows a :class:`LazyTab` in their place, so the first paint never waits for them; the real
tab is built by its factory function (see :data:`workbench.ui.main_window.LAZY_TABS`) the first
time its page is selected, or in a chain of zero-timers once the event loop is idle (one tab per
timer, so input is handled between them). A module that fails to import fails loudly: the error
propagates, it never turns into a quiet placeholder.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

# builds a tab: imports its module (inside the function, so that it costs nothing until then)
TabFactory = Callable[["AppServices", QWidget], QWidget]


class LazyTab(QWidget):
    """An empty page that knows which factory will build the tab in its place (seen only for a
    moment)."""

    def __init__(self, factory: TabFactory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.factory = factory
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self).addWidget(self.label)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Loading…"))

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def build(self, services: AppServices, parent: QWidget) -> QWidget:
        """The real tab (an ImportError or any other failure propagates)."""
        return self.factory(services, parent)
