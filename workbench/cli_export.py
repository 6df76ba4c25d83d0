"""``export`` command: print a cURL command, or a Python or Java program, for one business call.

The Python and Java programs sign at run time with a fresh nonce, so they run any number of
times; the cURL command is signed now and its nonce is single-use (PROTOCOL P4.1). Secrets (the
ticket, key passwords) are read from variables by the program unless ``--include-secrets``
writes them in; flags never carry a password. The Java program is one public class, so its file
name follows from the class name (printed on standard error).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from workbench.cli_env import (
    body_text,
    check_api_base,
    split_path,
    tls_from_flags,
)
from workbench.cli_errors import fail
from workbench.cli_input import check_text_args

USAGE = (
    "webank-workbench export --format {curl,python,java} --api-base URL --app-id A --version V "
    "(--ticket T | --ticket-env NAME) --path SYSTEM/CODE (--body TEXT | --body-file PATH) "
    "[--type T] [--cert PEM --key PEM [--key-password-env NAME] | --p12 FILE "
    "--p12-password-env NAME] [--ca PEM] [--include-secrets]"
)


def register(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "export",
        help="print a cURL command or a Python/Java program for one signed business call",
        usage=USAGE,
        description="Print a program that sends one signed business request (guide 4.3, 4.4). "
        "The Python and Java programs sign with a fresh nonce on every run; the cURL "
        "command's nonce is single-use.",
    )
    p.add_argument("--format", required=True, choices=("curl", "python", "java"))
    p.add_argument("--api-base", required=True, metavar="URL", help="https://host[:port]")
    p.add_argument("--app-id", required=True, metavar="A")
    p.add_argument("--version", dest="api_version", required=True, metavar="V")
    tk = p.add_mutually_exclusive_group(required=True)
    tk.add_argument("--ticket", metavar="T", help="the sign ticket (used to sign the cURL URL)")
    tk.add_argument(
        "--ticket-env", metavar="NAME", help="the variable that holds the ticket, now and at run"
    )
    p.add_argument("--path", required=True, metavar="SYSTEM/CODE")
    bd = p.add_mutually_exclusive_group(required=True)
    bd.add_argument("--body", metavar="TEXT", help="the exact body text")
    bd.add_argument("--body-file", metavar="PATH", help="the body, strict UTF-8; '-' reads stdin")
    p.add_argument("--type", metavar="T", help="the type parameter (signed once)")
    p.add_argument("--cert", metavar="PEM", help="client certificate (PEM)")
    p.add_argument("--key", metavar="PEM", help="client private key (PEM)")
    p.add_argument("--key-password-env", metavar="NAME", help="the variable holding its password")
    p.add_argument("--p12", metavar="FILE", help="client certificate and key (PKCS#12)")
    p.add_argument("--p12-password-env", metavar="NAME", help="the variable holding its password")
    p.add_argument("--ca", metavar="PEM", help="the CA that signed the server (default: system)")
    p.add_argument(
        "--include-secrets",
        action="store_true",
        help="write the ticket and passwords into the output instead of reading variables",
    )
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from workbench.core.export import ExportRequest, curl_snippet
    from workbench.core.export_java import java_program
    from workbench.core.export_program import (
        JAVA_CLASS,
        KEY_PASSWORD_ENV,
        P12_PASSWORD_ENV,
        TICKET_ENV,
        ProgramSpec,
    )
    from workbench.core.export_python import python_program
    from workbench.core.text import Text

    lang = args.lang
    # the certificate paths are written into the exported program: those must be text
    check_text_args(args, lang, paths=("body_file", "profile_dir"))
    check_api_base(args.api_base, lang)
    system, code = split_path(args.path, lang)
    body = body_text(args.body, args.body_file, lang)
    tls = tls_from_flags(args, lang)
    key_env = args.key_password_env or KEY_PASSWORD_ENV
    p12_env = args.p12_password_env or P12_PASSWORD_ENV
    need_ticket = args.format == "curl" or args.include_secrets
    ticket = args.ticket if args.ticket is not None else os.environ.get(args.ticket_env)
    if not ticket and need_ticket:  # an empty one would sign without it (ticket_missing)
        given = args.ticket is not None
        fail(
            Text(
                "The sign ticket given is empty."
                if given
                else f"The variable {args.ticket_env} (the sign ticket) is "
                + ("empty." if ticket == "" else "not set."),
                "给出的签名票据为空。"
                if given
                else f"环境变量 {args.ticket_env}（签名票据）"
                + ("为空。" if ticket == "" else "未设置。"),
            ),
            lang,
        )
    spec = ProgramSpec(
        api_base=args.api_base.rstrip("/"),
        app_id=args.app_id,
        version=args.api_version,
        system=system,
        service_code=code,
        body=body,
        type=args.type,
        ticket=ticket or "",
        tls=tls,
        # written into the program only with --include-secrets (else the variable is read when
        # it runs); the cURL command also needs to know that there is one, to write --pass
        key_password=_key_password(args, key_env),
        p12_password=os.environ.get(p12_env, ""),
        ticket_env=args.ticket_env or TICKET_ENV,
        key_password_env=key_env,
        p12_password_env=p12_env,
    )
    if args.format != "curl" and args.ticket is not None and not args.include_secrets:
        note = Text(
            f"The program reads the ticket from the variable {spec.ticket_env} when it runs; "
            "add --include-secrets to write the ticket into it instead.",
            f"程序运行时从环境变量 {spec.ticket_env} 读取 ticket；"
            "如需写入程序，请加 --include-secrets。",
        )
        print(note(lang), file=sys.stderr)
    if args.format == "python":
        sys.stdout.write(python_program(spec, include_secrets=args.include_secrets))
        return 0
    if args.format == "java":
        sys.stdout.write(java_program(spec, include_secrets=args.include_secrets))
        print(
            Text(
                f"Save it as {JAVA_CLASS}.java (the public class is {JAVA_CLASS}).",
                f"请保存为 {JAVA_CLASS}.java（公共类名为 {JAVA_CLASS}）。",
            )(lang),
            file=sys.stderr,
        )
        return 0
    from workbench.core.request import business_request
    from workbench.core.sign import make_nonce

    signed = business_request(
        base=spec.api_base,
        app_id=spec.app_id,
        version=spec.version,
        system=system,
        service_code=code,
        body=body,
        ticket=ticket,
        nonce=make_nonce(),
        type=args.type,
    )
    request = ExportRequest(
        method=signed.method,
        url=signed.url,
        body=signed.body or b"",
        headers={"Content-Type": signed.content_type},
        sign=signed.sign,
        tls=tls,
        key_password=spec.key_password,
        p12_password=spec.p12_password,
        key_password_env=key_env,
        p12_password_env=p12_env,
    )
    sys.stdout.write(curl_snippet(request, include_secrets=args.include_secrets))
    return 0


def _key_password(args: argparse.Namespace, key_env: str) -> str:
    """The key's password from its variable; for a key file that is encrypted while the variable
    is unset now, a stand-in, so that the cURL command still says ``--pass "${NAME}"`` (without
    it curl asks on the terminal, then fails). The stand-in is never written: without
    --include-secrets only the variable's name is."""
    password = os.environ.get(key_env, "")
    if password or args.include_secrets or not args.key:
        return password
    try:
        with open(args.key, "rb") as key_file:
            head = key_file.read(4096)
    except OSError:
        return password
    encrypted = b"ENCRYPTED PRIVATE KEY" in head or b"Proc-Type: 4,ENCRYPTED" in head
    return "(read from the variable when it runs)" if encrypted else password
