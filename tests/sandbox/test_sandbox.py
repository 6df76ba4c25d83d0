"""The sandbox's own surface: certificates, admin routes, callbacks, restart, the CLI command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server
from werkzeug.test import Client
from werkzeug.wrappers import Request, Response

from workbench.core.callback_codec import build_envelope, java_url_decode
from workbench.sandbox.server import Sandbox

ROOT = Path(__file__).resolve().parents[2]


def admin(sandbox: Sandbox, method: str, path: str, **kw: object) -> requests.Response:
    info = sandbox.info()
    with requests.Session() as s:
        s.trust_env = False
        return s.request(
            method,
            f"{info.api_base}/_sandbox{path}",
            verify=info.ca_cert,
            cert=(info.client_cert, info.client_key),
            timeout=10,
            **kw,
        )


def test_certificates_are_reused_and_name_loopback(sandbox: Sandbox, tmp_path: Path) -> None:
    from cryptography import x509

    info = sandbox.info()
    server = x509.load_pem_x509_certificate(Path(info.ca_cert).with_name("server.pem").read_bytes())
    san = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    names = {str(v) for v in san.get_values_for_type(x509.IPAddress)}
    assert {"127.0.0.1", "::1"} <= names
    assert "localhost" in san.get_values_for_type(x509.DNSName)
    before = Path(info.ca_cert).read_bytes()
    second = Sandbox(Path(info.state_dir), api_port=0, file_port=0)
    try:
        assert second.start().client_p12_password == info.client_p12_password
        assert Path(info.ca_cert).read_bytes() == before
    finally:
        second.stop()


def test_admin_clock_faults_rotate_and_log(sandbox: Sandbox) -> None:
    now = admin(sandbox, "GET", "/clock").json()["now_ms"]
    moved = admin(sandbox, "POST", "/clock/advance", params={"seconds": "10"}).json()
    assert moved["now_ms"] - now >= 10_000
    r = admin(
        sandbox,
        "POST",
        "/faults",
        json={"system": "yh", "service_code": "10002", "kind": "timeout", "delay_s": 0},
    )
    assert r.json() == {"ok": True}
    assert sandbox.faults()[("yh", "10002")].kind == "timeout"
    admin(sandbox, "POST", "/faults", json={"system": "yh", "service_code": "10002", "clear": True})
    assert sandbox.faults() == {}
    bad = admin(
        sandbox, "POST", "/faults", json={"system": "yh", "service_code": "1", "kind": "explode"}
    )
    assert bad.status_code == 400 and "unknown fault kind" in bad.json()["error"]
    admin(sandbox, "POST", "/accounts", json={"app_id": "wbadmin", "secret": "s1", "salt": "x"})
    rotated = admin(sandbox, "POST", "/rotate_secret", params={"app_id": "wbadmin"}).json()
    assert rotated["secret"] != "s1"
    assert sandbox.state.account("wbadmin").secret == rotated["secret"]
    entries = admin(sandbox, "GET", "/log").json()["entries"]
    assert any(e["path"] == "/_sandbox/clock" and e["host"] == "admin" for e in entries)
    services = admin(sandbox, "GET", "/services").json()["services"]
    assert {"system": "sandbox", "service_code": "echo"}.items() <= services[0].items()


def test_admin_refuses_non_loopback_peers(sandbox: Sandbox) -> None:
    app = sandbox._wsgi("api")
    response = Client(app).get("/_sandbox/log", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert response.status_code == 403
    assert "loopback" in response.get_json()["error"]


def test_refused_handshake_is_logged(sandbox: Sandbox) -> None:
    info = sandbox.info()
    with pytest.raises(requests.exceptions.SSLError), requests.Session() as s:
        s.trust_env = False
        s.get(f"{info.api_base}/api/oauth2/access_token", verify=info.ca_cert, timeout=5)
    # The server logs the refusal on its own thread, possibly after the client saw the error.
    deadline = time.monotonic() + 5
    while not any(
        e.path == "(TLS handshake)" and "CERTIFICATE" in e.note.upper() for e in sandbox.log()[-5:]
    ):
        assert time.monotonic() < deadline, "the refused handshake was not logged"
        time.sleep(0.02)


@pytest.fixture
def partner(sandbox: Sandbox):
    """A partner endpoint: checks the bank's signature and answers signed (PROTOCOL P7)."""
    salt = sandbox.info().salt
    got: list[dict[str, str]] = []

    @Request.application
    def app(request: Request) -> Response:
        data = json.loads(request.get_data())
        got.append(data)
        answer_salt = "wrong-salt" if data["transName"] == "BadSign" else salt
        env = build_envelope(
            '{"CODE":"0000","DESC":"系统处理成功"}',
            salt=answer_salt,
            trans_name=data["transName"],
            seq_no=data["SeqNo"],
            timestamp_ms=int(data["Timestamp"]),
        )
        return Response(env.to_json(), content_type="application/json")

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}/notify", got
    server.shutdown()
    server.server_close()


def test_callback_signed_and_answer_verified(sandbox: Sandbox, partner) -> None:
    url, got = partner
    delivery = sandbox.send_callback(url, "TLMerchantQuery", '{"merchantno":"00000006"}')
    assert delivery.ok and delivery.signature_ok and delivery.answer_code == "0000"
    sent = got[-1]
    assert java_url_decode(sent["Plain"]) == '{"merchantno":"00000006"}'
    assert sent["Signature"] == delivery.request_envelope.signature and len(sent["Signature"]) == 64
    bad = sandbox.send_callback(url, "BadSign", "{}")
    assert bad.signature_ok is False and "does not verify" in bad.error.en
    over_admin = admin(
        sandbox,
        "POST",
        "/callback",
        json={"url": url, "trans_name": "ViaAdmin", "business_json": '{"k": 1}', "seq_no": "42"},
    )
    assert over_admin.json()["signature_ok"] is True and got[-1]["SeqNo"] == "42"
    nowhere = sandbox.send_callback("http://127.0.0.1:1/x", "T", "{}")
    assert nowhere.error is not None and nowhere.status is None


def test_callbacks_carry_the_banks_time_after_the_clock_was_moved_forward(tmp_path: Path) -> None:
    sandbox = Sandbox(tmp_path / "own")
    sandbox.start()
    got: list[dict[str, str]] = []

    @Request.application
    def app(request: Request) -> Response:
        got.append(json.loads(request.get_data()))
        return Response("{}", content_type="application/json")

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        sandbox.advance_clock(2 * 3600)  # to watch tokens expire
        before = time.time_ns() // 1_000_000
        sandbox.send_callback(f"http://127.0.0.1:{server.port}/notify", "T", "{}")
        after = time.time_ns() // 1_000_000
        # a partner's server judges it on its own clock: it must not be two hours ahead
        assert before <= int(got[-1]["Timestamp"]) <= after
    finally:
        server.shutdown()
        server.server_close()
        sandbox.stop()


def test_cli_prints_ready_line_and_curl_gets_a_token(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "workbench.sandbox.cli",
            "sandbox",
            "--state-dir",
            str(tmp_path / "state"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        info = json.loads(line)
        for key in (
            "api_base",
            "file_base",
            "app_id",
            "secret",
            "salt",
            "ca_cert",
            "client_cert",
            "client_key",
            "client_p12",
            "client_p12_password",
        ):
            assert info[key]
        assert Path(info["client_p12"]).is_absolute()
        if shutil.which("curl") is None:
            pytest.skip("no curl on this machine")
        url = (
            f"{info['api_base']}/api/oauth2/access_token?app_id={info['app_id']}"
            f"&secret={info['secret']}&grant_type=client_credential&version=2.0.0"
        )
        out = subprocess.run(
            [
                "curl",
                "-sS",
                "--noproxy",
                "*",
                "--cacert",
                info["ca_cert"],
                "--cert",
                info["client_cert"],
                "--key",
                info["client_key"],
                url,
            ],
            capture_output=True,
            text=True,
            timeout=20,
        )
        answer = json.loads(out.stdout)
        assert answer["code"] == "60850000" and len(answer["access_token"]) == 64
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "Traceback" not in err


def test_non_ascii_sign_and_token_get_platform_codes(sandbox: Sandbox) -> None:
    info = sandbox.info()
    with requests.Session() as s:
        s.trust_env = False
        kw = {"verify": info.ca_cert, "cert": (info.client_cert, info.client_key), "timeout": 10}
        ticket = s.get(
            f"{info.api_base}/api/oauth2/api_ticket",
            params={
                "app_id": info.app_id,
                "access_token": "令牌",
                "type": "sign",
                "version": "2.0.0",
            },
            **kw,
        ).json()
        assert ticket["code"] == "60851002"
        call = s.post(
            f"{info.api_base}/api/s/sandbox/echo",
            params={"app_id": info.app_id, "nonce": "A" * 32, "version": "2.0.0", "sign": "签名"},
            data=b"{}",
            **kw,
        ).json()
        assert call["code"] in ("60841017", "60841018")


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_cli_refuses_a_port_out_of_range_in_one_line(tmp_path: Path, port: str) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "workbench",
            "sandbox",
            "--api-port",
            port,
            "--state-dir",
            str(tmp_path / "sb"),
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""  # no ready line: it did not start on some other port
    assert "invalid port value" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
