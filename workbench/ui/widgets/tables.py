"""Read-only tables of records: whole-row selection, columns sized to their contents.

Why shared: the upload results, the list of uploaded files and the received callbacks are all
lists of records the user selects a row of and acts on, and should behave the same.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QWidget


def read_only_table(columns: int, parent: QWidget, *, single: bool = True) -> QTableWidget:
    """A read-only table selecting whole rows, sized to its contents, the last column stretched."""
    table = QTableWidget(0, columns, parent)
    configure_read_only(table, single=single)
    return table


def configure_read_only(table: QTableWidget, *, single: bool = True) -> None:
    """Make ``table`` a read-only list of whole rows (one row at a time when ``single``)."""
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
