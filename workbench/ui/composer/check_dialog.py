"""Check a sign computed elsewhere: paste the partner's URL, body and ticket, recompute, explain.

The ticket field starts with the active environment's sign ticket (or what the caller passes,
e.g. a log row); when it is that ticket, the previous one is tried too within its 5-minute
overlap (PROTOCOL P3). The recomputation and the named slips come from ``core.sign_check``, the
same core the command line's ``sign check`` uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.credentials import KIND_SIGN_TICKET
from workbench.core.sign_check import SignCheck, check_sign
from workbench.qt.i18n import pick
from workbench.ui.widgets.common import StatusLine
from workbench.ui.widgets.json_view import JsonEditor

if TYPE_CHECKING:
    from workbench.qt.services import AppServices


class CheckSignDialog(QDialog):
    """The *Check a sign* dialog.

    ``url``, ``body`` and ``ticket`` prefill the fields (the log view opens it from a row);
    without ``ticket`` the field holds the active environment's sign ticket, if any.
    """

    def __init__(
        self,
        services: AppServices,
        parent: QWidget | None = None,
        *,
        url: str | None = None,
        body: str | None = None,
        ticket: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.url_label = QLabel(self)
        self.url = QLineEdit(self)
        self.ticket_label = QLabel(self)
        self.ticket = QLineEdit(self)
        self.body_label = QLabel(self)
        self.body = JsonEditor(self)
        self.check = QPushButton(self)
        self.check.setDefault(True)
        self.check.clicked.connect(self.run_check)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        self.status = StatusLine(self)
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.check)
        buttons.addWidget(self.close_button)
        box = QVBoxLayout(self)
        box.addWidget(self.url_label)
        box.addWidget(self.url)
        box.addWidget(self.ticket_label)
        box.addWidget(self.ticket)
        box.addWidget(self.body_label)
        box.addWidget(self.body, 2)
        box.addLayout(buttons)
        box.addWidget(self.status)
        box.addWidget(self.report, 1)
        fm = self.fontMetrics()
        self.resize(fm.horizontalAdvance("M") * 80, fm.height() * 38)
        self.checks_done = 0
        self._result: SignCheck | None = None  # kept to re-render on a language switch
        current, self._previous = self._book_tickets()
        self._book_ticket = current
        self.url.setText(url or "")
        self.body.setPlainText(body or "")
        self.ticket.setText(ticket if ticket is not None else current)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Check a sign from elsewhere"))
        self.url_label.setText(
            self.tr("Full request URL (with app_id, nonce, version, sign, type)")
        )
        self.ticket_label.setText(self.tr("Sign ticket used (starts with this environment's)"))
        self.ticket.setPlaceholderText(self.tr("Paste the sign ticket the other side used"))
        self.body_label.setText(self.tr("Body exactly as it was sent"))
        self.check.setText(self.tr("Check"))
        self.close_button.setText(self.tr("Close"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _book_tickets(self) -> tuple[str, str | None]:
        """The active environment's sign ticket and, within its overlap, the previous one."""
        try:
            snap = self._services.book().snapshot()
            now = self._services.credential_clock().now_ms()
        except Exception:  # no environment yet: the user types a ticket
            return "", None
        current = snap.get(KIND_SIGN_TICKET)
        previous = snap.previous_sign_ticket
        prev = previous.value if previous is not None and previous.expires_ms > now else None
        return (current.value if current is not None else ""), prev

    def run_check(self) -> None:
        url = self.url.text()
        body = self.body.toPlainText()
        ticket = self.ticket.text()
        previous = self._previous if ticket and ticket == self._book_ticket else None
        self._result = None
        self.report.clear()
        self.status.set_status(StatusLine.PENDING, lambda: self.tr("Checking…"))
        self._services.runner.submit(
            "check sign",
            lambda _c: check_sign(url, body, ticket, previous_ticket=previous, body_pasted=True),
            on_result=self._on_result,
            on_error=self._on_error,
        )

    def _on_error(self, error: Any) -> None:
        self.status.set_status(StatusLine.FAILED, error.text)
        self.checks_done += 1

    def _on_result(self, result: SignCheck) -> None:
        self._result = result
        self._render()
        self.checks_done += 1

    def _render(self) -> None:
        """Status and report from the kept result (again on a language switch)."""
        result = self._result
        if result is None:
            return
        if result.problems:
            state, sentence = StatusLine.FAILED, self.tr("This cannot be checked:")
        elif result.match:
            state = StatusLine.OK
            sentence = self.tr("The sign matches: it was computed by the rules with this ticket.")
        elif result.slips:
            state = StatusLine.WARNING
            sentence = self.tr("The sign does not match. A known mistake reproduces it exactly:")
        else:
            state = StatusLine.FAILED
            sentence = self.tr(
                "The sign does not match, and no known mistake reproduces it "
                "(another ticket or another body?)."
            )
        self.status.set_status(state, sentence)
        lines = ["✓ " + pick(s.text) for s in result.slips]
        lines += ["✗ " + pick(p.text) for p in result.problems]
        lines += ["! " + pick(n.text) for n in result.notes]
        if result.expected:
            lines.append("")
            lines.append(self.tr("Expected sign: {sign}").format(sign=result.expected))
            lines.append(self.tr("Given sign: {sign}").format(sign=result.given))
            lines.append(
                self.tr("Expected sign string (ticket masked): {s}").format(
                    s=result.sign_string[:2000]
                )
            )
        self.report.setPlainText("\n".join(lines))

    def report_text(self) -> str:
        return self.status.text() + "\n" + self.report.toPlainText()
