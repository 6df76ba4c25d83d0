"""The sandbox's admin interface under ``/_sandbox/`` on the API host, for loopback peers only.

It exposes the Python API of the sandbox to other processes (a partner's own test suite, curl,
the command-line sandbox). Bodies are JSON objects of at most 1 MB.

| method and path | body | answer |
|---|---|---|
| GET /_sandbox/info | | the ready line's JSON (paths, app_id, secret, salt) |
| GET /_sandbox/log | | ``{"entries": [...]}``, every request with its sign check |
| GET /_sandbox/clock | | ``{"now_ms", "offset_ms", "transactionTime"}`` |
| POST /_sandbox/clock/advance?seconds=N | | moves the clock on (0 ≤ N, up to 10 years ahead) |
| GET /_sandbox/faults | | ``{"faults": [{system, service_code, delay_s, kind}]}`` |
| POST /_sandbox/faults | ``{system, service_code, delay_s?, kind?}`` | switches a fault on |
| POST /_sandbox/faults | ``{system, service_code, "clear": true}`` | switches that fault off |
| POST /_sandbox/faults | ``{"clear": true}`` | switches every fault off |
| POST /_sandbox/rotate_secret?app_id= | | a new secret (token and tickets die) |
| POST /_sandbox/accounts | ``{"app_id", "secret", "salt"?}`` | adds or updates an account |
| POST /_sandbox/callback | ``{"url", "trans_name", "business_json", "seq_no"?}`` | sends one |
| GET /_sandbox/services | | the business services |
| GET /_sandbox/report | | the client kit's grading of the log (``conformance client --json``) |

Anything wrong answers HTTP 400 with ``{"error": English, "error_zh": Chinese}``; an unknown
route 404, a body over 1 MB 413, non-loopback peers 403.

The sandbox reaches this module through :class:`AdminTarget` (what the routes need, nothing
more), so this module does not import the server and the server imports it one way.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable
from typing import Any, Protocol

from werkzeug.wrappers import Request, Response

from workbench.core import http_body
from workbench.core.credentials import format_platform_time
from workbench.core.text import Text
from workbench.sandbox.common import ADMIN_BODY_LIMIT, json_response, parse_body_json, refusal
from workbench.sandbox.services import Fault, FaultError
from workbench.sandbox.state import ClockError, LogEntry, SandboxClock, parse_advance


class Delivery(Protocol):
    def to_json_dict(self) -> dict[str, Any]: ...


class Info(Protocol):
    def to_json_dict(self) -> dict[str, str]: ...


class AdminTarget(Protocol):
    """What the admin routes may do to a sandbox."""

    app_id: str

    @property
    def clock(self) -> SandboxClock: ...

    def info(self) -> Info: ...
    def log(self) -> list[LogEntry]: ...
    def advance_clock(self, seconds: float) -> None: ...
    def faults(self) -> dict[tuple[str, str], Fault]: ...
    def set_fault(self, system: str, service_code: str, fault: Fault | None) -> None: ...
    def clear_faults(self) -> None: ...
    def has_account(self, app_id: str) -> bool: ...
    def rotate_secret(self, app_id: str) -> str: ...
    def add_account(self, app_id: str, secret: str, salt: str) -> None: ...
    def send_callback(
        self, url: str, trans_name: str, business_json: str, seq_no: str | None = None
    ) -> Delivery: ...
    def services(self) -> list[tuple[str, str, str]]: ...


class AdminError(Exception):
    def __init__(self, text: Text, status: int = 400) -> None:
        super().__init__(text.en)
        self.text = text
        self.status = status


def is_loopback(peer: str) -> bool:
    try:
        return ipaddress.ip_address(peer.split("%")[0]).is_loopback
    except ValueError:
        return False


def handle_admin(sandbox: AdminTarget, request: Request) -> Response:
    if not is_loopback(request.remote_addr or ""):
        return refusal(
            Text(
                "The sandbox admin interface answers loopback peers only.",
                "沙箱管理接口只应答本机回环地址。",
            ),
            403,
        )
    path = request.path.removeprefix("/_sandbox")
    route = ROUTES.get((request.method, path))
    if route is None:
        return refusal(
            Text(
                f"No admin route {request.method} {request.path}.",
                f"没有管理路径 {request.method} {request.path}。",
            ),
            404,
        )
    try:
        return route(sandbox, request)
    except AdminError as exc:
        return refusal(exc.text, exc.status)
    except FaultError as exc:
        return refusal(Text(f"Bad request: {exc.text.en}.", f"请求有误：{exc.text.zh}。"), 400)
    except KeyError as exc:
        return refusal(
            Text(f"Bad request: missing field {exc}.", f"请求有误：缺少字段 {exc}。"), 400
        )
    except (ValueError, TypeError, RecursionError) as exc:  # Python's words are English only
        return refusal(
            Text(f"Bad request: {exc}.", "请求有误：某个字段的类型或取值不被接受。"), 400
        )


def _body(request: Request) -> dict[str, Any]:
    raw = http_body.read_body(request.environ, ADMIN_BODY_LIMIT)
    try:
        # a lone surrogate (\ud800) is refused too: it would break every later UTF-8 write
        # of the request log, and with it GET /_sandbox/log
        data, why = parse_body_json(raw.decode("utf-8") or "{}")
    except UnicodeDecodeError:
        why = "not UTF-8"
    if why:
        raise AdminError(Text("The body is not UTF-8 JSON.", "请求体不是 UTF-8 编码的 JSON。"))
    if not isinstance(data, dict):
        raise AdminError(Text("The body must be a JSON object.", "请求体必须是 JSON 对象。"))
    return data


def _text_field(data: dict[str, Any], name: str, default: str | None = None) -> str:
    value = data.get(name, default)
    if not isinstance(value, str) or (default is None and not value):
        raise AdminError(
            Text(
                f"The field '{name}' must be a non-empty string.", f"字段 {name} 必须是非空字符串。"
            )
        )
    return value


Route = Callable[[AdminTarget, Request], Response]


def _info(sandbox: AdminTarget, request: Request) -> Response:
    return json_response(sandbox.info().to_json_dict())


def _log(sandbox: AdminTarget, request: Request) -> Response:
    return json_response({"entries": [e.to_dict() for e in sandbox.log()]})


def _clock(sandbox: AdminTarget, request: Request) -> Response:
    now = sandbox.clock.now_ms()
    return json_response(
        {
            "now_ms": now,
            "offset_ms": sandbox.clock.offset_ms,
            "transactionTime": format_platform_time(now),
        }
    )


def _advance(sandbox: AdminTarget, request: Request) -> Response:
    try:
        seconds = parse_advance(request.args.get("seconds", ""), sandbox.clock.offset_ms)
    except ClockError as exc:
        raise AdminError(exc.text) from None
    sandbox.advance_clock(seconds)
    return json_response({"now_ms": sandbox.clock.now_ms(), "offset_ms": sandbox.clock.offset_ms})


def _get_faults(sandbox: AdminTarget, request: Request) -> Response:
    faults = sandbox.faults().items()
    return json_response(
        {"faults": [{"system": s, "service_code": c, **f.to_dict()} for (s, c), f in faults]}
    )


def _set_fault(sandbox: AdminTarget, request: Request) -> Response:
    data = _body(request)
    clear = data.get("clear") is True
    if clear and "system" not in data and "service_code" not in data:
        sandbox.clear_faults()
        return json_response({"ok": True})
    system, code = _text_field(data, "system"), _text_field(data, "service_code")
    if clear:
        sandbox.set_fault(system, code, None)
        return json_response({"ok": True})
    delay = data.get("delay_s", 0)
    kind = data.get("kind")
    if isinstance(delay, bool) or not isinstance(delay, int | float):
        raise AdminError(Text("delay_s must be a number.", "delay_s 必须是数字。"))
    if kind is not None and not isinstance(kind, str):
        raise AdminError(Text("kind must be a string.", "kind 必须是字符串。"))
    try:
        delay_s = float(delay)
    except OverflowError:  # an integer past any float: out of range, said by Fault below
        delay_s = math.inf
    sandbox.set_fault(system, code, Fault(delay_s=delay_s, kind=kind))
    return json_response({"ok": True})


def _rotate(sandbox: AdminTarget, request: Request) -> Response:
    app_id = request.args.get("app_id") or sandbox.app_id
    if not sandbox.has_account(app_id):
        raise AdminError(Text(f"Unknown app_id {app_id}.", f"未知的 app_id {app_id}。"))
    return json_response({"app_id": app_id, "secret": sandbox.rotate_secret(app_id)})


def _accounts(sandbox: AdminTarget, request: Request) -> Response:
    data = _body(request)
    sandbox.add_account(
        _text_field(data, "app_id"), _text_field(data, "secret"), _text_field(data, "salt", "")
    )
    return json_response({"ok": True})


def _callback(sandbox: AdminTarget, request: Request) -> Response:
    data = _body(request)
    seq_no = data.get("seq_no")
    delivery = sandbox.send_callback(
        _text_field(data, "url"),
        _text_field(data, "trans_name"),
        _text_field(data, "business_json"),
        seq_no=None if seq_no is None else str(seq_no),
    )
    return json_response(delivery.to_json_dict())


def _services(sandbox: AdminTarget, request: Request) -> Response:
    return json_response(
        {
            "services": [
                {"system": s, "service_code": c, "description": d} for s, c, d in sandbox.services()
            ]
        }
    )


def _report(sandbox: AdminTarget, request: Request) -> Response:
    from workbench.conformance.client import grade_client  # the client kit, on use

    entries = [e.to_dict() for e in sandbox.log()]
    target = str(sandbox.info().to_json_dict().get("state_dir", ""))
    report = grade_client(entries, target=target, now_ms=sandbox.clock.now_ms())
    return json_response(report.to_json(request.args.get("lang", "en")))


ROUTES: dict[tuple[str, str], Route] = {
    ("GET", "/info"): _info,
    ("GET", "/log"): _log,
    ("GET", "/clock"): _clock,
    ("POST", "/clock/advance"): _advance,
    ("GET", "/faults"): _get_faults,
    ("POST", "/faults"): _set_fault,
    ("POST", "/rotate_secret"): _rotate,
    ("POST", "/accounts"): _accounts,
    ("POST", "/callback"): _callback,
    ("GET", "/services"): _services,
    ("GET", "/report"): _report,
}
