"""Read-only tables of records: whole-row selection, columns sized to their contents; and the
base of the models behind the long ones (the rows are made as they are drawn).

Why shared: the upload results, the list of uploaded files and the received callbacks are all
lists of records the user selects a row of and acts on, and should behave the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidget, QWidget

Index = QModelIndex | QPersistentModelIndex


def read_only_table(columns: int, parent: QWidget, *, single: bool = True) -> QTableWidget:
    """A read-only table selecting whole rows, sized to its contents, the last column stretched."""
    table = QTableWidget(0, columns, parent)
    configure_read_only(table, single=single)
    return table


def configure_read_only(table: QTableView, *, single: bool = True) -> None:
    """Make ``table`` a read-only list of whole rows (one row at a time when ``single``)."""
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)


class RecordsModel(QAbstractTableModel):
    """A flat table of records: :meth:`record_count` rows, ``COLUMNS`` columns, the column
    titles of :meth:`titles`; a subclass answers :meth:`data`."""

    COLUMNS = 0

    def record_count(self) -> int:
        raise NotImplementedError

    def titles(self) -> Sequence[str]:
        """The column titles, in the user's language."""
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else self.record_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(  # Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = self.titles()
        return titles[section] if 0 <= section < len(titles) else None
