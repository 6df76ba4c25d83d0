"""The sandbox's certificates: a CA, a server and a client certificate (PROTOCOL P8, P10).

They are generated with ``cryptography`` into the state folder on first start and reused after
that, so a partner can point curl, a Java client or this tool at the same files every time. They
are regenerated when any of them is missing, expires within a day, or the server certificate does
not name the host the sandbox listens on. The client certificate is also written as a PKCS#12
file with a random password kept beside it: this is a sandbox, nothing here protects real money.

Two sandboxes starting on one state folder (two windows, a window and the command line, two
in one process) would each generate a set and overwrite the other's, leaving one serving a
certificate its clients no longer trust. So the check-and-generate runs under an exclusive lock
on ``.lock`` in the folder (``flock``; on Windows ``msvcrt.locking``), which the second one waits
for and then finds a good set to reuse.

The helpers :func:`make_ca` and :func:`issue_cert` are public so that tests can build a second,
foreign CA (a client certificate the sandbox must refuse, a server the client must not trust).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import os
import secrets
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_DAYS = 3650
LEAF_DAYS = 825
RENEW_BEFORE = dt.timedelta(days=1)
DEFAULT_SAN_HOSTS = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class CertFiles:
    """Absolute paths of everything the sandbox hands out."""

    ca_cert: Path
    ca_key: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path
    client_p12: Path
    client_p12_password_file: Path

    @classmethod
    def in_folder(cls, folder: Path) -> CertFiles:
        folder = folder.resolve()
        return cls(
            ca_cert=folder / "ca.pem",
            ca_key=folder / "ca.key",
            server_cert=folder / "server.pem",
            server_key=folder / "server.key",
            client_cert=folder / "client.pem",
            client_key=folder / "client.key",
            client_p12=folder / "client.p12",
            client_p12_password_file=folder / "client.p12.password",
        )

    def all(self) -> tuple[Path, ...]:
        return (
            self.ca_cert,
            self.ca_key,
            self.server_cert,
            self.server_key,
            self.client_cert,
            self.client_key,
            self.client_p12,
            self.client_p12_password_file,
        )

    @property
    def client_p12_password(self) -> str:
        return self.client_p12_password_file.read_text("utf-8").strip()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "WeBank workbench sandbox"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_ca(
    common_name: str = "WeBank workbench sandbox CA", days: int = CA_DAYS
) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """A self-signed CA certificate and its key."""
    key = _new_key()
    name = _name(common_name)
    start = _now() - dt.timedelta(minutes=5)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def issue_cert(
    ca_cert: x509.Certificate,
    ca_key: rsa.RSAPrivateKey,
    common_name: str,
    *,
    server_hosts: tuple[str, ...] = (),
    days: int = LEAF_DAYS,
    not_before: dt.datetime | None = None,
) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """A leaf certificate signed by ``ca``: a server one when ``server_hosts`` is given, else a
    client one. ``not_before`` in the past with few ``days`` makes an expired certificate."""
    key = _new_key()
    start = not_before or (_now() - dt.timedelta(minutes=5))
    usage = ExtendedKeyUsageOID.SERVER_AUTH if server_hosts else ExtendedKeyUsageOID.CLIENT_AUTH
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
    )
    if server_hosts:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([_san_entry(h) for h in server_hosts]), critical=False
        )
    return builder.sign(ca_key, hashes.SHA256()), key


def _san_entry(host: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        return x509.DNSName(host)


def cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key: rsa.RSAPrivateKey, password: str | None = None) -> bytes:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password.encode("utf-8"))
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def p12_bytes(
    cert: x509.Certificate, key: rsa.RSAPrivateKey, ca: x509.Certificate, password: str
) -> bytes:
    """PKCS#12 with the legacy 3DES/SHA1 encryption: the guide's Java demo runs on JDK 1.7+,
    which cannot read the AES-based files that are the library's default."""
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(50000)
        .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
        .hmac_hash(hashes.SHA1())
        .build(password.encode("utf-8"))
    )
    return pkcs12.serialize_key_and_certificates(b"sandbox-client", key, cert, [ca], encryption)


def _write(path: Path, data: bytes, private: bool = False) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    if private:
        tmp.chmod(0o600)
    tmp.replace(path)


def _still_good(files: CertFiles, host: str) -> bool:
    if not all(p.is_file() for p in files.all()):
        return False
    try:
        limit = _now() + RENEW_BEFORE
        for path in (files.ca_cert, files.server_cert, files.client_cert):
            cert = x509.load_pem_x509_certificate(path.read_bytes())
            if cert.not_valid_after_utc < limit:
                return False
        server = x509.load_pem_x509_certificate(files.server_cert.read_bytes())
        san = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = {str(v) for v in san.get_values_for_type(x509.DNSName)}
        names |= {str(v) for v in san.get_values_for_type(x509.IPAddress)}
        return _host_for_san(host) in names
    except (ValueError, x509.ExtensionNotFound, OSError):
        return False


def _host_for_san(host: str) -> str:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host


LOCK_TIMEOUT_S = 60.0


@contextlib.contextmanager
def folder_lock(folder: Path, timeout_s: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the exclusive lock of ``folder`` (across processes and within one process: each
    call opens its own descriptor). Raises TimeoutError after ``timeout_s``."""
    fd = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout_s
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the sandbox folder {folder} stays locked")
            time.sleep(0.05)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def ensure_certificates(folder: Path, host: str = "127.0.0.1", app_id: str = "") -> CertFiles:
    """Reuse the certificates in ``folder`` or generate a fresh set (see the module docstring)."""
    folder.mkdir(parents=True, exist_ok=True)
    with folder_lock(folder):
        return _ensure_locked(folder, host, app_id)


def _ensure_locked(folder: Path, host: str, app_id: str) -> CertFiles:
    files = CertFiles.in_folder(folder)
    if _still_good(files, host):
        return files
    hosts = tuple(dict.fromkeys((*DEFAULT_SAN_HOSTS, _host_for_san(host))))
    hosts = tuple(h for h in hosts if h not in ("0.0.0.0", "::"))
    ca, ca_key = make_ca()
    server, server_key = issue_cert(ca, ca_key, "sandbox API and file host", server_hosts=hosts)
    client, client_key = issue_cert(ca, ca_key, f"sandbox partner {app_id}".strip())
    password = secrets.token_urlsafe(12)
    _write(files.ca_key, key_pem(ca_key), private=True)
    _write(files.ca_cert, cert_pem(ca))
    _write(files.server_key, key_pem(server_key), private=True)
    _write(files.server_cert, cert_pem(server))
    _write(files.client_key, key_pem(client_key), private=True)
    _write(files.client_cert, cert_pem(client))
    _write(files.client_p12, p12_bytes(client, client_key, ca, password), private=True)
    _write(files.client_p12_password_file, password.encode("utf-8"), private=True)
    return files
