"""Bounded body reading: any bytes give the body or a BodyError, never more than the limit."""

from __future__ import annotations

import io
from email.message import Message

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core import http_body
from workbench.core.http_body import BadFraming, BodyError, BodyTooLarge, StrictDechunker


def chunked(body: bytes, cuts: list[int]) -> bytes:
    out, start = bytearray(), 0
    for cut in sorted({c % (len(body) + 1) for c in cuts} | {len(body)}):
        if cut > start:
            out += f"{cut - start:x}\r\n".encode() + body[start:cut] + b"\r\n"
            start = cut
    return bytes(out) + b"0\r\n\r\n"


def read_all(raw: bytes, limit: int) -> bytes:
    environ = {"wsgi.input": StrictDechunker(io.BufferedReader(io.BytesIO(raw)))}
    return http_body.read_body(environ, limit)


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=3000), cuts=st.lists(st.integers(0, 3000), max_size=6))
def test_well_formed_chunking_gives_the_body_back(body: bytes, cuts: list[int]) -> None:
    assert read_all(chunked(body, cuts), 4096) == body
    if len(body) > 100:
        with pytest.raises(BodyTooLarge):
            read_all(chunked(body, cuts), 100)


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=400), limit=st.integers(0, 300))
def test_any_chunked_bytes_give_a_body_within_the_limit_or_a_body_error(
    raw: bytes, limit: int
) -> None:
    try:
        body = read_all(raw, limit)
    except BodyError as exc:
        assert exc.status in (400, 413) and exc.text.en and exc.text.zh
    else:
        assert len(body) <= limit


def test_the_chunk_that_never_comes_is_a_framing_error_not_a_flood() -> None:
    with pytest.raises(BadFraming):
        read_all(b"FFFFFFFFFFFFFFF\r\nabc", 2**70)
    with pytest.raises(BodyTooLarge):
        read_all(b"FFFFFFFFFFFFFFFF\r\nabc", 1024)


@settings(max_examples=200, deadline=None)
@given(te=st.lists(st.text(max_size=20), max_size=3), cl=st.lists(st.text(max_size=12), max_size=3))
def test_framing_headers_are_judged_without_raising(te: list[str], cl: list[str]) -> None:
    headers = Message()
    for value in te:
        headers["Transfer-Encoding"] = value
    for value in cl:
        headers["Content-Length"] = value
    problem = http_body.framing_problem(headers)
    accepted = problem is None
    if accepted and te:
        assert [c.strip().lower() for v in te for c in v.split(",")] == ["chunked"] and not cl
    if problem is not None:
        assert problem.en and problem.zh


def test_a_short_content_length_body_is_a_framing_error() -> None:
    environ = {"wsgi.input": io.BytesIO(b"abc"), "CONTENT_LENGTH": "10"}
    with pytest.raises(BadFraming, match="3 of the 10 bytes"):
        http_body.read_body(environ, 100)
    environ = {"wsgi.input": io.BytesIO(b"x" * 200), "CONTENT_LENGTH": "200"}
    with pytest.raises(BodyTooLarge) as too_large:
        http_body.read_body(environ, 100)
    assert too_large.value.size == 200 and environ["wsgi.input"].tell() == 0  # nothing read
