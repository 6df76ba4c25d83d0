"""The one platform client (PROTOCOL P2-P6), shared by the window, the command line and tests.

CONTRACT (implemented by the client work; the window codes against exactly these names):

    client = PlatformClient(env, secrets, clock=SystemClock(), book=CredentialBook())
    client.fetch_access_token(cancel=None) -> CredentialResult            # P2; stores it in book
    client.fetch_tickets(["sign"], user_data=None, mechant_id=None, cancel=None)
        -> CredentialResult                                                  # P3; fetches a token
                                                                             # first if none usable
    client.refresh_all(cancel=None) -> list[CredentialResult]               # token + sign ticket
    client.prepare_call(system, service_code, body_text, type=None, nonce=None) -> PreparedCall
    client.call(system, service_code, body_text, type=None, nonce=None, cancel=None) -> CallResult
        # signs the exact text it sends; on 60841017/60841018 refreshes the ticket, retries once
    client.upload(path, file_type, file_format, type_in_sign=True, progress=None, cancel=None)
        -> UploadResult                                                      # P6, streamed
    client.download(file_id, hash_value, dest_path, content_type="image/jpeg", type_in_sign=True,
                    progress=None, cancel=None) -> DownloadResult            # P6, streamed, atomic
    client.upload_json(biz_path, path, file_name=None, biz_content=None, ...) -> UploadResult
    client.upload_form(biz_path, paths, biz_content=None, ...) -> UploadResult
    client.close()

``cancel`` is a ``threading.Event``; ``progress(done_bytes, total_bytes_or_None)`` is called from
the worker thread. Every failure raises :class:`workbench.client.errors.ClientError`.

Decisions taken here:
- ``auto_fetch`` (default True): the client may fetch a token/ticket by itself (a missing ticket
  before a call, the retry on 60841017/60841018, a token refused while fetching tickets). The
  window turns it off for bank environments until the user agreed (PROTOCOL P3: fetching kicks
  out the partner's own server). Pasted credentials are never replaced behind the user's back.
- A business call with ``type="user"`` is signed with the user ticket instead of the sign ticket
  (H5 login-state sync, guide appendix 1). Any platform answer other than 60841017/60841018 means
  the platform accepted the sign, so the ticket is consumed: the book marks it used. There is no
  retry for it (a new user ticket needs the user's data).
- Records never carry the app secret: the token URL shows it masked.
- File calls fetch a sign ticket first when none is usable (``auto_fetch``), and, like ``call``,
  refresh the ticket and send once more on 60841017/60841018 (PROTOCOL P5 applies to every
  signed call): the result says ``retried`` and keeps the first attempt. An upload is then read
  and sent again from the start. A pasted ticket is never replaced. They live in
  :class:`~workbench.client.file_calls.FileCalls` (``client.files``), which this client hands
  its transport and itself as the source of sign tickets.
- Single flight (:mod:`workbench.client.flight`): one token fetch and one sign-ticket fetch at a
  time per environment (the flights live with the environment's book, which every client of
  that environment shares). Callers that need one meanwhile wait and share it; a caller whose
  call failed with 60841017/60841018 reuses a ticket fetched since its attempt instead of
  fetching again. So 100 calls on an expired ticket make one token and one ticket fetch.
- Every signed request is built by :mod:`workbench.core.request` and sent exactly as built.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from typing import Any

import requests

from workbench.client import answers
from workbench.client import errors as E
from workbench.client.book import CredentialBook
from workbench.client.errors import ClientError
from workbench.client.failures import expect_answer, platform_failure
from workbench.client.file_calls import FileCalls
from workbench.client.models import (
    PLATFORM_OK_BUSINESS,
    PLATFORM_OK_CREDENTIALS,
    TICKET_RETRY_CODES,
    CallResult,
    CredentialResult,
    ExchangeRecord,
    PlatformAnswer,
    PreparedCall,
)
from workbench.client.transport import Transport
from workbench.core.credentials import (
    KIND_ACCESS_TOKEN,
    KIND_SIGN_TICKET,
    KIND_USER_TICKET,
    Clock,
    Credential,
    SystemClock,
    mask,
)
from workbench.core.environment import EnvironmentConfig, EnvironmentSecrets
from workbench.core.request import business_request, encode_query
from workbench.core.sign import make_nonce
from workbench.core.text import Text

TOKEN_REFUSED = frozenset({"60851002", "60851004"})  # PROTOCOL P9: invalid / expired token
Fetch = Callable[[], CredentialResult]


class PlatformClient:
    """See the module docstring. Thread-safe: any number of workers may share one client."""

    def __init__(
        self,
        env: EnvironmentConfig,
        secrets: EnvironmentSecrets,
        clock: Clock | None = None,
        book: CredentialBook | None = None,
        *,
        auto_fetch: bool = True,
    ) -> None:
        self.clock = clock or SystemClock()
        self.transport = Transport(env, secrets, self.clock)
        self.book = book or CredentialBook(self.clock)
        # PROTOCOL P2: what this client fetches is made from its secret; the book's epoch when
        # that secret was given (a clear since then means the secret was replaced: drop it)
        self._epoch = self.book.epoch
        self.auto_fetch = auto_fetch
        self.files = FileCalls(self.transport, self)
        # PROTOCOL P6: the file calls, offered as the client's own (see FileCalls)
        self.upload = self.files.upload
        self.download = self.files.download
        self.upload_json = self.files.upload_json
        self.upload_form = self.files.upload_form

    # -- transport (workbench.client.transport) -----------------------------------------------
    @property
    def env(self) -> EnvironmentConfig:
        return self.transport.env

    @env.setter
    def env(self, env: EnvironmentConfig) -> None:
        self.transport.close()
        self.transport.env = env

    @property
    def secrets(self) -> EnvironmentSecrets:
        return self.transport.secrets

    @secrets.setter
    def secrets(self, secrets: EnvironmentSecrets) -> None:
        self.transport.close()
        self.transport.secrets = secrets
        self._epoch = self.book.epoch

    @property
    def timeouts(self) -> tuple[float, float]:
        return self.transport.timeouts

    def send(
        self, which: str, method: str, url: str, **kwargs: Any
    ) -> tuple[ExchangeRecord, requests.Response]:
        """Send one request (see :meth:`Transport.send`): a record, or a ClientError."""
        return self.transport.send(which, method, url, **kwargs)

    def close(self) -> None:
        self.transport.close()

    # -- single flight (workbench.client.flight) -----------------------------------------------
    def _shared(self, kind: str, fetch: Fetch, cancel: threading.Event | None) -> CredentialResult:
        """A fetch of ``kind`` that joins the one in flight, if any, and shares its result."""
        while True:
            result = self.book.flights.run(kind, fetch, cancel)
            if result is not None:  # None: we joined a flight that found nothing to fetch
                return result

    def _ensure(
        self, kind: str, needed: Callable[[], bool], fetch: Fetch, cancel: threading.Event | None
    ) -> CredentialResult | None:
        """Fetch ``kind`` if ``needed()`` still holds once no other fetch of it is running.

        ``needed`` is asked by the one caller that leads the flight, after every earlier flight
        ended: a credential fetched meanwhile by someone else is reused (result ``None``).
        """

        def lead() -> CredentialResult | None:
            return fetch() if needed() else None

        return self.book.flights.run(kind, lead, cancel)

    def _stale(self, kind: str, used: Credential | None) -> Callable[[], bool]:
        """``needed`` for :meth:`_ensure`: no usable ``kind``, or only the one that failed."""

        def needed() -> bool:
            current = self.book.usable(kind)
            return current is None or (used is not None and current.value == used.value)

        return needed

    # -- PROTOCOL P2 ---------------------------------------------------------------------------
    def fetch_access_token(self, cancel: threading.Event | None = None) -> CredentialResult:
        return self._shared(KIND_ACCESS_TOKEN, lambda: self._fetch_access_token(cancel), cancel)

    def _fetch_access_token(self, cancel: threading.Event | None) -> CredentialResult:
        if not self.env.app_id or not self.secrets.secret:
            raise ClientError(
                E.CONFIG,
                Text("Enter the app_id and the secret first.", "请先填写 app_id 和 secret。"),
            )
        epoch = self._epoch  # PROTOCOL P2: a token made from a secret since replaced is dropped
        params = [
            ("app_id", self.env.app_id),
            ("secret", self.secrets.secret),
            ("grant_type", "client_credential"),
            ("version", self.env.version),
        ]
        shown = [(k, mask(v) if k == "secret" else v) for k, v in params]
        url = f"{self.transport.base('api')}/api/oauth2/access_token"
        record, _ = self.send(
            "api",
            "GET",
            f"{url}?{encode_query(params)}",
            record_url=f"{url}?{encode_query(shown)}",
            cancel=cancel,
        )
        answer = expect_answer(record, frozenset({PLATFORM_OK_CREDENTIALS}))
        credential = answers.access_token(answer, self.clock.now_ms(), record)
        self.book.put(credential, epoch=epoch)
        return CredentialResult([credential], answer, [record])

    # -- PROTOCOL P3 ---------------------------------------------------------------------------
    def fetch_tickets(
        self,
        types: Sequence[str] = ("sign",),
        user_data: Any = None,
        mechant_id: str | None = None,
        cancel: threading.Event | None = None,
    ) -> CredentialResult:
        def fetch() -> CredentialResult:
            return self._fetch_tickets(types, user_data, mechant_id, cancel)

        if list(types) == ["sign"] and user_data is None and mechant_id is None:
            return self._shared(KIND_SIGN_TICKET, fetch, cancel)
        return fetch()  # user tickets carry the user's data: each is its own

    def _usable_token(
        self, cancel: threading.Event | None, records: list[ExchangeRecord]
    ) -> tuple[Credential, bool]:
        """A usable access token, fetched (or shared) when none is: the token and ``fresh``."""
        token = self.book.usable(KIND_ACCESS_TOKEN)
        fetched = None
        if token is None and self.auto_fetch:
            fetched = self._ensure(
                KIND_ACCESS_TOKEN,
                self._stale(KIND_ACCESS_TOKEN, None),
                lambda: self._fetch_access_token(cancel),
                cancel,
            )
            token = self.book.usable(KIND_ACCESS_TOKEN)
        if fetched is not None:
            records.extend(fetched.records)
            return fetched.credentials[0], True
        if token is None:
            raise ClientError(
                E.NO_TOKEN,
                Text(
                    "No usable access token: fetch one or paste it.",
                    "没有可用的 access token：请获取或粘贴。",
                ),
            )
        return token, False

    def _fetch_tickets(
        self,
        types: Sequence[str],
        user_data: Any,
        mechant_id: str | None,
        cancel: threading.Event | None,
    ) -> CredentialResult:
        records: list[ExchangeRecord] = []
        epoch = self._epoch  # PROTOCOL P2: tickets made from a replaced secret are dropped
        token, fresh = self._usable_token(cancel, records)
        for attempt in (1, 2):
            record = self._ticket_request(token.value, types, user_data, mechant_id, cancel)
            records.append(record)
            answer = expect_answer(record, TOKEN_REFUSED | {PLATFORM_OK_CREDENTIALS})
            if answer.code in TOKEN_REFUSED:
                if attempt == 1 and not fresh and self.auto_fetch and not token.pasted:
                    # the token was refused: one new token for every caller (single flight)
                    fetched = self._ensure(
                        KIND_ACCESS_TOKEN,
                        self._stale(KIND_ACCESS_TOKEN, token),
                        lambda: self._fetch_access_token(cancel),
                        cancel,
                    )
                    if fetched is not None:
                        records.extend(fetched.records)
                        token = fetched.credentials[0]
                    else:  # another caller's new token, fetched since ours was refused
                        token, _ = self._usable_token(cancel, records)
                    continue
                raise platform_failure(answer, record)
            break
        credentials = answers.tickets(answer, types, self.clock.now_ms(), record)
        for credential in credentials:
            if credential.kind in answers.TICKET_KINDS.values():
                self.book.put(credential, epoch=epoch)
        return CredentialResult(credentials, answer, records)

    def _ticket_request(
        self,
        token: str,
        types: Sequence[str],
        user_data: Any,
        mechant_id: str | None,
        cancel: threading.Event | None,
    ) -> ExchangeRecord:
        params = [
            ("app_id", self.env.app_id),
            ("access_token", token),
            ("type", ",".join(types)),
            ("version", self.env.version),
        ]
        if user_data is not None:
            text = (
                user_data
                if isinstance(user_data, str)
                else json.dumps(user_data, ensure_ascii=False)
            )
            params.append(("user_data", text))
        if mechant_id is not None:
            params.append(("mechant_id", mechant_id))  # PROTOCOL P3: spelled so on the wire
        url = f"{self.transport.base('api')}/api/oauth2/api_ticket?{encode_query(params)}"
        record, _ = self.send("api", "GET", url, cancel=cancel)
        return record

    def refresh_all(self, cancel: threading.Event | None = None) -> list[CredentialResult]:
        """Token and sign ticket together, as the guide advises (PROTOCOL P3)."""
        token = self.fetch_access_token(cancel)
        return [token, self.fetch_tickets(["sign"], cancel=cancel)]

    # -- sign tickets for signed calls (also workbench.client.file_calls.SignTickets) ----------
    def file_ticket(self, cancel: threading.Event | None) -> Credential:
        """A usable sign ticket; fetched (one fetch for every caller) when none is and allowed."""
        ticket = self.book.usable(KIND_SIGN_TICKET)
        if ticket is None and self.auto_fetch:
            self._ensure(
                KIND_SIGN_TICKET,
                self._stale(KIND_SIGN_TICKET, None),
                lambda: self._fetch_tickets(("sign",), None, None, cancel),
                cancel,
            )
            ticket = self.book.usable(KIND_SIGN_TICKET)
        if ticket is None:
            raise ClientError(
                E.NO_TICKET,
                Text(
                    "No usable sign ticket: fetch one or paste it.",
                    "没有可用的签名票据：请获取或粘贴。",
                ),
            )
        return ticket

    def refresh_sign_ticket(self, stale: Credential, cancel: threading.Event | None) -> bool:
        """After 60841017/60841018 signed with ``stale`` (PROTOCOL P5): a newer sign ticket in
        the book, fetched once for every caller that failed alike. False when it is not ours to
        replace (pasted, or ``auto_fetch`` off)."""
        current = self.book.snapshot().sign_ticket
        if not self.auto_fetch or stale.pasted or (current is not None and current.pasted):
            return False
        self._ensure(
            KIND_SIGN_TICKET,
            self._stale(KIND_SIGN_TICKET, stale),
            lambda: self._fetch_tickets(("sign",), None, None, cancel),
            cancel,
        )
        return True

    # -- PROTOCOL P4, P5 -----------------------------------------------------------------------
    def prepare_call(
        self,
        system: str,
        service_code: str,
        body_text: str,
        type: str | None = None,
        nonce: str | None = None,
    ) -> PreparedCall:
        kind = KIND_USER_TICKET if type == "user" else KIND_SIGN_TICKET
        return self._prepare(system, service_code, body_text, type, nonce, self.book.usable(kind))

    def _prepare(
        self,
        system: str,
        service_code: str,
        body_text: str,
        type: str | None,
        nonce: str | None,
        ticket: Credential | None,
    ) -> PreparedCall:
        request = business_request(
            base=self.transport.base("api"),
            app_id=self.env.app_id,
            version=self.env.version,
            system=system,
            service_code=service_code,
            body=body_text,
            ticket=ticket.value if ticket else None,
            nonce=nonce or make_nonce(),
            type=type,
        )
        assert request.body is not None  # a business request always has one
        return PreparedCall(
            method=request.method,
            url=request.url,
            headers={"Content-Type": request.content_type},
            body=request.body,
            sign=request.sign,
            nonce=request.nonce,
            ticket_kind=KIND_USER_TICKET if type == "user" else KIND_SIGN_TICKET,
            ticket_missing=request.ticket_missing,
            request=request,
        )

    def call(
        self,
        system: str,
        service_code: str,
        body_text: str,
        type: str | None = None,
        nonce: str | None = None,
        cancel: threading.Event | None = None,
    ) -> CallResult:
        user = type == "user"
        if user:
            ticket = self.book.usable(KIND_USER_TICKET)
        elif self.auto_fetch:
            ticket = self.file_ticket(cancel)
        else:
            ticket = self.book.usable(KIND_SIGN_TICKET)
        if ticket is None:
            raise ClientError(
                E.NO_TICKET,
                Text(
                    f"No usable {'user' if user else 'sign'} ticket: fetch one or paste it.",
                    f"没有可用的{'用户' if user else '签名'}票据：请获取或粘贴。",
                ),
            )
        prepared = self._prepare(system, service_code, body_text, type, nonce, ticket)
        record, answer = self._send_call(prepared, cancel)
        result = CallResult(record, answer)
        retry = answer is not None and answer.code in TICKET_RETRY_CODES
        if retry and not user and self.refresh_sign_ticket(ticket, cancel):
            # PROTOCOL P5: refresh (or reuse a ticket fetched since), retry once
            again = self._prepare(
                system, service_code, body_text, type, None, self.book.usable(KIND_SIGN_TICKET)
            )
            record2, answer2 = self._send_call(again, cancel)
            result = CallResult(
                record2, answer2, retried=True, first_record=record, first_answer=answer
            )
            answer = answer2
        if user and answer is not None and answer.code not in TICKET_RETRY_CODES:
            self.book.mark_user_ticket_used()
        return result

    def _send_call(
        self, prepared: PreparedCall, cancel: threading.Event | None
    ) -> tuple[ExchangeRecord, PlatformAnswer | None]:
        assert prepared.request is not None
        record, _ = self.transport.send_signed("api", prepared.request, cancel=cancel)
        assert record.response is not None
        return record, PlatformAnswer.parse(record.response.body)


__all__ = ["PlatformClient", "PLATFORM_OK_BUSINESS", "platform_failure"]
