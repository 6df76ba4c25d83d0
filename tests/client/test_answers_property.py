"""Property: no answer body makes the answer readers raise anything but a ClientError, and
every text they give can be encoded (the modest in-suite sibling of tests/fuzz/fuzz_answers.py).
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.client import answers
from workbench.client.errors import ClientError
from workbench.client.failures import expect_answer
from workbench.client.models import (
    PLATFORM_OK_BUSINESS,
    PLATFORM_OK_CREDENTIALS,
    ExchangeRecord,
    PlatformAnswer,
    ReceivedResponse,
    SentRequest,
)

KEYS = [
    "code",
    "msg",
    "access_token",
    "expire_in",
    "expire_time",
    "tickets",
    "value",
    "jsonData",
    "fileList",
    "FILE_LIST",
    "transactionTime",
    "BizSeqNo",
]
# text with lone surrogates: what a JSON "\ud800" escape decodes to
TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), TEXT, st.sampled_from(KEYS)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), TEXT), inner, max_size=5),
    ),
    max_leaves=20,
)
CODES = st.sampled_from([PLATFORM_OK_CREDENTIALS, PLATFORM_OK_BUSINESS, "60841017"])


@st.composite
def answer_bodies(draw: st.DrawFn) -> bytes:
    fields: dict[str, Any] = draw(st.dictionaries(st.sampled_from(KEYS), JSON, max_size=6))
    if draw(st.booleans()):
        fields["code"] = draw(CODES)
    if draw(st.booleans()):
        fields["jsonData"] = json.dumps(draw(JSON))
    return json.dumps(fields).encode("ascii")


BODIES = st.one_of(
    answer_bodies(), st.binary(max_size=64), JSON.map(lambda v: json.dumps(v).encode())
)


def _readers(body: bytes) -> None:
    record = ExchangeRecord(
        SentRequest("GET", "https://x", {}, None), ReceivedResponse(200, "OK", {}, body, 1.0)
    )
    answer = PlatformAnswer.parse(body)
    if answer is not None:
        for text in (
            answer.code,
            answer.msg,
            answer.biz_code,
            answer.biz_desc,
            answer.json_data_text or "",
        ):
            text.encode("utf-8")
    for run in (
        lambda: answers.access_token(
            expect_answer(record, frozenset({PLATFORM_OK_CREDENTIALS})), 0, record
        ),
        lambda: answers.tickets(
            expect_answer(record, frozenset({PLATFORM_OK_CREDENTIALS})), ["sign"], 0, record
        ),
        lambda: answers.notice_files(
            expect_answer(record, frozenset({PLATFORM_OK_BUSINESS})), record
        ),
        lambda: answers.uploaded_files(
            expect_answer(record, frozenset({PLATFORM_OK_BUSINESS})), record
        ),
    ):
        try:
            result = run()
        except ClientError as exc:
            assert exc.text.en and exc.text.zh
            exc.text.en.encode("utf-8")
            exc.text.zh.encode("utf-8")
            continue
        for item in result if isinstance(result, list) else [result]:
            for value in vars(item).values():
                if isinstance(value, str):
                    value.encode("utf-8")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BODIES)
def test_answer_readers_raise_only_client_errors(body: bytes) -> None:
    _readers(body)


def test_the_fuzzed_findings_stay_fixed() -> None:
    """The inputs the issue names, read directly (the same inputs over HTTP: test_broken_server)."""
    for body in (
        b"[" * 100_000,
        b'{"code":"60850000","access_token":"\\ud800abc","expire_in":"3600"}',
        b'{"code":"60840000","fileList":5}',
        b'{"code":"60840000","fileList":null}',
        b'{"code":' + b"[" * 995 + b"]" * 995 + b"}",
        b'{"code":"60850000","tickets":[{"value":"b","expire_in":' + b"9" * 5000 + b"}]}",
    ):
        _readers(body)
