"""Dialogs of the tokens tab: the kick-out warning and pasting a token or ticket (PROTOCOL P3)."""

from __future__ import annotations

import json

from PySide6.QtCore import QDateTime, QEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.core.credentials import (
    KIND_ACCESS_TOKEN,
    KIND_SIGN_TICKET,
    KIND_USER_TICKET,
    SIGN_TICKET_LIFETIME_S,
    TOKEN_LIFETIME_S,
    USER_TICKET_LIFETIME_S,
)
from workbench.qt.credentials import CHOICE_CANCEL, CHOICE_FETCH, CHOICE_PASTE
from workbench.ui.widgets.common import set_guide_tooltip


class KickOutWarning(QMessageBox):
    """Says what fetching does to a partner server using the same app_id (PROTOCOL P3)."""

    def __init__(self, env_name: str, app_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.choice = CHOICE_CANCEL
        self.setWindowTitle(self.tr("Fetching replaces the current token"))
        self.setText(
            self.tr(
                "Tokens and tickets are global per app_id. Fetching one here for {env} (app_id "
                "{app_id}) kicks out any other system using the same app_id: its sign ticket stops "
                "working within 5 minutes."
            ).format(env=env_name, app_id=app_id or "—")
        )
        self.setInformativeText(
            self.tr(
                "If a partner server is running with this app_id, paste its current token or "
                "ticket instead of fetching a new one."
            )
        )
        self.fetch_button = self.addButton(
            self.tr("Fetch anyway"), QMessageBox.ButtonRole.AcceptRole
        )
        self.paste_button = self.addButton(
            self.tr("Paste a token/ticket instead"), QMessageBox.ButtonRole.ActionRole
        )
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.cancel_button)
        self.buttonClicked.connect(self._on_button_clicked)

    def _on_button_clicked(self, button: object) -> None:
        if button is self.fetch_button:
            self.choice = CHOICE_FETCH
        elif button is self.paste_button:
            self.choice = CHOICE_PASTE
        else:
            self.choice = CHOICE_CANCEL


class PasteDialog(QDialog):
    """A value and its lifetime (seconds left, or an expiry time), stored in the book as pasted."""

    def __init__(
        self,
        now_ms: int,
        parent: QWidget | None = None,
        kind: str = KIND_ACCESS_TOKEN,
        *,
        sandbox_clock: bool = False,
    ) -> None:
        super().__init__(parent)
        self._now_ms = now_ms  # on the credentials' clock: the sandbox's, for the sandbox
        self._sandbox_clock = sandbox_clock
        self.kind = QComboBox(self)
        self.value = QLineEdit(self)
        self.by_seconds = QRadioButton(self)
        self.by_time = QRadioButton(self)
        group = QButtonGroup(self)
        group.addButton(self.by_seconds)
        group.addButton(self.by_time)
        self.by_seconds.setChecked(True)
        self.seconds = QSpinBox(self)
        self.seconds.setRange(1, 7 * 24 * 3600)
        self.expiry = QDateTimeEdit(self)
        self.expiry.setCalendarPopup(True)
        self.expiry.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.expiry.setDateTime(QDateTime.fromMSecsSinceEpoch(now_ms + 3600_000))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        self.labels = [QLabel(self) for _ in range(2)]
        self.form.addRow(self.labels[0], self.kind)
        self.form.addRow(self.labels[1], self.value)
        row1 = QHBoxLayout()
        row1.addWidget(self.by_seconds)
        row1.addWidget(self.seconds, 1)
        row2 = QHBoxLayout()
        row2.addWidget(self.by_time)
        row2.addWidget(self.expiry, 1)
        box = QVBoxLayout(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        box.addWidget(self.note)
        box.addLayout(self.form)
        box.addLayout(row1)
        box.addLayout(row2)
        box.addWidget(self.error)
        box.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self.retranslate()
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self._on_kind_current_index_changed()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Paste a token or ticket"))
        self.note.setText(
            self.tr(
                "A pasted value is used as it is and never refreshed here, so the system it came "
                "from keeps working."
            )
        )
        self.labels[0].setText(self.tr("Kind"))
        self.labels[1].setText(self.tr("Value"))
        self.by_seconds.setText(self.tr("Expires in (seconds)"))
        self.by_time.setText(
            # the sandbox's clock can be moved forward (Tokens tab): its tokens live on it
            self.tr("Expires at (sandbox clock)")
            if self._sandbox_clock
            else self.tr("Expires at (local time)")
        )
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(self.tr("Access token"), KIND_ACCESS_TOKEN)
        self.kind.addItem(self.tr("Sign ticket"), KIND_SIGN_TICKET)
        self.kind.addItem(self.tr("User ticket"), KIND_USER_TICKET)
        if current is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(current)))
        self.kind.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_kind_current_index_changed(self, *_a: object) -> None:
        lifetimes = {
            KIND_ACCESS_TOKEN: TOKEN_LIFETIME_S,
            KIND_SIGN_TICKET: SIGN_TICKET_LIFETIME_S,
            KIND_USER_TICKET: USER_TICKET_LIFETIME_S,
        }
        self.seconds.setValue(lifetimes.get(self.kind.currentData(), TOKEN_LIFETIME_S))

    def expire_in_s(self) -> int:
        if self.by_seconds.isChecked():
            return self.seconds.value()
        return int((self.expiry.dateTime().toMSecsSinceEpoch() - self._now_ms) / 1000)

    def chosen_kind(self) -> str:
        return str(self.kind.currentData())

    def _on_buttons_accepted(self) -> None:
        if not self.value.text().strip():
            self.error.setText(self.tr("Paste the value first."))
            return
        if self.expire_in_s() <= 0:
            self.error.setText(self.tr("That expiry time has already passed."))
            return
        self.accept()


class UserTicketForm(QGroupBox):
    """Builds ``user_data`` for a user ticket (PROTOCOL P3): USER_ID and mechant_id required,
    EXTEND_INFO checked to be JSON."""

    FIELDS = ("USER_ID", "ID_TYPE", "ID_NO", "USER_NAME", "MOBILE", "UNION_ID")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        # a wrapped heading instead of the group title: a title never wraps and would cut
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        form.addRow(self.heading)
        self.edits: dict[str, QLineEdit] = {}
        for name in self.FIELDS:
            edit = QLineEdit(self)
            self.edits[name] = edit
            form.addRow(name, edit)  # protocol names stay untranslated
        self.extend_info = QPlainTextEdit(self)
        self.extend_info.setMaximumHeight(self.fontMetrics().height() * 4)
        form.addRow("EXTEND_INFO", self.extend_info)
        self.mechant_id = QLineEdit(self)
        form.addRow("mechant_id", self.mechant_id)
        self.fetch_button = QPushButton(self)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        form.addRow(self.fetch_button, self.error)
        for name, edit in self.edits.items():
            set_guide_tooltip(edit, name)
        set_guide_tooltip(self.extend_info, "EXTEND_INFO")
        set_guide_tooltip(self.mechant_id, "mechant_id")
        set_guide_tooltip(self.heading, "user_data")
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("User ticket (H5 login, single use, 300 s)"))
        self.edits["USER_ID"].setPlaceholderText(self.tr("required"))
        self.extend_info.setPlaceholderText(self.tr('optional JSON, e.g. {"channel": "app"}'))
        self.mechant_id.setPlaceholderText(self.tr("required"))
        self.fetch_button.setText(self.tr("Fetch user ticket"))

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def user_data(self) -> str | None:
        """The JSON string, or None with the reason shown in ``error``."""
        self.error.setText("")
        data: dict[str, str] = {}
        for name, edit in self.edits.items():
            if edit.text().strip():
                data[name] = edit.text().strip()
        if "USER_ID" not in data:
            self.error.setText(self.tr("USER_ID is required."))
            return None
        if not self.mechant_id.text().strip():  # PROTOCOL P3: type=user needs mechant_id too
            self.error.setText(self.tr("mechant_id is required."))
            return None
        extend = self.extend_info.toPlainText().strip()
        if extend:
            try:
                parsed = json.loads(extend)
            except json.JSONDecodeError as exc:
                # line and column, not Python's English message (it would show in Chinese too)
                self.error.setText(
                    self.tr("EXTEND_INFO is not valid JSON (line {line}, column {column}).").format(
                        line=exc.lineno, column=exc.colno
                    )
                )
                return None
            # PROTOCOL P3: EXTEND_INFO is itself a JSON string inside user_data
            data["EXTEND_INFO"] = json.dumps(parsed, ensure_ascii=False, separators=(",", ":"))
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
