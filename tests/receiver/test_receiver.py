"""The callback listener over loopback: what a bank (or a fuzzer) sending to it would see."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from workbench.core.callback import verify_callback_body
from workbench.core.callback_codec import build_envelope
from workbench.core.credentials import ManualClock
from workbench.receiver import (
    MODE_BAD_SIGNATURE,
    MODE_GARBLED,
    MODE_UNSIGNED,
    AnswerRule,
    CallbackReceiver,
    ReceivedCallback,
    ReceiverConfig,
    ReceiverError,
)
from workbench.receiver.replay import replay_callback

SALT = "s4lt-for-tests"
NOW = 1_700_000_000_000
BUSINESS = '{"orderNo":"A1","amount":"12.50","name":"张三 ~*"}'


class Events:
    def __init__(self) -> None:
        self.items: list[ReceivedCallback] = []
        self.cond = threading.Condition()

    def __call__(self, event: ReceivedCallback) -> None:
        with self.cond:
            self.items.append(event)
            self.cond.notify_all()

    def wait(self, count: int, timeout: float = 5.0) -> list[ReceivedCallback]:
        with self.cond:
            assert self.cond.wait_for(lambda: len(self.items) >= count, timeout)
            return list(self.items)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def receiver(clock: ManualClock, events: Events) -> Iterator[CallbackReceiver]:
    rec = CallbackReceiver(
        ReceiverConfig(port=0, path="/cb", max_body=4096), salt=SALT, clock=clock, on_event=events
    )
    rec.start()
    yield rec
    rec.stop()


def envelope_body(
    business: str = BUSINESS,
    *,
    salt: str = SALT,
    ts: int = NOW,
    trans_name: str = "loanNotify",
    seq_no: str = "S1",
) -> bytes:
    env = build_envelope(business, salt=salt, trans_name=trans_name, seq_no=seq_no, timestamp_ms=ts)
    return env.to_json().encode("utf-8")


def post(rec: CallbackReceiver, body: bytes, **kw: object) -> requests.Response:
    headers = kw.pop("headers", {"Content-Type": "application/json"})
    return requests.post(rec.url, data=body, headers=headers, timeout=10, **kw)  # type: ignore[arg-type]


def answer_code(resp: requests.Response, salt: str = SALT) -> tuple[str, str]:
    """(verdict status of the answer envelope, CODE inside it)."""
    verdict = verify_callback_body(resp.content, salt, NOW)
    return verdict.status, verdict.business_json["CODE"]


def test_valid_callback_gets_signed_0000_and_an_event(
    receiver: CallbackReceiver, events: Events
) -> None:
    resp = post(receiver, envelope_body())
    assert resp.status_code == 200
    assert answer_code(resp) == ("valid", "0000")
    answer = json.loads(resp.content)
    assert (answer["transName"], answer["SeqNo"]) == ("loanNotify", "S1")
    (event,) = events.wait(1)
    assert event.ok and event.trans_name == "loanNotify" and event.seq_no == "S1"
    assert event.verdict is not None and event.verdict.business_json["name"] == "张三 ~*"
    assert event.answer.code == "0000"
    assert event.body == envelope_body()


def test_the_arrival_is_this_computers_time_whatever_clock_judges_the_timestamp(
    receiver: CallbackReceiver, events: Events
) -> None:
    import time

    before = time.time_ns() // 1_000_000
    post(receiver, envelope_body())  # judged on the receiver's clock (the sandbox's, moved)
    (event,) = events.wait(1)
    assert event.answer.code == "0000"
    assert before <= event.received_ms <= time.time_ns() // 1_000_000  # shown as local time
    assert abs(event.received_ms - NOW) > 3_600_000  # not the receiver's clock (2018)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (envelope_body(salt="wrong-salt"), "0010"),
        (envelope_body(ts=NOW - 10 * 60_000), "0012"),
        (b'{"Plain":"abc", "Signature":"x"}', "0001"),  # half an envelope
        (b"\x00\x01\xffbinary", "0001"),
        (b"not json at all", "0001"),
        (b'{"Plain":"a","Plain":"b","Signature":"x","Timestamp":"1"}', "0001"),  # duplicate key
    ],
)
def test_bad_callbacks_get_the_matching_code(
    receiver: CallbackReceiver, body: bytes, code: str
) -> None:
    resp = post(receiver, body)
    assert resp.status_code == 200
    assert answer_code(resp) == ("valid", code)


def test_plain_with_bad_percent_escape_is_0103(receiver: CallbackReceiver) -> None:
    from workbench.core.callback_codec import callback_signature

    plain = "%7B%22a%22%3A%zz%7D"
    body = json.dumps(
        {
            "Plain": plain,
            "Signature": callback_signature(plain, SALT, str(NOW)),
            "Timestamp": str(NOW),
            "transName": "t",
            "SeqNo": "1",
        }
    ).encode()
    assert answer_code(post(receiver, body)) == ("valid", "0103")


def test_wrong_method_path_type_and_size(receiver: CallbackReceiver, events: Events) -> None:
    get = requests.get(receiver.url, timeout=10)
    assert get.status_code == 405 and get.headers["Allow"] == "POST"
    assert answer_code(get) == ("valid", "0001")
    wrong_path = requests.post(
        receiver.url.replace("/cb", "/other"), data=envelope_body(), timeout=10
    )
    assert wrong_path.status_code == 404
    form = post(receiver, b"a=b", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert form.status_code == 415 and answer_code(form)[1] == "0001"
    big = post(receiver, b"x" * 100_000)
    assert big.status_code == 413 and answer_code(big)[1] == "0001"
    got = events.wait(4)
    assert [e.answer.status for e in got] == [405, 404, 415, 413]
    assert got[3].body_size == 100_000 and got[3].problem is not None
    assert "4096" in got[3].problem.en
    # still running after all that
    assert answer_code(post(receiver, envelope_body())) == ("valid", "0000")


def test_rules_change_the_answer(receiver: CallbackReceiver) -> None:
    receiver.rules.replace(
        [
            AnswerRule("loanNotify", code="0010"),
            AnswerRule("garbled", mode=MODE_GARBLED),
            AnswerRule("unsigned", code="0002", mode=MODE_UNSIGNED),
            AnswerRule("badsig", mode=MODE_BAD_SIGNATURE),
            AnswerRule("slow", delay_ms=300),
        ]
    )
    assert answer_code(post(receiver, envelope_body())) == ("valid", "0010")
    garbled = post(receiver, envelope_body(trans_name="garbled"))
    assert verify_callback_body(garbled.content, SALT, NOW).status == "malformed"
    unsigned = post(receiver, envelope_body(trans_name="unsigned"))
    assert json.loads(unsigned.content) == {"CODE": "0002", "DESC": "未满足接口输入要求"}
    badsig = post(receiver, envelope_body(trans_name="badsig"))
    verdict = verify_callback_body(badsig.content, SALT, NOW)
    assert verdict.status == "invalid" and "signature_mismatch" in verdict.reason_codes
    started = time.monotonic()
    assert answer_code(post(receiver, envelope_body(trans_name="slow"))) == ("valid", "0000")
    assert time.monotonic() - started >= 0.3


def test_without_salt_callbacks_are_unchecked(clock: ManualClock, events: Events) -> None:
    rec = CallbackReceiver(ReceiverConfig(port=0), salt="", clock=clock, on_event=events)
    rec.start()
    try:
        resp = post(rec, envelope_body(salt="anything"))
        assert resp.status_code == 200
    finally:
        rec.stop()
    (event,) = events.wait(1)
    assert event.verdict is not None and event.verdict.status == "unchecked"
    assert event.notes and "salt" in event.notes[0].en


def test_stop_frees_the_port_and_restart_works(clock: ManualClock) -> None:
    rec = CallbackReceiver(ReceiverConfig(port=0), salt=SALT, clock=clock)
    rec.start()
    port = rec.port
    rec.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/callback", timeout=5)
    again = CallbackReceiver(ReceiverConfig(port=port), salt=SALT, clock=clock)
    again.start()
    try:
        assert requests.post(again.url, data=envelope_body(), timeout=10).status_code == 200
    finally:
        again.stop()


def test_port_in_use_is_a_sentence() -> None:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    try:
        rec = CallbackReceiver(ReceiverConfig(port=holder.getsockname()[1]))
        with pytest.raises(ReceiverError) as info:
            rec.start()
        assert "already in use" in info.value.text.en and "占用" in info.value.text.zh
    finally:
        holder.close()


def test_missing_certificate_is_a_sentence(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rec = CallbackReceiver(
        ReceiverConfig(
            port=0, cert_path=str(tmp_path / "no.pem"), key_path=str(tmp_path / "no.key")
        )
    )
    with pytest.raises(ReceiverError) as info:
        rec.start()
    assert "not found" in info.value.text.en
    assert str(tmp_path / "no.pem") in info.value.text.en  # names the file, not "None"
    assert "None" not in info.value.text.en
    assert not rec.running


def test_replay_to_another_receiver_verifies_its_answer(
    receiver: CallbackReceiver, clock: ManualClock
) -> None:
    other = CallbackReceiver(ReceiverConfig(port=0, path="/partner"), salt=SALT, clock=clock)
    other.start()
    try:
        result = replay_callback(other.url, envelope_body(), salt=SALT, now_ms=NOW)
        assert result.status == 200 and result.error is None
        assert result.verdict is not None and result.verdict.status == "valid"
        assert result.partner_code == "0000"
        other.rules.replace([AnswerRule("*", code="0012", mode=MODE_BAD_SIGNATURE)])
        result = replay_callback(other.url, envelope_body(), salt=SALT, now_ms=NOW)
        assert result.verdict is not None and result.verdict.status == "invalid"
        assert result.partner_code == "0012"
    finally:
        other.stop()
    down = replay_callback(other.url, envelope_body(), salt=SALT, now_ms=NOW)
    assert down.status is None and down.error is not None and "connect" in down.error.en
    bad = replay_callback("ftp://x", b"{}", salt=SALT, now_ms=NOW)
    assert bad.error is not None and "http://" in bad.error.en


def test_https_listener(tmp_path, clock: ManualClock) -> None:  # type: ignore[no-untyped-def]
    from workbench.sandbox.certs import cert_pem, issue_cert, key_pem, make_ca

    ca_cert, ca_key = make_ca("Receiver test CA")
    cert, key = issue_cert(ca_cert, ca_key, "127.0.0.1", server_hosts=("127.0.0.1",))
    (tmp_path / "ca.pem").write_bytes(cert_pem(ca_cert))
    (tmp_path / "srv.pem").write_bytes(cert_pem(cert))
    (tmp_path / "srv.key").write_bytes(key_pem(key))
    rec = CallbackReceiver(
        ReceiverConfig(
            port=0, cert_path=str(tmp_path / "srv.pem"), key_path=str(tmp_path / "srv.key")
        ),
        salt=SALT,
        clock=clock,
    )
    rec.start()
    try:
        assert rec.url.startswith("https://")
        result = replay_callback(
            rec.url, envelope_body(), salt=SALT, now_ms=NOW, verify=str(tmp_path / "ca.pem")
        )
        assert result.partner_code == "0000"
        untrusted = replay_callback(rec.url, envelope_body(), salt=SALT, now_ms=NOW, verify=True)
        assert untrusted.error is not None and "0016" in untrusted.error.en
    finally:
        rec.stop()


def test_an_encrypted_key_without_its_password_is_a_sentence_not_a_terminal_prompt(
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    import os
    import pty
    import select
    import sys
    import time

    from cryptography.hazmat.primitives import serialization

    from workbench.sandbox.certs import cert_pem, issue_cert, make_ca

    ca_cert, ca_key = make_ca("Receiver test CA")
    cert, key = issue_cert(ca_cert, ca_key, "127.0.0.1", server_hosts=("127.0.0.1",))
    (tmp_path / "srv.pem").write_bytes(cert_pem(cert))
    locked = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"pw-123"),
    )
    (tmp_path / "srv.key").write_bytes(locked)
    # The window started from a shell: OpenSSL would ask for the pass phrase on that terminal
    # (a pty here) and wait; the start must end with a sentence instead.
    code = (
        "from workbench.receiver.server import CallbackReceiver, ReceiverConfig, ReceiverError\n"
        f"cfg = ReceiverConfig(port=0, cert_path={str(tmp_path / 'srv.pem')!r}, "
        f"key_path={str(tmp_path / 'srv.key')!r})\n"
        "try:\n    CallbackReceiver(cfg, salt='s').start()\n"
        "except ReceiverError as exc:\n    print('REFUSED', exc.text.en)\n"
    )
    pid, fd = pty.fork()
    if pid == 0:  # the child, on the pty as its terminal
        os.execv(sys.executable, [sys.executable, "-c", code])
    out, deadline = b"", time.monotonic() + 30
    try:
        while time.monotonic() < deadline and b"\n" not in out.partition(b"REFUSED")[2]:
            if select.select([fd], [], [], 0.5)[0]:
                try:
                    out += os.read(fd, 4096)
                except OSError:
                    break
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    assert b"pass phrase" not in out
    assert b"REFUSED The key is encrypted: enter its password." in out


def test_a_malformed_envelope_still_shows_its_trans_name_and_seq_no(
    receiver: CallbackReceiver, events: Events
) -> None:
    """A callback without a Timestamp: the listener's row showed "POST" where the interface's
    transName belongs, so support staff could not tell which one sent it."""
    envelope = json.loads(envelope_body())
    del envelope["Timestamp"]
    resp = post(receiver, json.dumps(envelope).encode())
    assert answer_code(resp)[1] == "0001"
    (event,) = events.wait(1)
    assert event.verdict is not None and event.verdict.status == "malformed"
    assert (event.trans_name, event.seq_no) == ("loanNotify", "S1")
