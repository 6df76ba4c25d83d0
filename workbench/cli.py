"""The ``webank-workbench`` command: sign, verify callbacks, explain codes, or open the window.

It imports no Qt (the window is imported only when no subcommand is given), so scripted use
starts fast and works on machines without a display. Every failure is one sentence on stderr
and a non-zero exit status, never a traceback (``WORKBENCH_DEBUG=1`` shows it).

Exit statuses: 0 success; 1 a check failed (callback signature or timestamp, unknown code) or a
usage problem in the input; 2 a malformed callback, or a command-line syntax error.

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
from typing import Any, NoReturn

from workbench import __version__
from workbench.cli_errors import CliError  # the command modules raise it too
from workbench.cli_window import LANGS, window_namespace, window_only

PROG = "webank-workbench"


class _Parser(argparse.ArgumentParser):
    """argparse, but a syntax error is one line (plus a pointer to --help), not a usage block."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(2)


# --- reading inputs -------------------------------------------------------------------------


def _read_bytes(path: str, what: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise CliError(f"cannot read {what} {path!r}: {exc.strerror or exc}") from None


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CliError(
            f"{what} is not valid UTF-8: byte 0x{data[exc.start]:02X} at offset {exc.start}"
        ) from None


def _stdin_line(what: str) -> str:
    raw = sys.stdin.buffer.readline()
    if not raw:
        raise CliError(f"expected the {what} on standard input, got nothing")
    line = _utf8(raw, f"the {what} on standard input")
    return line.removesuffix("\n").removesuffix("\r")


def _from_env(name: str, what: str) -> str:
    value = os.environ.get(name)
    if value is None:
        raise CliError(f"the environment variable {name} (for the {what}) is not set")
    return value


def _salt(args: argparse.Namespace) -> str:
    if args.salt_env is not None:
        salt = _from_env(args.salt_env, "salt")
    elif args.salt == "-":
        salt = _stdin_line("salt")
    else:
        salt = str(args.salt)
    if not salt:  # never sign or check with an empty salt: it is always a mistake
        raise CliError("the salt is empty: give the callback salt (each environment has its own)")
    return salt


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# --- sign -----------------------------------------------------------------------------------


def _cmd_sign(args: argparse.Namespace) -> int:
    from workbench.core.sign import is_valid_nonce, make_nonce, sign_request

    ticket = _from_env(args.ticket_env, "ticket") if args.ticket_env else args.ticket
    body: str | None = args.body
    if args.body_file is not None:
        name = "standard input" if args.body_file == "-" else f"body file {args.body_file!r}"
        body = _utf8(_read_bytes(args.body_file, "body file"), name)
    generated = args.nonce is None
    nonce = make_nonce() if generated else args.nonce
    result = sign_request(
        app_id=args.app_id,
        version=args.api_version,
        nonce=nonce,
        ticket=ticket,
        body=body,
        type=args.type,
        extra=args.value or (),
    )
    if args.json:
        _print_json(
            {
                "nonce": nonce,
                "nonce_generated": generated,
                "values": [{"source": v.source, "text": v.text} for v in result.ordered],
                "sign_string": result.sign_string,
                "sign": result.sign,
            }
        )
        return 0
    print(f"nonce: {nonce}" + ("  (generated)" if generated else ""))
    if not is_valid_nonce(nonce):
        print("note: a nonce should be 32 letters and digits (guide 4.3.1)", file=sys.stderr)
    print("values, in Java String order:")
    width = max(len(v.source) for v in result.ordered)
    for i, v in enumerate(result.ordered, 1):
        print(f"  {i}. {v.source:<{width}}  {v.text}")
    print(f"sign string: {result.sign_string}")
    print(f"sign: {result.sign}")
    return 0


# --- callback -------------------------------------------------------------------------------


def _now_ms(value: int | None) -> int:
    return time.time_ns() // 1_000_000 if value is None else value


def _cmd_callback_verify(args: argparse.Namespace) -> int:
    from workbench.core.callback import (
        STATUS_MALFORMED,
        STATUS_VALID,
        verify_callback,
        verify_pasted_callback,
    )
    from workbench.core.callback_codec import CallbackEnvelope

    if args.body_file == "-" and args.salt == "-":
        raise CliError("the body and the salt cannot both come from standard input")
    if args.window < 0:  # as callback scan: a negative window would judge nothing sensibly
        raise CliError("--window must be 0 or more seconds", 2)
    salt = _salt(args)
    now = _now_ms(args.now)
    if args.body_file is not None:
        # A body copied out of a log keeps its log line around it: read as the window does.
        verdict = verify_pasted_callback(
            _read_bytes(args.body_file, "body file"), salt, now, args.window
        )
    else:
        missing = [n for n in ("plain", "signature", "timestamp") if getattr(args, n) is None]
        if missing:
            raise CliError(
                "give --body-file, or all of --plain, --signature and --timestamp "
                f"(missing: {', '.join('--' + m for m in missing)})"
            )
        envelope = CallbackEnvelope(
            args.plain, args.signature, args.timestamp, args.trans_name or "", args.seq_no or ""
        )
        verdict = verify_callback(envelope, salt, now, args.window)
    lang = args.lang
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
    env = verdict.envelope
    if env is not None:
        print(f"transName: {env.trans_name}    SeqNo: {env.seq_no}")
    if verdict.business_json is not None:
        print("business JSON:")
        print(json.dumps(verdict.business_json, ensure_ascii=False, indent=2))
    elif verdict.decoded_plain is not None:
        print(f"decoded Plain (not JSON): {verdict.decoded_plain}")
    if verdict.age_text is not None:
        print(f"timestamp: {env.timestamp} ({verdict.age_text(lang)})")
    if verdict.expected_signature is not None:
        print(f"sign input: {verdict.sign_input_masked}")
        print(f"expected signature: {verdict.expected_signature}")
        print(f"given signature:    {verdict.given_signature}")
    print(f"verdict: {verdict.status.upper()} (partner answer code {verdict.partner_code})")
    for reason in verdict.reasons:
        print(f"  - {reason.text(lang)}")
    for diag in verdict.diagnostics:
        print(f"  * {diag.text(lang)}")


def _cmd_callback_sign(args: argparse.Namespace) -> int:
    from workbench.core.callback import build_signed_response

    if args.json_file is not None:
        if args.json_file == "-" and args.salt == "-":
            raise CliError("the JSON and the salt cannot both come from standard input")
        name = "standard input" if args.json_file == "-" else f"JSON file {args.json_file!r}"
        # A file's final newline is not part of the business JSON.
        text = _utf8(_read_bytes(args.json_file, "JSON file"), name).rstrip("\r\n")
    else:
        text = args.json
    try:
        json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise CliError(f"the business JSON is not valid JSON: {exc}") from None
    salt = _salt(args)
    timestamp = _now_ms(args.timestamp)
    seq_no = args.seq_no if args.seq_no is not None else f"{timestamp}{os.getpid() % 1000000:06d}"
    envelope = build_signed_response(text, salt, args.trans_name, seq_no, timestamp)
    print(json.dumps(envelope.to_dict(), ensure_ascii=False))
    return 0


# --- codes ----------------------------------------------------------------------------------


def _cmd_codes(args: argparse.Namespace) -> int:
    from workbench.core.codes import LAYER_NAMES, explain

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
        print(
            f"{PROG}: {code!r} is not a platform or partner code (a business CODE inside "
            "jsonData is defined by that business interface)",
            file=sys.stderr,
        )
    return 1 if unknown else 0


# --- the window -----------------------------------------------------------------------------


def _cmd_gui(args: argparse.Namespace) -> int:
    if args.profile_dir is not None and not args.profile_dir.strip():
        # Path("") is the current folder: the window would quietly keep its profile there
        raise CliError("--profile-dir needs a folder (it was given empty)", 2)
    try:
        from workbench.app import run_gui
    except ImportError as exc:
        raise CliError(f"the window is not available in this installation ({exc})") from None
    return int(run_gui(args) or 0)


# --- the parser -----------------------------------------------------------------------------


def _add_salt(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument(
        "--salt", metavar="S", help="the callback salt; '-' reads one line from stdin"
    )
    group.add_argument("--salt-env", metavar="NAME", help="read the salt from this variable")


def build_parser(*, window: bool = False) -> argparse.ArgumentParser:
    """The command line's parser; ``window``: the window's options only (no commands)."""
    parser = _Parser(
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
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser(
        "sign",
        help="compute a request sign (guide 4.3.1)",
        description="Compute the SHA1 sign of a business or file request (guide 4.3.1).",
        usage=f"{PROG} sign --app-id A --version V [--nonce N] (--ticket T | --ticket-env NAME) "
        "[--type TYPE] [--body TEXT | --body-file PATH | --body-file -] [--value V ...] [--json]",
    )
    p.add_argument("--app-id", required=True, metavar="A")
    p.add_argument(
        "--version",
        dest="api_version",
        required=True,
        metavar="V",
        help="2.0.0 for business calls, 1.0.0 for file calls",
    )
    p.add_argument("--nonce", metavar="N", help="32 letters and digits; generated when absent")
    tk = p.add_mutually_exclusive_group(required=True)
    tk.add_argument("--ticket", metavar="T", help="the sign ticket")
    tk.add_argument("--ticket-env", metavar="NAME", help="read the ticket from this variable")
    p.add_argument("--type", metavar="TYPE", help="add this type value; absent: no type value")
    bd = p.add_mutually_exclusive_group()
    bd.add_argument("--body", metavar="TEXT", help="the exact body text sent")
    bd.add_argument(
        "--body-file", metavar="PATH", help="the body, exact bytes, strict UTF-8; '-' reads stdin"
    )
    p.add_argument(
        "--value", action="append", metavar="V", help="a further signed value (repeatable)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_cmd_sign)
    from workbench import cli_sign_check  # "sign check URL ...": its own parser (see route)

    cli_sign_check.register(sub, _Parser, PROG)

    cb = sub.add_parser(
        "callback",
        help="verify or sign callback envelopes (guide 5.5)",
        description="Verify or sign callback envelopes (guide 5.5).",
    )
    cb_sub = cb.add_subparsers(
        title="actions", metavar="ACTION", parser_class=_Parser, required=True
    )
    v = cb_sub.add_parser(
        "verify",
        help="check an envelope's signature and timestamp",
        usage=f"{PROG} callback verify (--salt S | --salt-env NAME | --salt -) (--body-file PATH "
        "| --plain P --signature SIG --timestamp TS) [--window SECONDS] [--now MS] [--json]",
        description="Exit status: 0 valid, 1 signature mismatch or timestamp outside the "
        "window, 2 malformed envelope.",
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
    v.set_defaults(func=_cmd_callback_verify)

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
    with escaping_output(PROG):
        # the window's own options only: no command's parser (and imports) to build first
        if window_only(argv):
            return _main(argv, window=True)
        from workbench.cli_sign_check import route

        # The modules' log lines are for the window's developers, in English: a command says
        # what matters itself, in the user's language (e.g. a settings file set aside).
        quiet = logging.getLogger("workbench")
        if not quiet.handlers:
            quiet.addHandler(logging.NullHandler())
        return _main(route(argv))


def _main(argv: list[str], *, window: bool = False) -> int:
    try:
        args = window_namespace(argv, _cmd_gui) if window else None
        if args is None:
            args = build_parser(window=window).parse_args(argv)
        if args.func is not _cmd_gui and args.lang is None:
            args.lang = "en"
        return int(args.func(args))
    except CliError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.status
    except SystemExit as exc:  # argparse: --help, --version, syntax errors
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # the last guard: one line, never a traceback
        if os.environ.get("WORKBENCH_DEBUG") == "1":
            raise
        print(
            f"{PROG}: unexpected error: {type(exc).__name__}: {exc} "
            "(run with WORKBENCH_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 70
