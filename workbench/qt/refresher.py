"""The one credential refresher (PROTOCOL P3: "one single refresher, every 20 minutes").

Every fetch of a token or ticket in the window goes through :class:`CredentialRefresher`: the
automatic refresh and the buttons of the tokens tab alike. For a bank environment the automatic
refresh asks first (the kick-out warning, :class:`workbench.qt.credentials.Credentials`); the
buttons' callers ask before calling. Jobs run on the single-thread
``QUEUE_CREDENTIALS`` and an in-flight guard refuses a second one while the first runs, so two
refreshes never overlap and never kick each other out.

A QTimer ticks every second and compares the credentials against the environment's clock (not
against a long timer), so when the sandbox clock is moved forward the refresh happens at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

from workbench.client.errors import ClientError
from workbench.core.credentials import (
    KIND_ACCESS_TOKEN,
    KIND_SIGN_TICKET,
    REFRESH_INTERVAL_S,
    Clock,
)
from workbench.core.environment import EnvironmentConfig
from workbench.qt.credentials import CHOICE_FETCH, Credentials
from workbench.qt.sandbox_controller import SandboxController
from workbench.qt.workers import QUEUE_CREDENTIALS, TaskContext, TaskRunner

if TYPE_CHECKING:
    from workbench.client.book import CredentialBook
    from workbench.client.models import ExchangeRecord
    from workbench.client.platform import PlatformClient

log = logging.getLogger(__name__)

TICK_MS = 1000
RETRY_AFTER_FAILURE_S = 60  # a failed automatic refresh is retried a minute later, not every tick
REASON_AUTO = "auto"
REASON_USER = "user"


class RefresherServices(Protocol):
    """What the refresher needs of the window's services (AppServices has it)."""

    @property
    def runner(self) -> TaskRunner: ...

    @property
    def credentials(self) -> Credentials: ...

    @property
    def credentials_changed(self) -> SignalInstance: ...

    def active_environment(self) -> EnvironmentConfig: ...

    def update_environment(self, env: EnvironmentConfig) -> None: ...

    def book(self) -> CredentialBook: ...

    def credential_clock(self) -> Clock: ...

    def client(self, *, auto_fetch: bool | None = None) -> PlatformClient: ...

    def sandbox(self) -> SandboxController: ...

    def add_history(
        self,
        kind: str,
        title: str,
        record: ExchangeRecord | None,
        extra: Mapping[str, object] | None = None,
    ) -> None: ...


class CredentialRefresher(QObject):
    """Fetches and refreshes tokens and tickets for the active environment.

    Signals:
        busy_changed(bool): a credential job started (True) or ended (False).
        fetched(object): a list of CredentialResult from a finished job.
        fetch_failed(object): the ClientError of a failed job.
        auto_refreshed(): an automatic refresh succeeded.
    """

    busy_changed = Signal(bool)
    fetched = Signal(object)
    fetch_failed = Signal(object)
    auto_refreshed = Signal()

    def __init__(self, services: RefresherServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._in_flight = False
        self._reason = REASON_USER
        self.interval_s = REFRESH_INTERVAL_S
        self.last_error: ClientError | None = None
        # the environment the job under way (or the last one) fetches for: the user may switch
        # to another before it answers, and its result is not the new one's
        self.fetching_for: str | None = None
        # per environment, on its own credential clock: a "no" (or a failure) for one must not
        # hold back the refresh of another, whose clock may not even be the same
        self._retry_at_ms: dict[str, int] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def busy(self) -> bool:
        return self._in_flight

    # ----------------------------------------------------------------- automatic refresh
    def auto_enabled(self) -> bool:
        return bool(self._services.active_environment().auto_refresh)

    def set_auto_enabled(self, on: bool) -> None:
        env = self._services.active_environment()
        if env.auto_refresh != on:
            self._services.update_environment(env._replace(auto_refresh=on))

    def refresh_due(self) -> bool:
        """A fetched (not pasted) token or sign ticket is older than 20 minutes or expired."""
        book = self._services.book()
        now = self._services.credential_clock().now_ms()
        snap = book.snapshot()
        for cred in (snap.access_token, snap.sign_ticket):
            if cred is not None and cred.refresh_due(now, self.interval_s):
                return True
        return False

    def _on_timer_timeout(self) -> None:
        if self._in_flight or not self.auto_enabled():
            return
        sandbox = self._services.active_environment().is_sandbox
        if sandbox and not self._services.sandbox().running:
            return
        try:
            due = self.refresh_due()
        except Exception:  # a tick must never raise into the event loop
            log.exception("refresh check failed")
            return
        now = self._services.credential_clock().now_ms()
        name = self._services.active_environment().name
        if not due or now < self._retry_at_ms.get(name, 0) or self._services.credentials.asking:
            return
        if not sandbox and self._services.credentials.ask(KIND_ACCESS_TOKEN) != CHOICE_FETCH:
            # PROTOCOL P3: the user said no (or pasted): ask again only an interval later
            self._retry_at_ms[name] = now + int(self.interval_s * 1000)
            return
        self.refresh_all(reason=REASON_AUTO)

    # ----------------------------------------------------------------- explicit fetches
    # Their callers asked first (Credentials.ask, PROTOCOL P3): the Tokens tab's buttons.
    def refresh_all(self, *, reason: str = REASON_USER) -> bool:
        """Token and sign ticket together (PROTOCOL P3). False when a job is already running."""
        return self._submit(
            "refresh token and sign ticket",
            lambda c, ctx: c.refresh_all(cancel=ctx.cancel_event),
            reason,
        )

    def fetch_access_token(self) -> bool:
        return self._submit(
            "fetch access token",
            lambda c, ctx: [c.fetch_access_token(cancel=ctx.cancel_event)],
            REASON_USER,
        )

    def fetch_sign_ticket(self) -> bool:
        return self._submit(
            "fetch sign ticket",
            lambda c, ctx: [c.fetch_tickets(["sign"], cancel=ctx.cancel_event)],
            REASON_USER,
        )

    def fetch_user_ticket(self, user_data: str, mechant_id: str | None) -> bool:
        """``user_data`` is the JSON string of PROTOCOL P3 (USER_ID required)."""
        return self._submit(
            "fetch user ticket",
            lambda c, ctx: [
                c.fetch_tickets(
                    ["user"],
                    user_data=user_data,
                    mechant_id=mechant_id or None,
                    cancel=ctx.cancel_event,
                )
            ],
            REASON_USER,
        )

    def _submit(
        self, name: str, call: Callable[[Any, TaskContext], list[Any]], reason: str
    ) -> bool:
        if self._in_flight:
            return False
        try:
            client = self._services.client(auto_fetch=True)  # asked before (see above)
        except ClientError as exc:
            self.last_error = exc
            self.fetch_failed.emit(exc)
            return False
        self._in_flight = True
        self._reason = reason
        self.fetching_for = self._services.active_environment().name  # the client's
        self.busy_changed.emit(True)
        self._services.runner.submit(
            name,
            lambda ctx: call(client, ctx),
            on_result=self._on_job_result,
            on_error=self._on_job_error,
            on_finished=self._on_job_finished,
            queue=QUEUE_CREDENTIALS,
        )
        return True

    def _on_job_result(self, results: list[Any]) -> None:
        from workbench.store.history import KIND_CREDENTIAL  # here: sqlite is not a startup cost

        self.last_error = None
        for result in results:
            for record in getattr(result, "records", []):
                kinds = ", ".join(c.kind for c in result.credentials) or "credential"
                self._services.add_history(KIND_CREDENTIAL, kinds, record, {"reason": self._reason})
        self.fetched.emit(results)
        if self._reason == REASON_AUTO:
            self.auto_refreshed.emit()
        self._services.credentials_changed.emit()

    def _on_job_error(self, error: ClientError) -> None:
        self.last_error = error
        if self._reason == REASON_AUTO:
            now = self._services.credential_clock().now_ms()
            name = self.fetching_for or self._services.active_environment().name
            self._retry_at_ms[name] = now + RETRY_AFTER_FAILURE_S * 1000
        if error.record is not None:
            from workbench.store.history import KIND_CREDENTIAL

            self._services.add_history(KIND_CREDENTIAL, "failed fetch", error.record, {})
        self.fetch_failed.emit(error)

    def _on_job_finished(self) -> None:
        self._in_flight = False
        self.busy_changed.emit(False)


__all__ = ["CredentialRefresher", "KIND_ACCESS_TOKEN", "KIND_SIGN_TICKET"]
