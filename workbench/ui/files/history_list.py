"""The files uploaded in the active environment, from history, to download again.

Read from the history store on the GUI thread: a small indexed query (HistoryStore: "the GUI
thread searches"); the writes happen in jobs (services.add_history).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.qt.files import FilesContext
from workbench.qt.history import KIND_UPLOAD, HistoryEntry
from workbench.ui.files.widgets import copy_button
from workbench.ui.widgets.env_names import environment_label
from workbench.ui.widgets.flow import FlowLayout
from workbench.ui.widgets.tables import read_only_table

COL_TIME, COL_NAME, COL_ID, COL_HASH = range(4)


class UploadedFilesList(QWidget):
    """Signals:
    download_requested(str, str, str): FILE_ID, HASH_VALUE, FILE_NAME.
    """

    download_requested = Signal(str, str, str)

    def __init__(self, context: FilesContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = context
        self.rows: list[dict[str, Any]] = []
        self._generation = 0  # the latest search; older answers are dropped
        self.title = QLabel(self)
        self.filter = QLineEdit(self)
        self.filter.textChanged.connect(self.reload)
        self.table = read_only_table(4, self)
        # the columns share the width the side panel has (no horizontal scrolling): HASH_VALUE,
        # what is compared after a download, gets half of what the time leaves, name and
        # FILE_ID a quarter each; all elide in the middle (the Copy buttons and tooltips give
        # them whole): HASH_VALUE never sits off-screen
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TIME, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("0") * 3)
        self.table.viewport().installEventFilter(self)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setWordWrap(False)  # one line per row: a name elides, it does not wrap
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.cellDoubleClicked.connect(self._on_table_cell_double_clicked)
        self.download_button = QPushButton(self)
        self.download_button.clicked.connect(self._on_download_clicked)
        self.copy_id = copy_button(lambda: self._selected("file_id"), self, "FILE_ID")
        self.copy_hash = copy_button(lambda: self._selected("hash_value"), self, "HASH_VALUE")
        self.table.itemSelectionChanged.connect(self._update_enabled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        # wraps instead of squeezing its buttons when the side panel is narrow
        row = FlowLayout()
        row.addWidget(self.copy_id)
        row.addWidget(self.copy_hash)
        row.addWidget(self.download_button)
        layout.addLayout(row)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self._render_title()
        self.filter.setPlaceholderText(self.tr("Filter by name, FILE_ID or hash"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Uploaded"), self.tr("File"), "FILE_ID", "HASH_VALUE"]
        )
        self.download_button.setText(self.tr("Download again"))
        self.download_button.setToolTip(
            self.tr("Fill the download form with this file (or double-click the row)")
        )

    def _render_title(self) -> None:
        # the times in the list are this computer's (the Tokens tab's may be the sandbox's)
        self.title.setText(
            self.tr("Files uploaded in %1 (times are local time)").replace(
                "%1", environment_label(self._ctx.environment())
            )
        )
        self.title.setWordWrap(True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        left = self.table.viewport().width() - self.table.columnWidth(COL_TIME)
        # narrower than about 40 characters (a 1024 px screen): four columns would each show
        # three characters; FILE_ID steps aside (its Copy button gives it, and Download again
        # fills it in), and the name and HASH_VALUE, the one compared after a download, share
        # the room
        narrow = left < self.fontMetrics().horizontalAdvance("0") * 40
        self.table.setColumnHidden(COL_ID, narrow)
        if narrow:
            self.table.setColumnWidth(COL_NAME, left // 2)
            self.table.setColumnWidth(COL_HASH, left - left // 2)
            return
        quarter = max(self.table.horizontalHeader().minimumSectionSize(), left // 4)
        self.table.setColumnWidth(COL_NAME, quarter)
        self.table.setColumnWidth(COL_ID, quarter)
        self.table.setColumnWidth(COL_HASH, max(quarter, left - 2 * quarter))

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reload(self) -> None:
        """Search the history in a job (SQLite is on disk: the GUI thread never waits on it)."""
        env = self._ctx.environment()
        self._render_title()
        text = self.filter.text().strip()
        services = self._ctx.services
        self._generation += 1
        generation = self._generation

        def search(_job: object) -> tuple[int, list[HistoryEntry]]:
            # opened here, in the job: opening may set a damaged file aside or migrate an old one
            found = services.history.search(text, kind=KIND_UPLOAD, env_name=env.name)
            return generation, found

        # a bound method: Qt drops the answer when this list is gone by then
        self._ctx.services.runner.submit(
            "files: uploaded list", search, on_result=self._on_search_result
        )

    def _on_search_result(self, found: tuple[int, list[HistoryEntry]]) -> None:
        generation, entries = found
        if generation != self._generation:
            return  # a newer search (the filter changed again) is on its way
        self.rows = []
        for entry in entries:
            for f in entry.data.get("files", []) or []:
                if isinstance(f, dict) and f.get("file_id"):
                    self.rows.append({"created_ms": entry.created_ms, **f})
        self.table.setRowCount(len(self.rows))
        for r, f in enumerate(self.rows):
            when = datetime.fromtimestamp(f["created_ms"] / 1000).strftime("%m-%d %H:%M")
            for c, text in (
                (COL_TIME, when),
                (COL_NAME, str(f.get("file_name", ""))),
                (COL_ID, str(f["file_id"])),
                (COL_HASH, str(f.get("hash_value", ""))),
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self._fit_columns()
        self._update_enabled()

    def _selected(self, key: str) -> str:
        row = self.table.currentRow()
        return str(self.rows[row].get(key, "")) if 0 <= row < len(self.rows) else ""

    def _on_table_cell_double_clicked(self, row: int, _column: int) -> None:
        self.table.selectRow(row)
        self._on_download_clicked()

    def _on_download_clicked(self) -> None:
        if self._selected("file_id"):
            self.download_requested.emit(
                self._selected("file_id"), self._selected("hash_value"), self._selected("file_name")
            )

    def _update_enabled(self) -> None:
        has = 0 <= self.table.currentRow() < len(self.rows)
        for w in (self.download_button, self.copy_id, self.copy_hash):
            w.setEnabled(has)
