"""Upload (PROTOCOL P6): files, fileType, fileFormat, the sign, the streamed transfer, the result.

The sign shown before sending uses a preview nonce (the client draws a fresh one per call); after
the transfer the sign that was really sent replaces it. The result puts HASH_VALUE beside the MD5
the client computed while streaming, so a corrupted transfer is visible at once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.sign import SignResult
from workbench.qt.errors import ClientError
from workbench.qt.file_jobs import BatchOutcome, Progress
from workbench.qt.files import FilesContext
from workbench.qt.history import KIND_UPLOAD
from workbench.qt.i18n import pick
from workbench.qt.window_state import FILES_FILE_TYPE, FILES_TYPE_IN_SIGN
from workbench.qt.workers import TaskHandle
from workbench.ui.files.file_type import FileTypeCombo, guess_format
from workbench.ui.files.picker import FilePicker
from workbench.ui.files.results import COL_HASH, COL_ID, COL_NAME, UploadResultsTable, history_files
from workbench.ui.files.widgets import (
    FilesStatusLine,
    SignTable,
    TransferBar,
    copy_button,
    keep_size,
)
from workbench.ui.widgets.common import set_guide_tooltip
from workbench.ui.widgets.flow import flow_row


class UploadPanel(QWidget):
    """Signals:
    download_requested(str, str, str): FILE_ID, HASH_VALUE, FILE_NAME of a row to fetch back.
    """

    download_requested = Signal(str, str, str)

    def __init__(self, context: FilesContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sent_sign: tuple[SignResult, str] | None = None  # the last upload's real sign
        self._ctx = context
        self.handle: TaskHandle | None = None
        self.last_outcome: BatchOutcome | None = None
        self._format_edited = False

        self.files_box = QGroupBox(self)
        self.picker = FilePicker(context, self.files_box)
        self.picker.files_changed.connect(self._on_picker_files_changed)
        QVBoxLayout(self.files_box).addWidget(self.picker)

        self.options_box = QGroupBox(self)
        self.file_type = FileTypeCombo(self.options_box)
        saved = self._ctx.state(FILES_FILE_TYPE)
        self.file_type.setCurrentIndex(max(0, self.file_type.findData(saved)))
        self.file_type.currentIndexChanged.connect(self._on_file_type_changed)
        self.file_format = QLineEdit(self.options_box)
        self.file_format.textEdited.connect(self._on_file_format_edited)
        self.type_in_sign = QCheckBox(self.options_box)
        self.type_in_sign.setChecked(self._ctx.state(FILES_TYPE_IN_SIGN))
        self.type_in_sign.toggled.connect(self._on_type_in_sign_toggled)
        self.form = QFormLayout(self.options_box)
        self.form.addRow("fileType", self.file_type)
        self.form.addRow("fileFormat", self.file_format)
        self.form.addRow(self.type_in_sign)

        self.sign_box = QGroupBox(self)
        self.sign_table = SignTable(self.sign_box)
        QVBoxLayout(self.sign_box).addWidget(self.sign_table)

        self.upload_button = QPushButton(self)
        keep_size(self.upload_button)
        self.upload_button.clicked.connect(self.start_upload)
        self.transfer = TransferBar(self)
        self.transfer.cancel_requested.connect(self.cancel)
        self.status = FilesStatusLine(self)
        self.warning = FilesStatusLine(self)

        self.results_box = QGroupBox(self)
        self.results = UploadResultsTable((None, "FILE_ID", "HASH_VALUE"), self.results_box)
        self.copy_id = copy_button(
            lambda: self.results.selected(COL_ID), self.results_box, "FILE_ID"
        )
        self.copy_hash = copy_button(
            lambda: self.results.selected(COL_HASH), self.results_box, "HASH_VALUE"
        )
        self.copy_name = copy_button(
            lambda: self.results.selected(COL_NAME), self.results_box, "FILE_NAME"
        )
        self.download_button = QPushButton(self.results_box)
        self.download_button.clicked.connect(self._on_download_clicked)
        res_layout = QVBoxLayout(self.results_box)
        res_layout.addWidget(self.results)
        # a row that wraps on a narrow window instead of widening the tab
        res_layout.addWidget(
            flow_row(
                self.results_box,
                [self.copy_id, self.copy_hash, self.copy_name, self.download_button],
            )
        )

        top = QHBoxLayout()
        top.addWidget(self.files_box, 3)
        left = QVBoxLayout()
        left.addWidget(self.options_box)
        top.addLayout(left, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 2)
        layout.addWidget(self.sign_box, 2)
        actions = QHBoxLayout()
        actions.addWidget(self.upload_button)
        actions.addWidget(self.transfer, 1)
        layout.addLayout(actions)
        layout.addWidget(self.warning)
        layout.addWidget(self.status)
        layout.addWidget(self.results_box, 2)
        set_guide_tooltip(self.file_type, "fileType")
        set_guide_tooltip(
            self.file_format,
            "fileFormat",
            extra=lambda: self.tr("fileFormat, e.g. jpg, png, zip, pdf"),
        )
        set_guide_tooltip(
            self.type_in_sign,
            "ticket_type",
            extra=lambda: self.tr(
                "The guide is unclear whether type enters the sign of file calls; switch it to "
                "explore a sign mismatch."
            ),
        )
        self.retranslate()
        self.refresh_sign()
        self._update_enabled()

    # -- text ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.files_box.setTitle(self.tr("Files"))
        self.options_box.setTitle(self.tr("Upload parameters"))
        self.file_format.setPlaceholderText(self.tr("from each file's extension"))
        self.type_in_sign.setText(self.tr("Put type=sign in the sign"))
        self.sign_box.setTitle(self.tr("Sign"))
        self.upload_button.setText(self.tr("Upload"))
        self.upload_button.setToolTip(self.tr("Upload the files (Ctrl+Return)"))
        self.results_box.setTitle(self.tr("Result"))
        self.download_button.setText(self.tr("Download this file"))
        self.download_button.setToolTip(self.tr("Fill the download form with the selected row"))
        self._fill_results()
        if self._sent_sign is not None:
            self._show_sent_sign()  # keep showing what was really sent, in the new language
        else:
            self._show_preview_sign(uploading=self.handle is not None)
        self._show_warnings()
        self.status.refresh()

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- sign ------------------------------------------------------------------------------
    def refresh_sign(self) -> None:
        """Recompute the preview sign (environment, ticket or the type switch changed)."""
        if self.handle is not None:
            return
        self._sent_sign = None
        self._show_preview_sign(uploading=False)

    def _show_preview_sign(self, *, uploading: bool) -> None:
        sign, has_ticket = self._ctx.preview_sign(self.type_in_sign.isChecked())
        if uploading:  # the last upload's sign is not this one's: never say it is
            caption = self.tr(
                "Uploading with a fresh nonce: its sign is shown here when the transfer ends. "
                "Below, the preview with a sample nonce."
            )
        else:
            caption = self.tr(
                "Preview with a sample nonce: each upload draws a fresh nonce, and the "
                "sign really sent is shown here after the transfer. The file bytes are "
                "never signed."
            )
        if not has_ticket:
            caption += " " + self.tr("No sign ticket yet: the client fetches one before sending.")
        self.sign_table.set_sign(sign, caption)

    def _show_sent_sign(self) -> None:
        assert self._sent_sign is not None
        sign, nonce = self._sent_sign
        caption = self.tr("The sign sent with the last upload (nonce %1).").replace("%1", nonce)
        self.sign_table.set_sign(sign, caption)

    # -- sending ---------------------------------------------------------------------------
    def file_format_for(self, path: str) -> str:
        typed = self.file_format.text().strip()
        return typed if self._format_edited and typed else guess_format(path)

    def start_upload(self) -> None:
        if self.handle is not None:
            return
        paths = self.picker.ready_paths()
        if not paths:
            self.status.show_state(
                FilesStatusLine.FAIL, lambda: self.tr("Add at least one readable file first.")
            )
            return
        file_type = self.file_type.currentData()
        formats = {p: self.file_format_for(p) for p in paths}
        type_in_sign = self.type_in_sign.isChecked()
        handle = self._ctx.upload(  # PROTOCOL P3: asks before fetching a bank env's ticket
            paths,
            file_type,
            formats.__getitem__,
            type_in_sign,
            on_result=self._on_upload_result,
            on_error=self._on_upload_error,
            on_progress=self._on_upload_progress,
            on_finished=self._on_upload_finished,
        )
        if handle is None:
            self.status.show_state(
                FilesStatusLine.FAIL,
                lambda: self.tr("Not sent: no sign ticket was fetched or pasted."),
            )
            return
        self.handle = handle
        self._sent_sign = None
        self._show_preview_sign(uploading=True)
        self.status.show_state(FilesStatusLine.INFO, lambda: self.tr("Uploading…"))
        self.transfer.start()
        self._update_enabled()

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
            self.status.show_state(FilesStatusLine.INFO, lambda: self.tr("Cancelling…"))
            self.transfer.cancelling()

    def _on_upload_progress(self, progress: Progress) -> None:
        self.transfer.update_progress(progress)

    def _on_upload_result(self, batch: BatchOutcome) -> None:
        self.last_outcome = batch
        self._fill_results()
        for outcome in batch.outcomes:
            if outcome.result is None:
                continue
            self._ctx.services.add_history(
                KIND_UPLOAD,
                outcome.local.name,
                outcome.result.record,
                {
                    "files": history_files(outcome.result),
                    "local_md5": outcome.result.local_md5,
                    "file_type": self.file_type.currentData(),
                    "endpoint": "upload",
                    "size": outcome.local.size,
                },
            )
            request = outcome.result.record.request
            if request.sign is not None:
                self._sent_sign = (request.sign, request.nonce)
                self._show_sent_sign()
        ok = [o for o in batch.outcomes if o.result is not None and o.error is None]
        failed = [o for o in batch.outcomes if o.error is not None]
        if failed:
            first_error = failed[0].error
            assert first_error is not None
            self.status.show_state(
                FilesStatusLine.FAIL,
                lambda: (
                    self.tr("%1 of %2 files failed. %3")
                    .replace("%1", str(len(failed)))
                    .replace("%2", str(len(batch.outcomes)))
                    .replace("%3", pick(first_error.text))
                ),
            )
        elif batch.cancelled:
            self.status.show_state(
                FilesStatusLine.WARN,
                lambda: self.tr("Cancelled: %1 file(s) were uploaded before the cancel.").replace(
                    "%1", str(len(ok))
                ),
            )
        elif all(self._matches(o) for o in ok):
            self.status.show_state(
                FilesStatusLine.OK, lambda: self.tr("Uploaded; HASH_VALUE equals the local MD5.")
            )
        else:
            self.status.show_state(
                FilesStatusLine.FAIL,
                lambda: self.tr(
                    "Uploaded, but HASH_VALUE differs from the local MD5: the platform stored "
                    "other bytes than were read here."
                ),
            )
        self._show_warnings()

    @staticmethod
    def _matches(outcome: Any) -> bool:
        res = outcome.result
        return bool(res.files) and all(res.hash_matches(f) for f in res.files)

    def _on_upload_error(self, error: ClientError) -> None:
        self.status.show_state(FilesStatusLine.FAIL, lambda: pick(error.text))

    def _on_upload_finished(self) -> None:
        self.handle = None
        self.transfer.set_running(False)
        self._update_enabled()

    # -- results ---------------------------------------------------------------------------
    def _fill_results(self) -> None:
        outcomes = self.last_outcome.outcomes if self.last_outcome is not None else []
        self.results.show_results(o.result for o in outcomes if o.result is not None)
        self._update_enabled()

    def _on_download_clicked(self) -> None:
        selected = self.results.selected
        if selected(COL_ID):
            self.download_requested.emit(selected(COL_ID), selected(COL_HASH), selected(COL_NAME))

    # -- small slots -----------------------------------------------------------------------
    def _show_warnings(self) -> None:
        lines = self.picker.warnings()
        if self.last_outcome is not None:
            changed = [
                o.local.name
                for o in self.last_outcome.outcomes
                if o.changed and o.result is not None
            ]
            if changed:
                lines.append(
                    self.tr(
                        "%1 changed on disk while it was uploading (size or modification time "
                        "differs): what the platform stored may not be what is on disk now."
                    ).replace("%1", ", ".join(changed))
                )
            # a file that grows while it is streamed breaks the request (its length was
            # announced first): say why, or the platform's "no file part" is a riddle
            broken = [
                o.local.name for o in self.last_outcome.outcomes if o.changed and o.result is None
            ]
            if broken:
                lines.append(
                    self.tr(
                        "%1 changed on disk while it was uploading, which is likely why it "
                        "failed: upload it again once it is no longer being written."
                    ).replace("%1", ", ".join(broken))
                )
        self.warning.show_state(FilesStatusLine.WARN if lines else "", "\n".join(lines))

    def _on_picker_files_changed(self) -> None:
        paths = self.picker.paths()
        if not self._format_edited:
            formats = {guess_format(p) for p in paths}
            self.file_format.setText(formats.pop() if len(formats) == 1 else "")
        self._show_warnings()
        self._update_enabled()

    def _on_file_format_edited(self, _text: str) -> None:
        self._format_edited = bool(self.file_format.text().strip())

    def _on_file_type_changed(self, _index: int) -> None:
        self._ctx.set_state(FILES_FILE_TYPE, self.file_type.currentData())

    def _on_type_in_sign_toggled(self, checked: bool) -> None:
        self._ctx.set_state(FILES_TYPE_IN_SIGN, checked)
        self.refresh_sign()

    def _update_enabled(self) -> None:
        busy = self.handle is not None
        self.upload_button.setEnabled(not busy and bool(self.picker.ready_paths()))
        self.picker.setEnabled(not busy)
        has_row = self.results.rowCount() > 0
        for w in (self.copy_id, self.copy_hash, self.copy_name, self.download_button):
            w.setEnabled(has_row)
