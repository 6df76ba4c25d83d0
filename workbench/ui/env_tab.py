"""The Environment tab: the list of environments and the form of the selected one (PROTOCOL P1, P8).

Edits are saved after a short pause (debounced) through the services, which emit
``environment_changed``; secrets go to the secret store, never to the settings. "Check
connection" runs the client's preflight in a job and lists each step with ✓/✗.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workbench.core.environment import KIND_CUSTOM
from workbench.qt.errors import ClientError
from workbench.qt.i18n import pick
from workbench.qt.window_state import ENV_SPLITTER
from workbench.ui.env_form import EnvironmentForm
from workbench.ui.widgets.common import WARN_COLOUR, StatusLine, tint
from workbench.ui.widgets.early import USER_ROLE
from workbench.ui.widgets.env_names import environment_label
from workbench.ui.widgets.flow import flow_row

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

EDIT_DELAY_MS = 500


class EnvironmentTab(QWidget):
    """Environment list (F, F1, G1, Production, Local sandbox, and the user's own) and form."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._shown: str | None = None
        self._pending_secrets: dict[str, tuple[str, str]] = {}
        self._check_handle: Any = None
        self._checked: str | None = None  # the environment the running check is about

        # Each widget is made in its final parent, in the order it is shown: Qt's Tab order is
        # the order widgets are made in (it went Add, ..., Delete, then "Use this environment",
        # which is shown first).
        self.splitter = QSplitter()  # horizontal. Not QSplitter(self): PySide would try the
        # (orientation, parent) overload first, and build the whole Qt namespace for it
        # (widgets/early.py); it gets its parent now, while empty
        QVBoxLayout(self).addWidget(self.splitter)
        left = QWidget(self.splitter)  # a splitter takes in its children as they are made
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        self.env_list = QListWidget(left)
        self.env_list.currentItemChanged.connect(self._on_env_list_current_item_changed)
        left_box.addWidget(self.env_list, 1)
        self.use_button = QPushButton(left)
        self.add_button = QPushButton(left)
        self.duplicate_button = QPushButton(left)
        self.rename_button = QPushButton(left)
        self.delete_button = QPushButton(left)
        for button, slot in (
            (self.use_button, self._on_use_clicked),
            (self.add_button, self._on_add_clicked),
            (self.duplicate_button, self._on_duplicate_clicked),
            (self.rename_button, self._on_rename_clicked),
            (self.delete_button, self._on_delete_clicked),
        ):
            button.clicked.connect(slot)
            left_box.addWidget(button)

        scroll = QScrollArea(self.splitter)
        scroll.setWidgetResizable(True)
        right = QWidget()
        scroll.setWidget(right)  # first, while empty: its children are made in place
        right_box = QVBoxLayout(right)
        self.title = QLabel(right)
        right_box.addWidget(self.title)
        self.secrets_notice = QLabel(right)
        self.secrets_notice.setWordWrap(True)
        tint(self.secrets_notice, WARN_COLOUR)
        right_box.addWidget(self.secrets_notice)
        self.form = EnvironmentForm(right)
        self.form.edited.connect(self._on_form_edited)
        self.form.secret_edited.connect(self._on_form_secret_edited)
        right_box.addWidget(self.form)
        self.check_button = QPushButton(right)
        self.check_button.clicked.connect(self.check_connection)
        self.check_token = QCheckBox(right)
        right_box.addWidget(flow_row(right, [self.check_button, self.check_token], first_page=True))
        self.check_token_note = QLabel(right)
        self.check_token_note.setWordWrap(True)
        tint(self.check_token_note, WARN_COLOUR)
        right_box.addWidget(self.check_token_note)
        self.check_token.toggled.connect(self.check_token_note.setVisible)  # PROTOCOL P3
        self.check_steps: list[StatusLine] = []
        self.check_box = QVBoxLayout()
        right_box.addLayout(self.check_box)
        self.check_summary = StatusLine(right)
        self.check_summary.clear()
        right_box.addWidget(self.check_summary)
        right_box.addStretch(1)

        self.splitter.setStretchFactor(1, 1)
        # never squeezed below the width of its buttons' text (a long language included)
        self.splitter.setChildrenCollapsible(False)
        self._left = left
        sizes = services.state(ENV_SPLITTER)
        if isinstance(sizes, list) and len(sizes) == 2:
            self.splitter.setSizes([int(s) for s in sizes])
        else:
            self.splitter.setSizes([self.fontMetrics().averageCharWidth() * 28, 1000])
        self.splitter.splitterMoved.connect(self._on_splitter_moved)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(EDIT_DELAY_MS)
        self._save_timer.timeout.connect(self.commit_edits)

        services.environments_listed.connect(self._fill_list)
        services.environment_changed.connect(self._on_services_environment_changed)
        services.secrets_loaded.connect(self._on_services_secrets_loaded)
        services.sandbox_state_changed.connect(self._on_services_sandbox_state_changed)
        self._fill_list()
        self.retranslate()

    # ----------------------------------------------------------------- text
    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add…"))
        self.duplicate_button.setText(self.tr("Duplicate…"))
        self.rename_button.setText(self.tr("Rename…"))
        self.delete_button.setText(self.tr("Delete"))
        self.use_button.setText(self.tr("Use this environment"))
        self.check_button.setText(self.tr("Check connection"))
        self.check_token.setText(self.tr("Also fetch a token"))
        self.check_token_note.setText(
            self.tr("Fetching a token kicks out other systems that use this app_id.")
        )
        self.check_token.setToolTip(self.check_token_note.text())
        self._relabel_list()
        self._render_title()
        self._render_notice()

    def _relabel_list(self) -> None:
        for row in range(self.env_list.count()):
            item = self.env_list.item(row)
            env = self.services.environment(str(item.data(USER_ROLE)))
            if env is not None:
                item.setText(environment_label(env))

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _render_title(self) -> None:
        name = self._shown or ""
        active = name == self.services.settings.active_name
        env = self.services.settings.environment(name) if name else None
        shown = environment_label(env) if env is not None else name
        self.title.setText(f"<b>{shown}</b> " + (self.tr("(in use)") if active else ""))
        self.use_button.setEnabled(not active)
        custom = env is not None and env.kind == KIND_CUSTOM
        self.rename_button.setEnabled(custom)
        self.delete_button.setEnabled(custom)
        # a copy made before the keyring answered would have no secrets, and say nothing
        ready = self.services.secrets_ready or (env is not None and env.is_sandbox)
        self.duplicate_button.setEnabled(ready)
        self.duplicate_button.setToolTip("" if ready else self.tr("Reading the secrets…"))

    def _render_notice(self) -> None:
        store = self.services.secrets
        if not store.resolved or store.persistent:  # unknown until the startup job looked
            self.secrets_notice.setVisible(False)
            return
        self.secrets_notice.setText(
            self.tr(
                "Secrets are kept for this session only: no keyring is available ({reason})."
            ).format(reason=pick(store.reason))
        )
        self.secrets_notice.setVisible(True)

    # ----------------------------------------------------------------- list
    def _fill_list(self) -> None:
        keep = self._shown or self.services.settings.active_name
        self.env_list.blockSignals(True)
        self.env_list.clear()
        for env in self.services.settings.environments():
            item = QListWidgetItem(environment_label(env), self.env_list)
            item.setData(USER_ROLE, env.name)
        self.env_list.blockSignals(False)
        names = [e.name for e in self.services.settings.environments()]
        self.show_environment(keep if keep in names else self.services.settings.active_name)

    def show_environment(self, name: str) -> None:
        """Select ``name`` in the list and load its form (pending edits are saved first)."""
        self.commit_edits()
        for row in range(self.env_list.count()):
            if self.env_list.item(row).data(USER_ROLE) == name:
                self.env_list.blockSignals(True)
                self.env_list.setCurrentRow(row)
                self.env_list.blockSignals(False)
        env = self.services.environment(name)
        if env is None:
            return
        self._shown = name
        self.form.load(env, self.services.secrets_for(name))
        self.check_token.setVisible(not env.is_sandbox)
        self.check_token.setChecked(False)
        self.check_token_note.setVisible(False)
        self._clear_check()
        self._render_title()

    def _on_env_list_current_item_changed(
        self, item: QListWidgetItem | None, _prev: object
    ) -> None:
        if item is not None:
            self.show_environment(str(item.data(USER_ROLE)))

    def _on_use_clicked(self) -> None:
        if self._shown:
            self.commit_edits()
            self.services.set_active_environment(self._shown)
            self._render_title()

    # ----------------------------------------------------------------- add, copy, rename, delete
    def ask_name(self, title: str, default: str) -> str | None:
        """Asks for a name; tests replace this method to answer without a dialog."""
        from PySide6.QtWidgets import QInputDialog  # on use: its type costs startup time

        text, ok = QInputDialog.getText(
            self, title, self.tr("Name:"), QLineEdit.EchoMode.Normal, default
        )
        return text.strip() if ok and text.strip() else None

    def _free_name(self, name: str) -> bool:
        if self.services.settings.environment(name) is None:
            return True
        from PySide6.QtWidgets import QMessageBox  # on use: its type costs startup time

        QMessageBox.warning(
            self,
            self.tr("Name in use"),
            self.tr("There is already an environment called {name}.").format(name=name),
        )
        return False

    def _on_add_clicked(self) -> None:
        name = self.ask_name(self.tr("New environment"), self.tr("My environment"))
        if name and self._free_name(name):
            from workbench.core.environment import CERT_PEM, EnvironmentConfig, TlsConfig

            # the API host needs mutual TLS (guide section 2): a new environment asks for a cert
            tls = TlsConfig(cert_mode=CERT_PEM)
            self.services.add_environment(EnvironmentConfig(name=name, kind=KIND_CUSTOM, tls=tls))
            self.show_environment(name)

    def _on_duplicate_clicked(self) -> None:
        if not self._shown:
            return
        self.commit_edits()
        name = self.ask_name(
            self.tr("Duplicate environment"), self.tr("{name} copy").format(name=self._shown)
        )
        if name and self._free_name(name):
            original = self.services.environment(self._shown)
            assert original is not None
            env = original._replace(name=name, kind=KIND_CUSTOM, auto_refresh=False)
            self.services.add_environment(env, self.services.secrets_for(self._shown))
            self.show_environment(name)

    def _on_rename_clicked(self) -> None:
        old = self._shown
        if not old:
            return
        self.commit_edits()
        name = self.ask_name(self.tr("Rename environment"), old)
        if name and name != old and self._free_name(name):
            self._shown = name
            self.services.rename_environment(old, name)

    def _on_delete_clicked(self) -> None:
        name = self._shown
        if not name:
            return
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            self.tr("Delete environment"),
            self.tr("Delete {name} and its stored secrets?").format(name=name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_environment(name)

    def delete_environment(self, name: str) -> None:
        self._save_timer.stop()
        self._pending_secrets.clear()
        self._shown = None
        self.services.delete_environment(name)

    # ----------------------------------------------------------------- saving
    def _on_form_edited(self) -> None:
        self._save_timer.start()

    def _on_form_secret_edited(self, field: str) -> None:
        if self._shown:
            self._pending_secrets[field] = (self._shown, self.form.secret_value(field))
            self._save_timer.start()

    def commit_edits(self) -> None:
        """Save what the form holds now (the debounce timer calls this; so does switching)."""
        self._save_timer.stop()
        for field, (env_name, value) in list(self._pending_secrets.items()):
            self.services.set_secret(env_name, field, value)
        self._pending_secrets.clear()
        if self._shown is None or self.form._env is None or self.form._env.name != self._shown:
            return
        stored = self.services.environment(self._shown)
        if stored is None:
            return
        # over what is stored now: another tab may have changed what this form does not show
        env = self.form.environment(stored)
        if env.to_dict() != stored.to_dict():
            self.services.update_environment(env)

    def _on_services_environment_changed(self, env: Any) -> None:
        if env.is_sandbox and env.name == self._shown and not self._save_timer.isActive():
            self.form.load(env, self.services.secrets_for(env.name))
        self._render_title()

    def _on_services_sandbox_state_changed(self, _state: str) -> None:
        shown = self.services.environment(self._shown) if self._shown else None
        if shown is not None and shown.is_sandbox:
            self.form.load(shown, self.services.secrets_for(shown.name))

    def _on_services_secrets_loaded(self) -> None:
        if self._shown and not self._pending_secrets:
            self.form.load_secrets(self.services.secrets_for(self._shown))
        self._render_notice()
        self._render_title()  # Duplicate waits for the secrets

    def _on_splitter_moved(self, *_args: object) -> None:
        self.services.set_state(ENV_SPLITTER, self.splitter.sizes())

    # ----------------------------------------------------------------- check connection
    def _clear_check(self) -> None:
        for line in self.check_steps:
            self.check_box.removeWidget(line)
            line.hide()  # gone now, not at the next deferred delete
            line.deleteLater()
        self.check_steps.clear()
        self.check_summary.clear()

    def check_connection(self) -> None:
        """Preflight of the shown environment: DNS, TCP, TLS, certificate, token (a job)."""
        if self._check_handle is not None and self._check_handle.running:
            return
        self.commit_edits()
        # the shown environment is checked; the active one stays active (checking is no choice)
        env = self.services.environment(self._shown) if self._shown else None
        env = env if env is not None else self.services.active_environment()
        fetch_token = env.is_sandbox or self.check_token.isChecked()
        self._checked = env.name
        self._clear_check()
        self.check_summary.set_status(
            StatusLine.PENDING, lambda: self.tr("Checking the connection…")
        )
        self.check_button.setEnabled(False)
        # PROTOCOL P3: with "also fetch a token" a bank environment asks first
        handle = self.services.credentials.check_connection(
            fetch_token=fetch_token,
            on_step=self._on_check_step,
            on_result=self._on_check_done,
            on_error=self._on_check_failed,
            on_finished=lambda: self.check_button.setEnabled(True),
            name=env.name,
        )
        if handle is None:
            self.check_button.setEnabled(True)
            self.check_summary.set_status(
                StatusLine.WARNING, lambda: self.tr("Not checked: no token was fetched.")
            )
            return
        self._check_handle = handle

    def _on_check_step(self, step: Any) -> None:
        if self._checked != self._shown:  # the user moved to another environment meanwhile
            return
        line = StatusLine(self)
        line.set_status(StatusLine.OK if step.ok else StatusLine.FAILED, step.text)
        line.setToolTip(step.detail)
        self.check_box.addWidget(line)
        self.check_steps.append(line)

    def _on_check_done(self, steps: list[Any]) -> None:
        if self._checked != self._shown:
            return
        if steps and all(step.ok for step in steps):
            self.check_summary.set_status(StatusLine.OK, lambda: self.tr("The connection works."))
        else:
            self.check_summary.set_status(
                StatusLine.FAILED,
                lambda: self.tr("The connection does not work yet: see the steps above."),
            )

    def _on_check_failed(self, error: ClientError) -> None:
        if self._checked != self._shown:
            return
        self.check_summary.set_status(StatusLine.FAILED, error.text)

    def shutdown(self) -> None:
        self.commit_edits()
        if self._check_handle is not None:
            self._check_handle.cancel()
