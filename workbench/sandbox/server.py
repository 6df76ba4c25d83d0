"""The sandbox: two threaded loopback servers playing the platform (PROTOCOL P10).

The API host speaks mutual TLS (the client certificate must chain to the sandbox CA); the file
host speaks one-way TLS with the same CA (:mod:`workbench.sandbox.tls_server`). A refused
handshake (no client certificate, a foreign CA) is written to the request log and, rate-limited,
to stderr. Every body is read with a limit per route (``common.body_limit``): over it, HTTP 413;
broken framing (bad chunking, a short body, odd Transfer-Encoding), HTTP 400; both with a
sentence in English and Chinese, and a request-log entry.

Usage::

    sb = Sandbox(state_dir)
    info = sb.start()            # SandboxInfo: URLs, account, certificate paths
    client = PlatformClient(sb.environment(), sb.secrets())
    ...
    sb.stop()
"""

from __future__ import annotations

import secrets
import socket
import threading
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request, Response

import workbench.sandbox.common as common
from workbench.core import http_body
from workbench.core.environment import (
    CA_BUNDLE,
    CERT_NONE,
    CERT_PEM,
    GUIDE_TEST_APP_ID,
    GUIDE_TEST_SECRET,
    KIND_SANDBOX,
    EnvironmentConfig,
    EnvironmentSecrets,
    TlsConfig,
)
from workbench.core.text import Text
from workbench.sandbox.admin import handle_admin
from workbench.sandbox.api import ApiHost
from workbench.sandbox.callbacks import CallbackDelivery, send_callback
from workbench.sandbox.certs import ensure_certificates
from workbench.sandbox.files import FileHost, FileStore, SpoolingRequest
from workbench.sandbox.services import SERVICES, Fault
from workbench.sandbox.state import (
    DEFAULT_BIZ_PATH,
    LogEntry,
    SandboxClock,
    SandboxState,
    UnmovedClock,
    masked_query,
    raw_target,
)
from workbench.sandbox.tls_server import RateLimitedLines, TlsPerThreadServer, server_context

ENVIRONMENT_NAME = "Local sandbox"


@dataclass(frozen=True)
class SandboxInfo:
    """Where the running sandbox is and what to present to it (paths are absolute)."""

    api_base: str
    file_base: str
    app_id: str
    secret: str
    salt: str
    ca_cert: str
    client_cert: str
    client_key: str
    client_p12: str
    client_p12_password: str
    state_dir: str
    biz_path: str = DEFAULT_BIZ_PATH

    def to_json_dict(self) -> dict[str, str]:
        return asdict(self)


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


class Sandbox:
    """The local stand-in for the platform. See the module docstring; thread-safe."""

    def __init__(
        self,
        state_dir: Path,
        host: str = "127.0.0.1",
        api_port: int = 0,
        file_port: int = 0,
        stderr: IO[str] | None = None,
    ) -> None:
        self.state_dir = Path(state_dir).resolve()
        self.host = host
        self._ports = (api_port, file_port)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.state = SandboxState(self.state_dir / "state.json")
        self._faults: dict[tuple[str, str], Fault] = {}
        self._lock = threading.Lock()
        self._servers: list[TlsPerThreadServer] = []
        self._stderr = RateLimitedLines(stderr)  # None (the window, tests): the log only
        self._threads: list[threading.Thread] = []
        self._info: SandboxInfo | None = None
        self.app_id = GUIDE_TEST_APP_ID
        if self.state.account(self.app_id) is None:  # the guide's appendix-8 account, P1
            self.state.add_account(self.app_id, GUIDE_TEST_SECRET, secrets.token_hex(16))
        self._api = ApiHost(self.state, self._faults)
        self._files = FileHost(self.state, FileStore(self.state_dir / "files"))

    @property
    def clock(self) -> SandboxClock:
        return self.state.clock

    # -- life ----------------------------------------------------------------------------------
    def start(self) -> SandboxInfo:
        """Generate or reuse the certificates and start both hosts; returns when both accept."""
        with self._lock:
            if self._info is not None:
                return self._info
            certs = ensure_certificates(self.state_dir / "certs", self.host, self.app_id)
            self._certs = certs
            api = TlsPerThreadServer(
                self.host,
                self._ports[0],
                self._wsgi("api"),
                server_context(certs, True),
                self._refused("api"),
                self._stderr,
            )
            try:
                files = TlsPerThreadServer(
                    self.host,
                    self._ports[1],
                    self._wsgi("file"),
                    server_context(certs, False),
                    self._refused("file"),
                    self._stderr,
                )
            except OSError:
                api.server_close()
                raise
            self._servers = [api, files]
            for server in self._servers:
                thread = threading.Thread(
                    target=server.serve_forever,
                    kwargs={"poll_interval": 0.1},
                    name=f"sandbox-{server.port}",
                    daemon=True,
                )
                thread.start()
                self._threads.append(thread)
            host = _url_host(self.host)
            self._info = self._make_info(
                f"https://{host}:{api.port}", f"https://{host}:{files.port}"
            )
            return self._info

    def _make_info(self, api_base: str, file_base: str) -> SandboxInfo:
        acc = self.state.account(self.app_id)
        assert acc is not None
        c = self._certs
        return SandboxInfo(
            api_base=api_base,
            file_base=file_base,
            app_id=acc.app_id,
            secret=acc.secret,
            salt=acc.salt,
            ca_cert=str(c.ca_cert),
            client_cert=str(c.client_cert),
            client_key=str(c.client_key),
            client_p12=str(c.client_p12),
            client_p12_password=c.client_p12_password,
            state_dir=str(self.state_dir),
        )

    def info(self) -> SandboxInfo:
        """The current info (the secret may have been rotated since ``start``)."""
        if self._info is None:
            raise RuntimeError("the sandbox is not running")
        self._info = self._make_info(self._info.api_base, self._info.file_base)
        return self._info

    def stop(self) -> None:
        """Stop both hosts and free their ports. Idempotent."""
        with self._lock:
            for server in self._servers:
                server.shutdown()
            for thread in self._threads:
                thread.join(timeout=5)
            for server in self._servers:
                server.server_close()
            self._servers, self._threads, self._info = [], [], None

    @property
    def running(self) -> bool:
        return self._info is not None

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the Python API the window uses --------------------------------------------------------
    def log(self) -> list[LogEntry]:
        return self.state.log()

    def advance_clock(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.state.save()

    def set_fault(self, system: str, service_code: str, fault: Fault | None) -> None:
        with self._lock:
            if fault is None:
                self._faults.pop((system, service_code), None)
            else:
                self._faults[(system, service_code)] = fault

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def faults(self) -> dict[tuple[str, str], Fault]:
        with self._lock:
            return dict(self._faults)

    def has_account(self, app_id: str) -> bool:
        return self.state.account(app_id) is not None

    def rotate_secret(self, app_id: str) -> str:
        return self.state.rotate_secret(app_id)

    def add_account(self, app_id: str, secret: str, salt: str) -> None:
        self.state.add_account(app_id, secret, salt)

    def services(self) -> list[tuple[str, str, str]]:
        return [(s.system, s.service_code, s.description) for s in SERVICES]

    def service_sample(self, system: str, service_code: str) -> str | None:
        """A request body to start from, for the composer's template picker."""
        for s in SERVICES:
            if (s.system, s.service_code) == (system, service_code):
                return s.sample_body
        return None

    def send_callback(
        self,
        url: str,
        trans_name: str,
        business_json: str,
        seq_no: str | None = None,
        verify_tls: bool | str = True,
        app_id: str | None = None,
    ) -> CallbackDelivery:
        acc = self.state.account(app_id or self.app_id)
        if acc is None:
            raise KeyError(app_id)
        delivery = send_callback(
            url,
            trans_name,
            business_json,
            salt=acc.salt,
            clock=UnmovedClock(self.clock),  # the bank's time: the partner's clock is not moved
            seq_no=seq_no,
            verify_tls=verify_tls,
        )
        # The request log says what the bank would have thought of the partner's answer.
        self.state.add_log(
            LogEntry(
                time_ms=self.clock.now_ms(),
                host="callback",
                method="POST",
                path=url,
                query={},
                peer="",
                status=delivery.status or 0,
                code=delivery.answer_code,
                note=delivery.error.en if delivery.error else "answer signature ok",
            )
        )
        return delivery

    def environment(self) -> EnvironmentConfig:
        info = self.info()
        return EnvironmentConfig(
            name=ENVIRONMENT_NAME,
            kind=KIND_SANDBOX,
            api_base=info.api_base,
            file_base=info.file_base,
            app_id=info.app_id,
            biz_path=info.biz_path,
            tls=TlsConfig(
                cert_mode=CERT_PEM,
                cert_path=info.client_cert,
                key_path=info.client_key,
                p12_path=info.client_p12,
                ca_mode=CA_BUNDLE,
                ca_path=info.ca_cert,
            ),
            file_tls=TlsConfig(cert_mode=CERT_NONE, ca_mode=CA_BUNDLE, ca_path=info.ca_cert),
            auto_refresh=True,
        )

    def secrets(self) -> EnvironmentSecrets:
        info = self.info()
        return EnvironmentSecrets(
            secret=info.secret, salt=info.salt, p12_password=info.client_p12_password
        )

    # -- WSGI ----------------------------------------------------------------------------------
    def _refused(self, host: str) -> Any:
        def note(peer: Any, exc: BaseException) -> None:
            peer_text = str(peer[0]) if isinstance(peer, tuple) else str(peer)
            reason = getattr(exc, "reason", None) or exc
            self.state.add_log(
                LogEntry(
                    time_ms=self.clock.now_ms(),
                    host=host,
                    method="",
                    path="(TLS handshake)",
                    query={},
                    peer=peer_text,
                    note=f"handshake refused: {reason}",
                )
            )
            self._stderr.write(
                f"sandbox {host} host: TLS handshake from {peer_text} refused: {reason}"
            )

        return note

    def _wsgi(self, host: str) -> Any:
        def app(environ: dict[str, Any], start_response: Any) -> Any:
            request: Request = SpoolingRequest(environ) if host == "file" else Request(environ)
            admin = host == "api" and request.path.startswith("/_sandbox/")
            entry = LogEntry(
                time_ms=self.clock.now_ms(),
                host="admin" if admin else host,
                method=request.method,
                path=request.path,
                query=masked_query(request.args.to_dict()),
                peer=request.remote_addr or "",
                target=raw_target(environ, request.args),
            )
            limit = common.body_limit(entry.host, request.method, request.path)
            try:
                http_body.prepare(environ, limit)  # framing and a declared length, unread
                if admin:
                    response = handle_admin(self, request)
                elif host == "api":
                    response = self._api.handle(request, entry)
                else:
                    response = self._files.handle(request, entry)  # type: ignore[arg-type]
            except http_body.BodyError as exc:
                entry.note = f"refused body: {exc.text.en}"
                response = common.refusal(exc.text, exc.status)
            except HTTPException as exc:  # werkzeug's parsers: a short body, a form too large
                status = exc.code or 400
                text = _HTTP_REFUSALS.get(status, _HTTP_REFUSALS[400])
                entry.note = f"refused body: {exc.description or exc}"
                response = common.refusal(text, status)
            except Exception:  # the sandbox answers like the platform would
                entry.note = traceback.format_exc(limit=3)
                response = common.platform_answer(
                    entry, self.clock.now_ms(), "60846999", "sandbox internal error", business=True
                )
            entry.status = response.status_code
            self.state.add_log(entry)
            return response(environ, start_response)

        return app


_HTTP_REFUSALS = {
    400: Text("The request body is malformed or incomplete.", "请求报文格式错误或不完整。"),
    413: Text("The request body is too large for this route.", "请求报文超过此路径的上限。"),
}


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on right now (tests use it for 'connection refused')."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


__all__ = ["Sandbox", "SandboxInfo", "Fault", "CallbackDelivery", "free_port", "Response"]
