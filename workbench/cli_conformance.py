"""``conformance`` command: grade a partner's callback endpoint, or a partner's client.

``conformance callback`` sends the battery of signed callbacks to the partner's URL and grades
every answer; exit 0 when every case passes, 1 when any fails, 2 when the endpoint cannot be
reached (or the run cannot start). ``conformance client`` grades the requests the sandbox
logged in its state folder; exit 0 when nothing was found wrong, 1 when there is a finding or a
refused request, 2 when the state cannot be read. Both can write an HTML and a JUnit report.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from workbench.core.os_errors import os_reason
from workbench.core.text import Text

PROG = "webank-workbench"
EXIT_OK, EXIT_FAILED, EXIT_UNREACHABLE = 0, 1, 2


def register(sub: Any) -> argparse.ArgumentParser:
    """Add ``conformance callback`` and ``conformance client`` to the top-level parser."""
    conf: argparse.ArgumentParser = sub.add_parser(
        "conformance",
        help="grade your callback endpoint or your client against the guide",
        description="Conformance kits: grade a callback endpoint (callback) or a client that "
        "talked to the sandbox (client), and write reports to attach to a go-live ticket.",
    )
    kits = conf.add_subparsers(title="kits", metavar="KIT", parser_class=type(conf), required=True)
    cb = kits.add_parser(
        "callback",
        help="send signed callbacks to your endpoint and grade the answers",
        usage=f"{PROG} conformance callback --url URL (--salt-env NAME | --salt -) "
        "[--trans-name NAME] [--json] [--junit PATH] [--html PATH] [--ca PEM] "
        "[--insecure-http-ok]",
        description="Exit status: 0 every case passed, 1 a case failed, 2 the endpoint cannot "
        "be reached.",
    )
    cb.add_argument("--url", required=True, help="your callback endpoint")
    salt = cb.add_mutually_exclusive_group(required=True)
    salt.add_argument(
        "--salt-env", metavar="NAME", help="read the callback salt from this variable"
    )
    salt.add_argument("--salt", metavar="-", help="'-' reads the salt from one line of stdin")
    cb.add_argument(
        "--trans-name", metavar="NAME", help="transName sent (default ConformanceCheck)"
    )
    cb.add_argument("--ca", metavar="PEM", help="CA certificate(s) to trust for the endpoint")
    cb.add_argument(
        "--insecure-http-ok", action="store_true", help="allow a plain http:// URL (dedicated line)"
    )
    _add_outputs(cb)
    cb.set_defaults(func=run_callback)

    cl = kits.add_parser(
        "client",
        help="grade the requests your client sent to the sandbox",
        usage=f"{PROG} conformance client --state-dir DIR [--since TIME] [--require-requests] "
        "[--json] [--junit PATH] [--html PATH]",
        description="Exit status: 0 nothing found wrong, 1 a finding or a refused request (or, "
        "with --require-requests, no request to grade), 2 the sandbox's state cannot be read. "
        "TIME: 2026-11-29T18:00, epoch milliseconds, or 30m / 2h / 1d back from now (the "
        "sandbox's clock).",
    )
    cl.add_argument("--state-dir", required=True, metavar="DIR", help="the sandbox's state folder")
    cl.add_argument("--since", metavar="TIME", help="only requests from this time on")
    cl.add_argument(
        "--require-requests",
        action="store_true",
        help="exit 1 when there is no request to grade (for CI: nothing graded is no pass)",
    )
    _add_outputs(cl)
    cl.set_defaults(func=run_client)
    return conf


def _add_outputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--junit", metavar="PATH", help="write a JUnit XML report")
    p.add_argument("--html", metavar="PATH", help="write an HTML report (both languages)")


def _fail(text: Text, lang: str, status: int = EXIT_UNREACHABLE) -> Exception:
    from workbench.cli_errors import CliError

    return CliError(text(lang), status)


def _lang(args: argparse.Namespace) -> str:
    return str(getattr(args, "lang", None) or "en")


def _read_salt(args: argparse.Namespace) -> str:
    lang = _lang(args)
    if args.salt_env is not None:
        value = os.environ.get(args.salt_env)
        if value is None:
            raise _fail(
                Text(
                    f"The environment variable {args.salt_env} (for the salt) is not set.",
                    f"环境变量 {args.salt_env}（盐值）未设置。",
                ),
                lang,
            )
    elif args.salt == "-":
        from workbench.cli_env import stdin_line

        value = stdin_line(Text("salt", "盐值"), lang)
    else:
        raise _fail(
            Text(
                "Give the salt on standard input (--salt -) or in a variable (--salt-env NAME), "
                "never on the command line.",
                "请通过标准输入（--salt -）或环境变量（--salt-env NAME）提供盐值，"
                "不要写在命令行上。",
            ),
            lang,
        )
    if not value:
        raise _fail(Text("The salt is empty.", "盐值为空。"), lang)
    return value


def _check_output_paths(args: argparse.Namespace) -> None:
    """Refuse at once a report path that cannot be written (before a long run)."""
    for path, usual_name in ((args.junit, "junit.xml"), (args.html, "report.html")):
        if path is None:
            continue
        target = Path(path).expanduser().resolve()
        if target.is_dir():
            example = target / usual_name
            raise _fail(
                Text(
                    f"Cannot write a report to {path!r}: it is a folder, not a file; give a file "
                    f"name (for example {str(example)!r}).",
                    f"无法把报告写到“{path}”：这是文件夹而不是文件；请给出文件名（例如“{example}”）。",
                ),
                _lang(args),
            )
        folder = target.parent
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            raise _fail(
                Text(
                    f"Cannot write a report to {path!r}: the folder does not exist or is "
                    "read-only.",
                    f"无法把报告写到“{path}”：文件夹不存在或只读。",
                ),
                _lang(args),
            )


def _write_reports(args: argparse.Namespace, html: str, junit: bytes) -> None:
    for path, data in ((args.html, html.encode("utf-8", "backslashreplace")), (args.junit, junit)):
        if path is None:
            continue
        try:
            Path(path).expanduser().write_bytes(data)
        except OSError as exc:
            raise _fail(
                Text(
                    f"Cannot write {path!r}: {os_reason(exc).en}.",
                    f"无法写入“{path}”：{os_reason(exc).zh}。",
                ),
                _lang(args),
            ) from None


def _out(text: str) -> None:
    """Print one line; what UTF-8 cannot carry (a lone surrogate from a log) is escaped."""
    print(text.encode("utf-8", "backslashreplace").decode("utf-8"), flush=True)


def _print_json(data: Any) -> None:
    _out(json.dumps(data, ensure_ascii=False, indent=2))


# --- callback --------------------------------------------------------------------------------


def run_callback(args: argparse.Namespace) -> int:
    from workbench.conformance.battery import DEFAULT_TRANS_NAME
    from workbench.conformance.endpoint import EndpointUnreachable, run_callback_battery
    from workbench.conformance.junit import callback_junit
    from workbench.conformance.report_html import callback_html

    lang = _lang(args)
    salt = _read_salt(args)
    _check_output_paths(args)
    show = None if args.json else lambda r: _print_case(r, lang)
    try:
        run = run_callback_battery(
            args.url,
            salt,
            trans_name=args.trans_name or DEFAULT_TRANS_NAME,
            ca=args.ca,
            insecure_http_ok=args.insecure_http_ok,
            on_result=show,
        )
    except EndpointUnreachable as exc:
        raise _fail(exc.text, lang, EXIT_UNREACHABLE) from None
    _write_reports(args, callback_html(run), callback_junit(run))
    if args.json:
        _print_json(run.to_json(lang))
    else:
        for result in run.results:  # the slips, named once every case is in
            if result.slips:
                _out(f"  {result.case_id}: {result.slips[0][1](lang)}")
        _out(run.summary()(lang))
    return EXIT_OK if run.failed == 0 else EXIT_FAILED


def _print_case(result: Any, lang: str) -> None:
    # both four columns wide (a CJK character takes two)
    mark = (Text("PASS", "通过") if result.passed else Text("FAIL", "失败"))(lang)
    answered = result.answer_code or "—"
    _out(
        f"{mark}  {result.case_id:<22} {result.expect_code:>9} -> {answered:<5} "
        f"{result.elapsed_ms:>5} ms  {result.title(lang)}"
    )
    if not result.passed:
        _out(f"      {result.why()(lang)}")


# --- client ----------------------------------------------------------------------------------

_RELATIVE = re.compile(r"^(\d+)\s*([smhd])$")
_UNIT_MS = {"s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}


def _sandbox_now_ms(state_dir: Path) -> int:
    """Now on the sandbox's clock (it may have been moved forward)."""
    now = time.time_ns() // 1_000_000
    try:
        offset = json.loads((state_dir / "state.json").read_text("utf-8")).get("clock_offset_ms")
    except (OSError, ValueError, AttributeError):
        return now
    return now + offset if isinstance(offset, int) and offset >= 0 else now


def parse_since(text: str, now_ms: int) -> int | None:
    """``--since``: ISO date/time (local unless it has an offset), epoch ms, or ``30m`` back."""
    value = text.strip()
    relative = _RELATIVE.match(value)
    if relative:
        return now_ms - int(relative.group(1)) * _UNIT_MS[relative.group(2)]
    if value.isdigit() and len(value) >= 10:
        return int(value) if len(value) > 10 else int(value) * 1000
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return int(moment.timestamp() * 1000)


def run_client(args: argparse.Namespace) -> int:
    from workbench.conformance.client import LogUnreadable, grade_client, read_log
    from workbench.conformance.junit import client_junit
    from workbench.conformance.report_html import client_html

    lang = _lang(args)
    state_dir = Path(args.state_dir).expanduser()
    now = _sandbox_now_ms(state_dir)
    since = None
    if args.since is not None:
        since = parse_since(args.since, now)
        if since is None:
            raise _fail(
                Text(
                    f"--since {args.since!r} is not a time: use 2026-11-29T18:00, epoch "
                    "milliseconds, or 30m / 2h / 1d.",
                    f"--since “{args.since}”不是时间："
                    "请用 2026-11-29T18:00、毫秒时间戳或 30m / 2h / 1d。",
                ),
                lang,
            )
    _check_output_paths(args)
    try:
        entries = read_log(state_dir)
    except LogUnreadable as exc:
        raise _fail(exc.text, lang, EXIT_UNREACHABLE) from None
    report = grade_client(entries, target=str(state_dir.resolve()), now_ms=now, since_ms=since)
    junit = client_junit(report, require_requests=bool(args.require_requests))
    _write_reports(args, client_html(report), junit)
    if args.json:
        _print_json(report.to_json(lang))
    else:
        _print_client(report, lang)
    if not report.requests:
        _nothing_graded(args, str(state_dir.resolve()), since, lang)
        if args.require_requests:
            return EXIT_FAILED
    return EXIT_OK if report.clean else EXIT_FAILED


def _nothing_graded(args: argparse.Namespace, state: str, since: int | None, lang: str) -> None:
    """Say on stderr that nothing was graded: a CI that takes exit 0 for a pass should know."""
    from workbench.conformance.client import iso_time

    shown = Text("", "")
    if since is not None:
        shown = Text(
            f" since {args.since} ({iso_time(since)})", f"自 {args.since}（{iso_time(since)}）起"
        )
    then = (
        Text(" (exit status 1: --require-requests).", "（--require-requests：退出码为 1）。")
        if args.require_requests
        else Text(
            "; --require-requests makes this exit 1.", "；加上 --require-requests 时退出码为 1。"
        )
    )
    words = Text(
        f"no request was graded: the sandbox log in {state!r} has no request from a client"
        f"{shown.en}, so nothing was checked{then.en}",
        f"没有评判任何请求：“{state}”中的沙箱日志{shown.zh}没有客户端的请求，因此什么也没有检查"
        f"{then.zh}",
    )
    kind = "error" if args.require_requests else "note"
    print(f"{PROG}: {kind}: {words(lang)}", file=sys.stderr)


def _print_client(report: Any, lang: str) -> None:
    from workbench.conformance.client import iso_time

    for r in report.requests:
        mark = (Text("REFUSED ", "被拒    ") if r.refused else Text("ok      ", "通过    "))(lang)
        _out(f"{mark}{iso_time(r.time_ms)}  {r.method:<4} {r.path}  {r.code or r.status or '—'}")
        for slip in r.slips:
            _out(f"          {slip.code}: {slip.text(lang)}")
    for f in report.findings:
        _out(f"{Text('FINDING', '发现')(lang)} {f.code} x{f.count}: {f.text(lang)}")
    if not report.requests:  # not a pass: there was nothing to judge (stderr says where)
        words = Text("0 request(s): nothing was graded.", "共 0 个请求：没有评判任何请求。")
    elif report.clean:
        words = Text(
            f"{len(report.requests)} request(s), nothing found wrong.",
            f"共 {len(report.requests)} 个请求，没有发现问题。",
        )
    else:
        words = Text(
            f"{len(report.requests)} request(s): {report.refused} refused, "
            f"{len(report.findings)} finding(s).",
            f"共 {len(report.requests)} 个请求：{report.refused} 个被拒，"
            f"{len(report.findings)} 项问题。",
        )
    _out(words(lang))
