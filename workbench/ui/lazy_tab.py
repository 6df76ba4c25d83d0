"""Tabs that are built after the window is on screen.

Importing and constructing the Composer, Files and Callbacks tabs costs more than the rest of the
window together (their modules pull in the JSON viewer, pygments, the callback codec...). The
window shows a :class:`LazyTab` in their place, so the first paint never waits for them; the real
tab is built by its factory function (see :data:`workbench.ui.main_window.LAZY_TABS`) the first
time its page is selected, or in a chain of zero-timers once the event loop is idle (one tab per
timer, so input is handled between them). A module that fails to import fails loudly: the error
propagates, it never turns into a quiet placeholder. A tab that raises while it is being built
shows a :class:`PlaceholderTab` saying why (and the smoke test fails on it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workbench.ui.widgets.early import align_center

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

log = logging.getLogger(__name__)

# builds a tab: imports its module (inside the function, so that it costs nothing until then)
TabFactory = Callable[["AppServices", QWidget], QWidget]


class PlaceholderTab(QWidget):
    """Stands in for a tab that failed to build (``error`` says why: the page never stays on
    "Loading…")."""

    def __init__(self, parent: QWidget | None = None, error: str = "") -> None:
        super().__init__(parent)
        self.error = error
        self.label = QLabel(self)
        align_center(self.label)
        self.label.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.label)
        self.retranslate()

    def retranslate(self) -> None:
        if self.error:
            self.label.setText(
                self.tr("This part of the workbench could not be opened (%1).").replace(
                    "%1", self.error
                )
            )
        else:
            self.label.setText(
                self.tr("This part of the workbench is not available in this build.")
            )

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class LazyTab(QWidget):
    """An empty page that knows which factory will build the tab in its place (seen only for a
    moment)."""

    def __init__(self, factory: TabFactory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.factory = factory
        self.label = QLabel(self)
        align_center(self.label)
        QVBoxLayout(self).addWidget(self.label)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Loading…"))

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def build(self, services: AppServices, parent: QWidget) -> QWidget:
        """The real tab. A module that cannot be imported raises (a broken build must not pass
        unnoticed); a tab that fails while being built shows a placeholder that says why (the
        page never stays on "Loading…"), and the error is logged in full."""
        try:
            return self.factory(services, parent)
        except ImportError:
            raise
        except Exception as exc:  # a broken tab must not leave "Loading…" for ever
            log.exception("the tab of %s could not be built", self.factory.__name__)
            return PlaceholderTab(parent, f"{type(exc).__name__}: {str(exc)[:200]}")
