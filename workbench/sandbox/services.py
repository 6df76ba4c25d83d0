"""The business services the sandbox answers, and the faults that can be switched on for each
(PROTOCOL P5, P10).

A service turns the received body (already checked to be JSON) into the business answer that goes,
as a JSON string, into ``jsonData``. The samples follow the guide: ``yh/10002`` is the request of
section 4.4, ``test/10011`` the network test path of appendix 8 (the guide's test account calls
it; ``test/1001124639`` is kept as an alias for drafts saved by earlier versions), and
``sandbox/echo`` returns what it received so that a partner can see exactly which body reached
the platform.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workbench.core.text import Text

# Fault kinds (PROTOCOL P10): what a switched-on fault makes the service answer.
FAULT_TIMEOUT = "timeout"  # code 60840003, "交易超时"
FAULT_UNKNOWN = "unknown"  # code 60846999, "未知异常信息"
FAULT_HTTP_500 = "http500"  # HTTP 500 with an HTML page (a gateway in front failing)
FAULT_TRUNCATED = "truncated"  # the JSON answer cut in half (Content-Length matches the cut)
FAULT_KINDS = (FAULT_TIMEOUT, FAULT_UNKNOWN, FAULT_HTTP_500, FAULT_TRUNCATED)


class FaultError(ValueError):
    """A fault that cannot be switched on; ``text`` says why in both languages."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


@dataclass(frozen=True)
class Fault:
    """``delay_s`` real seconds before answering, then ``kind`` (None: answer normally)."""

    delay_s: float = 0.0
    kind: str | None = None

    def __post_init__(self) -> None:
        if self.kind is not None and self.kind not in FAULT_KINDS:
            quoted = "、".join(f"“{k}”" for k in FAULT_KINDS)
            raise FaultError(
                Text(
                    f"unknown fault kind {self.kind!r}; one of {', '.join(FAULT_KINDS)}",
                    f"未知的故障类型“{self.kind}”；可选：{quoted}",
                )
            )
        if not 0 <= self.delay_s <= 600:
            raise FaultError(
                Text("delay_s must be between 0 and 600 seconds", "delay_s 必须在 0 到 600 秒之间")
            )

    def to_dict(self) -> dict[str, Any]:
        return {"delay_s": self.delay_s, "kind": self.kind}


Handler = Callable[[Any, dict[str, str]], dict[str, Any]]


@dataclass(frozen=True)
class Service:
    system: str
    service_code: str
    description: str
    handler: Handler
    sample_body: str  # a request body the composer can start from


def _digits(n: int) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(n))


def _echo(body: Any, query: dict[str, str]) -> dict[str, Any]:
    return {"CODE": "0000", "DESC": "交易成功(回显)", "ECHO": body, "QUERY_TYPE": query.get("type")}


def _yh_10002(body: Any, query: dict[str, str]) -> dict[str, Any]:
    fields = body if isinstance(body, dict) else {}
    if not fields.get("ID_NO"):
        return {"CODE": "66590002", "DESC": "未满足接口输入要求: ID_NO 必填"}
    id_no = str(fields["ID_NO"])
    return {
        "CODE": "66590000",
        "DESC": "交易成功",
        "MERCHANT_ID": fields.get("MERCHANT_ID", ""),
        "ID_NO_MASKED": id_no[:4] + "*" * max(0, len(id_no) - 8) + id_no[-4:],
        "CREDIT_STATUS": "APPROVED",
        "CREDIT_LIMIT": "50000.00",
        "APPLY_NO": _digits(20),
    }


def _network_test(body: Any, query: dict[str, str]) -> dict[str, Any]:
    return {
        "CODE": "0000",
        "DESC": "网络测试成功",
        "SERVER_TIME_NOTE": "answered by the local sandbox",
        "RECEIVED_FIELDS": sorted(body) if isinstance(body, dict) else [],
    }


SAMPLE_10002 = (
    '{"REQUEST_TIME": "20190829163531", "SERVICE_CODE": "10002", '
    '"WX_OPEN_ID": "oAUZp5LGZWCXKP1k7m8N16TK1aC8", "SF_SUC_TIME": "20191124003946", '
    '"ID_NO": "411528199110024452", "DEVICE_TYPE": "1", "DEVICE_LOGIN_COUNT": "0", '
    '"MERCHANT_ID": "260125411000001", "WX_UNION_ID": "otkO4v0ieKtCBqq8f4jaiifu7jzA"}'
)

SERVICES: tuple[Service, ...] = (
    Service(
        "sandbox",
        "echo",
        "Echo: answers with the body it received",
        _echo,
        '{"HELLO": "你好", "AMOUNT": "100.00"}',
    ),
    Service("yh", "10002", "Guide 4.4 sample: credit query (yh/10002)", _yh_10002, SAMPLE_10002),
    Service(
        "test",
        "10011",
        "Guide appendix 8 network test path (test/10011)",
        _network_test,
        '{"TEST": "ping"}',
    ),
    Service(
        "test",
        "1001124639",
        "Network test, older alias of test/10011",
        _network_test,
        '{"TEST": "ping"}',
    ),
)


def find_service(system: str, service_code: str) -> Service | None:
    for s in SERVICES:
        if s.system == system and s.service_code == service_code:
            return s
    return None
