"""Sending one request to the API or file host and recording exactly what went and came.

One :class:`Transport` per environment holds the two sessions (mutual TLS to the API host,
one-way TLS to the file host, built lazily by :mod:`workbench.client.tls`), the timeouts, and
turns every failure into a :class:`ClientError` that carries the record of what was sent.
"""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit

import requests

from workbench.client import errors as E
from workbench.client import tls as tlsmod
from workbench.client.errors import CancelledByUser, ClientError
from workbench.client.failures import translate
from workbench.client.models import ExchangeRecord, ReceivedResponse, SentRequest
from workbench.core.credentials import Clock, mask
from workbench.core.environment import CERT_NONE, EnvironmentConfig, EnvironmentSecrets
from workbench.core.request import SignedRequest
from workbench.core.sign import SignResult, java_utf8
from workbench.core.text import Text


class Cancelled(Exception):
    """Raised inside a streamed body read when the user cancels; becomes CancelledByUser."""


class Transport:
    def __init__(self, env: EnvironmentConfig, secrets: EnvironmentSecrets, clock: Clock) -> None:
        self.env = env
        self.secrets = secrets
        self.clock = clock
        self._lock = threading.Lock()
        self._sessions: dict[str, requests.Session] = {}
        # hosts ("api", "file") that answered since their session was made: their TLS
        # handshake, client certificate included, has been accepted (see failures.translate)
        self._answered: set[str] = set()

    def _session(self, which: str) -> requests.Session:
        with self._lock:
            if which not in self._sessions:
                if which == "api":
                    tls = self.env.tls
                    session = tlsmod.build_session(
                        tls,
                        self.env.proxy,
                        key_password=self.secrets.key_password,
                        p12_password=self.secrets.p12_password,
                    )
                else:
                    tls = tlsmod.file_tls(self.env.tls, self.env.file_tls)
                    session = tlsmod.build_session(tls, self.env.proxy, with_client_cert=False)
                self._sessions[which] = session
            return self._sessions[which]

    def close(self) -> None:
        with self._lock:
            for session in self._sessions.values():
                session.close()
            self._sessions.clear()
            self._answered.clear()

    @property
    def timeouts(self) -> tuple[float, float]:
        return (self.env.connect_timeout_s, self.env.read_timeout_s)

    def base(self, which: str) -> str:
        base = (self.env.api_base if which == "api" else self.env.file_base).rstrip("/")
        if not base:
            raise ClientError(
                E.CONFIG,
                Text(
                    f"The environment has no {'API' if which == 'api' else 'file'} host.",
                    f"该环境未配置{'API' if which == 'api' else '文件'}主机。",
                ),
            )
        if "://" not in base:  # "host:port" alone: requests would report it as "?:80"
            raise ClientError(
                E.CONFIG,
                Text(
                    f"The {'API' if which == 'api' else 'file'} host address {base} must start "
                    "with https://.",
                    f"{'API' if which == 'api' else '文件'}主机地址 {base} 必须以 https:// 开头。",
                ),
            )
        return base

    def send_signed(
        self,
        which: str,
        request: SignedRequest,
        *,
        body: Any = None,
        headers: dict[str, str] | None = None,
        body_summary: str = "",
        stream: bool = False,
        cancel: threading.Event | None = None,
    ) -> tuple[ExchangeRecord, requests.Response]:
        """Send what :mod:`workbench.core.request` built: its target, and its body unless a
        streamed one (a file call's) is given."""
        if headers is None and request.content_type:
            headers = {"Content-Type": request.content_type}
        return self.send(
            which,
            request.method,
            request.url,
            body=request.body if body is None else body,
            headers=headers,
            sign=request.sign,
            nonce=request.nonce,
            body_summary=body_summary,
            stream=stream,
            cancel=cancel,
            target=request.target,
        )

    def send(
        self,
        which: str,
        method: str,
        url: str,
        *,
        body: Any = None,
        headers: dict[str, str] | None = None,
        record_url: str | None = None,
        sign: SignResult | None = None,
        nonce: str = "",
        body_summary: str = "",
        stream: bool = False,
        cancel: threading.Event | None = None,
        target: str | None = None,
    ) -> tuple[ExchangeRecord, requests.Response]:
        """Send one request; every failure becomes a :class:`ClientError` carrying the record.

        ``target`` (path and query, already encoded) is sent as it is: requests would
        otherwise re-quote it (``%2E`` becomes ``.``), and the request that is shown and
        signed must be the one that goes (:mod:`workbench.core.request`).
        """
        if cancel is not None and cancel.is_set():
            raise CancelledByUser()
        session = self._session(which)
        try:
            prepared = session.prepare_request(
                requests.Request(method, url, data=body, headers=headers or {})
            )
        except (requests.exceptions.RequestException, ValueError) as exc:
            shown = record_url or url
            raise ClientError(
                E.CONFIG,
                Text(
                    f"The request cannot be built for {shown}: check the host address.",
                    f"无法为 {shown} 构建请求：请检查主机地址。",
                ),
                detail=self.scrub(str(exc)),
            ) from None
        if target is not None:
            parts = urlsplit(prepared.url or url)
            prepared.url = f"{parts.scheme}://{parts.netloc}{target}"
        sent_body = prepared.body if isinstance(prepared.body, bytes) else None
        # a streamed body (a file's) has no bytes here: its length is in the header
        length = str(prepared.headers.get("Content-Length") or "")
        body_size = len(sent_body) if sent_body is not None else 0
        if sent_body is None and length.isascii() and length.isdigit():
            body_size = int(length)
        sent_headers = {k: str(v) for k, v in prepared.headers.items()}
        record = ExchangeRecord(
            request=SentRequest(
                method, record_url or url, sent_headers, sent_body, body_summary, sign, nonce
            ),
            started_ms=self.clock.now_ms(),
            env_name=self.env.name,
        )
        started = time.perf_counter()
        try:
            response = session.send(
                prepared, timeout=self.timeouts, stream=stream, allow_redirects=False
            )
        except Cancelled:
            raise CancelledByUser(record) from None
        except (requests.exceptions.RequestException, OSError, ValueError) as exc:
            has_cert = which == "api" and self.env.tls.cert_mode != CERT_NONE
            error = translate(
                exc,
                url,
                has_client_cert=has_cert,
                connect_s=self.timeouts[0],
                read_s=self.timeouts[1],
                cert_accepted=which in self._answered,
                body_size=body_size,
                one_way=which == "file",  # PROTOCOL P8
                proxy=self.env.proxy,
            )
            error.record = record
            error.detail = self.scrub(error.detail)  # urllib3 quotes the URL, query and all
            error.text = Text(self.scrub(error.text.en), self.scrub(error.text.zh))
            record.error = error.text.en
            raise error from None
        self._answered.add(which)
        body_bytes = b""
        if not stream:
            body_bytes = self.read_body(response, url, record, one_way=which == "file")
        record.response = ReceivedResponse(
            response.status_code,
            response.reason or "",
            dict(response.headers),
            body_bytes,
            (time.perf_counter() - started) * 1000,
        )
        return record, response

    def scrub(self, text: str) -> str:
        """``text`` with every secret of the environment masked, raw or URL-encoded.

        Why: library messages quote the request URL, and the token URL carries the app secret
        (PROTOCOL P2); such a message must not reach a details fold, a log or the history.
        """
        for value in (
            self.secrets.secret,
            self.secrets.salt,
            self.secrets.key_password,
            self.secrets.p12_password,
        ):
            if len(value) >= 4:  # shorter would blot out ordinary words; no URL carries those
                raw = java_utf8(value)  # a lone surrogate (a CLI argument) must not raise here
                for form in {value, quote_plus(raw), quote(raw, safe="")}:
                    text = text.replace(form, mask(value))
        return text

    def read_body(
        self, response: requests.Response, url: str, record: ExchangeRecord, *, one_way: bool
    ) -> bytes:
        try:
            return response.content
        except (requests.exceptions.RequestException, OSError) as exc:
            error = translate(  # the answer had begun: the handshake was accepted
                exc,
                url,
                has_client_cert=not one_way,
                connect_s=self.timeouts[0],
                read_s=self.timeouts[1],
                cert_accepted=True,
                one_way=one_way,
                proxy=self.env.proxy,
            )
            error.record = record
            error.detail = self.scrub(error.detail)
            raise error from None
