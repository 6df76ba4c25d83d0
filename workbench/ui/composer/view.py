"""What the Composer's helpers (the sender, the dialogs) see of the tab: its parts, no more.

A Protocol instead of the tab's class, so that the helpers do not import the tab that builds
them (no import cycle); their requests go through :class:`workbench.qt.composer.Composer`.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTabWidget

from workbench.qt.composer import Composer
from workbench.qt.services import AppServices
from workbench.ui.composer.editor import RequestEditor
from workbench.ui.composer.response import ResponsePane
from workbench.ui.composer.sign_view import SignView
from workbench.ui.widgets.common import StatusLine


class ComposerView(Protocol):
    """The tab's parts the sender and the dialogs use (ComposerTab has them)."""

    services: AppServices
    composer: Composer
    editor: RequestEditor
    sign_view: SignView
    response: ResponsePane
    right: QTabWidget
    status: StatusLine
    send_action: QAction
    cancel_action: QAction
    export_sent_action: QAction

    def current_body(self) -> str: ...

    def update_sign(self) -> None: ...
