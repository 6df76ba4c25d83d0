"""Download (PROTOCOL P6): by FILE_ID and HASH_VALUE, streamed to a chosen file, MD5 checked.

When the platform answers JSON instead of the file, its code is explained and nothing is saved.
The client streams to a temporary name and renames only a complete transfer, so a cancel or a
failure never leaves a partial file under the name the user chose.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.codes import explain
from workbench.core.sign import SignResult
from workbench.qt import file_jobs as jobs
from workbench.qt.errors import ClientError
from workbench.qt.file_jobs import Progress
from workbench.qt.files import FilesContext
from workbench.qt.history import KIND_DOWNLOAD
from workbench.qt.i18n import pick
from workbench.qt.results import DownloadResult, ExchangeRecord
from workbench.qt.window_state import FILES_DOWNLOAD_DIR, FILES_TYPE_IN_SIGN
from workbench.qt.workers import QUEUE_GENERAL, TaskHandle
from workbench.ui.files.widgets import (
    FilesStatusLine,
    SignTable,
    TransferBar,
    copy_button,
    keep_size,
)
from workbench.ui.widgets.common import set_guide_tooltip

CONTENT_TYPES = (
    "image/jpeg",
    "image/png",
    "application/pdf",
    "application/zip",
    "application/octet-stream",
)  # PROTOCOL P6: image/jpeg is the default

_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/pdf": ".pdf",
    "application/zip": ".zip",
    "application/octet-stream": ".bin",
}
PREVIEW_SIDE = 320


def default_file_name(file_id: str, file_name: str, content_type: str) -> str:
    """The uploaded file's own name when known, else the FILE_ID's tail and the type's suffix."""
    if file_name:
        return Path(file_name).name
    tail = file_id[-16:] if file_id else "download"
    return f"{tail}{_EXTENSIONS.get(content_type.strip().lower(), '.bin')}"


class DownloadPanel(QWidget):
    def __init__(self, context: FilesContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = context
        self.handle: TaskHandle | None = None
        self.result: DownloadResult | None = None
        self.platform_error: ClientError | None = None
        self._file_name = ""

        self.form_box = QGroupBox(self)
        self.file_id = QLineEdit(self.form_box)
        self.hash_value = QLineEdit(self.form_box)
        self.content_type = QComboBox(self.form_box)
        self.content_type.setEditable(True)
        self.content_type.addItems(CONTENT_TYPES)
        self.dest = QLineEdit(self.form_box)
        self.choose_button = QPushButton(self.form_box)
        self.choose_button.clicked.connect(self.choose_destination)
        self.type_in_sign = QCheckBox(self.form_box)
        self.type_in_sign.setChecked(self._ctx.state(FILES_TYPE_IN_SIGN))
        dest_row = QHBoxLayout()
        dest_row.addWidget(self.dest, 1)
        dest_row.addWidget(self.choose_button)
        self.form = QFormLayout(self.form_box)
        self.form.addRow("FILE_ID", self.file_id)
        self.form.addRow("HASH_VALUE", self.hash_value)
        self.form.addRow("contentType", self.content_type)
        self.dest_label = QLabel(self.form_box)
        self.form.addRow(self.dest_label, dest_row)
        self.form.addRow(self.type_in_sign)
        for edit in (self.file_id, self.hash_value):
            edit.textChanged.connect(self._update_enabled)
            edit.textChanged.connect(self.refresh_sign)
        self.content_type.currentTextChanged.connect(self.refresh_sign)
        self.type_in_sign.toggled.connect(self.refresh_sign)
        self.dest.textChanged.connect(self._update_enabled)
        # the sign inputs, sign string and sign, as on the Upload page (guide 4.5.2)
        self.sign_box = QGroupBox(self)
        self.sign_table = SignTable(self.sign_box)
        QVBoxLayout(self.sign_box).addWidget(self.sign_table)
        self._sent_sign: tuple[SignResult, str] | None = None  # the last download's real sign

        self.download_button = QPushButton(self)
        keep_size(self.download_button)
        self.download_button.clicked.connect(self.start_download)
        self.transfer = TransferBar(self)
        self.transfer.cancel_requested.connect(self.cancel)
        self.status = FilesStatusLine(self)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.md5_label = QLabel(self)
        self.md5_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_md5 = copy_button(lambda: self.result.md5 if self.result else "", self)
        self.preview = QLabel(self)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self.open_file)

        layout = QVBoxLayout(self)
        layout.addWidget(self.form_box)
        layout.addWidget(self.sign_box)
        row = QHBoxLayout()
        row.addWidget(self.download_button)
        row.addWidget(self.transfer, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.explanation)
        row = QHBoxLayout()
        row.addWidget(self.md5_label, 1)
        row.addWidget(self.copy_md5)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        layout.addWidget(self.preview, 1)
        set_guide_tooltip(self.file_id, "fileId")
        set_guide_tooltip(self.hash_value, "hashValue")
        set_guide_tooltip(self.content_type, "contentType")
        self.retranslate()
        self._show_result()
        self._update_enabled()

    def retranslate(self) -> None:
        self.form_box.setTitle(self.tr("Download"))
        self.file_id.setPlaceholderText(self.tr("FILE_ID returned by the upload"))
        self.hash_value.setPlaceholderText(self.tr("HASH_VALUE returned by the upload (MD5)"))
        self.dest_label.setText(self.tr("Save to"))
        self.choose_button.setText(self.tr("Choose…"))
        self.type_in_sign.setText(self.tr("Put type=sign in the sign"))
        self.download_button.setText(self.tr("Download"))
        self.download_button.setToolTip(self.tr("Download to the chosen file (Ctrl+Return)"))
        self.open_button.setText(self.tr("Open"))
        self.open_button.setToolTip(self.tr("Open the downloaded file with its usual program"))
        self.sign_box.setTitle(self.tr("Sign"))
        self.refresh_sign()
        self._show_result()
        self.status.refresh()

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- sign ------------------------------------------------------------------------------
    def refresh_sign(self, *_args: object) -> None:
        """Show the sign: the one sent with the last download, or a preview of the next."""
        if self._sent_sign is not None:
            sign, nonce = self._sent_sign
            caption = self.tr("The sign sent with the last download (nonce %1).").replace(
                "%1", nonce
            )
            self.sign_table.set_sign(sign, caption)
            return
        request = self._ctx.preview_download(
            file_id=self.file_id.text().strip(),
            hash_value=self.hash_value.text().strip(),
            content_type=self.content_type.currentText().strip() or CONTENT_TYPES[0],
            type_in_sign=self.type_in_sign.isChecked(),
        )
        if self.handle is not None:
            caption = self.tr(
                "Downloading with a fresh nonce: its sign is shown here when the transfer "
                "ends. Below, the preview with a sample nonce."
            )
        else:
            caption = self.tr(
                "Preview with a sample nonce: each download draws a fresh nonce, and the sign "
                "really sent is shown here after the transfer. FILE_ID and HASH_VALUE are not "
                "signed."
            )
        if request.ticket_missing:
            caption += " " + self.tr("No sign ticket yet: the client fetches one before sending.")
        self.sign_table.set_sign(request.sign, caption)

    # -- filling ---------------------------------------------------------------------------
    def prefill(self, file_id: str, hash_value: str, file_name: str = "") -> None:
        """Fill the form from an upload result or the list of this environment's files.

        What the panel said about the previous transfer (cancelled, failed, saved) goes: it
        is not about this file.
        """
        if self.handle is None:
            self.result, self.platform_error = None, None
            self._sent_sign = None
            self.preview.clear()
            self.status.clear_state()
            self.transfer.reset()
            self._show_result()
        self.file_id.setText(file_id)
        self.hash_value.setText(hash_value)
        self._file_name = file_name
        ext = Path(file_name).suffix.lower()
        guessed = {
            ".png": "image/png",
            ".pdf": "application/pdf",
            ".zip": "application/zip",
            ".jpg": "image/jpeg",
            ".jpeg": "image/jpeg",
        }.get(ext)
        if file_name:
            self.content_type.setCurrentText(guessed or "application/octet-stream")
        self.dest.setText(
            str(
                self._download_dir()
                / default_file_name(file_id, file_name, self.content_type.currentText())
            )
        )
        self.refresh_sign()  # a preview for this file (the last download's sign was another's)

    def _download_dir(self) -> Path:
        saved = self._ctx.state(FILES_DOWNLOAD_DIR)
        if saved:
            return Path(saved)
        loc = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
        return Path(loc or Path.home())

    def choose_destination(self) -> None:
        current = self.dest.text().strip() or str(
            self._download_dir()
            / default_file_name(
                self.file_id.text().strip(), self._file_name, self.content_type.currentText()
            )
        )
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the download as"), current)
        if path:
            self.dest.setText(path)
            self._ctx.set_state(FILES_DOWNLOAD_DIR, str(Path(path).parent))

    # -- transfer --------------------------------------------------------------------------
    def start_download(self) -> None:
        if self.handle is not None:
            return
        file_id, hash_value = self.file_id.text().strip(), self.hash_value.text().strip()
        dest = self.dest.text().strip()
        content_type = self.content_type.currentText().strip() or CONTENT_TYPES[0]
        if not file_id or not hash_value:
            self.status.show_state(
                FilesStatusLine.FAIL,
                lambda: self.tr(
                    "FILE_ID and HASH_VALUE are both needed (the upload returns them)."
                ),
            )
            return
        if not dest:
            self.status.show_state(
                FilesStatusLine.FAIL, lambda: self.tr("Choose where to save the file.")
            )
            return
        handle = self._ctx.download(  # PROTOCOL P3: asks before fetching a ticket
            file_id,
            hash_value,
            dest,
            content_type,
            self.type_in_sign.isChecked(),
            on_result=self._on_download_result,
            on_error=self._on_download_error,
            on_progress=self._on_download_progress,
            on_finished=self._on_download_finished,
        )
        if handle is None:
            self.status.show_state(
                FilesStatusLine.FAIL,
                lambda: self.tr("Not downloaded: no sign ticket was fetched or pasted."),
            )
            return
        self.handle = handle
        self.result, self.platform_error = None, None
        self._sent_sign = None
        self.refresh_sign()
        self.preview.clear()
        self._show_result()
        self.status.show_state(FilesStatusLine.INFO, lambda: self.tr("Downloading…"))
        self.transfer.start()
        self._update_enabled()

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
            self.status.show_state(FilesStatusLine.INFO, lambda: self.tr("Cancelling…"))
            self.transfer.cancelling()

    def _on_download_progress(self, progress: Progress) -> None:
        self.transfer.update_progress(progress)

    def _remember_sent_sign(self, record: ExchangeRecord | None) -> None:
        request = record.request if record is not None else None
        if request is not None and request.sign is not None:
            self._sent_sign = (request.sign, request.nonce)
            self.refresh_sign()

    def _on_download_result(self, result: DownloadResult) -> None:
        self.result = result
        self._remember_sent_sign(result.record)
        self._ctx.services.add_history(
            KIND_DOWNLOAD,
            Path(result.path).name,
            result.record,
            {
                "file_id": self.file_id.text().strip(),
                "hash_value": result.expected_hash,
                "md5": result.md5,
                "size": result.size,
                "content_type": result.content_type,
                "hash_matches": result.hash_matches,
            },
        )
        self._show_result()
        if result.content_type.lower().startswith("image/") or Path(result.path).suffix.lower() in (
            ".jpg",
            ".jpeg",
            ".png",
            ".gif",
            ".bmp",
            ".webp",
        ):
            path = result.path
            self._ctx.services.runner.submit(
                "files: preview",
                lambda _job: jobs.load_preview(path, PREVIEW_SIDE),
                on_result=self._on_preview_loaded,
                queue=QUEUE_GENERAL,
            )

    def _on_preview_loaded(self, image: QImage | None) -> None:
        if image is not None and self.result is not None:
            self.preview.setPixmap(QPixmap.fromImage(image))

    def _on_download_error(self, error: ClientError) -> None:
        self.platform_error = error if error.answer is not None else None
        self._remember_sent_sign(error.record)
        self.status.show_state(FilesStatusLine.FAIL, lambda: pick(error.text))
        self._show_result()

    def _on_download_finished(self) -> None:
        self.handle = None
        self.transfer.set_running(False)
        self.refresh_sign()
        self._update_enabled()

    def _show_result(self) -> None:
        res = self.result
        self.open_button.setVisible(res is not None)
        self.copy_md5.setVisible(res is not None)
        self.md5_label.setVisible(res is not None)
        if res is not None:
            self.md5_label.setText(self.tr("MD5 of the saved file: %1").replace("%1", res.md5))
            if res.hash_matches:
                self.status.show_state(
                    FilesStatusLine.OK,
                    lambda: (
                        self.tr("Saved %1 (%2 bytes); its MD5 equals HASH_VALUE.")
                        .replace("%1", res.path)
                        .replace("%2", str(res.size))
                    ),
                )
            else:
                self.status.show_state(
                    FilesStatusLine.FAIL,
                    lambda: (
                        self.tr(
                            "Saved %1, but its MD5 %2 differs from HASH_VALUE %3: the file is not "
                            "the one that was uploaded, or it was damaged on the way."
                        )
                        .replace("%1", res.path)
                        .replace("%2", res.md5)
                        .replace("%3", res.expected_hash)
                    ),
                )
        err = self.platform_error
        lines: list[str] = []
        if err is not None and err.answer is not None:
            lines.append(
                self.tr("The platform answered JSON instead of the file; nothing was saved.")
            )
            lines.append(f"code {err.answer.code}: {err.answer.msg}")
            for info in explain(err.answer.code):
                lines.append(pick(info.meaning) + (" " + pick(info.cause) if info.cause.en else ""))
        self.explanation.setText("\n".join(lines))
        self.explanation.setVisible(bool(lines))

    def open_file(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.result.path))

    def _update_enabled(self) -> None:
        busy = self.handle is not None
        ready = bool(
            self.file_id.text().strip()
            and self.hash_value.text().strip()
            and self.dest.text().strip()
        )
        self.download_button.setEnabled(not busy and ready)
        self.form_box.setEnabled(not busy)
