"""The live sign view: every value that enters the sign, in the order Java sorts them (P4.3).

Why the care about invisible characters: the usual reason a partner's sign differs from the
platform's is a stray space, tab or line end in a value; here they are drawn (·, →, ←, ↵) so
they can be seen, inside a value as well as at its ends. The marks are ones that the shipped CJK
font (WenQuanYi Micro Hei) and the usual system fonts all have: the control pictures (␊, ␍) are
missing from most fonts and showed as boxes. A 1 MB body is never put into a widget whole on
each keystroke: the table and the sign string show an elided preview and the length.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.sign import SOURCE_TICKET, SignResult
from workbench.ui.widgets.common import CopyButton, StatusLine, set_guide_tooltip

PREVIEW_CHARS = 160  # characters of a long value shown in the table (head and tail)
SIGN_STRING_CHARS = 2000  # beyond this, the sign string is shown elided in the middle
TOOLTIP_CHARS = 400  # characters whose code points a tooltip lists
_MASK = "•" * 8


WHITESPACE_MARKS = {" ": "·", "\t": "→", "\r": "←", "\n": "↵"}
_VISIBLE = str.maketrans(WHITESPACE_MARKS)


def make_visible(text: str) -> str:
    """Spaces, tabs, CR and LF drawn as ·, →, ←, ↵, wherever they are (PROTOCOL P4.2)."""
    return text.translate(_VISIBLE)


def elide(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]} … {text[-half:]}"


def code_points(text: str) -> str:
    """``字 U+5B57`` for each non-ASCII character, for a tooltip."""
    seen: list[str] = []
    for ch in text[:TOOLTIP_CHARS]:
        if ord(ch) > 0x7E or ord(ch) < 0x20:
            entry = f"{make_visible(ch)} U+{ord(ch):04X}"
            if entry not in seen:
                seen.append(entry)
    return "\n".join(seen[:40])


class SignView(QWidget):
    """Shows a :class:`SignResult`, the final URL and the "no ticket" state.

    Signals:
        fetch_ticket_requested(): the user asked to fetch a sign ticket.
    """

    fetch_ticket_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._result: SignResult | None = None
        self._url = ""
        self._shown_sign_string = ""
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

        self.no_ticket = QWidget(self)
        self.no_ticket_label = QLabel(self.no_ticket)
        self.no_ticket_label.setWordWrap(True)
        self.fetch_button = QPushButton(self.no_ticket)
        self.fetch_button.clicked.connect(self.fetch_ticket_requested)
        row = QHBoxLayout(self.no_ticket)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.no_ticket_label, 1)
        row.addWidget(self.fetch_button)
        self.no_ticket.setVisible(False)

        self.table = QTableWidget(0, 3, self)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setFont(mono)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # compact rows, all of them shown: the table is the reason this view exists
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fit_table()

        self.sign_string_label = QLabel(self)
        self.reveal = QCheckBox(self)
        self.reveal.toggled.connect(self._on_reveal_toggled)
        self.sign_string = QPlainTextEdit(self)
        self.sign_string.setReadOnly(True)
        self.sign_string.setFont(mono)
        self.sign_string.setMaximumHeight(self.fontMetrics().height() * 4)
        self.sign_string_copy = CopyButton(self._sign_string_for_copy, self)

        self.sign_label = QLabel(self)
        self.sign = QLineEdit(self)
        self.sign.setReadOnly(True)
        self.sign.setFont(mono)
        self.sign_copy = CopyButton(lambda: self.sign.text(), self)
        self.url_label = QLabel(self)
        self.url = QLineEdit(self)
        self.url.setReadOnly(True)
        self.url.setFont(mono)
        self.url_copy = CopyButton(lambda: self._url, self)
        self.url_status = StatusLine(self)

        head = QHBoxLayout()
        head.addWidget(self.sign_string_label)
        head.addWidget(self.reveal)
        head.addStretch(1)
        head.addWidget(self.sign_string_copy)
        grid = QGridLayout()
        grid.addLayout(head, 0, 0, 1, 3)
        grid.addWidget(self.sign_string, 1, 0, 1, 3)
        grid.addWidget(self.sign_label, 2, 0)
        grid.addWidget(self.sign, 2, 1)
        grid.addWidget(self.sign_copy, 2, 2)
        grid.addWidget(self.url_label, 3, 0)
        grid.addWidget(self.url, 3, 1)
        grid.addWidget(self.url_copy, 3, 2)
        grid.setColumnStretch(1, 1)

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.no_ticket)
        box.addWidget(self.table)
        box.addLayout(grid)
        box.addWidget(self.url_status)
        set_guide_tooltip(self.sign, "sign", self.sign_label)
        set_guide_tooltip(
            self.sign_string,
            "sign",
            self.sign_string_label,
            extra=lambda: self.tr("The values below, sorted and joined, are what SHA1 signs."),
        )
        self.retranslate()

    def retranslate(self) -> None:
        self.no_ticket_label.setText(self.tr("No sign ticket yet — fetch one"))
        self.fetch_button.setText(self.tr("Fetch sign ticket"))
        self.fetch_button.setToolTip(
            self.tr("Fetches an access token and a sign ticket for the active environment")
        )
        self.table.setHorizontalHeaderLabels([self.tr("#"), self.tr("Source"), self.tr("Value")])
        self.sign_string_label.setText(self.tr("Sign string (sorted values, no separator)"))
        self.reveal.setText(self.tr("Reveal ticket"))
        self.sign_label.setText(self.tr("sign (SHA1)"))
        self.url_label.setText(self.tr("URL"))
        self._render_table()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- input -----------------------------------------------------------------------------

    def show_result(self, result: SignResult, url: str, *, ticket_missing: bool) -> None:
        self._result = result
        self._url = url
        self.no_ticket.setVisible(ticket_missing)
        self._render_table()
        self._render_sign_string()
        if self.sign.text() != result.sign:
            self.sign.setText(result.sign)
        if self.url.text() != url:
            self.url.setText(url)
            self.url.setCursorPosition(0)
        self.url_status.clear()

    def show_problem(self, text: str | Callable[[], str]) -> None:
        """A request that cannot be built (a bad path): say why instead of a URL.

        Pass a callable returning the translated sentence so that it follows a language switch.
        """
        self._url = ""
        self.url.clear()
        self.url_status.set_status(StatusLine.FAILED, text)

    def set_fetching(self, fetching: bool) -> None:
        self.fetch_button.setEnabled(not fetching)

    @property
    def result(self) -> SignResult | None:
        return self._result

    def sign_string_text(self) -> str:
        """What the sign string box shows (elided when long, ticket masked unless revealed)."""
        return self.sign_string.toPlainText()

    # -- rendering -------------------------------------------------------------------------

    def _fit_table(self) -> None:
        """As tall as its rows (no blank space under them, no scrolling for six values)."""
        rows = self.table.rowCount()
        height = (
            self.table.horizontalHeader().sizeHint().height()
            + self.table.verticalHeader().defaultSectionSize() * max(rows, 3)
            + 2 * self.table.frameWidth()
            + self.table.horizontalScrollBar().sizeHint().height() // 2
        )
        self.table.setFixedHeight(height)

    def _render_table(self) -> None:
        result = self._result
        if result is None:
            return
        if self.table.rowCount() != len(result.ordered):
            self.table.setRowCount(len(result.ordered))
            self._fit_table()
        for row, value in enumerate(result.ordered):
            text = value.text
            if value.source == SOURCE_TICKET and text and not self.reveal.isChecked():
                text = _MASK
            if len(value.text) > PREVIEW_CHARS:
                shown = self.tr("{preview} ({n} characters)").format(
                    preview=make_visible(elide(text, PREVIEW_CHARS)), n=f"{len(value.text):,}"
                )
            elif not value.text:
                shown = self.tr("(empty: adds nothing)")
            else:
                shown = make_visible(text)
            self._set_cell(row, 0, str(row + 1))
            self._set_cell(row, 1, value.source)
            item = self._set_cell(row, 2, shown)
            tip = "" if value.source == SOURCE_TICKET else code_points(value.text)
            if item.toolTip() != tip:
                item.setToolTip(tip)

    def _set_cell(self, row: int, col: int, text: str) -> QTableWidgetItem:
        item = self.table.item(row, col)
        if item is None:
            item = QTableWidgetItem(text)
            self.table.setItem(row, col, item)
        elif item.text() != text:
            item.setText(text)
        return item

    def _sign_string_for_copy(self) -> str:
        if self._result is None:
            return ""
        if self.reveal.isChecked():
            return self._result.sign_string
        return self._result.masked_sign_string()

    def _render_sign_string(self) -> None:
        result = self._result
        if result is None:
            return
        parts = []
        for v in result.ordered:
            if v.source == SOURCE_TICKET and v.text and not self.reveal.isChecked():
                parts.append(_MASK)
            else:
                parts.append(elide(v.text, SIGN_STRING_CHARS // 2))
        shown = make_visible("".join(parts))
        if shown != self._shown_sign_string:
            self._shown_sign_string = shown
            self.sign_string.setPlainText(shown)

    def _on_reveal_toggled(self, _on: bool) -> None:
        self._render_table()
        self._render_sign_string()
