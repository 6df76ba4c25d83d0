"""Spin boxes and combo boxes that leave the mouse wheel to the page until they have focus.

In a scrolling form the wheel otherwise changes whatever spin box passes under the pointer
(a read timeout went from 30 s to 27 s and was saved while the user only scrolled).
"""

from __future__ import annotations

from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QWidget

from workbench.ui.widgets.early import strong_focus


class FocusWheelDoubleSpinBox(QDoubleSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        strong_focus(self)  # not WheelFocus: the wheel never focuses

    def wheelEvent(self, event: QWheelEvent) -> None:  # Qt override
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # goes on to the scroll area


class FocusWheelComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        strong_focus(self)

    def wheelEvent(self, event: QWheelEvent) -> None:  # Qt override
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()
