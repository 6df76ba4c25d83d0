"""``callback scan``: every callback in a log, with its verdict, its answer and a summary.

Exit statuses: 0 every checked callback is valid (or none needed checking), 1 at least one is
invalid or malformed (or the log cannot be read), 2 nothing was found (or a command-line
mistake). The salt comes from a variable or from standard input, never from the command line,
where other users and the shell history would see it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, BinaryIO

PROG = "webank-workbench"
NOT_VALID = ("invalid", "malformed")
VERDICT_WORDS = {"unchecked": "not checked"}


class _ScanError(Exception):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def register(callback_sub: Any) -> argparse.ArgumentParser:
    """Add ``scan`` to the ``callback`` subcommands."""
    p: argparse.ArgumentParser = callback_sub.add_parser(
        "scan",
        help="find every callback in a log and check it",
        usage=f"{PROG} callback scan (--file PATH | -) [--salt-env NAME | --salt -] "
        "[--window S] [--json] [--csv PATH]",
        description="Find callbacks, partner answers, signed request URLs and platform answers "
        "in a log; check each callback. Exit status: 0 every checked callback is valid, 1 any "
        "is not, 2 nothing was found.",
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
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except _ScanError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.status


def _salt(args: argparse.Namespace) -> str | None:
    if args.salt_env is not None:
        value = os.environ.get(args.salt_env)
        if value is None:
            raise _ScanError(
                f"the environment variable {args.salt_env} (for the salt) is not set", 1
            )
        return value
    if args.salt is None:
        return None
    if args.salt != "-":
        # never echo what was typed: it may be the salt itself
        raise _ScanError(
            "the salt is never given on the command line: use --salt-env NAME or --salt - "
            "(one line on standard input)",
            2,
        )
    raw = sys.stdin.buffer.readline()
    if not raw:
        raise _ScanError("expected the salt on standard input, got nothing", 1)
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _ScanError(f"the salt on standard input is not UTF-8 (byte {exc.start})", 1) from None
    return line.removesuffix("\n").removesuffix("\r")


def _check_sources(args: argparse.Namespace) -> None:
    if args.file == "-" and args.source is None:  # as --body-file - elsewhere: standard input
        args.file, args.source = None, "-"
    if args.file is None and args.source is None:
        raise _ScanError("give --file PATH, or - to read the log from standard input", 2)
    if args.source is not None and args.source != "-":
        raise _ScanError(f"give --file {args.source}, or - for standard input", 2)
    if args.file is None and args.salt == "-":
        raise _ScanError("the log and the salt cannot both come from standard input", 2)


def _open_log(args: argparse.Namespace) -> tuple[BinaryIO, bool]:
    if args.file is None:
        return sys.stdin.buffer, False
    try:
        return open(args.file, "rb"), True
    except OSError as exc:
        raise _ScanError(f"cannot read the log {args.file!r}: {exc.strerror or exc}", 1) from None


def _run(args: argparse.Namespace) -> int:
    from workbench.core.log_report import json_item, local_offset_s, write_csv
    from workbench.core.log_scan import scan_stream

    if args.window < 0:
        raise _ScanError("--window must be 0 or more seconds", 2)
    _check_sources(args)
    salt = _salt(args)
    stream, owned = _open_log(args)
    offset = local_offset_s()
    try:
        result = scan_stream(stream, salt, window_s=args.window, offset_s=offset)
    except OSError as exc:
        raise _ScanError(f"cannot read the log: {exc.strerror or exc}", 1) from None
    finally:
        if owned:
            stream.close()
    lang = args.lang or "en"
    if args.csv is not None:
        try:
            with open(
                args.csv, "w", encoding="utf-8-sig", errors="backslashreplace", newline=""
            ) as handle:
                write_csv(handle, result, offset, lang)
        except OSError as exc:
            raise _ScanError(f"cannot write {args.csv!r}: {exc.strerror or exc}", 1) from None
    summary = result.summary()
    if args.json:
        items = [json_item(i, result.items, offset, lang) for i in result.items]
        print(json.dumps({"items": items, "summary": summary}, ensure_ascii=False, indent=2))
    else:
        _print_text(result, summary, offset, lang)
    if not result.items:
        if not args.json:
            print("nothing found: no callback, answer, signed request or platform answer")
        return 2
    return 1 if any(i.status in NOT_VALID for i in result.callbacks()) else 0


def _print_text(result: Any, summary: dict[str, Any], offset: int, lang: str) -> None:
    from workbench.core.log_report import format_time

    items = result.items
    callbacks = result.callbacks()
    if callbacks:
        print("line\ttime\ttransName\tSeqNo\tverdict\tanswer")
    for item in callbacks:
        answer = "-"
        if item.partner is not None:
            partner = items[item.partner]
            answer = f"line {partner.line} {partner.fields.get('CODE', '')}".rstrip()
        verdict = VERDICT_WORDS.get(item.status, item.status)
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
            print(f"{item.line}\trequest\t{item.fields.get('url', '')}")
        elif item.kind == "platform_answer":
            f = item.fields
            print(
                f"{item.line}\tplatform answer\t{f['code']}\t{f['msg']}\tbizSeqNo {f['bizSeqNo']}"
            )
        elif item.kind == "answer" and item.partner is None:
            print(f"{item.line}\tanswer without a callback above it\t{item.seq_no}\t{item.status}")
    _print_summary(summary)


def _print_summary(summary: dict[str, Any]) -> None:
    kinds = summary["kinds"]
    print(
        f"summary: {summary['lines']} lines, {kinds['callback']} callbacks, {kinds['answer']} "
        f"partner answers, {kinds['request']} signed requests, {kinds['platform_answer']} "
        "platform answers"
    )
    if summary["verdicts"]:
        words = ", ".join(f"{VERDICT_WORDS.get(k, k)} {n}" for k, n in summary["verdicts"].items())
        answered = f"answered {summary['answered']}, unanswered {summary['unanswered']}"
        print(f"callbacks: {words}; {answered}")
    for name, counts in summary["trans_names"].items():
        rest = ", ".join(
            f"{VERDICT_WORDS.get(k, k)} {n}" for k, n in counts.items() if k != "count"
        )
        print(f"  {name or '(no transName)'}: {counts['count']} ({rest})")
    dups = summary["duplicate_seq_no"]
    if dups:
        print("duplicate SeqNo (a bank retry, or an answer that came late):")
        for seq, lines in dups.items():
            print(f"  {seq}: lines {', '.join(str(n) for n in lines)}")
