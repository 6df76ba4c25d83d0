"""The list of files to send: add by dialog or by drag-and-drop, each checked off the GUI thread.

Each added file is stat'ed (and opened, not read) in a job, so a slow disk never freezes the
window and an unreadable or empty file is flagged before anything is sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.qt.errors import ClientError
from workbench.qt.file_jobs import LocalFile, stat_files
from workbench.qt.files import FilesContext
from workbench.qt.i18n import pick
from workbench.qt.window_state import FILES_LAST_DIR
from workbench.qt.workers import QUEUE_GENERAL
from workbench.ui.files.meter import format_bytes
from workbench.ui.files.widgets import FileDropList
from workbench.ui.widgets.common import set_guide_tooltip

PATH_ROLE = Qt.ItemDataRole.UserRole


class FilePicker(QWidget):
    """Files chosen for an upload.

    Signals:
        files_changed(): files were added, checked or removed.
    """

    files_changed = Signal()

    def __init__(
        self, context: FilesContext, parent: QWidget | None = None, *, state_key: str = "upload"
    ) -> None:
        super().__init__(parent)
        self._ctx = context
        self._state_key = state_key
        self.infos: dict[str, LocalFile | None] = {}
        self.errors: dict[str, ClientError] = {}
        self.pending: set[str] = set()
        self.list = FileDropList(self)
        self.list.files_dropped.connect(self.add_paths)
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(self.clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.list.setMinimumHeight(self.fontMetrics().height() * 4)
        set_guide_tooltip(self.list, "file,fileName", extra=lambda: self.tr("Drop files here"))
        self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add files…"))
        self.add_button.setToolTip(self.tr("Choose files to upload; you can also drop them here"))
        self.remove_button.setText(self.tr("Remove"))
        self.clear_button.setText(self.tr("Clear"))
        self._refresh_rows()

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- the files -------------------------------------------------------------------------
    def paths(self) -> list[str]:
        return [self.list.item(i).data(PATH_ROLE) for i in range(self.list.count())]

    def ready_paths(self) -> list[str]:
        """Files that were checked and can be read."""
        return [p for p in self.paths() if self.infos.get(p) is not None]

    def choose_files(self) -> None:
        start = self._ctx.state(FILES_LAST_DIR)
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Choose files to upload"), start)
        if paths:
            self._ctx.set_state(FILES_LAST_DIR, str(Path(paths[0]).parent))
            self.add_paths(paths)

    def add_paths(self, paths: list[str]) -> None:
        new = [p for p in paths if p not in self.infos and p not in self.pending]
        if not new:
            return
        for p in new:
            self.pending.add(p)
            item = QListWidgetItem(Path(p).name)
            item.setData(PATH_ROLE, p)
            self.list.addItem(item)
        self._refresh_rows()
        self._ctx.services.runner.submit(
            "files: check local files",
            lambda _ctx: stat_files(new),
            on_result=self._on_stat_result,
            queue=QUEUE_GENERAL,
        )
        self.files_changed.emit()

    def _on_stat_result(self, rows: list[Any]) -> None:
        for path, info, error in rows:
            if path not in self.pending:
                continue  # removed while it was checked
            self.pending.discard(path)
            self.infos[path] = info
            if error is not None:
                self.errors[path] = error
        self._refresh_rows()
        self.files_changed.emit()

    def clear(self) -> None:
        self.list.clear()
        self.infos.clear()
        self.errors.clear()
        self.pending.clear()
        self.files_changed.emit()

    def _on_remove_clicked(self) -> None:
        for item in self.list.selectedItems():
            path = item.data(PATH_ROLE)
            self.infos.pop(path, None)
            self.errors.pop(path, None)
            self.pending.discard(path)
            self.list.takeItem(self.list.row(item))
        self.files_changed.emit()

    def _refresh_rows(self) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            path = item.data(PATH_ROLE)
            name = Path(path).name
            info = self.infos.get(path)
            if path in self.pending:
                item.setText(self.tr("%1 (checking…)").replace("%1", name))
            elif path in self.errors:
                item.setText(f"✗ {name} — {pick(self.errors[path].text)}")
            elif info is not None and info.size == 0:
                item.setText(self.tr("⚠ %1 — empty file (0 bytes)").replace("%1", name))
            elif info is not None:
                item.setText(f"{name} — {format_bytes(info.size)}")
            item.setToolTip(path)

    def warnings(self) -> list[str]:
        """Sentences about the chosen files that the user should read before sending."""
        out = [pick(e.text) for e in self.errors.values()]
        empty = [
            Path(p).name for p, info in self.infos.items() if info is not None and info.size == 0
        ]
        if empty:
            out.append(
                self.tr(
                    "%1: empty (0 bytes). It will be sent as it is; the platform may refuse it."
                ).replace("%1", ", ".join(empty))
            )
        return out
