"""The Files tab (PROTOCOL P6): upload, upload with notice, download, and this environment's files.

Three panels in inner tabs on the left, the list of uploaded files on the right; an upload's row
or a list row fills the download form. Transfers run on the transfer queue and stop on close.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from workbench.qt.files import FilesContext
from workbench.qt.history import KIND_UPLOAD
from workbench.qt.window_state import FILES_PAGE, FILES_SPLITTER
from workbench.ui.files.download_panel import DownloadPanel
from workbench.ui.files.history_list import UploadedFilesList
from workbench.ui.files.notice_panel import NoticePanel
from workbench.ui.files.upload_panel import UploadPanel

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

PAGE_UPLOAD, PAGE_NOTICE, PAGE_DOWNLOAD = range(3)


class FilesTab(QWidget):
    def __init__(
        self,
        services: AppServices,
        parent: QWidget | None = None,
        *,
        client_factory: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.context = FilesContext(services, client_factory)
        self.pages = QTabWidget(self)
        self.upload = UploadPanel(self.context, self.pages)
        self.notice = NoticePanel(self.context, self.pages)
        self.download = DownloadPanel(self.context, self.pages)
        self.pages.addTab(self.upload, "")
        self.pages.addTab(self.notice, "")
        self.pages.addTab(self.download, "")
        self.pages.setCurrentIndex(self.context.state(FILES_PAGE))
        self.pages.currentChanged.connect(self._on_pages_current_changed)
        self.uploaded = UploadedFilesList(self.context, self)
        # the side list may shrink (its rows elide): the tab fits a 1024 px screen
        self.uploaded.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.uploaded)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        sizes = self.context.state(FILES_SPLITTER)
        if isinstance(sizes, list) and len(sizes) == 2:
            self.splitter.setSizes([int(s) for s in sizes])
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        for source in (self.upload, self.notice, self.uploaded):
            source.download_requested.connect(self.show_download)

        self.add_files_action = QAction(self)
        self.add_files_action.setShortcut(QKeySequence("Ctrl+Shift+U"))
        self.add_files_action.triggered.connect(self._on_add_files_triggered)
        self.send_action = QAction(self)
        self.send_action.setShortcut(QKeySequence("Ctrl+Return"))
        self.send_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.send_action.triggered.connect(self._on_send_triggered)
        self.cancel_action = QAction(self)
        self.cancel_action.setShortcut(QKeySequence("Esc"))
        self.cancel_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.cancel_action.triggered.connect(self.cancel_transfers)
        self.addAction(self.send_action)
        self.addAction(self.cancel_action)

        # a switch emits both: only a new environment (not a new ticket) reads the list again
        services.environment_changed.connect(self._on_services_environment_changed)
        services.credentials_changed.connect(self._on_services_credentials_changed)
        services.history_added.connect(self._on_services_history_added)
        services.history_changed.connect(self.uploaded.reload)  # a rename moved the entries
        services.environment_renamed.connect(self.notice.environment_renamed)
        self.retranslate()

    def retranslate(self) -> None:
        self.pages.setTabText(PAGE_UPLOAD, self.tr("Upload"))
        self.pages.setTabText(PAGE_NOTICE, self.tr("Upload with notice"))
        self.pages.setTabText(PAGE_DOWNLOAD, self.tr("Download"))
        for action, text in (
            (self.add_files_action, self.tr("Add files to upload…")),
            (self.send_action, self.tr("Start the transfer")),
            (self.cancel_action, self.tr("Cancel the transfer")),
        ):
            action.setText(text)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text} ({keys})")

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- for the window --------------------------------------------------------------------
    def actions(self) -> list[QAction]:
        """Menu actions (the window adds them to its menus)."""
        return [self.add_files_action, self.send_action, self.cancel_action]

    def shutdown(self) -> None:
        """Stop running transfers (the client removes their temporary files)."""
        self.cancel_transfers()

    def cancel_transfers(self) -> None:
        for panel in (self.upload, self.notice, self.download):
            panel.cancel()

    def show_download(self, file_id: str, hash_value: str, file_name: str = "") -> None:
        self.download.prefill(file_id, hash_value, file_name)
        self.pages.setCurrentIndex(PAGE_DOWNLOAD)

    # -- slots -----------------------------------------------------------------------------
    def _on_add_files_triggered(self) -> None:
        self.pages.setCurrentIndex(PAGE_UPLOAD)
        self.upload.picker.choose_files()

    def _on_send_triggered(self) -> None:
        page = self.pages.currentWidget()
        if page is self.upload:
            self.upload.start_upload()
        elif page is self.notice:
            self.notice.start_upload()
        else:
            self.download.start_download()

    def _on_services_environment_changed(self, _env: object) -> None:
        self._on_services_credentials_changed()
        env = self.context.environment()
        self.notice.set_environment_biz_path(env.biz_path, env.name)
        self.uploaded.reload()

    def _on_services_credentials_changed(self) -> None:
        self.upload.refresh_sign()
        self.download.refresh_sign()

    def _on_services_history_added(self, entry: object) -> None:
        if getattr(entry, "kind", KIND_UPLOAD) == KIND_UPLOAD:
            self.uploaded.reload()

    def _on_pages_current_changed(self, index: int) -> None:
        self.context.set_state(FILES_PAGE, index)

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self.context.set_state(FILES_SPLITTER, self.splitter.sizes())
