"""The Log view's table: one row per item found in a log, coloured by verdict, and its filters.

A model over the scan's items (tens of thousands of rows stay cheap: cells are made when
painted); the rows shown are those core.log_search lets through.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from workbench.core.log_report import format_time
from workbench.core.log_scan import LogItem
from workbench.core.log_search import detail_text
from workbench.ui.widgets.common import ERROR_COLOUR, OK_COLOUR, WARN_COLOUR
from workbench.ui.widgets.tables import Index, RecordsModel

COL_LINE, COL_KIND, COL_TIME, COL_TRANS, COL_SEQ, COL_VERDICT, COL_ANSWER, COL_DETAIL = range(8)
COL_ACTION = 8
COLUMNS = 9
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1

# verdict -> colour of its tint; platform answers: ok green, error red
STATUS_COLOURS = {
    "valid": OK_COLOUR,
    "ok": OK_COLOUR,
    "invalid": ERROR_COLOUR,
    "error": ERROR_COLOUR,
    "malformed": WARN_COLOUR,
}
ALL = ""


def status_word(status: str) -> str:
    words = {
        "valid": QCoreApplication.translate("LogModel", "valid"),
        "invalid": QCoreApplication.translate("LogModel", "invalid"),
        "malformed": QCoreApplication.translate("LogModel", "malformed"),
        "unchecked": QCoreApplication.translate("LogModel", "not checked"),
        "ok": QCoreApplication.translate("LogModel", "ok"),
        "error": QCoreApplication.translate("LogModel", "platform error"),
    }
    return words.get(status, status)


def kind_word(kind: str) -> str:
    words = {
        "callback": QCoreApplication.translate("LogModel", "callback"),
        "answer": QCoreApplication.translate("LogModel", "partner answer"),
        "request": QCoreApplication.translate("LogModel", "signed request"),
        "platform_answer": QCoreApplication.translate("LogModel", "platform answer"),
    }
    return words.get(kind, kind)


def _tint(colour: str) -> QColor:
    """The verdict's colour, faint over the table's base colour (readable in any theme)."""
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    c = QColor(colour)
    share = 0.16
    return QColor(
        round(c.red() * share + base.red() * (1 - share)),
        round(c.green() * share + base.green() * (1 - share)),
        round(c.blue() * share + base.blue() * (1 - share)),
    )


class LogModel(RecordsModel):
    """The items of one scan; ``rows`` are the indexes of those the filters let through."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[LogItem] = []
        self.rows: list[int] = []
        self.offset_s: int | None = None  # this computer's zone, as it was at each time

    def set_items(self, items: list[LogItem], offset_s: int | None) -> None:
        self.beginResetModel()
        self.items = items
        self.rows = list(range(len(items)))
        self.offset_s = offset_s
        self.endResetModel()

    def set_rows(self, rows: list[int]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def item(self, row: int) -> LogItem:
        return self.items[self.rows[row]]

    def record_count(self) -> int:
        return len(self.rows)

    def titles(self) -> tuple[str, ...]:
        return (
            QCoreApplication.translate("LogModel", "Line"),
            QCoreApplication.translate("LogModel", "Kind"),
            QCoreApplication.translate("LogModel", "Time"),
            "transName",
            "SeqNo",
            QCoreApplication.translate("LogModel", "Verdict"),
            QCoreApplication.translate("LogModel", "Answer"),
            QCoreApplication.translate("LogModel", "Details"),
            "",
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        item = self.item(index.row())
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(item, col)
        if role == ITEM_ROLE:
            return item
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = STATUS_COLOURS.get(item.status)
            return QBrush(_tint(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole and col in (COL_VERDICT, COL_ACTION):
            colour = STATUS_COLOURS.get(item.status) if col == COL_VERDICT else None
            if col == COL_ACTION:
                return QBrush(QApplication.palette().color(QPalette.ColorRole.Link))
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.FontRole and col in (COL_VERDICT, COL_ACTION):
            font = QFont()
            font.setBold(col == COL_VERDICT)
            font.setUnderline(col == COL_ACTION)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_VERDICT, COL_DETAIL, COL_ACTION):
            return self._tooltip(item, col)
        return None

    def _cell(self, item: LogItem, col: int) -> str:
        if col == COL_LINE:
            return str(item.line)
        if col == COL_KIND:
            escaped = QCoreApplication.translate("LogModel", " (escaped)")
            return kind_word(item.kind) + (escaped if item.escaped else "")
        if col == COL_TIME:
            return format_time(item.time_ms, self.offset_s)
        if col == COL_TRANS:
            return item.trans_name
        if col == COL_SEQ:
            return item.seq_no
        if col == COL_VERDICT:
            return status_word(item.status)
        if col == COL_ANSWER:
            return self._answer(item)
        if col == COL_DETAIL:
            return detail_text(item)[:300]
        if col == COL_ACTION and item.kind == "request":
            return QCoreApplication.translate("LogModel", "Check a sign…")
        return ""

    def _answer(self, item: LogItem) -> str:
        if item.partner is None:
            return ""
        partner = self.items[item.partner]
        if item.kind == "callback":
            code = partner.fields.get("CODE", "")
            return QCoreApplication.translate("LogModel", "line {n}: {code}").format(
                n=partner.line, code=code
            )
        return QCoreApplication.translate("LogModel", "answers line {n}").format(n=partner.line)

    def _tooltip(self, item: LogItem, col: int) -> str:
        if col == COL_ACTION:
            return (
                QCoreApplication.translate("LogModel", "Open this URL and its body in Check a sign")
                if item.kind == "request"
                else ""
            )
        if col == COL_DETAIL:
            return detail_text(item)[:2000]
        from workbench.qt.i18n import pick

        return "\n".join(pick(r.text) for r in (*item.reasons, *item.slips))
