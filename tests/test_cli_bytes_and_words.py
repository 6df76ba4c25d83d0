"""What the sign commands take and say: a value that is not UTF-8 is refused in one sentence
(a file name may be any bytes), and with ``--lang zh`` every sentence is Chinese, argparse's
own syntax errors included."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_run import run_inline
from tests.english import english_in_cli_text
from workbench.core.callback_codec import build_envelope

ROOT = Path(__file__).resolve().parent.parent
NOW = 1_700_000_000_000
ERROR = "webank-workbench: error: "
BAD = os.fsdecode(b"\xff")  # what Python makes of an argument byte that is not UTF-8
URL = (
    "https://f-capapi-v2.test.webank.com/api/s/yh/10002?app_id=wxhiw5xt6q4qtmwcrn"
    "&nonce=489c60c97daef599efd10cfda46860a1&version=2.0.0&sign=ABC"
)


def run_bytes(*argv: str | bytes, env: dict[str, str | bytes] | None = None) -> tuple[int, str]:
    """``python -m workbench`` with raw bytes in its argv; returns the status and stderr."""
    full_env: dict[str, str | bytes] = {**os.environ, "LANG": "C.UTF-8", **(env or {})}
    full_env.pop("WORKBENCH_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "workbench", *argv],
        capture_output=True,
        cwd=ROOT,
        env=full_env,  # type: ignore[arg-type]  # bytes values are fine on POSIX
        timeout=60,
    )
    assert done.stdout == b""
    return done.returncode, done.stderr.decode("utf-8", "backslashreplace")


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def no_english(text: str) -> None:
    assert english_in_cli_text(text) == [], text


# --- values that are not UTF-8 ---------------------------------------------------------------

SIGN = ["sign", "--app-id", "a", "--version", "2.0.0", "--nonce", "n" * 32, "--ticket", "t"]
CHECK = ["sign", "check", "--url", URL, "--body", "{}", "--ticket", "t"]
CB_SIGN = ["callback", "sign", "--salt", "s", "--trans-name", "T", "--json", "{}"]
CB_VERIFY = ["callback", "verify", "--salt", "s", "--plain", "a", "--signature", "b"]
CB_VERIFY += ["--timestamp", str(NOW), "--now", str(NOW)]


def _with(argv: list[str], flag: str, value: str) -> list[str]:
    """``argv`` with ``flag`` given ``value`` (replaced when it is there, added otherwise)."""
    if flag in argv:
        i = argv.index(flag)
        return [*argv[: i + 1], value, *argv[i + 2 :]]
    return [*argv, flag, value]


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (SIGN, "--app-id"),
        (SIGN, "--version"),
        (SIGN, "--nonce"),
        (SIGN, "--ticket"),
        (SIGN, "--type"),
        (SIGN, "--body"),
        ([*SIGN, "--value", "ok"], "--value"),  # the second --value
        (CHECK, "--url"),
        (CHECK, "--body"),
        (CHECK, "--ticket"),
        (CHECK, "--type"),
        (CB_SIGN, "--salt"),
        (CB_SIGN, "--json"),
        (CB_SIGN, "--trans-name"),
        (CB_SIGN, "--seq-no"),
        (CB_VERIFY, "--salt"),
        (CB_VERIFY, "--plain"),
        (CB_VERIFY, "--signature"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_value_that_is_not_utf8_is_refused_naming_its_option(
    argv: list[str], flag: str, lang: str
) -> None:
    given = [*argv, flag, f"x{BAD}"] if flag == "--value" else _with(argv, flag, f"x{BAD}")
    status, out, err = run_inline("--lang", lang, *given)
    assert status == 2 and out == ""
    line = one_line(err)
    if lang == "en":
        assert line == f"{ERROR}The value given for {flag} is not valid UTF-8."
    else:
        assert line == f"{ERROR}为 {flag} 给出的值不是有效的 UTF-8。"


def test_non_utf8_bytes_in_a_real_process_are_refused() -> None:
    status, err = run_bytes(
        "callback", "sign", "--salt", "s", "--trans-name", b"\xff\xfe", "--json", b'{"a":"\xff"}'
    )
    assert status == 2
    assert one_line(err) == f"{ERROR}The value given for --json is not valid UTF-8."
    status, err = run_bytes("--lang", "zh", *SIGN[:-1], b"T\xff", "--body", "{}")
    assert status == 2 and one_line(err) == f"{ERROR}为 --ticket 给出的值不是有效的 UTF-8。"


@pytest.mark.parametrize(
    "argv",
    [
        ["sign", "--app-id", "a", "--version", "2.0.0", "--ticket-env", "WB_VALUE", "--body", "{}"],
        ["sign", "check", "--url", URL, "--body", "{}", "--ticket-env", "WB_VALUE"],
        ["callback", "sign", "--salt-env", "WB_VALUE", "--trans-name", "T", "--json", "{}"],
    ],
)
def test_a_variable_that_is_not_utf8_is_refused(argv: list[str]) -> None:
    status, err = run_bytes(*argv, env={"WB_VALUE": b"secret\xff"})
    line = one_line(err)
    assert status == 2
    assert "WB_VALUE" in line and "is not valid UTF-8" in line and "secret" not in line


def test_a_body_file_whose_name_is_not_utf8_is_read(tmp_path: Path) -> None:
    body = '{"A": "中文"}'
    folder = os.fsencode(tmp_path)
    path = folder + b"/body-\xff.json"
    with open(path, "wb") as handle:
        handle.write(body.encode())
    sign_argv = [*SIGN, "--json"]
    done = subprocess.run(
        [sys.executable, "-m", "workbench", *sign_argv, "--body-file", path],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    expected = "".join(sorted(["a", "2.0.0", "n" * 32, "t", body]))
    assert json.loads(done.stdout)["sign"] == hashlib.sha1(expected.encode()).hexdigest().upper()
    # the same file for sign check and callback sign (in this process: the name as Python has it)
    name = os.fsdecode(path)
    status, out, err = run_inline(
        "sign", "check", "--url", URL, "--body-file", name, "--ticket", "t"
    )
    assert status == 1 and "does NOT match" in out, err
    status, out, err = run_inline(
        "callback", "sign", "--salt", "s", "--trans-name", "T", "--json-file", name
    )
    assert status == 0 and json.loads(out)["transName"] == "T", err


# --- Chinese: every sentence -----------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"a":"\xe4\xb8"}')
    return {"missing": str(tmp_path / "nope.json"), "bad": str(bad)}


@pytest.mark.parametrize(
    ("argv", "status", "english", "chinese"),
    [
        (
            [*SIGN, "--body-file", "{missing}"],
            1,
            "cannot read body file '{missing}': No such file or directory",
            "无法读取请求体文件“{missing}”：文件或文件夹不存在。",
        ),
        (
            [*SIGN, "--body-file", "{bad}"],
            1,
            "body file '{bad}' is not valid UTF-8: byte 0xE4 at offset 6",
            "请求体文件“{bad}”不是有效的 UTF-8：偏移 6 处的字节为 0xE4。",
        ),
        (
            [*SIGN, "--body-file", "-"],
            1,
            "standard input is not valid UTF-8: byte 0xFF at offset 0",
            "标准输入不是有效的 UTF-8：偏移 0 处的字节为 0xFF。",
        ),
        (
            ["sign", "check", "--url", URL, "--body-file", "{missing}", "--ticket", "t"],
            2,
            "cannot read body file '{missing}': No such file or directory",
            "无法读取请求体文件“{missing}”：文件或文件夹不存在。",
        ),
        (
            ["sign", "check", "--url", URL, "--body-file", "{bad}", "--ticket", "t"],
            2,
            "body file '{bad}' is not valid UTF-8: byte 0xE4 at offset 6",
            "请求体文件“{bad}”不是有效的 UTF-8：偏移 6 处的字节为 0xE4。",
        ),
        (
            ["callback", "sign", "--salt", "s", "--trans-name", "T", "--json-file", "{bad}"],
            1,
            "JSON file '{bad}' is not valid UTF-8: byte 0xE4 at offset 6",
            "JSON 文件“{bad}”不是有效的 UTF-8：偏移 6 处的字节为 0xE4。",
        ),
        (
            ["callback", "verify", "--salt", "s", "--body-file", "{missing}"],
            3,  # nothing could be checked: 1 would say "not valid"
            "cannot read body file '{missing}': No such file or directory",
            "无法读取请求体文件“{missing}”：文件或文件夹不存在。",
        ),
        (
            [*SIGN[:-2], "--ticket-env", "WB_UNSET_X"],
            1,
            "the environment variable WB_UNSET_X (for the ticket) is not set",
            "环境变量 WB_UNSET_X（ticket）未设置。",
        ),
    ],
)
def test_the_body_file_sentences_in_both_languages(
    files: dict[str, str], argv: list[str], status: int, english: str, chinese: str
) -> None:
    """One reader for every sign command: the same sentences and statuses as before, in English,
    and in Chinese with --lang zh."""
    argv = [a.format(**files) for a in argv]
    for lang, words in (("en", english), ("zh", chinese)):
        got, out, err = run_inline("--lang", lang, *argv, stdin=b"\xff")
        assert (got, out) == (status, "")
        assert one_line(err) == f"{ERROR}{words.format(**files)}"
        if lang == "zh":
            no_english(err)


def test_sign_check_speaks_chinese() -> None:
    status, out, err = run_inline("--lang", "zh", *CHECK)
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == "签名不一致" and lines[1].startswith("应有的签名：")
    assert lines[2] == "给出的签名：ABC" and lines[3].startswith("签名串（ticket 已隐藏）：")
    no_english(out)
    no_english(err)


def test_sign_speaks_chinese() -> None:
    status, out, err = run_inline("--lang", "zh", *SIGN[:-4], "--nonce", "n0", "--ticket", "t")
    assert status == 0
    assert out.startswith("nonce：n0\n参与签名的值（按 Java String 顺序）：\n")
    assert "签名串：" in out and "\nsign：" in out
    no_english(out)
    assert one_line(err) == "note: nonce 应为 32 位字母和数字（指南 4.3.1）。"


def test_the_escape_note_speaks_chinese(tmp_path: Path) -> None:
    """A callback whose business JSON holds a \\ud800 escape: printed, it is a lone surrogate."""
    envelope = build_envelope(
        '{"CODE":"\\ud800"}', salt="s", trans_name="T", seq_no="1", timestamp_ms=NOW
    )
    path = tmp_path / "cb.json"
    path.write_text(envelope.to_json(), encoding="utf-8")
    argv = ["callback", "verify", "--salt", "s", "--body-file", str(path), "--now", str(NOW)]
    status, out, err = run_inline("--lang", "zh", *argv)
    assert status == 0 and "\\ud800" in out
    line = one_line(err)
    assert line.startswith("webank-workbench: note: ") and "转义" in line
    no_english(line)


@pytest.mark.parametrize(
    ("argv", "chinese"),
    [
        (["sign", "--app-id", "a"], "缺少必需的参数：--version"),
        (["frob"], "参数 COMMAND：无效的选择：'frob'（可选："),
        ([*SIGN, "--bogus"], "无法识别的参数：--bogus"),
        ([*CB_VERIFY, "--window", "soon"], "参数 --window：无效的整数值：'soon'"),
        (
            [*SIGN, "--body", "{}", "--body-file", "b"],
            "参数 --body-file：不能与参数 --body 同时使用",
        ),
        (["sign", "--app-id"], "参数 --app-id：需要一个值"),
        (["callback", "sign", "--trans-name", "T", "--json", "{}"], "必须给出以下参数之一："),
        (["callback"], "缺少必需的参数：ACTION"),
    ],
)
def test_argparse_errors_speak_chinese(argv: list[str], chinese: str) -> None:
    status, out, err = run_inline("--lang", "zh", *argv)
    assert status == 2 and out == ""
    line = one_line(err)
    assert line.split(": error: ")[0].startswith("webank-workbench")  # the prefix scripts grep
    assert chinese in line and line.endswith("--help）")
    no_english(line)
    status, _, err = run_inline(*argv)  # English stays English
    assert status == 2 and "error: " in err and err.rstrip().endswith("--help)")


def test_callback_verify_speaks_chinese_and_its_english_is_unchanged(tmp_path: Path) -> None:
    status, envelope, _ = run_inline(
        "callback", "sign", "--salt", "s3cr3t", "--trans-name", "repayNotify", "--json", '{"a":1}'
    )
    assert status == 0
    good = tmp_path / "good.json"
    good.write_text(envelope, encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(envelope.replace('"Signature": "', '"Signature": "0', 1), encoding="utf-8")
    for path, expected in ((good, 0), (bad, 1)):
        status, out, _ = run_inline(
            "--lang", "zh", "callback", "verify", "--salt", "s3cr3t", "--body-file", str(path)
        )
        assert status == expected
        assert "业务 JSON：" in out and "应有的签名：" in out and "结论：" in out
        assert english_in_cli_text(out.replace("transName", "").replace("SeqNo", "")) == [], out
    status, out, _ = run_inline("callback", "verify", "--salt", "s3cr3t", "--body-file", str(bad))
    lines = out.splitlines()
    assert "business JSON:" in lines
    assert "verdict: INVALID (partner answer code 0010)" in lines
    assert any(line.startswith("expected signature: ") for line in lines)
    assert any(line.startswith("given signature:    ") for line in lines)


@pytest.mark.parametrize(
    ("argv", "lang"),
    [
        (["--lan", "zh", "sign", "--app-id", "A"], "zh"),  # a prefix argparse accepts
        (["--lang=zh", "--profile-dir", "/tmp/p", "sign"], "zh"),
        (["--profile-dir", "zh", "sign"], "en"),  # "zh" is the folder here
        (["--lang", "zh", "--lang", "en", "sign", "--app-id", "A"], "en"),  # the last one wins
        (["sign", "--app-id", "A", "--lang", "zh"], "en"),  # after the command: not the program's
        (["--l", "zh", "codes"], "zh"),
    ],
)
def test_the_language_of_syntax_errors_is_the_one_argparse_will_read(
    argv: list[str], lang: str
) -> None:
    from workbench.cli_parser import lang_in_argv

    assert lang_in_argv(argv) == lang
    status, _out, err = run_inline(*argv)
    if status == 2 and "error:" in err:  # a syntax error: said in that language
        assert (english_in_cli_text(err) == []) is (lang == "zh"), err


def test_the_program_options_known_before_parsing_are_the_parsers() -> None:
    from workbench.cli import build_parser
    from workbench.cli_parser import TOP_OPTIONS

    usage = build_parser(window=True).format_help()  # the program's own options, no command
    assert set(re.findall(r"--[a-z][a-z-]*", usage)) - {"--help"} == set(TOP_OPTIONS)


def test_check_takes_a_certificate_path_that_is_not_utf8_and_export_refuses_it() -> None:
    """A file's name may be any bytes where the file is only opened (check, call); an export
    writes the path into the program it prints, so there it must be text."""
    odd = os.fsdecode(b"/tmp/ca-\xff.pem")
    base = ["--api-base", "https://127.0.0.1:9", "--app-id", "a", "--ca", odd]
    status, out, err = run_inline("check", *base, "--no-token")
    assert status == 1 and "TCP" in out and "UTF-8" not in err, (out, err)
    export = ["export", "--format", "curl", *base, "--version", "2.0.0", "--ticket", "t"]
    status, _out, err = run_inline(*export, "--path", "yh/10002", "--body", "{}")
    assert status == 2 and "The value given for --ca is not valid UTF-8." in err
