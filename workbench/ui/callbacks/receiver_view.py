"""The listener's page: start/stop the local callback receiver, watch callbacks arrive, set rules.

The receiver itself belongs to :class:`workbench.qt.callbacks.CallbackListener` (start and stop
in jobs, the received callbacks as a capped model, the history): this page fills the form,
forwards Start/Stop, and shows the model's rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.codes import PARTNER_CODES
from workbench.qt.callbacks import ListenerSettings
from workbench.qt.i18n import pick
from workbench.ui.callbacks.rules import RulesEditor
from workbench.ui.callbacks.salt import SaltBox
from workbench.ui.widgets.common import CopyButton, StatusLine
from workbench.ui.widgets.tables import read_only_table

if TYPE_CHECKING:
    from workbench.qt.callbacks import ReceivedCallback
    from workbench.qt.services import AppServices


class ReceiverView(QWidget):
    """Signals:
    open_requested(object): a ReceivedCallback to show in the verifier.
    url_changed(str): the listener's URL ("" when stopped)."""

    open_requested = Signal(object)
    url_changed = Signal(str)

    def __init__(
        self, services: AppServices, salt_box: SaltBox, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._salt_box = salt_box
        self._listener = services.callback_listener()

        self.listener_box = QGroupBox(self)
        form = QFormLayout(self.listener_box)
        self.host = QComboBox(self.listener_box)
        self.host.setEditable(True)
        self.host.addItems(["127.0.0.1", "0.0.0.0", "::1"])
        self.port = QSpinBox(self.listener_box)
        self.port.setRange(0, 65535)
        self.path = QLineEdit(self.listener_box)
        self.scheme = QComboBox(self.listener_box)
        self.scheme.addItems(["HTTP", "HTTPS"])
        self.cert = QLineEdit(self.listener_box)
        self.cert_pick = QToolButton(self.listener_box)
        self.key = QLineEdit(self.listener_box)
        self.key_pick = QToolButton(self.listener_box)
        self.key_password = QLineEdit(self.listener_box)
        self.key_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.limit = QSpinBox(self.listener_box)
        self.limit.setRange(1, 512 * 1024)
        self.start_stop = QPushButton(self.listener_box)
        self.status = StatusLine(self.listener_box)
        self.url = QLineEdit(self.listener_box)
        self.url.setReadOnly(True)
        self.url_copy = CopyButton(self.url.text, self.listener_box)
        cert_row, key_row, url_row = QHBoxLayout(), QHBoxLayout(), QHBoxLayout()
        cert_row.addWidget(self.cert, 1)
        cert_row.addWidget(self.cert_pick)
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.key_pick)
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.url_copy)
        self._labels = [QLabel(self.listener_box) for _ in range(9)]
        fields: list[QWidget | QLayout] = [
            self.host,
            self.port,
            self.path,
            self.scheme,
            cert_row,
            key_row,
            self.key_password,
            self.limit,
            url_row,
        ]
        for label, field in zip(self._labels, fields, strict=True):
            # two branches only for the type checker: addRow has one overload per kind
            if isinstance(field, QLayout):
                form.addRow(label, field)
            else:
                form.addRow(label, field)
        form.addRow(self.start_stop, self.status)

        self.rules = RulesEditor(services, self)
        self.rules.changed.connect(self._on_rules_changed)

        self.list_box = QGroupBox(self)
        self.table = read_only_table(5, self.list_box)
        self.open_button = QPushButton(self.list_box)
        self.clear_button = QPushButton(self.list_box)
        self.detail = StatusLine(self.list_box)
        lbox = QVBoxLayout(self.list_box)
        lbox.addWidget(self.table, 1)
        lbox.addWidget(self.detail)
        lrow = QHBoxLayout()
        lrow.addStretch(1)
        lrow.addWidget(self.clear_button)
        lrow.addWidget(self.open_button)
        lbox.addLayout(lrow)

        left = QVBoxLayout()
        left.addWidget(self.listener_box)
        left.addWidget(self.rules, 1)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(left, 2)
        lay.addWidget(self.list_box, 3)

        saved = ListenerSettings.load(services)
        self.host.setCurrentText(saved.host)
        self.port.setValue(saved.port)
        self.path.setText(saved.path)
        self.scheme.setCurrentIndex(1 if saved.https else 0)
        self.cert.setText(saved.cert)
        self.key.setText(saved.key)
        self.limit.setValue(saved.limit_kb)

        self.scheme.currentIndexChanged.connect(self._update_enabled)
        self.start_stop.clicked.connect(self._on_start_stop_clicked)
        self.cert_pick.clicked.connect(lambda: self._pick(self.cert))
        self.key_pick.clicked.connect(lambda: self._pick(self.key))
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.table.itemDoubleClicked.connect(self._on_open_clicked)
        self.table.installEventFilter(self)  # Enter opens the selected callback
        self.open_button.clicked.connect(self._on_open_clicked)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        salt_box.changed.connect(self._on_salt_changed)
        listener = self._listener
        listener.started.connect(self._on_started)
        listener.start_failed.connect(self._on_start_failed)
        listener.stopped.connect(self._on_stopped)
        listener.busy_changed.connect(self._on_listener_busy_changed)
        listener.events.rowsInserted.connect(self._on_events_rows_inserted)
        listener.events.rowsRemoved.connect(self._on_events_rows_removed)
        listener.events.modelReset.connect(self._on_events_model_reset)
        for row in range(listener.events.rowCount()):  # received before this page was built
            self._on_events_rows_inserted(None, row, row)
        self.retranslate()
        self._update_enabled()

    def retranslate(self) -> None:
        self.listener_box.setTitle(self.tr("Local callback listener"))
        labels = [
            self.tr("Host:"),
            self.tr("Port:"),
            self.tr("Path:"),
            self.tr("Protocol:"),
            self.tr("Certificate (PEM):"),
            self.tr("Private key (PEM):"),
            self.tr("Key password:"),
            self.tr("Body limit:"),
            self.tr("URL:"),
        ]
        for label, text in zip(self._labels, labels, strict=True):
            label.setText(text)
        self.port.setSpecialValueText(self.tr("any free port"))
        self.limit.setSuffix(self.tr(" KB"))
        self.cert_pick.setText(self.tr("Browse…"))
        self.key_pick.setText(self.tr("Browse…"))
        self.key_password.setPlaceholderText(self.tr("only if the key is encrypted (not saved)"))
        self.start_stop.setText(
            self.tr("Stop listener") if self.running else self.tr("Start listener")
        )
        self.list_box.setTitle(self.tr("Received callbacks"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Local time"), "transName", "SeqNo", self.tr("Verdict"), self.tr("Answer")]
        )
        for row, event in enumerate(self._listener.events.events()):
            self._fill_row(row, event)
        self.open_button.setText(self.tr("Open in verifier"))
        self.open_button.setToolTip(
            self.tr(
                "Show the selected callback in the verifier (Enter or a double-click does the same)"
            )
        )
        self.clear_button.setText(self.tr("Clear list"))
        if not self.running and self.status.state == StatusLine.NONE:
            self.status.set_status(StatusLine.NONE, self.tr("Not listening."))

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._on_selection_changed()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # type: ignore[attr-defined]
            and self.selected_event() is not None
        ):
            self._on_open_clicked()
            return True
        return super().eventFilter(watched, event)

    # public -----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._listener.running

    def listener_url(self) -> str:
        return self._listener.url

    def listener_ca(self) -> str | bool:
        """What to trust when sending to our own HTTPS listener: its certificate file."""
        return self.cert.text() if self._listener.https else True

    def selected_event(self) -> ReceivedCallback | None:
        rows = self.table.selectionModel().selectedRows()
        return self._listener.events.event_at(rows[0].row()) if rows else None

    def events(self) -> list[ReceivedCallback]:
        return self._listener.events.events()

    def start(self) -> None:
        https = self.scheme.currentIndex() == 1
        settings = ListenerSettings(
            host=self.host.currentText().strip() or "127.0.0.1",
            port=self.port.value(),
            path=self.path.text().strip() or "/callback",
            https=https,
            cert=self.cert.text().strip(),
            key=self.key.text().strip(),
            limit_kb=self.limit.value(),
        )
        if https and not (settings.cert and settings.key):
            self.status.set_status(
                StatusLine.FAILED, lambda: self.tr("HTTPS needs a certificate and a private key.")
            )
            return
        started = self._listener.start(
            settings,
            key_password=self.key_password.text(),
            salt=self._salt_box.salt() or "",
            window_s=self._salt_box.window_s(),
            rules=self.rules.rules(),
        )
        if started:
            self.status.set_status(StatusLine.PENDING, lambda: self.tr("Starting…"))

    def stop(self) -> None:
        self._listener.stop()

    def shutdown(self) -> None:
        """Stop at once (window closing): frees the port."""
        self._listener.shutdown()

    # slots ------------------------------------------------------------------------------
    def _on_start_stop_clicked(self) -> None:
        if self.running:
            self.stop()
        else:
            self.start()

    def _on_started(self, url: str) -> None:
        self.url.setText(url)
        self.status.set_status(StatusLine.OK, lambda: self.tr("Listening on {url}").format(url=url))
        self.url_changed.emit(url)

    def _on_start_failed(self, error: Any) -> None:
        text = getattr(error, "text", None)
        # callables: a language switch says the sentence again in the new language
        self.status.set_status(
            StatusLine.FAILED,
            lambda: self.tr("Could not start: {why}").format(
                why=pick(text) if text is not None else str(error)
            ),
        )

    def _on_listener_busy_changed(self, busy: bool) -> None:
        if not busy:
            self.retranslate()
        self._update_enabled()

    def _on_stopped(self) -> None:
        self.url.setText("")
        self.status.set_status(StatusLine.OK, lambda: self.tr("Stopped; the port is free."))
        self.url_changed.emit("")
        self.retranslate()
        self._update_enabled()

    def _on_salt_changed(self) -> None:
        self._listener.set_salt(self._salt_box.salt() or "", self._salt_box.window_s())

    def _on_rules_changed(self, rules: list[Any]) -> None:
        self._listener.set_rules(rules)

    def _on_events_rows_inserted(self, _parent: object, first: int, last: int) -> None:
        for row in range(first, last + 1):
            event = self._listener.events.event_at(row)
            if event is not None:
                self.table.insertRow(row)
                self._fill_row(row, event)
        self.table.scrollToBottom()

    def _on_events_rows_removed(self, _parent: object, first: int, last: int) -> None:
        for row in range(last, first - 1, -1):  # the oldest, dropped by the cap
            self.table.removeRow(row)

    def _on_events_model_reset(self) -> None:
        self.table.setRowCount(0)
        self.detail.clear()

    def _fill_row(self, row: int, event: Any) -> None:
        when = QDateTime.fromMSecsSinceEpoch(event.received_ms).toString("HH:mm:ss.zzz")
        verdict = event.verdict
        if verdict is None:
            mark = "✗ " + (pick(event.problem) if event.problem else "")
        elif verdict.status == "valid":
            mark = "✓ " + self.tr("valid")
        elif verdict.status == "unchecked":
            mark = "• " + self.tr("not checked (no salt)")
        else:
            mark = "✗ " + (pick(verdict.reasons[0].text) if verdict.reasons else verdict.status)
        answer = f"{event.answer.status} / {event.answer.code}"
        if event.answer.mode != "signed":
            answer += f" ({event.answer.mode})"
        for col, text in enumerate(
            (when, event.trans_name or event.method, event.seq_no, mark, answer)
        ):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.table.setItem(row, col, item)

    def _on_selection_changed(self) -> None:
        event = self.selected_event()
        self.open_button.setEnabled(event is not None)
        if event is None:
            self.detail.clear()
            return
        v = event.verdict
        ok = v is not None and v.status == "valid"
        if ok:
            lines = [
                self.tr(
                    "Valid callback: the signature matches and the timestamp is inside the window."
                )
            ]
        elif v is not None and v.status == "unchecked":
            lines = [self.tr("Not checked: no salt was set when it arrived.")]
        else:
            lines = (
                [pick(r.text) for r in v.reasons]
                if v
                else [pick(event.problem)]
                if event.problem
                else []
            )
        lines += [pick(n) for n in event.notes]
        info = next((c for c in PARTNER_CODES if c.code == event.answer.code), None)
        meaning = pick(info.meaning) if info else ""
        modes = {
            "signed": self.tr("signed"),
            "unsigned": self.tr("unsigned"),
            "bad_signature": self.tr("with a bad signature"),
            "garbled": self.tr("garbled"),
            "empty": self.tr("empty"),
        }
        lines.append(
            self.tr("Answered HTTP {status} with {code} {meaning} ({mode}).")
            .format(
                status=event.answer.status,
                code=event.answer.code,
                meaning=f"({meaning})" if meaning else "",
                mode=modes.get(event.answer.mode, event.answer.mode),
            )
            .replace("  ", " ")
        )
        lines.append(self.tr("Enter or double-click: open it in the verifier."))
        state = (
            StatusLine.OK
            if ok
            else StatusLine.WARNING
            if v is not None and v.status == "unchecked"
            else StatusLine.FAILED
        )
        self.detail.set_status(state, "\n".join(lines))

    def _on_open_clicked(self, *_args: object) -> None:
        event = self.selected_event()
        if event is not None:
            self.open_requested.emit(event)

    def _on_clear_clicked(self) -> None:
        self._listener.events.clear()

    def _pick(self, target: QLineEdit) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a PEM file"),
            target.text(),
            self.tr("PEM files (*.pem *.crt *.key *.cer);;All files (*)"),
        )
        if path:
            target.setText(path)

    def _update_enabled(self) -> None:
        https = self.scheme.currentIndex() == 1
        for w in (self.cert, self.cert_pick, self.key, self.key_pick, self.key_password):
            w.setEnabled(https and not self.running)
        for setting in (self.host, self.port, self.path, self.scheme, self.limit):
            setting.setEnabled(not self.running and not self._listener.busy)
        self.start_stop.setEnabled(not self._listener.busy)
        self.open_button.setEnabled(self.selected_event() is not None)
