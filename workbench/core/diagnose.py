"""Explaining a callback signature that does not match (PROTOCOL P7).

"This callback signature does not verify: what did the other side do?" The answer is nearly
always one of a handful of known slips. This module tries each slip as a named variant and
reports the ones that reproduce the given signature while differing from what was checked. It
never raises on what arrives. (The request sign's slips live in ``core.sign_check``.)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote_plus

from workbench.core.callback_codec import callback_signature, java_url_encode
from workbench.core.sign import java_utf8
from workbench.core.text import Text

if TYPE_CHECKING:
    from workbench.core.callback_codec import CallbackEnvelope


@dataclass(frozen=True)
class Diagnostic:
    """A hint: a variant that would have matched, or something odd about the input."""

    code: str
    text: Text


_T = Text

# --- callbacks (PROTOCOL P7) ---------------------------------------------------------------

CALLBACK_TEXTS: dict[str, Text] = {
    "md5_length": _T(
        "The signature has MD5 length (32 hex); SHA256 (64 hex) is expected.",
        "签名长度为 MD5 的 32 位；应为 SHA256 的 64 位。",
    ),
    "plain_not_java_form": _T(
        "Plain is not in Java URLEncoder form (Java would write it "
        "differently): the sender used another encoder.",
        "Plain 不是 Java URLEncoder 的编码形式：发送方使用了其他编码器。",
    ),
    "timestamp_seconds_given": _T(
        "Timestamp looks like seconds (10 digits); milliseconds are expected.",
        "Timestamp 看起来是秒（10 位），应为毫秒。",
    ),
    "upper_hex": _T(
        "The signature is in upper-case hex; the receiver's check "
        "(tmpSign.equals(signature)) wants lower case.",
        "签名为大写十六进制；接收方的校验（tmpSign.equals(signature)）要求小写。",
    ),
    "signature_whitespace": _T("The signature has surrounding whitespace.", "签名首尾带有空白。"),
    "plain_decoded": _T(
        "Matches when the decoded Plain is hashed: the sender hashed the JSON "
        "before URL-encoding it.",
        "对解码后的 Plain 计算时一致：发送方在 URL 编码前签名。",
    ),
    "salt_stripped": _T(
        "Matches with your salt stripped of surrounding whitespace: check the salt you entered.",
        "去掉盐值首尾空白后一致：请检查输入的盐值。",
    ),
    "salt_whitespace": _T(
        "Matches with the salt plus {what}: the sender's salt has stray whitespace.",
        "盐值加上{what}后一致：发送方的盐值带有多余空白。",
    ),
    "timestamp_seconds": _T(
        "Matches with the timestamp in seconds ({ts}) instead of milliseconds.",
        "使用秒级时间戳（{ts}）而非毫秒时一致。",
    ),
    "md5": _T(
        "MD5 of the same input matches: the sender used MD5 instead of SHA256.",
        "同样输入的 MD5 一致：发送方用了 MD5 而不是 SHA256。",
    ),
    "sha1": _T(
        "SHA1 of the same input matches: the sender used SHA1 instead of SHA256.",
        "同样输入的 SHA1 一致：发送方用了 SHA1 而不是 SHA256。",
    ),
    "plain_quote_plus": _T(
        "Matches when Plain is encoded with Python's quote_plus: the sender "
        "signed a differently encoded Plain (~ and * differ from Java).",
        "用 Python quote_plus 编码 Plain 时一致：发送方签名的 Plain 编码不同"
        "（~ 和 * 与 Java 不同）。",
    ),
    "plain_java_reencoded": _T(
        "Matches when the decoded Plain is re-encoded as Java does: the "
        "sender signed the Java encoding but sent another.",
        "按 Java 方式重新编码后一致：发送方对 Java 编码签名，却发送了另一种编码。",
    ),
    "no_salt": _T(
        "Matches with no salt at all: the sender left the salt out.",
        "不加盐值时一致：发送方签名时没有加盐值。",
    ),
    "no_variant": _T(
        "No known slip reproduces it. Possible causes: another salt (each environment "
        "has its own), Plain or Timestamp changed after signing, or a sender that "
        "hashes something else.",
        "没有已知错误能复现该签名。可能的原因：盐值不同（每个环境各有盐值），"
        "签名后 Plain 或 Timestamp 被改动，或发送方对其他内容计算了摘要。",
    ),
}

# Slips that prove the salt differs (and nothing else): only these let a verdict blame the salt.
SALT_SLIPS = frozenset({"salt_stripped", "salt_whitespace", "no_salt"})

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


def _python_quote_plus(text: str) -> str | None:
    """``quote_plus(text)``, or None where Python itself refuses (a lone surrogate)."""
    try:
        return quote_plus(text)
    except UnicodeEncodeError:
        return None


def callback_variants(
    envelope: CallbackEnvelope, salt: str, decoded: str | None
) -> list[Diagnostic]:
    """Which known slips reproduce the given signature (PROTOCOL P7.2); ``no_variant`` if none.

    A slip is named only when the signature it gives equals the given one (case and
    surrounding whitespace aside) *and* differs from the right one: a variant that happens to
    compute the right signature (Plain that Python would encode the same way, ...) explains
    nothing. Only a wrong form of the right signature (upper case, whitespace) names itself
    alone.
    """
    plain, ts = envelope.plain, envelope.timestamp
    raw = envelope.signature
    given = raw.strip().lower()
    expected = callback_signature(plain, salt, ts)
    found: list[Diagnostic] = []
    if raw == expected:
        return found

    def form_slips() -> None:
        if raw.strip() != raw:
            found.append(Diagnostic("signature_whitespace", CALLBACK_TEXTS["signature_whitespace"]))
        if raw.strip() != given:
            found.append(Diagnostic("upper_hex", CALLBACK_TEXTS["upper_hex"]))

    if given == expected:
        form_slips()
        return found

    def check(code: str, candidate: str | None, text: Text | None = None) -> None:
        if candidate is None or candidate != given or candidate == expected:
            return
        if all(d.code != code for d in found):
            found.append(Diagnostic(code, text or CALLBACK_TEXTS[code]))

    if decoded is not None:
        check("plain_decoded", callback_signature(decoded, salt, ts))
        quoted = _python_quote_plus(decoded)
        check("plain_quote_plus", None if quoted is None else callback_signature(quoted, salt, ts))
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
    if salt:
        check("no_salt", callback_signature(plain, "", ts))
    if found:
        form_slips()
    else:
        found.append(Diagnostic("no_variant", CALLBACK_TEXTS["no_variant"]))
    return found


# Things worth saying about an envelope that are not slips (they explain no signature).
NOTE_CODES = frozenset(
    {
        "md5_length",
        "plain_not_java_form",
        "timestamp_seconds_given",
        "extracted_from_log",
        "plain_trimmed",
    }
)
_FORM_SLIPS = frozenset({"upper_hex", "signature_whitespace"})


def named_slips(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The slips among ``diagnostics`` (notes and ``no_variant`` left out)."""
    return [d for d in diagnostics if d.code not in NOTE_CODES and d.code != "no_variant"]


def salt_is_blamed(diagnostics: list[Diagnostic]) -> bool:
    """True when a salt slip reproduces the signature and no other slip is needed for it."""
    codes = {d.code for d in named_slips(diagnostics)} - _FORM_SLIPS
    return bool(codes) and codes <= SALT_SLIPS
