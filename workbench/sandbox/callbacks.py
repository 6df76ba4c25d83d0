"""The sandbox calling the partner: a signed callback and the check of the signed answer (P7).

The bank POSTs ``{"Plain", "Signature", "Timestamp", "transName", "SeqNo"}`` to the partner's one
URL and expects the same envelope back, signed with the same salt. :func:`send_callback` does
that and reports everything a partner debugging their endpoint wants to see. It never raises for
what the partner did: every failure is a sentence in :attr:`CallbackDelivery.error`.

The answer's Signature is compared exactly, as the guide's check does (5.4,
``tmpSign.equals(signature)``): upper-case hex, or spaces around it, are refused with a sentence
that says so, because the bank refuses them too.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

import requests

from workbench.core.callback_codec import (
    CallbackEnvelope,
    PlainDecodeError,
    build_envelope,
    callback_signature,
    java_url_decode,
)
from workbench.core.credentials import Clock
from workbench.core.text import Text


@dataclass
class CallbackDelivery:
    """What happened to one callback."""

    url: str
    request_envelope: CallbackEnvelope
    request_body: str
    status: int | None = None  # HTTP status of the partner's answer
    answer_body: str = ""
    answer_envelope: CallbackEnvelope | None = None
    answer_plain: str | None = None  # Plain decoded (URLDecoder)
    answer_json: Any = None  # the decoded Plain parsed, when JSON
    signature_ok: bool | None = None  # None: no envelope to check
    expected_signature: str = ""
    elapsed_ms: float = 0.0
    error: Text | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.signature_ok is True

    @property
    def answer_code(self) -> str:
        return str(self.answer_json.get("CODE", "")) if isinstance(self.answer_json, dict) else ""

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "request": self.request_envelope.to_dict(),
            "status": self.status,
            "answer_body": self.answer_body,
            "answer_plain": self.answer_plain,
            "answer_code": self.answer_code,
            "signature_ok": self.signature_ok,
            "elapsed_ms": round(self.elapsed_ms, 1),
            "error": self.error.en if self.error else None,
        }


def make_seq_no(now_ms: int) -> str:
    """Like the guide's ``1519700632680112122``: the time in ms and six random digits."""
    return str(now_ms) + "".join(secrets.choice("0123456789") for _ in range(6))


def send_callback(
    url: str,
    trans_name: str,
    business_json: str,
    *,
    salt: str,
    clock: Clock,
    seq_no: str | None = None,
    verify_tls: bool | str = True,
    timeout_s: float = 15.0,
) -> CallbackDelivery:
    """Sign ``business_json`` into an envelope, POST it to ``url``, and check the answer."""
    now = clock.now_ms()
    envelope = build_envelope(
        business_json,
        salt=salt,
        trans_name=trans_name,
        seq_no=seq_no or make_seq_no(now),
        timestamp_ms=now,
    )
    body = envelope.to_json()
    delivery = CallbackDelivery(url=url, request_envelope=envelope, request_body=body)
    started = time.perf_counter()
    try:
        with requests.Session() as session:
            session.trust_env = False  # the partner URL is reached directly, as the bank would
            answer = session.post(
                url,
                data=body.encode("utf-8"),
                timeout=timeout_s,
                verify=verify_tls,
                headers={"Content-Type": "application/json;charset=UTF-8"},
            )
    except requests.exceptions.SSLError as exc:
        delivery.error = Text(
            f"TLS with the partner failed: {exc}", f"与合作方的 TLS 握手失败：{exc}"
        )
        return delivery
    except requests.exceptions.Timeout:
        delivery.error = Text(
            f"The partner did not answer within {timeout_s:g} s.",
            f"合作方在 {timeout_s:g} 秒内没有应答。",
        )
        return delivery
    except (requests.exceptions.RequestException, ValueError) as exc:
        delivery.error = Text(
            f"Could not reach the partner URL: {exc}", f"无法连接合作方地址：{exc}"
        )
        return delivery
    finally:
        delivery.elapsed_ms = (time.perf_counter() - started) * 1000
    delivery.status = answer.status_code
    delivery.answer_body = answer.content.decode("utf-8", "replace")
    check_answer(delivery, salt)
    return delivery


def check_answer(delivery: CallbackDelivery, salt: str) -> None:
    """Judge ``delivery.answer_body`` as the bank does (guide 5.4): fills the answer fields,
    ``signature_ok`` (an exact comparison) and ``error``."""
    if delivery.status != 200:
        delivery.error = Text(
            f"The partner answered HTTP {delivery.status}.", f"合作方返回 HTTP {delivery.status}。"
        )
    try:
        data = json.loads(delivery.answer_body)
    except ValueError:
        delivery.error = delivery.error or Text(
            "The partner's answer is not JSON.", "合作方的应答不是 JSON。"
        )
        return
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("Plain"), str)
        or not isinstance(data.get("Signature"), str)
    ):
        delivery.error = delivery.error or Text(
            "The partner's answer has no Plain/Signature envelope.",
            "合作方的应答缺少 Plain/Signature 信封。",
        )
        return
    raw_ts = data.get("Timestamp")
    if raw_ts is not None and not isinstance(raw_ts, str):
        # guide 5.4: (String) reqMap.get("Timestamp") fails on a number
        delivery.error = delivery.error or Text(
            "The partner's answer has a Timestamp that is not a JSON string: the bank reads it "
            'as one ("Timestamp": "1519700632680").',
            "合作方应答中的 Timestamp 不是 JSON 字符串：微众按字符串读取"
            '（"Timestamp": "1519700632680"）。',
        )
        return
    env = CallbackEnvelope(
        plain=data["Plain"],
        signature=data["Signature"],
        timestamp=raw_ts if isinstance(raw_ts, str) else "null",
        trans_name=str(data.get("transName", "")),
        seq_no=str(data.get("SeqNo", "")),
    )
    delivery.answer_envelope = env
    delivery.expected_signature = callback_signature(env.plain, salt, env.timestamp)
    delivery.signature_ok = secrets.compare_digest(
        delivery.expected_signature.encode("utf-8"), env.signature.encode("utf-8", "replace")
    )
    if raw_ts is None and not delivery.signature_ok and delivery.error is None:
        # guide 5.4: a missing Timestamp is null, and hashed as the text "null"
        delivery.error = Text(
            "The partner's answer has no Timestamp: the bank hashes the missing value as "
            '"null", so its signature check fails.',
            "合作方的应答没有 Timestamp：微众把缺失的值按“null”参与哈希，验签因此失败。",
        )
    loose = secrets.compare_digest(
        delivery.expected_signature.encode("utf-8"),
        env.signature.strip().lower().encode("utf-8", "replace"),
    )
    try:
        delivery.answer_plain = java_url_decode(env.plain)
    except PlainDecodeError as exc:
        delivery.error = delivery.error or Text(
            f"The partner's Plain is not valid URL encoding ({exc}).",
            f"合作方的 Plain 不是合法的 URL 编码（{exc}）。",
        )
        return
    try:
        delivery.answer_json = json.loads(delivery.answer_plain)
    except ValueError:
        delivery.answer_json = None
    if not delivery.signature_ok and loose and delivery.error is None:
        delivery.error = Text(
            "The partner's Signature is right but not written as lower-case hex without spaces: "
            "the bank compares it exactly (guide 5.4, tmpSign.equals(signature)) and refuses it.",
            "合作方的 Signature 值正确，但不是不带空格的小写十六进制：微众按原样比较"
            "（指引 5.4，tmpSign.equals(signature)），会拒绝它。",
        )
    if not delivery.signature_ok and delivery.error is None:
        hint = " (32 hex: looks like MD5, the rule is SHA256)" if len(env.signature) == 32 else ""
        hint_zh = "（32位十六进制，像 MD5；规则是 SHA256）" if hint else ""
        delivery.error = Text(
            f"The partner's Signature does not verify with the salt{hint}.",
            f"合作方的 Signature 用盐值验签失败{hint_zh}。",
        )
