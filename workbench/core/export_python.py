"""The Python export: a complete program that signs at run time and sends one business request.

It uses only the standard library (``ssl``, ``http.client``), so it runs on a partner's server
with a bare Python 3.8+; only a PKCS#12 certificate needs ``cryptography`` to be read. The body
is a Python literal (``repr``), so no quoting layer can change one character of what is signed.
"""

from __future__ import annotations

from workbench.core.environment import CA_BUNDLE, CERT_P12, CERT_PEM
from workbench.core.export_program import (
    API_BASE_ENV,
    CA_FILE_ENV,
    CLIENT_CERT_ENV,
    CLIENT_KEY_ENV,
    P12_FILE_ENV,
    PROXY_ENV,
    ProgramSpec,
    fill,
)

_TEMPLATE = '''\
#!/usr/bin/env python3
"""Sends one signed business request to the WeBank open platform and prints both answer layers.

Made by the WeBank open platform workbench. Every run signs anew with a fresh nonce (guide 4.3),
so it can run any number of times. Change the settings below, or set the variables they name.
"""

import hashlib
import http.client
import json
import os
import secrets
import ssl
import string
import sys
import urllib.parse

# --- settings (each can be replaced by the environment variable named beside it) -------------
API_BASE = os.environ.get(@API_BASE_ENV@, @API_BASE@)
PROXY = os.environ.get(@PROXY_ENV@, "")  # http://host:port of an HTTP proxy; "": none
APP_ID = @APP_ID@
VERSION = @VERSION@
SYSTEM = @SYSTEM@
SERVICE_CODE = @SERVICE_CODE@
TYPE = @TYPE@  # None: no type parameter and no type in the sign
CERT_MODE = @CERT_MODE@  # "pem", "p12" or "none"
CLIENT_CERT = os.environ.get(@CLIENT_CERT_ENV@, @CLIENT_CERT@)
CLIENT_KEY = os.environ.get(@CLIENT_KEY_ENV@, @CLIENT_KEY@)
P12_FILE = os.environ.get(@P12_FILE_ENV@, @P12_FILE@)
CA_FILE = os.environ.get(@CA_FILE_ENV@, @CA_FILE@)  # "": the system's trusted CAs
# Secrets: read from these variables unless they were filled in at export time.
TICKET = os.environ.get(@TICKET_ENV@, @TICKET@)
KEY_PASSWORD = os.environ.get(@KEY_PASSWORD_ENV@, @KEY_PASSWORD@)
P12_PASSWORD = os.environ.get(@P12_PASSWORD_ENV@, @P12_PASSWORD@)

# The exact body text: the sign covers it character for character.
BODY = @BODY@


def java_sorted(values):
    """Sorted as Java's Collections.sort sorts Strings: by UTF-16 code units (guide 4.3)."""
    return sorted(values, key=lambda v: v.encode("utf-16-be", "surrogatepass"))


def make_sign(nonce):
    """app_id, version, nonce, type (once, when given), body and the ticket: sorted, joined,
    SHA-1 over UTF-8, upper-case hex (guide 4.3)."""
    values = [APP_ID, VERSION, nonce, TYPE, BODY, TICKET]
    values = [v for v in values if v is not None]
    joined = "".join(java_sorted(values))
    # "replace": a lone surrogate counts as "?", as Java's getBytes(UTF_8) makes it
    return hashlib.sha1(joined.encode("utf-8", "replace")).hexdigest().upper()


def make_nonce():
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


def tls_context():
    ctx = ssl.create_default_context(cafile=CA_FILE or None)
    if CERT_MODE == "pem":
        ctx.load_cert_chain(CLIENT_CERT, CLIENT_KEY or None, password=KEY_PASSWORD)
    elif CERT_MODE == "p12":
        load_p12(ctx)
    return ctx


def load_p12(ctx):
    """ssl cannot read PKCS#12: cryptography reads it, and the key reaches OpenSSL re-encrypted
    with a one-time password, so the plain key never touches the disk."""
    import tempfile

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    with open(P12_FILE, "rb") as handle:
        key, cert, extra = pkcs12.load_key_and_certificates(
            handle.read(), P12_PASSWORD.encode("utf-8") if P12_PASSWORD else None
        )
    one_time = secrets.token_urlsafe(24)
    pem = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in [cert, *extra])
    pem += key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(one_time.encode("ascii")),
    )
    handle, path = tempfile.mkstemp(suffix=".pem")
    try:
        os.write(handle, pem)
        os.close(handle)
        ctx.load_cert_chain(path, password=one_time)
    finally:
        os.unlink(path)


def main():
    if TICKET is None:
        sys.exit("Set the sign ticket in the environment variable " + @TICKET_ENV@ + ".")
    nonce = make_nonce()
    query = [("app_id", APP_ID), ("nonce", nonce), ("version", VERSION), ("sign", make_sign(nonce))]
    if TYPE is not None:
        query.append(("type", TYPE))
    quoted = "/".join(urllib.parse.quote(p, safe="") for p in (SYSTEM, SERVICE_CODE))
    target = "/api/s/" + quoted + "?" + urllib.parse.urlencode(query)
    base = urllib.parse.urlsplit(API_BASE)
    if PROXY:  # a tunnel (HTTP CONNECT) through the proxy; TLS still ends at the API host
        proxy = urllib.parse.urlsplit(PROXY)
        conn = http.client.HTTPSConnection(
            proxy.hostname, proxy.port or 80, context=tls_context(), timeout=30
        )
        conn.set_tunnel(base.hostname, base.port or 443)
    else:
        conn = http.client.HTTPSConnection(
            base.hostname, base.port or 443, context=tls_context(), timeout=30
        )
    conn.request(
        "POST",
        base.path.rstrip("/") + target,
        body=BODY.encode("utf-8", "replace"),
        headers={"Content-Type": "application/json;charset=UTF-8"},
    )
    reply = conn.getresponse()
    text = reply.read().decode("utf-8", "replace")
    print("HTTP", reply.status)
    try:
        answer = json.loads(text)
    except ValueError:
        print(text)
        return 1
    # Two layers (guide 4.2): the platform's code, then the business CODE inside jsonData.
    print("platform code:", answer.get("code"), answer.get("msg", ""))
    data = answer.get("jsonData")
    if isinstance(data, str) and data:
        try:
            data = json.loads(data)
        except ValueError:
            pass
    if isinstance(data, dict):
        print("business CODE:", data.get("CODE"), data.get("DESC", ""))
    print("BizSeqNo:", answer.get("BizSeqNo", ""))
    print("ConsumerSeqNo:", answer.get("ConsumerSeqNo", ""))
    return 0 if answer.get("code") == "60840000" else 1


if __name__ == "__main__":
    sys.exit(main())
'''


def _secret(value: str, include: bool) -> str:
    return repr(value) if include and value else "None"


def _password(value: str, include: bool) -> str:
    """A password literal: empty (never None) when left out, so OpenSSL fails instead of
    prompting on the terminal for an encrypted key."""
    return repr(value) if include and value else '""'


def python_program(spec: ProgramSpec, *, include_secrets: bool = False) -> str:
    """The program's source text."""
    tls = spec.tls
    cert_mode = {CERT_PEM: "pem", CERT_P12: "p12"}.get(tls.cert_mode, "none")
    ca = tls.ca_path if tls.ca_mode == CA_BUNDLE else ""
    fills = {
        "API_BASE_ENV": repr(API_BASE_ENV),
        "API_BASE": repr(spec.api_base),
        "PROXY_ENV": repr(PROXY_ENV),
        "APP_ID": repr(spec.app_id),
        "VERSION": repr(spec.version),
        "SYSTEM": repr(spec.system),
        "SERVICE_CODE": repr(spec.service_code),
        "TYPE": repr(spec.type),
        "CERT_MODE": repr(cert_mode),
        "CLIENT_CERT_ENV": repr(CLIENT_CERT_ENV),
        "CLIENT_CERT": repr(tls.cert_path),
        "CLIENT_KEY_ENV": repr(CLIENT_KEY_ENV),
        "CLIENT_KEY": repr(tls.key_path),
        "P12_FILE_ENV": repr(P12_FILE_ENV),
        "P12_FILE": repr(tls.p12_path),
        "CA_FILE_ENV": repr(CA_FILE_ENV),
        "CA_FILE": repr(ca),
        "TICKET_ENV": repr(spec.ticket_env),
        "TICKET": _secret(spec.ticket, include_secrets),
        "KEY_PASSWORD_ENV": repr(spec.key_password_env),
        "KEY_PASSWORD": _password(spec.key_password, include_secrets),
        "P12_PASSWORD_ENV": repr(spec.p12_password_env),
        "P12_PASSWORD": _password(spec.p12_password, include_secrets),
        "BODY": repr(spec.body),
    }
    return fill(_TEMPLATE, fills)
