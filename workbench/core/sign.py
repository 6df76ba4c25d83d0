"""The SHA1 request sign of the open platform (PROTOCOL P4), step by step.

Every step is kept in the result so that the window and the command line can show which values
entered the sign, in which order, and the exact string that was hashed.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Where a value came from. The window labels each sorted value with one of these.
SOURCE_APP_ID = "app_id"
SOURCE_VERSION = "version"
SOURCE_NONCE = "nonce"
SOURCE_TYPE = "type"
SOURCE_BODY = "body"
SOURCE_TICKET = "ticket"
SOURCE_VALUE = "value"  # further values other WeBank services sign (a user id, ...)

NONCE_LENGTH = 32  # PROTOCOL P4.1
NONCE_ALPHABET = string.ascii_letters + string.digits
NONCE_RE = re.compile(r"[A-Za-z0-9]{32}")


@dataclass(frozen=True)
class SignValue:
    """One value that enters the sign, with the input it came from."""

    source: str
    text: str


@dataclass(frozen=True)
class SignResult:
    """The sign and every step that led to it."""

    ordered: tuple[SignValue, ...]  # sorted as Java sorts them (PROTOCOL P4.3)
    sign_string: str  # the ordered values concatenated, no separator (PROTOCOL P4.4)
    sign: str  # SHA1 of the UTF-8 sign string, upper-case hex (PROTOCOL P4.4)

    def masked_sign_string(self, mask: str = "•") -> str:
        """The sign string with every ticket value masked, for screens, logs and exports."""
        return "".join(
            mask * 8 if v.source == SOURCE_TICKET and v.text else v.text for v in self.ordered
        )


def java_utf16_units(text: str) -> bytes:
    """The UTF-16 code units of ``text`` as Java's ``String`` holds them (big-endian bytes).

    Comparing these byte strings compares code unit by code unit, which is exactly
    ``String.compareTo`` and so ``Collections.sort`` (PROTOCOL P4.3). Python's own string order
    compares code points, which differs for characters above U+FFFF against U+E000..U+FFFF.
    """
    return text.encode("utf-16-be", "surrogatepass")


def java_sorted(values: Iterable[str]) -> list[str]:
    """``values`` in Java ``String`` order (UTF-16 code units)."""
    return sorted(values, key=java_utf16_units)


def java_utf8(text: str) -> bytes:
    """UTF-8 bytes as Java's ``String.getBytes(UTF_8)`` gives them.

    A lone surrogate (which a Java string can hold) becomes ``?``, like Java's replacement; a
    surrogate pair split over two Python code points is joined first, as Java sees one character.
    """
    try:
        # Fast path: a strict encode fails on any surrogate, so when it succeeds there is
        # nothing to join or replace and the bytes are the same (saves two 1 MB copies).
        return text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    joined = text.encode("utf-16-be", "surrogatepass").decode("utf-16-be", "surrogatepass")
    return joined.encode("utf-8", "replace")


def compute_sign(values: Sequence[SignValue | None]) -> SignResult:
    """Sort, concatenate and hash ``values`` (PROTOCOL P4.2 to P4.4).

    ``None`` entries are dropped, like the guide's ``values.removeAll(singleton(null))``; an empty
    string stays and contributes nothing (PROTOCOL P4.2).
    """
    kept = [v for v in values if v is not None]
    ordered = tuple(sorted(kept, key=lambda v: java_utf16_units(v.text)))
    sign_string = "".join(v.text for v in ordered)
    digest = hashlib.sha1(java_utf8(sign_string)).hexdigest().upper()
    return SignResult(ordered=ordered, sign_string=sign_string, sign=digest)


def request_values(
    *,
    app_id: str,
    version: str,
    nonce: str,
    ticket: str,
    body: str | None = None,
    type: str | None = None,  # the protocol's own name
    extra: Iterable[str] = (),
) -> list[SignValue]:
    """The sign inputs of a business request (PROTOCOL P4.2) or a file call (P6).

    ``type`` is added once, only when given (the guide's sample adds it twice: PROTOCOL P4).
    ``body`` is the exact text sent; ``None`` for calls that sign no body (file calls, P6).
    """
    values = [
        SignValue(SOURCE_APP_ID, app_id),
        SignValue(SOURCE_VERSION, version),
        SignValue(SOURCE_NONCE, nonce),
    ]
    if type is not None:
        values.append(SignValue(SOURCE_TYPE, type))
    if body is not None:
        values.append(SignValue(SOURCE_BODY, body))
    values.extend(SignValue(SOURCE_VALUE, v) for v in extra)
    values.append(SignValue(SOURCE_TICKET, ticket))
    return values


def sign_request(
    *,
    app_id: str,
    version: str,
    nonce: str,
    ticket: str,
    body: str | None = None,
    type: str | None = None,
    extra: Iterable[str] = (),
) -> SignResult:
    """Sign a request: :func:`request_values` then :func:`compute_sign`."""
    return compute_sign(
        request_values(
            app_id=app_id,
            version=version,
            nonce=nonce,
            ticket=ticket,
            body=body,
            type=type,
            extra=extra,
        )
    )


def make_nonce() -> str:
    """A fresh nonce: 32 characters of ``[A-Za-z0-9]`` from ``secrets`` (PROTOCOL P4.1)."""
    return "".join(secrets.choice(NONCE_ALPHABET) for _ in range(NONCE_LENGTH))


def is_valid_nonce(nonce: str) -> bool:
    return NONCE_RE.fullmatch(nonce) is not None
