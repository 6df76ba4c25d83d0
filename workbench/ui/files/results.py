"""The table of uploaded files (PROTOCOL P6): name, id, HASH_VALUE, the local MD5 and their check.

Why one widget: upload and upload-with-notice show the same five columns from the same
:class:`UploadResult`; only the protocol's spelling of the first three headers differs
(FILE_ID for upload, fileId for the notice calls).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from workbench.qt.results import UploadResult
from workbench.ui.widgets.tables import configure_read_only

COL_NAME, COL_ID, COL_HASH, COL_MD5, COL_CHECK = range(5)


def history_files(result: UploadResult) -> list[dict[str, Any]]:
    """The files of ``result`` as the history stores them (with their hash check)."""
    return [
        {
            "file_id": f.file_id,
            "file_name": f.file_name,
            "hash_value": f.hash_value,
            "hash_matches": result.hash_matches(f),
        }
        for f in result.files
    ]


class UploadResultsTable(QTableWidget):
    """Five columns per uploaded file; the first row is selected after each fill."""

    def __init__(
        self, id_headers: tuple[str | None, str, str], parent: QWidget, *, single: bool = True
    ) -> None:
        """``id_headers``: the name, id and hash headers; ``None`` for a translated "File"."""
        super().__init__(0, 5, parent)
        configure_read_only(self, single=single)
        # A FILE_ID is ~60 digits: sized to its contents it pushed the check off screen. It is
        # elided in the middle instead (the whole value is in the tooltip and the copy button).
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_ID, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(COL_ID, self.fontMetrics().horizontalAdvance("0" * 20))
        self._id_headers = id_headers
        self._results: list[UploadResult] = []
        self.retranslate()

    def retranslate(self) -> None:
        name, file_id, hash_value = self._id_headers
        self.setHorizontalHeaderLabels(
            [name or self.tr("File"), file_id, hash_value, self.tr("Local MD5"), self.tr("Check")]
        )
        self.show_results(self._results)

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_results(self, results: Iterable[UploadResult]) -> None:
        self._results = list(results)
        rows: list[list[str]] = []
        for res in self._results:
            for f in res.files:
                match = res.hash_matches(f)
                check = (
                    "✓ " + self.tr("equal")
                    if match
                    else "✗ " + self.tr("different")
                    if match is False
                    else self.tr("not computed")
                )
                local = res.local_hash(f) or ""
                rows.append([f.file_name, f.file_id, f.hash_value, local, check])
        self.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                self.setItem(r, c, item)
        if rows:
            self.selectRow(0)

    def selected(self, column: int) -> str:
        """The text of ``column`` in the current row ("" when no row is current)."""
        row = self.currentRow()
        item = self.item(row, column) if row >= 0 else None
        return item.text() if item is not None else ""
