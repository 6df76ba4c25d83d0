"""The export snippets carry the exact bytes that were signed, through every quoting layer."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from workbench.core.environment import CA_BUNDLE, CERT_PEM, TlsConfig
from workbench.core.export import (
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


def test_secrets_are_left_out_unless_asked() -> None:
    req = _request('{"a":1}', key_password="pw-very-secret")
    for text in (
        curl_snippet(req),
        java_snippet(req),
        python_snippet(req),
        support_bundle(req, None, env_name="F"),
    ):
        assert "secretticketvalue" not in text
        assert "pw-very-secret" not in text
    assert '"${WEBANK_KEY_PASSWORD}"' in curl_snippet(req)  # read from the variable instead
    assert "WEBANK_SIGN_TICKET" in java_snippet(req) and "WEBANK_SIGN_TICKET" in python_snippet(req)
    assert TICKET in java_snippet(req, include_secrets=True)
    assert TICKET in python_snippet(req, include_secrets=True)
    assert "pw-very-secret" in curl_snippet(req, include_secrets=True)
    assert TICKET in support_bundle(req, None, env_name="F", include_secrets=True)


def test_curl_says_its_nonce_is_single_use_and_reads_the_api_base() -> None:
    text = curl_snippet(_request("{}"))
    assert "Single-use" in text and "60840002" in text
    assert '"${WEBANK_API_BASE:-https://127.0.0.1:1}"' in text


@pytest.mark.parametrize(
    "text",
    ["a\nb", "line\nend\r\n", "\\u000A", "\\\\u0041", '名😀\ue000\x00\x7f\t"q"', "y" * 30_000],
)
def test_java_literals_are_ascii_without_line_end_escapes(text: str) -> None:
    from workbench.core.export_java import java_text_expression

    source = java_text_expression(text)
    assert source.isascii()
    assert not {"000A", "000D"} & set(_unicode_escapes(source))


def _unicode_escapes(source: str) -> list[str]:
    """The ``\\uXXXX`` escapes javac would translate (JLS 3.3: a backslash begins one only when
    an even number of backslashes precedes it)."""
    found, i = [], 0
    while i < len(source):
        if source[i] != "\\":
            i += 1
            continue
        run = len(source[i:]) - len(source[i:].lstrip("\\"))
        after = i + run
        if run % 2 == 1 and source[after : after + 1] == "u":
            found.append(source[after:].lstrip("u")[:4].upper())
        i = after
    return found


def test_the_escape_finder_sees_what_javac_sees() -> None:
    assert _unicode_escapes('"\\u000A"') == ["000A"]
    assert _unicode_escapes('"\\\\u000A"') == []
    assert _unicode_escapes('"\\\\\\u000d"') == ["000D"]


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


BASE_ARGS = ["export", "--format", "java", "--api-base", "https://127.0.0.1:1", "--app-id", "a"]
BASE_ARGS += ["--version", "2.0.0", "--ticket", "T", "--path", "test/1", "--body", "{}"]


def _cli(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str, str]:
    from workbench.cli import main

    capsys.readouterr()
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


def _with(**change: str | None) -> list[str]:
    args = list(BASE_ARGS)
    for flag, value in change.items():
        flag = "--" + flag.replace("_", "-")
        if flag in args:
            i = args.index(flag)
            del args[i : i + 2]
        if value is not None:
            args += [flag, value]
    return args


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (_with(path="test"), "must be SYSTEM/CODE"),
        (_with(path="a/b/c"), "must be SYSTEM/CODE"),
        (_with(api_base="http://127.0.0.1:1"), "must start with https://"),
        (_with(api_base="127.0.0.1:1"), "must start with https://"),
        (_with(body=None, body_file="/no/such/file.json"), "Cannot read the body file"),
        (_with(ticket=None, ticket_env="NO_SUCH_VAR_X", format="curl"), "NO_SUCH_VAR_X"),
        (_with(cert="c.pem"), "--cert and --key go together"),
        (_with(p12="c.p12"), "--p12-password-env"),
        (_with(cert="c.pem", key="k.pem", p12="c.p12", p12_password_env="P"), "not both"),
        (_with(app_id="a\udcff"), "not valid UTF-8"),
    ],
)
def test_export_refuses_bad_input_in_one_sentence(
    capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    status, out, err = _cli(capsys, args)
    assert status in (1, 2) and out == ""
    assert words in err and err.count("\n") == 1


def test_export_body_file_must_be_utf8(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"a": "\xe4\xb8"}')
    status, _, err = _cli(capsys, _with(body=None, body_file=str(bad)))
    assert status == 1 and "offset 7" in err


def test_export_java_names_its_file_and_keeps_secrets_out(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MY_TICKET", "ticket-from-the-variable")
    status, out, err = _cli(capsys, BASE_ARGS)
    assert status == 0 and "WEBANK_SIGN_TICKET" in err  # --ticket T is not written in unasked
    assert '"T"' not in out
    status, out, err = _cli(capsys, _with(ticket=None, ticket_env="MY_TICKET"))
    assert status == 0 and "WebankCall.java" in err
    assert "public class WebankCall {" in out and "ticket-from-the-variable" not in out
    assert 'env("MY_TICKET", null)' in out  # the program reads the variable it was told
    status, out, _ = _cli(
        capsys, [*_with(ticket=None, ticket_env="MY_TICKET"), "--include-secrets"]
    )
    assert status == 0 and "ticket-from-the-variable" in out


@pytest.mark.parametrize("body", ['{"a": "\U0001f600"}', '{"a": "\ue000"}', ""])
def test_python_program_signs_as_the_workbench_does(
    body: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The program's own sign (Java order, UTF-8 as Java makes it) equals the workbench's."""
    req = _request(body)
    program = python_snippet(req)
    ticket = '{"a": "\ue000' + TICKET  # shares the body's prefix, then U+E000 against U+1F600
    monkeypatch.setenv("WEBANK_SIGN_TICKET", ticket)
    space: dict[str, object] = {"__name__": "export_under_test"}
    exec(compile(program, "program", "exec"), space)  # our own output
    nonce = "N" * 32
    expected = sign_request(
        app_id="app1", version="2.0.0", nonce=nonce, ticket=ticket, body=body
    ).sign
    assert space["make_sign"](nonce) == expected  # type: ignore[operator]


def _javac_reads(literal: str) -> str:
    """The string javac makes of a literal: unicode escapes first (JLS 3.3), a line end there is
    an error (JLS 3.10.5), then the string's own escapes (JLS 3.10.6)."""
    units: list[str] = []
    i = 0
    while i < len(literal):
        run = len(literal[i:]) - len(literal[i:].lstrip("\\"))
        if run:
            after = i + run
            if run % 2 == 1 and literal[after : after + 1] == "u":
                units.append("\\" * (run - 1))
                hexdigits = literal[after:].lstrip("u")[:4]
                units.append(chr(int(hexdigits, 16)))
                i = after + (len(literal[after:]) - len(literal[after:].lstrip("u"))) + 4
            else:
                units.append("\\" * run)
                i = after
            continue
        units.append(literal[i])
        i += 1
    text = "".join(units)
    assert "\n" not in text and "\r" not in text, "a line end inside a string literal"
    assert text[0] == text[-1] == '"'
    out, i, body = [], 0, text[1:-1]
    simple = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
    while i < len(body):
        ch = body[i]
        if ch == '"':
            raise AssertionError("an unescaped quote ends the literal early")
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt in simple:
            out.append(simple[nxt])
            i += 2
        else:  # octal: up to three digits, the first 0-3 when three
            digits = body[i + 1 : i + 4]
            n = 3 if digits[0] in "0123" else 2
            digits = "".join(c for c in digits[:n] if c in "01234567")
            out.append(chr(int(digits, 8)))
            i += 1 + len(digits)
    return "".join(out).encode("utf-16-be", "surrogatepass").decode("utf-16-be", "surrogatepass")


def test_java_literals_hold_exactly_the_text_for_random_input() -> None:
    import random

    from workbench.core.export_java import java_string

    rng = random.Random(15)
    pool = "\n\r\t\b\f\"'\\u0A01234567xX😀名\ue000\x00\x1f\x7f\u2028\ud800\udfff"
    for _ in range(3000):
        text = "".join(
            rng.choice(pool) if rng.random() < 0.7 else chr(rng.randrange(0, 0x10FFFF))
            for _ in range(rng.randrange(0, 24))
        )
        assert _javac_reads(java_string(text)) == text.encode("utf-16-be", "surrogatepass").decode(
            "utf-16-be", "surrogatepass"
        ), repr(text)
