"""The services every tab gets through its constructor (no module-level singletons, STYLE.md).

:class:`AppServices` is the wiring of one window: it builds the controllers (environments and
secrets, the books and clients, credentials and the one refresher, composer, sandbox, callback
listener) around the worker runner, the injected clock and the history, and announces changes as
signals on the GUI thread. Its environment, book and client methods are forwards to
:class:`~workbench.qt.environments.Environments` and :class:`~workbench.qt.books.Books`, so
that the widgets have one door. Tests build it with :func:`make_services`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from workbench.core.credentials import Clock, SystemClock
from workbench.core.environment import EnvironmentConfig, EnvironmentSecrets
from workbench.qt.books import Books
from workbench.qt.credentials import Credentials
from workbench.qt.environments import Environments
from workbench.qt.sandbox_controller import SandboxController
from workbench.qt.window_state import StateKey
from workbench.qt.workers import QUEUE_HISTORY, TaskHandle, TaskRunner
from workbench.store.drafts import DraftBodyFile
from workbench.store.secrets import SecretStore
from workbench.store.settings import SANDBOX_ENV_NAME, SettingsStore

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from workbench.client.book import CredentialBook
    from workbench.client.models import ExchangeRecord
    from workbench.client.platform import PlatformClient
    from workbench.client.preflight import PreflightStep
    from workbench.qt.callbacks import CallbackListener
    from workbench.qt.composer import Composer
    from workbench.qt.errors import ClientError
    from workbench.sandbox import Sandbox
    from workbench.store.history import HistoryStore

log = logging.getLogger(__name__)
T = TypeVar("T")


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


class AppServices(QObject):
    """Shared services of one window.

    Signals:
        environment_changed(object): the active EnvironmentConfig (switched or edited).
        environments_listed(): an environment was added, renamed or deleted.
        credentials_changed(): the active CredentialBook changed.
        sandbox_state_changed(str): "starting" | "running" | "stopped" | "failed".
        history_added(object): a HistoryEntry was stored.
        history_failed(object): a Text saying an exchange could not be kept in history.
        history_changed(): entries moved with an environment's rename or deletion.
        environment_renamed(str, str): an environment was renamed (old name, new name).
        secrets_loaded(): the secrets were read from the keyring (startup, off the GUI thread).
    """

    environment_changed = Signal(object)
    environments_listed = Signal()
    credentials_changed = Signal()
    sandbox_state_changed = Signal(str)
    history_added = Signal(object)
    history_failed = Signal(object)
    history_changed = Signal()
    environment_renamed = Signal(str, str)
    secrets_loaded = Signal()

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
        self.draft_body = DraftBodyFile(self.profile_dir)  # the Composer's big draft body
        self._history_lock = threading.Lock()  # opening may migrate: not under self._lock
        self.runner = runner
        self.clock = clock
        self._lock = threading.RLock()
        self._pending_start: bool | None = None  # start(): whether the sandbox is to start too
        self._listener: CallbackListener | None = None
        self._sandbox = SandboxController(self.profile_dir / "sandbox", runner, parent=self)
        self._sandbox.state_changed.connect(self._on_sandbox_state_changed)
        self._sandbox_clock = OffsetClock(clock, self._sandbox)
        self.environments_controller = Environments(settings, secrets, runner, self._sandbox, self)
        envs = self.environments_controller
        envs.environment_changed.connect(self.environment_changed)
        envs.environments_listed.connect(self.environments_listed)
        envs.active_switched.connect(self.credentials_changed)
        envs.secrets_loaded.connect(self.secrets_loaded)
        envs.renamed.connect(self.environment_renamed)
        # the history follows a rename; a deleted environment's is set aside (a new one of the
        # same name must not inherit it)
        envs.renamed.connect(
            lambda old, new: self._move_history(lambda h: h.rename_environment(old, new))
        )
        envs.deleted.connect(lambda name: self._move_history(lambda h: h.retire_environment(name)))
        self.books = Books(envs, runner, clock, self._sandbox_clock, self)
        self.books.active_book_changed.connect(self.credentials_changed)
        from workbench.qt.refresher import CredentialRefresher  # it needs the services built

        self.credentials = Credentials(self, self)
        self._composer: Composer | None = None  # made on first use: the Composer tab (issue 14)
        self.refresher = CredentialRefresher(self, self)

    @property
    def composer(self) -> Composer:
        """The Composer's controller, made the first time it is asked for (its module, and the
        request builder behind it, are not needed for the first paint)."""
        if self._composer is None:
            from workbench.qt.composer import Composer

            self._composer = Composer(self, self)
        return self._composer

    # ----------------------------------------------------------------- startup and shutdown
    def start(
        self, *, start_sandbox: bool = True, sandbox: Sandbox | None = None, deferred: bool = False
    ) -> None:
        """Read the secrets (a job: the keyring may block) and start the sandbox (a job).

        Both jobs are submitted once the event loop runs, or with ``deferred`` when
        :meth:`start_jobs` is called (the window calls it after its first paint): their imports
        (keyring, werkzeug, cryptography) would otherwise compete with the window's own for the
        interpreter while it is being shown.
        """
        if sandbox is not None:
            self._sandbox.adopt(sandbox)
        self._pending_start = start_sandbox and sandbox is None
        if not deferred:
            QTimer.singleShot(0, self, self.start_jobs)

    def start_jobs(self) -> None:
        """Submit the start-up jobs of :meth:`start` now (once: later calls do nothing)."""
        start_sandbox, self._pending_start = self._pending_start, None
        if start_sandbox is None or self.runner.closed:  # done, or shut down before the loop ran
            return
        self.environments_controller.load_secrets()
        if start_sandbox:
            self._sandbox.start()

    @property
    def secrets_ready(self) -> bool:
        return self.environments_controller.secrets_ready

    def shutdown(self) -> None:
        """Save now, cancel jobs, stop the sandbox (frees its ports), close the stores."""
        self.save_now()
        self.refresher.stop()
        if self._listener is not None:
            self._listener.shutdown()  # frees its port
        self.runner.close()
        self.runner.wait_idle(5000)
        self.books.close()
        self._sandbox.stop()
        with self._history_lock:
            if self._history is not None:
                self._history.close()

    # ----------------------------------------------------------------- environments (forwards)
    def environments(self) -> list[EnvironmentConfig]:
        return self.environments_controller.environments()

    def environment(self, name: str) -> EnvironmentConfig | None:
        return self.environments_controller.environment(name)

    def active_environment(self) -> EnvironmentConfig:
        return self.environments_controller.active_environment()

    def set_active_environment(self, name: str) -> None:
        self.environments_controller.set_active_environment(name)

    def update_environment(self, env: EnvironmentConfig) -> None:
        self.environments_controller.update_environment(env)

    def add_environment(
        self, env: EnvironmentConfig, secrets: EnvironmentSecrets | None = None
    ) -> None:
        self.environments_controller.add_environment(env, secrets)

    def rename_environment(self, old: str, new: str) -> None:
        self.environments_controller.rename_environment(old, new)

    def delete_environment(self, name: str) -> None:
        self.environments_controller.delete_environment(name)

    def secrets_for(self, name: str) -> EnvironmentSecrets:
        return self.environments_controller.secrets_for(name)

    def active_secrets(self) -> EnvironmentSecrets:
        return self.environments_controller.active_secrets()

    def set_secret(self, env_name: str, field: str, value: str) -> None:
        self.environments_controller.set_secret(env_name, field, value)

    def state(self, key: StateKey[T]) -> T:
        return self.environments_controller.state(key)

    def set_state(self, key: StateKey[T], value: T) -> None:
        self.environments_controller.set_state(key, value)

    def ui_state(self, name: str, default: object = None) -> object:
        return self.environments_controller.ui_state(name, default)

    def set_ui_state(self, name: str, value: object) -> None:
        self.environments_controller.set_ui_state(name, value)

    def schedule_save(self) -> None:
        self.environments_controller.schedule_save()

    def save_now(self) -> None:
        """Write the settings at once on this thread (quit only)."""
        self.environments_controller.save_now()

    # ----------------------------------------------------------------- books, clients (forwards)
    def clock_for(self, name: str) -> Clock:
        return self.books.clock_for(name)

    def credential_clock(self) -> Clock:
        """The clock the active environment's tokens are counted on (see :class:`OffsetClock`)."""
        return self.books.credential_clock()

    def book_for(self, name: str) -> CredentialBook:
        return self.books.book_for(name)

    def book(self) -> CredentialBook:
        return self.books.book()

    def client(self, *, auto_fetch: bool | None = None) -> PlatformClient:
        """The active environment's client; by default it fetches by itself only on the sandbox
        (for a bank environment :class:`Credentials` hands out one that may, after asking)."""
        return self.books.client(auto_fetch=auto_fetch)

    def run_preflight(
        self,
        *,
        fetch_token: bool,
        on_step: Callable[[PreflightStep], None],
        on_result: Callable[[list[PreflightStep]], None],
        on_error: Callable[[ClientError], None],
        on_finished: Callable[[], None] | None = None,
        name: str | None = None,
    ) -> TaskHandle:
        """The connection check in a job (see :meth:`Books.run_preflight`)."""
        return self.books.run_preflight(
            fetch_token=fetch_token,
            on_step=on_step,
            on_result=on_result,
            on_error=on_error,
            on_finished=on_finished,
            name=name,
        )

    # ----------------------------------------------------------------- sandbox
    def sandbox(self) -> SandboxController:
        return self._sandbox

    def _on_sandbox_state_changed(self, state: str) -> None:
        self.books.forget_sandbox_clients()
        self.sandbox_state_changed.emit(state)
        if self.active_environment().is_sandbox:
            self.environment_changed.emit(self.active_environment())

    # ----------------------------------------------------------------- callbacks
    def callback_listener(self) -> CallbackListener:
        """The one callback listener of the window (built on first use: the receiver's imports
        are not a startup cost)."""
        if self._listener is None:
            from workbench.qt.callbacks import CallbackListener

            self._listener = CallbackListener(self, self)
        return self._listener

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
        extra: Mapping[str, object] | None = None,
    ) -> None:
        """Store a history-safe copy (secrets removed, tickets masked) in a job."""
        from workbench.store.history import HistoryEntry, record_to_dict

        data: dict[str, Any] = record_to_dict(record) if record is not None else {}
        data.update(extra or {})
        # filed under the environment the request went to, not the one active when its answer
        # came (the user may have switched meanwhile); a callback received has no request
        went_to = record.env_name if record is not None and record.env_name else ""
        entry = HistoryEntry(
            kind=kind,
            env_name=went_to or self.settings.active_name,
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

        self.runner.submit("history", write, on_result=done, queue=QUEUE_HISTORY)

    def _move_history(self, change: Callable[[HistoryStore], None]) -> None:
        self.runner.submit(
            "history follows the environment",
            lambda _ctx: change(self.history),
            on_finished=self.history_changed.emit,
            queue=QUEUE_HISTORY,  # after every entry written before it
        )


def make_services(
    profile_dir: Path,
    *,
    clock: Clock | None = None,
    keyring_backend: KeyringBackend | None = None,
    start_sandbox: bool = True,
    runner: TaskRunner | None = None,
    sandbox: Sandbox | None = None,
    parent: QObject | None = None,
    deferred_start: bool = False,
) -> AppServices:
    """Build the services for ``profile_dir`` (the app and the tests use this one function).

    ``sandbox``: an already running :class:`workbench.sandbox.Sandbox` to use instead of starting
    one under the profile folder (it is then left running on shutdown). ``deferred_start``: the
    start-up jobs wait for :meth:`AppServices.start_jobs` (the window's first paint).
    """
    if keyring_backend is not None:
        import keyring

        keyring.set_keyring(keyring_backend)
    profile_dir = Path(profile_dir)
    profile_dir.mkdir(parents=True, exist_ok=True)
    secrets = SecretStore(profile_dir=profile_dir)  # before the settings file may be written
    services = AppServices(
        profile_dir,
        settings=SettingsStore(profile_dir),
        secrets=secrets,
        runner=runner or TaskRunner(),
        clock=clock or SystemClock(),
        parent=parent,
    )
    services.start(start_sandbox=start_sandbox, sandbox=sandbox, deferred=deferred_start)
    return services


__all__ = ["SANDBOX_ENV_NAME", "AppServices", "OffsetClock", "make_services"]
