"""Find text a layout cuts off: labels, buttons, group titles and tabs narrower than their text.

Used by the pseudo-locale test and by ``python -m workbench.screenshots --check``: run it after
switching to a long language and every widget that would show a clipped word is named.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QStyle,
    QStyleOptionGroupBox,
    QTabBar,
    QToolButton,
    QWidget,
)


def describe(widget: QWidget) -> str:
    """``Outer > Inner > QLabel 'text'``: enough to find the widget in the code."""
    chain: list[str] = []
    node: QWidget | None = widget.parentWidget()
    while node is not None and len(chain) < 4:
        name = node.objectName() or type(node).__name__
        if not name.startswith("qt_"):
            chain.append(name)
        node = node.parentWidget()
    own = widget.objectName() or type(widget).__name__
    text = _text_of(widget)
    label = f"{own} {text[:60]!r}" if text else own
    return " > ".join([*reversed(chain), label])


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text()
    if isinstance(widget, QGroupBox):
        return widget.title()
    return ""


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0


def _label_cut(label: QLabel) -> bool:
    if label.wordWrap() or not label.text() or label.pixmap() is not None and not label.text():
        return False
    need = label.minimumSizeHint().width()
    return need > 0 and label.width() < need


def _button_cut(button: QAbstractButton) -> bool:
    if not button.text():
        return False
    if isinstance(button, QToolButton) and button.toolButtonStyle().name == "ToolButtonIconOnly":
        return False
    need = button.minimumSizeHint().width()
    if need <= 0:
        need = button.sizeHint().width()
    return button.width() < need


def _group_cut(box: QGroupBox) -> bool:
    if not box.title():
        return False
    option = QStyleOptionGroupBox()
    box.initStyleOption(option)
    title = box.style().subControlRect(
        QStyle.ComplexControl.CC_GroupBox, option, QStyle.SubControl.SC_GroupBoxLabel, box
    )
    # the ink of the title, as the style sizes the label it paints (a full-width bracket's
    # advance is wider than its ink: "（…）" is not cut when only its blank side is)
    text = box.fontMetrics().boundingRect(box.title().replace("&&", "&")).width()
    return title.width() < text or title.right() > box.width()


def _tabs_cut(bar: QTabBar) -> list[str]:
    found = []
    for i in range(bar.count()):
        if not bar.isTabVisible(i):
            continue
        rect = bar.tabRect(i)
        hint = bar.tabSizeHint(i)
        horizontal = bar.shape() in (
            QTabBar.Shape.RoundedNorth,
            QTabBar.Shape.RoundedSouth,
            QTabBar.Shape.TriangularNorth,
            QTabBar.Shape.TriangularSouth,
        )
        short = rect.width() < hint.width() if horizontal else rect.height() < hint.height()
        outside = rect.right() > bar.width() if horizontal else rect.bottom() > bar.height()
        if short or outside:
            found.append(f"{describe(bar)} tab {i} {bar.tabText(i)[:60]!r}")
    return found


def _clipped_sideways(widget: QWidget) -> bool:
    """Part of the widget is hidden by a parent on the left or right (a scroll area too narrow,
    a row wider than the window). Vertical clipping is normal scrolling and is not reported."""
    seen = widget.visibleRegion().boundingRect()
    if seen.isEmpty():
        return False  # scrolled out of view entirely: checked when scrolled in
    return seen.width() < widget.width()


def cut_text(root: QWidget) -> list[str]:
    """Every visible widget under ``root`` (inclusive) whose text does not fit, described."""
    found: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not _shown(widget):
            continue
        if (isinstance(widget, QLabel) and _label_cut(widget)) or (
            isinstance(widget, QAbstractButton) and _button_cut(widget)
        ):
            found.append(describe(widget) + " (narrower than its text)")
        elif isinstance(widget, QGroupBox) and _group_cut(widget):
            found.append(describe(widget) + " (title cut)")
        elif isinstance(widget, QTabBar):
            found.extend(_tabs_cut(widget))
        elif _text_of(widget) and _clipped_sideways(widget):
            found.append(describe(widget) + " (runs off the visible area)")
    return found


def _laid_out_children(widget: QWidget) -> list[QWidget]:
    """The visible widgets that ``widget``'s own layout places (floating panels excluded)."""
    layout = widget.layout()
    if layout is None:
        return []
    placed: list[QWidget] = []
    stack = [layout]
    while stack:
        current = stack.pop()
        for i in range(current.count()):
            item = current.itemAt(i)
            if item is None:
                continue
            child = item.widget()
            if child is not None:
                if _shown(child) and child.height() > 0:
                    placed.append(child)
            elif (layout := item.layout()) is not None:
                stack.append(layout)
    return placed


def overlapping(root: QWidget) -> list[str]:
    """Pairs of widgets placed by one layout that cover each other, described.

    A layout never overlaps what it places unless something is too small for its content (a
    minimum size larger than the space): the symptom of a control drawn over another.
    """
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not _shown(widget):
            continue
        children = _laid_out_children(widget)
        for i, first in enumerate(children):
            for second in children[i + 1 :]:
                shared = first.geometry().intersected(second.geometry())
                if shared.width() > 1 and shared.height() > 1:
                    found.append(f"{describe(first)} overlaps {describe(second)}")
    return found
