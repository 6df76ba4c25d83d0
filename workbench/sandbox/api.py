"""The API host of the sandbox: access token, tickets and business calls (PROTOCOL P2-P5, P9).

Every answer is HTTP 200 with the platform's JSON (``code``, ``msg``, ``transactionTime``, ...),
as the real platform answers, except the faults switched on on purpose (HTTP 500, truncated body).
Checks run in the order of the table; the first that fails answers.

Decisions (where the guide gives no code, the sandbox picks the nearest one and says why in
``msg`` after a colon, in Chinese then English):

| call | situation | code |
|---|---|---|
| access_token | not GET | 60851007 |
| access_token | app_id, secret, grant_type or version missing/empty | 60851007 |
| access_token | grant_type is not ``client_credential``; version is not 2.0.0 | 60851007 |
| access_token | unknown app_id | 60851009 |
| access_token | wrong secret (app_id known) | 60851009 (the pair is not valid) |
| access_token | fine: new token, previous token dies at once (kick-out) | 60850000 |
| api_ticket | not GET; app_id, access_token, type or version missing; bad version | 60851007 |
| api_ticket | unknown app_id | 60851009 |
| api_ticket | token not the app's current one (kicked out, rotated, made up) | 60851002 |
| api_ticket | current token past its 3600 s | 60851004 |
| api_ticket | a type other than ``sign``/``user`` (comma list, any empty item) | 60851001 |
| api_ticket | ``user`` without user_data or mechant_id | 60851007 |
| api_ticket | user_data not a JSON object with a string USER_ID | 60851010 |
| api_ticket | EXTEND_INFO present but not a JSON string | 60851010 |
| api_ticket | fine: tickets in the order asked (kick-out: see below) | 60850000 |
| /api/s/{system}/{code} | path unknown (or any other path) | 60840110 |
| business | not POST | 60840002 |
| business | app_id, nonce, sign or version missing; version not 2.0.0 | 60840002 |
| business | nonce not 32 ``[A-Za-z0-9]`` | 60840002 |
| business | unknown app_id | 60840002 (msg: 无效的appid) |
| business | nonce already used by this app (replay) | 60840002 (msg says replay) |
| business | body not UTF-8 | 60840002 |
| business | the app holds no live ticket at all (see below) | 60841017 |
| business | live tickets exist but the sign matches none | 60841018 |
| business | body not JSON, over 100 levels deep, a lone ``\\ud800`` | 60840002 (after the sign) |
| business | Content-Type not application/json (form, text, none) | 60840002 (after the sign) |
| any | body over its limit (16 MB business, 64 KB elsewhere) | HTTP 413 + sentence |
| any | broken framing: bad chunking, short body, odd Transfer-Encoding | HTTP 400 + sentence |
| business | fault ``timeout`` / ``unknown`` switched on | 60840003 / 60846999 |
| business | fine | 60840000 + jsonData |

Kick-out: a new token kills the previous token at once; a new sign ticket supersedes the
previous one, which lives 5 more minutes; a new user ticket replaces the previous at once.
"No live ticket" means none fetched, all expired, the user ticket used, or the secret rotated;
a sign that matches none of the live tickets (an old ticket past its overlap, a body changed
after signing) is 60841018.

The nonce is remembered only once the sign passed (an unsigned request cannot burn a nonce).
The sign is tried against every live sign ticket (current, then superseded ones inside their
5-minute overlap), then the live unused user ticket: a match with the user ticket consumes it
(that is the sandbox's model of the H5 login that a user ticket serves, PROTOCOL P3).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from typing import Any

from werkzeug.wrappers import Request, Response

import workbench.sandbox.common as common
from workbench.core import http_body
from workbench.core.sign import request_values
from workbench.sandbox.services import (
    FAULT_HTTP_500,
    FAULT_TIMEOUT,
    FAULT_TRUNCATED,
    FAULT_UNKNOWN,
    Fault,
    find_service,
)
from workbench.sandbox.state import LogEntry, SandboxState

API_VERSION = "2.0.0"  # PROTOCOL P2-P4
TICKET_TYPES = ("sign", "user")  # guide appendix 1
BUSINESS_PATH = re.compile(r"^/api/s/([^/]+)/([^/]+)$")

HTML_500 = (
    "<html><head><title>500 Internal Server Error</title></head><body>"
    "<h1>500 Internal Server Error</h1><p>sandbox fault: the gateway failed</p></body></html>"
)


class ApiHost:
    """The WSGI-level logic of the API host; :mod:`workbench.sandbox.server` routes to it."""

    def __init__(self, state: SandboxState, faults: dict[tuple[str, str], Fault]) -> None:
        self.state = state
        self.faults = faults

    def handle(self, request: Request, log: LogEntry) -> Response:
        path = request.path
        if path == "/api/oauth2/access_token":
            return self.access_token(request, log)
        if path == "/api/oauth2/api_ticket":
            return self.api_ticket(request, log)
        match = BUSINESS_PATH.match(path)
        if match and find_service(match.group(1), match.group(2)) is not None:
            return self.business(request, log, match.group(1), match.group(2))
        return self._answer(log, "60840110", f"未知路径 unknown path {path}", business=True)

    def _answer(self, log: LogEntry, code: str, detail: str = "", **kw: Any) -> Response:
        return common.platform_answer(log, self.state.clock.now_ms(), code, detail, **kw)

    # -- PROTOCOL P2 ---------------------------------------------------------------------------
    def access_token(self, request: Request, log: LogEntry) -> Response:
        q = request.args.to_dict()
        if request.method != "GET":
            return self._answer(log, "60851007", "只支持GET only GET")
        absent = common.missing(q, ("app_id", "secret", "grant_type", "version"))
        if absent:
            return self._answer(log, "60851007", f"缺少参数 missing {absent}")
        if q["grant_type"] != "client_credential":
            return self._answer(log, "60851007", "grant_type 应为 client_credential")
        if q["version"] != API_VERSION:
            return self._answer(log, "60851007", f"version 应为 {API_VERSION}")
        acc = self.state.account(q["app_id"])
        if acc is None:
            return self._answer(log, "60851009", "app_id 未分配 unknown app_id")
        if q["secret"] != acc.secret:
            return self._answer(log, "60851009", "secret 不匹配 wrong secret")
        token = self.state.issue_token(acc)
        return self._answer(
            log,
            "60850000",
            access_token=token.value,
            expire_time=str(token.expires_ms),
            expire_in=str((token.expires_ms - token.issued_ms) // 1000),
        )

    # -- PROTOCOL P3 ---------------------------------------------------------------------------
    def api_ticket(self, request: Request, log: LogEntry) -> Response:
        q = request.args.to_dict()
        if request.method != "GET":
            return self._answer(log, "60851007", "只支持GET only GET")
        absent = common.missing(q, ("app_id", "access_token", "type", "version"))
        if absent:
            return self._answer(log, "60851007", f"缺少参数 missing {absent}")
        if q["version"] != API_VERSION:
            return self._answer(log, "60851007", f"version 应为 {API_VERSION}")
        acc = self.state.account(q["app_id"])
        if acc is None:
            return self._answer(log, "60851009", "app_id 未分配 unknown app_id")
        token_state = self.state.token_state(acc, q["access_token"])
        if token_state == "invalid":
            return self._answer(log, "60851002", "不是当前的 access_token (被踢/已轮换?)")
        if token_state == "expired":
            return self._answer(log, "60851004")
        types = [t.strip() for t in q["type"].split(",")]
        bad = [t for t in types if t not in TICKET_TYPES]
        if bad:
            return self._answer(log, "60851001", f"type {bad[0]!r}")
        if "user" in types:
            problem = self._user_data_problem(q)
            if problem is not None:
                return self._answer(log, problem[0], problem[1])
        tickets = []
        for t in types:
            issued = (
                self.state.issue_sign_ticket(acc)
                if t == "sign"
                else self.state.issue_user_ticket(acc)
            )
            tickets.append(
                {
                    "value": issued.value,
                    "expire_in": str((issued.expires_ms - issued.issued_ms) // 1000),
                    "expire_time": str(issued.expires_ms),
                }
            )
        return self._answer(log, "60850000", tickets=tickets)

    @staticmethod
    def _user_data_problem(q: dict[str, str]) -> tuple[str, str] | None:
        if not q.get("user_data") or not q.get("mechant_id"):
            return "60851007", "type=user 需要 user_data 和 mechant_id"
        try:
            data = json.loads(q["user_data"])
        except (ValueError, RecursionError):
            return "60851010", "user_data 不是 JSON"
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("USER_ID"), str)
            or not (data.get("USER_ID"))
        ):
            return "60851010", "user_data 缺少 USER_ID"
        extend = data.get("EXTEND_INFO")
        if extend is not None:
            try:
                json.loads(extend) if isinstance(extend, str) else _raise()
            except (ValueError, RecursionError):
                return "60851010", "EXTEND_INFO 应为 JSON 字符串"
        return None

    # -- PROTOCOL P4, P5 -----------------------------------------------------------------------
    def business(self, request: Request, log: LogEntry, system: str, code: str) -> Response:
        q = request.args.to_dict()

        def fail(c: str, detail: str = "") -> Response:
            return self._answer(log, c, detail, business=True)

        acc = common.signed_call_account(q, request.method, "POST", API_VERSION, self.state, fail)
        if isinstance(acc, Response):
            return acc
        raw = http_body.read_body(request.environ, common.BUSINESS_BODY_LIMIT)
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            return fail("60840002", "body 不是 UTF-8")
        log.body_sha256 = hashlib.sha256(raw).hexdigest()
        values = request_values(
            app_id=q["app_id"],
            version=q["version"],
            nonce=q["nonce"],
            ticket="",
            body=body,
            type=q.get("type"),
        )[:-1]  # the ticket is added per candidate by check_sign
        refused = common.refuse_sign(q, acc, [values], self.state, log, fail)
        if refused is not None:
            return refused
        if request.mimetype != "application/json":  # PROTOCOL P4: body application/json
            got = request.mimetype or "none"
            return fail(
                "60840002",
                f"Content-Type 应为 application/json（收到 {got}） "
                f"Content-Type must be application/json (got {got})",
            )
        parsed, problem = common.parse_body_json(body)
        if problem:
            return fail("60840002", problem)
        fault = self.faults.get((system, code))
        if fault is not None:
            if fault.delay_s:
                time.sleep(fault.delay_s)  # real seconds: this is what a client timeout sees
            if fault.kind == FAULT_TIMEOUT:
                return fail("60840003", "sandbox fault")
            if fault.kind == FAULT_UNKNOWN:
                return fail("60846999", "sandbox fault")
            if fault.kind == FAULT_HTTP_500:
                log.note = "fault: HTTP 500"
                return Response(HTML_500, status=500, content_type="text/html; charset=utf-8")
        service = find_service(system, code)
        assert service is not None  # handle() routed here only for known services
        json_data = service.handler(parsed, q)
        response = self._answer(
            log,
            "60840000",
            business=True,
            ConsumerSeqNo=common.consumer_seq_no(self.state.clock.now_ms()),
            jsonData=json.dumps(json_data, ensure_ascii=False),
        )
        if fault is not None and fault.kind == FAULT_TRUNCATED:
            data = response.get_data()
            response.set_data(data[: len(data) // 2])
            log.note = "fault: truncated body"
        return response


def _raise() -> None:
    raise ValueError("not a string")
