"""The zone of a log's times, for Callbacks → Log: this computer's, UTC, or an offset.

A callback's Timestamp is judged against the time on its log line; a time written without a
zone is read in the zone chosen here (times that carry a zone keep it). The choice is
remembered as window state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from workbench.core.log_items import parse_utc_offset, utc_offset_label
from workbench.core.log_report import local_offset_s
from workbench.qt.window_state import CALLBACKS_LOG_ZONE

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

# the offsets in use, in minutes east of UTC (the half and three-quarter hours included)
OFFSETS_MIN = sorted(
    {h * 60 for h in range(-12, 15)}
    | {-570, -210, 210, 270, 330, 345, 390, 525, 570, 630, 765, 825}
)


class LogZoneBox(QWidget):
    """A label and the choice of zone for log times written without one.

    Signals:
        changed(): the user chose another zone.
    """

    changed = Signal()

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.label = QLabel(self)
        self.combo = QComboBox(self)
        self.combo.addItem("", None)  # this computer's zone
        for minutes in [0, *(m for m in OFFSETS_MIN if m)]:
            self.combo.addItem(utc_offset_label(minutes * 60), minutes * 60)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.combo)
        self.choose(parse_utc_offset(services.state(CALLBACKS_LOG_ZONE)))
        self.combo.currentIndexChanged.connect(self._on_combo_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Log times in:"))
        here = utc_offset_label(local_offset_s())
        self.combo.setItemText(0, self.tr("This computer's zone ({zone})").format(zone=here))
        tip = self.tr(
            "The zone of the log's times written without one: each callback's Timestamp is "
            "judged against the time on its log line. Times that carry a zone keep it."
        )
        self.combo.setToolTip(tip)
        self.label.setToolTip(tip)

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def offset_s(self) -> int | None:
        """Seconds east of UTC, or None for this computer's zone."""
        data = self.combo.currentData()
        return int(data) if data is not None else None

    def choose(self, offset_s: int | None) -> None:
        """Select ``offset_s`` (None, or one not listed: this computer's zone)."""
        index = 0
        for i in range(1, self.combo.count()):
            if self.combo.itemData(i) == offset_s:
                index = i
        self.combo.setCurrentIndex(index)

    def _on_combo_changed(self, _index: int) -> None:
        offset = self.offset_s()
        saved = "" if offset is None else utc_offset_label(offset).removeprefix("UTC") or "UTC"
        self._services.set_state(CALLBACKS_LOG_ZONE, saved)
        self.changed.emit()
