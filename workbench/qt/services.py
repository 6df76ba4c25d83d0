"""The services every tab gets through its constructor (no module-level singletons, STYLE.md).

:class:`AppServices` ties together the settings, the secret store, the history, the worker
runner, the injected clock, the in-process sandbox and one credential book per environment, and
announces changes as signals on the GUI thread. Tests build it with :func:`make_services`.
"""

from __future__ import annotations

import copy
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from workbench.core.credentials import Clock, SystemClock
from workbench.core.environment import (
    GUIDE_TEST_APP_ID,
    GUIDE_TEST_SECRET,
    EnvironmentConfig,
    EnvironmentSecrets,
)
from workbench.qt.sandbox_controller import RUNNING, SandboxController
from workbench.qt.workers import QUEUE_GENERAL, TaskRunner
from workbench.store.secrets import FIELDS, SecretStore
from workbench.store.settings import SANDBOX_ENV_NAME, SettingsStore

if TYPE_CHECKING:
    from workbench.client.models import ExchangeRecord
    from workbench.store.history import HistoryStore

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 400  # settings are saved this long after the last change (debounce)
# What the user may change on the sandbox environment: the rest comes from the running sandbox.
SANDBOX_EDITABLE = ("connect_timeout_s", "read_timeout_s", "auto_refresh")


class OffsetClock:
    """The injected clock plus the sandbox's forward offset.

    The sandbox environment's tokens are counted on this clock, so that moving the sandbox
    clock forward (to show expiry without waiting an hour, PROTOCOL P10) ages them here too.
    """

    def __init__(self, base: Clock, controller: SandboxController) -> None:
        self._base = base
        self._controller = controller

    def now_ms(self) -> int:
        return self._base.now_ms() + self._controller.clock_offset_ms()


def _new_book(clock: Clock) -> Any:
    from workbench.client.book import CredentialBook

    return CredentialBook(clock=clock)


class AppServices(QObject):
    """Shared services of one window.

    Signals:
        environment_changed(object): the active EnvironmentConfig (switched or edited).
        environments_listed(): an environment was added, renamed or deleted.
        credentials_changed(): the active CredentialBook changed.
        sandbox_state_changed(str): "starting" | "running" | "stopped" | "failed".
        history_added(object): a HistoryEntry was stored.
        history_failed(object): a Text saying an exchange could not be kept in history.
        secrets_loaded(): the secrets were read from the keyring (startup, off the GUI thread).
    """

    environment_changed = Signal(object)
    environments_listed = Signal()
    credentials_changed = Signal()
    sandbox_state_changed = Signal(str)
    history_added = Signal(object)
    history_failed = Signal(object)
    secrets_loaded = Signal()
    _book_touched = Signal(str)  # from any thread: the book of that environment changed

    def __init__(
        self,
        profile_dir: Path,
        *,
        settings: SettingsStore,
        secrets: SecretStore,
        history: HistoryStore | None = None,
        runner: TaskRunner,
        clock: Clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.profile_dir = Path(profile_dir)
        self.settings = settings
        self.secrets = secrets
        # opened on first use (a job writes the first entry): no sqlite on the GUI thread, nor
        # its import, before the window is on screen
        self._history = history
        self._history_path = self.profile_dir / "history.sqlite3"
        self._history_lock = threading.Lock()  # opening may migrate: not under self._lock
        self.runner = runner
        self.clock = clock
        self._lock = threading.RLock()
        self._books: dict[str, Any] = {}
        self._clients: dict[str, tuple[str, Any]] = {}
        self.secrets_ready = False
        self._sandbox = SandboxController(self.profile_dir / "sandbox", runner, parent=self)
        self._sandbox.state_changed.connect(self._on_sandbox_state_changed)
        self._sandbox_clock = OffsetClock(clock, self._sandbox)
        self._book_touched.connect(self._on_book_touched)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._on_save_timer_timeout)
        from workbench.qt.refresher import CredentialRefresher  # it needs the services built

        self.refresher = CredentialRefresher(self, self)

    # ----------------------------------------------------------------- startup and shutdown
    def start(self, *, start_sandbox: bool = True, sandbox: Any = None) -> None:
        """Read the secrets (a job: the keyring may block) and start the sandbox (a job).

        Both jobs are submitted once the event loop runs: their imports (keyring, werkzeug,
        cryptography) would otherwise compete with the window's own for the interpreter while
        it is being shown.
        """
        if sandbox is not None:
            self._sandbox.adopt(sandbox)
        QTimer.singleShot(0, self, lambda: self._start_jobs(start_sandbox and sandbox is None))

    def _start_jobs(self, start_sandbox: bool) -> None:
        if self.runner.closed:  # shut down before the event loop ever ran
            return
        names = [e.name for e in self.settings.environments() if not e.is_sandbox]

        def load(_ctx: object) -> None:
            self.secrets.resolve()  # imports keyring and finds the backend: ~0.1 s, off the GUI
            for name in names:
                self.secrets.load(name)

        self.runner.submit("load secrets", load, on_finished=self._on_secrets_loaded)
        if start_sandbox:
            self._sandbox.start()

    def _on_secrets_loaded(self) -> None:
        self.secrets_ready = True
        self._clients.clear()
        self.secrets_loaded.emit()

    def shutdown(self) -> None:
        """Save now, cancel jobs, stop the sandbox (frees its ports), close the stores."""
        self._save_timer.stop()
        self.save_now()
        self.refresher.stop()
        self.runner.close()
        self.runner.wait_idle(5000)
        for _fp, client in self._clients.values():
            try:
                client.close()
            except Exception:  # noqa: BLE001 - closing must go on
                log.exception("client close failed")
        self._clients.clear()
        self._sandbox.stop()
        with self._history_lock:
            if self._history is not None:
                self._history.close()

    # ----------------------------------------------------------------- environments
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
        live = copy.deepcopy(self._sandbox.sandbox.environment())
        live.name = env.name
        for key in SANDBOX_EDITABLE:
            setattr(live, key, getattr(env, key))
        return live

    def set_active_environment(self, name: str) -> None:
        if name == self.settings.active_name or self.settings.environment(name) is None:
            return
        self.settings.active_name = name
        self.schedule_save()
        self.environment_changed.emit(self.active_environment())
        self.credentials_changed.emit()

    def update_environment(self, env: EnvironmentConfig) -> None:
        """Store an edited environment (debounced save) and announce it if it is the active one."""
        stored = self.settings.environment(env.name)
        if stored is not None and stored.is_sandbox:
            for key in SANDBOX_EDITABLE:  # PROTOCOL P10: the rest comes from the sandbox
                setattr(stored, key, getattr(env, key))
            env = stored
        self.settings.put_environment(env)
        self._clients.pop(env.name, None)
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
        with self._lock:
            if old in self._books:
                self._books[new] = self._books.pop(old)
            self._clients.pop(old, None)
        self.runner.submit("rename secrets", lambda _c: self.secrets.rename_environment(old, new))
        self.schedule_save()
        self.environments_listed.emit()
        if was_active:
            self.environment_changed.emit(self.active_environment())

    def delete_environment(self, name: str) -> None:
        was_active = self.settings.active_name == name
        self.settings.remove_environment(name)
        with self._lock:
            self._books.pop(name, None)
            self._clients.pop(name, None)
        self.runner.submit("delete secrets", lambda _c: self.secrets.delete_environment(name))
        self.schedule_save()
        self.environments_listed.emit()
        if was_active:
            self.environment_changed.emit(self.active_environment())
            self.credentials_changed.emit()

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
            found.secret = GUIDE_TEST_SECRET  # PROTOCOL P1: the guide's public test account
        return found

    def active_secrets(self) -> EnvironmentSecrets:
        return self.secrets_for(self.settings.active_name)

    def set_secret(self, env_name: str, field: str, value: str) -> None:
        """Keep ``value`` for ``env_name`` now (memory); the keyring write runs in a job."""
        self.secrets.remember(env_name, field, value)
        self.runner.submit(f"store {field}", lambda _c: self.secrets.set(env_name, field, value))
        with self._lock:
            self._clients.pop(env_name, None)
        if field == "secret":
            # PROTOCOL P2: a new secret invalidates the token and every ticket made from it
            self.book_for(env_name).clear()
        if env_name == self.settings.active_name:
            self.environment_changed.emit(self.active_environment())

    # ----------------------------------------------------------------- credentials and client
    def clock_for(self, name: str) -> Clock:
        env = self.settings.environment(name)
        return self._sandbox_clock if env is not None and env.is_sandbox else self.clock

    def credential_clock(self) -> Clock:
        """The clock the active environment's tokens are counted on (see :class:`OffsetClock`)."""
        return self.clock_for(self.settings.active_name)

    def book_for(self, name: str) -> Any:
        with self._lock:
            book = self._books.get(name)
            if book is None:
                book = _new_book(self.clock_for(name))
                book.subscribe(lambda *_a, n=name: self._book_touched.emit(n))
                self._books[name] = book
            return book

    def book(self) -> Any:
        return self.book_for(self.settings.active_name)

    def client(self) -> Any:
        """The platform client of the active environment, rebuilt when its settings changed."""
        from workbench.client.platform import PlatformClient

        name = self.settings.active_name
        env = self.active_environment()
        secrets = self.active_secrets()
        fingerprint = repr((env.to_dict(), [getattr(secrets, f) for f in FIELDS]))
        with self._lock:
            cached = self._clients.get(name)
            if cached is not None and cached[0] == fingerprint:
                return cached[1]
            client = PlatformClient(
                env, secrets, clock=self.clock_for(name), book=self.book_for(name)
            )
            self._clients[name] = (fingerprint, client)
            return client

    def run_preflight(
        self,
        *,
        fetch_token: bool,
        on_step: Any,
        on_result: Any,
        on_error: Any,
        on_finished: Any = None,
    ) -> Any:
        """Check the active environment step by step in a job (DNS, TCP, TLS, token).

        Each step reaches ``on_step`` as soon as it is known; ``on_result`` gets all of them.
        """
        from workbench.client.preflight import preflight

        name = self.settings.active_name
        env, secrets = self.active_environment(), self.active_secrets()
        clock, book = self.clock_for(name), self.book_for(name)

        def job(ctx: Any) -> list[Any]:
            steps = []
            for step in preflight(env, secrets, fetch_token=fetch_token, clock=clock, book=book):
                steps.append(step)
                ctx.progress(step, force=True)
                if ctx.cancelled():
                    break
            return steps

        return self.runner.submit(
            "preflight",
            job,
            on_result=on_result,
            on_error=on_error,
            on_progress=on_step,
            on_finished=on_finished,
        )

    def _on_book_touched(self, name: str) -> None:
        if name == self.settings.active_name:
            self.credentials_changed.emit()

    # ----------------------------------------------------------------- sandbox
    def sandbox(self) -> SandboxController:
        return self._sandbox

    def _on_sandbox_state_changed(self, state: str) -> None:
        with self._lock:
            for name in [n for n in self._clients if self.clock_for(n) is self._sandbox_clock]:
                self._clients.pop(name, None)
        self.sandbox_state_changed.emit(state)
        if self.active_environment().is_sandbox:
            self.environment_changed.emit(self.active_environment())

    # ----------------------------------------------------------------- history
    @property
    def history(self) -> HistoryStore:
        """The history store, opened on first use (from any thread; app.py opens it in a job,
        since a damaged file is set aside and an old one migrated then)."""
        with self._history_lock:
            if self._history is None:
                from workbench.store.history import HistoryStore

                self._history = HistoryStore(self._history_path)
            return self._history

    def add_history(
        self,
        kind: str,
        title: str,
        record: ExchangeRecord | None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        """Store a history-safe copy (secrets removed, tickets masked) in a job."""
        from workbench.store.history import HistoryEntry, record_to_dict

        data: dict[str, Any] = record_to_dict(record) if record is not None else {}
        data.update(extra or {})
        entry = HistoryEntry(
            kind=kind,
            env_name=self.settings.active_name,
            created_ms=self.clock.now_ms(),
            title=title,
            data=data,
        )

        def write(_ctx: object) -> object:
            from workbench.store.history import HistoryWriteError

            try:
                self.history.add(entry)
            except HistoryWriteError as exc:  # never lost silently: the window says so
                return exc.text
            return entry

        def done(result: object) -> None:
            if isinstance(result, HistoryEntry):
                self.history_added.emit(result)
            else:
                self.history_failed.emit(result)

        self.runner.submit("history", write, on_result=done, queue=QUEUE_GENERAL)

    # ----------------------------------------------------------------- UI state and saving
    def ui_state(self, key: str, default: Any = None) -> Any:
        return self.settings.ui_state(key, default)

    def set_ui_state(self, key: str, value: Any) -> None:
        self.settings.set_ui_state(key, value)
        self.schedule_save()

    def schedule_save(self) -> None:
        self._save_timer.start()

    def _on_save_timer_timeout(self) -> None:
        text = self.settings.snapshot_json()  # taken here, written by the job
        self.runner.submit("save settings", lambda _c: self.settings.save(text))

    def save_now(self) -> None:
        """Write at once on this thread (quit only)."""
        try:
            self.settings.save()
        except OSError:
            log.exception("settings could not be saved")


def make_services(
    profile_dir: Path,
    *,
    clock: Clock | None = None,
    keyring_backend: Any = None,
    start_sandbox: bool = True,
    runner: TaskRunner | None = None,
    sandbox: Any = None,
    parent: QObject | None = None,
) -> AppServices:
    """Build the services for ``profile_dir`` (the app and the tests use this one function).

    ``sandbox``: an already running :class:`workbench.sandbox.Sandbox` to use instead of starting
    one under the profile folder (it is then left running on shutdown).
    """
    if keyring_backend is not None:
        import keyring

        keyring.set_keyring(keyring_backend)
    profile_dir = Path(profile_dir)
    profile_dir.mkdir(parents=True, exist_ok=True)
    services = AppServices(
        profile_dir,
        settings=SettingsStore(profile_dir),
        secrets=SecretStore(),
        runner=runner or TaskRunner(),
        clock=clock or SystemClock(),
        parent=parent,
    )
    services.start(start_sandbox=start_sandbox, sandbox=sandbox)
    return services


__all__ = ["SANDBOX_ENV_NAME", "AppServices", "OffsetClock", "make_services"]
