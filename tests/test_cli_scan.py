"""``webank-workbench callback scan``: rows, summary, --json keys, --csv, exit statuses."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.core.log_samples import SALT, LogBuilder, machine_zone, mixed_log
from workbench.cli import main

ITEM_KEYS = {"line", "kind", "trans_name", "seq_no", "status", "slips", "business_json"}


def _write(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "partner.log"
    path.write_bytes(data)
    return str(path)


def _clean_log() -> LogBuilder:
    b = LogBuilder(21)
    for _ in range(5):
        b.noise()
        trans, seq = b.callback("valid")
        b.answer(trans, seq)
        b.callback("escaped")
        b.callback("pretty")
        b.request()
        b.platform_answer()
    return b


@pytest.fixture
def salt_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("PARTNER_SALT", SALT)
    with machine_zone("Asia/Shanghai"):  # the builder writes its times in UTC+8
        yield "PARTNER_SALT"


def test_a_clean_log_exits_0_with_a_row_per_callback_and_a_summary(
    tmp_path: Path, salt_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    b = _clean_log()
    assert (
        main(["callback", "scan", "--file", _write(tmp_path, b.text()), "--salt-env", salt_env])
        == 0
    )
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.split("\t")[0].isdigit()]
    callbacks = [e for e in b.expected if e.kind == "callback"]
    assert [r.split("\t")[0] for r in rows if "\tvalid\t" in r] == [str(e.line) for e in callbacks]
    assert "summary: " in out and "15 callbacks" in out and "5 partner answers" in out
    assert "callbacks: valid 15; answered 5, unanswered 10" in out
    assert '"orderNo"' in out  # the decoded business JSON is shown


def test_json_keys_kinds_and_counts(
    tmp_path: Path, salt_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    b = mixed_log(400, seed=4)
    status = main(
        ["callback", "scan", "--file", _write(tmp_path, b.text()), "--salt-env", salt_env, "--json"]
    )
    assert status == 1  # tampered and stale callbacks are in there
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"items", "summary"}
    assert all(set(item) >= ITEM_KEYS for item in data["items"])
    assert {i["kind"] for i in data["items"]} == {
        "callback",
        "answer",
        "request",
        "platform_answer",
    }
    assert [(i["line"], i["kind"], i["status"]) for i in data["items"]] == [
        (e.line, e.kind, e.status) for e in b.expected
    ]
    wanted = Counter(e.status for e in b.expected if e.kind == "callback")
    assert data["summary"]["verdicts"] == dict(sorted(wanted.items()))
    slips = {s["code"] for i in data["items"] for s in i["slips"]}
    assert "plain_decoded" in slips


def test_salt_from_stdin_and_a_csv_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    salt_env: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    b = _clean_log()
    out_csv = tmp_path / "scan.csv"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SALT.encode() + b"\n")))
    argv = [
        "callback",
        "scan",
        "--file",
        _write(tmp_path, b.text()),
        "--salt",
        "-",
        "--csv",
        str(out_csv),
    ]
    assert main(argv) == 0
    rows = list(csv.DictReader(out_csv.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == len(b.expected)
    assert [r["kind"] for r in rows] == [e.kind for e in b.expected]
    assert {r["status"] for r in rows if r["kind"] == "callback"} == {"valid"}
    assert SALT not in out_csv.read_text(encoding="utf-8-sig")


def test_the_log_from_stdin_without_a_salt_is_decoded_and_not_checked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    b = _clean_log()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b.text())))
    assert main(["callback", "scan", "-"]) == 0
    out = capsys.readouterr().out
    assert "not checked" in out and "\tvalid\t" not in out


def test_file_dash_reads_standard_input_like_body_file_dash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    b = _clean_log()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b.text())))
    assert main(["callback", "scan", "--file", "-"]) == 0
    assert "not checked" in capsys.readouterr().out
    assert main(["callback", "scan", "--file", "-", "--salt", "-"]) == 2
    assert "both come from standard input" in capsys.readouterr().err


def test_nothing_found_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    b = LogBuilder(2)
    for _ in range(200):
        b.noise()
    assert main(["callback", "scan", "--file", _write(tmp_path, b.text())]) == 2
    assert "nothing found" in capsys.readouterr().out


def test_a_salt_typed_on_the_command_line_is_refused_and_not_echoed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, b"x\n")
    assert main(["callback", "scan", "--file", path, "--salt", "my-secret-salt"]) == 2
    err = capsys.readouterr().err
    assert "--salt-env" in err and "my-secret-salt" not in err


@pytest.mark.parametrize(
    ("argv", "status", "words"),
    [
        (["callback", "scan"], 2, "give --file PATH"),
        (["callback", "scan", "--file", "/nonexistent/x.log"], 3, "cannot read the log"),
        (["callback", "scan", "-", "--salt", "-"], 2, "both come from standard input"),
        (["callback", "scan", "--file", "a", "-"], 2, "not allowed with"),
        (["callback", "scan", "--file", "a", "--salt-env", "NO_SUCH_VARIABLE_X"], 3, "is not set"),
    ],
)
def test_mistakes_get_one_sentence(
    argv: list[str], status: int, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == status
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and err.count("\n") == 1


def test_a_salt_on_stdin_that_is_not_utf8_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xff\xfe salt\n")))
    argv = ["callback", "scan", "--file", _write(tmp_path, b"x\n"), "--salt", "-"]
    assert main(argv) == 3
    assert "not UTF-8" in capsys.readouterr().err


def test_binary_garbage_is_read_without_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = bytes(range(256)) * 400 + b'\n{"Plain":\xff\xfe}\n' + b"\x00" * 1000
    assert main(["callback", "scan", "--file", _write(tmp_path, data), "--json"]) == 1
    items = json.loads(capsys.readouterr().out)["items"]
    assert [(i["kind"], i["status"]) for i in items] == [("callback", "malformed")]


def test_a_lone_surrogate_in_a_callback_is_written_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from workbench.core.callback_codec import build_envelope

    business = '{"name":"\\ud800x"}'  # a JSON escape of a lone surrogate, as a sender may write
    env = build_envelope(business, salt=SALT, trans_name="t", seq_no="1", timestamp_ms=1)
    path = _write(tmp_path, ("callback " + env.to_json() + "\n").encode())
    out_csv = tmp_path / "scan.csv"
    assert main(["callback", "scan", "--file", path, "--csv", str(out_csv)]) == 0
    assert "\\ud800" in out_csv.read_text(encoding="utf-8-sig")
    assert "\\ud800" in capsys.readouterr().out


def test_in_chinese_the_table_verdicts_and_summary_are_chinese(
    tmp_path: Path, salt_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    b = mixed_log(40)
    log = _write(tmp_path, b.text())
    assert main(["--lang", "zh", "callback", "scan", "--file", log, "--salt-env", salt_env]) == 1
    out = capsys.readouterr().out
    assert out.startswith("行\t时间\ttransName\tSeqNo\t结论\t应答\n")
    rows = [line.split("\t") for line in out.splitlines() if line.split("\t")[0].isdigit()]
    verdicts = {r[4] for r in rows if len(r) == 6}
    assert verdicts and verdicts <= {"有效", "无效", "格式错误", "未验签"}, verdicts
    assert "汇总：" in out and "回调：" in out and "有应答" in out
    for english in ("summary:", "callbacks:", "\tvalid\t", "\tinvalid\t", "answered", "lines"):
        assert english not in out, english
    # the same log in English: the words scripts may grep for are unchanged
    assert main(["callback", "scan", "--file", log, "--salt-env", salt_env]) == 1
    out = capsys.readouterr().out
    assert out.startswith("line\ttime\ttransName\tSeqNo\tverdict\tanswer\n")
    assert "summary: " in out and "\tinvalid\t" in out


def test_in_chinese_a_mistake_is_one_chinese_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--lang", "zh", "callback", "scan", "--file", "/nonexistent/x.log"]) == 3
    err = capsys.readouterr().err
    assert "无法读取日志" in err and "文件或文件夹不存在" in err
    assert main(["--lang", "zh", "callback", "scan", "--file", "a", "--salt", "s3cret"]) == 2
    err = capsys.readouterr().err
    assert "盐值不能写在命令行上" in err and "s3cret" not in err


def _utc_log() -> LogBuilder:
    """Callbacks and answers written by a server whose log times are UTC, without a zone."""
    b = LogBuilder(31, offset_s=0)
    for _ in range(4):
        b.noise()
        trans, seq = b.callback("valid")
        b.answer(trans, seq)
        b.callback("escaped")
    return b


def _scan_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[Any]]:
    status = main([*argv, "--json"])
    return status, json.loads(capsys.readouterr().out)["items"]


def test_a_utc_log_read_on_a_beijing_machine_is_judged_in_the_zone_given(
    tmp_path: Path, salt_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _write(tmp_path, _utc_log().text())
    argv = ["callback", "scan", "--file", log, "--salt-env", salt_env]
    # read in this machine's zone (UTC+8), every callback seems 8 hours early
    status, items = _scan_json(argv, capsys)
    callbacks = [i for i in items if i["kind"] == "callback"]
    assert status == 1 and len(callbacks) == 8
    assert {i["status"] for i in callbacks} == {"invalid"}
    assert all([r["code"] for r in i["reasons"]] == ["timestamp_outside_window"] for i in callbacks)
    hints = [s["text"] for i in callbacks for s in i["slips"] if s["code"] == "log_zone"]
    assert len(hints) == 8 and "read as UTC+08:00" in hints[0]
    # and once for the whole log, in the summary (JSON, and the text's last lines)
    assert main([*argv, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["summary"]["zone_doubt"] == 8
    assert main(["--lang", "zh", *argv]) == 1
    assert "8 条回调只因时间戳与日志行相差整数小时（或半小时）而未通过" in capsys.readouterr().out
    # told the log is in UTC, every callback is valid, with no hint
    for zone in ("Z", "UTC", "+00:00", "+0000"):
        status, items = _scan_json([*argv, "--log-utc-offset", zone], capsys)
        assert status == 0, zone
        callbacks = [i for i in items if i["kind"] == "callback"]
        assert {i["status"] for i in callbacks} == {"valid"}
        assert not [s for i in callbacks for s in i["slips"] if s["code"] == "log_zone"]


def test_a_negative_offset_is_taken_as_a_value_and_zoned_times_keep_their_zone(
    tmp_path: Path, salt_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    b = LogBuilder(32, offset_s=-(5 * 3600 + 30 * 60))
    for _ in range(3):
        b.callback("valid")
    argv = ["callback", "scan", "--file", _write(tmp_path, b.text()), "--salt-env", salt_env]
    assert main([*argv, "--log-utc-offset", "UTC-05:30"]) == 0
    assert main([*argv, "--log-utc-offset", "GMT-5:30"]) == 0
    assert main([*argv, "--log-utc-offset=-05:30"]) == 0
    assert main([*argv, "--log-utc-offset", "-0530"]) == 0
    assert main([*argv, "--log-utc-offset", "+08:00"]) == 1
    capsys.readouterr()
    # the same times written with their zone: whatever zone is given for zoneless times
    zoned = re.sub(rb"(?m)^(\S+ \d\d:\d\d:\d\d\.\d{3})", rb"\1-05:30", b.text())
    argv[3] = _write(tmp_path, zoned)
    for extra in ([], ["--log-utc-offset", "Z"], ["--log-utc-offset", "+08:00"]):
        status, items = _scan_json([*argv, *extra], capsys)
        assert status == 0, extra
        assert not [s for i in items for s in i["slips"] if s["code"] == "log_zone"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "--log-utc-offset takes Z, UTC or an offset such as +08:00"),
        ("zh", "--log-utc-offset 只接受 Z、UTC 或形如 +08:00"),
    ],
)
@pytest.mark.parametrize("value", ["8", "+800", "+08:60", "+15:00", "-13:00", "CST", "+08:00:00"])
def test_a_bad_log_utc_offset_is_one_sentence_in_the_users_language(
    tmp_path: Path, lang: str, words: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _write(tmp_path, _utc_log().text())
    argv = ["--lang", lang, "callback", "scan", "--file", log, f"--log-utc-offset={value}"]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert words in err and value in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_salt_variable_that_is_not_utf8_is_refused_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """callback verify and callback sign refuse it; scan used it and called every callback
    invalid (found in review)."""
    b = LogBuilder(5)
    b.callback("valid")
    monkeypatch.setenv("WB_SCAN_BAD_SALT", os.fsdecode(SALT.encode() + b"\xff"))
    argv = ["callback", "scan", "--file", _write(tmp_path, b.text()), "--salt-env"]
    assert main([*argv, "WB_SCAN_BAD_SALT"]) == 2
    err = capsys.readouterr().err
    assert "WB_SCAN_BAD_SALT (for the salt) is not valid UTF-8" in err and "Traceback" not in err


def test_a_zone_given_is_not_doubted(
    tmp_path: Path, salt_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A callback an hour stale in a log read in its own zone: the hint that the log may be in
    another zone is for a guessed zone only, not for one the user gave (found in review)."""
    b = LogBuilder(41, offset_s=8 * 3600)
    b.callback("stale")
    argv = ["callback", "scan", "--file", _write(tmp_path, b.text()), "--salt-env", salt_env]
    with machine_zone("Asia/Shanghai"):
        guessed = _scan_json(argv, capsys)
        given = _scan_json([*argv, "--log-utc-offset", "+08:00"], capsys)
    for (status, items), hinted in ((guessed, True), (given, False)):
        assert status == 1
        codes = [s["code"] for i in items for s in i["slips"]]
        assert ("log_zone" in codes) is hinted, codes


def test_this_computers_zone_is_read_as_it_was_on_the_logs_date(
    tmp_path: Path, salt_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Daylight saving: a Berlin log of July (+02:00), written without a zone, read in Berlin in
    winter (+01:00). With today's offset every callback was an hour off, and invalid."""
    import calendar

    july = calendar.timegm((2026, 7, 1, 10, 0, 0, 0, 0, 0)) * 1000
    summer = LogBuilder(43, now_ms=july, offset_s=2 * 3600)
    winter = LogBuilder(44, now_ms=july + 180 * 86_400_000, offset_s=3600)
    for b in (summer, winter):
        for _ in range(3):
            b.callback("valid")
    with machine_zone("Europe/Berlin"):
        for b in (summer, winter):
            argv = ["callback", "scan", "--file", _write(tmp_path, b.text()), "--salt-env"]
            status, items = _scan_json([*argv, salt_env], capsys)
            assert status == 0 and {i["status"] for i in items} == {"valid"}, items
            # each callback's time is shown as its line has it: in summer time for July (it
            # was shown in today's offset, an hour off its line); the Timestamp is up to 3 s
            # before the line that logged it
            shown = calendar.timegm(time.strptime(items[0]["time"][:19], "%Y-%m-%d %H:%M:%S"))
            logged = calendar.timegm(time.strptime(b.text().decode()[:19], "%Y-%m-%d %H:%M:%S"))
            assert 0 <= logged - shown <= 5, (items[0]["time"], b.text()[:24])


def test_a_huge_bad_offset_is_not_echoed_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _write(tmp_path, b"x\n")
    assert main(["callback", "scan", "--file", log, "--log-utc-offset", "+" * 5000]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert len(line) < 200 and "…" in line


def test_an_empty_salt_is_refused_not_used_to_blame_the_partner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _write(tmp_path, _clean_log().text())
    monkeypatch.setenv("WB_EMPTY_SALT", "")
    assert main(["callback", "scan", "--file", log, "--salt-env", "WB_EMPTY_SALT"]) == 3
    out, err = capsys.readouterr()
    assert "the salt is empty" in err and not out  # not every callback "invalid", 0000 blamed
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\n")))
    assert main(["--lang", "zh", "callback", "scan", "--file", log, "--salt", "-"]) == 3
    assert "盐值为空" in capsys.readouterr().err


def test_a_csv_that_cannot_be_written_stops_before_any_verdict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Written after the scan, its error hid the verdict: exit 3 for a log with invalid
    callbacks. It is opened first now, and nothing is judged."""
    log = _write(tmp_path, _clean_log().text())
    monkeypatch.setenv("WB_SALT_X", "s")
    argv = ["callback", "scan", "--file", log, "--salt-env", "WB_SALT_X"]
    assert main([*argv, "--csv", str(tmp_path / "no" / "such" / "x.csv")]) == 3
    out, err = capsys.readouterr()
    assert not out and "cannot write" in err


def test_a_csv_that_is_the_log_itself_is_refused_and_the_log_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _write(tmp_path, _clean_log().text())
    before = Path(log).read_bytes()
    monkeypatch.setenv("WB_SALT_X", "s")
    assert main(["callback", "scan", "--file", log, "--salt-env", "WB_SALT_X", "--csv", log]) == 2
    assert Path(log).read_bytes() == before
    assert "is the log being scanned" in capsys.readouterr().err
    report = tmp_path / "report.csv"
    report.write_text("an earlier report", encoding="utf-8")
    missing = str(tmp_path / "no-such.log")
    argv = ["callback", "scan", "--file", missing, "--salt-env", "WB_SALT_X", "--csv", str(report)]
    assert main(argv) == 3
    assert report.read_text(encoding="utf-8") == "an earlier report"  # not emptied for nothing


def test_a_csv_that_is_the_log_read_from_standard_input_is_refused(tmp_path: Path) -> None:
    log = Path(_write(tmp_path, _clean_log().text()))
    before = log.read_bytes()
    with log.open("rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "workbench", "callback", "scan", "-", "--salt-env", "S",
             "--csv", str(log)],
            stdin=stdin, capture_output=True, text=True, timeout=60,
            env={**os.environ, "S": "s"},
        )  # fmt: skip
    assert done.returncode == 2 and "is the log being scanned" in done.stderr
    assert log.read_bytes() == before
