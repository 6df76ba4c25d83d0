"""The environments, the active one, their secrets and the remembered window state.

:class:`Environments` keeps the settings (saved a moment after the last change, by a job) and
the secrets. Secrets are held in memory at once and written to the keyring by jobs on ONE serial
queue (``QUEUE_SECRETS``): typing a secret, renaming and deleting an environment reach the keyring
in the order they were done, so a rename never overtakes the write of a secret typed just before
it. The sandbox entry takes its hosts, app_id, certificates and secret from the running sandbox
(PROTOCOL P10).

Signals say what happened; :class:`workbench.qt.services.AppServices` forwards the public ones to
the widgets and drops the platform clients and credential books the change made stale.
"""

from __future__ import annotations

import logging
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from workbench.core.environment import (
    GUIDE_TEST_APP_ID,
    GUIDE_TEST_SECRET,
    EnvironmentConfig,
    EnvironmentSecrets,
)
from workbench.qt.sandbox_controller import RUNNING, SandboxController
from workbench.qt.window_state import StateKey
from workbench.qt.workers import QUEUE_SECRETS, TaskRunner
from workbench.store.secrets import FIELDS, SecretStore
from workbench.store.settings import SettingsStore

log = logging.getLogger(__name__)
T = TypeVar("T")

SAVE_DELAY_MS = 400  # settings are saved this long after the last change (debounce)
# What the user may change on the sandbox environment: the rest comes from the running sandbox.
SANDBOX_EDITABLE = ("connect_timeout_s", "read_timeout_s", "auto_refresh")


class Environments(QObject):
    """Settings, the active environment and the secrets of one window.

    Signals:
        environment_changed(object): the active EnvironmentConfig (switched or edited).
        environments_listed(): an environment was added, renamed or deleted.
        active_switched(): another environment became the active one (its book is shown).
        secrets_loaded(): the secrets were read from the keyring (startup, off the GUI thread).
        connection_changed(str): that environment's settings or secrets changed: its platform
            client must be rebuilt ("" for all of them).
        secret_replaced(str): a new app secret for that environment (PROTOCOL P2: the tokens
            and tickets made from the old one are void).
        renamed(str, str): old and new name.
        deleted(str): that environment is gone.
    """

    environment_changed = Signal(object)
    environments_listed = Signal()
    active_switched = Signal()
    secrets_loaded = Signal()
    connection_changed = Signal(str)
    secret_replaced = Signal(str)
    renamed = Signal(str, str)
    deleted = Signal(str)

    def __init__(
        self,
        settings: SettingsStore,
        secrets: SecretStore,
        runner: TaskRunner,
        sandbox: SandboxController,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.secrets = secrets
        self._runner = runner
        self._sandbox = sandbox
        self.secrets_ready = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._on_save_timer_timeout)

    # ----------------------------------------------------------------- startup
    def load_secrets(self) -> None:
        """Read every bank environment's secrets in a job (the keyring may block)."""
        names = [e.name for e in self.settings.environments() if not e.is_sandbox]

        def load(_ctx: object) -> None:
            self.secrets.resolve()  # imports keyring and finds the backend: ~0.1 s, off the GUI
            for name in names:
                self.secrets.load(name)
            self.secrets.finish_carry_over()  # an older profile folder's entries are its own now

        self._runner.submit(
            "load secrets", load, on_finished=self._on_secrets_loaded, queue=QUEUE_SECRETS
        )

    def _on_secrets_loaded(self) -> None:
        self.secrets_ready = True
        self.connection_changed.emit("")
        self.secrets_loaded.emit()

    # ----------------------------------------------------------------- environments
    @property
    def active_name(self) -> str:
        return self.settings.active_name

    def is_sandbox(self, name: str) -> bool:
        env = self.settings.environment(name)
        return env is not None and env.is_sandbox

    def environments(self) -> list[EnvironmentConfig]:
        return [self._effective(e) for e in self.settings.environments()]

    def environment(self, name: str) -> EnvironmentConfig | None:
        env = self.settings.environment(name)
        return self._effective(env) if env is not None else None

    def active_environment(self) -> EnvironmentConfig:
        env = self.environment(self.settings.active_name)
        assert env is not None  # the settings always fall back to the sandbox entry
        return env

    def _effective(self, env: EnvironmentConfig) -> EnvironmentConfig:
        """The sandbox entry takes its hosts, app_id and certificates from the running sandbox."""
        if not env.is_sandbox or self._sandbox.sandbox is None or self._sandbox.state != RUNNING:
            return env
        live = self._sandbox.sandbox.environment()
        return live._replace(name=env.name, **{key: getattr(env, key) for key in SANDBOX_EDITABLE})

    def set_active_environment(self, name: str) -> None:
        if name == self.settings.active_name or self.settings.environment(name) is None:
            return
        self.settings.active_name = name
        self.schedule_save()
        self.environment_changed.emit(self.active_environment())
        self.active_switched.emit()

    def update_environment(self, env: EnvironmentConfig) -> None:
        """Store an edited environment (debounced save) and announce it if it is the active one."""
        stored = self.settings.environment(env.name)
        if stored is not None and stored.is_sandbox:
            # PROTOCOL P10: the rest comes from the sandbox
            env = stored._replace(**{key: getattr(env, key) for key in SANDBOX_EDITABLE})
        self.settings.put_environment(env)
        self.connection_changed.emit(env.name)
        self.schedule_save()
        if env.name == self.settings.active_name:
            self.environment_changed.emit(self.active_environment())

    def add_environment(
        self, env: EnvironmentConfig, secrets: EnvironmentSecrets | None = None
    ) -> None:
        self.settings.put_environment(env)
        if secrets is not None:
            for f in FIELDS:
                if getattr(secrets, f):
                    self.set_secret(env.name, f, getattr(secrets, f))
        self.schedule_save()
        self.environments_listed.emit()

    def rename_environment(self, old: str, new: str) -> None:
        was_active = self.settings.active_name == old
        self.settings.rename_environment(old, new)
        # the secrets in memory go with the name at once (the form shows them right away); the
        # keyring follows in the job, and a form shown meanwhile is refilled when it is done
        held = self.secrets.cached(old)
        for field in FIELDS:
            if getattr(held, field):
                self.secrets.remember(new, field, getattr(held, field))
        self.renamed.emit(old, new)
        self._runner.submit(
            "rename secrets",
            lambda _c: self.secrets.rename_environment(old, new),
            on_finished=self.secrets_loaded.emit,
            queue=QUEUE_SECRETS,  # after every write asked before it
        )
        self.schedule_save()
        self.environments_listed.emit()
        if was_active:
            self.environment_changed.emit(self.active_environment())

    def delete_environment(self, name: str) -> None:
        was_active = self.settings.active_name == name
        self.settings.remove_environment(name)
        self.deleted.emit(name)
        self._runner.submit(
            "delete secrets", lambda _c: self.secrets.delete_environment(name), queue=QUEUE_SECRETS
        )
        self.schedule_save()
        self.environments_listed.emit()
        if was_active:
            self.environment_changed.emit(self.active_environment())
            self.active_switched.emit()

    # ----------------------------------------------------------------- secrets
    def secrets_for(self, name: str) -> EnvironmentSecrets:
        """From memory only (filled by the startup job); the sandbox's come from the sandbox."""
        env = self.settings.environment(name)
        if env is not None and env.is_sandbox:
            if self._sandbox.sandbox is not None and self._sandbox.state == RUNNING:
                return self._sandbox.sandbox.secrets()
            return EnvironmentSecrets()
        found = self.secrets.cached(name)
        if env is not None and name == "F" and env.app_id == GUIDE_TEST_APP_ID and not found.secret:
            # PROTOCOL P1: the guide's public test account
            found = found._replace(secret=GUIDE_TEST_SECRET)
        return found

    def active_secrets(self) -> EnvironmentSecrets:
        return self.secrets_for(self.settings.active_name)

    def set_secret(self, env_name: str, field: str, value: str) -> None:
        """Keep ``value`` for ``env_name`` now (memory); the keyring write runs in a job."""
        self.secrets.remember(env_name, field, value)
        self._runner.submit(
            f"store {field}",
            lambda _c: self.secrets.set(env_name, field, value),
            queue=QUEUE_SECRETS,  # one serial queue: writes, renames and deletes keep their order
        )
        self.connection_changed.emit(env_name)
        if field == "secret":
            self.secret_replaced.emit(env_name)  # PROTOCOL P2
        if env_name == self.settings.active_name:
            self.environment_changed.emit(self.active_environment())

    # ----------------------------------------------------------------- window state and saving
    def state(self, key: StateKey[T]) -> T:
        """A remembered window value, of its declared type (see workbench.qt.window_state)."""
        return key.read(self.settings.ui_state(key.name))

    def set_state(self, key: StateKey[T], value: T) -> None:
        self.settings.set_ui_state(key.name, value)
        self.schedule_save()

    def ui_state(self, name: str, default: object = None) -> object:
        """The raw JSON value stored under ``name`` (tests, and state not declared yet)."""
        raw: object = self.settings.ui_state(name, default)
        return raw

    def set_ui_state(self, name: str, value: object) -> None:
        self.settings.set_ui_state(name, value)
        self.schedule_save()

    def schedule_save(self) -> None:
        self._save_timer.start()

    def _on_save_timer_timeout(self) -> None:
        text = self.settings.snapshot_json()  # taken here, written by the job
        self._runner.submit("save settings", lambda _c: self.settings.save(text))

    def save_now(self) -> None:
        """Write at once on this thread (quit only)."""
        self._save_timer.stop()
        try:
            self.settings.save()
        except OSError:
            log.exception("settings could not be saved")


__all__ = ["SANDBOX_EDITABLE", "SAVE_DELAY_MS", "Environments"]
