"""Small widgets every tab uses: copy buttons, masked values, status lines, code explanations.

They take their text from callables or :class:`~workbench.core.text.Text` so that they can
re-render themselves when the language changes; none of them knows about the network.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.codes import LAYER_NAMES, explain
from workbench.core.credentials import mask
from workbench.core.text import Text
from workbench.qt.i18n import pick

# Colours that read on both light and dark palettes (a status is never told by colour alone:
# the ✓/✗ mark carries it too).
OK_COLOUR = "#2e7d32"
WARN_COLOUR = "#b26a00"
ERROR_COLOUR = "#c62828"


class FitLabel(QLabel):
    """A label on one line when there is room, wrapped onto more lines when there is not.

    A plain word-wrapped QLabel asks for a balanced, nearly square shape and so wraps even a
    short sentence in a wide window; this one asks for its one-line width.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        m = self.contentsMargins()
        one_line = self.fontMetrics().horizontalAdvance(self.text()) + m.left() + m.right()
        one_line += 2 * self.margin() + self.fontMetrics().averageCharWidth() // 2
        return QSize(max(hint.width(), one_line), self.heightForWidth(one_line))


class CopyButton(QToolButton):
    """A small "Copy" button beside a value; says "Copied" for a moment after a click."""

    def __init__(self, get_text: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._get_text = get_text
        self._copied = False
        self.setAutoRaise(True)
        self.clicked.connect(self._on_clicked)
        self._reset = QTimer(self)
        self._reset.setSingleShot(True)
        self._reset.setInterval(1200)
        self._reset.timeout.connect(self._on_reset_timeout)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.tr("Copied") if self._copied else self.tr("Copy"))
        self.setToolTip(self.tr("Copy to the clipboard"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_clicked(self) -> None:
        text = self._get_text()
        if not text:
            return
        QGuiApplication.clipboard().setText(text)
        self._copied = True
        self.retranslate()
        self._reset.start()

    def _on_reset_timeout(self) -> None:
        self._copied = False
        self.retranslate()


class MaskedValue(QWidget):
    """A read-only value (token, ticket, secret) shown masked, with Reveal and Copy.

    Copy always copies the real value: the mask protects the screen (and screenshots), not the
    clipboard the user asked for.
    """

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "") -> None:
        super().__init__(parent)
        self._value = ""
        self._revealed = False
        self._placeholder = placeholder
        self.field = QLineEdit(self)
        self.field.setReadOnly(True)
        self.field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.reveal = QToolButton(self)
        self.reveal.setCheckable(True)
        self.reveal.setAutoRaise(True)
        self.reveal.toggled.connect(self._on_reveal_toggled)
        self.copy = CopyButton(lambda: self._value, self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field, 1)
        row.addWidget(self.reveal)
        row.addWidget(self.copy)
        self.retranslate()

    def retranslate(self) -> None:
        self.reveal.setText(self.tr("Hide") if self._revealed else self.tr("Reveal"))
        self.reveal.setToolTip(self.tr("Show or hide the full value"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self._render()

    def value(self) -> str:
        return self._value

    def set_value(self, value: str) -> None:
        self._value = value
        self.copy.setEnabled(bool(value))
        self.reveal.setEnabled(bool(value))
        self._render()

    def shown_text(self) -> str:
        return self.field.text()

    def _on_reveal_toggled(self, on: bool) -> None:
        self._revealed = on
        self.retranslate()

    def _render(self) -> None:
        self.field.setPlaceholderText(self._placeholder)
        self.field.setText(self._value if self._revealed else mask(self._value))
        self.field.setCursorPosition(0)


class StatusLine(QWidget):
    """✓ or ✗ (or • while pending) and a plain sentence; colours from a fixed, readable set."""

    OK, FAILED, PENDING, WARNING, NONE = "ok", "failed", "pending", "warning", "none"
    _MARKS = {OK: "✓", FAILED: "✗", PENDING: "…", WARNING: "!", NONE: ""}
    _COLOURS = {OK: OK_COLOUR, FAILED: ERROR_COLOUR, WARNING: WARN_COLOUR}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = self.NONE
        self._text: Text | str | Callable[[], str] = ""
        self.mark = QLabel(self)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def set_status(self, state: str, text: Text | str | Callable[[], str]) -> None:
        """``text``: a Text (re-picked on language change), a callable returning the translated
        sentence (called again on language change: pass ``lambda: self.tr(...)``), or a str."""
        self.state = state
        self._text = text
        self._render()

    def clear(self) -> None:
        self.set_status(self.NONE, "")

    def text(self) -> str:
        return self.label.text()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

    def _render(self) -> None:
        if isinstance(self._text, Text):
            text = pick(self._text)
        elif callable(self._text):
            text = self._text()
        else:
            text = self._text
        self.mark.setText(self._MARKS[self.state])
        colour = self._COLOURS.get(self.state)
        style = f"color: {colour}; font-weight: bold;" if colour else ""
        self.mark.setStyleSheet(style)
        self.label.setText(text)
        self.setVisible(bool(text) or self.state != self.NONE)


class CodeExplanation(QWidget):
    """What a platform code means and what usually fixes it (PROTOCOL P9, guide section 6)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code = ""
        self._layer: str | None = None
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setForegroundRole(QPalette.ColorRole.WindowText)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.label)
        self.setVisible(False)

    def set_code(self, code: str, layer: str | None = None) -> None:
        self._code = code
        self._layer = layer
        self._render()

    def text(self) -> str:
        return self.label.text()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

    def _render(self) -> None:
        infos = explain(self._code, self._layer) if self._code else []
        if not infos:
            self.label.setText(
                self.tr("Code {code} is not in the platform's tables.").format(code=self._code)
                if self._code
                else ""
            )
            self.setVisible(bool(self._code))
            return
        parts = []
        for info in infos:
            line = f"<b>{info.code}</b> ({pick(LAYER_NAMES[info.layer])}): {pick(info.meaning)}"
            cause = pick(info.cause)
            if cause:
                line += "<br>" + self.tr("Usual cause:") + " " + cause
            parts.append(line)
        self.label.setText("<br>".join(parts))
        self.setVisible(True)
