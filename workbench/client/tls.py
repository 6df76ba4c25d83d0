"""Sessions for one environment: mutual TLS to the API host, one-way TLS to the file host (P8).

The client certificate is loaded with ``cryptography`` first, so that an encrypted key without a
password, a wrong password or an expired certificate become plain sentences before anything is
sent. The key then reaches OpenSSL through an in-memory file (``memfd`` on Linux) holding it
re-encrypted with a one-time password; elsewhere a temporary file with the same one-time
encryption, deleted at once. The unencrypted key never touches the disk.

The CA is always explicit: the environment's bundle, or the operating system's store (OpenSSL's
default paths). ``trust_env`` is off, so ``REQUESTS_CA_BUNDLE``, ``HTTPS_PROXY`` and ``.netrc``
cannot silently change what the user chose; the proxy is the environment's own setting.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import ssl
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import urllib3
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from requests.adapters import HTTPAdapter

from workbench.client import errors as E
from workbench.client.errors import ClientError
from workbench.core.environment import CA_BUNDLE, CERT_NONE, CERT_P12, CERT_PEM, TlsConfig
from workbench.core.text import Text


@dataclass(frozen=True)
class ClientIdentity:
    """The client certificate as loaded: what preflight shows."""

    subject: str
    issuer: str
    not_after: dt.datetime

    def days_left(self, now: dt.datetime | None = None) -> int:
        now = now or dt.datetime.now(dt.UTC)
        return (self.not_after - now).days


def _read(path: str, what: Text) -> bytes:
    try:
        return Path(path).expanduser().read_bytes()
    except OSError as exc:
        raise ClientError(
            E.CLIENT_CERT_UNREADABLE,
            Text(f"Cannot read the {what.en} file {path}.", f"无法读取{what.zh}文件 {path}。"),
            detail=str(exc),
        ) from None


def _load_pem_identity(tls: TlsConfig, password: str) -> tuple[list[x509.Certificate], Any]:
    if not tls.cert_path or not tls.key_path:
        raise ClientError(
            E.CONFIG,
            Text("Choose the client certificate and key files.", "请选择客户端证书和私钥文件。"),
        )
    cert_data = _read(tls.cert_path, Text("certificate", "证书"))
    key_data = _read(tls.key_path, Text("private key", "私钥"))
    try:
        certs = x509.load_pem_x509_certificates(cert_data)
    except ValueError as exc:
        raise ClientError(
            E.CLIENT_CERT_UNREADABLE,
            Text(f"{tls.cert_path} is not a PEM certificate.", f"{tls.cert_path} 不是 PEM 证书。"),
            detail=str(exc),
        ) from None
    try:
        key = serialization.load_pem_private_key(
            key_data, password.encode("utf-8") if password else None
        )
    except TypeError as exc:  # encrypted without a password, or a password for a plain key
        if password and b"ENCRYPTED" not in key_data:
            key = serialization.load_pem_private_key(key_data, None)
        else:
            raise ClientError(
                E.CLIENT_KEY_ENCRYPTED,
                Text(
                    "The client private key is encrypted: enter its password.",
                    "客户端私钥已加密：请输入其密码。",
                ),
                detail=str(exc),
            ) from None
    except ValueError as exc:
        if b"ENCRYPTED" in key_data:
            raise ClientError(
                E.CLIENT_KEY_ENCRYPTED,
                Text(
                    "The password of the client private key is wrong.", "客户端私钥的密码不正确。"
                ),
                detail=str(exc),
            ) from None
        raise ClientError(
            E.CLIENT_CERT_UNREADABLE,
            Text(f"{tls.key_path} is not a PEM private key.", f"{tls.key_path} 不是 PEM 私钥。"),
            detail=str(exc),
        ) from None
    return certs, key


def _load_p12_identity(tls: TlsConfig, password: str) -> tuple[list[x509.Certificate], Any]:
    if not tls.p12_path:
        raise ClientError(E.CONFIG, Text("Choose the PKCS#12 file.", "请选择 PKCS#12 文件。"))
    data = _read(tls.p12_path, Text("PKCS#12", "PKCS#12 "))
    if not data.startswith(b"\x30"):  # DER SEQUENCE: anything else is no PKCS#12, whatever the pw
        raise ClientError(
            E.CLIENT_CERT_UNREADABLE,
            Text(f"{tls.p12_path} is not a PKCS#12 file.", f"{tls.p12_path} 不是 PKCS#12 文件。"),
        )
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(
            data, password.encode("utf-8") if password else None
        )
    except ValueError as exc:
        sentence = (
            Text("The PKCS#12 password is wrong.", "PKCS#12 密码不正确。")
            if password
            else Text(
                "The PKCS#12 file is protected: enter its password.",
                "PKCS#12 文件受密码保护：请输入其密码。",
            )
        )
        raise ClientError(E.P12_BAD_PASSWORD, sentence, detail=str(exc)) from None
    if key is None or cert is None:
        raise ClientError(
            E.CLIENT_CERT_UNREADABLE,
            Text(
                "The PKCS#12 file holds no certificate with its key.",
                "PKCS#12 文件中没有证书及其私钥。",
            ),
        )
    return [cert, *extra], key


def load_identity(
    tls: TlsConfig, key_password: str = "", p12_password: str = ""
) -> tuple[list[x509.Certificate], Any] | None:
    """The client certificate chain and key of ``tls``, or None when it has none."""
    if tls.cert_mode == CERT_PEM:
        certs, key = _load_pem_identity(tls, key_password)
    elif tls.cert_mode == CERT_P12:
        certs, key = _load_p12_identity(tls, p12_password)
    else:
        return None
    leaf = certs[0]
    _check_key_pair(leaf, key, tls)
    now = dt.datetime.now(dt.UTC)
    if leaf.not_valid_before_utc > now:  # the server refuses it as "bad certificate", no more
        day = leaf.not_valid_before_utc.strftime("%Y-%m-%d %H:%M UTC")
        raise ClientError(
            E.CERT_NOT_YET_VALID,
            Text(
                f"Your client certificate is valid only from {day}: check this computer's date "
                "and time, or the certificate's start date.",
                f"您的客户端证书自 {day} 起才生效：请检查本机的日期和时间，或证书的生效日期。",
            ),
        )
    if leaf.not_valid_after_utc < now:
        day = leaf.not_valid_after_utc.strftime("%Y-%m-%d")
        raise ClientError(
            E.CERT_EXPIRED,
            Text(f"Your client certificate expired on {day}.", f"您的客户端证书已于 {day} 过期。"),
        )
    return certs, key


def _public_der(public_key: Any) -> bytes:
    return bytes(
        public_key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )


def _check_key_pair(leaf: x509.Certificate, key: Any, tls: TlsConfig) -> None:
    """OpenSSL accepts a certificate with someone else's key until the handshake, and then
    raises ``KEY_VALUES_MISMATCH`` outside requests' exceptions (ENGINEERING.md): compare the
    public keys here, so the user reads which files do not belong together."""
    try:
        same = _public_der(leaf.public_key()) == _public_der(key.public_key())
    except (ValueError, TypeError, AttributeError):  # an unsupported key type: let OpenSSL judge
        return
    if same:
        return
    if tls.cert_mode == CERT_P12:
        text = Text(
            f"The certificate in {tls.p12_path} does not belong to the private key stored with it.",
            f"{tls.p12_path} 中的证书与其中的私钥不是一对。",
        )
    else:
        text = Text(
            f"The client certificate {tls.cert_path} and the private key {tls.key_path} do not "
            "belong together: choose the key that was made with this certificate.",
            f"客户端证书 {tls.cert_path} 与私钥 {tls.key_path} 不是一对：请选择与该证书一起生成的"
            "私钥。",
        )
    raise ClientError(E.KEY_MISMATCH, text, detail="X509: KEY_VALUES_MISMATCH")


def identity_of(certs: list[x509.Certificate]) -> ClientIdentity:
    leaf = certs[0]
    return ClientIdentity(
        leaf.subject.rfc4514_string(), leaf.issuer.rfc4514_string(), leaf.not_valid_after_utc
    )


def _load_into_context(ctx: ssl.SSLContext, certs: list[x509.Certificate], key: Any) -> None:
    """Hand the chain and key to OpenSSL without the plain key ever being on disk."""
    one_time = secrets.token_urlsafe(24)
    pem = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)
    pem += key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(one_time.encode("ascii")),
    )
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("workbench-client-identity")
        try:
            os.write(fd, pem)
            ctx.load_cert_chain(f"/proc/self/fd/{fd}", password=one_time)
        finally:
            os.close(fd)
        return
    handle, path = tempfile.mkstemp(suffix=".pem")
    try:
        os.write(handle, pem)
        os.close(handle)
        ctx.load_cert_chain(path, password=one_time)
    finally:
        os.unlink(path)


def ca_description(tls: TlsConfig) -> str:
    """Which CA the server is checked against, for the window to show (ENGINEERING.md)."""
    if not tls.verify:
        return "verification OFF"
    if tls.ca_mode == CA_BUNDLE:
        return f"CA bundle {tls.ca_path}"
    paths = ssl.get_default_verify_paths()
    return f"system store ({paths.cafile or paths.capath})"


def build_context(
    tls: TlsConfig, identity: tuple[list[x509.Certificate], Any] | None
) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if not tls.verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    elif tls.ca_mode == CA_BUNDLE:
        if not tls.ca_path:
            raise ClientError(E.CONFIG, Text("Choose the CA bundle file.", "请选择 CA 证书文件。"))
        try:
            ctx.load_verify_locations(cafile=str(Path(tls.ca_path).expanduser()))
        except (OSError, ssl.SSLError) as exc:
            raise ClientError(
                E.CONFIG,
                Text(
                    f"The CA bundle {tls.ca_path} cannot be read.",
                    f"无法读取 CA 证书 {tls.ca_path}。",
                ),
                detail=str(exc),
            ) from None
    else:
        ctx.load_default_certs()
    if identity is not None:
        try:
            _load_into_context(ctx, *identity)
        except ssl.SSLError as exc:  # a pair the check above could not judge
            raise ClientError(
                E.KEY_MISMATCH,
                Text(
                    "The client certificate and its private key do not belong together.",
                    "客户端证书与其私钥不是一对。",
                ),
                detail=str(exc),
            ) from None
    return ctx


# urllib3 reads a streamed request body 16 KiB at a time by default: for a file upload that is
# one Python round trip (read, MD5, progress, TLS write) per 16 KiB. 1 MiB pieces cut the
# per-piece overhead to noise while memory stays flat (bench_transfer_client.py).
SEND_BLOCKSIZE = 1024 * 1024


class ContextAdapter(HTTPAdapter):
    """An adapter that uses exactly our SSLContext: requests may not add or swap a CA."""

    def __init__(self, context: ssl.SSLContext, **kwargs: Any) -> None:
        self._context = context
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = self._context
        kwargs["blocksize"] = SEND_BLOCKSIZE
        super().init_poolmanager(*args, **kwargs)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        proxy_kwargs["ssl_context"] = self._context
        proxy_kwargs["blocksize"] = SEND_BLOCKSIZE
        return super().proxy_manager_for(proxy, **proxy_kwargs)

    def build_connection_pool_key_attributes(
        self, request: Any, verify: Any, cert: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        host_params, _ = super().build_connection_pool_key_attributes(request, verify, None)
        reqs = "CERT_NONE" if self._context.verify_mode == ssl.CERT_NONE else "CERT_REQUIRED"
        return host_params, {"ssl_context": self._context, "cert_reqs": reqs}

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        pass  # the context decides

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if self._context.verify_mode == ssl.CERT_NONE:
            # The user switched verification off and the window says so (PROTOCOL P8).
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
                return super().send(request, *args, **kwargs)
        return super().send(request, *args, **kwargs)


def build_session(
    tls: TlsConfig,
    proxy: str = "",
    *,
    key_password: str = "",
    p12_password: str = "",
    with_client_cert: bool = True,
) -> requests.Session:
    """A session for one host. Raises :class:`ClientError` for certificate problems."""
    identity = load_identity(tls, key_password, p12_password) if with_client_cert else None
    ctx = build_context(tls, identity)
    session = requests.Session()
    session.trust_env = False
    session.verify = tls.verify
    adapter = ContextAdapter(ctx)
    session.mount("https://", adapter)
    if proxy:
        session.proxies = {"http": proxy, "https": proxy}
    return session


def file_tls(env_tls: TlsConfig, file_tls_cfg: TlsConfig) -> TlsConfig:
    """The file host's TLS: its own CA settings, else the API host's CA; never a client cert."""
    base = file_tls_cfg if file_tls_cfg.ca_mode == CA_BUNDLE and file_tls_cfg.ca_path else env_tls
    return TlsConfig(
        cert_mode=CERT_NONE,
        ca_mode=base.ca_mode,
        ca_path=base.ca_path,
        verify=file_tls_cfg.verify and env_tls.verify,
    )
