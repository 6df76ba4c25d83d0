"""The ``webank-workbench`` command: sign, verify callbacks, explain codes, or open the window.

It imports no Qt (the window is imported only when no subcommand is given), so scripted use
starts fast and works on machines without a display. Every failure is one sentence on stderr
and a non-zero exit status, never a traceback (``WORKBENCH_DEBUG=1`` shows it).

Exit statuses: 0 success; 1 a check failed (callback signature or timestamp, unknown code) or a
usage problem in the input; 2 a malformed callback, or a command-line syntax error; 3 (callback
verify and scan, where 1 is a verdict) nothing could be checked: a file or variable missing.

Other parts of the project add subcommands through ``register(subparsers)`` functions; the
parser they add must ``set_defaults(func=handler)`` with ``handler(args) -> int``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from typing import Any

from workbench import __version__
from workbench.cli_errors import CANNOT_CHECK, CliError, fail  # the modules raise it too
from workbench.cli_parser import lang_in_argv, parser_class
from workbench.cli_window import LANGS, window_namespace, window_only
from workbench.core.text import Text

PROG = "webank-workbench"


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# --- callback -------------------------------------------------------------------------------


# epoch ms below this (before March 1973) is much likelier epoch seconds (until year 5138)
SECONDS_LOOK = 100_000_000_000


def _now_ms(value: int | None) -> int:
    return time.time_ns() // 1_000_000 if value is None else value


def _cmd_callback_verify(args: argparse.Namespace) -> int:
    from workbench.cli_input import BODY_FILE, callback_salt, check_text_args, read_input
    from workbench.cli_input import both_on_stdin as both
    from workbench.core.callback import STATUS_MALFORMED, STATUS_VALID
    from workbench.core.callback_codec import CallbackEnvelope
    from workbench.core.callback_paste import verify_pasted_callback, verify_pasted_fields
    from workbench.core.text import Text

    lang = args.lang
    check_text_args(args, lang, paths=("body_file", "profile_dir"))
    if args.body_file == "-" and args.salt == "-":
        fail(both(Text("body", "回调报文")), lang, 2)  # a command-line mistake
    if args.window < 0:  # as callback scan: a negative window would judge nothing sensibly
        fail(
            Text("--window must be 0 or more seconds", "--window 必须是 0 或更大的秒数。"), lang, 2
        )
    salt = callback_salt(args, lang)
    now = _now_ms(args.now)
    if args.body_file is not None:
        # A body copied out of a log keeps its log line around it: read as the window does.
        raw = read_input(args.body_file, BODY_FILE, lang)
        verdict = verify_pasted_callback(raw, salt, now, args.window)
    else:
        missing = [
            f"--{n}" for n in ("plain", "signature", "timestamp") if getattr(args, n) is None
        ]
        if missing:
            fail(
                Text(
                    "give --body-file, or all of --plain, --signature and --timestamp "
                    f"(missing: {', '.join(missing)})",
                    "请给出 --body-file，或同时给出 --plain、--signature 和 --timestamp"
                    f"（缺少：{'、'.join(missing)}）。",
                ),
                lang,
                2,  # a command-line mistake, as argparse's own
            )
        envelope = CallbackEnvelope(
            args.plain, args.signature, args.timestamp, args.trans_name or "", args.seq_no or ""
        )
        verdict = verify_pasted_fields(envelope, salt, now, args.window)
    if args.json:
        _print_json(
            {
                "status": verdict.status,
                "partner_code": verdict.partner_code,
                "reasons": [{"code": r.code, "text": r.text(lang)} for r in verdict.reasons],
                "decoded_plain": verdict.decoded_plain,
                "business_json": verdict.business_json,
                "expected_signature": verdict.expected_signature,
                "given_signature": verdict.given_signature,
                "sign_input_masked": verdict.sign_input_masked,
                "age_ms": verdict.age_ms,
                "age_text": verdict.age_text(lang) if verdict.age_text else None,
                "diagnostics": [
                    {"code": d.code, "text": d.text(lang)} for d in verdict.diagnostics
                ],
            }
        )
    else:
        _print_verdict(verdict, lang)
    if verdict.status == STATUS_VALID:
        return 0
    return 2 if verdict.status == STATUS_MALFORMED else 1


def _print_verdict(verdict: Any, lang: str) -> None:
    from workbench.cli_scan import VERDICT_WORDS

    zh = lang == "zh"  # the English lines are what scripts have read since the first version
    env = verdict.envelope
    if env is not None:
        print(f"transName: {env.trans_name}    SeqNo: {env.seq_no}")
    if verdict.business_json is not None:
        print("业务 JSON：" if zh else "business JSON:")
        print(json.dumps(verdict.business_json, ensure_ascii=False, indent=2))
    elif verdict.decoded_plain is not None:
        label = "解码后的 Plain（不是 JSON）：" if zh else "decoded Plain (not JSON): "
        print(f"{label}{verdict.decoded_plain}")
    if verdict.age_text is not None:
        age = verdict.age_text(lang)
        print(f"时间戳：{env.timestamp}（{age}）" if zh else f"timestamp: {env.timestamp} ({age})")
    if verdict.expected_signature is not None:
        labels = (
            ("参与签名的串：", "应有的签名：", "收到的签名：")
            if zh
            else ("sign input: ", "expected signature: ", "given signature:    ")
        )
        print(f"{labels[0]}{verdict.sign_input_masked}")
        print(f"{labels[1]}{verdict.expected_signature}")
        print(f"{labels[2]}{verdict.given_signature}")
    if zh:
        word = VERDICT_WORDS[verdict.status](lang) if verdict.status in VERDICT_WORDS else ""
        print(f"结论：{word or verdict.status}（合作方应答码 {verdict.partner_code}）")
    else:
        print(f"verdict: {verdict.status.upper()} (partner answer code {verdict.partner_code})")
    for reason in verdict.reasons:
        print(f"  - {reason.text(lang)}")
    for diag in verdict.diagnostics:
        print(f"  * {diag.text(lang)}")


def _cmd_callback_sign(args: argparse.Namespace) -> int:
    from workbench.cli_input import JSON_FILE, callback_salt, check_text_args, read_input_text
    from workbench.cli_input import both_on_stdin as both
    from workbench.core.callback import build_signed_response
    from workbench.core.text import Text

    lang = args.lang
    check_text_args(args, lang, paths=("json_file", "profile_dir"))
    if args.json_file is not None:
        if args.json_file == "-" and args.salt == "-":
            fail(both(Text("JSON", "JSON ")), lang)
        # A file's final newline is not part of the business JSON.
        text = read_input_text(args.json_file, JSON_FILE, lang).rstrip("\r\n")
    else:
        text = args.json
    try:
        json.loads(text)
    except (ValueError, RecursionError) as exc:
        where = ""
        if isinstance(exc, json.JSONDecodeError):
            where = f"（第 {exc.lineno} 行第 {exc.colno} 列）"
        elif isinstance(exc, RecursionError):
            where = "（嵌套过深）"
        zh = f"业务 JSON 不是有效的 JSON{where}。"
        fail(Text(f"the business JSON is not valid JSON: {exc}", zh), lang)
    salt = callback_salt(args, lang)
    timestamp = _now_ms(args.timestamp)
    if args.timestamp is not None and 0 < timestamp < SECONDS_LOOK:  # PROTOCOL P7: milliseconds
        note = Text(
            f"note: --timestamp {timestamp} looks like seconds; the Timestamp is epoch "
            "milliseconds, and a partner judging it as such refuses this envelope as stale (0012).",
            f"注意：--timestamp {timestamp} 看起来是秒；Timestamp 应为毫秒时间戳，"
            "按毫秒判断的一方会以过期（0012）拒绝这个报文。",
        )
        print(f"{PROG}: {note(lang)}", file=sys.stderr)
    seq_no = args.seq_no if args.seq_no is not None else f"{timestamp}{os.getpid() % 1000000:06d}"
    envelope = build_signed_response(text, salt, args.trans_name, seq_no, timestamp)
    print(json.dumps(envelope.to_dict(), ensure_ascii=False))
    return 0


# --- codes ----------------------------------------------------------------------------------


def _cmd_codes(args: argparse.Namespace) -> int:
    from workbench.core.codes import LAYER_NAMES, explain
    from workbench.core.text import Text

    lang = args.lang
    unknown: list[str] = []
    found: list[dict[str, str]] = []
    for code in args.code:
        infos = explain(code)
        if not infos:
            unknown.append(code)
        for info in infos:
            found.append(
                {
                    "code": info.code,
                    "layer": info.layer,
                    "guide_message": info.guide_message,
                    "meaning": info.meaning(lang),
                    "cause": info.cause(lang),
                }
            )
            if not args.json:
                print(f"{info.code}  [{LAYER_NAMES[info.layer](lang)}]  {info.guide_message}")
                print(f"    {info.meaning(lang)}")
                if info.cause(lang):
                    print(f"    {info.cause(lang)}")
    if args.json:
        _print_json({"codes": found, "unknown": unknown})
    for code in unknown:
        said = Text(
            f"{code!r} is not a platform or partner code (a business CODE inside "
            "jsonData is defined by that business interface)",
            f"“{code}”不是平台或合作方的返回码（jsonData 中的业务 CODE 由该业务接口自行定义）。",
        )
        print(f"{PROG}: {said(lang)}", file=sys.stderr)
    return 1 if unknown else 0


# --- the window -----------------------------------------------------------------------------
EMPTY_PROFILE_DIR = Text(
    "--profile-dir needs a folder (it was given empty)",
    "--profile-dir 需要一个文件夹（给出的是空值）。",
)


def _cmd_gui(args: argparse.Namespace) -> int:
    lang = args.lang or "en"
    if args.profile_dir is not None and not args.profile_dir.strip():
        # Path("") is the current folder: the window would quietly keep its profile there
        fail(EMPTY_PROFILE_DIR, lang, 2)
    try:
        from workbench.app import run_gui
    except ImportError as exc:
        fail(
            Text(
                f"the window is not available in this installation ({exc})",
                f"此安装中没有窗口（{exc}）。",
            ),
            lang,
        )
    return int(run_gui(args) or 0)


# --- the parser -----------------------------------------------------------------------------


def _add_salt(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument(
        "--salt", metavar="S", help="the callback salt; '-' reads one line from stdin"
    )
    group.add_argument("--salt-env", metavar="NAME", help="read the salt from this variable")


def build_parser(*, window: bool = False, lang: str = "en") -> argparse.ArgumentParser:
    """The command line's parser; ``window``: the window's options only (no commands);
    ``lang``: the language of its syntax errors."""
    cls = parser_class(lang)
    parser = cls(
        prog=PROG,
        description="WeBank open platform workbench. Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--profile-dir",
        metavar="DIR",
        help="settings, history and sandbox state live here instead of the user's profile",
    )
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default=None,
        help="language of messages (default: English here, the system's in the window)",
    )
    parser.add_argument(
        "--smoke-test", action="store_true", help="open the window, check it starts, close it"
    )
    parser.set_defaults(func=_cmd_gui)
    if window:
        return parser
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=cls)

    from workbench import cli_sign, cli_sign_check  # "sign check URL ...": see route

    cli_sign.register(sub, PROG)

    cli_sign_check.register(sub, cls, PROG)

    cb = sub.add_parser(
        "callback",
        help="verify or sign callback envelopes (guide 5.5)",
        description="Verify or sign callback envelopes (guide 5.5).",
    )
    cb_sub = cb.add_subparsers(title="actions", metavar="ACTION", parser_class=cls, required=True)
    v = cb_sub.add_parser(
        "verify",
        help="check an envelope's signature and timestamp",
        usage=f"{PROG} callback verify (--salt S | --salt-env NAME | --salt -) (--body-file PATH "
        "| --plain P --signature SIG --timestamp TS) [--window SECONDS] [--now MS] [--json]",
        description="Exit status: 0 valid, 1 signature mismatch or timestamp outside the "
        "window, 2 malformed envelope, 3 nothing could be checked (a file or a variable "
        "missing or unreadable).",
    )
    _add_salt(v)
    v.add_argument("--body-file", metavar="PATH", help="the envelope as received; '-' reads stdin")
    v.add_argument("--plain", metavar="P")
    v.add_argument("--signature", metavar="SIG")
    v.add_argument("--timestamp", metavar="TS")
    v.add_argument("--trans-name", metavar="NAME")
    v.add_argument("--seq-no", metavar="N")
    v.add_argument(
        "--window",
        type=int,
        default=300,
        metavar="SECONDS",
        help="accepted timestamp age either way (default 300)",
    )
    v.add_argument("--now", type=int, metavar="MS", help="the current time, epoch ms")
    v.add_argument("--json", action="store_true", help="print one JSON object")
    v.set_defaults(func=_cmd_callback_verify, error_status=CANNOT_CHECK)

    s = cb_sub.add_parser(
        "sign",
        help="build a signed envelope (a partner answer or a bank request)",
        usage=f"{PROG} callback sign (--salt S | --salt-env NAME | --salt -) --trans-name NAME "
        "[--timestamp MS] [--seq-no N] (--json-file PATH | --json TEXT)",
    )
    _add_salt(s)
    s.add_argument("--trans-name", required=True, metavar="NAME")
    s.add_argument("--timestamp", type=int, metavar="MS", help="epoch ms (default: now)")
    s.add_argument("--seq-no", metavar="N", help="default: the timestamp and 6 digits")
    js = s.add_mutually_exclusive_group(required=True)
    js.add_argument(
        "--json-file",
        metavar="PATH",
        help="the business JSON (a final newline is dropped); '-' reads stdin",
    )
    js.add_argument("--json", metavar="TEXT", help="the business JSON text")
    s.set_defaults(func=_cmd_callback_sign)
    from workbench.cli_scan import register as register_scan

    register_scan(cb_sub)

    c = sub.add_parser("codes", help="explain platform and partner codes (guide appendix 2, 5.5)")
    c.add_argument("code", nargs="+", metavar="CODE")
    c.add_argument("--json", action="store_true", help="print one JSON object")
    c.set_defaults(func=_cmd_codes)

    from workbench import cli_call, cli_check, cli_export  # a module each

    for command in (cli_export, cli_check, cli_call):
        command.register(sub)

    try:
        from workbench.sandbox.cli import register
    except ImportError as exc:
        if exc.name != "workbench.sandbox.cli":
            _register_unavailable(sub, "sandbox", str(exc))
    else:
        register(sub)
    from workbench.cli_conformance import register as register_conformance

    register_conformance(sub)
    return parser


def _register_unavailable(sub: Any, name: str, why: str) -> None:
    def unavailable(_args: argparse.Namespace) -> int:
        raise CliError(f"the {name} command is not available: {why}")

    p = sub.add_parser(name, help=f"(unavailable: {why})", prefix_chars="\0")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=unavailable)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (``python -m workbench`` is the same)."""
    from workbench.cli_io import escaping_output

    argv = list(sys.argv[1:] if argv is None else argv)
    lang = lang_in_argv(argv)  # for what is said before --lang is parsed (syntax errors)
    with escaping_output(PROG, lang):
        # the window's own options only: no command's parser (and imports) to build first
        if window_only(argv):
            return _main(argv, lang, window=True)
        from workbench.cli_sign_check import route

        # The modules' log lines are for the window's developers, in English: a command says
        # what matters itself, in the user's language (e.g. a settings file set aside).
        quiet = logging.getLogger("workbench")
        if not quiet.handlers:
            quiet.addHandler(logging.NullHandler())
        return _main(route(argv), lang)


def _main(argv: list[str], lang: str, *, window: bool = False) -> int:
    args: argparse.Namespace | None = None
    try:
        args = window_namespace(argv, _cmd_gui) if window else None
        if args is None:
            args = build_parser(window=window, lang=lang).parse_args(argv)
        if args.func is not _cmd_gui and args.lang is None:
            args.lang = "en"
        return int(args.func(args))
    except CliError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        # where 1 is a verdict, a check that could not run says so with its own status
        return getattr(args, "error_status", 1) if exc.status == 1 else exc.status
    except SystemExit as exc:  # argparse: --help, --version, syntax errors
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    except KeyboardInterrupt:
        print(f"{PROG}: " + ("已中断" if lang == "zh" else "interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # the last guard: one line, never a traceback
        if os.environ.get("WORKBENCH_DEBUG") == "1":
            raise
        what = f"{type(exc).__name__}: {exc}"  # Python's own words: English either way
        print(
            f"{PROG}: "
            + (
                f"意外错误：{what}（设置 WORKBENCH_DEBUG=1 再运行可看到详情）"
                if lang == "zh"
                else f"unexpected error: {what} (run with WORKBENCH_DEBUG=1 for details)"
            ),
            file=sys.stderr,
        )
        return 70
