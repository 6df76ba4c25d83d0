"""Hostile bodies against the sandbox, sent as raw bytes the way an attacker or a broken gateway
would: bounded memory, 413/400 with a sentence, the next good request answered."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fuzz.rawhttp import (
    EVIL_CHUNKED,
    SandboxProcess,
    body_of,
    exchange,
    request_head,
    start_sandbox,
    status_of,
    tls_context,
)
from tests.sandbox.partner import Partner
from workbench.sandbox.server import Sandbox

MB = 1024 * 1024


@pytest.fixture(scope="module")
def process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    sb = start_sandbox(tmp_path_factory.mktemp("sandbox-proc"))
    yield sb
    sb.stop()


def _wait_for_log(partner: Partner, count: int, note: str) -> list[dict[str, Any]]:
    """Entries whose note holds ``note``, once there are ``count`` of them (the sandbox logs a
    request when it has answered it)."""
    deadline = time.monotonic() + 20
    while True:
        entries = [
            e for e in partner.admin("GET", "/log").json()["entries"] if note in (e["note"] or "")
        ]
        if len(entries) >= count or time.monotonic() > deadline:
            return entries
        time.sleep(0.05)


def test_evil_chunked_request_leaves_memory_flat_and_the_next_call_works(
    process: SandboxProcess,
) -> None:
    info = process.info
    partner = Partner(info)
    partner.fetch_ticket()  # warm up every code path a good call takes
    assert partner.call("/api/s/sandbox/echo", '{"A": 1}')["code"] == "60840000"
    rest_kb = process.rss_kb()
    ctx = tls_context(info["ca_cert"], info["client_cert"], info["client_key"])
    file_ctx = tls_context(info["ca_cert"])
    # Signed URLs (a fresh nonce each): the sandbox reads a body only once the query passed.
    targets = [
        (lambda: partner.signed_url("/api/s/sandbox/echo", "{}"), ctx),
        (lambda: f"{info['api_base']}/_sandbox/faults", ctx),
        (
            lambda: partner.file_url("/api/s/up/upload", "1.0.0", fileType="001", fileFormat="jpg"),
            file_ctx,
        ),
        (lambda: partner.file_url("/up/s/sandbox/uploadJson", "2.0.0"), file_ctx),
    ]
    small_then_close = (
        b"Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n100\r\nabc"
    )
    for make_url, context in targets:
        for tail in (EVIL_CHUNKED, small_then_close):
            url = make_url()
            if "upload?" in url:
                tail = tail.replace(
                    b"application/json", b"multipart/form-data; boundary=xyz"
                ).replace(b"abc", b"--xyz\r\nContent-Disposition: form-data; name=file")
            exchange(url, request_head("POST", url, tail), context=context, then_close=True)
    refused = _wait_for_log(partner, 2 * len(targets), "refused body")
    assert len(refused) == 2 * len(targets), refused
    assert {e["status"] for e in refused} <= {400, 413}
    grown_mb = (process.rss_kb() - rest_kb) / 1024
    assert grown_mb < 100, f"the sandbox grew {grown_mb:.0f} MB"
    assert partner.call("/api/s/sandbox/echo", '{"A": 2}')["code"] == "60840000"
    partner.close()


def test_refused_handshakes_are_one_rate_limited_line_each(tmp_path: Path) -> None:
    sb = start_sandbox(tmp_path / "state")
    try:
        bare = tls_context(sb.info["ca_cert"])  # no client certificate: refused
        for _ in range(40):
            exchange(sb.info["api_base"], b"GET / HTTP/1.1\r\n\r\n", context=bare, timeout=5)
        partner = Partner(sb.info)
        deadline = time.monotonic() + 10
        while (
            sum(1 for e in partner.admin("GET", "/log").json()["entries"] if e["method"] == "") < 40
        ):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        partner.close()
    finally:
        err = sb.stop()
    lines = [line for line in err.splitlines() if "handshake" in line]
    assert 1 <= len(lines) <= 5, err
    assert "refused" in lines[0] and "127.0.0.1" in lines[0]
    assert "Cannot fetch SSL peer certificate info" not in err
    assert "Traceback" not in err


def test_a_declared_body_over_the_limit_is_refused_before_it_is_sent(sandbox: Sandbox) -> None:
    info = sandbox.info()
    ctx = tls_context(info.ca_cert, info.client_cert, info.client_key)
    url = f"{info.api_base}/api/s/sandbox/echo?app_id=x"
    head = request_head("POST", url, f"Content-Length: {17 * MB}\r\n\r\n".encode())
    answer = exchange(url, head, context=ctx, timeout=10)  # no body follows: we wait for none
    assert status_of(answer) == 413
    assert b"16777216 bytes" in body_of(answer) and "上限".encode() in body_of(answer)


@pytest.mark.parametrize("length", ["9" * 20, "1" + "0" * 40, "0" * 30 + "9" * 25, "7" * 6000])
def test_a_huge_declared_length_is_413_like_any_body_over_the_limit(
    sandbox: Sandbox, length: str
) -> None:
    """A Content-Length too long for a 64-bit number is still a number: over the limit, 413
    (it was 400 "not one whole number" from 20 digits on)."""
    info = sandbox.info()
    ctx = tls_context(info.ca_cert, info.client_cert, info.client_key)
    url = f"{info.api_base}/api/s/sandbox/echo?app_id=x"
    answer = exchange(url, request_head("POST", url, f"Content-Length: {length}\r\n\r\n".encode()),
                      context=ctx, timeout=10)  # fmt: skip
    assert status_of(answer) == 413, answer[:200]
    data = json.loads(body_of(answer))
    assert data == {
        "error": "The body is over this route's limit of 16777216 bytes.",
        "error_zh": "报文超过此路径 16777216 字节的上限。",
    }
    assert sandbox.log()[-1].status == 413
    partner = Partner(info)
    assert partner.admin("GET", "/clock").ok  # the sandbox answers the next request
    partner.close()


@pytest.mark.parametrize(
    ("tail", "said"),
    [
        (b"Content-Length: 1e30\r\n\r\nabc", b"one whole number"),  # not a number: still 400
        (b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", b"hexadecimal"),
        (b"Transfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", b"only 'chunked'"),
        (b"Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n", b"both"),
        (b"Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", b"one whole number"),
        (b"Content-Length: -3\r\n\r\nabc", b"one whole number"),
        (b"Transfer-Encoding: chunked\r\n\r\n3\r\nabcXY0\r\n\r\n", b"CRLF"),
    ],
)
def test_broken_framing_gets_400_with_a_sentence(
    sandbox: Sandbox, tail: bytes, said: bytes
) -> None:
    info = sandbox.info()
    ctx = tls_context(info.ca_cert, info.client_cert, info.client_key)
    partner = Partner(info)
    partner.fetch_ticket()
    url = partner.signed_url("/api/s/sandbox/echo", "abc")  # passes the query checks
    partner.close()
    answer = exchange(url, request_head("POST", url, tail), context=ctx)
    assert status_of(answer) == 400, answer
    assert said in body_of(answer)
    assert sandbox.log()[-1].status == 400 and "refused body" in sandbox.log()[-1].note


def test_admin_body_over_one_megabyte_is_413(sandbox: Sandbox) -> None:
    partner = Partner(sandbox.info())
    answer = partner.admin("POST", "/accounts", data=b"{" + b" " * (MB + 10) + b"}")
    assert answer.status_code == 413 and answer.json()["error_zh"]
    partner.close()


def test_a_body_left_unread_does_not_hold_the_connection(sandbox: Sandbox) -> None:
    """A call refused before its body is read (here: unsigned) is answered and closed at once,
    though TLS has no half-close and the client keeps its side open waiting for the close."""
    info = sandbox.info()
    ctx = tls_context(info.ca_cert, info.client_cert, info.client_key)
    url = f"{info.api_base}/api/s/sandbox/echo?app_id=x"
    body = b'{"A": "' + b"x" * 300_000 + b'"}'
    raw = request_head("POST", url, f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    began = time.monotonic()
    answer = exchange(url, raw, context=ctx, timeout=30)
    assert status_of(answer) == 200 and b"60840002" in body_of(answer)
    assert time.monotonic() - began < 10  # was: held until the client gave up (30 s here)


def test_a_lone_surrogate_is_refused_and_does_not_break_the_log(sandbox: Sandbox) -> None:
    partner = Partner(sandbox.info())
    try:
        partner.fetch_ticket()
        files_before = sorted(p.name for p in sandbox.state_dir.rglob("files/*"))
        body = b'{"fileName": "a\\ud800", "file": "YWJj"}'
        answer = partner.session.post(
            partner.file_url("/up/s/sandbox/uploadJson", "2.0.0"),
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=10,
        ).json()
        assert answer["code"] == "60840002", answer  # refused, not "internal error"
        assert sorted(p.name for p in sandbox.state_dir.rglob("files/*")) == files_before
        refused = partner.admin(
            "POST", "/callback", data=b'{"url": "http://127.0.0.1:1/\\ud800"}',
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        assert refused.status_code == 400 and "UTF-8 JSON" in refused.text
        log = partner.admin("GET", "/log")
        assert log.status_code == 200, log.text  # the request log still reads
    finally:
        partner.close()
