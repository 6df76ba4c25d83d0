"""Check a sign computed elsewhere: paste the partner's URL and body, recompute, explain.

The recomputation uses the current sign ticket and, within its 5-minute overlap, the previous
one (PROTOCOL P3), and tries the usual slips (core.diagnose) to say which one reproduces it.
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
from workbench.qt.i18n import pick
from workbench.qt.results import BookSnapshot
from workbench.ui.widgets.common import StatusLine
from workbench.ui.widgets.json_view import JsonEditor

if TYPE_CHECKING:
    from workbench.qt.services import AppServices


class CheckSignDialog(QDialog):
    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.url_label = QLabel(self)
        self.url = QLineEdit(self)
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
        box.addWidget(self.body_label)
        box.addWidget(self.body, 2)
        box.addLayout(buttons)
        box.addWidget(self.status)
        box.addWidget(self.report, 1)
        fm = self.fontMetrics()
        self.resize(fm.horizontalAdvance("M") * 80, fm.height() * 34)
        self.checks_done = 0
        self._diagnosis: Any = None  # a core.diagnose result, kept to re-render
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Check a sign from elsewhere"))
        self.url_label.setText(
            self.tr("Full request URL (with app_id, nonce, version, sign, type)")
        )
        self.body_label.setText(self.tr("Body exactly as it was sent"))
        self.check.setText(self.tr("Check"))
        self.close_button.setText(self.tr("Close"))
        self._render_diagnosis()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _tickets(self) -> tuple[str, str | None]:
        snap: BookSnapshot = self._services.book().snapshot()
        current = snap.get(KIND_SIGN_TICKET)
        previous = snap.previous_sign_ticket
        now = self._services.credential_clock().now_ms()
        prev = previous.value if previous is not None and previous.expires_ms > now else None
        return (current.value if current is not None else ""), prev

    def run_check(self) -> None:
        try:
            from workbench.core.diagnose import diagnose_request_sign
        except ImportError:
            self.status.set_status(
                StatusLine.FAILED,
                lambda: self.tr("The sign diagnosis is not available in this build."),
            )
            return
        url = self.url.text()
        body = self.body.toPlainText()
        ticket, previous = self._tickets()
        self.status.set_status(StatusLine.PENDING, lambda: self.tr("Checking…"))
        self._services.runner.submit(
            "check sign",
            lambda _c: diagnose_request_sign(url, body, ticket, previous),
            on_result=self._on_diagnosis,
            on_error=lambda e: self.status.set_status(StatusLine.FAILED, e.text),
        )

    def _on_diagnosis(self, diagnosis: Any) -> None:
        self._diagnosis = diagnosis
        self._render_diagnosis()
        self.checks_done += 1

    def _render_diagnosis(self) -> None:
        """Status and report from the kept diagnosis (again on a language switch)."""
        from workbench.core import diagnose as d

        diagnosis = self._diagnosis
        if diagnosis is None:
            return
        if diagnosis.status == d.SIGN_MATCH:
            state = StatusLine.OK
            sentence = self.tr(
                "The sign matches: it was computed by the rules with the current ticket."
            )
        elif diagnosis.status == d.SIGN_VARIANT:
            state = StatusLine.WARNING
            sentence = self.tr(
                "The sign does not match the rules, but a known mistake reproduces it:"
            )
        elif diagnosis.status == d.SIGN_MISMATCH:
            state = StatusLine.FAILED
            sentence = self.tr(
                "The sign does not match, and no known mistake reproduces it "
                "(another ticket or another body?)."
            )
        else:
            state, sentence = StatusLine.FAILED, self.tr("This cannot be checked:")
        self.status.set_status(state, sentence)
        lines: list[str] = []
        for v in diagnosis.matching:
            lines.append("✓ " + pick(v.text))
        for p in diagnosis.problems:
            lines.append("✗ " + pick(p.text))
        for n in diagnosis.notes:
            lines.append("! " + pick(n.text))
        if diagnosis.expected is not None:
            lines.append("")
            lines.append(self.tr("Expected sign: {sign}").format(sign=diagnosis.expected.sign))
            lines.append(self.tr("Given sign: {sign}").format(sign=diagnosis.given_sign or ""))
            lines.append(
                self.tr("Expected sign string (ticket masked): {s}").format(
                    s=diagnosis.expected.masked_sign_string()[:2000]
                )
            )
        self.report.setPlainText("\n".join(lines))

    def report_text(self) -> str:
        return self.status.text() + "\n" + self.report.toPlainText()
