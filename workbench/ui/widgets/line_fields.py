"""One-line fields with a button beside them: a secret with Reveal, a path with Browse….

Why a shared base: both are a line edit that reports user edits through ``edited`` and a
button at its right end, laid out without margins so they sit in a form row like a plain edit.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)


class _EditWithButton(QWidget):
    """A line edit and one button in a margin-less row; subclasses add the button's meaning.

    Signals:
        edited(): the user changed the text (typing, or the button).
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.textEdited.connect(lambda _t: self.edited.emit())
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addWidget(self.edit, 1)

    def _add_button(self, button: QAbstractButton) -> None:
        self._row.addWidget(button)

    def retranslate(self) -> None:
        """Set the button's text; each subclass has its own (and so its own tr() context)."""

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_text(self, text: str) -> None:
        self.edit.setText(text)


class SecretField(_EditWithButton):
    """A password-style line edit with a Reveal toggle (the value is masked by default)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reveal = QToolButton(self)
        self._add_button(self.reveal)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.reveal.setCheckable(True)
        self.reveal.setAutoRaise(True)
        self.reveal.toggled.connect(self._on_reveal_toggled)
        self.retranslate()

    def retranslate(self) -> None:
        self.reveal.setText(self.tr("Hide") if self.reveal.isChecked() else self.tr("Reveal"))

    def _on_reveal_toggled(self, on: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.retranslate()

    def text(self) -> str:
        return self.edit.text()

    def set_read_only(self, on: bool) -> None:
        self.edit.setReadOnly(on)


class PathField(_EditWithButton):
    """A file path with a Browse… button."""

    def __init__(self, file_filter: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browse = QPushButton(self)
        self._add_button(self.browse)
        self._filter = file_filter
        self.browse.clicked.connect(self._on_browse_clicked)
        self.retranslate()

    def retranslate(self) -> None:
        self.browse.setText(self.tr("Browse…"))

    def _on_browse_clicked(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # on use: its type costs startup time

        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a file"), self.edit.text(), self._filter
        )
        if path:
            self.edit.setText(path)
            self.edited.emit()

    def text(self) -> str:
        return self.edit.text().strip()

    def set_read_only(self, on: bool) -> None:
        self.edit.setReadOnly(on)
        self.browse.setEnabled(not on)
