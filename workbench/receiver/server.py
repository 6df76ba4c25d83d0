"""The local callback listener: a threaded werkzeug server that plays the partner (PROTOCOL P7).

Every request gets an answer and an event, whatever arrives: a wrong method (405), a body over
the size limit (413, refused from its Content-Length before reading, or as soon as a chunked
body passes it), broken framing (400: bad chunking, a short body, odd Transfer-Encoding), a body
that is not JSON or not an envelope (0001), a Plain that does not decode (0103), a bad signature
(0010), an old timestamp (0012). A body the verifier cannot check at all still gets a listed event
and a 400, never a 500. The server never dies on input; stopping it frees the port at once so
that it can be started again on the same one.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from workbench.core import http_body
from workbench.core.callback import (
    DEFAULT_WINDOW_S,
    CallbackVerdict,
    verify_callback_body,
)
from workbench.core.credentials import Clock, SystemClock
from workbench.core.text import Text
from workbench.receiver.answers import MODE_SIGNED, Answer, RuleBook, build_answer

log = logging.getLogger(__name__)

DEFAULT_MAX_BODY = 1024 * 1024  # 1 MB (brief: configurable)
CONNECTION_TIMEOUT_S = 120.0  # a client that stops sending frees its thread after this long


class ReceiverError(Exception):
    """The listener could not start: ``text`` says why in both languages."""

    def __init__(self, text: Text, detail: str = "") -> None:
        super().__init__(text.en)
        self.text = text
        self.detail = detail


@dataclass
class ReceiverConfig:
    host: str = "127.0.0.1"
    port: int = 0  # 0: any free port
    path: str = "/callback"
    cert_path: str = ""  # both set: HTTPS
    key_path: str = ""
    key_password: str = ""  # memory only
    max_body: int = DEFAULT_MAX_BODY

    @property
    def https(self) -> bool:
        return bool(self.cert_path and self.key_path)

    def normalised_path(self) -> str:
        path = self.path.strip() or "/"
        return path if path.startswith("/") else "/" + path

    def __repr__(self) -> str:  # the key password never reaches a log
        return f"ReceiverConfig({self.host}:{self.port}{self.path}, https={self.https})"


@dataclass
class ReceivedCallback:
    """One request the listener got, what it made of it, and what it answered."""

    received_ms: int
    method: str
    path: str
    remote: str
    headers: list[tuple[str, str]]
    body: bytes  # at most max_body bytes; body_size says how long it really was
    body_size: int
    verdict: CallbackVerdict | None  # None when the body was never read (method, size, path)
    problem: Text | None  # why the request was refused before verification
    answer: Answer
    seq: int = 0
    notes: list[Text] = field(default_factory=list)

    @property
    def trans_name(self) -> str:
        env = self.verdict.envelope if self.verdict else None
        return env.trans_name if env else self._raw_field("transName")

    @property
    def seq_no(self) -> str:
        env = self.verdict.envelope if self.verdict else None
        return env.seq_no if env else self._raw_field("SeqNo")

    def _raw_field(self, name: str) -> str:
        """``name`` from a body that is a JSON object but no envelope (a Timestamp missing, say):
        support staff still see which interface sent the malformed callback."""
        if self.verdict is None or not self.body.lstrip().startswith(b"{"):
            return ""
        try:
            data = json.loads(self.body)
        except (ValueError, RecursionError):
            return ""
        value = data.get(name) if isinstance(data, dict) else None
        return value if isinstance(value, str) else ""

    @property
    def ok(self) -> bool:
        return self.verdict is not None and self.verdict.status == "valid"

    def body_text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _QuietHandler(WSGIRequestHandler):
    """Request lines go to our logger at debug level, not to stderr; the body framing is checked
    before the application runs (werkzeug's chunk reader trusts any chunk size)."""

    timeout = CONNECTION_TIMEOUT_S

    def setup(self) -> None:
        super().setup()
        self.rfile = http_body.PromptDrainReader(self.rfile)  # type: ignore[assignment]

    def make_environ(self) -> dict[str, Any]:
        environ = super().make_environ()
        http_body.guard_environ(environ, self.rfile, self.headers)
        return environ

    def log(self, type: str, message: str, *args: object) -> None:  # werkzeug's name
        log.debug("receiver %s: " + message, type, *args)


_METHOD_NOT_ALLOWED = Text(
    "Method {method} is not allowed: callbacks are POST.", "不允许 {method} 方法：回调只能用 POST。"
)
_WRONG_PATH = Text(
    "Path {path} is not the callback path {expected}.", "路径 {path} 不是回调路径 {expected}。"
)
_TOO_LARGE = Text(
    "The body ({size} bytes) is over the {limit} byte limit.",
    "报文（{size} 字节）超过 {limit} 字节的上限。",
)
_NOT_JSON_TYPE = Text("Content-Type {ctype} is not JSON.", "Content-Type {ctype} 不是 JSON。")
_NO_SALT = Text("No salt set: the signature was not checked.", "未设置盐值：没有校验签名。")
_NOT_CHECKED = Text(
    "The body could not be checked ({kind}): it was answered 0001.",
    "无法校验该报文（{kind}）：已应答 0001。",
)


class CallbackReceiver:
    """Start, answer, stop. ``on_event`` is called on the server's threads (keep it quick and
    thread-safe: the window re-emits it as a Qt signal)."""

    def __init__(
        self,
        config: ReceiverConfig,
        *,
        salt: str = "",
        window_s: int = DEFAULT_WINDOW_S,
        clock: Clock | None = None,
        rules: RuleBook | None = None,
        on_event: Callable[[ReceivedCallback], None] | None = None,
    ) -> None:
        self.config = config
        self.rules = rules or RuleBook()
        self.on_event = on_event
        self._clock = clock or SystemClock()
        self._lock = threading.Lock()
        self._salt = salt
        self._window_s = window_s
        self._seq = 0
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    # settings that may change while running ------------------------------------------------
    def set_salt(self, salt: str) -> None:
        with self._lock:
            self._salt = salt

    def set_window(self, window_s: int) -> None:
        with self._lock:
            self._window_s = max(0, int(window_s))

    # lifecycle --------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1]) if self._server else self.config.port

    @property
    def url(self) -> str:
        scheme = "https" if self.config.https else "http"
        host = self.config.host
        if host in ("0.0.0.0", ""):
            host = "127.0.0.1"
        elif ":" in host:
            host = f"[{host}]"
        return f"{scheme}://{host}:{self.port}{self.config.normalised_path()}"

    def start(self) -> str:
        """Bind and serve in a background thread; returns the URL. Raises ReceiverError."""
        if self._server is not None:
            return self.url
        ctx = self._ssl_context() if self.config.https else None
        sock = self._bind()
        try:
            server = make_server(
                self.config.host,
                self.port_of(sock),
                self._wsgi,
                threaded=True,
                request_handler=_QuietHandler,
                ssl_context=ctx,
                fd=sock.fileno(),
            )
        finally:
            sock.close()  # the server holds its own duplicate of the socket
        server.handle_error = self._log_handler_error  # type: ignore[method-assign]
        self._stopping.clear()
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="callback-receiver",
            daemon=True,
        )
        self._thread.start()
        return self.url

    @staticmethod
    def port_of(sock: socket.socket) -> int:
        return int(sock.getsockname()[1])

    def stop(self) -> None:
        """Stop serving and free the port (answers still waiting on a delay are cut short)."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = None
        self._thread = None

    def _bind(self) -> socket.socket:
        host, port = self.config.host, int(self.config.port)
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
            sock.listen(64)
        except OSError as exc:
            sock.close()
            raise ReceiverError(_bind_text(exc, host, port), str(exc)) from None
        except OverflowError as exc:
            sock.close()
            raise ReceiverError(
                Text(
                    f"Port {port} is not a valid port (1-65535).", f"端口 {port} 无效（1-65535）。"
                ),
                str(exc),
            ) from None
        return sock

    def _ssl_context(self) -> ssl.SSLContext:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        # ssl's FileNotFoundError carries no file name ("not found: None"): name the missing one
        for path in (self.config.cert_path, self.config.key_path):
            if path and not os.path.isfile(path):
                raise ReceiverError(
                    Text(
                        f"Certificate or key file not found: {path}",
                        f"找不到证书或私钥文件：{path}",
                    ),
                    path,
                )
        try:
            # never None: with None, OpenSSL asks for an encrypted key's pass phrase on the
            # terminal the window was started from, and the start waits there for ever
            ctx.load_cert_chain(
                self.config.cert_path, self.config.key_path, password=self.config.key_password
            )
        except FileNotFoundError as exc:
            raise ReceiverError(
                Text(
                    f"Certificate or key file not found: {exc.filename}",
                    f"找不到证书或私钥文件：{exc.filename}",
                ),
                str(exc),
            ) from None
        except (ssl.SSLError, OSError, ValueError) as exc:
            if not self.config.key_password and _encrypted_key(self.config.key_path):
                raise ReceiverError(
                    Text(
                        "The key is encrypted: enter its password.",
                        "私钥已加密：请输入其密码。",
                    ),
                    str(exc),
                ) from None
            raise ReceiverError(
                Text(
                    "The certificate and key cannot be used together (wrong files, not PEM, or the "
                    "key needs a password).",
                    "证书和私钥无法使用（文件不对、不是 PEM 格式，或私钥需要密码）。",
                ),
                str(exc),
            ) from None
        return ctx

    @staticmethod
    def _log_handler_error(request: object, client_address: object) -> None:
        log.debug("receiver: connection from %s failed", client_address, exc_info=True)

    # answering --------------------------------------------------------------------------------
    def _wsgi(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        try:
            event = self._handle(request)
        except Exception as exc:  # the listener must keep answering whatever happens
            log.exception("receiver: unexpected failure while answering")
            event = self._unchecked(request, exc)
        if event.answer.delay_ms:
            self._stopping.wait(event.answer.delay_ms / 1000)
        response = Response(
            event.answer.body, event.answer.status, content_type=event.answer.content_type
        )
        if event.answer.status == 405:
            response.headers["Allow"] = "POST"
        if self.on_event is not None:
            try:
                self.on_event(event)
            except Exception:  # a broken listener must not break the server
                log.exception("receiver: event listener failed")
        return response(environ, start_response)

    def _unchecked(
        self, request: Request, exc: BaseException, body: bytes = b"", size: int = 0
    ) -> ReceivedCallback:
        """The event for a request that could not be handled: listed, answered 400 + 0001."""
        with self._lock:
            salt = self._salt
            self._seq += 1
            seq = self._seq
        now = self._clock.now_ms()
        answer = build_answer("0001", salt=salt, trans_name="", seq_no="", now_ms=now, status=400)
        return ReceivedCallback(
            received_ms=_wall_ms(),  # shown as local time; ``now`` may be the sandbox's
            method=request.method,
            path=request.path,
            remote=request.remote_addr or "",
            headers=[(k, v) for k, v in request.headers.items()],
            body=body,
            body_size=size or len(body),
            verdict=None,
            problem=_NOT_CHECKED.format(kind=type(exc).__name__),
            answer=answer,
            seq=seq,
        )

    def _handle(self, request: Request) -> ReceivedCallback:
        now = self._clock.now_ms()
        with self._lock:
            salt, window_s = self._salt, self._window_s
            self._seq += 1
            seq = self._seq
        cfg = self.config
        headers = [(k, v) for k, v in request.headers.items()]
        base: dict[str, Any] = dict(
            received_ms=_wall_ms(),  # shown as local time; ``now`` may be the sandbox's
            method=request.method,
            path=request.path,
            remote=request.remote_addr or "",
            headers=headers,
            seq=seq,
        )

        def refuse(
            status: int, code: str, problem: Text, body: bytes = b"", size: int = 0
        ) -> ReceivedCallback:
            answer = build_answer(
                code, salt=salt, trans_name="", seq_no="", now_ms=now, status=status
            )
            return ReceivedCallback(
                body=body, body_size=size, verdict=None, problem=problem, answer=answer, **base
            )

        if request.method != "POST":
            return refuse(405, "0001", _METHOD_NOT_ALLOWED.format(method=request.method))
        if request.path != cfg.normalised_path():
            return refuse(
                404, "0001", _WRONG_PATH.format(path=request.path, expected=cfg.normalised_path())
            )
        try:
            body = http_body.read_body(request.environ, cfg.max_body)
        except http_body.BodyTooLarge as exc:
            size = exc.size if exc.size is not None else cfg.max_body + 1
            shown = str(size) if exc.size is not None else f"> {cfg.max_body}"
            return refuse(413, "0001", _TOO_LARGE.format(size=shown, limit=cfg.max_body), b"", size)
        except http_body.BodyError as exc:
            return refuse(exc.status, "0001", exc.text)
        size = len(body)
        ctype = request.mimetype or ""
        if ctype and "json" not in ctype:
            return refuse(415, "0001", _NOT_JSON_TYPE.format(ctype=ctype), body, size)
        try:
            verdict = verify_callback_body(body, salt or None, now, window_s)
        except Exception as exc:
            log.exception("receiver: the verifier failed on a body")
            return refuse(400, "0001", _NOT_CHECKED.format(kind=type(exc).__name__), body, size)
        rule = self.rules.rule_for(verdict.envelope.trans_name if verdict.envelope else "")
        code = (rule.code if rule and rule.code else "") or verdict.partner_code
        envelope = verdict.envelope
        answer = build_answer(
            code,
            salt=salt,
            trans_name=envelope.trans_name if envelope else "",
            seq_no=envelope.seq_no if envelope else "",
            now_ms=self._clock.now_ms(),
            mode=rule.mode if rule else MODE_SIGNED,
            delay_ms=rule.delay_ms if rule else 0,
        )
        notes = [] if salt else [_NO_SALT]
        return ReceivedCallback(
            body=body,
            body_size=size,
            verdict=verdict,
            problem=None,
            answer=answer,
            notes=notes,
            **base,
        )


def _bind_text(exc: OSError, host: str, port: int) -> Text:
    if exc.errno == errno.EADDRINUSE:
        return Text(
            f"Port {port} is already in use on {host}: stop the other program or "
            "choose another port.",
            f"{host} 上的端口 {port} 已被占用：请停止占用它的程序或换一个端口。",
        )
    if exc.errno == errno.EACCES:
        return Text(
            f"Port {port} needs administrator rights: choose a port above 1023.",
            f"端口 {port} 需要管理员权限：请选择 1023 以上的端口。",
        )
    if exc.errno in (errno.EADDRNOTAVAIL, socket.EAI_NONAME) or isinstance(exc, socket.gaierror):
        return Text(f"This computer has no address {host}.", f"本机没有地址 {host}。")
    return Text(
        f"Cannot listen on {host}:{port}: {exc.strerror or exc}.",
        f"无法在 {host}:{port} 上监听：{exc.strerror or exc}。",
    )


def _encrypted_key(path: str) -> bool:
    """Whether the PEM key at ``path`` is encrypted (PKCS#8 or the older OpenSSL form)."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return b"ENCRYPTED PRIVATE KEY" in head or b"Proc-Type: 4,ENCRYPTED" in head


def _wall_ms() -> int:
    """This computer's time: when a callback arrived, as the listener and History show it (the
    clock given to the receiver judges Timestamps, and is the sandbox's moved one for it)."""
    return time.time_ns() // 1_000_000
