"""Callbacks → Log: read a whole log and see every callback in it, with its verdict.

Open a file, paste text or drop a file: a job finds the callbacks, the partner's answers, the
signed request URLs and the platform answers (core.log_scan) while the window stays free, with
progress and cancel. Selecting a row shows the callback in the verifier; a request URL goes to
Check a sign in one click. The salt and the window are the tab's (the salt box above).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.log_scan import KIND_CALLBACK, KIND_REQUEST, LogItem
from workbench.qt.i18n import current_language
from workbench.qt.log_scan import LogScanController, ScanOutcome
from workbench.ui.callbacks.log_detail import LogDetail, LogSummary
from workbench.ui.callbacks.log_model import (
    ALL,
    COL_ACTION,
    COL_DETAIL,
    ITEM_ROLE,
    LogModel,
    kind_word,
    status_word,
)
from workbench.ui.callbacks.log_zone import LogZoneBox
from workbench.ui.callbacks.salt import SaltBox
from workbench.ui.widgets.common import StatusLine

RESCAN_MS = 600  # after the salt, the window or the log's zone changes
SEARCH_MS = 200
STATUSES = ("valid", "invalid", "malformed", "unchecked", "ok", "error")
KINDS = ("callback", "answer", "request", "platform_answer")


class LogView(QWidget):
    """The Log page of the Callbacks tab.

    Signals:
        callback_selected(str): the selected envelope's text (for the verifier).
        open_requested(str): the same, and the user asked to go to the verifier.
    """

    callback_selected = Signal(str)
    open_requested = Signal(str)

    def __init__(
        self,
        services: Any,
        salt_box: SaltBox,
        parent: QWidget | None = None,
        controller: LogScanController | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._salt_box = salt_box
        self.controller = controller or LogScanController(services.runner, self)
        self._outcome: ScanOutcome | None = None
        self._source_path = ""
        self._source_text: str | None = None
        self._last_dialog: Any = None
        self.setAcceptDrops(True)

        self.open_button = QPushButton(self)
        self.paste_button = QPushButton(self)
        self.export_button = QPushButton(self)
        self.export_button.setEnabled(False)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setVisible(False)
        self.zone_box = LogZoneBox(services, self)
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.paste_button)
        top.addWidget(self.export_button)
        top.addWidget(self.progress, 1)
        top.addWidget(self.cancel_button)
        top.addStretch(0)
        top.addWidget(self.zone_box)

        self.status_label = QLabel(self)
        self.status_filter = QComboBox(self)
        self.kind_label = QLabel(self)
        self.kind_filter = QComboBox(self)
        self.trans_label = QLabel(self)
        self.trans_filter = QComboBox(self)
        self.trans_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        filters = QHBoxLayout()
        for w in (self.status_label, self.status_filter, self.kind_label, self.kind_filter):
            filters.addWidget(w)
        filters.addWidget(self.trans_label)
        filters.addWidget(self.trans_filter)
        filters.addWidget(self.search, 1)

        self.summary = LogSummary(self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.model = LogModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_DETAIL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_ACTION, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setVisible(False)

        self.detail_pane = LogDetail(self)
        self.detail = self.detail_pane.label
        self.show_button = self.detail_pane.show_button
        self.check_button = self.detail_pane.check_button
        self.status = StatusLine(self)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(filters)
        lay.addWidget(self.summary)
        lay.addWidget(self.hint, 1)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.detail_pane)
        lay.addWidget(self.status)

        self.paste_action = QAction(self)
        self.paste_action.setShortcut(QKeySequence.StandardKey.Paste)
        self.paste_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.paste_action.triggered.connect(self.paste)
        self.addAction(self.paste_action)  # Ctrl+V anywhere on the page (not in the search box)

        self._rescan_timer = QTimer(self, singleShot=True, interval=RESCAN_MS)
        self._rescan_timer.timeout.connect(self.rescan)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_MS)
        self._search_timer.timeout.connect(self._apply_filters)

        self.open_button.clicked.connect(self._on_open_clicked)
        self.paste_button.clicked.connect(self.paste)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.cancel_button.clicked.connect(self.controller.cancel)
        self.status_filter.currentIndexChanged.connect(self._apply_filters)
        self.kind_filter.currentIndexChanged.connect(self._apply_filters)
        self.trans_filter.currentIndexChanged.connect(self._apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.clicked.connect(self._on_table_clicked)
        self.table.activated.connect(self._on_table_activated)
        self.show_button.clicked.connect(self._on_show_clicked)
        self.check_button.clicked.connect(self._on_check_clicked)
        self.controller.progressed.connect(self._on_progress)
        self.controller.scanned.connect(self._on_scanned)
        self.controller.scan_failed.connect(self._on_scan_failed)
        self.controller.scan_cancelled.connect(self._on_scan_cancelled)
        self.controller.filtered.connect(self._on_filtered)
        self.controller.exported.connect(self._on_exported)
        self.controller.export_failed.connect(self._on_export_failed)
        salt_box.changed.connect(self._on_judging_changed)
        self.zone_box.changed.connect(self._on_judging_changed)
        self.retranslate()

    # words ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.open_button.setText(self.tr("Open log file…"))
        self.paste_button.setText(self.tr("Paste log text"))
        self.paste_button.setToolTip(self.tr("Read the log text that is on the clipboard (Ctrl+V)"))
        self.export_button.setText(self.tr("Export CSV…"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.status_label.setText(self.tr("Verdict:"))
        self.kind_label.setText(self.tr("Kind:"))
        self.trans_label.setText(self.tr("transName:"))
        self.search.setPlaceholderText(self.tr("Search (SeqNo, order number, URL…)"))
        self.hint.setText(
            self.tr(
                "Open a log file, paste log text, or drop a file here. Every callback, partner "
                "answer, signed request URL and platform answer in it is listed with its line, "
                "on one line, pretty-printed or escaped inside another JSON string."
            )
        )
        self._fill_combo(self.status_filter, self.tr("All verdicts"), STATUSES, status_word)
        self._fill_combo(self.kind_filter, self.tr("All kinds"), KINDS, kind_word)
        self._fill_trans_names()
        self._render_summary()
        self._render_detail()
        self.model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1
        )

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _fill_combo(self, combo: QComboBox, first: str, keys: tuple[str, ...], word: Any) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(first, ALL)
        for key in keys:
            combo.addItem(word(key), key)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def _fill_trans_names(self) -> None:
        current = self.trans_filter.currentData()
        names = sorted({i.trans_name for i in self.model.items if i.kind == KIND_CALLBACK})
        self.trans_filter.blockSignals(True)
        self.trans_filter.clear()
        self.trans_filter.addItem(self.tr("All"), None)
        for name in names:
            self.trans_filter.addItem(name or self.tr("(none)"), name)
        index = self.trans_filter.findData(current) if current is not None else 0
        self.trans_filter.setCurrentIndex(max(0, index))
        self.trans_filter.blockSignals(False)

    # loading ----------------------------------------------------------------------------------
    def open_path(self, path: str) -> None:
        """Scan a log file (read by a job, never here)."""
        self._source_path, self._source_text = path, None
        self._start(partial(self.controller.scan_file, path))

    def scan_text(self, text: str) -> None:
        """Scan pasted or dropped text."""
        self._source_path, self._source_text = "", text
        self._start(partial(self.controller.scan_text, text))

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.status.set_status(
                StatusLine.FAILED, lambda: self.tr("The clipboard holds no text.")
            )
            return
        self.scan_text(text)

    def rescan(self) -> None:
        if self._source_text is not None:
            self.scan_text(self._source_text)
        elif self._source_path:
            self.open_path(self._source_path)

    def scanning(self) -> bool:
        return self.controller.running()

    def _start(self, run: Any) -> None:
        self._rescan_timer.stop()
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.status.set_status(StatusLine.PENDING, lambda: self.tr("Reading the log…"))
        # an empty salt is no salt, as in the verifier: decode only (with "", every callback
        # would read "invalid", and a partner's 0000 be blamed)
        salt = self._salt_box.salt() or None
        run(salt, self._salt_box.window_s(), self.zone_box.offset_s())

    def _stop_progress(self) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)

    # drag and drop ----------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # Qt override
        mime = event.mimeData()
        local = [u for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
        if local or mime.hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # Qt override
        mime = event.mimeData()
        local = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
        if local:
            self.open_path(local[0])
        elif mime.hasText():
            self.scan_text(mime.text())
        else:
            return
        event.acceptProposedAction()

    # results ----------------------------------------------------------------------------------
    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setValue(min(1000, done * 1000 // total))
            percent = min(100, done * 100 // total)
            self.status.set_status(
                StatusLine.PENDING, lambda: self.tr("Reading the log… {p}%").format(p=percent)
            )

    def _on_scanned(self, outcome: ScanOutcome) -> None:
        self._stop_progress()
        self._outcome = outcome
        self.model.set_items(outcome.result.items, outcome.offset_s)
        self._fill_trans_names()
        self._apply_filters()
        found = bool(outcome.result.items)
        if found:
            self._fit_columns()
        self.table.setVisible(found)
        self.hint.setVisible(not found)
        self.export_button.setEnabled(found)
        self._render_summary()
        self._render_detail()
        lines = outcome.result.lines
        if found:
            self.status.clear()
        else:
            self.status.set_status(
                StatusLine.WARNING,
                lambda: self.tr(
                    "Nothing found in {n} lines: no callback, partner answer, signed request "
                    "URL or platform answer."
                ).format(n=f"{lines:,}"),
            )

    def _fit_columns(self) -> None:
        """Columns as wide as what they show (Qt samples the first rows), Details the rest."""
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        cap = self.fontMetrics().horizontalAdvance("M") * 22
        for col in range(COL_DETAIL):
            header.resizeSection(col, min(header.sectionSize(col), cap))
        header.setSectionResizeMode(COL_DETAIL, QHeaderView.ResizeMode.Stretch)

    def _on_scan_failed(self, text: Any) -> None:
        self._stop_progress()
        self.status.set_status(StatusLine.FAILED, text)

    def _on_scan_cancelled(self) -> None:
        self._stop_progress()
        self.status.set_status(
            StatusLine.WARNING,
            lambda: self.tr("Cancelled. The table still shows the log read before."),
        )

    def _render_summary(self) -> None:
        self.summary.set_summary(self._outcome.summary if self._outcome is not None else None)

    # filters and selection ---------------------------------------------------------------------
    def _apply_filters(self) -> None:
        self.controller.filter_rows(
            self.model.items,
            str(self.status_filter.currentData() or ALL),
            str(self.kind_filter.currentData() or ALL),
            self.trans_filter.currentData(),
            self.search.text(),
        )

    def _on_filtered(self, rows: list[int]) -> None:
        self.model.set_rows(rows)
        self._render_detail()

    def visible_items(self) -> list[LogItem]:
        return [self.model.item(r) for r in range(len(self.model.rows))]

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def selected_item(self) -> LogItem | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ITEM_ROLE) if rows else None

    def _on_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        item = self.selected_item()
        self._render_detail()
        if item is not None and item.kind != KIND_REQUEST and item.kind != "platform_answer":
            self.callback_selected.emit(item.text)

    def _on_table_clicked(self, index: QModelIndex) -> None:
        item = index.data(ITEM_ROLE)
        if index.column() == COL_ACTION and item is not None and item.kind == KIND_REQUEST:
            self.open_check(item)

    def _on_table_activated(self, index: QModelIndex) -> None:
        item = index.data(ITEM_ROLE)
        if item is None:
            return
        if item.kind == KIND_REQUEST:
            self.open_check(item)
        elif item.kind != "platform_answer":
            self.open_requested.emit(item.text)

    def _on_show_clicked(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.open_requested.emit(item.text)

    def _on_check_clicked(self) -> None:
        item = self.selected_item()
        if item is not None and item.kind == KIND_REQUEST:
            self.open_check(item)

    def open_check(self, item: LogItem) -> Any:
        """Check a sign, filled with the request's URL and the body logged with it."""
        from workbench.ui.composer.check_dialog import CheckSignDialog

        url = item.fields.get("url", "")
        body = item.fields.get("body", "")
        dialog = CheckSignDialog(self._services, self, url=url, body=body)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one per click: not kept
        dialog.setModal(False)
        dialog.show()
        self._last_dialog = dialog
        return dialog

    def _render_detail(self) -> None:
        self.detail_pane.show_item(self.selected_item() if hasattr(self, "table") else None)

    # export -------------------------------------------------------------------------------------
    def _on_export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the scan as CSV"), "log-scan.csv", self.tr("CSV (*.csv)")
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        """Write every item to ``path`` (by a job); no salt is in it."""
        if self._outcome is None:
            return
        self.status.set_status(StatusLine.PENDING, lambda: self.tr("Writing the CSV file…"))
        self.controller.export_csv(path, self._outcome, current_language())

    def _on_exported(self, path: str) -> None:
        self.status.set_status(StatusLine.OK, lambda: self.tr("Saved {path}.").format(path=path))

    def _on_export_failed(self, text: Any) -> None:
        self.status.set_status(StatusLine.FAILED, text)

    # salt, window, zone -------------------------------------------------------------------------
    def _on_judging_changed(self) -> None:
        if self._source_text is not None or self._source_path:
            self._rescan_timer.start()

    def _on_open_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a log file"),
            "",
            self.tr("Logs (*.log *.txt *.json);;All files (*)"),
        )
        if path:
            self.open_path(path)

    def shutdown(self) -> None:
        self.controller.cancel()
