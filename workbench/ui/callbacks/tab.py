"""The Callbacks tab (PROTOCOL P7): verifier, responder and the local listener, one salt for all.

The salt box sits above the three pages because they must agree: what the listener checks, the
verifier shows and the responder signs all use the same salt and timestamp window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from workbench.ui.callbacks.receiver_view import ReceiverView
from workbench.ui.callbacks.responder import ResponderView
from workbench.ui.callbacks.salt import SaltBox
from workbench.ui.callbacks.sender import SenderView
from workbench.ui.callbacks.verifier import VerifierView

PAGE_VERIFIER, PAGE_RESPONDER, PAGE_LISTENER = range(3)


class CallbacksTab(QWidget):
    """Built by the main window as ``CallbacksTab(services, parent)``."""

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.salt_box = SaltBox(services, self)
        self.pages = QTabWidget(self)
        self.verifier = VerifierView(services, self.salt_box, self.pages)
        self.responder = ResponderView(services, self.salt_box, self.pages)
        listener = QSplitter(Qt.Orientation.Horizontal, self.pages)
        self.receiver = ReceiverView(services, self.salt_box, listener)
        self.sender = SenderView(services, self.salt_box, self.receiver, listener)
        listener.addWidget(self.receiver)
        listener.addWidget(self.sender)
        listener.setStretchFactor(0, 3)
        listener.setStretchFactor(1, 2)
        self.pages.addTab(self.verifier, "")
        self.pages.addTab(self.responder, "")
        self.pages.addTab(listener, "")
        page = services.ui_state("callbacks/page", PAGE_VERIFIER)
        self.pages.setCurrentIndex(page if isinstance(page, int) and 0 <= page < 3 else 0)
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
        self.receiver.open_requested.connect(self._on_open_requested)
        self.retranslate()

    def retranslate(self) -> None:
        self.pages.setTabText(PAGE_VERIFIER, self.tr("Verifier"))
        self.pages.setTabText(PAGE_RESPONDER, self.tr("Responder"))
        self.pages.setTabText(PAGE_LISTENER, self.tr("Listener"))
        self.toggle_listener.setText(self.tr("Start or stop the callback listener"))
        self.toggle_listener.setToolTip(
            self.tr("Start or stop the callback listener (Ctrl+Shift+L)"))
        self.verify_action.setText(self.tr("Verify a callback"))
        self.verify_action.setToolTip(self.tr("Open the callback verifier (Ctrl+Shift+V)"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def actions(self) -> list[QAction]:  # type: ignore[override]
        return [self.verify_action, self.toggle_listener]

    def shutdown(self) -> None:
        self.receiver.shutdown()

    # slots ------------------------------------------------------------------------------
    def _on_page_changed(self, index: int) -> None:
        self._services.set_ui_state("callbacks/page", index)

    def _on_answer_requested(self, trans_name: str, seq_no: str, code: str) -> None:
        self.responder.answer(trans_name, seq_no, code)
        self.pages.setCurrentIndex(PAGE_RESPONDER)

    def _on_open_requested(self, event: Any) -> None:
        self.verifier.load_body(event.body_text())
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
