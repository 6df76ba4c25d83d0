"""The Composer's requests: what the preview shows, sending it, cancelling, the sign ticket.

:meth:`Composer.preview` builds the request with :func:`workbench.core.request.business_request`,
the builder the client sends with (PROTOCOL P4), so the URL and body on screen are the ones that
go on the wire. :meth:`Composer.send` asks the kick-out question first for a bank environment
(PROTOCOL P3, :class:`workbench.qt.credentials.Credentials`) and runs the call in a job; it keeps
the last request sent for an export. Widgets render what it returns and forward the user's intent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal

from workbench.core.credentials import KIND_SIGN_TICKET, KIND_USER_TICKET
from workbench.core.environment import EnvironmentConfig, EnvironmentSecrets, TlsConfig
from workbench.qt.credentials import CHOICE_FETCH, CHOICE_PASTE, Credentials, Permit
from workbench.qt.workers import QUEUE_CREDENTIALS, TaskContext, TaskHandle, TaskRunner

if TYPE_CHECKING:  # the builders and exports are imported on first use (start-up time)
    from workbench.client.book import CredentialBook
    from workbench.client.models import CallResult, CredentialResult, ExchangeRecord
    from workbench.core import export
    from workbench.core.request import SignedRequest
    from workbench.core.sign import SignResult
    from workbench.qt.errors import ClientError

T = TypeVar("T")


@dataclass(frozen=True)
class SentFrom:
    """How an environment reached its host when a request was sent to it: its name, a copy of
    its TLS settings, and the two key passwords (memory only; an export includes them only
    when the user asks). Taken at Send, so that switching or editing later changes nothing."""

    env_name: str
    tls: TlsConfig
    key_password: str
    p12_password: str


@dataclass(frozen=True)
class LastSent:
    """The last request sent, for "Export last sent": the export, the answer, and the name of
    the environment it went to (which may since have been switched away from, or deleted)."""

    request: export.ExportRequest
    response: export.ExportResponse
    env_name: str


class ComposerServices(Protocol):
    """What :class:`Composer` needs of the window's services (AppServices has it)."""

    @property
    def runner(self) -> TaskRunner: ...

    @property
    def credentials(self) -> Credentials: ...

    def active_environment(self) -> EnvironmentConfig: ...

    def active_secrets(self) -> EnvironmentSecrets: ...

    def environment(self, name: str) -> EnvironmentConfig | None: ...

    def book(self) -> CredentialBook: ...


class Composer(QObject):
    """One per window (see the module docstring).

    Signals:
        last_sent_changed(): a request was sent; :attr:`last_sent` holds it for an export.
    """

    last_sent_changed = Signal()

    def __init__(self, services: ComposerServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.last_sent: LastSent | None = None
        # per environment, how the latest request sent to it went (see SentFrom)
        self._sent_from: dict[str, SentFrom] = {}

    # ----------------------------------------------------------------- preview
    def ticket(self, type_value: str | None) -> str | None:
        """The ticket a call of this type is signed with, or ``None`` when the book has none."""
        kind = KIND_USER_TICKET if type_value == "user" else KIND_SIGN_TICKET
        credential = self._services.book().usable(kind)
        return credential.value if credential is not None else None

    def preview(
        self, system: str, service_code: str, body: str, *, type_value: str | None, nonce: str
    ) -> SignedRequest:
        """The request exactly as :meth:`send` would send it now (same builder as the client)."""
        from workbench.core.request import business_request

        env = self._services.active_environment()
        return business_request(
            base=env.api_base,
            app_id=env.app_id,
            version=env.version,
            system=system,
            service_code=service_code,
            body=body,
            ticket=self.ticket(type_value),
            nonce=nonce,
            type=type_value,
        )

    # ----------------------------------------------------------------- send
    def send(
        self,
        system: str,
        service_code: str,
        body: str,
        *,
        type_value: str | None,
        nonce: str,
        shape: Callable[[CallResult], T],
        on_result: Callable[[T], None],
        on_error: Callable[[ClientError], None],
        on_finished: Callable[[], None],
    ) -> TaskHandle | None:
        """Send in a job; ``shape`` turns the result into what the view shows (in the job).

        ``None`` when the user cancelled the kick-out question (nothing was fetched or sent).
        """
        kind = KIND_USER_TICKET if type_value == "user" else KIND_SIGN_TICKET
        permit = self._services.credentials.permit(kind)  # PROTOCOL P3: asks before fetching
        if permit is None:
            return None
        client = self._services.credentials.client(permit)
        self._remember_environment()

        def job(ctx: TaskContext) -> T:
            result = client.call(
                system, service_code, body, type=type_value, nonce=nonce, cancel=ctx.cancel_event
            )
            return shape(result)

        return self._services.runner.submit(
            "call", job, on_result=on_result, on_error=on_error, on_finished=on_finished
        )

    # ----------------------------------------------------------------- the sign ticket
    def fetch_ticket(
        self,
        *,
        on_result: Callable[[CredentialResult], None],
        on_error: Callable[[ClientError], None],
        on_finished: Callable[[], None],
        on_pasted: Callable[[], None],
    ) -> TaskHandle | None:
        """Fetch a sign ticket after the kick-out question (bank only); ``None``: not fetched
        (cancelled, or a ticket was pasted instead: then ``on_pasted`` was called)."""
        credentials = self._services.credentials
        choice = credentials.ask(KIND_SIGN_TICKET)
        if choice == CHOICE_PASTE:
            if credentials.paste(KIND_SIGN_TICKET):
                on_pasted()
            return None
        if choice != CHOICE_FETCH:
            return None
        client = credentials.client(Permit(fetch=True))
        return self._services.runner.submit(
            "fetch ticket",
            lambda ctx: client.fetch_tickets(["sign"], cancel=ctx.cancel_event),
            on_result=on_result,
            on_error=on_error,
            on_finished=on_finished,
            queue=QUEUE_CREDENTIALS,
        )

    # ----------------------------------------------------------------- exports
    def _remember_environment(self) -> None:
        """Keep how the active environment reaches its host now, as the client just built has
        it (an export of what is sent reproduces this, whatever is active when it answers)."""
        env = self._services.active_environment()
        secrets = self._services.active_secrets()
        self._sent_from[env.name] = SentFrom(
            env.name, env.tls, secrets.key_password, secrets.p12_password
        )

    def _active_as_sent_from(self) -> SentFrom:
        env = self._services.active_environment()
        secrets = self._services.active_secrets()
        return SentFrom(env.name, env.tls, secrets.key_password, secrets.p12_password)

    def export_request(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes,
        sign: SignResult | None,
        sent_from: SentFrom | None = None,
    ) -> export.ExportRequest:
        """An export of a request, with the TLS passwords the user may choose to include;
        reaching the host as ``sent_from`` did (default: as the active environment does)."""
        from workbench.core import export

        how = sent_from if sent_from is not None else self._active_as_sent_from()
        return export.ExportRequest(
            method=method,
            url=url,
            headers=dict(headers),
            body=body,
            sign=sign,
            tls=how.tls,
            key_password=how.key_password,
            p12_password=how.p12_password,
        )

    def draft_request(self, request: SignedRequest) -> export.ExportRequest:
        """An export of the request as previewed (not sent)."""
        headers = {"Content-Type": request.content_type} if request.content_type else {}
        return self.export_request(
            request.method, request.url, headers, request.body or b"", request.sign
        )

    def remember_sent(self, record: ExchangeRecord, response: export.ExportResponse) -> None:
        """Keep the request of ``record`` (as sent) for "Export last sent", with the TLS
        settings of the environment it went to as they were at Send (not the active one's:
        the user may have switched while it was on its way)."""
        req = record.request
        if req.body is None:
            return
        env_name = record.env_name or self._services.active_environment().name
        sent_from = self._sent_from.get(env_name)
        self.last_sent = LastSent(
            self.export_request(req.method, req.url, req.headers, req.body, req.sign, sent_from),
            response,
            env_name,
        )
        self.last_sent_changed.emit()

    def sent_environment_gone(self) -> bool:
        """Whether the environment the last request went to has since been deleted or renamed."""
        last = self.last_sent
        return last is not None and self._services.environment(last.env_name) is None


__all__ = ["Composer", "ComposerServices", "LastSent", "SentFrom"]
