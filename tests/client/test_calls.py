"""Business calls against the sandbox: the exact body signed, every business code, the retry,
and the faults."""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
from pathlib import Path

import pytest

from workbench.client import errors as E
from workbench.client.errors import ClientError
from workbench.client.models import PlatformAnswer
from workbench.client.platform import PlatformClient
from workbench.core.sign import make_nonce, sign_request
from workbench.sandbox.server import Sandbox
from workbench.sandbox.services import SAMPLE_10002, Fault


def send_raw(client: PlatformClient, url: str, body: bytes) -> PlatformAnswer:
    record, _ = client.send(
        "api", "POST", url, body=body, headers={"Content-Type": "application/json"}
    )
    answer = PlatformAnswer.parse(record.response.body)
    assert answer is not None, record.response.body
    return answer


def test_echo_returns_the_exact_body_and_seq_numbers(client: PlatformClient) -> None:
    body = '{"名字": "张三", "n": 1,  "emoji": "😀"}'  # odd spacing: signed as sent
    result = client.call("sandbox", "echo", body)
    answer = result.answer
    assert answer.code == "60840000"
    assert answer.json_data["ECHO"] == json.loads(body)
    assert result.record.request.body == body.encode("utf-8")
    assert re.fullmatch(r"\d{32}", answer.consumer_seq_no)
    assert len(answer.biz_seq_no) == 32
    assert result.record.request.sign.sign in result.record.request.url


def test_guide_samples(client: PlatformClient) -> None:
    yh = client.call("yh", "10002", SAMPLE_10002).answer
    assert (yh.code, yh.biz_code) == ("60840000", "66590000")
    assert yh.json_data["ID_NO_MASKED"].startswith("4115")
    test = client.call("test", "1001124639", '{"TEST": "ping"}').answer
    assert (test.code, test.biz_code) == ("60840000", "0000")


def test_prepare_call_is_a_dry_run(client: PlatformClient, sandbox: Sandbox) -> None:
    client.fetch_tickets(["sign"])
    before = len(sandbox.log())
    prepared = client.prepare_call("sandbox", "echo", '{"a": 1}', nonce="N" * 32)
    assert len(sandbox.log()) == before
    ticket = client.book.snapshot().sign_ticket.value
    expected = sign_request(
        app_id=client.env.app_id, version="2.0.0", nonce="N" * 32, ticket=ticket, body='{"a": 1}'
    )
    assert prepared.sign == expected
    assert f"sign={expected.sign}" in prepared.url and "nonce=" + "N" * 32 in prepared.url


@pytest.mark.parametrize(
    "case",
    [
        "no_sign",
        "bad_nonce",
        "bad_version",
        "unknown_app",
        "not_json",
        "wrong_sign",
        "replay",
        "unknown_path",
        "get",
    ],
)
def test_business_error_codes(client: PlatformClient, case: str) -> None:
    client.fetch_tickets(["sign"])
    body = "not json" if case == "not_json" else '{"a": 1}'
    prepared = client.prepare_call("sandbox", "echo", body)
    url, expected = prepared.url, "60840002"
    if case == "no_sign":
        url = re.sub(r"&sign=[0-9A-F]+", "", url)
    elif case == "bad_nonce":
        url = url.replace(prepared.nonce, "short")
    elif case == "bad_version":
        url = url.replace("version=2.0.0", "version=1.0.0")
    elif case == "unknown_app":
        url = url.replace(client.env.app_id, "nobody")
    elif case == "wrong_sign":
        url, expected = url.replace(prepared.sign.sign, "0" * 40), "60841018"
    elif case == "unknown_path":
        url, expected = url.replace("/sandbox/echo", "/sandbox/nothing"), "60840110"
    if case == "get":
        record, _ = client.send("api", "GET", url)
        assert PlatformAnswer.parse(record.response.body).code == expected
        return
    answer = send_raw(client, url, prepared.body)
    if case == "replay":
        assert answer.code == "60840000"
        answer = send_raw(client, url, prepared.body)
        assert "replay" in answer.msg
    assert answer.code == expected


def test_no_ticket_at_all_is_60841017(client: PlatformClient) -> None:
    client.fetch_access_token()
    client.book.paste("sign_ticket", "a" * 64, 3600)  # a ticket the sandbox never issued
    result = client.call("sandbox", "echo", "{}")
    assert result.answer.code == "60841017"
    assert not result.retried  # pasted: not replaced behind the user's back


def test_kicked_out_ticket_is_refreshed_and_retried(
    client: PlatformClient, account, sandbox: Sandbox
) -> None:
    client.fetch_tickets(["sign"])
    other = PlatformClient(account.env, account.secrets, clock=sandbox.clock)
    other.fetch_tickets(["sign"])
    sandbox.advance_clock(301)  # past the 5-minute overlap of our ticket
    result = client.call("sandbox", "echo", '{"x": 1}')
    assert result.retried
    assert result.first_answer.code == "60841018"
    assert result.answer.code == "60840000"
    assert result.first_record.request.nonce != result.record.request.nonce
    other.close()


def test_sign_with_a_body_changed_after_signing_is_60841018(client: PlatformClient) -> None:
    client.fetch_tickets(["sign"])
    prepared = client.prepare_call("sandbox", "echo", '{"a": 1}')
    assert send_raw(client, prepared.url, b'{"a":1}').code == "60841018"


@pytest.mark.parametrize(("kind", "code"), [("timeout", "60840003"), ("unknown", "60846999")])
def test_fault_codes(client: PlatformClient, sandbox: Sandbox, kind: str, code: str) -> None:
    sandbox.set_fault("test", "1001124639", Fault(kind=kind))
    try:
        assert client.call("test", "1001124639", "{}").answer.code == code
    finally:
        sandbox.set_fault("test", "1001124639", None)


def test_http_500_and_truncated_are_not_platform_answers(
    client: PlatformClient, sandbox: Sandbox
) -> None:
    sandbox.set_fault("yh", "10002", Fault(kind="http500"))
    try:
        result = client.call("yh", "10002", SAMPLE_10002)
        assert result.answer is None
        assert result.record.response.status == 500
        assert "<html>" in result.record.response.text
        sandbox.set_fault("yh", "10002", Fault(kind="truncated"))
        result = client.call("yh", "10002", SAMPLE_10002)
        assert result.answer is None and result.record.response.text.startswith('{"code"')
    finally:
        sandbox.set_fault("yh", "10002", None)


def test_delay_past_the_read_timeout(client: PlatformClient, sandbox: Sandbox) -> None:
    client.fetch_tickets(["sign"])
    client.env = client.env._replace(read_timeout_s=0.3)
    sandbox.set_fault("sandbox", "echo", Fault(delay_s=1.0))
    try:
        with pytest.raises(ClientError) as info:
            client.call("sandbox", "echo", "{}")
    finally:
        sandbox.set_fault("sandbox", "echo", None)
    assert info.value.kind == E.TIMEOUT
    assert "0.3 s" in info.value.text.en
    assert info.value.record is not None


def test_request_log_shows_the_sign_check(client: PlatformClient, sandbox: Sandbox) -> None:
    result = client.call("sandbox", "echo", '{"log": true}')
    entry = [e for e in sandbox.log() if e.query.get("nonce") == result.record.request.nonce][-1]
    assert entry.sign is not None and entry.sign.verdict == "ok"
    ticket = client.book.snapshot().sign_ticket.value
    assert ticket not in entry.sign.expected_sign_string_masked
    assert entry.sign.given_sign == result.record.request.sign.sign
    assert entry.code == "60840000"


def test_nonce_helper_is_valid() -> None:
    assert len(make_nonce()) == 32


def test_a_body_cut_off_for_its_size_is_not_blamed_on_the_client_certificate(
    client: PlatformClient,
) -> None:
    client.call("sandbox", "echo", '{"first": "call"}')  # the certificate was accepted here
    body = '{"a": "' + "x" * 30_000_000 + '"}'  # far over what the sandbox reads
    with pytest.raises(ClientError) as raised:
        client.call("sandbox", "echo", body)
    said = raised.value.text.en
    assert raised.value.kind != E.CLIENT_CERT_REJECTED, said
    assert "certificate" not in said.replace("accepted your client certificate", "")
    assert "size limit" in said and "30.0 MB" in said


class _DroppingFileHost:
    """A one-way TLS host with the sandbox's certificate that reads the request's head and
    closes the connection (a file host stopped mid-upload, or dropping a body it will not take)."""

    def __init__(self, sandbox: Sandbox) -> None:
        from workbench.sandbox.tls_server import server_context

        assert sandbox._certs is not None
        self._ctx = server_context(sandbox._certs, mutual=False)
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _addr = self._sock.accept()
            except OSError:
                return
            try:
                with self._ctx.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(4096)  # the request line and headers: then gone
                    tls.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass

    def close(self) -> None:
        self._sock.close()


@pytest.mark.parametrize("size", [10_000, 5_000_000])
def test_a_file_host_that_drops_an_upload_is_not_blamed_on_a_client_certificate(
    client: PlatformClient, sandbox: Sandbox, tmp_path: Path, size: int
) -> None:
    """The file host's TLS is one-way (PROTOCOL P8): no client certificate to blame."""
    client.fetch_tickets(["sign"])
    host = _DroppingFileHost(sandbox)
    try:
        client.env = client.env._replace(file_base=f"https://{sandbox.host}:{host.port}")
        upload = tmp_path / "photo.jpg"
        upload.write_bytes(b"\xff" * size)
        with pytest.raises(ClientError) as raised:
            client.upload(str(upload), "999", "jpg")
    finally:
        host.close()
    error = raised.value
    assert error.kind == E.NETWORK_OTHER, (error.kind, error.text.en)
    assert "closed the connection" in error.text.en
    assert "asks for a client certificate" not in error.text.en
    assert "accepted your client certificate" not in error.text.en
    assert "客户端证书，而当前未配置" not in error.text.zh
    if size >= 1_000_000:  # a streamed body's size comes from its Content-Length
        assert "size limit" in error.text.en and "5.0 MB" in error.text.en
