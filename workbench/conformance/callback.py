"""Grading one answer of a partner's callback endpoint (PROTOCOL P7.3, P7.4).

For every answer: the envelope (Plain, Signature, Timestamp present), the answer's signature
(strict lower-case SHA256 over Plain + salt + Timestamp, as the guide's own check does), Plain
decoding to JSON with a ``CODE``, the ``CODE`` against the expected one, and the time taken
against :data:`ANSWER_LIMIT_S`. Pure: the bytes come in, a :class:`CaseResult` goes out.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any

from workbench.conformance.battery import CallbackCase
from workbench.core.callback_codec import PlainDecodeError, callback_signature, java_url_decode
from workbench.core.sign import java_utf8
from workbench.core.text import Text

# The guide names no limit for the partner's answer; the bank's gateway gives up after a few
# seconds, so a partner should answer well inside this.
ANSWER_LIMIT_S = 3.0
EXCERPT_CHARS = 160

CHECK_ENVELOPE = "envelope"
CHECK_SIGNATURE = "signature"
CHECK_PLAIN = "plain"
CHECK_CODE = "code"
CHECK_TIME = "time"

_T = Text
SENTENCES: dict[str, Text] = {
    "html": _T(
        "answered HTML (HTTP {status}), not a signed envelope: is this the callback URL?",
        "返回了 HTML（HTTP {status}），不是签名报文：这是回调地址吗？",
    ),
    "redirect": _T(
        "redirects (HTTP {status}) to {location}: the bank does not follow redirects, give the "
        "final URL",
        "重定向（HTTP {status}）到 {location}：银行不会跟随重定向，请填写最终地址",
    ),
    "server_error": _T(
        "failed on this callback (HTTP {status}) instead of answering {expect}: an error it "
        "does not catch?",
        "处理此回调时出错（HTTP {status}），没有应答 {expect}：是否有未捕获的异常？",
    ),
    "not_json": _T(
        "answered HTTP {status} with a body that is not JSON",
        "返回 HTTP {status}，报文不是 JSON",
    ),
    "empty": _T(
        "answered HTTP {status} with an empty body: the handler returns nothing",
        "返回 HTTP {status}，报文为空：处理程序没有返回任何内容",
    ),
    "bom": _T(
        "the answer starts with a UTF-8 BOM (EF BB BF), which the bank does not read as JSON: "
        "write the JSON without one",
        "应答以 UTF-8 BOM（EF BB BF）开头，银行无法将其作为 JSON 读取：请不带 BOM 输出 JSON",
    ),
    "not_found": _T(
        "answered HTTP 404: nothing answers at this path, check the URL's path",
        "返回 HTTP 404：此路径下没有服务，请检查 URL 的路径",
    ),
    "status": _T(
        "answered HTTP {status}: the bank takes only HTTP 200 with the signed envelope",
        "返回 HTTP {status}：银行只接受 HTTP 200 加签名报文",
    ),
    "not_object": _T("the answer is JSON but not an envelope", "应答是 JSON，但不是回调报文"),
    "missing": _T("the answer has no {field}", "应答缺少 {field}"),
    "unsigned": _T(
        "the answer is not signed (no Signature): answers without signing",
        "应答没有签名（无 Signature）：应答未签名",
    ),
    "upper_hex": _T(
        "the answer's Signature is upper-case hex; the guide's check compares lower-case",
        "应答的 Signature 是大写十六进制；指南的验签比较小写",
    ),
    "md5": _T(
        "the answer's Signature is 32 hex (MD5); the rule is SHA256",
        "应答的 Signature 是 32 位（MD5）；规则是 SHA256",
    ),
    "decoded_plain": _T(
        "the answer is signed over the decoded Plain; sign Plain as it stands in the envelope",
        "应答签名用的是解码后的 Plain；应对报文中原样的 Plain 签名",
    ),
    "bad_signature": _T(
        "the answer's Signature does not verify with the salt",
        "应答的 Signature 用盐值验签失败",
    ),
    "plain_undecodable": _T(
        "the answer's Plain is not valid URL encoding", "应答的 Plain 不是合法的 URL 编码"
    ),
    "plain_not_json": _T(
        "the answer's Plain does not decode to JSON with CODE",
        "应答的 Plain 解码后不是含 CODE 的 JSON",
    ),
    "plain_not_utf8": _T(
        "the answer's Plain does not decode to UTF-8 text (GBK bytes?): URL-encode the UTF-8 "
        "bytes of the JSON",
        "应答的 Plain 解码后不是 UTF-8 文本（是否为 GBK 字节？）："
        "请对 JSON 的 UTF-8 字节做 URL 编码",
    ),
    "code_not_text": _T(
        'the answer\'s CODE is {kind}, not text: write it as a string, "CODE": "0000"',
        '应答的 CODE 是{kind_zh}，不是字符串：应写成 "CODE": "0000"',
    ),
    "seconds_timestamp": _T(
        "the answer's Signature is over its Timestamp in seconds; hash the Timestamp exactly as "
        "written in the answer (milliseconds)",
        "应答的 Signature 使用了秒级 Timestamp；应对应答中原样的 Timestamp（毫秒）做哈希",
    ),
    "wrong_code": _T("expected {expect}, answered {code}", "应为 {expect}，实际应答 {code}"),
    "slow": _T(
        "answered in {ms} ms, over the {limit} s limit", "用时 {ms} 毫秒，超过 {limit} 秒的限制"
    ),
    "passed": _T(
        "answered {code}, signed correctly, in {ms} ms", "应答 {code}，签名正确，用时 {ms} 毫秒"
    ),
}


@dataclass(frozen=True)
class Check:
    """One of the five checks of an answer; ``text`` says what is wrong when ``ok`` is false."""

    name: str
    ok: bool
    text: Text | None = None


@dataclass(frozen=True)
class CaseResult:
    """One line of the report: what was sent, what came back, passed or not, and why."""

    case_id: str
    title: Text
    expect_codes: tuple[str, ...]
    answer_code: str | None
    answer_signature_ok: bool
    checks: tuple[Check, ...]
    elapsed_ms: int
    http_status: int | None
    sent_excerpt: str
    answer_excerpt: str
    slips: tuple[tuple[str, Text], ...] = ()  # (code, sentence) named by .patterns
    transport: Text | None = None  # no answer at all: the reason
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def expect_code(self) -> str:
        return "/".join(self.expect_codes)

    @property
    def passed(self) -> bool:
        return self.transport is None and all(c.ok for c in self.checks)

    def failed_check(self, name: str) -> bool:
        return any(c.name == name and not c.ok for c in self.checks)

    def why(self) -> Text:
        """The reasons, most telling first, then the likely slip; a summary when passed."""
        if self.passed:
            return SENTENCES["passed"].format(code=self.answer_code, ms=self.elapsed_ms)
        parts = [self.transport] if self.transport is not None else []
        parts += [c.text for c in self.checks if not c.ok and c.text is not None]
        parts += [text for _code, text in self.slips]
        en, zh = "; ".join(p.en for p in parts), "；".join(p.zh for p in parts)
        return Text(
            en if en.endswith(("?", ".")) else en + ".",
            zh if zh.endswith(("？", "。")) else zh + "。",
        )

    def with_slips(self, slips: tuple[tuple[str, Text], ...]) -> CaseResult:
        return replace(self, slips=slips)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _printable(text: str, limit: int = 40) -> str:
    """A code fit for a report: lone surrogates replaced, cut to ``limit`` characters."""
    clean = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return excerpt(clean, limit)


def _mask(text: str, salt: str) -> str:
    # An endpoint that echoes what it hashed must not put the salt into a report.
    return text.replace(salt, "•" * 8) if salt else text


def transport_failure(case: CallbackCase, sent: bytes, reason: Text, elapsed_ms: int) -> CaseResult:
    """A case that got no answer at all (timeout, reset) once the endpoint had been reached."""
    return CaseResult(
        case_id=case.id,
        title=case.title,
        expect_codes=case.expect_codes,
        answer_code=None,
        answer_signature_ok=False,
        checks=(),
        elapsed_ms=elapsed_ms,
        http_status=None,
        sent_excerpt=excerpt(sent.decode("utf-8", "replace")),
        answer_excerpt="",
        transport=reason,
    )


def _signature_check(fields: dict[str, Any], salt: str, decoded: str | None) -> Check:
    signature = fields.get("Signature")
    if not isinstance(signature, str) or not signature.strip():
        return Check(CHECK_SIGNATURE, False, SENTENCES["unsigned"])
    plain, ts = fields.get("Plain"), fields.get("Timestamp")
    if not isinstance(plain, str) or not isinstance(ts, str):
        return Check(CHECK_SIGNATURE, False, SENTENCES["bad_signature"])
    expected = callback_signature(plain, salt, ts)
    if signature == expected:  # strict: lower-case hex, exactly (PROTOCOL P7.2)
        return Check(CHECK_SIGNATURE, True)
    if signature.lower() == expected:
        return Check(CHECK_SIGNATURE, False, SENTENCES["upper_hex"])
    md5 = hashlib.md5(java_utf8(plain + salt + ts)).hexdigest()  # naming the slip
    if signature.lower() == md5:
        return Check(CHECK_SIGNATURE, False, SENTENCES["md5"])
    if decoded is not None and signature.lower() == callback_signature(decoded, salt, ts):
        return Check(CHECK_SIGNATURE, False, SENTENCES["decoded_plain"])
    seconds = ts[:-3] if len(ts) > 3 and ts.isdigit() else None
    if seconds is not None and signature.lower() == callback_signature(plain, salt, seconds):
        return Check(CHECK_SIGNATURE, False, SENTENCES["seconds_timestamp"])
    return Check(CHECK_SIGNATURE, False, SENTENCES["bad_signature"])


# a proxy's own answer when nothing runs behind it: asked as for an HTML page (is this the URL?)
GATEWAY_STATUSES = frozenset({502, 503, 504})


def _looks_html(content_type: str, body: bytes) -> bool:
    head = body[:200].lstrip().lower()
    return "html" in content_type.lower() or head.startswith((b"<!doctype", b"<html", b"<"))


def grade_answer(
    case: CallbackCase,
    sent: bytes,
    *,
    salt: str,
    status: int,
    content_type: str,
    body: bytes,
    elapsed_ms: int,
    limit_s: float = ANSWER_LIMIT_S,
    location: str = "",
) -> CaseResult:
    """Grade the endpoint's answer to ``case`` (never raises on what came back)."""
    text = body.decode("utf-8", "replace")
    checks: list[Check] = []
    fields: dict[str, Any] = {}
    bom = body.startswith(b"\xef\xbb\xbf")
    try:
        # read past a BOM, to grade the rest; the BOM itself fails the envelope check below
        data = json.loads(text[1:] if bom else text)
    except (ValueError, RecursionError):
        bom = False  # not JSON behind it either: that is the sentence
        if status == 404:
            sentence = SENTENCES["not_found"]
        elif 300 <= status < 400:
            where = excerpt(_printable(location), 100) or "—"
            sentence = SENTENCES["redirect"].format(status=status, location=where)
        elif status >= 500 and status not in GATEWAY_STATUSES:
            # an error page of the endpoint itself: it broke on this case
            expect = "/".join(case.expect_codes)
            sentence = SENTENCES["server_error"].format(status=status, expect=expect)
        elif not body.strip():
            sentence = SENTENCES["empty"].format(status=status)
        else:
            key = "html" if _looks_html(content_type, body) else "not_json"
            sentence = SENTENCES[key].format(status=status)
        checks.append(Check(CHECK_ENVELOPE, False, sentence))
        data = None
    else:
        # a signed envelope with another status is still refused, as the bank does (the
        # sandbox's check_answer): an error status must not pass because its body looks right
        if status != 200:
            wrong = SENTENCES["not_found"] if status == 404 else SENTENCES["status"]
            checks.append(Check(CHECK_ENVELOPE, False, wrong.format(status=status)))
        if bom:
            checks.append(Check(CHECK_ENVELOPE, False, SENTENCES["bom"]))
    if data is not None and not isinstance(data, dict):
        checks.append(Check(CHECK_ENVELOPE, False, SENTENCES["not_object"]))
    elif isinstance(data, dict):
        fields = data
        absent = [
            n for n in ("Plain", "Signature", "Timestamp") if not isinstance(data.get(n), str)
        ]
        absent = [n for n in absent if n != "Signature"]  # a missing Signature: the signature check
        checks.append(
            Check(
                CHECK_ENVELOPE,
                not absent,
                SENTENCES["missing"].format(field=", ".join(absent)) if absent else None,
            )
        )

    decoded: str | None = None
    code: str | None = None
    plain = fields.get("Plain")
    if isinstance(plain, str):
        try:
            decoded = java_url_decode(plain)
        except PlainDecodeError:
            checks.append(Check(CHECK_PLAIN, False, SENTENCES["plain_undecodable"]))
        # malformed UTF-8 behind the escapes: Java's decoder (and java_url_decode) puts U+FFFD
        # in its place and reads on, so a GBK-encoded Plain would otherwise pass
        replaced = decoded is not None and "\ufffd" in decoded
        if replaced and "%EF%BF%BD" not in plain.upper():  # not a U+FFFD the partner wrote
            checks.append(Check(CHECK_PLAIN, False, SENTENCES["plain_not_utf8"]))
        elif decoded is not None:
            try:
                answer = json.loads(decoded)
            except (ValueError, RecursionError):
                answer = None
            raw = answer.get("CODE") if isinstance(answer, dict) else None
            code = _printable(raw) if isinstance(raw, str) else None
            why = None if code else SENTENCES["plain_not_json"]
            if raw is not None and not isinstance(raw, str):  # {"CODE": 0}: JSON, CODE there
                number = isinstance(raw, int | float) and not isinstance(raw, bool)
                why = SENTENCES["code_not_text"].format(
                    kind="a number" if number else "not text",
                    kind_zh="数字" if number else "非字符串的值",
                )
            checks.append(Check(CHECK_PLAIN, code is not None, why))

    signature_ok = False
    if fields:
        sig = _signature_check(fields, salt, decoded)
        signature_ok = sig.ok
        checks.append(sig)
    code_ok = code in case.expect_codes
    # no code, or an error status (a 404 page's code is nobody's answer): already said why
    said = (any(not c.ok for c in checks) and code is None) or status != 200
    wrong = SENTENCES["wrong_code"].format(expect=" / ".join(case.expect_codes), code=code or "—")
    checks.append(Check(CHECK_CODE, code_ok, None if code_ok or said else wrong))
    fast = elapsed_ms <= limit_s * 1000
    checks.append(
        Check(
            CHECK_TIME,
            fast,
            None if fast else SENTENCES["slow"].format(ms=elapsed_ms, limit=f"{limit_s:g}"),
        )
    )
    return CaseResult(
        case_id=case.id,
        title=case.title,
        expect_codes=case.expect_codes,
        answer_code=code,
        answer_signature_ok=signature_ok,
        checks=tuple(checks),
        elapsed_ms=elapsed_ms,
        http_status=status,
        sent_excerpt=excerpt(sent.decode("utf-8", "replace")),
        answer_excerpt=excerpt(_mask(text, salt)),
    )
