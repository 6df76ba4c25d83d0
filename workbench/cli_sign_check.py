"""``webank-workbench sign check``: is the sign in this URL right, and if not, which slip made it?

For the partner's own server (no desktop): paste the URL and body a request was sent with and
the ticket it was signed with; the answer is the right sign and the known slip that reproduces
the given one (``core.sign_check``, the same core as the window's *Check a sign*).

Exit statuses: 0 the sign matches, 1 it does not, 2 malformed input (no sign in the URL, an
unreadable body file, a variable that is not set, a command-line syntax error).

``sign`` already takes its own options (``sign --app-id ...``), so ``sign check`` is routed to a
parser of its own by :func:`route` before argparse sees the words.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from workbench.core.text import Text

COMMAND = "sign-check"  # the parser's own name; users type "sign check"
_GLOBAL_WITH_VALUE = ("--profile-dir", "--lang")
_TICKET = Text("ticket", "ticket")
_PREVIOUS = Text("previous ticket", "上一个 ticket")
_MATCH = Text("the sign matches", "签名一致")
_NO_MATCH = Text("the sign does NOT match", "签名不一致")
_LABELS = (  # the values line up in English, as they did before the labels were translated
    Text("expected sign: ", "应有的签名："),
    Text("given sign:    ", "给出的签名："),
    Text("sign string (ticket masked): ", "签名串（ticket 已隐藏）："),
)
_NO_SLIP = Text(
    "no known slip reproduces it: another ticket, another body, or another app_id?",
    "没有已知错误能复现该签名：ticket、body 或 app_id 不同？",
)


def route(argv: list[str]) -> list[str]:
    """``argv`` with ``sign check`` (the first command words) turned into one command name."""
    i = 0
    while i < len(argv):
        word = argv[i]
        if word in _GLOBAL_WITH_VALUE:
            i += 2
            continue
        if word.startswith("-"):
            i += 1
            continue
        if word == "sign" and i + 1 < len(argv) and argv[i + 1] == "check":
            return [*argv[:i], COMMAND, *argv[i + 2 :]]
        return argv
    return argv


def register(sub: Any, parser_class: type[argparse.ArgumentParser], prog: str) -> None:
    """Add the ``sign check`` parser to the top-level subparsers ``sub``."""
    p = sub.add_parser(
        COMMAND,
        prog=f"{prog} sign check",
        help="check a sign made elsewhere and name the slip behind a wrong one",
        usage=f"{prog} sign check --url URL (--body TEXT | --body-file PATH) "
        "(--ticket T | --ticket-env NAME) [--previous-ticket-env NAME] [--type T] [--json]",
        description="Recompute the sign of a request sent elsewhere (guide 4.3.1) and name the "
        "known slip that reproduces a wrong one. Exit status: 0 the sign matches, 1 it does "
        "not, 2 malformed input.",
    )
    p.add_argument("--url", required=True, metavar="URL", help="the request URL, or its query")
    bd = p.add_mutually_exclusive_group(required=True)
    bd.add_argument("--body", metavar="TEXT", help="the exact body text sent")
    bd.add_argument(
        "--body-file", metavar="PATH", help="the body, exact bytes, strict UTF-8; '-' reads stdin"
    )
    tk = p.add_mutually_exclusive_group(required=True)
    tk.add_argument("--ticket", metavar="T", help="the sign ticket it was signed with")
    tk.add_argument("--ticket-env", metavar="NAME", help="read the ticket from this variable")
    p.add_argument(
        "--previous-ticket-env",
        metavar="NAME",
        help="the ticket before it (still accepted for 5 minutes after a new one)",
    )
    p.add_argument("--type", metavar="T", help="the request's type, when the URL does not show it")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run, prog_name=prog)
    # List it in --help as users type it (argparse keeps one pseudo-action per command).
    listed = getattr(sub, "_choices_actions", [])
    if listed and getattr(listed[-1], "dest", "") == COMMAND:
        listed[-1].metavar = "sign check"


_PATHS = ("body_file", "profile_dir")  # file names: any bytes; never signed


def run(args: argparse.Namespace) -> int:
    """The ``sign check`` command; returns the exit status."""
    from workbench.cli_input import BODY_FILE, check_text_args, read_input_text, variable
    from workbench.core.sign_check import check_sign

    lang = args.lang or "en"
    check_text_args(args, lang, paths=_PATHS)
    ticket = variable(args.ticket_env, _TICKET, lang, 2) if args.ticket_env else str(args.ticket)
    previous = None
    if args.previous_ticket_env:
        previous = variable(args.previous_ticket_env, _PREVIOUS, lang, 2)
    if args.body is not None:
        body = str(args.body)
    else:
        body = read_input_text(args.body_file, BODY_FILE, lang, 2)
    result = check_sign(args.url, body, ticket, previous_ticket=previous, type_value=args.type)
    if result.problems:
        why = " ".join(p.text(lang) for p in result.problems)
        print(f"{args.prog_name}: error: {why}", file=sys.stderr)
        return 2
    if args.json:
        data = {
            "match": result.match,
            "expected": result.expected,
            "given": result.given,
            "slips": [{"code": s.code, "text": s.text(lang)} for s in result.slips],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        said = _MATCH if result.match else _NO_MATCH
        print(said(lang))
        shown = (result.expected, result.given, result.sign_string)
        for label, value in zip(_LABELS, shown, strict=True):
            print(f"{label(lang)}{value}")
        for slip in result.slips:
            print(f"  * {slip.code}: {slip.text(lang)}")
        if not result.match and not result.slips:
            print(f"  {_NO_SLIP(lang)}")
    for note in result.notes:
        head = "webank-workbench: " + ("注意：" if lang == "zh" else "note: ")
        print(head + note.text(lang), file=sys.stderr)
    return 0 if result.match else 1
