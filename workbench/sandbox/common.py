"""Answer building shared by the sandbox's hosts: codes, messages, sequence numbers, replies."""

from __future__ import annotations

import json
import secrets
from typing import Any

from werkzeug.wrappers import Response

from workbench.core.credentials import format_platform_time
from workbench.sandbox.state import LogEntry

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


def missing(query: dict[str, str], names: tuple[str, ...]) -> str | None:
    """The first of ``names`` absent or empty in ``query``."""
    for name in names:
        if not query.get(name):
            return name
    return None
