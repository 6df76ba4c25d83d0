"""Tabs that are built after the window is on screen.

Importing and constructing the Composer, Files and Callbacks tabs costs more than the rest of the
window together (their modules pull in the JSON viewer, pygments, the callback codec...). The
window shows a :class:`LazyTab` in their place, so the first paint never waits for them; the real
tab is built the first time its page is selected, or in a chain of zero-timers once the event loop
is idle (one tab per timer, so input is handled between them). A tab whose module is missing from
the build is replaced by a :class:`PlaceholderTab` instead.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

log = logging.getLogger(__name__)


class PlaceholderTab(QWidget):
    """Stands in for a tab whose module is missing from this build, or that failed to build
    (``error`` then says why: the page never stays on "Loading…")."""

    def __init__(self, parent: QWidget | None = None, error: str = "") -> None:
        super().__init__(parent)
        self.error = error
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
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

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class LazyTab(QWidget):
    """An empty page that knows which tab class will take its place (seen only for a moment)."""

    def __init__(self, module: str, cls: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.module, self.cls = module, cls
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self).addWidget(self.label)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Loading…"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def build_tab(module: str, cls: str, services: Any, parent: QWidget) -> QWidget:
    """The real tab ``module.cls(services, parent)``, or a placeholder when it is not there."""
    try:
        tab_class = getattr(importlib.import_module(module), cls)
    except (ImportError, AttributeError):
        log.info("%s.%s not available: placeholder shown", module, cls)
        return PlaceholderTab(parent)
    try:
        widget: QWidget = tab_class(services, parent)
    except Exception as exc:  # noqa: BLE001 - a broken tab must not leave "Loading…" for ever
        log.exception("%s.%s could not be built", module, cls)
        return PlaceholderTab(parent, f"{type(exc).__name__}: {str(exc)[:200]}")
    return widget
