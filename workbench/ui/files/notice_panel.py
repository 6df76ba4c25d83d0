"""Upload with notice (PROTOCOL P6): uploadJson (one file, base64) and uploadForm (several files).

``bizContent`` is the business system's own JSON text: it is checked to be JSON before sending,
and sent as typed. ``bizPath`` comes from the environment unless the user types another.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.json_errors import json_problem
from workbench.core.request import repeated_file_names
from workbench.core.text import Text
from workbench.qt.errors import ClientError
from workbench.qt.file_jobs import LocalFile, Progress
from workbench.qt.files import FilesContext
from workbench.qt.history import KIND_UPLOAD
from workbench.qt.i18n import pick
from workbench.qt.results import UploadResult
from workbench.qt.window_state import FILES_FILE_TYPE, FILES_NOTICE_MODE
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

try:
    from workbench.ui.widgets.json_view import JsonEditor as _Editor
except ImportError:  # pragma: no cover - the shared editor exists; a plain one otherwise
    _Editor = QPlainTextEdit  # type: ignore[misc,assignment]

MODE_JSON, MODE_FORM = "json", "form"
JSON_BASE64_WARN_BYTES = 10 * 1000 * 1000  # uploadJson carries base64 in one body: memory grows


def check_biz_content(text: str) -> tuple[Text | None, int, int]:
    """``(error, line, column)``; error is None when ``text`` is empty or valid JSON."""
    if not text.strip():
        return None, 0, 0
    problem = json_problem(text)
    if problem is None:
        return None, 0, 0
    line, column, phrase = problem
    return phrase, line, column


class NoticePanel(QWidget):
    """Signals:
    download_requested(str, str, str): fileId, hashValue, fileName of a row to fetch back.
    """

    download_requested = Signal(str, str, str)

    def __init__(self, context: FilesContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = context
        self.handle: TaskHandle | None = None
        self.result: UploadResult | None = None
        self.locals: list[LocalFile] = []
        self.changed = False

        self.options_box = QGroupBox(self)
        self.mode = QComboBox(self.options_box)
        self.mode.addItem("uploadJson", MODE_JSON)
        self.mode.addItem("uploadForm", MODE_FORM)
        self.mode.setCurrentIndex(max(0, self.mode.findData(self._ctx.state(FILES_NOTICE_MODE))))
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        self.biz_path = QLineEdit(self.options_box)
        env = self._ctx.environment()
        self.biz_path.setText(env.biz_path)
        # whose bizPath the field shows: another environment's replaces it, one typed here stays
        # while the same environment is only edited
        self._biz_of = (env.name, env.biz_path)
        self.biz_content = _Editor(self.options_box)
        self.biz_content.setMinimumHeight(self.fontMetrics().height() * 5)
        self.biz_content.textChanged.connect(self._on_biz_content_changed)
        self.form = QFormLayout(self.options_box)
        self.form.addRow(self.tr("Interface"), self.mode)
        self.form.addRow("bizPath", self.biz_path)
        self.form.addRow("bizContent", self.biz_content)
        # guide 4.5.3 lists fileType and fileFormat among the URL parameters here too
        self.file_type = FileTypeCombo(self.options_box)
        self.file_type.setCurrentIndex(
            max(0, self.file_type.findData(self._ctx.state(FILES_FILE_TYPE)))
        )
        self.file_format = QLineEdit(self.options_box)
        self.form.addRow("fileType", self.file_type)
        self.form.addRow("fileFormat", self.file_format)
        self.files_box = QGroupBox(self)
        self.picker = FilePicker(context, self.files_box, state_key="notice")
        QVBoxLayout(self.files_box).addWidget(self.picker)
        self.picker.files_changed.connect(self._on_picker_files_changed)

        self.send_button = QPushButton(self)
        keep_size(self.send_button)
        self.send_button.clicked.connect(self.start_upload)
        self.transfer = TransferBar(self)
        self.transfer.cancel_requested.connect(self.cancel)
        self.status = FilesStatusLine(self)
        self.warning = FilesStatusLine(self)
        self.results = UploadResultsTable(("fileName", "fileId", "hashValue"), self, single=False)
        self.copy_id = copy_button(lambda: self.results.selected(COL_ID), self, "fileId")
        self.copy_hash = copy_button(lambda: self.results.selected(COL_HASH), self, "hashValue")
        self.download_button = QPushButton(self)
        self.download_button.clicked.connect(self._on_download_clicked)
        self.sign_table = SignTable(self)

        top = QHBoxLayout()
        top.addWidget(self.options_box, 3)
        top.addWidget(self.files_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 2)
        row = QHBoxLayout()
        row.addWidget(self.send_button)
        row.addWidget(self.transfer, 1)
        layout.addLayout(row)
        layout.addWidget(self.warning)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        row = QHBoxLayout()
        row.addWidget(self.copy_id)
        row.addWidget(self.copy_hash)
        row.addStretch(1)
        row.addWidget(self.download_button)
        layout.addLayout(row)
        layout.addWidget(self.sign_table)
        self.sign_table.setVisible(False)
        set_guide_tooltip(
            self.mode,
            "file",
            extra=lambda: self.tr(
                "uploadJson: one file sent as base64 in JSON; uploadForm: "
                "one or more files as multipart form data"
            ),
        )
        set_guide_tooltip(self.biz_path, "bizPath")
        set_guide_tooltip(self.file_type, "fileType")
        set_guide_tooltip(self.file_format, "fileFormat")
        set_guide_tooltip(self.biz_content, "bizContent")
        self.retranslate()
        self._update_enabled()

    def retranslate(self) -> None:
        self.options_box.setTitle(self.tr("Upload with notice"))
        self.files_box.setTitle(self.tr("Files"))
        label = self.form.labelForField(self.mode)
        if label is not None:
            label.setText(self.tr("Interface"))  # type: ignore[attr-defined]
        self.biz_path.setPlaceholderText(self.tr("assigned by WeBank per business, e.g. cgy"))
        self.file_format.setPlaceholderText(self.tr("from the file's extension"))
        self.biz_content.setPlaceholderText(
            self.tr('Optional notice JSON for the business system, e.g. {"orderNo": "123"}')
        )
        self.send_button.setText(self.tr("Send"))
        self.send_button.setToolTip(self.tr("Upload with notice (Ctrl+Return)"))
        self.download_button.setText(self.tr("Download this file"))
        self._fill_results()
        self._show_warnings()
        self.status.refresh()

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def environment_renamed(self, old: str, new: str) -> None:
        """The same environment under a new name: a bizPath typed for it stays."""
        name, shown = self._biz_of
        if name == old:
            self._biz_of = (new, shown)

    def set_environment_biz_path(self, biz_path: str, env_name: str = "") -> None:
        """The active environment's bizPath (switched or edited): shown unless the user typed
        another for this same environment; another environment's never stays (it would send
        uploads with notice to the old business's path)."""
        name, shown = self._biz_of
        typed_here = env_name == name and self.biz_path.text() != shown
        if not typed_here:
            self.biz_path.setText(biz_path)
        self._biz_of = (env_name, biz_path)

    # -- checks ----------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """Why sending is not possible now (empty when it is)."""
        out: list[str] = []
        if not self.biz_path.text().strip():
            out.append(self.tr("Type the bizPath WeBank assigned (…/up/s/{bizPath}/…)."))
        error, line, col = check_biz_content(self.biz_content.toPlainText())
        if error is not None:
            out.append(
                self.tr("bizContent is not valid JSON: %1 (line %2, column %3).")
                .replace("%1", pick(error))
                .replace("%2", str(line))
                .replace("%3", str(col))
            )
        paths = self.picker.ready_paths()
        if not paths:
            out.append(self.tr("Add a readable file."))
        elif self.mode.currentData() == MODE_JSON and len(paths) > 1:
            out.append(
                self.tr(
                    "uploadJson takes exactly one file: remove the others or choose uploadForm."
                )
            )
        elif repeated := repeated_file_names([Path(p).name for p in paths]):
            # PROTOCOL P6: the answer tells the files apart by fileName only
            out.append(
                self.tr(
                    "Not sent: more than one chosen file is named %1, and the platform's "
                    "answer tells files apart only by name; rename one or upload them in "
                    "separate calls."
                ).replace("%1", ", ".join(repeated))
            )
        return out

    def _show_warnings(self) -> None:
        lines = self.picker.warnings()
        big = [
            lf
            for lf in self.picker.infos.values()
            if lf is not None and lf.size > JSON_BASE64_WARN_BYTES
        ]
        if self.mode.currentData() == MODE_JSON and big:
            lines.append(
                self.tr(
                    "uploadJson sends the file as base64 inside one JSON body, which "
                    "is held in memory: for large files prefer uploadForm."
                )
            )
        if self.changed:
            lines.append(
                self.tr(
                    "A file changed on disk while it was uploading: what the "
                    "platform stored may not be what is on disk now."
                )
            )
        self.warning.show_state(FilesStatusLine.WARN if lines else "", "\n".join(lines))

    # -- sending ---------------------------------------------------------------------------
    def start_upload(self) -> None:
        if self.handle is not None:
            return
        problems = self.problems()
        if problems:
            # a callable, so that a language switch says the problem again in the new language
            self.status.show_state(FilesStatusLine.FAIL, lambda: (self.problems() or [""])[0])
            return
        mode, biz_path = self.mode.currentData(), self.biz_path.text().strip()
        text = self.biz_content.toPlainText()
        biz_content = text if text.strip() else None
        paths = self.picker.ready_paths()
        typed_format = self.file_format.text().strip()
        handle = self._ctx.upload_notice(  # PROTOCOL P3: asks before fetching a ticket
            mode,
            biz_path,
            paths,
            biz_content,
            self.file_type.currentData(),
            lambda path: typed_format or guess_format(path),
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

    def _on_upload_result(self, outcome: tuple[UploadResult, list[LocalFile], bool]) -> None:
        self.result, self.locals, self.changed = outcome
        res = self.result
        endpoint = "uploadJson" if self.mode.currentData() == MODE_JSON else "uploadForm"
        self._ctx.services.add_history(
            KIND_UPLOAD,
            ", ".join(lf.name for lf in self.locals),
            res.record,
            {
                "files": history_files(res),
                "local_md5": res.local_md5,
                "endpoint": endpoint,
                "biz_path": self.biz_path.text().strip(),
                "file_type": self.file_type.currentData(),
            },
        )
        if res.record.request.sign is not None:
            self.sign_table.set_sign(res.record.request.sign, self.tr("The sign that was sent."))
            self.sign_table.setVisible(True)
        self._fill_results()
        matches = [res.hash_matches(f) for f in res.files]
        if res.files and all(matches):
            self.status.show_state(
                FilesStatusLine.OK,
                lambda: self.tr("Uploaded; every hashValue equals the local MD5."),
            )
        elif not res.files:
            self.status.show_state(
                FilesStatusLine.FAIL, lambda: self.tr("The platform answered without a fileList.")
            )
        else:
            self.status.show_state(
                FilesStatusLine.FAIL,
                lambda: self.tr("Uploaded, but a hashValue differs from the local MD5."),
            )
        self._show_warnings()

    def _on_upload_error(self, error: ClientError) -> None:
        self.status.show_state(FilesStatusLine.FAIL, lambda: pick(error.text))

    def _on_upload_finished(self) -> None:
        self.handle = None
        self.transfer.set_running(False)
        self._update_enabled()

    def _fill_results(self) -> None:
        self.results.show_results([self.result] if self.result is not None else [])

    def _on_download_clicked(self) -> None:
        selected = self.results.selected
        if selected(COL_ID):
            self.download_requested.emit(selected(COL_ID), selected(COL_HASH), selected(COL_NAME))

    def _on_mode_changed(self, _index: int) -> None:
        self._ctx.set_state(FILES_NOTICE_MODE, self.mode.currentData())
        self._show_warnings()
        self._update_enabled()

    def _on_biz_content_changed(self) -> None:
        self._update_enabled()

    def _on_picker_files_changed(self) -> None:
        self._show_warnings()
        self._update_enabled()

    def _update_enabled(self) -> None:
        busy = self.handle is not None
        self.send_button.setEnabled(not busy)
        self.send_button.setToolTip(
            "\n".join(self.problems()) or self.tr("Upload with notice (Ctrl+Return)")
        )
        self.options_box.setEnabled(not busy)
        self.picker.setEnabled(not busy)
        has_row = self.results.rowCount() > 0
        for w in (self.copy_id, self.copy_hash, self.download_button):
            w.setEnabled(has_row)
