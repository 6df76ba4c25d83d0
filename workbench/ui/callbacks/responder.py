"""The responder: build the partner's signed answer, or a signed callback request (PROTOCOL P7.3).

Choose a P7.4 code (code and meaning shown in the active language) or edit the answer JSON, and
get the envelope with a fresh Timestamp, ready to copy. In request mode it builds the envelope
the bank would send (transName, SeqNo, business JSON), so QA can craft callbacks for their own
server. The result is checked again by the core verifier and the check is shown.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.callback import build_signed_response, partner_response_json, verify_callback
from workbench.core.codes import PARTNER_CODES
from workbench.qt.i18n import pick
from workbench.qt.window_state import CALLBACKS_RESPONDER_KIND
from workbench.ui.callbacks.salt import SaltBox
from workbench.ui.widgets.common import CopyButton, StatusLine, set_guide_tooltip
from workbench.ui.widgets.json_view import JsonEditor

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

KIND_RESPONSE = "response"
KIND_REQUEST = "request"
SAMPLE_REQUEST = '{"orderNo":"ORD0001","status":"SUCCESS","amount":"100.00"}'


class ResponderView(QWidget):
    """Builds signed envelopes; ``build()`` is also bound to Ctrl+Return."""

    def __init__(
        self, services: AppServices, salt_box: SaltBox, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._salt_box = salt_box
        self._out_json = ""

        left = QWidget(self)
        form = QFormLayout(left)
        self.kind_label = QLabel(left)
        self.kind = QComboBox(left)
        self.kind.addItem("", KIND_RESPONSE)
        self.kind.addItem("", KIND_REQUEST)
        self.code_label = QLabel(left)
        self.code = QComboBox(left)
        for info in PARTNER_CODES:
            self.code.addItem("", info.code)
        self.code_meaning = QLabel(left)
        self.code_meaning.setWordWrap(True)
        self.trans_name = QLineEdit(left)
        self.seq_no = QLineEdit(left)
        self.new_seq = QToolButton(left)
        seq_row = QHBoxLayout()
        seq_row.addWidget(self.seq_no, 1)
        seq_row.addWidget(self.new_seq)
        self.json_label = QLabel(left)
        self.business = JsonEditor(left)
        self.build_button = QPushButton(left)
        self.build_button.setShortcut(QKeySequence("Ctrl+Return"))
        form.addRow(self.kind_label, self.kind)
        form.addRow(self.code_label, self.code)
        form.addRow("", self.code_meaning)
        form.addRow("transName", self.trans_name)
        form.addRow("SeqNo", seq_row)
        form.addRow(self.json_label, self.business)
        form.addRow("", self.build_button)

        right = QWidget(self)
        col = QVBoxLayout(right)
        self.out_label = QLabel(right)
        self.output = JsonEditor(right, read_only=True)
        self.copy = CopyButton(lambda: self._out_json, right)
        self.check = StatusLine(right)
        head = QHBoxLayout()
        head.addWidget(self.out_label, 1)
        head.addWidget(self.copy)
        col.addLayout(head)
        col.addWidget(self.output, 1)
        col.addWidget(self.check)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)

        last_kind = services.state(CALLBACKS_RESPONDER_KIND)
        self.kind.setCurrentIndex(max(0, self.kind.findData(last_kind)))
        self.business.setPlainText(partner_response_json("0000"))
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.code.currentIndexChanged.connect(self._on_code_changed)
        self.new_seq.clicked.connect(self._on_new_seq_clicked)
        self.build_button.clicked.connect(self.build)
        set_guide_tooltip(self.trans_name, "transName")
        set_guide_tooltip(self.seq_no, "SeqNo")
        set_guide_tooltip(self.business, "Plain", self.json_label)
        set_guide_tooltip(self.output, "Plain,Signature,Timestamp", self.out_label)
        self.retranslate()
        self._apply_kind()

    def retranslate(self) -> None:
        self.kind_label.setText(self.tr("Build:"))
        self.kind.setItemText(0, self.tr("The partner's answer (response)"))
        self.kind.setItemText(1, self.tr("A callback request, as the bank sends it"))
        self.code_label.setText(self.tr("Partner code:"))
        for i, info in enumerate(PARTNER_CODES):
            self.code.setItemText(i, f"{info.code}  {pick(info.meaning)}  ({info.guide_message})")
        self.json_label.setText(self.tr("Business JSON:"))
        self.new_seq.setText(self.tr("New"))
        self.new_seq.setToolTip(self.tr("A new SeqNo from the current time"))
        self.build_button.setText(self.tr("Build signed envelope"))
        self.build_button.setToolTip(
            self.tr("Encode, sign with the salt and a fresh Timestamp (Ctrl+Return)")
        )
        self.out_label.setText(self.tr("Signed envelope (the HTTP body):"))
        self._render_meaning()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # public -----------------------------------------------------------------------------
    def envelope_json(self) -> str:
        return self._out_json

    def answer(self, trans_name: str, seq_no: str, code: str) -> None:
        """Prepare the answer to a verified callback (from the verifier) and build it."""
        self.kind.setCurrentIndex(self.kind.findData(KIND_RESPONSE))
        self.trans_name.setText(trans_name)
        self.seq_no.setText(seq_no)
        index = self.code.findData(code)
        if index >= 0:
            self.code.setCurrentIndex(index)
            self._on_code_changed(index)
        self.build()

    def build(self) -> None:
        salt = self._salt_box.salt()
        if salt is None or not salt:
            self._out_json = ""
            self.output.setPlainText("")
            self.check.set_status(
                StatusLine.FAILED,
                self.tr("No salt: choose the environment's salt or type one above."),
            )
            return
        business = self.business.toPlainText()
        now = self._services.clock.now_ms()
        envelope = build_signed_response(
            business, salt, self.trans_name.text(), self.seq_no.text(), now
        )
        self._out_json = json.dumps(envelope.to_dict(), ensure_ascii=False, indent=2)
        self.output.setPlainText(self._out_json)
        verdict = verify_callback(envelope, salt, now, self._salt_box.window_s())
        try:
            json.loads(business)
            is_json = True
        except ValueError:
            is_json = False
        if verdict.status == "valid" and is_json:
            self.check.set_status(
                StatusLine.OK, self.tr("Checked by the verifier: valid with this salt.")
            )
        elif not is_json:
            self.check.set_status(
                StatusLine.WARNING,
                self.tr(
                    "Signed, but the business JSON is not valid JSON: the other side will answer "
                    "0103."
                ),
            )
        else:
            self.check.set_status(
                StatusLine.FAILED, "; ".join(pick(r.text) for r in verdict.reasons)
            )

    # slots ------------------------------------------------------------------------------
    def _on_kind_changed(self, _index: int) -> None:
        self._services.set_state(CALLBACKS_RESPONDER_KIND, self.kind.currentData())
        self._apply_kind()

    def _apply_kind(self) -> None:
        response = self.kind.currentData() == KIND_RESPONSE
        self.code.setVisible(response)
        self.code_label.setVisible(response)
        self.code_meaning.setVisible(response)
        text = self.business.toPlainText()
        if response and text == SAMPLE_REQUEST:
            self._on_code_changed(self.code.currentIndex())
        elif not response and (not text or text.startswith('{"CODE"')):
            self.business.setPlainText(SAMPLE_REQUEST)
            if not self.trans_name.text():
                self.trans_name.setText("loanResultNotify")
            if not self.seq_no.text():
                self._on_new_seq_clicked()

    def _on_code_changed(self, _index: int) -> None:
        self.business.setPlainText(partner_response_json(str(self.code.currentData())))
        self._render_meaning()

    def _on_new_seq_clicked(self) -> None:
        self.seq_no.setText(f"SEQ{self._services.clock.now_ms()}")

    def _render_meaning(self) -> None:
        info = PARTNER_CODES[max(0, self.code.currentIndex())]
        cause = pick(info.cause)
        self.code_meaning.setText(cause)
        self.code_meaning.setVisible(bool(cause) and self.kind.currentData() == KIND_RESPONSE)
