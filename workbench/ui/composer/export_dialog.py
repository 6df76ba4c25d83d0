"""Export a request: a cURL command, a Python or Java program, or a support bundle for the bank.

The cURL command replays one signed URL and its nonce is single-use; the Python and Java programs
sign with a fresh nonce on every run. Secrets (the ticket, key passwords) are left out unless
"Include secrets" is ticked (the programs then read them from variables), and the tick is not
remembered: it applies to this one export (STYLE.md, secrets).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core import export
from workbench.core.export_program import JAVA_CLASS
from workbench.core.os_errors import os_reason
from workbench.core.text import Text
from workbench.qt.errors import ClientError
from workbench.qt.window_state import COMPOSER_EXPORT_FORMAT
from workbench.ui.widgets.common import CopyButton, StatusLine
from workbench.ui.widgets.env_names import environment_label

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

FORMATS = ("curl", "python", "java", "bundle")
_SUFFIX = {"curl": ".sh", "python": ".py", "java": ".java", "bundle": ".txt"}


class ExportDialog(QDialog):
    def __init__(
        self,
        services: AppServices,
        request: export.ExportRequest,
        response: export.ExportResponse | None,
        *,
        source: str,
        sent_to: str = "",
        sent_to_gone: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """``sent_to``: for ``source="sent"``, the environment the request went to (its TLS
        settings, as they were at Send, are in ``request``); ``sent_to_gone``: it has since
        been deleted or renamed."""
        super().__init__(parent)
        self._services = services
        self._request = request
        self._response = response
        self._source = source  # "sent" or "draft"
        self._sent_to = sent_to
        self._sent_to_gone = sent_to_gone
        self.source_label = QLabel(self)
        self.source_label.setWordWrap(True)
        self.format = QComboBox(self)
        self.format.addItems(["", "", "", ""])
        self.format.currentIndexChanged.connect(self._render)
        self.include_secrets = QCheckBox(self)
        self.include_secrets.toggled.connect(self._render)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        # the snippet itself: the view's toPlainText() turns a no-break space into a space and
        # U+2028/U+2029 into line breaks, and the copied command would send another body
        self.copy = CopyButton(self._copy_text, self)
        self.save = QPushButton(self)
        self.save.clicked.connect(self._on_save_clicked)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        self.status = StatusLine(self, reserve_space=True)  # the buttons beside it never move
        top = QHBoxLayout()
        top.addWidget(self.format)
        top.addWidget(self.include_secrets, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.copy)
        bottom.addWidget(self.save)
        bottom.addWidget(self.close_button)
        box = QVBoxLayout(self)
        box.addWidget(self.source_label)
        box.addLayout(top)
        box.addWidget(self.text, 1)
        # on its own row above the buttons: a sentence that appears (or wraps) takes its room
        # from the text, and the buttons stay where the pointer left them
        box.addWidget(self.status)
        box.addLayout(bottom)
        fm = self.fontMetrics()
        self.resize(fm.horizontalAdvance("M") * 90, fm.height() * 36)
        last = services.state(COMPOSER_EXPORT_FORMAT)
        self.format.setCurrentIndex(FORMATS.index(last) if last in FORMATS else 0)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export request"))
        lines = [
            self.tr(
                "From the last request sent (the exact URL and body bytes). The cURL command "
                "repeats its nonce, which the platform has already seen; the Python and Java "
                "programs sign anew on every run."
            )
            if self._source == "sent"
            else self.tr(
                "From the current draft. The cURL command is signed now with a nonce it alone "
                "may use (the composer takes a fresh one); the Python and Java programs sign "
                "anew on every run."
            )
        ]
        if self._source == "draft" and not self._request.ticket:
            lines.append(
                self.tr(
                    "There is no sign ticket yet: the cURL command is signed without one, and "
                    "the platform refuses it (60841017). Fetch a ticket first; the Python and "
                    "Java programs read one from WEBANK_SIGN_TICKET when they run."
                )
            )
        if self._source == "sent" and self._sent_to_gone:
            lines.append(
                self.tr(
                    "It was sent to the environment %1, which has since been deleted or "
                    "renamed: the export uses that environment's settings as they were when "
                    "the request was sent."
                ).replace("%1", self._sent_to)
            )
        elif self._source == "sent" and self._sent_to != self._active_name():
            lines.append(
                self.tr(
                    "It was sent to %1, not to the active environment: the export uses the "
                    "settings %1 had when the request was sent."
                ).replace("%1", self._sent_to_label())
            )
        self.source_label.setText("\n".join(lines))
        for i, name in enumerate(
            (
                self.tr("cURL"),
                self.tr("Python program (signs on every run)"),
                self.tr("Java program (the guide's SignUtils, signs on every run)"),
                self.tr("Support bundle (for WeBank support)"),
            )
        ):
            self.format.setItemText(i, name)
        self.include_secrets.setText(
            self.tr("Include secrets (ticket, key passwords) in this export")
        )
        self.save.setText(self.tr("Save…"))
        self.close_button.setText(self.tr("Close"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def current_format(self) -> str:
        return FORMATS[max(0, self.format.currentIndex())]

    def _copy_text(self) -> str:
        """What Copy takes: the snippet itself ("" when this format cannot replay the request:
        the view says why, as _render does)."""
        try:
            return self.snippet()
        except ValueError:
            return ""

    def snippet(self) -> str:
        fmt = self.current_format()
        secrets = self.include_secrets.isChecked()
        if fmt == "curl":
            return export.curl_snippet(self._request, include_secrets=secrets)
        if fmt == "python":
            return export.python_snippet(self._request, include_secrets=secrets)
        if fmt == "java":
            return export.java_snippet(self._request, include_secrets=secrets)
        env = self._sent_to if self._source == "sent" else self._active_name()
        return export.support_bundle(
            self._request, self._response, env_name=env, include_secrets=secrets
        )

    def _active_name(self) -> str:
        return self._services.active_environment().name

    def _sent_to_label(self) -> str:
        env = self._services.environment(self._sent_to)
        return environment_label(env) if env is not None else self._sent_to

    def _render(self) -> None:
        self._services.set_state(COMPOSER_EXPORT_FORMAT, self.current_format())
        try:
            self.text.setPlainText(self.snippet())
        except ValueError:  # a program needs /api/s/{system}/{code}: other requests have none
            self.text.setPlainText(
                self.tr("This request is not a business call: only cURL can replay it.")
            )

    def _on_save_clicked(self) -> None:
        fmt = self.current_format()
        name = f"{JAVA_CLASS}.java" if fmt == "java" else f"request{_SUFFIX[fmt]}"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save export"), name)
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        """Write the shown text in a job (the GUI thread never writes files)."""
        text = self._copy_text()
        if not text:  # this format cannot replay the request: the view says why
            self.status.set_status(
                StatusLine.WARNING,
                lambda: self.tr("This request is not a business call: only cURL can replay it."),
            )
            return
        self.status.set_status(StatusLine.PENDING, lambda: self.tr("Saving…"))

        def write(_ctx: object) -> str:
            try:
                path.write_text(text, encoding="utf-8", newline="\n")
            except OSError as exc:  # no such folder, read-only, disk full: a sentence, no trace
                reason = os_reason(exc)
                raise ClientError(
                    "local_file",
                    Text(
                        f"Could not save to {path} ({reason.en}); nothing was written.",
                        f"无法保存到 {path}（{reason.zh}）；未写入任何内容。",
                    ),
                    detail=str(exc),
                ) from None
            return str(path)

        # bound methods: Qt drops the answer when the dialog was closed (and deleted) by then
        self._services.runner.submit(
            "save export", write, on_result=self._on_saved, on_error=self._on_save_failed
        )

    def _on_saved(self, path: str) -> None:
        self.status.set_status(StatusLine.OK, Text(f"Saved to {path}", f"已保存到 {path}"))

    def _on_save_failed(self, error: ClientError) -> None:
        self.status.set_status(StatusLine.FAILED, error.text)
