"""The sandbox's admin interface under ``/_sandbox/`` on the API host, for loopback peers only.

It exposes the Python API of :class:`workbench.sandbox.server.Sandbox` to other processes (a
partner's own test suite, curl, the command-line sandbox):

| method and path | what |
|---|---|
| GET /_sandbox/info | the ready line's JSON (paths, app_id, secret, salt) |
| GET /_sandbox/log | ``{"entries": [...]}``, every request with its sign check |
| GET /_sandbox/clock | ``{"now_ms", "offset_ms", "transactionTime"}`` |
| POST /_sandbox/clock/advance?seconds=N | moves the sandbox clock forward |
| GET /_sandbox/faults | the faults switched on |
| POST /_sandbox/faults | JSON ``{system, service_code, delay_s, kind}``; ``"clear": true`` |
| POST /_sandbox/rotate_secret?app_id= | a new secret (token and tickets die); answers it |
| POST /_sandbox/accounts | JSON ``{"app_id", "secret", "salt"}`` adds or updates an account |
| POST /_sandbox/callback | JSON ``{"url", "trans_name", "business_json", "seq_no"?}`` sends one |
| GET /_sandbox/services | the business services |
| GET /_sandbox/report | the client kit's grading of the log (``conformance client --json``) |

Anything wrong answers HTTP 400 with ``{"error": sentence}``; non-loopback peers get 403.
"""

from __future__ import annotations

import ipaddress
import json
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request, Response

from workbench.core.credentials import format_platform_time
from workbench.sandbox.common import json_response
from workbench.sandbox.services import Fault

if TYPE_CHECKING:
    from workbench.sandbox.server import Sandbox


def is_loopback(peer: str) -> bool:
    try:
        return ipaddress.ip_address(peer.split("%")[0]).is_loopback
    except ValueError:
        return False


def _error(sentence: str, status: int = 400) -> Response:
    return json_response({"error": sentence}, status=status)


def handle_admin(sandbox: Sandbox, request: Request) -> Response:
    if not is_loopback(request.remote_addr or ""):
        return _error("the sandbox admin interface answers loopback peers only", 403)
    route = (request.method, request.path.removeprefix("/_sandbox"))
    try:
        return _route(sandbox, request, route)
    except (ValueError, KeyError, TypeError) as exc:
        return _error(f"bad request: {exc}")


def _body(request: Request) -> dict[str, Any]:
    data = json.loads(request.get_data(cache=False).decode("utf-8") or "{}")
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


def _route(sandbox: Sandbox, request: Request, route: tuple[str, str]) -> Response:
    if route == ("GET", "/info"):
        return json_response(sandbox.info().to_json_dict())
    if route == ("GET", "/log"):
        return json_response({"entries": [e.to_dict() for e in sandbox.log()]})
    if route == ("GET", "/clock"):
        now = sandbox.clock.now_ms()
        return json_response(
            {
                "now_ms": now,
                "offset_ms": sandbox.clock.offset_ms,
                "transactionTime": format_platform_time(now),
            }
        )
    if route == ("POST", "/clock/advance"):
        sandbox.advance_clock(float(request.args["seconds"]))
        return json_response(
            {"now_ms": sandbox.clock.now_ms(), "offset_ms": sandbox.clock.offset_ms}
        )
    if route == ("GET", "/faults"):
        faults = sandbox.faults().items()
        return json_response(
            {"faults": [{"system": s, "service_code": c, **f.to_dict()} for (s, c), f in faults]}
        )
    if route == ("POST", "/faults"):
        data = _body(request)
        fault = (
            None
            if data.get("clear")
            else Fault(delay_s=float(data.get("delay_s", 0)), kind=data.get("kind"))
        )
        sandbox.set_fault(str(data["system"]), str(data["service_code"]), fault)
        return json_response({"ok": True})
    if route == ("POST", "/rotate_secret"):
        app_id = request.args.get("app_id") or sandbox.app_id
        if sandbox.state.account(app_id) is None:
            return _error(f"unknown app_id {app_id}")
        return json_response({"app_id": app_id, "secret": sandbox.rotate_secret(app_id)})
    if route == ("POST", "/accounts"):
        data = _body(request)
        sandbox.add_account(str(data["app_id"]), str(data["secret"]), str(data.get("salt", "")))
        return json_response({"ok": True})
    if route == ("POST", "/callback"):
        data = _body(request)
        delivery = sandbox.send_callback(
            str(data["url"]),
            str(data["trans_name"]),
            str(data["business_json"]),
            seq_no=data.get("seq_no"),
        )
        return json_response(delivery.to_json_dict())
    if route == ("GET", "/report"):
        from workbench.conformance.client import grade_client  # the client kit, on use

        entries = [e.to_dict() for e in sandbox.log()]
        target = str(sandbox.info().to_json_dict().get("state_dir", ""))
        report = grade_client(entries, target=target, now_ms=sandbox.clock.now_ms())
        return json_response(report.to_json(request.args.get("lang", "en")))
    if route == ("GET", "/services"):
        return json_response(
            {
                "services": [
                    {"system": s, "service_code": c, "description": d}
                    for s, c, d in sandbox.services()
                ]
            }
        )
    return _error(f"no admin route {route[0]} {request.path}", 404)
