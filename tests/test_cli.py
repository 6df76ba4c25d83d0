"""The command line as a user runs it: ``python -m workbench ...`` in a subprocess."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_run import run_inline
from workbench.core.callback_codec import java_url_encode

ROOT = Path(__file__).resolve().parent.parent
NOW = 1_700_000_000_000
SALT = "salt-F-env"


def run(
    *args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", **(env or {})}
    full_env.pop("WORKBENCH_DEBUG", None)
    data = stdin.decode("utf-8", "surrogateescape") if isinstance(stdin, bytes) else stdin
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        input=data,
        text=True,
        capture_output=True,
        cwd=ROOT,
        env=full_env,
        timeout=60,
    )


def envelope(business: str, salt: str = SALT, ts: int = NOW) -> dict[str, str]:
    plain = java_url_encode(business)
    sig = hashlib.sha256(f"{plain}{salt}{ts}".encode()).hexdigest()
    return {"Plain": plain, "Signature": sig, "Timestamp": str(ts), "transName": "T", "SeqNo": "1"}


def one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


# --- sign ------------------------------------------------------------------------------------


def test_sign_json_matches_hashlib() -> None:
    body = '{"A": "中文"}'
    done = run(
        "sign",
        "--app-id",
        "app1",
        "--version",
        "2.0.0",
        "--nonce",
        "N" * 32,
        "--ticket",
        "TICKET",
        "--type",
        "sign",
        "--body",
        body,
        "--json",
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    expected_string = "".join(sorted(["app1", "2.0.0", "N" * 32, "sign", body, "TICKET"]))
    assert out["sign_string"] == expected_string
    assert out["sign"] == hashlib.sha1(expected_string.encode()).hexdigest().upper()
    assert out["nonce"] == "N" * 32
    assert {v["source"] for v in out["values"]} == {
        "app_id",
        "version",
        "nonce",
        "type",
        "body",
        "ticket",
    }


def test_sign_text_output_generated_nonce_and_extra_values(tmp_path: Path) -> None:
    body_file = tmp_path / "body.json"
    body_file.write_bytes(b'{"x":1}\n')
    done = run(
        "sign",
        "--app-id",
        "app1",
        "--version",
        "1.0.0",
        "--ticket-env",
        "MY_TICKET",
        "--body-file",
        str(body_file),
        "--value",
        "user42",
        env={"MY_TICKET": "TK"},
    )
    assert done.returncode == 0, done.stderr
    assert "(generated)" in done.stdout
    nonce = done.stdout.splitlines()[0].split()[1]
    assert len(nonce) == 32 and nonce.isalnum()
    sign_string = "".join(sorted(["app1", "1.0.0", nonce, '{"x":1}\n', "user42", "TK"]))
    assert f"sign: {hashlib.sha1(sign_string.encode()).hexdigest().upper()}" in done.stdout
    assert "type" not in done.stdout.split("sign string")[0]


def test_sign_body_from_stdin() -> None:
    done = run(
        "sign",
        "--app-id",
        "a",
        "--version",
        "2.0.0",
        "--nonce",
        "n",
        "--ticket",
        "t",
        "--body-file",
        "-",
        "--json",
        stdin="{}",
    )
    assert json.loads(done.stdout)["sign_string"] == "".join(sorted(["a", "2.0.0", "n", "{}", "t"]))


def test_invalid_utf8_body_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"a":"\xe4\xb8"}')
    done = run(
        "sign", "--app-id", "a", "--version", "2.0.0", "--ticket", "t", "--body-file", str(bad)
    )
    assert done.returncode == 1
    line = one_error_line(done)
    assert "not valid UTF-8" in line and "offset 6" in line


def test_missing_file_and_missing_env_are_one_line(tmp_path: Path) -> None:
    done = run(
        "sign",
        "--app-id",
        "a",
        "--version",
        "2",
        "--ticket",
        "t",
        "--body-file",
        str(tmp_path / "nope"),
    )
    assert done.returncode == 1 and "cannot read" in one_error_line(done)
    done = run("sign", "--app-id", "a", "--version", "2", "--ticket-env", "NOT_SET_ANYWHERE_X")
    assert done.returncode == 1 and "NOT_SET_ANYWHERE_X" in one_error_line(done)


def test_usage_error_is_one_line() -> None:
    done = run("sign", "--app-id", "a")
    assert done.returncode == 2
    assert "--help" in one_error_line(done)


def test_sign_help_shows_the_form() -> None:
    done = run("sign", "--help")
    assert done.returncode == 0
    assert "--body-file PATH | --body-file -" in done.stdout
    assert "--ticket-env NAME" in done.stdout


# --- callback --------------------------------------------------------------------------------


def test_callback_verify_valid_from_file(tmp_path: Path) -> None:
    body = tmp_path / "cb.json"
    body.write_text(json.dumps(envelope('{"CODE":"0000","DESC":"成功"}')), encoding="utf-8")
    done = run(
        "callback", "verify", "--salt", SALT, "--body-file", str(body), "--now", str(NOW + 5000)
    )
    assert done.returncode == 0, done.stderr
    assert '"DESC": "成功"' in done.stdout
    assert "VALID" in done.stdout
    assert SALT not in done.stdout


def test_callback_verify_mismatch_json_and_salt_from_env(tmp_path: Path) -> None:
    body = tmp_path / "cb.json"
    body.write_text(json.dumps(envelope("{}", salt=SALT + "\n")), encoding="utf-8")
    done = run(
        "callback",
        "verify",
        "--salt-env",
        "CB_SALT",
        "--body-file",
        str(body),
        "--now",
        str(NOW),
        "--json",
        env={"CB_SALT": SALT},
    )
    assert done.returncode == 1
    out = json.loads(done.stdout)
    assert out["status"] == "invalid"
    assert [r["code"] for r in out["reasons"]] == ["signature_mismatch"]
    assert "salt_whitespace" in [d["code"] for d in out["diagnostics"]]
    assert out["expected_signature"] == hashlib.sha256(f"%7B%7D{SALT}{NOW}".encode()).hexdigest()
    assert SALT not in done.stdout


def test_callback_verify_fields_and_salt_from_stdin() -> None:
    env = envelope('{"k":"v"}')
    ten_minutes_old = (
        "callback",
        "verify",
        "--salt",
        "-",
        "--plain",
        env["Plain"],
        "--signature",
        env["Signature"],
        "--timestamp",
        env["Timestamp"],
        "--now",
        str(NOW + 600_000),
    )
    done = run(*ten_minutes_old, stdin=SALT + "\n")
    assert done.returncode == 1  # ten minutes old: outside the 5-minute window
    assert "10 min ago" in done.stdout
    done = run(*ten_minutes_old, "--window", "900", stdin=SALT + "\n")
    assert done.returncode == 0


def test_callback_verify_fields_with_a_copied_line_end_around_plain() -> None:
    env = envelope('{"k":"v"}')
    args = ["callback", "verify", "--salt", "-", "--plain", env["Plain"] + "\r\n", "--json"]
    args += ["--signature", env["Signature"], "--timestamp", env["Timestamp"], "--now", str(NOW)]
    done = run(*args, stdin=SALT + "\n")
    assert done.returncode == 0, done.stdout
    out = json.loads(done.stdout)
    assert out["status"] == "valid"
    assert [d["code"] for d in out["diagnostics"]] == ["plain_trimmed"]


def test_callback_verify_body_from_stdin_and_malformed() -> None:
    done = run(
        "callback",
        "verify",
        "--salt",
        SALT,
        "--body-file",
        "-",
        "--now",
        str(NOW),
        stdin=json.dumps(envelope("{}")),
    )
    assert done.returncode == 0, done.stdout
    done = run(
        "callback",
        "verify",
        "--salt",
        SALT,
        "--body-file",
        "-",
        "--now",
        str(NOW),
        stdin='{"Plain": "x"}',
    )
    assert done.returncode == 2
    assert "Signature is missing" in done.stdout
    assert "Traceback" not in done.stderr


def test_callback_verify_stdin_cannot_serve_both() -> None:
    done = run("callback", "verify", "--salt", "-", "--body-file", "-", stdin="x")
    assert done.returncode == 2  # a command-line mistake, as callback scan says it
    assert "standard input" in one_error_line(done)


def test_callback_sign_round_trip(tmp_path: Path) -> None:
    business = tmp_path / "answer.json"
    business.write_text('{"CODE":"0000","DESC":"系统处理成功"}\n', encoding="utf-8")
    done = run(
        "callback",
        "sign",
        "--salt",
        SALT,
        "--trans-name",
        "TLMerchantQuery",
        "--timestamp",
        str(NOW),
        "--seq-no",
        "77",
        "--json-file",
        str(business),
    )
    assert done.returncode == 0, done.stderr
    env = json.loads(done.stdout)
    assert env == envelope('{"CODE":"0000","DESC":"系统处理成功"}') | {
        "transName": "TLMerchantQuery",
        "SeqNo": "77",
    }
    verify = run(
        "callback",
        "verify",
        "--salt",
        SALT,
        "--body-file",
        "-",
        "--now",
        str(NOW),
        stdin=done.stdout,
    )
    assert verify.returncode == 0


def test_callback_sign_rejects_bad_json() -> None:
    done = run("callback", "sign", "--salt", SALT, "--trans-name", "T", "--json", "{nope")
    assert done.returncode == 1
    assert "not valid JSON" in one_error_line(done)


# --- codes and the rest ------------------------------------------------------------------------


def test_codes_known_and_unknown() -> None:
    done = run("codes", "60841018", "0012")
    assert done.returncode == 0
    assert "接入签名不正确" in done.stdout and "时间戳过期" in done.stdout
    done = run("codes", "60846999", "66590000")
    assert done.returncode == 1
    assert done.stdout.count("60846999") == 2
    assert "66590000" in one_error_line(done)
    done = run("--lang", "zh", "codes", "60841017", "--json")
    assert "重新获取" in json.loads(done.stdout)["codes"][0]["cause"]


def test_version_and_window_without_app() -> None:
    done = run("--version")
    assert done.returncode == 0 and done.stdout.startswith("webank-workbench ")
    if not (ROOT / "workbench" / "app.py").exists():
        done = run("--smoke-test")
        assert done.returncode == 1
        assert "window is not available" in one_error_line(done)


def test_cli_imports_no_qt() -> None:
    code = (
        "import sys, workbench.cli as c; c.build_parser(); "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.stdout.strip() == "False", done.stderr


@pytest.mark.parametrize("argv", [["callback"], ["codes"], ["sign", "--json"]])
def test_incomplete_commands_never_trace(argv: list[str]) -> None:
    done = run(*argv)
    assert done.returncode == 2
    one_error_line(done)


def test_unexpected_error_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import workbench.cli as cli

    def boom(_args: object) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cli, "_cmd_codes", boom)
    monkeypatch.delenv("WORKBENCH_DEBUG", raising=False)
    assert cli.main(["codes", "0000"]) == 70
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "disk on fire" in err[0] and "WORKBENCH_DEBUG=1" in err[0]
    # in Chinese too, with Python's own words kept as they are
    assert cli.main(["--lang", "zh", "codes", "0000"]) == 70
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("webank-workbench: 意外错误：RuntimeError: disk on fire（")


def test_an_interrupt_is_one_line_in_the_users_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import workbench.cli as cli

    def interrupted(_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_cmd_codes", interrupted)
    assert cli.main(["codes", "0000"]) == 130
    assert capsys.readouterr().err == "webank-workbench: interrupted\n"
    assert cli.main(["--lang", "zh", "codes", "0000"]) == 130
    assert capsys.readouterr().err == "webank-workbench: 已中断\n"


# --- sign check ------------------------------------------------------------------------------

APP_ID = "wxhiw5xt6q4qtmwcrn"
NONCE = "489c60c97daef599efd10cfda46860a1"
TICKET = "58b8ea10e5487b88e555feec27fb48201fd788c05b2d424234537b73c7282b70"
SIGN_BODY = '{"SERVICE_CODE": "10002", "NAME": "张三"}'


def sha1_sign(*values: str) -> str:
    return hashlib.sha1("".join(sorted(values)).encode()).hexdigest().upper()


def sign_url(sign: str, extra: str = "") -> str:
    return (
        f"https://f-capapi-v2.test.webank.com/api/s/yh/10002?app_id={APP_ID}&nonce={NONCE}"
        f"&version=2.0.0&sign={sign}{extra}"
    )


def test_sign_check_match_prints_exactly_the_promised_json() -> None:
    right = sha1_sign(APP_ID, "2.0.0", NONCE, SIGN_BODY, TICKET)
    done = run(
        "sign", "check", "--url", sign_url(right), "--body", SIGN_BODY, "--ticket", TICKET, "--json"
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out == {"match": True, "expected": right, "given": right, "slips": []}


@pytest.mark.parametrize(
    ("code", "sign", "extra", "more"),
    [
        ("lower_hex", sha1_sign(APP_ID, "2.0.0", NONCE, SIGN_BODY, TICKET).lower(), "", []),
        ("ticket_missing", sha1_sign(APP_ID, "2.0.0", NONCE, SIGN_BODY), "", []),
        (
            "type_twice",
            sha1_sign(APP_ID, "2.0.0", NONCE, SIGN_BODY, TICKET, "sign", "sign"),
            "&type=sign",
            [],
        ),
        (
            "type_missing",
            sha1_sign(APP_ID, "2.0.0", NONCE, SIGN_BODY, TICKET),
            "",
            ["--type", "sign"],
        ),
        ("type_extra", sha1_sign(APP_ID, "2.0.0", NONCE, SIGN_BODY, TICKET, "sign"), "", []),
        (
            "previous_ticket",
            sha1_sign(APP_ID, "2.0.0", NONCE, SIGN_BODY, "old-ticket"),
            "",
            ["--previous-ticket-env", "OLD_TICKET"],
        ),
    ],
)
def test_sign_check_names_the_slip(code: str, sign: str, extra: str, more: list[str]) -> None:
    status, out, err = run_inline(
        "sign", "check", "--url", sign_url(sign, extra), "--body", SIGN_BODY,
        "--ticket-env", "THE_TICKET", "--json", *more,
    )  # fmt: skip
    assert status == 1, err
    result = json.loads(out)
    assert result["match"] is False and result["given"] == sign
    assert [s["code"] for s in result["slips"]] == [code]
    assert TICKET not in out


@pytest.fixture(autouse=True)
def _tickets_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THE_TICKET", TICKET)
    monkeypatch.setenv("OLD_TICKET", "old-ticket")


def test_sign_check_text_output_and_body_file(tmp_path: Path) -> None:
    body = tmp_path / "body.json"
    body.write_bytes(SIGN_BODY.encode())
    wrong = sha1_sign(APP_ID, "2.0.0", NONCE, SIGN_BODY.replace("10002", "10003"), TICKET)
    status, out, _err = run_inline(
        "sign", "check", "--url", sign_url(wrong), "--body-file", str(body), "--ticket", TICKET
    )
    assert status == 1
    assert "does NOT match" in out and "no known slip" in out
    assert TICKET not in out  # the sign string is shown with the ticket masked


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--url", "no query", "--body", "{}", "--ticket", "T"], "No query string"),
        (["--url", sign_url("A"), "--body", "{}", "--ticket", ""], "No ticket given"),
        (["--url", sign_url("A"), "--body", "{}", "--ticket-env", "UNSET_X"], "UNSET_X"),
        (["--url", sign_url("A"), "--body-file", "/nonexistent/b", "--ticket", "T"], "cannot read"),
        (["--url", sign_url("A"), "--ticket", "T"], "--body"),
    ],
)
def test_sign_check_malformed_input_exits_2_with_one_line(argv: list[str], words: str) -> None:
    status, out, err = run_inline("sign", "check", *argv)
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and words in err


def test_sign_check_non_utf8_body_file_exits_2(tmp_path: Path) -> None:
    body = tmp_path / "b.json"
    body.write_bytes(b'{"A": "\xe4"}')
    done = run("sign", "check", "--url", sign_url("A"), "--body-file", str(body), "--ticket", "T")
    assert done.returncode == 2
    assert "not valid UTF-8" in one_error_line(done)


def test_old_sign_form_still_works_beside_sign_check() -> None:
    status, out, _ = run_inline(
        "--lang", "en", "sign", "--app-id", APP_ID, "--version", "2.0.0", "--nonce", NONCE,
        "--ticket", TICKET, "--body", SIGN_BODY, "--json",
    )  # fmt: skip
    assert status == 0
    assert json.loads(out)["sign"] == sha1_sign(APP_ID, "2.0.0", NONCE, SIGN_BODY, TICKET)
    status, out, _ = run_inline("sign", "check", "--help")
    assert status == 0 and "sign check --url URL" in out


# --- input that cannot be encoded: never exit 70 --------------------------------------------


def test_lone_surrogate_in_a_callback_is_written_escaped(tmp_path: Path) -> None:
    """Plain whose JSON holds a \\ud800 escape: the business JSON printed holds a lone surrogate."""
    business = '{"CODE":"\\ud800"}'
    path = tmp_path / "cb.json"
    path.write_text(json.dumps(envelope(business)), encoding="utf-8")
    status, out, err = run_inline(
        "callback", "verify", "--salt", SALT, "--body-file", str(path), "--now", str(NOW)
    )
    assert status == 0, err
    assert "\\ud800" in out
    assert len(err.strip().splitlines()) == 1 and "escapes" in err
    status, out, err = run_inline(
        "callback", "verify", "--salt", SALT, "--body-file", str(path), "--now", str(NOW), "--json"
    )
    assert status == 0 and "\\ud800" in out


def test_salt_line_on_stdin_that_is_not_utf8_is_one_line() -> None:
    status, _, err = run_inline(
        "callback", "verify", "--salt", "-", "--plain", "a", "--signature", "b",
        "--timestamp", "1", stdin=b"\xff\xfe\n",
    )  # fmt: skip
    assert status == 3
    assert len(err.strip().splitlines()) == 1 and "not valid UTF-8" in err


def test_empty_salt_is_refused() -> None:
    status, _, err = run_inline(
        "callback", "verify", "--salt", "", "--plain", "a", "--signature", "b", "--timestamp", "1"
    )
    assert status == 3 and "salt is empty" in err


def test_callback_with_its_log_line_around_it_is_checked(tmp_path: Path) -> None:
    line = f"2024-05-01 INFO recv body={json.dumps(envelope('{}'))} (3 ms)\n"
    path = tmp_path / "log.txt"
    path.write_text(line, encoding="utf-8")
    status, out, _ = run_inline(
        "callback", "verify", "--salt", SALT, "--body-file", str(path), "--now", str(NOW), "--json"
    )
    assert status == 0
    assert "extracted_from_log" in [d["code"] for d in json.loads(out)["diagnostics"]]


def test_help_lists_sign_check_as_it_is_typed() -> None:
    status, out, _ = run_inline("--help")
    assert status == 0
    assert "sign check" in out and "sign-check" not in out


def test_callback_verify_refuses_a_negative_window(capsys: pytest.CaptureFixture[str]) -> None:
    from workbench import cli

    argv = ["callback", "verify", "--salt-env", "X", "--body-file", "-", "--window", "-5"]
    assert cli.main(argv) == 2
    assert "--window must be 0 or more seconds" in capsys.readouterr().err


def test_callback_sign_with_a_timestamp_in_seconds_notes_it_in_either_language() -> None:
    argv = ("callback", "sign", "--salt", "s", "--trans-name", "T", "--json", '{"CODE":"0000"}')
    done = run(*argv, "--timestamp", "1709604000")
    assert done.returncode == 0 and json.loads(done.stdout)["Timestamp"] == "1709604000"
    assert "looks like seconds" in done.stderr and "0012" in done.stderr
    zh = run("--lang", "zh", *argv, "--timestamp", "1709604000")
    assert "看起来是秒" in zh.stderr
    ms = run(*argv, "--timestamp", "1709604000000")
    assert ms.returncode == 0 and ms.stderr == ""


def test_callback_verify_missing_flags_is_a_command_line_mistake_exit_2() -> None:
    done = run("callback", "verify", "--salt", "s", "--plain", "x")
    assert done.returncode == 2 and "--signature, --timestamp" in done.stderr


def test_an_empty_profile_dir_is_refused_in_the_users_language_for_commands_too() -> None:
    """A script's unset $PROFILE: the commands used the user's own profile and keyring."""
    done = run("--lang", "zh", "--profile-dir", "", "check", "--env", "Nope")
    assert done.returncode == 2 and "--profile-dir 需要一个文件夹" in done.stderr
    window = run("--lang", "zh", "--profile-dir", "")
    assert window.returncode == 2 and "--profile-dir 需要一个文件夹" in window.stderr
