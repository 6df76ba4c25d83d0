"""A row of widgets that wraps onto further rows when the space is too narrow.

A button row laid out with QHBoxLayout asks for the width of all its buttons together: in a
long language (or a narrow window) it pushes the page wider than the window and the last
buttons run off. :class:`FlowLayout` asks only for its widest item and wraps the rest, like words
in a paragraph; it reports ``heightForWidth`` so that scroll areas and boxes make room for the
extra rows.

:class:`FlowLayout` also tells its parent layout that it never wants more height than its rows
(``expandingDirections``). Saying so returns a ``Qt`` value, and the first one used makes PySide
build its whole Qt namespace (about 15 ms, widgets/early.py), so the window's first page uses
:class:`FirstPageFlowLayout`, which leaves that to Qt's default: there the rows sit in boxes that
end in a stretch, which takes all spare height (checked: the page's geometry is the same).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMargins, QPoint, QRect, QSize
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import Qt


class FirstPageFlowLayout(QLayout):
    """Items left to right, wrapping to a new row when the next one would not fit."""

    def __init__(self, parent: QWidget | None = None, spacing: int = -1) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        if parent is None:
            self.setContentsMargins(QMargins(0, 0, 0, 0))

    # ------------------------------------------------------------ QLayout API
    def addItem(self, item: QLayoutItem) -> None:  # Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def hasHeightForWidth(self) -> bool:  # Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # Qt override
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # Qt override
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # Qt override
        """Everything on one row: what the layout would like when there is room."""
        shown = self._shown()
        width = sum(item.sizeHint().width() for item in shown)
        width += self._gap() * max(0, len(shown) - 1)
        height = max((item.sizeHint().height() for item in shown), default=0)
        return QSize(width, height) + self._margin_size()

    def minimumSize(self) -> QSize:  # Qt override
        """The widest single item: anything narrower would cut it."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size + self._margin_size()

    # ------------------------------------------------------------ placing
    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _gap(self) -> int:
        if self._spacing >= 0:
            return self._spacing
        parent = self.parentWidget()
        if parent is None:
            return 6
        # about the style's layout spacing, from the font (QStyle's enums cost ~10 ms to load)
        return max(4, parent.fontMetrics().averageCharWidth())

    def _margin_size(self) -> QSize:
        m = self.contentsMargins()
        return QSize(m.left() + m.right(), m.top() + m.bottom())

    def _place(self, rect: QRect, *, move: bool) -> int:
        """Lay the items out in ``rect``; returns the height used.

        Items of one row are centred vertically, so a label lines up with the buttons beside it.
        """
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap = self._gap()
        rows: list[list[tuple[QLayoutItem, int, int]]] = [[]]  # (item, x, width)
        x = area.x()
        for item in self._shown():
            width = min(item.sizeHint().width(), max(item.minimumSize().width(), area.width()))
            if rows[-1] and x + width > area.right() + 1:
                rows.append([])
                x = area.x()
            rows[-1].append((item, x, width))
            x += width + gap
        y = area.y()
        for row in rows:
            if not row:
                continue
            height = max(item.sizeHint().height() for item, _x, _w in row)
            if move:
                for item, left, width in row:
                    own = item.sizeHint().height()
                    top = y + (height - own) // 2
                    item.setGeometry(QRect(QPoint(left, top), QSize(width, own)))
            y += height + gap
        used = y - gap if any(rows) else y
        return used - rect.y() + m.bottom()


class FlowLayout(FirstPageFlowLayout):
    """A :class:`FirstPageFlowLayout` that never takes more height than its rows need."""

    def expandingDirections(self) -> Qt.Orientation:  # Qt override
        from PySide6.QtCore import Qt

        return Qt.Orientation(0)


def flow_row(parent: QWidget, widgets: list[QWidget], *, first_page: bool = False) -> QWidget:
    """A widget holding ``widgets`` in a :class:`FlowLayout` (for use inside box layouts);
    ``first_page``: in a :class:`FirstPageFlowLayout` (see the module's note)."""
    holder = QWidget(parent)
    layout = (FirstPageFlowLayout if first_page else FlowLayout)(holder)
    layout.setContentsMargins(QMargins(0, 0, 0, 0))
    for widget in widgets:
        layout.addWidget(widget)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    holder.setSizePolicy(policy)
    return holder
