"""Answer building shared by the sandbox's hosts: codes, messages, sequence numbers, replies."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Sequence
from typing import Any

from werkzeug.wrappers import Response

from workbench.core.credentials import format_platform_time
from workbench.core.sign import SignValue, is_valid_nonce
from workbench.core.text import Text, is_utf8
from workbench.sandbox.state import SIGN_NO_TICKET, SIGN_OK, Account, LogEntry, SandboxState

# PROTOCOL P9 and the guide's appendix 2: the messages the platform writes.
MESSAGES = {
    "60850000": "系统处理成功",
    "60856999": "未知异常信息",
    "60851001": "Type类型不存在",
    "60851007": "无效的请求调用",
    "60851009": "无效的appid",
    "60851002": "无效的access_token",
    "60851003": "无效的ticket",
    "60851004": "access_token已过期",
    "60851005": "ticket已过期",
    "60851010": "ticket获取失败",
    "60840000": "系统处理成功",
    "60846999": "未知异常信息",
    "60840002": "未满足接口输入要求",
    "60840003": "交易超时",
    "60840110": "请求路径不合法",
    "60841017": "ticket验证失败",
    "60841018": "接入签名不正确",
}

OK_CREDENTIALS = "60850000"
OK_BUSINESS = "60840000"


def message(code: str, detail: str = "") -> str:
    """The platform's message for ``code``, with the sandbox's reason after a colon."""
    base = MESSAGES.get(code, "")
    return f"{base}: {detail}" if detail else base


def _digits(n: int) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(n))


def biz_seq_no(now_ms: int) -> str:
    """32 characters like the guide's ``1910280FH06207170022153392801372``."""
    return format_platform_time(now_ms)[2:8] + "0SB" + _digits(23)


def consumer_seq_no(now_ms: int) -> str:
    """32 digits: the time, then random digits."""
    return format_platform_time(now_ms) + _digits(18)


def json_response(data: dict[str, Any], status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return Response(body, status=status, content_type="application/json;charset=UTF-8")


# Body limits per route, in bytes (checked against Content-Length before reading, and while
# reading a chunked body). Uploads stream to disk, so theirs is large; GET routes take no body.
KB, MB = 1024, 1024 * 1024
BUSINESS_BODY_LIMIT = 16 * MB
UPLOAD_BODY_LIMIT = 2048 * MB
UPLOAD_JSON_LIMIT = 64 * MB
ADMIN_BODY_LIMIT = 1 * MB
NO_BODY_LIMIT = 64 * KB  # token, ticket, download, unknown paths: nothing is read


def body_limit(host: str, method: str, path: str) -> int:
    """The most this route reads (see the constants above)."""
    if host == "admin":
        return ADMIN_BODY_LIMIT
    if method != "POST":
        return NO_BODY_LIMIT
    if host == "file":
        return UPLOAD_JSON_LIMIT if path.endswith("/uploadJson") else UPLOAD_BODY_LIMIT
    return NO_BODY_LIMIT if path.startswith("/api/oauth2/") else BUSINESS_BODY_LIMIT


def refusal(text: Text, status: int) -> Response:
    """An HTTP-level refusal (400, 403, 404, 413): ``{"error": English, "error_zh": Chinese}``."""
    return json_response({"error": text.en, "error_zh": text.zh}, status=status)


def platform_answer(
    log: LogEntry,
    now_ms: int,
    code: str,
    detail: str = "",
    *,
    business: bool = False,
    **extra: Any,
) -> Response:
    """A platform JSON answer; the log entry records its code and message."""
    msg = message(code, detail)
    data: dict[str, Any] = {"code": code, "msg": msg}
    if business:
        data["BizSeqNo"] = biz_seq_no(now_ms)
    data["transactionTime"] = format_platform_time(now_ms)
    data.update(extra)
    log.code, log.msg = code, msg
    return json_response(data)


MAX_JSON_DEPTH = 100  # deeper bodies are refused as malformed (Python's parser stops near 1000)


def parse_body_json(body: str) -> tuple[Any, str]:
    """The parsed business body, or ``(None, reason)`` for a body the platform would refuse:
    not JSON, nested deeper than :data:`MAX_JSON_DEPTH`, or holding a lone surrogate escape
    (``\\ud800``), which no UTF-8 answer can carry."""
    try:
        parsed = json.loads(body)
    except RecursionError:
        return None, "JSON 嵌套过深 nested too deeply"
    except ValueError:
        return None, "body 不是 JSON body is not JSON"
    stack: list[tuple[Any, int]] = [(parsed, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return None, f"JSON 嵌套超过 {MAX_JSON_DEPTH} 层 nested too deeply"
        if isinstance(value, dict):
            stack.extend((k, depth) for k in value)
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        elif isinstance(value, str) and not is_utf8(value):
            return None, "JSON 含单独的代理字符 lone surrogate escape (\\ud800)"
    return parsed, ""


def missing(query: dict[str, str], names: tuple[str, ...]) -> str | None:
    """The first of ``names`` absent or empty in ``query``."""
    for name in names:
        if not query.get(name):
            return name
    return None


Fail = Callable[[str, str], Response]
REPLAYED = "nonce 已使用, 请求被视为重放 replayed nonce"


def signed_call_account(
    q: dict[str, str], method: str, expected: str, version: str, state: SandboxState, fail: Fail
) -> Account | Response:
    """The account of a signed business or file call, or the 60840002 answer refusing it.

    Why shared: the business calls (PROTOCOL P4) and the file calls (P6) check method,
    parameters, version, nonce, app_id and replay in the same order with the same codes.
    """
    if method != expected:
        return fail("60840002", f"只支持{expected} only {expected}")
    absent = missing(q, ("app_id", "nonce", "sign", "version"))
    if absent:
        return fail("60840002", f"缺少参数 missing {absent}")
    if q["version"] != version:
        return fail("60840002", f"version 应为 {version}")
    if not is_valid_nonce(q["nonce"]):
        return fail("60840002", "nonce 应为32位字母数字 nonce must be 32 [A-Za-z0-9]")
    acc = state.account(q["app_id"])
    if acc is None:
        return fail("60840002", "无效的appid unknown app_id")
    if state.nonce_seen(acc.app_id, q["nonce"]):
        return fail("60840002", REPLAYED)
    return acc


def refuse_sign(
    q: dict[str, str],
    acc: Account,
    variants: Sequence[Sequence[SignValue]],
    state: SandboxState,
    log: LogEntry,
    fail: Fail,
) -> Response | None:
    """The answer refusing the call's sign (60841017/60841018) or a replay; None to go on."""
    check = state.check_sign(acc, q["sign"], variants)
    log.sign = check
    if check.verdict != SIGN_OK:
        from workbench.conformance.refusals import refusal_slips  # the client kit's slip names

        log.slips = refusal_slips(log.path, q, variants, acc, state.clock.now_ms())
        return fail("60841017" if check.verdict == SIGN_NO_TICKET else "60841018", check.note)
    if not state.use_nonce(acc.app_id, q["nonce"]):
        return fail("60840002", REPLAYED)
    return None
