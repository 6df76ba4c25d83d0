"""Answers from a broken server become a typed ClientError with a plain sentence, never a raw
exception (the inputs found by fuzzing: deep nesting, ``fileList: 5`` or ``null``, a token with
a lone surrogate, a non-ASCII digit in Content-Length).

The "server" is a local HTTP server that answers every path with a canned body.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from workbench.client import errors as E
from workbench.client.errors import ClientError
from workbench.client.platform import PlatformClient
from workbench.core.credentials import Clock, SystemClock
from workbench.core.environment import EnvironmentConfig, EnvironmentSecrets

DEEP = 100_000
TOKEN_OK = b'{"code":"60850000","access_token":"' + b"a" * 64 + b'","expire_in":"3600"}'
TICKET_OK = b'{"code":"60850000","tickets":[{"value":"' + b"b" * 64 + b'","expire_in":"3600"}]}'


class BrokenServer:
    """Answers each path with the body set for it (JSON, HTTP 200 unless told otherwise)."""

    def __init__(self) -> None:
        self.bodies: dict[str, bytes] = {}
        self.headers: dict[str, dict[str, str]] = {}
        self.targets: list[str] = []  # every request target as it arrived
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                server.targets.append(self.path)
                path = self.path.partition("?")[0]
                body = server.bodies.get(path, b'{"code":"60846999","msg":"no such path"}')
                self.send_response(200)
                headers = {
                    "Content-Type": "application/json;charset=UTF-8",
                    "Content-Length": str(len(body)),
                    **server.headers.get(path, {}),
                }
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def broken() -> Iterator[BrokenServer]:
    server = BrokenServer()
    yield server
    server.close()


def client_for(server: BrokenServer, clock: Clock | None = None) -> PlatformClient:
    env = EnvironmentConfig(
        name="broken", api_base=server.base, file_base=server.base, app_id="wbbroken"
    )
    return PlatformClient(env, EnvironmentSecrets(secret="s" * 24), clock=clock or SystemClock())


def assert_plain(error: ClientError, kind: str = E.BAD_ANSWER) -> None:
    assert error.kind == kind
    if kind != E.PLATFORM:  # that one ends with the platform's own msg
        assert error.text.en.endswith(".") and error.text.zh.endswith("。")
    error.text.en.encode("utf-8")  # printable anywhere: no lone surrogate in the sentence
    error.text.zh.encode("utf-8")


def test_deeply_nested_answers_are_not_platform_answers(broken: BrokenServer) -> None:
    client = client_for(broken)
    broken.bodies["/api/oauth2/access_token"] = b"[" * DEEP + b"]" * DEEP
    with pytest.raises(ClientError) as info:
        client.fetch_access_token()
    assert_plain(info.value)
    assert "Not a platform answer" in info.value.text.en

    broken.bodies["/api/oauth2/access_token"] = TOKEN_OK
    broken.bodies["/api/oauth2/api_ticket"] = TICKET_OK
    nested = "[" * DEEP + "]" * DEEP
    broken.bodies["/api/s/sandbox/echo"] = (
        b'{"code":"60840000","msg":"ok","jsonData":"' + nested.encode() + b'"}'
    )
    result = client.call("sandbox", "echo", "{}")
    assert result.answer is not None and result.answer.code == "60840000"
    assert result.answer.json_data is None  # too deep to decode: shown as the text it is
    deep_code = b'{"code":' + b"[" * 990 + b"]" * 990 + b"}"
    broken.bodies["/api/s/sandbox/echo"] = deep_code
    result = client.call("sandbox", "echo", "{}")
    assert result.answer is None or isinstance(result.answer.code, str)
    broken.bodies["/api/s/sandbox/echo"] = b"[" * DEEP
    assert client.call("sandbox", "echo", "{}").answer is None


@pytest.mark.parametrize("file_list", [b"5", b"null", b'"x"', b"{}"])
def test_a_file_list_that_is_not_a_list_is_a_bad_answer(
    broken: BrokenServer, tmp_path: Path, file_list: bytes
) -> None:
    client = client_for(broken)
    broken.bodies["/api/oauth2/access_token"] = TOKEN_OK
    broken.bodies["/api/oauth2/api_ticket"] = TICKET_OK
    src = tmp_path / "a.pdf"
    src.write_bytes(b"%PDF")
    broken.bodies["/up/s/biz/uploadForm"] = b'{"code":"60840000","fileList":' + file_list + b"}"
    broken.bodies["/up/s/biz/uploadJson"] = broken.bodies["/up/s/biz/uploadForm"]
    broken.bodies["/api/s/up/upload"] = (
        b'{"code":"60840000","jsonData":"{\\"FILE_LIST\\":'
        + file_list.replace(b'"', b'\\"')
        + b'}"}'
    )
    for send in (
        lambda: client.upload_form("biz", [src]),
        lambda: client.upload_json("biz", src),
        lambda: client.upload(src, "006", "pdf"),
    ):
        with pytest.raises(ClientError) as info:
            send()
        assert_plain(info.value)
        assert info.value.record is not None  # what was sent stays visible


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "/api/oauth2/access_token",
            b'{"code":"60850000","access_token":"\\ud800' + b"a" * 63 + b'","expire_in":"3600"}',
        ),
        (
            "/api/oauth2/api_ticket",
            b'{"code":"60850000","tickets":[{"value":"b\\udfff","expire_in":"3600"}]}',
        ),
        ("/api/oauth2/api_ticket", b'{"code":"60850000","tickets":[{"value":null}]}'),
        ("/api/oauth2/api_ticket", b'{"code":"60850000","tickets":[{"value":["x"]}]}'),
    ],
)
def test_a_credential_with_a_lone_surrogate_or_no_text_is_refused(
    broken: BrokenServer, path: str, body: bytes
) -> None:
    client = client_for(broken)
    broken.bodies["/api/oauth2/access_token"] = TOKEN_OK
    broken.bodies["/api/oauth2/api_ticket"] = TICKET_OK
    broken.bodies[path] = body
    with pytest.raises(ClientError) as info:
        client.call("sandbox", "echo", "{}")
    assert_plain(info.value)
    assert client.book.snapshot().sign_ticket is None  # nothing broken was kept


def test_a_lone_surrogate_in_a_message_reads_as_a_replacement(broken: BrokenServer) -> None:
    client = client_for(broken)
    broken.bodies["/api/oauth2/access_token"] = b'{"code":"60851009","msg":"bad \\ud800 id"}'
    with pytest.raises(ClientError) as info:
        client.fetch_access_token()
    assert_plain(info.value, E.PLATFORM)
    assert "bad \ufffd id" in info.value.text.en


def test_a_download_with_a_non_ascii_digit_length_is_read(
    broken: BrokenServer, tmp_path: Path
) -> None:
    """``"²".isdigit()`` is True and ``int("²")`` raises: the length is ignored instead."""
    client = client_for(broken)
    broken.bodies["/api/oauth2/access_token"] = TOKEN_OK
    broken.bodies["/api/oauth2/api_ticket"] = TICKET_OK
    broken.bodies["/api/s/up/download"] = b"file bytes"
    broken.headers["/api/s/up/download"] = {"Content-Type": "image/jpeg", "Content-Length": "²"}
    digest = hashlib.md5(b"file bytes").hexdigest()
    result = client.download("F1", digest, tmp_path / "out.jpg")
    assert result.hash_matches and (tmp_path / "out.jpg").read_bytes() == b"file bytes"


def test_lone_surrogates_in_what_the_user_typed_are_sent_as_java_sends_them(
    broken: BrokenServer,
) -> None:
    """A CLI argument that is not UTF-8 arrives as lone surrogates: nothing may raise on it."""
    env = EnvironmentConfig(
        name="typed", api_base=broken.base, file_base=broken.base, app_id="wb\udcff"
    )
    client = PlatformClient(env, EnvironmentSecrets(secret="sec\ud800ret"), clock=SystemClock())
    broken.bodies["/api/oauth2/access_token"] = b'{"code":"60851009","msg":"unknown app_id"}'
    with pytest.raises(ClientError) as info:
        client.fetch_access_token()
    assert info.value.kind == E.PLATFORM
    assert info.value.record is not None
    assert "app_id=wb%3F&" in info.value.record.request.url
    assert "sec%3Fret" not in info.value.record.request.url  # the secret stays masked
    client.close()

    refused = PlatformClient(
        EnvironmentConfig(name="x", api_base="http://127.0.0.1:9", app_id="wb\udcff"),
        EnvironmentSecrets(secret="sec\ud800ret"),
    )
    with pytest.raises(ClientError) as info:
        refused.fetch_access_token()
    assert info.value.kind == E.CONNECTION_REFUSED
    assert "sec%3Fret" not in info.value.detail and "sec\ud800ret" not in info.value.detail


def test_the_target_goes_as_built_even_where_a_library_would_rewrite_it(
    broken: BrokenServer,
) -> None:
    """requests turns ``%2E%2E`` back into ``..``; the client sends the builder's target."""
    client = client_for(broken)
    broken.bodies["/api/oauth2/access_token"] = TOKEN_OK
    broken.bodies["/api/oauth2/api_ticket"] = TICKET_OK
    client.refresh_all()
    prepared = client.prepare_call("..", "~x y", '{"a": 1}', nonce="N" * 32)
    assert prepared.request is not None
    assert prepared.request.path == "/api/s/%2E%2E/~x%20y"
    client.call("..", "~x y", '{"a": 1}', nonce="N" * 32)
    assert broken.targets[-1] == prepared.request.target


@pytest.mark.parametrize(
    ("headers", "sentence"),
    [
        ({"Content-Encoding": "gzip"}, "could not be decompressed"),
        ({"Content-Length": "500"}, "not as long as its Content-Length says"),
    ],
)
def test_a_download_error_answer_with_lying_headers_is_named(
    broken: BrokenServer, tmp_path: Path, headers: dict[str, str], sentence: str
) -> None:
    client = client_for(broken)
    broken.bodies["/api/oauth2/access_token"] = TOKEN_OK
    broken.bodies["/api/oauth2/api_ticket"] = TICKET_OK
    broken.bodies["/api/s/up/download"] = b'{"code":"60840002","msg":"no such file"}'
    broken.headers["/api/s/up/download"] = headers
    with pytest.raises(ClientError) as info:
        client.download("F1", "0" * 32, tmp_path / "out.jpg")
    assert_plain(info.value)
    assert sentence in info.value.text.en
    assert list(tmp_path.iterdir()) == []
