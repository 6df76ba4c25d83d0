"""Sending callbacks out: replay a received one to another URL, or have the sandbox deliver a
signed test callback (PROTOCOL P7, P10). Both run in jobs and show the other side's answer,
checked with the salt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workbench.qt.callbacks import replay_ca
from workbench.qt.errors import ClientError
from workbench.qt.history import KIND_CALLBACK_OUT
from workbench.qt.i18n import pick
from workbench.qt.window_state import CALLBACKS_SENDER
from workbench.ui.callbacks.receiver_view import ReceiverView
from workbench.ui.callbacks.salt import SaltBox
from workbench.ui.widgets.common import StatusLine, set_guide_tooltip
from workbench.ui.widgets.json_view import JsonEditor

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

SAMPLE_BUSINESS = '{"orderNo":"ORD0001","status":"SUCCESS","amount":"100.00","name":"张三"}'


class SenderView(QWidget):
    """Replay the selected received callback, and send a test callback from the sandbox."""

    def __init__(
        self,
        services: AppServices,
        salt_box: SaltBox,
        receiver: ReceiverView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._salt_box = salt_box
        self._receiver = receiver

        self.replay_box = QGroupBox(self)
        self.replay_url = QLineEdit(self.replay_box)
        self.replay_button = QPushButton(self.replay_box)
        self.replay_status = StatusLine(self.replay_box, reserve_space=True)
        row = QHBoxLayout()
        row.addWidget(self.replay_url, 1)
        row.addWidget(self.replay_button)
        rbox = QVBoxLayout(self.replay_box)
        rbox.addLayout(row)
        rbox.addWidget(self.replay_status)

        self.sandbox_box = QGroupBox(self)
        form = QFormLayout(self.sandbox_box)
        self.trans_name = QLineEdit(self.sandbox_box)
        self.business = JsonEditor(self.sandbox_box)
        self.target = QLineEdit(self.sandbox_box)
        self.send_button = QPushButton(self.sandbox_box)
        self.send_status = StatusLine(self.sandbox_box, reserve_space=True)
        # Only the answer box takes the spare height: when the delivery sentence wraps onto
        # more lines, the answer gives way, never the business box above the Send button.
        self.business.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.business.setFixedHeight(9 * self.fontMetrics().lineSpacing())
        self.answer = JsonEditor(self.sandbox_box, read_only=True)
        self.business_label = QLabel(self.sandbox_box)
        self.target_label = QLabel(self.sandbox_box)
        form.addRow("transName", self.trans_name)
        form.addRow(self.business_label, self.business)
        form.addRow(self.target_label, self.target)
        form.addRow(self.send_button)
        form.addRow(self.send_status)
        form.addRow(self.answer)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.replay_box)
        lay.addWidget(self.sandbox_box, 1)

        saved = services.state(CALLBACKS_SENDER)
        saved = saved if isinstance(saved, dict) else {}
        self.replay_url.setText(str(saved.get("replay_url", "")))
        self.trans_name.setText(str(saved.get("trans_name", "loanResultNotify")))
        self.business.setPlainText(str(saved.get("business", SAMPLE_BUSINESS)))
        self.target.setText(str(saved.get("target", "")))
        self.replay_button.clicked.connect(self.replay)
        self.send_button.clicked.connect(self.send_test)
        # the answer box is there from the start, empty: showing it after the first send moved
        # the Send button up under the pointer (a second click missed it)
        set_guide_tooltip(self.trans_name, "transName")
        set_guide_tooltip(self.business, "Plain", self.business_label)
        self.retranslate()

    def retranslate(self) -> None:
        self.replay_box.setTitle(self.tr("Replay the selected callback to a URL"))
        self.replay_url.setPlaceholderText(self.tr("https://your-server/callback"))
        self.replay_button.setText(self.tr("Replay to URL"))
        self.answer.setPlaceholderText(self.tr("Your endpoint's answer to the test callback."))
        self.replay_button.setToolTip(
            self.tr(
                "Send the selected received callback again, byte "
                "for byte, and check the answer with the salt"
            )
        )
        self.sandbox_box.setTitle(self.tr("Send a test callback from the sandbox"))
        self.business_label.setText(self.tr("Business JSON:"))
        self.target_label.setText(self.tr("To URL:"))
        self.target.setPlaceholderText(self.tr("empty: the local listener"))
        self.send_button.setText(self.tr("Send a test callback"))
        self.send_button.setToolTip(
            self.tr(
                "The sandbox signs the business JSON with its salt "
                "and POSTs it; its report checks the answer"
            )
        )

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _remember(self) -> None:
        self._services.set_state(
            CALLBACKS_SENDER,
            {
                "replay_url": self.replay_url.text(),
                "trans_name": self.trans_name.text(),
                "business": self.business.toPlainText()[:20_000],
                "target": self.target.text(),
            },
        )

    # replay -----------------------------------------------------------------------------
    def replay(self) -> None:
        event = self._receiver.selected_event()
        url = self.replay_url.text().strip()
        if event is None:
            self.replay_status.set_status(
                StatusLine.FAILED, lambda: self.tr("Select a received callback in the list first.")
            )
            return
        if not url:
            self.replay_status.set_status(
                StatusLine.FAILED, lambda: self.tr("Enter the URL to replay to.")
            )
            return
        self._remember()
        salt = self._salt_box.salt() or ""
        now = self._services.clock.now_ms()
        window = self._salt_box.window_s()
        body = event.body
        self.replay_button.setEnabled(False)
        self.replay_status.set_status(StatusLine.PENDING, lambda: self.tr("Sending…"))
        env = self._services.active_environment()  # the client's rules: its CA and proxy
        self._services.callback_listener().replay(
            url,
            body,
            salt=salt,
            window_s=window,
            now_ms=now,
            verify=replay_ca(env.tls),
            proxy=env.proxy,
            on_result=self._on_replayed,
            on_error=self._on_replay_failed,
            on_finished=lambda: self.replay_button.setEnabled(True),
        )

    def _on_replayed(self, result: Any) -> None:
        if result.error is not None and result.status is None:
            self.replay_status.set_status(StatusLine.FAILED, result.error)
            return
        v = result.verdict
        valid = v is not None and v.status == "valid"

        def text() -> str:  # called again on a language switch
            if valid:
                sig = self.tr("signature valid ✓")
            else:
                why = "; ".join(pick(r.text) for r in v.reasons) if v else ""
                sig = self.tr("answer not valid ✗: {why}").format(why=why)
            return self.tr("HTTP {status} in {ms} ms; answer code {code}; {sig}").format(
                status=result.status,
                ms=f"{result.elapsed_ms:.0f}",
                code=result.partner_code or "—",
                sig=sig,
            )

        self.replay_status.set_status(
            StatusLine.OK if valid and result.status == 200 else StatusLine.FAILED, text
        )
        self._services.add_history(
            KIND_CALLBACK_OUT,
            f"replay → {result.url}",
            None,
            {
                "url": result.url,
                "status": result.status,
                "answer_body": result.body_text(),
                "answer_code": result.partner_code,
                "answer_verdict": v.status if v else None,
            },
        )

    def _on_replay_failed(self, error: ClientError) -> None:
        self.replay_status.set_status(StatusLine.FAILED, error.text)

    # sandbox ----------------------------------------------------------------------------
    def send_test(self) -> None:
        url = self.target.text().strip() or self._receiver.listener_url()
        if not url:
            self.send_status.set_status(
                StatusLine.FAILED,
                lambda: self.tr("Start the listener, or enter the URL to send to."),
            )
            return
        self._remember()
        verify: bool | str = True
        if url == self._receiver.listener_url():
            verify = self._receiver.listener_ca()
        trans_name = self.trans_name.text().strip()
        business = self.business.toPlainText()
        self.send_button.setEnabled(False)
        self.send_status.set_status(StatusLine.PENDING, lambda: self.tr("The sandbox is sending…"))
        self._services.sandbox().send_callback(
            url,
            trans_name,
            business,
            verify=verify,
            on_result=self._on_delivered,
            on_error=self._on_send_failed,
            on_finished=lambda: self.send_button.setEnabled(True),
        )

    def _on_delivered(self, delivery: Any) -> None:
        on_sandbox = self._services.active_environment().is_sandbox
        # sent to our own listener, which checks and signs with the salt chosen above: when that
        # is not the sandbox's (none, or another typed), the failure is that choice, not a slip
        to_listener = delivery.url == self._receiver.listener_url()
        chosen = self._salt_box.salt()
        other_salt = to_listener and on_sandbox and chosen != self._services.active_secrets().salt

        def text() -> str:  # called again on a language switch
            if delivery.ok:
                return self.tr(
                    "Delivered: HTTP {status} in {ms} ms, answer {code}, its signature verified ✓"
                ).format(
                    status=delivery.status,
                    ms=f"{delivery.elapsed_ms:.0f}",
                    code=delivery.answer_code or "—",
                )
            why = (
                pick(delivery.error)
                if delivery.error
                else self.tr("the answer's signature does not verify")
            )
            out = self.tr("The sandbox's report: {why}").format(why=why)
            if other_salt:
                out += " " + self.tr(
                    "(The listener checks and signs with the salt chosen above, which is not "
                    "the sandbox's: choose the environment's salt.)"
                )
            elif not on_sandbox:
                out += " " + self.tr(
                    "(The sandbox signs with its own salt: switch to the "
                    "sandbox environment so that the listener uses it.)"
                )
            return out

        self.send_status.set_status(StatusLine.OK if delivery.ok else StatusLine.FAILED, text)
        self.answer.setPlainText(delivery.answer_body)
        self._services.add_history(
            KIND_CALLBACK_OUT, f"sandbox → {delivery.url}", None, delivery.to_json_dict()
        )

    def _on_send_failed(self, error: ClientError) -> None:
        self.send_status.set_status(StatusLine.FAILED, error.text)
