"""``callback scan``: every callback in a log, with its verdict, its answer and a summary.

Exit statuses: 0 every checked callback is valid (or none needed checking), 1 at least one is
invalid or malformed, 2 nothing was found (or a command-line mistake), 3 nothing could be
checked (the log or the salt's variable missing or unreadable, a CSV that cannot be written).
The salt comes from a variable or from standard input, never from the command line, where other
users and the shell history would see it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, BinaryIO

from workbench.cli_errors import CANNOT_CHECK
from workbench.core.os_errors import os_reason
from workbench.core.text import Text, is_utf8

PROG = "webank-workbench"
NOT_VALID = ("invalid", "malformed")
# the words of the window's Log view (LogModel), so that both read alike in either language
VERDICT_WORDS = {
    "valid": Text("valid", "有效"),
    "invalid": Text("invalid", "无效"),
    "malformed": Text("malformed", "格式错误"),
    "unchecked": Text("not checked", "未验签"),
    "ok": Text("ok", "成功"),
    "error": Text("error", "平台错误"),
}


BAD_OFFSET = Text(
    "--log-utc-offset takes Z, UTC or an offset such as +08:00, UTC-05:30 or +0800, not {value!r}",
    "--log-utc-offset 只接受 Z、UTC 或形如 +08:00、UTC-05:30、+0800 的时差，不接受“{value}”",
)


def _word(status: str, lang: str) -> str:
    word = VERDICT_WORDS.get(status)
    return word(lang) if word is not None else status


class _ScanError(Exception):
    def __init__(self, message: Text, status: int) -> None:
        super().__init__(message.en)
        self.text = message
        self.status = status


def register(callback_sub: Any) -> argparse.ArgumentParser:
    """Add ``scan`` to the ``callback`` subcommands."""
    p: argparse.ArgumentParser = callback_sub.add_parser(
        "scan",
        help="find every callback in a log and check it",
        usage=f"{PROG} callback scan (--file PATH | -) [--salt-env NAME | --salt -] "
        "[--window S] [--json] [--csv PATH] [--log-utc-offset OFFSET]",
        description="Find callbacks, partner answers, signed request URLs and platform answers "
        "in a log; check each callback. Exit status: 0 every checked callback is valid, 1 any "
        "is not, 2 nothing was found, 3 nothing could be checked (the log or a variable missing "
        "or unreadable).",
    )
    src = p.add_mutually_exclusive_group()
    src.add_argument(
        "--file",
        metavar="PATH",
        help="the log file, any size (UTF-8; bytes that are not are replaced)",
    )
    src.add_argument("source", nargs="?", metavar="-", help="read the log from standard input")
    salt = p.add_mutually_exclusive_group()
    salt.add_argument("--salt-env", metavar="NAME", help="read the salt from this variable")
    salt.add_argument("--salt", metavar="-", help="'-' reads the salt as one line of stdin")
    p.add_argument(
        "--window",
        type=int,
        default=300,
        metavar="S",
        help="accepted timestamp age either way, in seconds, against the log line's time "
        "(default 300)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--csv", metavar="PATH", help="also write every item to this CSV file")
    p.add_argument(
        "--log-utc-offset",
        metavar="OFFSET",
        help="the zone of log times written without one: Z, UTC, +08:00, UTC-05:30 or +0800 "
        "(a bare -05:30 needs the = form: --log-utc-offset=-05:30; default: this computer's "
        "zone); times that carry a zone keep it",
    )
    p.set_defaults(func=run, error_status=CANNOT_CHECK)
    return p


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except _ScanError as exc:
        print(f"{PROG}: error: {exc.text(args.lang or 'en')}", file=sys.stderr)
        return CANNOT_CHECK if exc.status == 1 else exc.status  # 1 is the verdict "not valid"


def _salt(args: argparse.Namespace) -> str | None:
    salt = _given_salt(args)
    if salt == "":  # as callback verify: every callback would read "invalid", the partner blamed
        raise _ScanError(
            Text(
                "the salt is empty: give the callback salt (each environment has its own)",
                "盐值为空：请给出回调盐值（每个环境各有自己的盐值）。",
            ),
            1,
        )
    return salt


def _given_salt(args: argparse.Namespace) -> str | None:
    if args.salt_env is not None:
        value = os.environ.get(args.salt_env)
        if value is None:
            raise _ScanError(
                Text(
                    f"the environment variable {args.salt_env} (for the salt) is not set",
                    f"环境变量 {args.salt_env}（盐值）未设置。",
                ),
                1,
            )
        if not is_utf8(value):  # bytes the system handed over as surrogates: never a salt
            raise _ScanError(
                Text(
                    f"the environment variable {args.salt_env} (for the salt) is not valid UTF-8",
                    f"环境变量 {args.salt_env}（盐值）的值不是有效的 UTF-8。",
                ),
                2,
            )
        return value
    if args.salt is None:
        return None
    if args.salt != "-":
        # never echo what was typed: it may be the salt itself
        raise _ScanError(
            Text(
                "the salt is never given on the command line: use --salt-env NAME or --salt - "
                "(one line on standard input)",
                "盐值不能写在命令行上：请用 --salt-env NAME 或 --salt -（从标准输入读一行）",
            ),
            2,
        )
    raw = sys.stdin.buffer.readline()
    if not raw:
        raise _ScanError(
            Text("expected the salt on standard input, got nothing", "标准输入中没有盐值"), 1
        )
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _ScanError(
            Text(
                f"the salt on standard input is not UTF-8 (byte {exc.start})",
                f"标准输入中的盐值不是 UTF-8（第 {exc.start} 个字节）",
            ),
            1,
        ) from None
    return line.removesuffix("\n").removesuffix("\r")


def _check_sources(args: argparse.Namespace) -> None:
    if args.file == "-" and args.source is None:  # as --body-file - elsewhere: standard input
        args.file, args.source = None, "-"
    if args.file is None and args.source is None:
        raise _ScanError(
            Text(
                "give --file PATH, or - to read the log from standard input",
                "请给出 --file PATH，或用 - 从标准输入读日志",
            ),
            2,
        )
    if args.source is not None and args.source != "-":
        raise _ScanError(
            Text(
                f"give --file {args.source}, or - for standard input",
                f"请写 --file {args.source}，或用 - 表示标准输入",
            ),
            2,
        )
    if args.file is None and args.salt == "-":
        raise _ScanError(
            Text(
                "the log and the salt cannot both come from standard input",
                "日志和盐值不能都从标准输入读取",
            ),
            2,
        )


def _open_log(args: argparse.Namespace) -> tuple[BinaryIO, bool]:
    if args.file is None:
        return sys.stdin.buffer, False
    try:
        return open(args.file, "rb"), True
    except OSError as exc:
        reason = os_reason(exc)
        raise _ScanError(
            Text(
                f"cannot read the log {args.file!r}: {reason.en}",
                f"无法读取日志“{args.file}”：{reason.zh}",
            ),
            1,
        ) from None


def _run(args: argparse.Namespace) -> int:
    from workbench.core.log_items import parse_utc_offset
    from workbench.core.log_report import json_item, write_csv
    from workbench.core.log_scan import scan_stream

    if args.window < 0:
        raise _ScanError(
            Text("--window must be 0 or more seconds", "--window 必须是 0 或更多秒"), 2
        )
    offset = None  # times are shown in this computer's zone, as it was at each time
    log_offset: int | None = None  # log times without a zone: this computer's, on their date
    if args.log_utc_offset is not None:
        parsed = parse_utc_offset(args.log_utc_offset)
        if parsed is None:
            typed = str(args.log_utc_offset)
            shown = typed if len(typed) <= 40 else typed[:40] + "…"  # not a screenful back
            raise _ScanError(BAD_OFFSET.format(value=shown), 2)
        log_offset = parsed
    _check_sources(args)
    salt = _salt(args)
    # the CSV tried first: one that cannot be written stops the scan before any verdict (exit
    # 3), not after it, where it would hide whether a callback is invalid. It is not emptied
    # until the scan is done: the log itself, or an earlier report, is never lost to a mistake.
    made_csv = _check_csv(args.csv, args.file) if args.csv is not None else False
    try:
        stream, owned = _open_log(args)
    except _ScanError:
        if made_csv:
            Path(args.csv).unlink(missing_ok=True)
        raise
    try:
        given = args.log_utc_offset is not None
        result = scan_stream(
            stream, salt, window_s=args.window, offset_s=log_offset, zone_given=given
        )
    except OSError as exc:
        if made_csv:
            Path(args.csv).unlink(missing_ok=True)
        reason = os_reason(exc)
        raise _ScanError(
            Text(f"cannot read the log: {reason.en}", f"无法读取日志：{reason.zh}"), 1
        ) from None
    finally:
        if owned:
            stream.close()
    lang = args.lang or "en"
    if args.csv is not None:
        try:
            with _open_csv(args.csv) as csv_file:
                write_csv(csv_file, result, offset, lang)
        except OSError as exc:
            raise _csv_error(args.csv, exc) from None
    summary = result.summary()
    if args.json:
        items = [json_item(i, result.items, offset, lang) for i in result.items]
        print(json.dumps({"items": items, "summary": summary}, ensure_ascii=False, indent=2))
    else:
        _print_text(result, summary, offset, lang)
    if not result.items:
        if not args.json:
            print(
                Text(
                    "nothing found: no callback, answer, signed request or platform answer",
                    "什么也没找到：没有回调、应答、签名请求或平台应答",
                )(lang)
            )
        return 2
    return 1 if any(i.status in NOT_VALID for i in result.callbacks()) else 0


def _check_csv(path: str, log: str | None) -> bool:
    """Refuse a CSV that is the log itself (exit 2), or that cannot be written (exit 3), without
    emptying it. True when it was made here (an empty file, removed if the scan cannot run)."""
    if _same_file(path, log):
        raise _ScanError(
            Text(
                f"--csv {path!r} is the log being scanned: writing it would replace the log; "
                "give another file",
                f"--csv “{path}”就是要扫描的日志：写入会覆盖日志；请换一个文件",
            ),
            2,
        )
    existed = os.path.exists(path)
    try:
        with open(path, "a", encoding="utf-8"):  # may it be written? (nothing is emptied)
            pass
    except OSError as exc:
        raise _csv_error(path, exc) from None
    return not existed


def _same_file(path: str, log: str | None) -> bool:
    """Whether ``path`` is the log: the --file, or what standard input reads from."""
    try:
        target = os.stat(path)
        source = os.stat(log) if log is not None else os.fstat(sys.stdin.fileno())
    except (OSError, ValueError):  # no such CSV yet; a stdin with no file behind it
        return False
    return (target.st_dev, target.st_ino) == (source.st_dev, source.st_ino)


def _open_csv(path: str) -> Any:
    return open(path, "w", encoding="utf-8-sig", errors="backslashreplace", newline="")


def _csv_error(path: str, exc: OSError) -> _ScanError:
    reason = os_reason(exc)
    return _ScanError(
        Text(f"cannot write {path!r}: {reason.en}", f"无法写入“{path}”：{reason.zh}"), 1
    )


def _print_text(result: Any, summary: dict[str, Any], offset: int | None, lang: str) -> None:
    from workbench.core.log_report import format_time

    items = result.items
    callbacks = result.callbacks()
    if callbacks:
        head = ("line", "time", "transName", "SeqNo", "verdict", "answer")
        if lang != "en":
            head = ("行", "时间", "transName", "SeqNo", "结论", "应答")
        print("\t".join(head))
    for item in callbacks:
        answer = "-"
        if item.partner is not None:
            partner = items[item.partner]
            code = partner.fields.get("CODE", "")
            answer = Text(f"line {partner.line} {code}", f"第 {partner.line} 行 {code}")(lang)
            answer = answer.rstrip()
        verdict = _word(item.status, lang)
        cells = (
            str(item.line),
            format_time(item.time_ms, offset) or "-",
            item.trans_name or "-",
            item.seq_no or "-",
            verdict,
            answer,
        )
        print("\t".join(cells))
        for reason in item.reasons:
            print(f"\t- {reason.text(lang)}")
        for slip in item.slips:
            print(f"\t* {slip.text(lang)}")
        if item.business_json is not None:
            print("\t" + json.dumps(item.business_json, ensure_ascii=False))
    for item in items:
        if item.kind == "request":
            kind = Text("request", "签名请求")(lang)
            print(f"{item.line}\t{kind}\t{item.fields.get('url', '')}")
        elif item.kind == "platform_answer":
            f = item.fields
            kind = Text("platform answer", "平台应答")(lang)
            print(f"{item.line}\t{kind}\t{f['code']}\t{f['msg']}\tbizSeqNo {f['bizSeqNo']}")
        elif item.kind == "answer" and item.partner is None:
            kind = Text("answer without a callback above it", "上方没有对应回调的应答")(lang)
            print(f"{item.line}\t{kind}\t{item.seq_no}\t{_word(item.status, lang)}")
    _print_summary(summary, lang)


def _print_summary(summary: dict[str, Any], lang: str) -> None:
    kinds = summary["kinds"]
    n = {k: kinds[k] for k in ("callback", "answer", "request", "platform_answer")}
    print(
        Text(
            f"summary: {summary['lines']} lines, {n['callback']} callbacks, {n['answer']} "
            f"partner answers, {n['request']} signed requests, {n['platform_answer']} "
            "platform answers",
            f"汇总：{summary['lines']} 行，回调 {n['callback']} 条，合作方应答 {n['answer']} "
            f"条，签名请求 {n['request']} 条，平台应答 {n['platform_answer']} 条",
        )(lang)
    )
    comma = ", " if lang == "en" else "，"
    if summary["verdicts"]:
        words = comma.join(f"{_word(k, lang)} {c}" for k, c in summary["verdicts"].items())
        answered, unanswered = summary["answered"], summary["unanswered"]
        print(
            Text(
                f"callbacks: {words}; answered {answered}, unanswered {unanswered}",
                f"回调：{words}；有应答 {answered}，无应答 {unanswered}",
            )(lang)
        )
    for name, counts in summary["trans_names"].items():
        rest = comma.join(f"{_word(k, lang)} {c}" for k, c in counts.items() if k != "count")
        shown = name or Text("(no transName)", "（无 transName）")(lang)
        total = counts["count"]
        print(Text(f"  {shown}: {total} ({rest})", f"  {shown}：{total}（{rest}）")(lang))
    doubt = summary.get("zone_doubt", 0)
    if doubt:
        print(
            Text(
                f"{doubt} callback(s) fail only on a timestamp whole or half hours off their log "
                "line: the log may be written in another zone than it was read in (give it "
                "with --log-utc-offset)",
                f"{doubt} 条回调只因时间戳与日志行相差整数小时（或半小时）而未通过："
                "日志可能写在另一个时区（请用 --log-utc-offset 给出）",
            )(lang)
        )
    dups = summary["duplicate_seq_no"]
    if dups:
        print(
            Text(
                "duplicate SeqNo (a bank retry, or an answer that came late):",
                "重复的 SeqNo（银行重发，或应答来迟）：",
            )(lang)
        )
        for seq, lines in dups.items():
            listed = (", " if lang == "en" else "、").join(str(line) for line in lines)
            print(Text(f"  {seq}: lines {listed}", f"  {seq}：第 {listed} 行")(lang))
