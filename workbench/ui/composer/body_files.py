"""The composer's dialogs and files: export (draft or last sent), check a sign, open a body file.

Apart from the tab because none of it is about the live sign: each opens a dialog or runs one
job and reports on the tab's status line (with callables, so a language switch re-renders it).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from workbench.core.os_errors import os_reason
from workbench.core.templates import split_path
from workbench.core.text import Text
from workbench.qt.errors import ClientError
from workbench.ui.composer.check_dialog import CheckSignDialog
from workbench.ui.composer.export_dialog import ExportDialog
from workbench.ui.composer.view import ComposerView
from workbench.ui.widgets.common import StatusLine

LAZY_LOAD_CHARS = 1_000_000  # a longer body file goes into the editor in slices


class ComposerDialogs(QObject):
    """Opens the export and check dialogs and reads body files for ``tab``."""

    def __init__(self, tab: ComposerView, parent: QWidget) -> None:
        super().__init__(parent)
        self._tab = tab
        self._parent = parent
        self._services = tab.services
        self._composer = tab.composer

    def open_export(self, *, sent: bool) -> ExportDialog | None:
        tab = self._tab
        last = self._composer.last_sent if sent else None
        if last is not None:
            dialog = ExportDialog(
                self._services,
                last.request,
                last.response,
                source="sent",
                sent_to=last.env_name,
                sent_to_gone=self._composer.sent_environment_gone(),
                parent=self._parent,
            )
        else:
            path = split_path(tab.editor.path.text())
            if path is None:
                tab.status.set_status(
                    StatusLine.FAILED,
                    lambda: self.tr("Cannot export: the service path must be system/service_code."),
                )
                return None
            previewed = self._composer.preview(  # the request as Send would send it now
                path[0],
                path[1],
                tab.current_body(),
                type_value=tab.editor.type_value(),
                nonce=tab.editor.nonce.text(),
            )
            request = self._composer.draft_request(previewed)
            dialog = ExportDialog(
                self._services, request, None, source="draft", parent=self._parent
            )
            tab.editor.regenerate_nonce()  # PROTOCOL P4.1: the exported cURL holds the old one
        # one per open, each holding the request body: deleted when closed, not kept by the tab
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setModal(False)
        dialog.show()
        return dialog

    def open_check(self) -> CheckSignDialog:
        dialog = CheckSignDialog(self._services, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # as the export dialog
        dialog.show()
        return dialog

    def choose_body_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._parent,
            self.tr("Open body file"),
            "",
            self.tr("JSON or text (*.json *.txt);;All files (*)"),
        )
        if path:
            self.load_body_file(Path(path))

    def load_body_file(self, path: Path) -> None:
        """Read ``path`` in a job; invalid UTF-8 is refused with the byte offset, never replaced."""
        tab = self._tab
        name = path.name

        def read(_ctx: object) -> str:
            try:
                data = path.read_bytes()
            except OSError as exc:  # missing, a folder, no permission: one sentence, no trace
                reason = os_reason(exc)
                raise ClientError(
                    "local_file",
                    Text(
                        f"{name} cannot be read ({reason.en}); the body was left as it is.",
                        f"无法读取 {name}（{reason.zh}）；请求体保持不变。",
                    ),
                    detail=str(exc),
                ) from None
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ClientError(
                    "local_file",
                    Text(
                        f"{name} is not valid UTF-8 (byte 0x{data[exc.start]:02X} at offset "
                        f"{exc.start}); nothing was loaded. "
                        "The platform expects UTF-8 (guide, section 1).",
                        f"{name} 不是有效的 UTF-8（偏移 {exc.start} 处的字节 "
                        f"0x{data[exc.start]:02X}）；未载入任何内容。"
                        "平台要求 UTF-8 编码（指南第一节）。",
                    ),
                ) from exc

        def done(text: str) -> None:
            if len(text) > LAZY_LOAD_CHARS:
                # one insert of many MB holds the window for seconds: fed in slices instead
                # (not undoable, like opening a file); Send waits until the last slice is in
                tab.status.set_status(
                    StatusLine.PENDING,
                    lambda: self.tr("Putting {name} into the editor…").format(name=name),
                )
                tab.editor.body.loaded.connect(
                    lambda: loaded(text), Qt.ConnectionType.SingleShotConnection
                )
                tab.editor.body.set_text_lazy(text)
            else:
                tab.editor.replace_body(text)
                loaded(text)

        def loaded(text: str) -> None:
            if "\r" in text:
                tab.status.set_status(
                    StatusLine.WARNING,
                    lambda: self.tr(
                        "{name} has CR line ends; the editor keeps LF only, "
                        "so LF is what is signed and sent."
                    ).format(name=name),
                )
            else:
                tab.status.set_status(
                    StatusLine.OK, lambda: self.tr("Loaded {name}.").format(name=name)
                )

        tab.status.set_status(
            StatusLine.PENDING, lambda: self.tr("Reading {name}…").format(name=name)
        )
        self._services.runner.submit(
            "open body file",
            read,
            on_result=done,
            on_error=lambda e: tab.status.set_status(StatusLine.FAILED, e.text),
        )
