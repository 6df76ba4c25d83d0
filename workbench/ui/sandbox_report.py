"""The Sandbox report: the client kit's grading of every request the local sandbox received.

The partner points their own server at the sandbox and runs their flow; this view shows each
request as the bank saw it, the slip behind each refusal, and the patterns the bank objects to
(the same table as ``conformance client`` and the HTML report). Opened from the Tokens tab.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.text import Text
from workbench.qt.conformance import ClientReport, ConformanceController
from workbench.qt.i18n import pick
from workbench.ui.sandbox_report_table import GradedRequestsModel, GradedRequestsTable
from workbench.ui.widgets.common import ERROR_COLOUR, OK_COLOUR, StatusLine


class SandboxReportView(QDialog):
    """A window of its own (not modal): refresh it while the partner's flow runs."""

    def __init__(self, controller: ConformanceController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.report: ClientReport | None = None
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.refresh_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.save_button.setEnabled(False)
        self.status = StatusLine(self)
        self.status.clear()
        self.findings = QLabel(self)
        self.findings.setWordWrap(True)
        self.model = GradedRequestsModel(self)
        self.table = GradedRequestsTable(self.model, self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(buttons)
        lay.addWidget(self.status)
        lay.addWidget(self.findings)
        lay.addWidget(self.table, 1)
        self.resize(self.fontMetrics().averageCharWidth() * 130, self.fontMetrics().height() * 36)

        self.refresh_button.clicked.connect(self.refresh)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        controller.sandbox_report_ready.connect(self._on_controller_sandbox_report_ready)
        controller.sandbox_report_failed.connect(self._on_controller_sandbox_report_failed)
        controller.report_saved.connect(self._on_controller_report_saved)
        controller.report_save_failed.connect(self._on_controller_report_save_failed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sandbox report"))
        self.intro.setText(
            self.tr(
                "Point your own server at the local sandbox and run your flow. Every request "
                "is graded as the bank would grade it; refusals name the slip behind them, and "
                "patterns the bank objects to are listed as findings."
            )
        )
        self.refresh_button.setText(self.tr("Refresh"))
        self.save_button.setText(self.tr("Save the report as…"))
        self.model.set_words(
            [
                self.tr("Time"),
                self.tr("Method"),
                self.tr("Path"),
                self.tr("Code"),
                self.tr("Result"),
                self.tr("Slips behind a refusal"),
            ],
            refused=self.tr("refused"),
            accepted=self.tr("accepted"),
        )
        if self.report is not None:
            self._render(self.report)

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        self.status.set_status(StatusLine.PENDING, lambda: self.tr("Reading the sandbox's log…"))
        self.controller.load_sandbox_report()

    def _render(self, report: ClientReport) -> None:
        """The findings and the status line (the table reads its rows from the model)."""
        if report.findings:
            lines = [f"• {pick(f.text)}" for f in report.findings]
            self.findings.setText("\n".join(lines))
            self.findings.setStyleSheet(f"color: {ERROR_COLOUR};")
        else:
            self.findings.setText(self.tr("No pattern the bank objects to was found."))
            self.findings.setStyleSheet(f"color: {OK_COLOUR};")
        requests, refused = len(report.requests), report.refused
        self.status.set_status(
            StatusLine.OK if report.clean else StatusLine.FAILED,
            lambda: self.tr("{n} request(s), {refused} refused, {findings} finding(s).").format(
                n=requests, refused=refused, findings=len(report.findings)
            ),
        )

    def _on_controller_sandbox_report_ready(self, report: ClientReport) -> None:
        self.report = report
        self.refresh_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.model.set_requests(report.requests)  # in one go: Qt asks for the rows it draws
        self._render(report)

    def _on_controller_sandbox_report_failed(self, text: Text) -> None:
        self.refresh_button.setEnabled(True)
        self.status.set_status(StatusLine.FAILED, text)

    def _on_save_button_clicked(self) -> None:
        if self.report is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the report"),
            self.controller.default_report_path("client"),
            self.tr("HTML report (*.html)"),
        )
        if path:
            self.controller.save_report(self.report, path)

    def _on_controller_report_saved(self, path: str) -> None:
        self.status.set_status(
            StatusLine.OK, lambda: self.tr("The report is saved in {path}.").format(path=path)
        )

    def _on_controller_report_save_failed(self, text: Text) -> None:
        self.status.set_status(StatusLine.FAILED, text)
