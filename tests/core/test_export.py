"""The export snippets carry the exact bytes that were signed, through every quoting layer."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import types
from pathlib import Path

import pytest

from workbench.core.environment import CA_BUNDLE, CERT_PEM, TlsConfig
from workbench.core.export import (
    PLACEHOLDER_TICKET,
    ExportRequest,
    ExportResponse,
    curl_snippet,
    java_snippet,
    python_snippet,
    support_bundle,
)
from workbench.core.sign import sign_request

TICKET = "T" * 20 + "secretticketvalue"
NASTY_BODIES = [
    '{"a": "it\'s \\"quoted\\" $HOME `id` \\\\ %s"}',
    '{"名": "张三", "emoji": "😀", "tab": "\t", "nl": "x"}\n',
    "\n\n{}\n  ",
    '{"x": "' + "y" * 300_000 + '"}',  # above Linux's 128 KiB single-argument limit
    "",
]


def _request(body: str, **kw: object) -> ExportRequest:
    sign = sign_request(app_id="app1", version="2.0.0", nonce="N" * 32, ticket=TICKET, body=body)
    return ExportRequest(
        method="POST",
        url=(
            "https://127.0.0.1:1/api/s/a/b?app_id=app1"
            f"&nonce={'N' * 32}&version=2.0.0&sign={sign.sign}"
        ),
        body=body.encode("utf-8"),
        headers={"Content-Type": "application/json", "Content-Length": "9"},
        sign=sign,
        tls=TlsConfig(
            cert_mode=CERT_PEM,
            cert_path="/c d/client.pem",
            key_path="/k.pem",
            ca_mode=CA_BUNDLE,
            ca_path="/ca.pem",
        ),
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("body", NASTY_BODIES, ids=range(len(NASTY_BODIES)))
def test_curl_snippet_sends_the_exact_bytes_through_the_shell(tmp_path: Path, body: str) -> None:
    fake = tmp_path / "bin" / "curl"
    fake.parent.mkdir()
    out = tmp_path / "got"
    args = tmp_path / "args"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {args}\ncat > {out}\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    req = _request(body)
    env = dict(os.environ, PATH=f"{fake.parent}:{os.environ['PATH']}")
    script = tmp_path / "replay.sh"
    script.write_text(curl_snippet(req), encoding="utf-8")
    subprocess.run(["sh", str(script)], check=True, env=env, timeout=30)
    assert out.read_bytes() == req.body
    given = args.read_text().splitlines()
    assert req.url in given
    assert "/c d/client.pem" in given  # a path with a space stays one argument
    assert "--cacert" in given


def test_python_snippet_posts_the_exact_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    body = NASTY_BODIES[1]
    req = _request(body)
    seen: dict[str, object] = {}
    fake = types.ModuleType("requests")

    def request(method: str, url: str, **kw: object) -> object:
        seen.update(kw, method=method, url=url)
        return types.SimpleNamespace(status_code=200, text="ok")

    fake.request = request  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "requests", fake)
    exec(compile(python_snippet(req), "snippet", "exec"), {})  # our own output
    assert seen["data"] == req.body
    assert seen["url"] == req.url
    assert seen["cert"] == ("/c d/client.pem", "/k.pem")
    assert seen["verify"] == "/ca.pem"


def test_ticket_and_password_are_masked_unless_asked() -> None:
    req = _request('{"a":1}', key_password="pw-very-secret")
    for text in (curl_snippet(req), java_snippet(req), support_bundle(req, None, env_name="F")):
        assert "secretticketvalue" not in text
        assert "pw-very-secret" not in text
    assert PLACEHOLDER_TICKET in java_snippet(req)
    assert "secretticketvalue" in java_snippet(req, include_secrets=True)
    assert "pw-very-secret" in curl_snippet(req, include_secrets=True)
    assert TICKET in support_bundle(req, None, env_name="F", include_secrets=True)


def test_support_bundle_names_the_codes_and_sequence_numbers() -> None:
    req = _request('{"a":1}')
    resp = ExportResponse(
        status=200,
        platform_code="60840000",
        biz_code="0000",
        biz_seq_no="BIZ123",
        consumer_seq_no="CON456",
        retried=True,
        body_text='{"code":"60840000"}',
    )
    text = support_bundle(req, resp, env_name="sandbox")
    for part in ("60840000", "BIZ123", "CON456", "retried", req.sign.sign, "sandbox"):  # type: ignore[union-attr]
        assert part in text


@pytest.mark.skipif(shutil.which("java") is None, reason="no JDK on this machine")
def test_java_snippet_computes_the_same_sign(tmp_path: Path) -> None:
    body = '{"名": "张三", "😀": "\ue000", "q": "\\"x\\""}'
    req = _request(body)
    src = tmp_path / "SignDemo.java"
    src.write_text(java_snippet(req, include_secrets=True), encoding="utf-8")
    run = subprocess.run(
        ["java", str(src)], capture_output=True, text=True, timeout=120, check=True
    )
    assert run.stdout.splitlines()[0] == req.sign.sign  # type: ignore[union-attr]
