"""The Sandbox report's table: the graded requests of a ClientReport, as a model and its view.

Qt asks a model only for the cells it draws or measures, so a log of tens of thousands of
requests opens at once: a row's texts are made when first asked for (and kept until the
language changes), not all up front on the GUI thread. Filled cell by cell in a QTableWidget,
with every row fitted to its text, 20,000 requests held the window for 1.2 s.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QStyle, QTableView, QWidget

from workbench.qt.conformance import GradedRequest, iso_time
from workbench.qt.i18n import pick
from workbench.ui.widgets.common import ERROR_COLOUR, OK_COLOUR
from workbench.ui.widgets.tables import Index, RecordsModel, configure_read_only

COL_TIME, COL_METHOD, COL_PATH, COL_CODE, COL_RESULT, COL_SLIPS = range(6)
COLUMNS = 6
DISPLAY = Qt.ItemDataRole.DisplayRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
ONE_LINE_PROBE = 200  # rows looked at for one whose texts are one line each
FIT_ALL_ROWS = 500  # up to this many rows, all are fitted at once (about 30 ms)


class GradedRequestsModel(RecordsModel):
    """One row per graded request; the words in the user's language come from the view."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._requests: Sequence[GradedRequest] = ()
        self._cells: dict[int, tuple[str, ...]] = {}
        self._headers: tuple[str, ...] = ("",) * COLUMNS
        self._refused, self._accepted = "refused", "accepted"

    def set_requests(self, requests: Sequence[GradedRequest]) -> None:
        """Show ``requests``, replacing what was shown, in one go."""
        self.beginResetModel()
        self._requests = requests
        self._cells.clear()
        self.endResetModel()

    def set_words(self, headers: Sequence[str], refused: str, accepted: str) -> None:
        """The column titles and the two verdicts, translated by the view."""
        self._headers = tuple(headers)
        self._refused, self._accepted = refused, accepted
        self._cells.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)
        if self._requests:
            last = self.index(len(self._requests) - 1, COLUMNS - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def cells(self, row: int) -> tuple[str, ...]:
        """The texts of ``row``, made on first use."""
        cells = self._cells.get(row)
        if cells is None:
            r = self._requests[row]
            cells = (
                iso_time(r.time_ms),
                r.method,
                r.path,
                r.code or str(r.status),
                self._refused if r.refused else self._accepted,
                "\n".join(pick(s.text) for s in r.slips),
            )
            self._cells[row] = cells
        return cells

    def longest(self, column: int) -> str:
        """The longest text of ``column`` over every row (the method, path and code columns;
        "" for the others, whose texts are of one length or wrap), read from the requests
        without making their rows' texts."""
        field = {COL_METHOD: "method", COL_PATH: "path"}.get(column)
        if field is not None:
            return max((getattr(r, field) for r in self._requests), key=len, default="")
        if column == COL_CODE:
            return max((r.code or str(r.status) for r in self._requests), key=len, default="")
        return ""

    def record_count(self) -> int:
        return len(self._requests)

    def titles(self) -> Sequence[str]:
        return self._headers

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # asked for several roles of every cell drawn or measured: the common case first
        if role == DISPLAY:
            row = index.row()
            cells = self._cells.get(row)
            if cells is None:
                if not 0 <= row < len(self._requests):
                    return None
                cells = self.cells(row)
            return cells[index.column()]
        if role == FOREGROUND and index.column() == COL_RESULT:
            refused = self._requests[index.row()].refused
            return QBrush(QColor(ERROR_COLOUR if refused else OK_COLOUR))
        if role == TOOLTIP and index.column() == COL_SLIPS:
            slips = self._requests[index.row()].slips
            return ", ".join(s.code for s in slips) if slips else None
        return None


class GradedRequestsTable(QTableView):
    """The model's rows, read-only, whole rows selected, columns sized to their contents.

    Rows fit their text (several slips: several lines) as they come on screen, and the rest
    are one line high until then: fitting all 20,000 rows at once held the window for 0.7 s.
    Up to FIT_ALL_ROWS rows, all are fitted at once, as before. A column's width is measured
    once per set of rows: Qt measures each column over up to 1,000 rows again at every resize
    of the viewport (the scroll bar appearing is one), a call into Python per cell and role.
    """

    def __init__(self, model: GradedRequestsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._widths: dict[int, int] = {}
        self._one_line_height = 0
        self.setModel(model)
        configure_read_only(self)
        self.setWordWrap(True)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)  # once the burst of a scroll or a resize is handled
        self._fit_timer.timeout.connect(self._fit_rows)
        for signal in (model.dataChanged, model.headerDataChanged):
            signal.connect(self._on_model_changed)
        model.modelReset.connect(self._on_model_reset)
        self._at_end = False  # scrolled to the end: stays there while rows are fitted
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.horizontalHeader().sectionResized.connect(self._schedule_fit)
        self.viewport().installEventFilter(self)

    def sizeHintForColumn(self, column: int) -> int:  # Qt API
        width = self._widths.get(column)
        if width is None:
            # Qt measures up to 1,000 rows: a longer path further down would wrap. The longest
            # text of every row is found in Python and measured once, padded as Qt pads a cell
            # (its text margin on both sides, the grid line, and a pixel for the fractional
            # width that the advance rounds away: an exact fit wraps)
            margin = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self)
            longest = self.fontMetrics().horizontalAdvance(self._model.longest(column))
            width = max(super().sizeHintForColumn(column), longest + 2 * (margin + 1) + 2)
            self._widths[column] = width
        return width

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt API
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self._schedule_fit()
        return super().eventFilter(watched, event)

    def _on_model_changed(self, *_args: object) -> None:
        self._widths.clear()
        self._schedule_fit()

    def _on_model_reset(self) -> None:
        self._at_end = False
        self._on_model_changed()

    def _on_scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._at_end = bar.maximum() > 0 and value == bar.maximum()
        self._schedule_fit()

    def _schedule_fit(self, *_args: object) -> None:
        self._fit_timer.start()

    def _fit_rows(self) -> None:
        model = self._model
        rows = model.rowCount()
        if not rows:
            return
        if not self._one_line_height:
            # what fitting gives a one-line row: the height of the rows not fitted yet (set
            # before fitting: setting it puts every row back to it)
            probe = range(min(rows, ONE_LINE_PROBE))
            single = next((r for r in probe if "\n" not in "".join(model.cells(r))), None)
            if single is not None:
                self._one_line_height = self.sizeHintForRow(single)
                self.verticalHeader().setDefaultSectionSize(self._one_line_height)
        if rows <= FIT_ALL_ROWS:  # a few ms: the scroll bar is then exact from the start
            self.resizeRowsToContents()
            return
        height = self.viewport().height()
        bar = self.verticalScrollBar()
        if self._at_end:
            # at the end (End, or the bar dragged down): fit from the last row up and stay at
            # the end (a resize of the window too), so the last rows are in sight
            row, filled = rows - 1, 0
            while row >= 0 and filled < height:
                self.resizeRowToContents(row)
                filled += self.rowHeight(row)
                row -= 1
            self.updateGeometries()
            bar.setValue(bar.maximum())
            return
        row = max(0, self.rowAt(0))
        while row < rows and self.rowViewportPosition(row) < height:
            self.resizeRowToContents(row)
            row += 1
