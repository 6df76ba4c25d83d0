"""What the platform's answers hold, read without trusting them (PROTOCOL P2, P3, P6).

Pure functions from a parsed :class:`PlatformAnswer` to credentials and file lists. A broken
or hostile server can send anything: a list where a number belongs, ``fileList: null``, a
token with a lone surrogate. Each of these becomes a :class:`ClientError` of kind
``BAD_ANSWER`` with a plain sentence, never a raw ``TypeError`` or ``UnicodeEncodeError``.
The fuzz target ``tests/fuzz/fuzz_answers.py`` drives them with random bodies.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workbench.client import errors as E
from workbench.client.errors import ClientError
from workbench.client.models import ExchangeRecord, PlatformAnswer, UploadedFile, safe_text
from workbench.core.credentials import (
    KIND_ACCESS_TOKEN,
    KIND_SIGN_TICKET,
    KIND_USER_TICKET,
    Credential,
)
from workbench.core.text import Text

TICKET_KINDS = {"sign": KIND_SIGN_TICKET, "user": KIND_USER_TICKET}
MAX_EXPIRE_IN_S = 366 * 24 * 3600  # longer than any real lifetime; keeps dates computable
_NAMES = {
    KIND_ACCESS_TOKEN: Text("access token", "access token"),
    KIND_SIGN_TICKET: Text("sign ticket", "签名票据"),
    KIND_USER_TICKET: Text("user ticket", "用户票据"),
}


def bad_answer(
    text: Text, record: ExchangeRecord | None, answer: PlatformAnswer | None = None
) -> ClientError:
    return ClientError(E.BAD_ANSWER, text, record=record, answer=answer)


def _expire_in(raw: dict[str, Any]) -> int:
    value = raw.get("expire_in", "")
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return 0
    try:
        seconds = int(value)
    except ValueError:  # not a number, or more digits than int() takes
        return 0
    return max(0, min(seconds, MAX_EXPIRE_IN_S))


def credential(
    kind: str,
    answer: PlatformAnswer,
    raw: Any,
    received_ms: int,
    record: ExchangeRecord | None,
) -> Credential:
    """The credential of ``kind`` in ``raw`` (the answer itself, or one of its tickets).

    A value that is missing, not text, or not plain printable text is refused: it would go
    into the next URL and sign (a lone surrogate cannot even be encoded there).
    """
    name = _NAMES.get(kind, Text(kind, kind))
    fields = raw if isinstance(raw, dict) else {}
    key = "access_token" if kind == KIND_ACCESS_TOKEN else "value"
    value = fields.get(key)
    if not isinstance(value, str) or not value:
        raise bad_answer(
            Text(
                f"The answer holds no {name.en} (the {key} field is missing or not text).",
                f"应答中没有{name.zh}（{key} 字段缺失或不是文本）。",
            ),
            record,
            answer,
        )
    if not value.isprintable() or not value.isascii():
        raise bad_answer(
            Text(
                f"The {name.en} in the answer holds characters no token has "
                "(not plain ASCII): it was not kept.",
                f"应答中的{name.zh}包含令牌不应有的字符（非纯 ASCII）：未保存。",
            ),
            record,
            answer,
        )
    return Credential(
        kind=kind,
        value=value,
        received_ms=received_ms,
        expire_in_s=_expire_in(fields),
        expire_time_raw=safe_text(fields.get("expire_time", ""), limit=100),
        transaction_time_raw=answer.transaction_time[:100],
    )


def access_token(
    answer: PlatformAnswer, received_ms: int, record: ExchangeRecord | None
) -> Credential:
    """The access token of an access_token answer (PROTOCOL P2)."""
    return credential(KIND_ACCESS_TOKEN, answer, answer.raw, received_ms, record)


def tickets(
    answer: PlatformAnswer,
    types: Sequence[str],
    received_ms: int,
    record: ExchangeRecord | None,
) -> list[Credential]:
    """The tickets of an api_ticket answer, one per type asked, in that order (PROTOCOL P3)."""
    raw_tickets = answer.raw.get("tickets")
    if not isinstance(raw_tickets, list) or len(raw_tickets) != len(types):
        raise bad_answer(
            Text(
                "The ticket answer does not hold one ticket per type asked.",
                "票据应答中的票据数与请求的类型数不一致。",
            ),
            record,
            answer,
        )
    return [
        credential(TICKET_KINDS.get(t, t), answer, raw, received_ms, record)
        for t, raw in zip(types, raw_tickets, strict=True)
    ]


def _file_list(
    holder: Any, key: str, answer: PlatformAnswer, record: ExchangeRecord | None
) -> list[Any]:
    items = holder.get(key) if isinstance(holder, dict) else None
    if not isinstance(items, list):
        raise bad_answer(
            Text(
                f"The upload answer has no list of files ({key} is missing or not a list): "
                "the platform did not say which files it kept.",
                f"上传应答中没有文件列表（{key} 缺失或不是列表）：平台未说明保存了哪些文件。",
            ),
            record,
            answer,
        )
    return items


def _file(item: Any, id_key: str, name_key: str, hash_key: str) -> UploadedFile | None:
    if not isinstance(item, dict):
        return None
    return UploadedFile(
        safe_text(item.get(id_key, ""), limit=1000),
        safe_text(item.get(name_key, ""), limit=1000),
        safe_text(item.get(hash_key, ""), limit=1000),
    )


def uploaded_files(answer: PlatformAnswer, record: ExchangeRecord | None) -> list[UploadedFile]:
    """``jsonData.FILE_LIST`` of an upload answer (PROTOCOL P6)."""
    items = _file_list(answer.json_data, "FILE_LIST", answer, record)
    files = [_file(f, "FILE_ID", "FILE_NAME", "HASH_VALUE") for f in items]
    return [f for f in files if f is not None]


def notice_files(answer: PlatformAnswer, record: ExchangeRecord | None) -> list[UploadedFile]:
    """``fileList`` of an uploadJson / uploadForm answer (PROTOCOL P6)."""
    items = _file_list(answer.raw, "fileList", answer, record)
    files = [_file(f, "fileId", "fileName", "hashValue") for f in items]
    return [f for f in files if f is not None]
