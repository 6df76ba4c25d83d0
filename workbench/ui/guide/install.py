"""``install_guide(window, services)``: the Help menu entries and the first-run walkthrough.

The window stays ignorant of the guide: app.py calls this once after building the window. The
walkthrough starts by itself until the user closes or finishes it once; that is remembered with
``services.set_state(GUIDE_DONE, True)`` (settings, no secret involved).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from workbench.qt.window_state import GUIDE_DONE
from workbench.ui.guide.icons import icon
from workbench.ui.guide.notes import NotesWindow
from workbench.ui.guide.walkthrough import WalkthroughPanel, find_tabs

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

GUIDE_DONE_KEY = GUIDE_DONE.name  # tests and the screenshots read it raw
HELP_MENU_NAME = "menu_help"


class GuideController(QObject):
    """Owns the Help menu actions, the walkthrough panel and the notes window of one window."""

    def __init__(self, window: QMainWindow, services: AppServices) -> None:
        super().__init__(window)
        self.setObjectName("guide_controller")
        self.window = window
        self.services = services
        self.menu, self._own_menu = self._help_menu(window)
        self.walkthrough_action = QAction(icon("help"), "", self)
        self.walkthrough_action.setObjectName("action_walkthrough")
        self.walkthrough_action.triggered.connect(self.start_walkthrough)
        self.notes_action = QAction("", self)
        self.notes_action.setObjectName("action_protocol_notes")
        self.notes_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        if self.notes_action.shortcut().isEmpty():
            self.notes_action.setShortcut(QKeySequence("F1"))
        self.notes_action.triggered.connect(self.show_notes)
        existing = self.menu.actions()
        if existing:  # ahead of the window's own entries (About ...)
            self.menu.insertActions(existing[0], [self.walkthrough_action, self.notes_action])
            self.menu.insertSeparator(existing[0])
        else:
            self.menu.addActions([self.walkthrough_action, self.notes_action])
        window.addAction(self.notes_action)  # F1 works whatever has the focus
        self.panel = WalkthroughPanel(window, find_tabs(window))
        self.panel.dismissed.connect(self._on_panel_dismissed)
        self.notes: NotesWindow | None = None
        window.installEventFilter(self)
        self.retranslate()

    @staticmethod
    def _help_menu(window: QMainWindow) -> tuple[QMenu, bool]:
        """The window's Help menu: objectName ``menu_help``, else ``window.help_menu``, else new."""
        for menu in window.menuBar().findChildren(QMenu) + window.findChildren(QMenu):
            if menu.objectName() == HELP_MENU_NAME:
                return menu, False
        existing = getattr(window, "help_menu", None)
        if isinstance(existing, QMenu):
            return existing, False
        menu = window.menuBar().addMenu("")
        menu.setObjectName(HELP_MENU_NAME)
        return menu, True

    def retranslate(self) -> None:
        if self._own_menu:
            self.menu.setTitle(self.tr("&Help"))
        self.walkthrough_action.setText(self.tr("&Walkthrough"))
        self.walkthrough_action.setToolTip(
            self.tr("A short tour on the sandbox: token, request, callback")
        )
        self.notes_action.setText(self.tr("&Protocol notes"))
        key = self.notes_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.notes_action.setToolTip(
            self.tr("Fields, rules and code tables ({key})").format(key=key)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        # actions and a menu made here get no LanguageChange of their own: follow the window's
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    # ------------------------------------------------------------------ actions
    def start_walkthrough(self) -> None:
        self.panel.start(0)

    def show_notes(self) -> NotesWindow:
        if self.notes is None:
            self.notes = NotesWindow(self.services.runner.submit, self.window)
            self.notes.load()
        self.notes.show()
        self.notes.raise_()
        self.notes.activateWindow()
        return self.notes

    def _on_panel_dismissed(self) -> None:
        self.services.set_state(GUIDE_DONE, True)


def install_guide(window: QMainWindow, services: AppServices) -> GuideController:
    """Add Help ▸ Walkthrough and Help ▸ Protocol notes (F1); start the tour on first run.

    Returns the controller (also reachable as ``window.findChild(QObject, "guide_controller")``).
    """
    controller = GuideController(window, services)
    if not services.state(GUIDE_DONE):
        # after the window is shown, so the panel is placed against its real size
        QTimer.singleShot(0, controller.start_walkthrough)
    return controller
