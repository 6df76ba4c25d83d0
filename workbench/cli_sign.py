"""``webank-workbench sign``: compute the sign of a business or file request (guide 4.3.1).

Prints the values in Java String order with their source, the sign string and the sign
(``--json``: one object). Exit 0 with a sign; 1 when the body file or a variable cannot be
read; 2 for a value that is not UTF-8 or a command-line syntax error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from workbench.cli_input import BODY_FILE, check_text_args, read_input_text, variable
from workbench.core.text import Text

_PATHS = ("body_file", "profile_dir")  # file names: any bytes; never signed
_FLAGS = {"api_version": "--version"}
TICKET = Text("ticket", "ticket")


def register(sub: Any, prog: str) -> None:
    """Add the ``sign`` parser to the top-level subparsers ``sub``."""
    p = sub.add_parser(
        "sign",
        help="compute a request sign (guide 4.3.1)",
        description="Compute the SHA1 sign of a business or file request (guide 4.3.1).",
        usage=f"{prog} sign --app-id A --version V [--nonce N] (--ticket T | --ticket-env NAME) "
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
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """The ``sign`` command; returns the exit status."""
    from workbench.core.sign import is_valid_nonce, make_nonce, sign_request
    from workbench.core.sign_check import SIGN_TEXTS

    lang = args.lang
    check_text_args(args, lang, paths=_PATHS, flags=_FLAGS)
    ticket = variable(args.ticket_env, TICKET, lang) if args.ticket_env else None
    body: str | None = args.body
    if args.body_file is not None:
        body = read_input_text(args.body_file, BODY_FILE, lang)
    generated = args.nonce is None
    nonce = make_nonce() if generated else args.nonce
    result = sign_request(
        app_id=args.app_id,
        version=args.api_version,
        nonce=nonce,
        ticket=args.ticket if ticket is None else ticket,
        body=body,
        type=args.type,
        extra=args.value or (),
    )
    if args.json:
        data = {
            "nonce": nonce,
            "nonce_generated": generated,
            "values": [{"source": v.source, "text": v.text} for v in result.ordered],
            "sign_string": result.sign_string,
            "sign": result.sign,
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    zh = lang == "zh"
    if zh:
        print(f"nonce：{nonce}" + ("（自动生成）" if generated else ""))
    else:
        print(f"nonce: {nonce}" + ("  (generated)" if generated else ""))
    if not is_valid_nonce(nonce):
        english = "a nonce should be 32 letters and digits (guide 4.3.1)"
        print(f"note: {SIGN_TEXTS['bad_nonce'].zh if zh else english}", file=sys.stderr)
    print("参与签名的值（按 Java String 顺序）：" if zh else "values, in Java String order:")
    width = max(len(v.source) for v in result.ordered)
    for i, v in enumerate(result.ordered, 1):
        print(f"  {i}. {v.source:<{width}}  {v.text}")
    print(f"签名串：{result.sign_string}" if zh else f"sign string: {result.sign_string}")
    print(f"sign：{result.sign}" if zh else f"sign: {result.sign}")
    return 0
