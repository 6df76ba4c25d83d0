"""The one builder of signed requests: business calls (PROTOCOL P4) and file calls (P6).

What the window previews and what the client sends come from here, so that they cannot differ:
the builder returns the request target (path and query, percent-encoded, in the order sent),
the body bytes, and the sign with every step that led to it. Pure: no I/O, no clock, no
randomness (the caller draws the nonce), and it never raises on text (a lone surrogate is
encoded the way Java encodes it, as ``?``, in the query as in the sign).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

from workbench.core.sign import SignResult, java_utf8, sign_request

BUSINESS_CONTENT_TYPE = "application/json;charset=UTF-8"
FILE_SIGN_TYPE = "sign"  # PROTOCOL P6: type=sign on every file call
UPLOAD_PATH = "/api/s/up/upload"  # PROTOCOL P6
DOWNLOAD_PATH = "/api/s/up/download"  # PROTOCOL P6
NOTICE_CALLS = ("uploadJson", "uploadForm")  # PROTOCOL P6: upload with notice


@dataclass(frozen=True)
class SignedRequest:
    """A signed request exactly as it goes on the wire."""

    method: str
    base: str  # scheme and host, no trailing slash ("" when the environment has none)
    target: str  # path and query, percent-encoded, in the order sent
    query: tuple[tuple[str, str], ...]  # the query's pairs, decoded, in the order sent
    body: bytes | None  # the exact bytes of a business body; None for file calls (streamed)
    content_type: str  # of the body; "" for file calls (the transfer sets it)
    sign: SignResult
    nonce: str
    ticket_missing: bool = False  # no ticket in hand: signed with an empty one (preview only)

    @property
    def url(self) -> str:
        return f"{self.base}{self.target}"

    @property
    def path(self) -> str:
        return self.target.partition("?")[0]

    @property
    def body_text(self) -> str:
        return "" if self.body is None else self.body.decode("utf-8", "replace")


def encode_query(pairs: Sequence[tuple[str, str]]) -> str:
    """``k=v&...`` as a form encoder does it, over the Java UTF-8 bytes of each text.

    Why not ``urlencode``: it raises ``UnicodeEncodeError`` on a lone surrogate; Java sends
    ``?`` for it, and the sign (:func:`java_utf8`) counts it as ``?`` too.
    """
    return "&".join(f"{quote_plus(java_utf8(k))}={quote_plus(java_utf8(v))}" for k, v in pairs)


def path_segment(text: str) -> str:
    """One path segment, percent-encoded; ``.`` and ``..`` too (a client would drop them)."""
    encoded = quote(java_utf8(text), safe="")
    if encoded in (".", ".."):
        return encoded.replace(".", "%2E")
    return encoded


def notice_path(biz_path: str, call: str) -> str:
    """``/up/s/{bizPath}/{call}`` (PROTOCOL P6); ``biz_path`` may hold slashes."""
    segments = [path_segment(s) for s in biz_path.strip("/").split("/")]
    return f"/up/s/{'/'.join(segments)}/{call}"


def repeated_file_names(names: Sequence[str]) -> list[str]:
    """The names that occur more than once in ``names``, each once, in first-seen order.

    Why uploadForm refuses them (PROTOCOL P6): the answer's ``fileList`` names each stored
    file only by ``fileName`` (its ``fileId`` and ``hashValue`` beside it), so two parts of the
    same name could not be told apart: which ``fileId`` is which file, and which local MD5 a
    ``hashValue`` is to be compared with, would be a guess.
    """
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        if name in seen and name not in out:
            out.append(name)
        seen.add(name)
    return out


def _base(base: str) -> str:
    return base.strip().rstrip("/")


def business_request(
    *,
    base: str,
    app_id: str,
    version: str,
    system: str,
    service_code: str,
    body: str,
    ticket: str | None,
    nonce: str,
    type: str | None = None,  # the protocol's own name
) -> SignedRequest:
    """``POST {api}/api/s/{system}/{service_code}?app_id=&nonce=&version=&sign=[&type=]``.

    PROTOCOL P4: the sign covers the body as the exact text sent, so the body bytes returned
    are the ones signed. ``ticket`` ``None`` signs with an empty ticket (a preview).
    """
    sign = sign_request(
        app_id=app_id, version=version, nonce=nonce, ticket=ticket or "", body=body, type=type
    )
    pairs = [("app_id", app_id), ("nonce", nonce), ("version", version), ("sign", sign.sign)]
    if type is not None:
        pairs.append(("type", type))
    path = f"/api/s/{path_segment(system)}/{path_segment(service_code)}"
    return SignedRequest(
        method="POST",
        base=_base(base),
        target=f"{path}?{encode_query(pairs)}",
        query=tuple(pairs),
        body=java_utf8(body),
        content_type=BUSINESS_CONTENT_TYPE,
        sign=sign,
        nonce=nonce,
        ticket_missing=ticket is None,
    )


def file_request(
    *,
    base: str,
    method: str,
    path: str,
    app_id: str,
    version: str,
    ticket: str | None,
    nonce: str,
    type_in_sign: bool = True,
    extra: Sequence[tuple[str, str]] = (),
) -> SignedRequest:
    """A file call ``{path}?app_id=&nonce=&sign=&version=&type=sign&<extra>`` (PROTOCOL P6).

    The sign covers app_id, version, nonce, ``type`` (switchable, where the guide is unclear)
    and the ticket; never the body, which carries the file. ``path`` is already encoded
    (:data:`UPLOAD_PATH`, :data:`DOWNLOAD_PATH`, :func:`notice_path`).
    """
    sign = sign_request(
        app_id=app_id,
        version=version,
        nonce=nonce,
        ticket=ticket or "",
        type=FILE_SIGN_TYPE if type_in_sign else None,
    )
    pairs = [
        ("app_id", app_id),
        ("nonce", nonce),
        ("sign", sign.sign),
        ("version", version),
        ("type", FILE_SIGN_TYPE),
        *extra,
    ]
    return SignedRequest(
        method=method,
        base=_base(base),
        target=f"{path}?{encode_query(pairs)}",
        query=tuple(pairs),
        body=None,
        content_type="",
        sign=sign,
        nonce=nonce,
        ticket_missing=ticket is None,
    )


def upload_request(
    *,
    base: str,
    app_id: str,
    version: str,
    ticket: str | None,
    nonce: str,
    file_type: str,
    file_format: str,
    type_in_sign: bool = True,
) -> SignedRequest:
    """``POST {file}/api/s/up/upload?...&fileType=&fileFormat=`` (PROTOCOL P6)."""
    return file_request(
        base=base,
        method="POST",
        path=UPLOAD_PATH,
        app_id=app_id,
        version=version,
        ticket=ticket,
        nonce=nonce,
        type_in_sign=type_in_sign,
        extra=(("fileType", file_type), ("fileFormat", file_format)),
    )


def download_request(
    *,
    base: str,
    app_id: str,
    version: str,
    ticket: str | None,
    nonce: str,
    file_id: str,
    hash_value: str,
    content_type: str = "image/jpeg",
    type_in_sign: bool = True,
) -> SignedRequest:
    """``GET {file}/api/s/up/download?...&fileId=&hashValue=&contentType=`` (PROTOCOL P6)."""
    return file_request(
        base=base,
        method="GET",
        path=DOWNLOAD_PATH,
        app_id=app_id,
        version=version,
        ticket=ticket,
        nonce=nonce,
        type_in_sign=type_in_sign,
        extra=(("fileId", file_id), ("hashValue", hash_value), ("contentType", content_type)),
    )


def notice_request(
    *,
    base: str,
    call: str,
    biz_path: str,
    app_id: str,
    version: str,
    ticket: str | None,
    nonce: str,
    type_in_sign: bool = True,
    file_type: str = "",
    file_format: str = "",
) -> SignedRequest:
    """``POST {file}/up/s/{bizPath}/uploadJson`` or ``.../uploadForm`` (PROTOCOL P6), with
    ``fileType`` and ``fileFormat`` in the URL when given (guide 4.5.3 lists both)."""
    extra = tuple(
        (name, value)
        for name, value in (("fileType", file_type), ("fileFormat", file_format))
        if value
    )
    return file_request(
        base=base,
        method="POST",
        path=notice_path(biz_path, call),
        app_id=app_id,
        version=version,
        ticket=ticket,
        nonce=nonce,
        type_in_sign=type_in_sign,
        extra=extra,
    )
