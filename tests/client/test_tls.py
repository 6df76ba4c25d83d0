"""Mutual TLS for real over loopback: every certificate form, and every refusal as a sentence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workbench.client import errors as E
from workbench.client.errors import ClientError
from workbench.client.platform import PlatformClient
from workbench.client.preflight import preflight
from workbench.core.environment import CA_SYSTEM, CERT_NONE, CERT_P12, CERT_PEM, TlsConfig
from workbench.sandbox import certs as C
from workbench.sandbox.server import Sandbox, free_port


def fetch(account, tls: TlsConfig, **secrets: str) -> PlatformClient:
    env = account.env._replace(tls=tls)
    client = PlatformClient(env, account.secrets._replace(**secrets))
    client.fetch_access_token()
    return client


def kind_of(account, tls: TlsConfig, **secrets: str) -> ClientError:
    with pytest.raises(ClientError) as info:
        fetch(account, tls, **secrets)
    return info.value


def test_pkcs12_with_password(account) -> None:
    tls = account.env.tls._replace(cert_mode=CERT_P12)
    fetch(account, tls).close()
    err = kind_of(account, tls, p12_password="wrong")
    assert err.kind == E.P12_BAD_PASSWORD and "wrong" in err.text.en
    assert kind_of(account, tls, p12_password="").kind == E.P12_BAD_PASSWORD


def test_encrypted_pem_key(account, certs_dir: Path, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key((certs_dir / "client.key").read_bytes(), None)
    enc = tmp_path / "enc.key"
    enc.write_bytes(C.key_pem(key, "pw-123"))
    tls = account.env.tls._replace(key_path=str(enc))
    err = kind_of(account, tls)
    assert err.kind == E.CLIENT_KEY_ENCRYPTED and "enter its password" in err.text.en
    assert kind_of(account, tls, key_password="nope").kind == E.CLIENT_KEY_ENCRYPTED
    fetch(account, tls, key_password="pw-123").close()
    assert list(tmp_path.iterdir()) == [enc]  # nothing decrypted was written beside it


def test_no_client_certificate_is_refused_plainly(account) -> None:
    err = kind_of(account, account.env.tls._replace(cert_mode=CERT_NONE))
    assert err.kind == E.CLIENT_CERT_MISSING
    assert "asks for a client certificate" in err.text.en


def _identity(account, tmp_path: Path, cert: object, key: object) -> TlsConfig:
    """The account's TLS settings with ``cert`` and ``key`` as its client identity (PEM)."""
    (tmp_path / "c.pem").write_bytes(C.cert_pem(cert))
    (tmp_path / "k.pem").write_bytes(C.key_pem(key))
    return account.env.tls._replace(
        cert_path=str(tmp_path / "c.pem"), key_path=str(tmp_path / "k.pem")
    )


def test_client_certificate_from_another_ca(account, tmp_path: Path) -> None:
    ca, ca_key = C.make_ca("someone else's CA")
    cert, key = C.issue_cert(ca, ca_key, "intruder")
    err = kind_of(account, _identity(account, tmp_path, cert, key))
    assert err.kind == E.CLIENT_CERT_REJECTED
    assert "rejected your client certificate" in err.text.en


def test_expired_client_certificate_is_named_before_sending(
    account, tmp_path: Path, certs_dir: Path
) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    ca = x509.load_pem_x509_certificate((certs_dir / "ca.pem").read_bytes())
    ca_key = serialization.load_pem_private_key((certs_dir / "ca.key").read_bytes(), None)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    cert, key = C.issue_cert(ca, ca_key, "old", days=10, not_before=start)
    err = kind_of(account, _identity(account, tmp_path, cert, key))
    assert err.kind == E.CERT_EXPIRED
    assert (start + dt.timedelta(days=10)).strftime("%Y-%m-%d") in err.text.en


def test_a_client_certificate_valid_only_later_is_named_not_blamed_on_its_ca(
    account, tmp_path: Path, certs_dir: Path
) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    ca = x509.load_pem_x509_certificate((certs_dir / "ca.pem").read_bytes())
    ca_key = serialization.load_pem_private_key((certs_dir / "ca.key").read_bytes(), None)
    start = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)  # or this computer's clock is late
    cert, key = C.issue_cert(ca, ca_key, "future", days=30, not_before=start)
    err = kind_of(account, _identity(account, tmp_path, cert, key))
    assert err.kind == E.CERT_NOT_YET_VALID
    assert start.strftime("%Y-%m-%d") in err.text.en
    assert "date and time" in err.text.en and "日期和时间" in err.text.zh
    assert "CA" not in err.text.en


def test_untrusted_server(account, tmp_path: Path) -> None:
    ca, _ = C.make_ca("unrelated CA")
    (tmp_path / "ca.pem").write_bytes(C.cert_pem(ca))
    err = kind_of(account, account.env.tls._replace(ca_path=str(tmp_path / "ca.pem")))
    assert err.kind == E.SERVER_UNTRUSTED and "not trusted by the CA you chose" in err.text.en
    # the system store does not know the sandbox CA either (REQUESTS_CA_BUNDLE is not used)
    assert kind_of(account, account.env.tls._replace(ca_mode=CA_SYSTEM)).kind == E.SERVER_UNTRUSTED


def test_connection_refused(account) -> None:
    port = free_port()
    env = account.env._replace(api_base=f"https://127.0.0.1:{port}")
    with pytest.raises(ClientError) as info:
        PlatformClient(env, account.secrets).fetch_access_token()
    assert info.value.kind == E.CONNECTION_REFUSED
    assert f"127.0.0.1:{port}" in info.value.text.en


def test_preflight_steps(account) -> None:
    steps = list(preflight(account.env, account.secrets))
    assert [(s.name, s.ok) for s in steps] == [
        ("dns", True),
        ("tcp", True),
        ("tls", True),
        ("token", True),
    ]
    assert "expires in" in steps[2].text.en and "TLSv1" in steps[2].text.en
    bare = account.env._replace(tls=account.env.tls._replace(cert_mode=CERT_NONE))
    steps = list(preflight(bare, account.secrets))
    assert (steps[-1].name, steps[-1].ok) == ("tls", False)
    assert steps[-1].text.en.startswith("The server") or "client certificate" in steps[-1].text.en


def test_sandbox_environment_is_sandbox_kind(sandbox: Sandbox) -> None:
    env = sandbox.environment()
    assert env.is_sandbox and env.auto_refresh and env.tls.cert_mode == CERT_PEM
    assert env.name == "Local sandbox" and env.biz_path
    assert Path(env.tls.ca_path).is_absolute()


def test_dns_failure_and_proxy_failure(account) -> None:
    env = account.env._replace(api_base="https://nosuchhost.invalid")
    with pytest.raises(ClientError) as info:
        PlatformClient(env, account.secrets).fetch_access_token()
    assert info.value.kind == E.DNS_FAILED and "nosuchhost.invalid" in info.value.text.en
    steps = list(preflight(env, account.secrets))
    assert [(s.name, s.ok) for s in steps] == [("dns", False)]
    env = account.env._replace(proxy=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(ClientError) as info:
        PlatformClient(env, account.secrets).fetch_access_token()
    assert info.value.kind == E.PROXY_FAILED


def test_client_and_sandbox_import_no_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys, workbench.client.platform, workbench.client.preflight, "
        "workbench.sandbox.server, workbench.sandbox.cli; "
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=60
    )
    assert out.stdout.strip() == "[]", out.stderr


def _mismatched_pair(account, tmp_path: Path) -> TlsConfig:
    """The environment's certificate with a key made for another certificate."""
    _, other_key = C.issue_cert(*C.make_ca("elsewhere"), "someone")
    (tmp_path / "other.key").write_bytes(C.key_pem(other_key))
    return account.env.tls._replace(key_path=str(tmp_path / "other.key"))


def test_certificate_with_the_wrong_key_is_one_sentence(account, tmp_path: Path) -> None:
    tls = _mismatched_pair(account, tmp_path)
    err = kind_of(account, tls)
    assert err.kind == E.KEY_MISMATCH
    assert "do not belong together" in err.text.en and "不是一对" in err.text.zh
    assert "other.key" in err.text.en and "SSLError" not in err.text.en
    steps = list(preflight(account.env._replace(tls=tls), account.secrets))
    assert (steps[-1].name, steps[-1].ok) == ("tls", False)
    assert "do not belong together" in steps[-1].text.en
    client = PlatformClient(account.env._replace(tls=tls), account.secrets)
    with pytest.raises(ClientError) as info:
        client.call("test", "10011", "{}")
    assert info.value.kind == E.KEY_MISMATCH


def test_preflight_goes_through_the_proxy(account) -> None:
    from tests.connect_proxy import connect_proxy

    port = account.env.api_base.rpartition(":")[2]
    with connect_proxy() as proxy:
        steps = list(preflight(account.env._replace(proxy=proxy.url), account.secrets))
        assert [(s.name, s.ok) for s in steps] == [
            ("dns", True),
            ("tcp", True),
            ("tls", True),
            ("token", True),
        ]
        assert f"through the proxy 127.0.0.1:{proxy.port}" in steps[1].text.en
        # the handshake and the token fetch both went through the tunnel
        assert proxy.targets == [f"127.0.0.1:{port}"] * 2
    with connect_proxy(refuse=True) as proxy:
        steps = list(preflight(account.env._replace(proxy=proxy.url), account.secrets))
        assert (steps[-1].name, steps[-1].ok) == ("tcp", False)
        assert "refused the tunnel" in steps[-1].text.en and "403" in steps[-1].text.en


def test_a_host_that_never_answers_the_handshake_is_named_as_such() -> None:
    from workbench.client.failures import tls_failure

    text = "TimeoutError: _ssl.c:990: The handshake operation timed out"
    err = tls_failure(text, text.lower(), "bank.example:443", True)
    assert err.kind == E.TIMEOUT
    assert "never answered the TLS handshake" in err.text.en and "白名单" in err.text.zh
    assert "rejected" not in err.text.en


def test_a_call_through_a_failing_proxy_names_the_proxys_own_failure(account) -> None:  # type: ignore[no-untyped-def]
    """call said "The proxy could not connect to HOST" for all of these: the user was sent to
    the bank host or its allow-list, not to the proxy's credentials, rules or address."""
    import socket

    from tests.connect_proxy import connect_proxy

    def failure(proxy_url: str) -> ClientError:
        client = PlatformClient(account.env._replace(proxy=proxy_url), account.secrets)
        try:
            with pytest.raises(ClientError) as info:
                client.fetch_access_token()
        finally:
            client.close()
        return info.value

    with connect_proxy(refuse=True, status="407 Proxy Authentication Required") as proxy:
        error = failure(proxy.url)
    assert error.kind == E.PROXY_FAILED
    assert "asks for a user name and password (HTTP 407)" in error.text.en
    assert "http://user:password@host:port" in error.text.en and "用户名和密码" in error.text.zh
    with connect_proxy(refuse=True) as proxy:
        error = failure(proxy.url)
    assert f"The proxy 127.0.0.1:{proxy.port} refused the tunnel" in error.text.en
    assert "HTTP 403" in error.text.en
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        down = unused.getsockname()[1]
    error = failure(f"http://127.0.0.1:{down}")
    assert error.text.en.startswith(f"Connection refused at the proxy 127.0.0.1:{down}")
    with connect_proxy(page=True) as proxy:
        error = failure(proxy.url)
    assert error.kind == E.PROXY_FAILED
    assert "through the proxy" in error.text.en and "block or login page" in error.text.en
    with connect_proxy(refuse=True, status="502 Bad Gateway") as proxy:  # it could not get through
        error = failure(proxy.url)
    assert "could not reach" in error.text.en and "HTTP 502" in error.text.en
    assert "its own rules" not in error.text.en
    with connect_proxy(refuse=True, status="407 Proxy Authentication Required") as proxy:
        error = failure(f"http://alice:wrong@127.0.0.1:{proxy.port}")
    assert "refused the user name and password in the proxy address" in error.text.en
    with connect_proxy(hang_up=True) as proxy:  # not the bank host, not the certificate
        error = failure(proxy.url)
    assert error.kind == E.PROXY_FAILED
    assert "closed the connection when asked for a tunnel" in error.text.en
    with connect_proxy(page=True) as proxy:  # check's TLS step says the same
        steps = list(preflight(account.env._replace(proxy=proxy.url), account.secrets))
    assert steps[-1].name == "tls" and "block or login page" in steps[-1].text.en


@pytest.mark.parametrize(
    ("detail", "has_cert", "kind", "words"),
    [
        # a server certificate valid from a later date (the server's clock, or ours)
        ("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate is not yet "
         "valid (_ssl.c:1006)", True, E.CERT_NOT_YET_VALID, "valid only from a later date"),
        # the leaf signed by an intermediate the server does not send
        ("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local "
         "issuer certificate (_ssl.c:1006)", True, E.SERVER_UNTRUSTED, "intermediate"),
        ("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate "
         "(_ssl.c:1006)", True, E.SERVER_UNTRUSTED, "is self-signed"),
        # a CA root the bundle lacks: still the wrong-CA sentence
        ("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate "
         "in certificate chain (_ssl.c:1006)", True, E.SERVER_UNTRUSTED, "not trusted by the CA"),
        # a TLS 1.0-only server
        ("[SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version (_ssl.c:1006)", True,
         E.TLS_OTHER, "share no TLS version"),
        # no shared cipher: not "rejected your client certificate"
        ("[SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure (_ssl.c:1006)",
         True, E.TLS_OTHER, "no TLS version or cipher suite"),
        ("[SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure (_ssl.c:1006)",
         False, E.TLS_OTHER, "asks for a client certificate and none is configured, or"),
    ],
    ids=["not_yet_valid", "intermediate", "self_signed", "chain_root", "version", "cipher",
         "cipher_no_cert"],
)  # fmt: skip
def test_handshake_failures_name_their_own_cause(
    detail: str, has_cert: bool, kind: str, words: str
) -> None:
    from workbench.client.failures import tls_failure

    err = tls_failure(f"SSLError: {detail}", detail.lower(), "bank.example:443", has_cert)
    assert err.kind == kind, err.text.en
    assert words in err.text.en
    if kind in (E.TLS_OTHER, E.CERT_NOT_YET_VALID) and words != "share no TLS version":
        assert "rejected your client certificate." not in err.text.en


@pytest.mark.parametrize("ending", ["reset", "eof"])
def test_a_host_that_resets_after_a_finished_tls12_handshake_is_not_said_to_refuse_the_cert(
    sandbox: Sandbox,
    account,  # type: ignore[no-untyped-def]
    ending: str,
) -> None:
    """TLS 1.2 refuses a client certificate inside the handshake. A reset after it finished
    (check's TLS step passes) was told "rejected your client certificate"."""
    import socket
    import ssl
    import struct
    import threading

    from workbench.sandbox.tls_server import server_context

    assert sandbox._certs is not None
    ctx = server_context(sandbox._certs, mutual=True)
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        try:
            conn, _ = listener.accept()
            tls = ctx.wrap_socket(conn, server_side=True)  # the certificate is accepted
            if ending == "reset":
                tls.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                tls.close()
            else:  # closed without TLS's close_notify: an SSL EOF on the client's side
                socket.socket(fileno=tls.detach()).close()
        except OSError:
            pass

    threading.Thread(target=serve, daemon=True).start()
    client = PlatformClient(
        account.env._replace(api_base=f"https://127.0.0.1:{port}"), account.secrets
    )
    try:
        with pytest.raises(ClientError) as info:
            client.fetch_access_token()
    finally:
        client.close()
        listener.close()
    said = info.value.text.en
    assert "rejected your client certificate." not in said, said
    assert "closed the connection" in said


def test_an_eof_inside_the_handshake_without_an_openssl_reason_is_not_after_it() -> None:
    """OpenSSL 1.1.1 (RHEL 8, Ubuntu 20.04) words an EOF inside the handshake with no reason:
    it is not "closed after the TLS handshake"; nor, without an alert, a sure refusal."""
    from workbench.client.failures import tls_failure

    text = "SSLEOFError: EOF occurred in violation of protocol (_ssl.c:1131)"
    with_cert = tls_failure(text, text.lower(), "bank.example:443", True)
    assert "during the TLS handshake" in with_cert.text.en
    assert "allow-list" in with_cert.text.en and "probably rejected" in with_cert.text.en
    without = tls_failure(text, text.lower(), "bank.example:443", False)
    assert without.kind == E.CLIENT_CERT_MISSING and "during the TLS handshake" in without.text.en
    after = tls_failure(text, text.lower(), "bank.example:443", True, after_handshake=True)
    assert "after the TLS handshake" in after.text.en
