"""Callback endpoints for the conformance tests: a correct one and one per planted bug.

Each runs on ``127.0.0.1:0`` (``http.server``, one thread per request) and answers like a
partner's server: the bank's envelope in, a signed envelope with a P7.4 code out.
"""

from __future__ import annotations

import hashlib
import json
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, quote_plus

from workbench.core.callback import (
    MalformedCallback,
    build_signed_response,
    parse_envelope,
    partner_response_json,
    verify_callback,
)
from workbench.core.callback_codec import PlainDecodeError, java_url_decode

SALT = "conformance-test-salt"
Answer = tuple[int, str, bytes]
Handler = Callable[[bytes], Answer]


def _signed(code: str, *, upper: bool = False, unsigned: bool = False) -> Answer:
    now = time.time_ns() // 1_000_000
    env = build_signed_response(partner_response_json(code), SALT, "T", "1", now).to_dict()
    if upper:
        env["Signature"] = env["Signature"].upper()
    if unsigned:
        del env["Signature"]
    return 200, "application/json", json.dumps(env).encode()


def partner_code(
    body: bytes,
    *,
    check_signature: bool = True,
    window_s: int = 300,
    signature_input: Callable[[str], str] | None = None,
) -> str:
    """The code a partner answers; the keyword arguments plant the bugs."""
    try:
        env = parse_envelope(body)
    except MalformedCallback:
        return "0001"
    now = time.time_ns() // 1_000_000
    verdict = verify_callback(env, SALT, now, window_s)
    codes = set(verdict.reason_codes)
    if signature_input is not None:  # the quote_plus slip: hash something else than Plain
        try:
            plain = signature_input(env.plain)
        except PlainDecodeError:
            plain = env.plain
        digest = hashlib.sha256((plain + SALT + env.timestamp).encode()).hexdigest()
        codes.discard("signature_mismatch")
        if digest != env.signature:
            return "0010"
    if check_signature and "signature_mismatch" in codes:
        return "0010"
    if codes & {"bad_escape", "incomplete_escape", "plain_not_json"}:
        return "0103"
    if codes & {"timestamp_outside_window", "timestamp_not_number"}:
        return "0012"
    return "0000"


def reference(body: bytes) -> Answer:
    return _signed(partner_code(body))


def ignores_timestamp(body: bytes) -> Answer:
    return _signed(partner_code(body, window_s=10**9))


def upper_hex(body: bytes) -> Answer:
    return _signed(partner_code(body), upper=True)


def reencodes_quote_plus(body: bytes) -> Answer:
    return _signed(partner_code(body, signature_input=lambda p: quote_plus(java_url_decode(p))))


def accepts_any_signature(body: bytes) -> Answer:
    return _signed(partner_code(body, check_signature=False))


def answers_unsigned(body: bytes) -> Answer:
    return _signed(partner_code(body), unsigned=True)


def html_page(body: bytes) -> Answer:
    return 200, "text/html", b"<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>"


def redirect(body: bytes) -> Answer:
    return 301, "text/html", b"<html>Moved</html>"


def slow(seconds: float) -> Handler:
    def handler(body: bytes) -> Answer:
        time.sleep(seconds)
        return reference(body)

    return handler


@contextmanager
def serve(handler: Handler, tls: tuple[str, str] | None = None) -> Iterator[str]:
    """Run ``handler`` as an endpoint on 127.0.0.1; yields its URL.

    ``tls``: (certificate, key) PEM paths to serve HTTPS with.
    """

    class _Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # http.server's name
            length = int(self.headers.get("Content-Length", "0"))
            status, content_type, data = handler(self.rfile.read(length))
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                if status == 301:
                    self.send_header("Location", "https://elsewhere.example/cb")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up (the slow endpoint's test)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    scheme = "http"
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}/callback"
    finally:
        server.shutdown()
        server.server_close()


def skips_a_missing_signature(body: bytes) -> Answer:
    """Checks the Signature only when there is one: an unsigned callback is accepted."""
    try:
        fields = json.loads(body)
    except ValueError:
        fields = None
    if isinstance(fields, dict) and "Signature" not in fields:
        return _signed("0000")
    return reference(body)


def reencodes_rawurlencode(body: bytes) -> Answer:  # PHP: space as %20, '*' encoded, '~' kept
    return _signed(
        partner_code(body, signature_input=lambda p: quote(java_url_decode(p), safe="-_.~"))
    )


def reencodes_encode_uri_component(body: bytes) -> Answer:  # JS: space as %20, '~' '*' kept
    return _signed(
        partner_code(body, signature_input=lambda p: quote(java_url_decode(p), safe="-_.!~*'()"))
    )


def other_salt(body: bytes) -> Answer:
    """Checks everything, but with a salt that is not the one the bank uses."""
    try:
        env = parse_envelope(body)
    except MalformedCallback:
        return _signed("0001")
    if (
        env.signature
        != hashlib.sha256((env.plain + "not-" + SALT + env.timestamp).encode()).hexdigest()
    ):
        return _signed("0010")
    return _signed("0000")


def decodes_twice(body: bytes) -> Answer:
    """URL-decodes Plain a second time before reading the JSON: a '%' in the text breaks it."""
    code = partner_code(body)
    if code != "0000":
        return _signed(code)
    try:
        json.loads(java_url_decode(java_url_decode(parse_envelope(body).plain)))
    except (PlainDecodeError, ValueError):
        return _signed("0103")
    return _signed("0000")
