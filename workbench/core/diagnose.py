"""Explaining a sign or signature that does not match (PROTOCOL P4, P7).

Two questions partners ask all day: "our server computed this request sign, why does the
platform answer 60841018?" and "this callback signature does not verify, what did the other side
do?". The answer is nearly always one of a handful of known slips. This module recomputes the
value by the rules, then tries each slip as a named variant and reports which ones reproduce the
value that was given. It never raises on user input: bad input becomes a reason sentence.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, quote_plus

from workbench.core.callback_codec import callback_signature, java_url_encode
from workbench.core.sign import (
    SOURCE_TYPE,
    SignResult,
    SignValue,
    compute_sign,
    is_valid_nonce,
    java_utf8,
    request_values,
)
from workbench.core.text import Text

if TYPE_CHECKING:
    from workbench.core.callback_codec import CallbackEnvelope

SIGN_MATCH = "match"  # the given sign is right by PROTOCOL P4
SIGN_VARIANT = "variant"  # wrong by P4, but one or more named slips reproduce it
SIGN_MISMATCH = "mismatch"  # nothing tried reproduces it (other ticket, other body, ...)
SIGN_MALFORMED = "malformed"  # the input cannot be checked (no sign in the URL, ...)


@dataclass(frozen=True)
class Diagnostic:
    """A hint: a variant that would have matched, or something odd about the input."""

    code: str
    text: Text


@dataclass(frozen=True)
class SignVariant:
    """One slip, tried: the sign it gives and whether that is the sign that was given."""

    code: str
    text: Text
    sign: str
    matches: bool


@dataclass(frozen=True)
class SignDiagnosis:
    """The outcome of :func:`diagnose_request_sign`."""

    status: str  # SIGN_*
    given_sign: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    expected: SignResult | None = None
    variants: list[SignVariant] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)

    @property
    def matching(self) -> list[SignVariant]:
        return [v for v in self.variants if v.matches]


_T = Text
REQUEST_TEXTS: dict[str, Text] = {
    "no_query": _T(
        "No query string found: paste the whole URL or its part after '?'.",
        "没有找到查询参数:请粘贴完整 URL 或 '?' 之后的部分。",
    ),
    "missing_param": _T("The URL has no {name} parameter.", "URL 中缺少参数 {name}。"),
    "duplicate_param": _T(
        "The URL has {name} more than once; the first one is used.",
        "URL 中 {name} 出现多次,使用第一个。",
    ),
    "no_ticket": _T(
        "No ticket given: the sign cannot be recomputed without it.",
        "没有提供 ticket:无法重新计算签名。",
    ),
    "bad_nonce": _T(
        "nonce should be 32 letters and digits (PROTOCOL P4.1).",
        "nonce 应为 32 位字母和数字(P4.1)。",
    ),
    "sign_length": _T(
        "sign should be 40 hex characters (SHA1); it has {n}.",
        "sign 应为 40 位十六进制(SHA1),实际 {n} 位。",
    ),
    "previous_ticket": _T(
        "Signed with the previous ticket. It is still accepted for 5 minutes "
        "after a new one is issued, then the platform answers 60841018.",
        "使用了上一个 ticket 签名。新 ticket 发放后旧 ticket 只再有效 5 分钟,"
        "之后平台返回 60841018。",
    ),
    "body_reserialised": _T(
        "The body was signed as {form} but sent differently: sign exactly "
        "the text you send (PROTOCOL P4.5).",
        "签名用的 body 是 {form},但实际发送的文本不同:必须对发送的原文签名(P4.5)。",
    ),
    "type_excluded": _T(
        "Signed without type={type}: type must be in the sign when it is in the URL.",
        "签名时没有包含 type={type}:URL 中有 type 时必须参与签名。",
    ),
    "type_included": _T(
        "Signed with type=sign although the URL has no type.",
        "URL 中没有 type,签名时却加入了 type=sign。",
    ),
    "type_twice": _T(
        "type was added twice, as in the guide's sample (a slip: add it once).",
        "type 被加入了两次(指南示例的笔误,应只加一次)。",
    ),
    "no_body": _T(
        "Signed without the body (as file calls are): a business call signs the body.",
        "签名时没有包含 body(文件接口才不签 body):业务请求必须签 body。",
    ),
    "lower_hex": _T(
        "The sign is right but in lower-case hex: the platform wants UPPER case.",
        "签名正确但为小写十六进制:平台要求大写。",
    ),
    "codepoint_sort": _T(
        "Values sorted by Unicode code point (Python's sorted()) instead of "
        "Java's UTF-16 order (PROTOCOL P4.3).",
        "按 Unicode 码点排序(Python sorted())而不是 Java 的 UTF-16 顺序(P4.3)。",
    ),
    "trimmed": _T(
        "Signed with surrounding whitespace trimmed from the values (a pasted "
        "ticket or body with a newline?).",
        "签名时去掉了各值首尾的空白(复制 ticket 或 body 时带了换行?)。",
    ),
}


def _sha1_upper(values: list[SignValue]) -> str:
    return compute_sign(values).sign


def _parse_query(url: str) -> tuple[list[tuple[str, str]] | None, str]:
    text = url.strip()
    if "?" in text:
        text = text.split("?", 1)[1]
    text = text.split("#", 1)[0]
    if "=" not in text:
        return None, text
    return parse_qsl(text, keep_blank_values=True), text


def _body_forms(body: str) -> list[tuple[str, str]]:
    """Other JSON serialisations of ``body`` a signer may have hashed instead of the sent text."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return []
    forms: list[tuple[str, str]] = []
    for sep, sep_name in (((",", ":"), "compact"), ((", ", ": "), "spaced")):
        for sort_keys in (False, True):
            for ascii_only in (True, False):
                try:
                    text = json.dumps(
                        data, separators=sep, sort_keys=sort_keys, ensure_ascii=ascii_only
                    )
                except (ValueError, TypeError, RecursionError):
                    continue
                name = ", ".join(
                    [sep_name]
                    + (["keys sorted"] if sort_keys else [])
                    + (["non-ASCII as \\u escapes"] if ascii_only else ["non-ASCII kept"])
                )
                if text != body and all(text != t for _, t in forms):
                    forms.append((name, text))
    return forms


def diagnose_request_sign(
    url: str, body: str, ticket: str, previous_ticket: str | None = None
) -> SignDiagnosis:
    """Recompute the sign of a request seen elsewhere and explain a mismatch (PROTOCOL P4).

    ``url`` may be a whole URL or a bare query string holding ``app_id``, ``nonce``,
    ``version``, ``sign`` and optionally ``type``; ``body`` is the exact text sent.
    """
    pairs, _ = _parse_query(url)
    if pairs is None:
        return SignDiagnosis(
            SIGN_MALFORMED, problems=[Diagnostic("no_query", REQUEST_TEXTS["no_query"])]
        )
    params: dict[str, str] = {}
    notes: list[Diagnostic] = []
    for key, value in pairs:
        if key in params:
            if key in ("app_id", "nonce", "version", "sign", "type"):
                notes.append(
                    Diagnostic("duplicate_param", REQUEST_TEXTS["duplicate_param"].format(name=key))
                )
            continue
        params[key] = value
    problems = [
        Diagnostic("missing_param", REQUEST_TEXTS["missing_param"].format(name=name))
        for name in ("sign", "app_id", "nonce", "version")
        if name not in params
    ]
    if not ticket:
        problems.append(Diagnostic("no_ticket", REQUEST_TEXTS["no_ticket"]))
    given = params.get("sign")
    if problems:
        return SignDiagnosis(
            SIGN_MALFORMED, given_sign=given, params=params, problems=problems, notes=notes
        )
    assert given is not None
    if not is_valid_nonce(params["nonce"]):
        notes.append(Diagnostic("bad_nonce", REQUEST_TEXTS["bad_nonce"]))
    if len(given) != 40:
        notes.append(Diagnostic("sign_length", REQUEST_TEXTS["sign_length"].format(n=len(given))))

    url_type = params.get("type")
    base = {"app_id": params["app_id"], "version": params["version"], "nonce": params["nonce"]}

    def values(
        *,
        tk: str = ticket,
        bd: str | None = body,
        tp: str | None = url_type,
    ) -> list[SignValue]:
        return request_values(**base, ticket=tk, body=bd, type=tp)

    expected = compute_sign(values())
    target = given.upper()
    tried: list[tuple[str, Text, str]] = []

    if given != expected.sign and given.upper() == expected.sign:
        tried.append(("lower_hex", REQUEST_TEXTS["lower_hex"], expected.sign.lower()))
    if previous_ticket and previous_ticket != ticket:
        tried.append(
            (
                "previous_ticket",
                REQUEST_TEXTS["previous_ticket"],
                _sha1_upper(values(tk=previous_ticket)),
            )
        )
    for form_name, text in _body_forms(body):
        tried.append(
            (
                "body_reserialised",
                REQUEST_TEXTS["body_reserialised"].format(form=form_name),
                _sha1_upper(values(bd=text)),
            )
        )
    if url_type is not None:
        tried.append(
            (
                "type_excluded",
                REQUEST_TEXTS["type_excluded"].format(type=url_type),
                _sha1_upper(values(tp=None)),
            )
        )
        tried.append(
            (
                "type_twice",
                REQUEST_TEXTS["type_twice"],
                _sha1_upper(values() + [SignValue(SOURCE_TYPE, url_type)]),
            )
        )
    if url_type != "sign":
        tried.append(
            ("type_included", REQUEST_TEXTS["type_included"], _sha1_upper(values(tp="sign")))
        )
    if body:
        tried.append(("no_body", REQUEST_TEXTS["no_body"], _sha1_upper(values(bd=None))))
    plain_order = "".join(sorted(v.text for v in values()))
    if plain_order != expected.sign_string:
        digest = hashlib.sha1(java_utf8(plain_order)).hexdigest().upper()
        tried.append(("codepoint_sort", REQUEST_TEXTS["codepoint_sort"], digest))
    stripped = [SignValue(v.source, v.text.strip()) for v in values()]
    if any(a.text != b.text for a, b in zip(stripped, values(), strict=True)):
        tried.append(("trimmed", REQUEST_TEXTS["trimmed"], _sha1_upper(stripped)))

    variants = [
        SignVariant(code, text, sign, sign == given if code == "lower_hex" else sign == target)
        for code, text, sign in tried
    ]
    if given == expected.sign:
        status = SIGN_MATCH
    elif any(v.matches for v in variants):
        status = SIGN_VARIANT
    else:
        status = SIGN_MISMATCH
    return SignDiagnosis(
        status, given_sign=given, params=params, expected=expected, variants=variants, notes=notes
    )


# --- callbacks (PROTOCOL P7) ---------------------------------------------------------------

CALLBACK_TEXTS: dict[str, Text] = {
    "md5_length": _T(
        "The signature has MD5 length (32 hex); SHA256 (64 hex) is expected (PROTOCOL P7.5).",
        "签名长度为 MD5 的 32 位;应为 SHA256 的 64 位(P7.5)。",
    ),
    "plain_not_java_form": _T(
        "Plain is not in Java URLEncoder form (Java would write it "
        "differently): the sender used another encoder.",
        "Plain 不是 Java URLEncoder 的编码形式:发送方使用了其他编码器。",
    ),
    "timestamp_seconds_given": _T(
        "Timestamp looks like seconds (10 digits); milliseconds are expected.",
        "Timestamp 看起来是秒(10 位),应为毫秒。",
    ),
    "upper_hex": _T(
        "The signature is right but in upper-case hex; lower case is expected.",
        "签名正确但为大写十六进制;应为小写。",
    ),
    "signature_whitespace": _T(
        "The signature is right but has surrounding whitespace.", "签名正确但首尾带有空白。"
    ),
    "plain_decoded": _T(
        "Matches when the decoded Plain is hashed: the sender hashed the JSON "
        "before URL-encoding it.",
        "对解码后的 Plain 计算时一致:发送方在 URL 编码前签名。",
    ),
    "salt_stripped": _T(
        "Matches with your salt stripped of surrounding whitespace: check the salt you entered.",
        "去掉盐值首尾空白后一致:请检查输入的盐值。",
    ),
    "salt_whitespace": _T(
        "Matches with the salt plus {what}: the sender's salt has stray whitespace.",
        "盐值加上{what}后一致:发送方的盐值带有多余空白。",
    ),
    "timestamp_seconds": _T(
        "Matches with the timestamp in seconds ({ts}) instead of milliseconds.",
        "使用秒级时间戳({ts})而非毫秒时一致。",
    ),
    "md5": _T(
        "MD5 of the same input matches: the sender used MD5 instead of SHA256.",
        "同样输入的 MD5 一致:发送方用了 MD5 而不是 SHA256。",
    ),
    "sha1": _T(
        "SHA1 of the same input matches: the sender used SHA1 instead of SHA256.",
        "同样输入的 SHA1 一致:发送方用了 SHA1 而不是 SHA256。",
    ),
    "plain_quote_plus": _T(
        "Matches when Plain is encoded with Python's quote_plus: the sender "
        "signed a differently encoded Plain (~ and * differ from Java).",
        "用 Python quote_plus 编码 Plain 时一致:发送方签名的 Plain 编码不同(~ 和 * 与 Java 不同)。",
    ),
    "plain_java_reencoded": _T(
        "Matches when the decoded Plain is re-encoded as Java does: the "
        "sender signed the Java encoding but sent another.",
        "按 Java 方式重新编码后一致:发送方对 Java 编码签名,却发送了另一种编码。",
    ),
    "no_salt": _T(
        "Matches with no salt at all: the sender left the salt out.",
        "不加盐值时一致:发送方签名时没有加盐值。",
    ),
    "no_variant": _T(
        "No known slip reproduces it: most likely another salt (each environment "
        "has its own) or Plain/Timestamp changed after signing.",
        "没有已知错误能复现该签名:多半是盐值不同(每个环境各有盐值),"
        "或签名后 Plain/Timestamp 被改动。",
    ),
}

_WHITESPACE = (
    ("\n", "a trailing newline", "结尾换行"),
    ("\r\n", "a trailing CRLF", "结尾 CRLF"),
    (" ", "a trailing space", "结尾空格"),
    ("\t", "a trailing tab", "结尾制表符"),
)


def callback_envelope_notes(envelope: CallbackEnvelope, decoded: str | None) -> list[Diagnostic]:
    """Odd things about an envelope worth saying whether or not the signature matches."""
    notes: list[Diagnostic] = []
    sig = envelope.signature.strip()
    if len(sig) == 32 and all(c in "0123456789abcdefABCDEF" for c in sig):
        notes.append(Diagnostic("md5_length", CALLBACK_TEXTS["md5_length"]))
    if decoded is not None and java_url_encode(decoded) != envelope.plain:
        notes.append(Diagnostic("plain_not_java_form", CALLBACK_TEXTS["plain_not_java_form"]))
    ts = envelope.timestamp.strip()
    if len(ts) == 10 and ts.isascii() and ts.isdigit():
        text = CALLBACK_TEXTS["timestamp_seconds_given"]
        notes.append(Diagnostic("timestamp_seconds_given", text))
    return notes


def callback_variants(
    envelope: CallbackEnvelope, salt: str, decoded: str | None
) -> list[Diagnostic]:
    """Which known slips reproduce the given signature (PROTOCOL P7.2); ``no_variant`` if none."""
    plain, ts = envelope.plain, envelope.timestamp
    given = envelope.signature.strip().lower()
    expected = callback_signature(plain, salt, ts)
    found: list[Diagnostic] = []

    def check(code: str, candidate: str, text: Text | None = None) -> None:
        if candidate == given and all(d.code != code for d in found):
            found.append(Diagnostic(code, text or CALLBACK_TEXTS[code]))

    if envelope.signature.strip() != envelope.signature:
        check("signature_whitespace", expected)
    elif envelope.signature != expected:
        check("upper_hex", expected)
    if decoded is not None:
        check("plain_decoded", callback_signature(decoded, salt, ts))
        check("plain_quote_plus", callback_signature(quote_plus(decoded), salt, ts))
        check("plain_java_reencoded", callback_signature(java_url_encode(decoded), salt, ts))
    if salt.strip() != salt:
        check("salt_stripped", callback_signature(plain, salt.strip(), ts))
    for ws, en, zh in _WHITESPACE:
        text = Text(
            CALLBACK_TEXTS["salt_whitespace"].en.format(what=en),
            CALLBACK_TEXTS["salt_whitespace"].zh.format(what=zh),
        )
        check("salt_whitespace", callback_signature(plain, salt + ws, ts), text)
        check("salt_whitespace", callback_signature(plain, ws + salt, ts), text)
    digits = ts.strip()
    if len(digits) >= 13 and digits.isascii() and digits.isdigit():
        seconds = str(int(digits) // 1000)
        check(
            "timestamp_seconds",
            callback_signature(plain, salt, seconds),
            CALLBACK_TEXTS["timestamp_seconds"].format(ts=seconds),
        )
    data = java_utf8(plain + salt + ts)
    check("md5", hashlib.md5(data).hexdigest())
    check("sha1", hashlib.sha1(data).hexdigest())
    check("no_salt", callback_signature(plain, "", ts))
    if not found:
        found.append(Diagnostic("no_variant", CALLBACK_TEXTS["no_variant"]))
    return found
