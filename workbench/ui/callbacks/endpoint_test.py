"""Callbacks → Test my endpoint: the callback battery against the partner's own URL.

Signed with the salt of the box above the pages (the same one the verifier and the responder
use). Rows appear as each answer is graded; at the end the likely slips are filled in, the
report is saved in the profile's reports folder, and a copy can be saved anywhere.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.text import Text
from workbench.qt.conformance import BatteryRun, CaseResult, ConformanceController
from workbench.qt.i18n import pick
from workbench.qt.window_state import CALLBACKS_ENDPOINT
from workbench.ui.callbacks.salt import SaltBox
from workbench.ui.widgets.common import ERROR_COLOUR, OK_COLOUR, StatusLine
from workbench.ui.widgets.line_fields import PathField
from workbench.ui.widgets.tables import read_only_table

COLUMNS = 7


class EndpointTestView(QWidget):
    """Built by the Callbacks tab: ``EndpointTestView(services, salt_box, controller, parent)``."""

    def __init__(
        self,
        services: Any,
        salt_box: SaltBox,
        controller: ConformanceController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._salt_box = salt_box
        self.controller = controller
        self.run: BatteryRun | None = None
        self._rows: list[CaseResult] = []
        self.url = QLineEdit(self)
        remembered = services.state(CALLBACKS_ENDPOINT)
        self.url.setText(str(remembered.get("url", "")))
        self.trans_name = QLineEdit(self)
        self.trans_name.setText(str(remembered.get("trans_name", "")))
        self.ca = PathField("", self)
        self.allow_http = QCheckBox(self)
        self.run_button = QPushButton(self)
        self.stop_button = QPushButton(self)
        self.stop_button.setEnabled(False)
        self.open_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.open_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.status = StatusLine(self)
        self.status.clear()
        self.table = read_only_table(COLUMNS, self)
        self.table.setWordWrap(True)

        self.url_label = QLabel(self)
        self.trans_label = QLabel(self)
        self.ca_label = QLabel(self)
        self.form = QFormLayout()
        self.form.addRow(self.url_label, self.url)
        self.form.addRow(self.trans_label, self.trans_name)
        self.form.addRow(self.ca_label, self.ca)
        self.form.addRow(self.allow_http)
        buttons = QHBoxLayout()
        for button in (self.run_button, self.stop_button, self.open_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addLayout(buttons)
        lay.addWidget(self.status)
        lay.addWidget(self.table, 1)

        self.run_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.controller.stop)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.url.returnPressed.connect(self.start)
        controller.case_graded.connect(self._on_controller_case_graded)
        controller.battery_finished.connect(self._on_controller_battery_finished)
        controller.battery_failed.connect(self._on_controller_battery_failed)
        controller.report_saved.connect(self._on_controller_report_saved)
        controller.report_save_failed.connect(self._on_controller_report_save_failed)
        self.retranslate()

    # ----------------------------------------------------------------- text
    def retranslate(self) -> None:
        self.url_label.setText(self.tr("Your callback URL:"))
        self.trans_label.setText(self.tr("transName:"))
        self.ca_label.setText(self.tr("CA of your endpoint:"))
        self.url.setPlaceholderText(self.tr("https://your-server.example.com/webank/callback"))
        self.trans_name.setPlaceholderText(self.tr("ConformanceCheck (one your endpoint knows)"))
        self.ca.edit.setPlaceholderText(self.tr("optional: a PEM file, when not a public CA"))
        self.allow_http.setText(self.tr("Allow plain http (a dedicated line or a local test)"))
        self.run_button.setText(self.tr("Test my endpoint"))
        self.run_button.setToolTip(
            self.tr(
                "Send {n} callbacks (every encoding trap, wrong signatures, old and future "
                "timestamps, unreadable Plain, missing fields) and grade each answer."
            ).format(n=self.controller.case_count)
        )
        self.stop_button.setText(self.tr("Stop"))
        self.open_button.setText(self.tr("Open the report"))
        self.save_button.setText(self.tr("Save the report as…"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Case"),
                self.tr("Expected"),
                self.tr("Answered"),
                self.tr("Answer signed"),
                self.tr("Time"),
                self.tr("Result"),
                self.tr("Why"),
            ]
        )
        for row, result in enumerate(self._rows):
            self._fill_row(row, result)
        self._render_summary()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ----------------------------------------------------------------- actions
    def start(self) -> None:
        """Run the battery against the URL typed, with the salt of the box above."""
        if self.controller.running:
            return
        url = self.url.text().strip()
        salt = self._salt_box.salt()
        if not url:
            self.status.set_status(StatusLine.FAILED, lambda: self.tr("Type your callback URL."))
            return
        if not salt:
            self.status.set_status(
                StatusLine.FAILED,
                lambda: self.tr(
                    "Choose the salt above (the environment's, or type one): the callbacks "
                    "are signed with it."
                ),
            )
            return
        self._services.set_state(
            CALLBACKS_ENDPOINT, {"url": url, "trans_name": self.trans_name.text().strip()}
        )
        self.run = None
        self._rows = []
        self.table.setRowCount(0)
        self.open_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self._set_running(True)
        self.status.set_status(
            StatusLine.PENDING, lambda: self.tr("Sending signed callbacks to your endpoint…")
        )
        self.controller.run_battery(
            url,
            salt,
            trans_name=self.trans_name.text().strip() or "ConformanceCheck",
            ca=self.ca.text() or None,
            insecure_http_ok=self.allow_http.isChecked(),
        )

    def _set_running(self, on: bool) -> None:
        self.run_button.setEnabled(not on)
        self.stop_button.setEnabled(on)

    # ----------------------------------------------------------------- rows
    def _fill_row(self, row: int, result: CaseResult) -> None:
        signed = self.tr("correct") if result.answer_signature_ok else self.tr("wrong or missing")
        verdict = self.tr("passed") if result.passed else self.tr("failed")
        cells = (
            pick(result.title),
            result.expect_code,
            result.answer_code or "—",
            signed,
            self.tr("{ms} ms").format(ms=result.elapsed_ms),
            verdict,
            "" if result.passed else pick(result.why()),
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text if column == COLUMNS - 1 else result.case_id)
            if column == 5:
                item.setForeground(QColor(OK_COLOUR if result.passed else ERROR_COLOUR))
            self.table.setItem(row, column, item)

    def _render_summary(self) -> None:
        run = self.run
        if run is None:
            return
        state = StatusLine.OK if run.failed == 0 else StatusLine.FAILED
        summary = run.summary()
        saved = self.controller.last_report_path

        def text() -> str:
            where = self.tr(" The report is saved in {path}.").format(path=saved) if saved else ""
            stopped = self.tr(" Stopped before the end.") if run.cancelled else ""
            return pick(summary) + stopped + where

        self.status.set_status(state, text)

    # ----------------------------------------------------------------- slots
    def _on_controller_case_graded(self, result: CaseResult) -> None:
        row = len(self._rows)
        self._rows.append(result)
        self.table.insertRow(row)
        self._fill_row(row, result)
        self.table.scrollToBottom()

    def _on_controller_battery_finished(self, run: BatteryRun) -> None:
        self.run = run
        self._rows = list(run.results)  # now with the likely slips named
        self.table.setRowCount(len(self._rows))
        for row, result in enumerate(self._rows):
            self._fill_row(row, result)
        self.table.resizeRowsToContents()
        self._set_running(False)
        self.open_button.setEnabled(bool(self.controller.last_report_path))
        self.save_button.setEnabled(True)
        self._render_summary()

    def _on_controller_battery_failed(self, text: Text) -> None:
        self._set_running(False)
        self.status.set_status(StatusLine.FAILED, text)

    def _on_open_button_clicked(self) -> None:
        if self.controller.last_report_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.controller.last_report_path))

    def _on_save_button_clicked(self) -> None:
        if self.run is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the report"),
            self.controller.default_report_path("callback"),
            self.tr("HTML report (*.html)"),
        )
        if path:
            self.controller.save_report(self.run, path)

    def _on_controller_report_saved(self, path: str) -> None:
        if self.run is not None:
            self.status.set_status(
                StatusLine.OK if self.run.failed == 0 else StatusLine.FAILED,
                lambda: (
                    pick(self.run.summary() if self.run else Text("", ""))
                    + self.tr(" The report is saved in {path}.").format(path=path)
                ),
            )

    def _on_controller_report_save_failed(self, text: Text) -> None:
        self.status.set_status(StatusLine.FAILED, text)
