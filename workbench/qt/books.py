"""One credential book and one platform client per environment, and the clocks they count on.

:class:`Books` keeps, for each environment, the :class:`~workbench.client.book.CredentialBook`
(the tokens and tickets fetched or pasted) and the platform clients (one that may fetch by
itself, one that may not: PROTOCOL P3), rebuilt when the environment's settings or secrets
change. The sandbox environment counts on the sandbox's clock (moved forward to show expiry,
PROTOCOL P10). It also runs the connection check (a job).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from workbench.core.credentials import Clock
from workbench.qt.environments import Environments
from workbench.qt.workers import TaskContext, TaskHandle, TaskRunner
from workbench.store.secrets import FIELDS

if TYPE_CHECKING:
    from workbench.client.book import CredentialBook
    from workbench.client.platform import PlatformClient
    from workbench.client.preflight import PreflightStep
    from workbench.qt.errors import ClientError

log = logging.getLogger(__name__)


class Books(QObject):
    """The books and clients of one window (thread-safe: jobs ask for clients too).

    Signals:
        active_book_changed(): the active environment's book changed (on the GUI thread).
    """

    active_book_changed = Signal()
    _touched = Signal(str)  # from any thread: the book of that environment changed

    def __init__(
        self,
        environments: Environments,
        runner: TaskRunner,
        clock: Clock,
        sandbox_clock: Clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._environments = environments
        self._runner = runner
        self._clock = clock
        self._sandbox_clock = sandbox_clock
        self._lock = threading.RLock()
        self._books: dict[str, CredentialBook] = {}
        self._clients: dict[str, tuple[str, dict[bool, PlatformClient]]] = {}
        self._touched.connect(self._on_touched)
        environments.connection_changed.connect(self.forget_clients)
        environments.secret_replaced.connect(self._on_secret_replaced)
        environments.renamed.connect(self._on_renamed)
        environments.deleted.connect(self._on_deleted)

    # ----------------------------------------------------------------- clocks and books
    def clock_for(self, name: str) -> Clock:
        return self._sandbox_clock if self._environments.is_sandbox(name) else self._clock

    def credential_clock(self) -> Clock:
        """The clock the active environment's tokens are counted on."""
        return self.clock_for(self._environments.active_name)

    def book_for(self, name: str) -> CredentialBook:
        from workbench.client.book import CredentialBook

        with self._lock:
            book = self._books.get(name)
            if book is None:
                book = CredentialBook(clock=self.clock_for(name))
                book.subscribe(lambda *_a, n=name: self._touched.emit(n))
                self._books[name] = book
            return book

    def book(self) -> CredentialBook:
        return self.book_for(self._environments.active_name)

    # ----------------------------------------------------------------- clients
    def client(self, *, auto_fetch: bool | None = None) -> PlatformClient:
        """The platform client of the active environment, rebuilt when its settings changed.

        ``auto_fetch`` (may it fetch a token or ticket by itself?) defaults to "only for the
        sandbox": for a bank environment only :class:`~workbench.qt.credentials.Credentials`
        hands out one that may, after asking (PROTOCOL P3).
        """
        from workbench.client.platform import PlatformClient

        envs = self._environments
        name = envs.active_name
        env = envs.active_environment()
        fetch = env.is_sandbox if auto_fetch is None else auto_fetch
        secrets = envs.active_secrets()
        fingerprint = repr((env.to_dict(), [getattr(secrets, f) for f in FIELDS]))
        with self._lock:
            cached = self._clients.get(name)
            if cached is None or cached[0] != fingerprint:
                cached = (fingerprint, {})
                self._clients[name] = cached
            client = cached[1].get(fetch)
            if client is None:
                client = PlatformClient(
                    env,
                    secrets,
                    clock=self.clock_for(name),
                    book=self.book_for(name),
                    auto_fetch=fetch,
                )
                cached[1][fetch] = client
            return client

    def forget_clients(self, name: str = "") -> None:
        """Drop the clients of ``name`` ("" for all): the next use builds them anew."""
        with self._lock:
            if name:
                self._clients.pop(name, None)
            else:
                self._clients.clear()

    def forget_sandbox_clients(self) -> None:
        """The sandbox (re)started or stopped: its hosts and certificates changed."""
        with self._lock:
            for name in [n for n in self._clients if self._environments.is_sandbox(n)]:
                self._clients.pop(name, None)

    def close(self) -> None:
        """Close every client (quit)."""
        with self._lock:
            clients = [c for _fp, by_fetch in self._clients.values() for c in by_fetch.values()]
            self._clients.clear()
        for client in clients:
            try:
                client.close()
            except Exception:  # closing must go on
                log.exception("client close failed")

    # ----------------------------------------------------------------- the connection check
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
        """Check environment ``name`` (default: the active one) step by step in a job (DNS,
        TCP, TLS, token), without making it the active one.

        Each step reaches ``on_step`` as soon as it is known; ``on_result`` gets all of them.
        """
        from workbench.client.preflight import preflight

        envs = self._environments
        name = name if name is not None and envs.environment(name) is not None else envs.active_name
        found = envs.environment(name)
        assert found is not None
        env, secrets = found, envs.secrets_for(name)
        clock, book = self.clock_for(name), self.book_for(name)

        def job(ctx: TaskContext) -> list[PreflightStep]:
            steps = []
            for step in preflight(env, secrets, fetch_token=fetch_token, clock=clock, book=book):
                steps.append(step)
                ctx.progress(step, force=True)
                if ctx.cancelled():
                    break
            return steps

        return self._runner.submit(
            "preflight",
            job,
            on_result=on_result,
            on_error=on_error,
            on_progress=on_step,
            on_finished=on_finished,
        )

    # ----------------------------------------------------------------- slots
    def _on_touched(self, name: str) -> None:
        if name == self._environments.active_name:
            self.active_book_changed.emit()

    def _on_secret_replaced(self, name: str) -> None:
        # PROTOCOL P2: a new secret invalidates the token and every ticket made from it; the
        # clients built before (even with an equal secret) would have what they fetch dropped
        self.book_for(name).clear()
        self.forget_clients(name)

    def _on_renamed(self, old: str, new: str) -> None:
        with self._lock:
            if old in self._books:
                self._books[new] = self._books.pop(old)
            self._clients.pop(old, None)

    def _on_deleted(self, name: str) -> None:
        with self._lock:
            self._books.pop(name, None)
            self._clients.pop(name, None)


__all__ = ["Books"]
