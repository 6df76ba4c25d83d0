"""What the platform client hands back: records of exactly what was sent and received, and the
parsed answers (PROTOCOL P2-P6). Plain data, no Qt, no network.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workbench.core.credentials import Credential
from workbench.core.request import SignedRequest
from workbench.core.sign import SignResult

PLATFORM_OK_CREDENTIALS = "60850000"  # PROTOCOL P2, P3, P9
PLATFORM_OK_BUSINESS = "60840000"  # PROTOCOL P5, P9
TICKET_RETRY_CODES = frozenset({"60841017", "60841018"})  # PROTOCOL P5: refresh and retry once

Progress = Callable[[int, int | None], None]  # (done bytes, total bytes or None), worker thread


@dataclass
class SentRequest:
    """The request exactly as it went on the wire."""

    method: str
    url: str  # full URL with the query string, as sent
    headers: dict[str, str]
    body: bytes | None  # None when the body was streamed from a file (see body_summary)
    body_summary: str = ""  # e.g. "multipart/form-data: photo.jpg (2.1 MB)" for streamed bodies
    sign: SignResult | None = None  # the sign inputs, sign string and sign
    nonce: str = ""

    @property
    def body_text(self) -> str:
        if self.body is None:
            return self.body_summary
        return self.body.decode("utf-8", "replace")


@dataclass
class ReceivedResponse:
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes  # for downloads: empty, the file went to disk
    elapsed_ms: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def content_type(self) -> str:
        for k, v in self.headers.items():
            if k.lower() == "content-type":
                return v
        return ""


@dataclass
class ExchangeRecord:
    """One request and its answer (or the error that stopped it)."""

    request: SentRequest
    response: ReceivedResponse | None = None
    started_ms: int = 0
    error: str = ""  # the plain sentence in English when no response came; see ClientError
    env_name: str = ""  # the environment the request went to (its history is filed there)


@dataclass
class PlatformAnswer:
    """Both layers of a platform answer (PROTOCOL P5)."""

    code: str
    msg: str
    raw: dict[str, Any]
    json_data_text: str | None = None  # the jsonData string as given
    json_data: Any = None  # jsonData decoded, when it is JSON
    biz_seq_no: str = ""
    consumer_seq_no: str = ""
    transaction_time: str = ""

    @property
    def biz_code(self) -> str:
        return safe_text(self.json_data.get("CODE", "")) if isinstance(self.json_data, dict) else ""

    @property
    def biz_desc(self) -> str:
        return safe_text(self.json_data.get("DESC", "")) if isinstance(self.json_data, dict) else ""

    @classmethod
    def parse(cls, body: bytes) -> PlatformAnswer | None:
        """The answer in ``body``, or ``None`` when it is not a JSON object with a ``code``.

        Never raises on what arrives: a broken server's body (nesting too deep for the
        decoder, lone surrogates, a number where text belongs) is either an answer whose
        fields read as safe text, or ``None``.
        """
        data = _loads(body)
        if not isinstance(data, dict) or "code" not in data:
            return None
        jd_text = data.get("jsonData")
        jd: Any = None
        if isinstance(jd_text, str):
            jd = _loads(jd_text)
            jd_text = safe_text(jd_text, limit=None)
        elif jd_text is not None:  # some answers carry an object, not a string
            jd = jd_text
            try:
                jd_text = safe_text(json.dumps(jd, ensure_ascii=False), limit=None)
            except (RecursionError, ValueError):
                jd_text = safe_text(jd)
        # The guide's own sample spells it "ConsumerseqNo": accept both.
        consumer = data.get("ConsumerSeqNo", data.get("ConsumerseqNo", ""))
        return cls(
            code=safe_text(data.get("code", "")),
            msg=safe_text(data.get("msg", "")),
            raw=data,
            json_data_text=jd_text,
            json_data=jd,
            biz_seq_no=safe_text(data.get("BizSeqNo", "")),
            consumer_seq_no=safe_text(consumer),
            transaction_time=safe_text(data.get("transactionTime", "")),
        )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _loads(text: bytes | str) -> Any:
    """The JSON value of ``text``, or ``None`` (not UTF-8, not JSON, nested too deep)."""
    try:
        return json.loads(text.decode("utf-8") if isinstance(text, bytes) else text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def safe_text(value: Any, limit: int | None = 10_000) -> str:
    """``value`` as text that can be shown, logged and encoded anywhere.

    Why: a broken server can send a lone surrogate (``"\\ud800"``), which no UTF-8 encoder
    takes, or a deep list where text belongs, whose ``str()`` overflows the stack. Strings
    lose their lone surrogates (U+FFFD instead); other values are written as compact JSON.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        except (RecursionError, ValueError, TypeError):
            text = f"<{type(value).__name__}>"
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE.sub("\ufffd", text)
    return text


@dataclass
class CredentialResult:
    """The answer of access_token or api_ticket: the credentials it gave, in order."""

    credentials: list[Credential]
    answer: PlatformAnswer
    records: list[ExchangeRecord] = field(default_factory=list)  # a token fetch first, if needed


@dataclass
class CallResult:
    """A business call (PROTOCOL P4, P5)."""

    record: ExchangeRecord  # the attempt whose answer is shown
    answer: PlatformAnswer | None  # None when the body is not a platform answer (HTML 500, ...)
    retried: bool = False  # the ticket was refreshed and the call retried once (PROTOCOL P5)
    first_record: ExchangeRecord | None = None  # the attempt that got 60841017/60841018
    first_answer: PlatformAnswer | None = None


@dataclass
class UploadedFile:
    file_id: str
    file_name: str
    hash_value: str  # MD5 of the bytes, 32 hex (PROTOCOL P6)


@dataclass
class UploadResult:
    record: ExchangeRecord
    answer: PlatformAnswer | None
    files: list[UploadedFile]
    local_md5: dict[str, str]  # file name -> MD5 computed here, streamed
    retried: bool = False  # the ticket was refreshed and the upload sent again (PROTOCOL P5)
    first_record: ExchangeRecord | None = None  # the attempt that got 60841017/60841018
    first_answer: PlatformAnswer | None = None

    def local_hash(self, f: UploadedFile) -> str | None:
        """The MD5 computed here for the file the answer lists as ``f``: found by its name; or,
        for a name the multipart encoding changed on the way (a server's parser may drop a
        backslash, read ``%22`` as a quote, or keep a line break escaped), the only file sent,
        or the one local file whose MD5 the answer gives. None when none is known."""
        local = self.local_md5.get(f.file_name)
        if local is not None:
            return local
        if len(self.local_md5) == 1 and len(self.files) == 1:
            return next(iter(self.local_md5.values()))
        same = [md5 for md5 in self.local_md5.values() if md5.lower() == f.hash_value.lower()]
        return same[0] if same else None

    def hash_matches(self, f: UploadedFile) -> bool | None:
        local = self.local_hash(f)
        if local is None:
            return None
        return local.lower() == f.hash_value.lower()


@dataclass
class DownloadResult:
    record: ExchangeRecord
    path: str  # the final file (only written when the transfer completed)
    size: int
    md5: str
    expected_hash: str
    content_type: str
    retried: bool = False  # the ticket was refreshed and the download asked again (PROTOCOL P5)
    first_record: ExchangeRecord | None = None  # the attempt that got 60841017/60841018
    first_answer: PlatformAnswer | None = None

    @property
    def hash_matches(self) -> bool:
        return self.md5.lower() == self.expected_hash.lower()


@dataclass
class PreparedCall:
    """A business request built and signed but not sent: the dry run (PROTOCOL P4)."""

    method: str
    url: str  # with the query string, exactly as it would be sent
    headers: dict[str, str]
    body: bytes  # the exact bytes sent; the sign covers their text
    sign: SignResult
    nonce: str
    ticket_kind: str  # the credential kind whose value entered the sign
    ticket_missing: bool = False  # no usable ticket in hand: signed with an empty one
    request: SignedRequest | None = None  # what the builder returned; the client sends it

    @property
    def body_text(self) -> str:
        return self.body.decode("utf-8", "replace")
