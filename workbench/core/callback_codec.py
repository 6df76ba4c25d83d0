"""The callback ``Plain`` codec and ``Signature`` (PROTOCOL P7.1 to P7.3).

``Plain`` is the business JSON encoded exactly as ``java.net.URLEncoder.encode(text, "UTF-8")``
does, and decoded as ``URLDecoder.decode(text, "UTF-8")`` does. Python's ``quote_plus`` differs
on ``~`` and ``*`` and must not be used.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass

from workbench.core.sign import java_utf8

# PROTOCOL P7.1: these stay as they are; space becomes '+'; everything else is %XX, upper hex.
_UNRESERVED = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_")
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
    # Fast path for what URLEncoder writes: every '%' starts an ASCII-hex escape. When the whole
    # text then decodes as strict UTF-8, the result is exactly Java's (no escape run can borrow
    # bytes from a literal character: a literal's UTF-8 never starts with a continuation byte).
    # Anything else (Java's parseInt quirks, malformed UTF-8, errors) takes the faithful path.
    if _BAD_PERCENT.search(encoded) is None:
        parts = _ESCAPE_RUNS.split(encoded)  # literal, run, literal, run, ..., literal
        try:
            raw = b"".join(
                bytes.fromhex(part.replace("%", "")) if i % 2 else part.replace("+", " ").encode()
                for i, part in enumerate(parts)
            )
            return raw.decode("utf-8")
        except UnicodeError:
            pass
    return _java_url_decode_slow(encoded)


_ESCAPE_RUNS = re.compile(r"((?:%[0-9A-Fa-f]{2})+)")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _java_url_decode_slow(encoded: str) -> str:
    """The character-by-character decoder, faithful to every quirk of Java's URLDecoder."""
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
                # Java counts UTF-16 units: a character above U+FFFF after '%' is two of them,
                # so the escape is complete (and then bad), not incomplete.
                if i + 1 >= n or (i + 2 >= n and ord(encoded[i + 1]) <= 0xFFFF):
                    raise PlainDecodeError("incomplete_escape", i)
                if ord(encoded[i + 1]) > 0xFFFF:
                    raise PlainDecodeError("bad_escape", i)
                value = _java_parse_hex_pair(encoded[i + 1], encoded[i + 2])
                if value is None:
                    raise PlainDecodeError("bad_escape", i)
                buf.append(value)
                i += 3
            out.append(java_utf8_decode(bytes(buf)))
        else:
            out.append(c)
            i += 1
    return "".join(out)


_REPLACEMENT = "\ufffd"


def _cont(b: int) -> bool:
    return (b & 0xC0) == 0x80


def _bad3(b1: int, b2: int) -> bool:
    """The first two bytes cannot start a 3-byte sequence (E0 overlong, or no continuation)."""
    return (b1 == 0xE0 and (b2 & 0xE0) == 0x80) or not _cont(b2)


def _bad4_2(b1: int, b2: int) -> bool:
    """The first two bytes cannot start a 4-byte sequence (F0 overlong, F4 beyond U+10FFFF)."""
    return (
        (b1 == 0xF0 and not 0x90 <= b2 <= 0xBF)
        or (b1 == 0xF4 and (b2 & 0xF0) != 0x80)
        or not _cont(b2)
    )


def java_utf8_decode(data: bytes) -> str:
    """``new String(data, UTF_8)`` as JDK 17 does it, U+FFFD for U+FFFD.

    Java's replacement differs from Python's "maximal subpart" in places: an encoded surrogate
    (``ED A0 80``) is one U+FFFD in Java, three in Python; a truncated ``ED A0`` at the end is one
    in Java, two in Python. URLDecoder decodes each run of ``%XX`` with this, so Plain decoded
    here reads exactly as the bank's Java sees it (checked against the JVM in the tests).
    """
    out: list[str] = []
    i, n = 0, len(data)
    while i < n:
        b1 = data[i]
        i += 1
        if b1 < 0x80:
            out.append(chr(b1))
        elif 0xC2 <= b1 <= 0xDF:
            if i >= n:
                out.append(_REPLACEMENT)
                break
            if _cont(data[i]):
                out.append(chr(((b1 & 0x1F) << 6) | (data[i] & 0x3F)))
                i += 1
            else:
                out.append(_REPLACEMENT)
        elif 0xE0 <= b1 <= 0xEF:
            if i + 1 < n:
                b2, b3 = data[i], data[i + 1]
                if _bad3(b1, b2) or not _cont(b3):
                    out.append(_REPLACEMENT)
                    i += 0 if _bad3(b1, b2) else 1
                    continue
                code = ((b1 & 0x0F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F)
                out.append(_REPLACEMENT if 0xD800 <= code <= 0xDFFF else chr(code))
                i += 2
            elif i < n and _bad3(b1, data[i]):
                out.append(_REPLACEMENT)
            else:
                out.append(_REPLACEMENT)
                break
        elif 0xF0 <= b1 <= 0xF7:
            if i + 2 < n:
                b2, b3, b4 = data[i], data[i + 1], data[i + 2]
                code = ((b1 & 0x07) << 18) | ((b2 & 0x3F) << 12) | ((b3 & 0x3F) << 6) | (b4 & 0x3F)
                if _cont(b2) and _cont(b3) and _cont(b4) and 0x10000 <= code <= 0x10FFFF:
                    out.append(chr(code))
                    i += 3
                    continue
                out.append(_REPLACEMENT)
                if b1 > 0xF4 or _bad4_2(b1, b2):
                    pass
                elif not _cont(b3):
                    i += 1
                else:
                    i += 2
                continue
            if b1 > 0xF4 or (i < n and _bad4_2(b1, data[i])):
                out.append(_REPLACEMENT)
                continue
            i += 1
            out.append(_REPLACEMENT)
            if i < n and not _cont(data[i]):
                continue
            break
        else:
            out.append(_REPLACEMENT)
    return "".join(out)


def _java_digit(ch: str) -> int | None:
    """``Character.digit(ch, 16)``: ASCII hex, any Unicode decimal digit, full-width A-F.

    Java parses ``char`` by ``char``: a character above U+FFFF is two surrogates, never a digit.
    """
    if ord(ch) > 0xFFFF:
        return None
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
