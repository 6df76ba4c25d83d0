"""The callback ``Plain`` codec and ``Signature`` (PROTOCOL P7.1 to P7.3).

``Plain`` is the business JSON encoded exactly as ``java.net.URLEncoder.encode(text, "UTF-8")``
does, and decoded as ``URLDecoder.decode(text, "UTF-8")`` does. Python's ``quote_plus`` differs
on ``~`` and ``*`` and must not be used.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass

from workbench.core.sign import java_utf8

# PROTOCOL P7.1: these stay as they are; space becomes '+'; everything else is %XX, upper hex.
_UNRESERVED = frozenset(
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_"
)
_ENCODE_TABLE = [
    chr(b) if b in _UNRESERVED else ("+" if b == 0x20 else f"%{b:02X}") for b in range(256)
]
_HEX = frozenset("0123456789abcdefABCDEF")


class PlainDecodeError(ValueError):
    """``Plain`` is not valid URL encoding: ``position`` is the index of the bad ``%`` escape."""

    def __init__(self, reason: str, position: int) -> None:
        super().__init__(f"{reason} at position {position}")
        self.reason = reason  # "bad_escape" | "incomplete_escape"
        self.position = position


def java_url_encode(text: str) -> str:
    """``URLEncoder.encode(text, "UTF-8")`` (PROTOCOL P7.1)."""
    return "".join([_ENCODE_TABLE[b] for b in java_utf8(text)])


def java_url_decode(encoded: str) -> str:
    """``URLDecoder.decode(encoded, "UTF-8")``.

    ``+`` becomes a space; runs of ``%XX`` are collected as bytes and decoded as UTF-8, with
    malformed sequences replaced by U+FFFD as Java's decoder does. A ``%`` not followed by two hex
    digits raises :class:`PlainDecodeError` where Java throws ``IllegalArgumentException``.
    """
    out: list[str] = []
    i = 0
    n = len(encoded)
    while i < n:
        c = encoded[i]
        if c == "+":
            out.append(" ")
            i += 1
        elif c == "%":
            buf = bytearray()
            while i < n and encoded[i] == "%":
                if i + 2 >= n:
                    raise PlainDecodeError("incomplete_escape", i)
                value = _java_parse_hex_pair(encoded[i + 1], encoded[i + 2])
                if value is None:
                    raise PlainDecodeError("bad_escape", i)
                buf.append(value)
                i += 3
            out.append(buf.decode("utf-8", "replace"))
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _java_digit(ch: str) -> int | None:
    """``Character.digit(ch, 16)``: ASCII hex, any Unicode decimal digit, full-width A-F."""
    if ch in _HEX:
        return int(ch, 16)
    dec = unicodedata.decimal(ch, None)
    if dec is not None:
        return dec
    code = ord(ch)
    for base in (0xFF21, 0xFF41):  # full-width 'A' and 'a'
        if base <= code < base + 6:
            return 10 + code - base
    return None


def _java_parse_hex_pair(a: str, b: str) -> int | None:
    """``Integer.parseInt(s, i, i + 2, 16)`` as URLDecoder uses it, or ``None`` where it throws.

    Java accepts a leading ``+`` ("%+7" is byte 7) and ``-0``; any other negative value throws.
    """
    second = _java_digit(b)
    if second is None:
        return None
    if a in "+-":
        if a == "-" and second != 0:
            return None
        return second
    first = _java_digit(a)
    if first is None:
        return None
    return first * 16 + second


def callback_signature(plain: str, salt: str, timestamp: str) -> str:
    """Lower-case hex SHA256 of ``Plain + salt + Timestamp`` (PROTOCOL P7.2).

    ``plain`` is the encoded string exactly as it stands in the envelope.
    """
    return hashlib.sha256(java_utf8(plain + salt + timestamp)).hexdigest()


@dataclass(frozen=True)
class CallbackEnvelope:
    """The five fields of a callback request or answer (PROTOCOL P7)."""

    plain: str
    signature: str
    timestamp: str
    trans_name: str
    seq_no: str

    def to_dict(self) -> dict[str, str]:
        return {
            "Plain": self.plain,
            "Signature": self.signature,
            "Timestamp": self.timestamp,
            "transName": self.trans_name,
            "SeqNo": self.seq_no,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


def build_envelope(
    business_json: str, *, salt: str, trans_name: str, seq_no: str, timestamp_ms: int
) -> CallbackEnvelope:
    """Encode and sign ``business_json`` into an envelope (PROTOCOL P7.1 to P7.3).

    The same function builds the bank's request and the partner's signed answer.
    """
    plain = java_url_encode(business_json)
    timestamp = str(timestamp_ms)
    return CallbackEnvelope(
        plain=plain,
        signature=callback_signature(plain, salt, timestamp),
        timestamp=timestamp,
        trans_name=trans_name,
        seq_no=seq_no,
    )
