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
  and sent again from the start. A pasted ticket is never replaced.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote, urlencode

import requests

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
from workbench.core.sign import java_utf8 as _utf8
from workbench.core.sign import make_nonce, sign_request
from workbench.core.text import Text

Progress = Callable[[int, int | None], None]
TOKEN_REFUSED = frozenset({"60851002", "60851004"})  # PROTOCOL P9: invalid / expired token
_TICKET_KINDS = {"sign": KIND_SIGN_TICKET, "user": KIND_USER_TICKET}


class PlatformClient(FileCalls):
    """See the module docstring. Thread-safe enough for one worker per environment."""

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
        self.auto_fetch = auto_fetch

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

    @property
    def timeouts(self) -> tuple[float, float]:
        return self.transport.timeouts

    def send(
        self, which: str, method: str, url: str, **kwargs: Any
    ) -> tuple[ExchangeRecord, requests.Response]:
        """Send one request (see :meth:`Transport.send`): a record, or a ClientError."""
        return self.transport.send(which, method, url, **kwargs)

    def _base(self, which: str) -> str:
        return self.transport.base(which)

    def close(self) -> None:
        self.transport.close()

    # -- PROTOCOL P2 ---------------------------------------------------------------------------
    def fetch_access_token(self, cancel: threading.Event | None = None) -> CredentialResult:
        if not self.env.app_id or not self.secrets.secret:
            raise ClientError(
                E.CONFIG,
                Text("Enter the app_id and the secret first.", "请先填写 app_id 和 secret。"),
            )
        params = [
            ("app_id", self.env.app_id),
            ("secret", self.secrets.secret),
            ("grant_type", "client_credential"),
            ("version", self.env.version),
        ]
        shown = [(k, mask(v) if k == "secret" else v) for k, v in params]
        url = f"{self._base('api')}/api/oauth2/access_token"
        record, _ = self.send(
            "api",
            "GET",
            f"{url}?{urlencode(params)}",
            record_url=f"{url}?{urlencode(shown)}",
            cancel=cancel,
        )
        answer = self._credential_answer(record)
        value = str(answer.raw.get("access_token", ""))
        credential = self._credential(KIND_ACCESS_TOKEN, answer, answer.raw, value)
        self.book.put(credential)
        return CredentialResult([credential], answer, [record])

    def _credential_answer(
        self, record: ExchangeRecord, *, allow: frozenset[str] = frozenset()
    ) -> PlatformAnswer:
        return expect_answer(record, allow | {PLATFORM_OK_CREDENTIALS})

    def _credential(
        self, kind: str, answer: PlatformAnswer, raw: dict[str, Any], value: str
    ) -> Credential:
        try:
            expire_in = int(str(raw.get("expire_in", "")))
        except ValueError:
            expire_in = 0
        return Credential(
            kind=kind,
            value=value,
            received_ms=self.clock.now_ms(),
            expire_in_s=expire_in,
            expire_time_raw=str(raw.get("expire_time", "")),
            transaction_time_raw=answer.transaction_time,
        )

    # -- PROTOCOL P3 ---------------------------------------------------------------------------
    def fetch_tickets(
        self,
        types: Sequence[str] = ("sign",),
        user_data: Any = None,
        mechant_id: str | None = None,
        cancel: threading.Event | None = None,
    ) -> CredentialResult:
        records: list[ExchangeRecord] = []
        token = self.book.usable(KIND_ACCESS_TOKEN)
        fresh = False
        if token is None:
            if not self.auto_fetch:
                raise ClientError(
                    E.NO_TOKEN,
                    Text(
                        "No usable access token: fetch one or paste it.",
                        "没有可用的 access token:请获取或粘贴。",
                    ),
                )
            fetched = self.fetch_access_token(cancel)
            token, fresh = fetched.credentials[0], True
            records.extend(fetched.records)
        for attempt in (1, 2):
            record = self._ticket_request(token.value, types, user_data, mechant_id, cancel)
            records.append(record)
            answer = self._credential_answer(record, allow=TOKEN_REFUSED)
            if answer.code in TOKEN_REFUSED:
                if attempt == 1 and not fresh and self.auto_fetch and not token.pasted:
                    fetched = self.fetch_access_token(cancel)
                    token = fetched.credentials[0]
                    records.extend(fetched.records)
                    continue
                raise platform_failure(answer, record)
            break
        raw_tickets = answer.raw.get("tickets")
        if not isinstance(raw_tickets, list) or len(raw_tickets) != len(types):
            raise ClientError(
                E.BAD_ANSWER,
                Text(
                    "The ticket answer does not hold one ticket per type asked.",
                    "票据应答中的票据数与请求的类型数不一致。",
                ),
                record=record,
                answer=answer,
            )
        credentials = []
        for t, raw in zip(types, raw_tickets, strict=True):
            raw = raw if isinstance(raw, dict) else {}
            kind = _TICKET_KINDS.get(t, t)
            credential = self._credential(kind, answer, raw, str(raw.get("value", "")))
            if kind in _TICKET_KINDS.values():
                self.book.put(credential)
            credentials.append(credential)
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
        url = f"{self._base('api')}/api/oauth2/api_ticket?{urlencode(params)}"
        record, _ = self.send("api", "GET", url, cancel=cancel)
        return record

    def refresh_all(self, cancel: threading.Event | None = None) -> list[CredentialResult]:
        """Token and sign ticket together, as the guide advises (PROTOCOL P3)."""
        token = self.fetch_access_token(cancel)
        return [token, self.fetch_tickets(["sign"], cancel=cancel)]

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
        ticket = self.book.usable(kind)
        nonce = nonce or make_nonce()
        sign = sign_request(
            app_id=self.env.app_id,
            version=self.env.version,
            nonce=nonce,
            ticket=ticket.value if ticket else "",
            body=body_text,
            type=type,
        )
        query = [
            ("app_id", self.env.app_id),
            ("nonce", nonce),
            ("version", self.env.version),
            ("sign", sign.sign),
        ]
        if type is not None:
            query.append(("type", type))
        path = f"/api/s/{quote(system, safe='')}/{quote(service_code, safe='')}"
        return PreparedCall(
            method="POST",
            url=f"{self._base('api')}{path}?{urlencode(query)}",
            headers={"Content-Type": "application/json;charset=UTF-8"},
            body=_utf8(body_text),
            sign=sign,
            nonce=nonce,
            ticket_kind=kind,
            ticket_missing=ticket is None,
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
        if not user and self.book.usable(KIND_SIGN_TICKET) is None and self.auto_fetch:
            self.fetch_tickets(["sign"], cancel=cancel)
        prepared = self.prepare_call(system, service_code, body_text, type, nonce)
        if prepared.ticket_missing:
            raise ClientError(
                E.NO_TICKET,
                Text(
                    f"No usable {'user' if user else 'sign'} ticket: fetch one or paste it.",
                    f"没有可用的{'用户' if user else '签名'}票据:请获取或粘贴。",
                ),
            )
        record, answer = self._send_call(prepared, cancel)
        result = CallResult(record, answer)
        retry = answer is not None and answer.code in TICKET_RETRY_CODES
        current = self.book.snapshot().sign_ticket
        if retry and not user and self.auto_fetch and not (current and current.pasted):
            self.fetch_tickets(["sign"], cancel=cancel)  # PROTOCOL P5: refresh, retry once
            again = self.prepare_call(system, service_code, body_text, type)
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
        record, _ = self.send(
            "api",
            prepared.method,
            prepared.url,
            body=prepared.body,
            headers=prepared.headers,
            sign=prepared.sign,
            nonce=prepared.nonce,
            cancel=cancel,
        )
        assert record.response is not None
        return record, PlatformAnswer.parse(record.response.body)


__all__ = ["PlatformClient", "PLATFORM_OK_BUSINESS", "platform_failure"]
