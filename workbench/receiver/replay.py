"""Replay: send a received callback again to another server (usually the partner's own) and check
its answer with the salt, as the bank would (PROTOCOL P7.3, P7.4).

The body is sent byte for byte as it was received: a replay is a faithful copy, so the other
server's check of an old Timestamp (0012) is part of what is being tested.

The session follows the client's rules: the CA and the proxy are the ones passed in (the
environment's), and no environment variable is read (``trust_env = False``: a machine-wide
``REQUESTS_CA_BUNDLE`` or ``HTTPS_PROXY`` must not change what is trusted or where it goes).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import requests

from workbench.core.callback import DEFAULT_WINDOW_S, CallbackVerdict, verify_callback_body
from workbench.core.text import Text

DEFAULT_TIMEOUT_S = 15.0
_MAX_ANSWER = 4 * 1024 * 1024


@dataclass
class ReplayResult:
    """What the other server answered, and whether its answer carries a good signature."""

    url: str
    status: int | None = None  # None: no HTTP answer (see error)
    reason: str = ""
    headers: dict[str, str] | None = None
    body: bytes = b""
    elapsed_ms: float = 0.0
    verdict: CallbackVerdict | None = None  # of the answer envelope
    partner_code: str = ""  # CODE inside the answer's Plain, when it decodes
    error: Text | None = None

    @property
    def answered(self) -> bool:
        return self.status is not None

    def body_text(self) -> str:
        return self.body.decode("utf-8", "replace")


def partner_code_of(verdict: CallbackVerdict | None) -> str:
    """``CODE`` of the business JSON inside an answer envelope, or ``""``."""
    if verdict is None or not isinstance(verdict.business_json, dict):
        return ""
    code = verdict.business_json.get("CODE", "")
    return code if isinstance(code, str) else json.dumps(code)


def replay_session(proxy: str = "") -> requests.Session:
    """A session that reads no environment variable and uses ``proxy`` when given."""
    session = requests.Session()
    session.trust_env = False
    if proxy:
        session.proxies = {"http": proxy, "https": proxy}
    return session


def replay_callback(
    url: str,
    body: bytes,
    *,
    salt: str,
    now_ms: int,
    window_s: int = DEFAULT_WINDOW_S,
    verify: bool | str = True,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    session: requests.Session | None = None,
    proxy: str = "",
) -> ReplayResult:
    """POST ``body`` to ``url`` as ``application/json`` and verify the answer envelope.

    Never raises for network trouble: ``error`` says what went wrong in a sentence.
    ``verify`` is the CA bundle (or True for the system one), as requests takes it; ``proxy``
    the environment's proxy URL ("" for none).
    """
    result = ReplayResult(url=url)
    if not url.lower().startswith(("http://", "https://")):
        result.error = Text(
            "The URL must start with http:// or https://.", "地址必须以 http:// 或 https:// 开头。"
        )
        return result
    own = session is None
    http = session or replay_session(proxy)
    started = time.monotonic()
    try:
        resp = http.post(
            url,
            data=body,
            timeout=timeout_s,
            verify=verify,
            stream=True,
            headers={"Content-Type": "application/json;charset=UTF-8"},
        )
        with resp:
            chunks = bytearray()
            for chunk in resp.iter_content(64 * 1024):
                chunks += chunk
                if len(chunks) > _MAX_ANSWER:
                    break
    except requests.exceptions.SSLError as exc:
        result.error = Text(
            "The TLS handshake failed (partner code 0016): the server's certificate is not "
            "trusted, or it wants a client certificate.",
            "TLS 握手失败（合作方代码 0016）：对方证书不受信任，或对方要求客户端证书。",
        )
        result.reason = str(exc)[:300]
        return result
    except requests.exceptions.ConnectionError as exc:
        result.error = Text(
            "Could not connect: nothing answers at this address, or the connection was cut.",
            "无法连接：该地址没有服务在监听，或连接被中断。",
        )
        result.reason = str(exc)[:300]
        return result
    except requests.exceptions.Timeout:
        result.error = Text(f"No answer within {timeout_s:g} s.", f"{timeout_s:g} 秒内没有应答。")
        return result
    except (requests.exceptions.RequestException, ValueError) as exc:
        result.error = Text(f"The request failed: {exc}", f"请求失败：{exc}")
        return result
    finally:
        if own:
            http.close()
    result.elapsed_ms = (time.monotonic() - started) * 1000
    result.status = resp.status_code
    result.reason = resp.reason or ""
    result.headers = dict(resp.headers)
    result.body = bytes(chunks)
    result.verdict = verify_callback_body(result.body, salt or None, now_ms, window_s)
    result.partner_code = partner_code_of(result.verdict)
    return result
