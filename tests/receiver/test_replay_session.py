"""Replay follows the client's session rules: the CA and proxy it is given, and no environment
variable (REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, HTTPS_PROXY, HTTP_PROXY are all set here)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from workbench.core.callback_codec import build_envelope
from workbench.core.credentials import ManualClock
from workbench.receiver import CallbackReceiver, ReceiverConfig
from workbench.receiver.replay import replay_callback
from workbench.sandbox.certs import cert_pem, issue_cert, key_pem, make_ca

SALT = "replay-salt"
NOW = 1_700_000_000_000


def _body() -> bytes:
    env = build_envelope('{"k":"v"}', salt=SALT, trans_name="T", seq_no="1", timestamp_ms=NOW)
    return env.to_json().encode()


@pytest.fixture
def hostile_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    dead = "http://127.0.0.1:9"  # the discard port: a proxy that is not there
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, dead)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.setenv(name, str(tmp_path / "no-such-bundle.pem"))


@pytest.fixture
def https_partner(tmp_path: Path) -> Iterator[tuple[str, str]]:
    ca, ca_key = make_ca("Replay test CA")
    cert, key = issue_cert(ca, ca_key, "partner", server_hosts=("127.0.0.1",))
    (tmp_path / "ca.pem").write_bytes(cert_pem(ca))
    (tmp_path / "p.pem").write_bytes(cert_pem(cert))
    (tmp_path / "p.key").write_bytes(key_pem(key))
    rec = CallbackReceiver(
        ReceiverConfig(
            port=0,
            path="/cb",
            cert_path=str(tmp_path / "p.pem"),
            key_path=str(tmp_path / "p.key"),
        ),
        salt=SALT,
        clock=ManualClock(NOW),
    )
    rec.start()
    yield rec.url, str(tmp_path / "ca.pem")
    rec.stop()


@pytest.fixture
def recording_proxy() -> Iterator[tuple[str, list[str]]]:
    """An HTTP proxy stand-in: records the absolute URL asked for and answers signed."""
    seen: list[str] = []

    @Request.application
    def app(request: Request) -> Response:
        seen.append(request.url)
        env = build_envelope(
            '{"CODE":"0000"}', salt=SALT, trans_name="T", seq_no="1", timestamp_ms=NOW
        )
        return Response(env.to_json(), content_type="application/json")

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}", seen
    server.shutdown()
    server.server_close()


@pytest.mark.usefixtures("hostile_environment")
def test_replay_trusts_the_chosen_ca_and_ignores_the_environment(
    https_partner: tuple[str, str],
) -> None:
    url, ca = https_partner
    result = replay_callback(url, _body(), salt=SALT, now_ms=NOW, verify=ca)
    assert result.error is None, result.reason
    assert result.status == 200 and result.verdict is not None
    assert result.verdict.status == "valid"


@pytest.mark.usefixtures("hostile_environment")
def test_replay_goes_through_the_environments_proxy_only(
    recording_proxy: tuple[str, list[str]],
) -> None:
    proxy, seen = recording_proxy
    target = "http://partner.invalid/notify"
    through = replay_callback(target, _body(), salt=SALT, now_ms=NOW, proxy=proxy)
    assert through.status == 200 and seen == [target]
    direct = replay_callback(target, _body(), salt=SALT, now_ms=NOW)  # HTTP_PROXY is not used
    assert direct.status is None and direct.error is not None and len(seen) == 1
