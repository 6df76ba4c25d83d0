"""What the screenshot tests assert besides "not blank": the words a user would read are on
screen, no label or button is narrower than its text, and no two laid-out widgets overlap."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTableWidget,
    QWidget,
)

from workbench.ui.guide.layout_check import cut_text, overlapping


def visible_texts(root: QWidget) -> list[str]:
    """The texts of the visible widgets under ``root``: labels, buttons, titles, tabs, fields."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.visibleRegion().isEmpty():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText()]
        elif isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText()[:2000])
        elif isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(column)
                texts.append(header.text() if header is not None else "")
            for row in range(min(widget.rowCount(), 20)):
                for column in range(widget.columnCount()):
                    item = widget.item(row, column)
                    texts.append(item.text() if item is not None else "")
    return [t for t in texts if t]


def assert_looks_right(root: QWidget, must_show: Iterable[str]) -> None:
    """Every phrase of ``must_show`` is on screen; nothing is cut; nothing overlaps."""
    shown = "\n".join(visible_texts(root))
    missing = [phrase for phrase in must_show if phrase not in shown]
    assert missing == [], f"not on screen: {missing} in {shown!r}"
    cut = cut_text(root)
    assert cut == [], "cut: " + "; ".join(cut)
    covered = overlapping(root)
    assert covered == [], "overlapping: " + "; ".join(covered)
