"""The composer's history: every call, searchable, and reopened into the editor with a click.

The list is read in a job (SQLite is on disk) and refreshed when a new entry is stored.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.qt.history import KIND_CALL, HistoryEntry

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

SEARCH_DELAY_MS = 200


class HistoryPanel(QWidget):
    """Signals:
    reopen_requested(object): a HistoryEntry to load into the editor.
    """

    reopen_requested = Signal(object)

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._entries: list[HistoryEntry] = []
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.reopen = QPushButton(self)
        self.reopen.clicked.connect(self._on_reopen_clicked)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        services.history_added.connect(self._on_services_history_added)
        services.history_changed.connect(self._timer.start)  # a rename moved the entries
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.reopen)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(row)
        box.addWidget(self.list, 1)
        self.times_note = QLabel(self)  # which clock the rows' times are on (the Tokens tab
        self.times_note.setWordWrap(True)  # shows the sandbox's own, movable one)
        box.addWidget(self.times_note)
        self.loaded = 0  # how many searches have come back and been shown (tests wait on it)
        self._generation = 0  # the latest search's number: an older one's answer is dropped
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search path, body, codes…"))
        self.reopen.setText(self.tr("Reopen"))
        self.times_note.setText(self.tr("Times are this computer's local time."))
        self.reopen.setToolTip(
            self.tr("Load the selected request into the editor (or double-click it)")
        )
        self._render_list()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        text = self.search.text().strip()
        env_name = self._services.active_environment().name
        services = self._services
        self._generation += 1
        generation = self._generation

        def search(_ctx: object) -> tuple[int, list[HistoryEntry]]:
            # opened here, in the job: opening may set a damaged file aside or migrate an old one
            found = services.history.search(text, kind=KIND_CALL, env_name=env_name, limit=300)
            return generation, found

        self._services.runner.submit("history search", search, on_result=self._on_search_result)

    def entries(self) -> list[HistoryEntry]:
        return list(self._entries)

    def _on_search_result(self, found: tuple[int, list[HistoryEntry]]) -> None:
        generation, entries = found
        if generation != self._generation:
            return  # a newer search (another environment, a new filter) is on its way
        self._entries = entries
        self._render_list()
        self.loaded += 1

    def _render_list(self) -> None:
        """The rows in the current language (a switch re-renders them: tags follow it)."""
        row = self.list.currentRow()
        self.list.clear()
        for entry in self._entries:
            when = time.strftime("%m-%d %H:%M:%S", time.localtime(entry.created_ms / 1000))
            title = entry.title
            if entry.data and entry.data.get("cancelled"):
                title += " " + self.tr("(answer after Cancel)")
            item = QListWidgetItem(f"{when}  {title}")
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setToolTip(entry.data.get("request", {}).get("url", "") if entry.data else "")
            self.list.addItem(item)
        if 0 <= row < self.list.count():
            self.list.setCurrentRow(row)

    def _on_services_history_added(self, entry: HistoryEntry) -> None:
        if entry.kind == KIND_CALL:
            self._timer.start()

    def _selected(self) -> HistoryEntry | None:
        row = self.list.currentRow()
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def _on_list_item_activated(self, _item: QListWidgetItem) -> None:
        self._on_reopen_clicked()

    def _on_reopen_clicked(self) -> None:
        entry = self._selected()
        if entry is not None:
            self.reopen_requested.emit(entry)
