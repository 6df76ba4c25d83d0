"""The Callbacks tab (PROTOCOL P7): verifier, responder and the local listener, one salt for all.

The salt box sits above the three pages because they must agree: what the listener checks, the
verifier shows and the responder signs all use the same salt and timestamp window.

Building the tab is cheap on purpose: the Listener page (receiver, rules, sender, and with them
the HTTP server's imports) is built the first time it is shown or the listener is toggled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from workbench.qt.window_state import CALLBACKS_PAGE
from workbench.ui.callbacks.log_view import LogView
from workbench.ui.callbacks.responder import ResponderView
from workbench.ui.callbacks.salt import SaltBox
from workbench.ui.callbacks.verifier import VerifierView

if TYPE_CHECKING:
    from workbench.qt.services import AppServices
    from workbench.ui.callbacks.receiver_view import ReceiverView
    from workbench.ui.callbacks.sender import SenderView

PAGE_VERIFIER, PAGE_RESPONDER, PAGE_LISTENER, PAGE_LOG = range(4)


class CallbacksTab(QWidget):
    """Built by the main window as ``CallbacksTab(services, parent)``."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.salt_box = SaltBox(services, self)
        self.pages = QTabWidget(self)
        self.verifier = VerifierView(services, self.salt_box, self.pages)
        self.responder = ResponderView(services, self.salt_box, self.pages)
        self._listener_page = QWidget(self.pages)
        self._listener_layout = QVBoxLayout(self._listener_page)
        self._listener_layout.setContentsMargins(0, 0, 0, 0)
        self._receiver: ReceiverView | None = None
        self._sender: SenderView | None = None
        self.pages.addTab(self.verifier, "")
        self.pages.addTab(self.responder, "")
        self.pages.addTab(self._listener_page, "")
        self.log = LogView(services, self.salt_box, self.pages)
        self.pages.addTab(self.log, "")
        page = services.state(CALLBACKS_PAGE)
        self.pages.setCurrentIndex(page if 0 <= page < self.pages.count() else 0)
        if self.pages.currentIndex() == PAGE_LISTENER:
            self._ensure_listener()
        lay = QVBoxLayout(self)
        lay.addWidget(self.salt_box)
        lay.addWidget(self.pages, 1)

        self.toggle_listener = QAction(self)
        self.toggle_listener.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.toggle_listener.triggered.connect(self._on_toggle_listener)
        self.verify_action = QAction(self)
        self.verify_action.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.verify_action.triggered.connect(self._on_verify_action)

        self.pages.currentChanged.connect(self._on_page_changed)
        self.verifier.answer_requested.connect(self._on_answer_requested)
        self.log.callback_selected.connect(self.verifier.load_body)
        self.log.open_requested.connect(self._on_log_open_requested)
        self.retranslate()

    @property
    def receiver(self) -> ReceiverView:
        """The Listener page's receiver (built on first use)."""
        return self._ensure_listener()[0]

    @property
    def sender(self) -> SenderView:  # type: ignore[override]  # kept: tests and menus use tab.sender
        """The Listener page's sender (built on first use)."""
        return self._ensure_listener()[1]

    def listener_built(self) -> bool:
        return self._receiver is not None

    def _ensure_listener(self) -> tuple[ReceiverView, SenderView]:
        """Build the Listener page: its modules load here, not when the window starts."""
        if self._receiver is None or self._sender is None:
            from workbench.ui.callbacks.receiver_view import ReceiverView
            from workbench.ui.callbacks.sender import SenderView

            listener = QSplitter(Qt.Orientation.Horizontal, self._listener_page)
            self._receiver = ReceiverView(self._services, self.salt_box, listener)
            self._sender = SenderView(self._services, self.salt_box, self._receiver, listener)
            listener.addWidget(self._receiver)
            listener.addWidget(self._sender)
            listener.setStretchFactor(0, 3)
            listener.setStretchFactor(1, 2)
            self._listener_layout.addWidget(listener)
            self._receiver.open_requested.connect(self._on_open_requested)
        return self._receiver, self._sender

    def retranslate(self) -> None:
        self.pages.setTabText(PAGE_VERIFIER, self.tr("Verifier"))
        self.pages.setTabText(PAGE_RESPONDER, self.tr("Responder"))
        self.pages.setTabText(PAGE_LISTENER, self.tr("Listener"))
        self.pages.setTabText(PAGE_LOG, self.tr("Log"))
        self.toggle_listener.setText(self.tr("Start or stop the callback listener"))
        self.toggle_listener.setToolTip(
            self.tr("Start or stop the callback listener (Ctrl+Shift+L)")
        )
        self.verify_action.setText(self.tr("Verify a callback"))
        self.verify_action.setToolTip(self.tr("Open the callback verifier (Ctrl+Shift+V)"))

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def actions(self) -> list[QAction]:
        return [self.verify_action, self.toggle_listener]

    def shutdown(self) -> None:
        self.log.shutdown()
        if self._receiver is not None:
            self._receiver.shutdown()

    # slots ------------------------------------------------------------------------------
    def _on_page_changed(self, index: int) -> None:
        if index == PAGE_LISTENER:
            self._ensure_listener()
        self._services.set_state(CALLBACKS_PAGE, index)

    def _on_answer_requested(self, trans_name: str, seq_no: str, code: str) -> None:
        self.responder.answer(trans_name, seq_no, code)
        self.pages.setCurrentIndex(PAGE_RESPONDER)

    def _on_open_requested(self, event: Any) -> None:
        self.verifier.load_body(event.body_text())
        self.pages.setCurrentIndex(PAGE_VERIFIER)

    def _on_log_open_requested(self, text: str) -> None:
        self.verifier.load_body(text)
        self.pages.setCurrentIndex(PAGE_VERIFIER)

    def _on_toggle_listener(self) -> None:
        if self.receiver.running:
            self.receiver.stop()
        else:
            self.receiver.start()
        self.pages.setCurrentIndex(PAGE_LISTENER)

    def _on_verify_action(self) -> None:
        self.pages.setCurrentIndex(PAGE_VERIFIER)
        self.verifier.body.setFocus()
