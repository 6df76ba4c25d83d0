"""Sending the battery to a partner's callback endpoint and collecting the graded answers.

The endpoint is reached directly as the bank would reach it: ``trust_env = False`` (no proxy or
CA bundle from the environment), the CA the user names or the system's, and timeouts. The first
case doubles as the probe: when it gets no answer at all the run stops with
:class:`EndpointUnreachable` and one sentence. Cases are sent one after the other, each built at
send time; ``on_result`` sees each graded case as it comes (the window's live rows).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

from workbench import __version__
from workbench.conformance.battery import BATTERY, DEFAULT_TRANS_NAME, CallbackCase
from workbench.conformance.callback import (
    ANSWER_LIMIT_S,
    CaseResult,
    grade_answer,
    transport_failure,
)
from workbench.conformance.patterns import name_slips
from workbench.core.text import Text

CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 10.0
MAX_ANSWER_BYTES = 2 * 1024 * 1024


class EndpointUnreachable(Exception):
    """The endpoint could not be reached, or the run could not start: ``text`` says why."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


@dataclass
class BatteryRun:
    """A finished (or cancelled) run: the target, when, with what, and each case's result."""

    target: str  # the URL with any password or query values masked
    trans_name: str
    started_ms: int
    limit_s: float
    results: list[CaseResult] = field(default_factory=list)
    tool_version: str = __version__
    cancelled: bool = False

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if r.passed)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed

    def summary(self) -> Text:
        """One sentence for the whole run."""
        total = len(self.results)
        html = [r for r in self.results if r.answer_excerpt.lstrip().lower().startswith("<")]
        if total and len(html) == total:
            return _T(
                "The endpoint answers HTML pages, not signed envelopes: is this the callback URL?",
                "该接口返回的是 HTML 页面，不是签名报文：这是回调地址吗？",
            )
        if self.failed == 0:
            return _T(
                f"All {total} cases passed.",
                f"全部 {total} 项通过。",
            )
        return _T(
            f"{self.failed} of {total} cases failed.",
            f"{total} 项中有 {self.failed} 项未通过。",
        )

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The shape of ``conformance callback --json``."""
        return {
            "cases": [
                {
                    "id": r.case_id,
                    "expect_code": r.expect_code,
                    "answer_code": r.answer_code,
                    "answer_signature_ok": r.answer_signature_ok,
                    "passed": r.passed,
                    "why": r.why()(lang),
                }
                for r in self.results
            ],
            "passed": self.passed,
            "failed": self.failed,
        }


def mask_url(url: str) -> str:
    """``url`` safe for a report: the password of ``user:pass@`` and every query value masked."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        netloc = f"{userinfo.split(':', 1)[0]}:•••@{host}" if ":" in userinfo else netloc
    query = "&".join(
        f"{pair.split('=', 1)[0]}=•••" if "=" in pair else pair
        for pair in parts.query.split("&")
        if pair
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


_T = Text


def url_problem(url: str, insecure_http_ok: bool, ca: str | None) -> Text | None:
    """Why the run cannot start with this URL and CA, or None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return _T(
            f"{url!r} is not an http(s) URL of a callback endpoint.",
            f"“{url}”不是回调接口的 http(s) 地址。",
        )
    if parts.scheme == "http" and not insecure_http_ok:
        return _T(
            "The URL is plain http; the bank calls over HTTPS. For a dedicated line or a local "
            "test, tick Allow plain http (on the command line: --insecure-http-ok).",
            "该地址是明文 http；银行通过 HTTPS 回调。专线或本地测试请勾选“允许明文 HTTP”"
            "（命令行：--insecure-http-ok）。",
        )
    if ca is not None and not Path(ca).is_file():
        return _T(f"The CA file {ca!r} cannot be read.", f"无法读取 CA 文件“{ca}”。")
    return None


def _transport_text(
    exc: requests.RequestException, timeout_s: float, *, answered_before: bool = False
) -> Text:
    if isinstance(exc, requests.exceptions.SSLError):
        return _T(
            "TLS with the endpoint failed (its certificate is not trusted, or TLS is not "
            "spoken there); name its CA in CA of your endpoint (on the command line: --ca).",
            "与该接口的 TLS 握手失败（证书不受信任，或对方不是 TLS）；请在“接口的 CA”中指定其 CA"
            "（命令行：--ca）。",
        )
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return _T(
            f"The endpoint did not accept a connection within {CONNECT_TIMEOUT_S:g} s.",
            f"该接口在 {CONNECT_TIMEOUT_S:g} 秒内没有接受连接。",
        )
    if isinstance(exc, requests.exceptions.Timeout):
        return _T(
            f"The endpoint did not answer within {timeout_s:g} s.",
            f"该接口在 {timeout_s:g} 秒内没有应答。",
        )
    if isinstance(exc, requests.exceptions.ConnectionError) and answered_before:
        return _T(
            "The endpoint closed the connection without answering this callback (did it crash "
            "on it?).",
            "该接口未应答此回调就关闭了连接（是否处理它时崩溃了？）。",
        )
    if isinstance(exc, requests.exceptions.ConnectionError):
        return _T(
            "Nothing answers at that address (connection refused, closed, or the host is unknown).",
            "该地址没有服务应答（连接被拒绝、被关闭或主机未知）。",
        )
    return _T(
        f"The endpoint could not be reached: {type(exc).__name__}.",
        f"无法连接该接口：{type(exc).__name__}。",
    )


def _read(response: requests.Response) -> bytes:
    data = bytearray()
    for chunk in response.iter_content(64 * 1024):
        data += chunk
        if len(data) > MAX_ANSWER_BYTES:
            break
    return bytes(data)


def run_callback_battery(
    url: str,
    salt: str,
    *,
    trans_name: str = DEFAULT_TRANS_NAME,
    ca: str | None = None,
    insecure_http_ok: bool = False,
    timeout_s: float = READ_TIMEOUT_S,
    limit_s: float = ANSWER_LIMIT_S,
    cases: Sequence[CallbackCase] = BATTERY,
    now_ms: Callable[[], int] | None = None,
    on_result: Callable[[CaseResult], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BatteryRun:
    """Send every case to ``url`` and grade the answers; raises :class:`EndpointUnreachable`."""
    problem = url_problem(url, insecure_http_ok, ca)
    if problem is not None:
        raise EndpointUnreachable(problem)
    clock = now_ms or (lambda: time.time_ns() // 1_000_000)
    run = BatteryRun(
        target=mask_url(url.strip()),
        trans_name=trans_name,
        started_ms=clock(),
        limit_s=limit_s,
    )
    graded: list[CaseResult] = []
    with requests.Session() as session:
        session.trust_env = False  # reached directly, as the bank reaches it
        for index, case in enumerate(cases):
            if cancelled is not None and cancelled():
                run.cancelled = True
                break
            sent = case.body(salt, trans_name, clock())
            started = time.perf_counter()
            try:
                with session.post(
                    url.strip(),
                    data=sent,
                    headers={"Content-Type": "application/json;charset=UTF-8"},
                    timeout=(CONNECT_TIMEOUT_S, timeout_s),
                    verify=ca if ca else True,
                    allow_redirects=False,
                    stream=True,
                ) as answer:
                    body = _read(answer)
                    status, headers = answer.status_code, answer.headers
            except requests.RequestException as exc:
                reason = _transport_text(exc, timeout_s, answered_before=index > 0)
                if index == 0:
                    raise EndpointUnreachable(reason) from None
                elapsed = int((time.perf_counter() - started) * 1000)
                result = transport_failure(case, sent, reason, elapsed)
            else:
                elapsed = int((time.perf_counter() - started) * 1000)
                result = grade_answer(
                    case,
                    sent,
                    salt=salt,
                    status=status,
                    content_type=headers.get("Content-Type", ""),
                    body=body,
                    elapsed_ms=elapsed,
                    limit_s=limit_s,
                    location=headers.get("Location", ""),
                )
            graded.append(result)
            if on_result is not None:
                # the row as graded, no slip yet: slips are named from the whole battery (from
                # the cases so far, a row named one the summary below then contradicted)
                on_result(result)
    run.results = name_slips(graded)
    return run
