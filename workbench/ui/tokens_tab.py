"""The Tokens & tickets tab: the board of the active environment's credentials (PROTOCOL P2, P3).

Every fetch goes through the services' single refresher. Before fetching against anything but the
sandbox the kick-out is explained and pasting a value from elsewhere is offered instead. Countdowns
tick on the environment's clock (the injected clock, plus the sandbox's offset for the sandbox).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.core.codes import LAYER_CREDENTIAL
from workbench.core.credentials import KIND_ACCESS_TOKEN, KIND_SIGN_TICKET
from workbench.qt.errors import ClientError
from workbench.qt.i18n import pick
from workbench.ui.token_dialogs import (
    CHOICE_FETCH,
    CHOICE_PASTE,
    PasteDialog,
    UserTicketForm,
)
from workbench.ui.token_row import CredentialRow
from workbench.ui.widgets.common import (
    CodeExplanation,
    StatusLine,
    set_shortcut_tooltip,
    with_shortcut,
)
from workbench.ui.widgets.env_names import environment_label
from workbench.ui.widgets.flow import flow_row

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

TICK_MS = 1000
CLOCK_STEPS_S = (5 * 60, 20 * 60, 60 * 60)


class TokensTab(QWidget):
    """Three rows (token, sign ticket, user ticket) plus the superseded sign ticket."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.refresher = services.refresher
        self.credentials = services.credentials
        self.env_label = QLabel(self)
        self.env_label.setWordWrap(True)
        self.token_row = CredentialRow("access_token", self)
        self.sign_row = CredentialRow("sign_ticket", self)
        self.previous_row = CredentialRow("previous_sign_ticket", self)
        self.user_row = CredentialRow("user_ticket", self)
        self.fetch_token_button = QPushButton(self)
        self.fetch_sign_button = QPushButton(self)
        self.refresh_all_button = QPushButton(self)
        self.paste_button = QPushButton(self)
        self.fetch_token_button.clicked.connect(lambda: self.request_fetch(KIND_ACCESS_TOKEN))
        self.fetch_sign_button.clicked.connect(lambda: self.request_fetch(KIND_SIGN_TICKET))
        self.refresh_all_button.clicked.connect(lambda: self.request_fetch("all"))
        self.paste_button.clicked.connect(lambda: self.paste())
        # the main action of the tab, in the window's menu with a shortcut
        self.refresh_action = QAction(self)
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        if self.refresh_action.shortcut().isEmpty():
            self.refresh_action.setShortcut(QKeySequence("F5"))
        self.refresh_action.triggered.connect(lambda: self.request_fetch("all"))
        self.auto_refresh = QCheckBox(self)
        self.auto_refresh.toggled.connect(self._on_auto_refresh_toggled)
        self.status = StatusLine(self, reserve_space=True)
        self.status.clear()
        self.explanation = CodeExplanation(self)
        self.user_form = UserTicketForm(self)
        self.user_form.fetch_button.clicked.connect(lambda: self.request_fetch("user"))
        self.clock_label = QLabel(self)
        self.clock_buttons = [QPushButton(self) for _ in CLOCK_STEPS_S]
        for button, seconds in zip(self.clock_buttons, CLOCK_STEPS_S, strict=True):
            button.clicked.connect(lambda _c=False, s=seconds: self.advance_sandbox_clock(s))

        # rows that wrap instead of pushing the page wider than the window (long languages)
        self.button_row = flow_row(
            self,
            [
                self.fetch_token_button,
                self.fetch_sign_button,
                self.refresh_all_button,
                self.paste_button,
                self.auto_refresh,
            ],
        )
        self.sandbox_report_button = QPushButton(self)  # the client kit (conformance)
        self.sandbox_report_button.clicked.connect(lambda: self.open_sandbox_report())
        self.sandbox_report_action = QAction(self)
        self.sandbox_report_action.triggered.connect(lambda: self.open_sandbox_report())
        self._sandbox_report: QWidget | None = None
        self.clock_widget = flow_row(
            self, [self.clock_label, *self.clock_buttons, self.sandbox_report_button]
        )

        inner = QWidget(self)
        box = QVBoxLayout(inner)
        box.addWidget(self.env_label)
        box.addWidget(self.button_row)
        box.addWidget(self.status)
        box.addWidget(self.explanation)
        for row in (self.token_row, self.sign_row, self.previous_row, self.user_row):
            box.addWidget(row)
        box.addWidget(self.clock_widget)
        box.addWidget(self.user_form)
        box.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()
        services.credentials_changed.connect(self._on_services_credentials_changed)
        services.environment_changed.connect(self._on_services_environment_changed)
        services.sandbox_state_changed.connect(lambda _s: self._render_environment())
        self.refresher.busy_changed.connect(self._on_refresher_busy_changed)
        self.refresher.fetch_failed.connect(self._on_refresher_fetch_failed)
        self.refresher.fetched.connect(self._on_refresher_fetched)
        self.refresher.auto_refreshed.connect(self._on_refresher_auto_refreshed)
        self.retranslate()
        self._render_environment()
        self._on_services_credentials_changed()

    def actions(self) -> list[QAction]:
        """Menu actions (the window adds them to its menus)."""
        return [self.refresh_action, self.sandbox_report_action]

    # ----------------------------------------------------------------- text
    def retranslate(self) -> None:
        self.fetch_token_button.setText(self.tr("Fetch access token"))
        self.fetch_sign_button.setText(self.tr("Fetch sign ticket"))
        self.refresh_all_button.setText(self.tr("Refresh token and sign ticket"))
        self.paste_button.setText(self.tr("Paste a token/ticket…"))
        self.refresh_action.setText(self.tr("Refresh token and sign ticket"))
        set_shortcut_tooltip(self.refresh_action, self.tr("Refresh token and sign ticket"))
        self.refresh_all_button.setToolTip(
            with_shortcut(self.tr("Fetch both again, now"), self.refresh_action)
        )
        self.auto_refresh.setText(self.tr("Refresh automatically every 20 minutes"))
        self.auto_refresh.setToolTip(
            self.tr(
                "One single refresher fetches the token and the sign ticket together every 20 "
                "minutes, as the platform advises. On by default only for the local sandbox."
            )
        )
        self.clock_label.setText(self.tr("Move the sandbox clock forward:"))
        for button, seconds in zip(self.clock_buttons, CLOCK_STEPS_S, strict=True):
            button.setText(self.tr("+{n} min").format(n=seconds // 60))
        self.sandbox_report_button.setText(self.tr("Sandbox report…"))
        self.sandbox_report_action.setText(self.tr("Sandbox report…"))
        self.sandbox_report_button.setToolTip(
            self.tr("How your own client's requests to the sandbox would fare with the bank")
        )
        self._render_environment()
        self._align_rows()

    def _align_rows(self) -> None:
        """All row titles as wide as the widest, so the values line up (no fixed pixels)."""
        rows = (self.token_row, self.sign_row, self.previous_row, self.user_row)
        for row in rows:
            row.retranslate()  # the children may not have seen LanguageChange yet
            row.set_title_width(0)
        width = max(row.title_width() for row in rows)
        for row in rows:
            row.set_title_width(width)

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _render_environment(self) -> None:
        env = self.services.active_environment()
        where = self.tr("bank environment")
        # the sandbox's credentials live on its own clock, which the buttons below move: the
        # times shown here say whose clock they are on (History and Files show local time)
        clock = (
            self.tr("Times below are on the sandbox clock, which can be moved forward.")
            if env.is_sandbox
            else self.tr("Times below are this computer's local time.")
        )
        if env.is_sandbox:  # its name already says where it is ("Local sandbox (local sandbox)")
            title = self.tr("Credentials of the <b>local sandbox</b>, app_id {app_id}").format(
                app_id=env.app_id or "—"
            )
        else:
            title = self.tr("Credentials of <b>{name}</b> ({where}), app_id {app_id}").format(
                name=environment_label(env), where=where, app_id=env.app_id or "—"
            )
        self.env_label.setText(title + "<br>" + clock)
        self.auto_refresh.blockSignals(True)
        self.auto_refresh.setChecked(env.auto_refresh)
        self.auto_refresh.blockSignals(False)
        self.clock_widget.setVisible(env.is_sandbox and self.services.sandbox().running)

    # ----------------------------------------------------------------- board
    def _now(self) -> int:
        return int(self.services.credential_clock().now_ms())

    def _on_services_credentials_changed(self) -> None:
        snap = self.services.book().snapshot()
        now = self._now()
        self.token_row.set_credential(snap.access_token, now)
        self.sign_row.set_credential(snap.sign_ticket, now)
        previous = snap.previous_sign_ticket
        if previous is not None and previous.expired(now):
            previous = None
        self.previous_row.set_credential(previous, now)
        self.previous_row.setVisible(previous is not None)
        self.user_row.set_credential(snap.user_ticket, now)

    def _on_timer_timeout(self) -> None:
        now = self._now()
        for row in (self.token_row, self.sign_row, self.user_row):
            row.tick(now)
        if self.previous_row.credential is not None:
            if self.previous_row.credential.expired(now):
                self._on_services_credentials_changed()
            else:
                self.previous_row.tick(now)

    def _on_services_environment_changed(self, _env: Any) -> None:
        self.status.clear()
        self.explanation.set_code("")
        self._render_environment()
        self._on_services_credentials_changed()

    def _on_auto_refresh_toggled(self, on: bool) -> None:
        self.refresher.set_auto_enabled(on)

    # ----------------------------------------------------------------- fetching
    def confirm_fetch(self) -> str:
        """The kick-out warning (PROTOCOL P3); returns CHOICE_*. Skipped for the sandbox."""
        return self.credentials.ask()

    def request_fetch(self, what: str) -> None:
        """``what``: KIND_ACCESS_TOKEN, KIND_SIGN_TICKET, "all" or "user"."""
        user_data = None
        if what == "user":
            user_data = self.user_form.user_data()
            if user_data is None:
                return
        choice = self.confirm_fetch()
        if choice == CHOICE_PASTE:
            self.paste(KIND_ACCESS_TOKEN if what == "all" else what)
            return
        if choice != CHOICE_FETCH:
            return
        self.explanation.set_code("")
        if what == KIND_ACCESS_TOKEN:
            started = self.refresher.fetch_access_token()
        elif what == KIND_SIGN_TICKET:
            started = self.refresher.fetch_sign_ticket()
        elif what == "user":
            assert user_data is not None
            started = self.refresher.fetch_user_ticket(
                user_data, self.user_form.mechant_id.text().strip() or None
            )
        else:
            started = self.refresher.refresh_all()
        if not started and self.refresher.busy:
            self.status.set_status(
                StatusLine.WARNING,
                lambda: self.tr("A fetch is already running: wait for it to finish."),
            )

    def paste(self, kind: str = KIND_ACCESS_TOKEN) -> bool:
        dialog = PasteDialog(
            self._now(),
            self,
            kind if kind != "user" else "user_ticket",
            sandbox_clock=self.services.active_environment().is_sandbox,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.services.book().paste(dialog.chosen_kind(), dialog.value.text(), dialog.expire_in_s())
        self.status.set_status(
            StatusLine.OK,
            lambda: self.tr("Pasted. It will be used as it is and not refreshed automatically."),
        )
        return True

    def _on_refresher_busy_changed(self, busy: bool) -> None:
        for b in (
            self.fetch_token_button,
            self.fetch_sign_button,
            self.refresh_all_button,
            self.user_form.fetch_button,
        ):
            b.setEnabled(not busy)
        if busy:
            self.status.set_status(StatusLine.PENDING, lambda: self.tr("Fetching…"))

    def _fetched_elsewhere(self) -> str | None:
        """The environment the answered fetch was for, when it is no longer the one shown (the
        user switched while it ran): its result must not read as this one's."""
        name = self.refresher.fetching_for
        env = self.services.environment(name) if name else None
        if env is None or name == self.services.active_environment().name:
            return None
        return environment_label(env)

    def _on_refresher_fetched(self, results: list[Any]) -> None:
        count = sum(len(getattr(r, "credentials", [])) for r in results)
        other = self._fetched_elsewhere()
        if other is None:
            self.status.set_status(
                StatusLine.OK, lambda: self.tr("Received {n} credential(s).").format(n=count)
            )
        else:
            self.status.set_status(
                StatusLine.OK,
                lambda: self.tr("Received {n} credential(s) for {env}, not the one shown.").format(
                    n=count, env=other
                ),
            )
        self._on_services_credentials_changed()

    def _on_refresher_auto_refreshed(self) -> None:
        self.status.set_status(
            StatusLine.OK, lambda: self.tr("Refreshed the token and sign ticket automatically.")
        )

    def _on_refresher_fetch_failed(self, error: ClientError) -> None:
        other = self._fetched_elsewhere()
        if other is not None:  # its reason and code explain that environment, not this one
            self.status.set_status(
                StatusLine.FAILED,
                lambda: self.tr("The fetch for {env} failed: {reason}").format(
                    env=other, reason=pick(error.text)
                ),
            )
            self.explanation.set_code("")
            return
        self.status.set_status(StatusLine.FAILED, error.text)
        code = error.answer.code if error.answer is not None else ""
        self.explanation.set_code(code, LAYER_CREDENTIAL if code else None)

    def open_sandbox_report(self) -> QWidget:
        """Show the Sandbox report (the client kit) and grade the sandbox's log again."""
        from workbench.qt.conformance import ConformanceController
        from workbench.ui.sandbox_report import SandboxReportView

        if self._sandbox_report is None:
            reports = self.services.profile_dir / "reports"
            controller = ConformanceController(
                self.services.runner, reports, self.services.sandbox(), parent=self
            )
            self._sandbox_report = SandboxReportView(controller, self)
        view = self._sandbox_report
        assert isinstance(view, SandboxReportView)
        view.show()
        view.raise_()
        view.refresh()
        return view

    def advance_sandbox_clock(self, seconds: int) -> None:
        """Move the sandbox's clock (a job: the sandbox saves its state)."""
        self.services.sandbox().advance_clock(seconds, on_finished=self._on_timer_timeout)

    def shutdown(self) -> None:
        self._timer.stop()
