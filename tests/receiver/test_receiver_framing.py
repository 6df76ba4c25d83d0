"""Broken framing and bodies the verifier chokes on, sent to the listener as raw bytes: every
request gets a 400/413 answer and a listed event, never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.fuzz.rawhttp import EVIL_CHUNKED, exchange, request_head, status_of
from workbench.core.callback_codec import build_envelope
from workbench.core.credentials import ManualClock
from workbench.receiver import CallbackReceiver, ReceivedCallback, ReceiverConfig

SALT = "s4lt"
NOW = 1_700_000_000_000


class Listed(list[ReceivedCallback]):
    def __call__(self, event: ReceivedCallback) -> None:
        self.append(event)


@pytest.fixture
def listed() -> Listed:
    return Listed()


@pytest.fixture
def receiver(listed: Listed) -> Iterator[CallbackReceiver]:
    rec = CallbackReceiver(
        ReceiverConfig(port=0, path="/cb", max_body=4096),
        salt=SALT,
        clock=ManualClock(NOW),
        on_event=listed,
    )
    rec.start()
    yield rec
    rec.stop()


def _send(receiver: CallbackReceiver, tail: bytes) -> int | None:
    return status_of(exchange(receiver.url, request_head("POST", receiver.url, tail)))


@pytest.mark.parametrize(
    ("tail", "status", "said"),
    [
        (EVIL_CHUNKED, 413, "limit"),
        (b"Transfer-Encoding: chunked\r\n\r\n100\r\nabc", 400, "ended before"),
        (b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 400, "hexadecimal"),
        (b"Transfer-Encoding: chunked\r\n\r\n3\r\nabcXY0\r\n\r\n", 400, "CRLF"),
        (b"Transfer-Encoding: chunked, identity\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400, "only"),
        (b"Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc", 400, "both"),
        (b"Content-Length: 10\r\n\r\nabc", 400, "3 of the 10 bytes"),
        (b"Content-Length: ten\r\n\r\nabc", 400, "whole number"),
        (b"Content-Length: 10485760\r\n\r\n", 413, "10485760 bytes"),
        (b"Content-Length: 99999999999999999999\r\n\r\n", 413, "limit"),  # 20 digits
    ],
)
def test_broken_framing_is_answered_and_listed(
    receiver: CallbackReceiver, listed: Listed, tail: bytes, status: int, said: str
) -> None:
    assert _send(receiver, tail) == status
    assert len(listed) == 1
    event = listed[0]
    assert event.answer.status == status and event.problem is not None
    assert said in event.problem.en and event.problem.zh
    assert _send(receiver, b"Content-Length: 2\r\n\r\n{}") == 200  # the next one is answered


def test_a_lone_surrogate_callback_is_never_a_500(
    receiver: CallbackReceiver, listed: Listed
) -> None:
    plain_env = build_envelope(
        '{"CODE":"0000"}', salt=SALT, trans_name="T", seq_no="1", timestamp_ms=NOW
    )
    data = json.loads(plain_env.to_json())
    for field in ("Plain", "Signature", "transName"):
        body = json.dumps({**data, field: "\ud800x"}).encode()  # the escape \ud800 on the wire
        head = f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        status = _send(receiver, head.encode() + body)
        assert status is not None and status != 500
    assert len(listed) == 3


def test_whatever_the_verifier_raises_is_listed_and_answered_400(
    receiver: CallbackReceiver, listed: Listed, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.receiver.server as server

    def explode(*args: object, **kwargs: object) -> None:
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

    monkeypatch.setattr(server, "verify_callback_body", explode)
    assert _send(receiver, b"Content-Length: 2\r\n\r\n{}") == 400
    assert listed[0].problem is not None and "UnicodeEncodeError" in listed[0].problem.en
    assert listed[0].body == b"{}"
