"""``call`` command: send one signed business request (PROTOCOL P4) from this machine and print
both answer layers: the platform's code, then the business CODE inside ``jsonData`` (P5).

Kick-out (PROTOCOL P3): token and ticket are global per app_id, so fetching them here replaces
the ones a partner server with the same app_id is using. On any environment but the sandbox the
command therefore refuses to fetch unless ``--fetch-credentials`` is given, or the server's ticket
is passed in through a variable (``--ticket-env``). A token alone (``--token-env``) is not
enough: the sign ticket would be fetched with it, and that ends the server's ticket too.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from workbench.cli_env import (
    ENV_USAGE,
    FILE_ARGS,
    add_environment_args,
    body_text,
    environment_from_args,
    from_variable,
    require_secret,
    split_path,
)
from workbench.cli_errors import fail
from workbench.cli_input import check_text_args

USAGE = (
    f"webank-workbench call SYSTEM/CODE (--body-file F | --body TEXT) {ENV_USAGE} [--type T] "
    "[--ticket-env NAME] [--token-env NAME] [--fetch-credentials] [--json]"
)
TICKET_LIFE_S = 3600  # PROTOCOL P3: what a pasted ticket or token is assumed to have left


def register(sub: Any) -> argparse.ArgumentParser:

    p: argparse.ArgumentParser = sub.add_parser(
        "call",
        help="send one signed business request and print both code layers",
        usage=USAGE,
        description="Send one signed business request (guide 4.3, 4.4). Exit status 0 when "
        "the platform answers 60840000.",
    )
    p.add_argument("path", metavar="SYSTEM/CODE")
    bd = p.add_mutually_exclusive_group(required=True)
    bd.add_argument("--body-file", metavar="F", help="the body, strict UTF-8; '-' reads stdin")
    bd.add_argument("--body", metavar="TEXT", help="the exact body text")
    add_environment_args(p)
    p.add_argument("--type", metavar="T", help="the type parameter (signed once)")
    p.add_argument("--ticket-env", metavar="NAME", help="the variable holding a sign ticket")
    p.add_argument("--token-env", metavar="NAME", help="the variable holding an access token")
    p.add_argument(
        "--fetch-credentials",
        action="store_true",
        help="fetch token and ticket here even on a bank environment (kicks out your server's)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from workbench.client.errors import ClientError
    from workbench.client.platform import PlatformClient
    from workbench.core.credentials import KIND_ACCESS_TOKEN, KIND_SIGN_TICKET, KIND_USER_TICKET
    from workbench.core.text import Text

    lang = args.lang
    check_text_args(args, lang, paths=FILE_ARGS)  # a file's name may be any bytes
    system, code = split_path(args.path, lang)
    if args.body_file == "-" and "-" in (args.secret_env, args.ticket_env, args.token_env):
        fail(
            Text("Only one thing can come from standard input.", "标准输入只能提供一项内容。"),
            lang,
            2,
        )
    body = body_text(args.body, args.body_file, lang)
    # PROTOCOL P3: a token alone is not enough, the sign ticket would be fetched with it, and
    # a new sign ticket ends the server's within 5 minutes just as a new token does
    passed_in = args.ticket_env is not None
    env, secrets = environment_from_args(args, lang, need_secret=False)
    fetch = env.is_sandbox or args.fetch_credentials
    if not fetch and not passed_in:
        fail(
            Text(
                f"{env.name} is not the sandbox: fetching a token and ticket here replaces the "
                "ones your server with this app_id uses, and its calls fail within 5 minutes "
                "(guide 3.1); a token alone is not enough, the ticket would still be fetched. "
                "Pass your server's ticket with --ticket-env NAME, or add --fetch-credentials "
                "if nothing else uses this app_id.",
                f"{env.name} 不是沙箱：在此获取 token 和 ticket 会替换使用同一 app_id 的服务器"
                "正在使用的凭据，其调用将在 5 分钟内失败（指南 3.1）；只传入 token 也不行，"
                "仍会获取新的 ticket。请用 --ticket-env NAME 传入服务器的 ticket；若没有其他"
                "系统使用该 app_id，可加 --fetch-credentials。",
            ),
            lang,
        )
    if fetch and not passed_in and args.token_env is None:
        require_secret(env, secrets, lang)
    client = PlatformClient(env, secrets, auto_fetch=fetch)
    try:
        if args.token_env is not None:
            token = from_variable(args.token_env, Text("access token", "access token"), lang)
            client.book.paste(KIND_ACCESS_TOKEN, token, TICKET_LIFE_S)
        if args.ticket_env is not None:
            ticket = from_variable(args.ticket_env, Text("ticket", "ticket"), lang)
            kind = KIND_USER_TICKET if args.type == "user" else KIND_SIGN_TICKET
            client.book.paste(kind, ticket, TICKET_LIFE_S)
        elif args.token_env is not None and args.type != "user":
            client.fetch_tickets(["sign"])
        result = client.call(system, code, body, type=args.type)
    except ClientError as exc:
        fail(exc.text, lang)
    finally:
        client.close()
    return _report(result, args.json, lang)


def _print(*parts: object) -> None:
    """print, with a lone surrogate (a JSON ``\\ud800`` decoded) written back as its escape:
    a strict UTF-8 stdout cannot take it (ENGINEERING.md), and in JSON the escape is right."""
    text = " ".join(str(p) for p in parts)
    print(text.encode("utf-8", "backslashreplace").decode("utf-8"))


def _report(result: Any, as_json: bool, lang: str) -> int:
    from workbench.core.codes import explain
    from workbench.core.text import Text

    answer = result.answer
    response = result.record.response
    status = response.status if response is not None else 0
    if answer is None:
        text = response.text if response is not None else ""
        if as_json:
            _print(json.dumps({"http_status": status, "platform": None, "body": text}))
        else:
            _print(f"HTTP {status}")
            _print(Text("Not a platform answer:", "不是平台的应答：")(lang))
            _print(text)
        return 1
    infos = explain(answer.code)
    meaning = infos[0].meaning(lang) if infos else ""
    business = None
    if isinstance(answer.json_data, dict):
        business = {"CODE": answer.biz_code, "DESC": answer.biz_desc}
    if as_json:
        data = {
            "http_status": status,
            "platform": {"code": answer.code, "msg": answer.msg, "meaning": meaning},
            "business": business,
            "jsonData": answer.json_data,
            "BizSeqNo": answer.biz_seq_no,
            "ConsumerSeqNo": answer.consumer_seq_no,
            "retried": result.retried,
        }
        _print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        elapsed = response.elapsed_ms if response is not None else 0.0
        _print(f"HTTP {status} ({elapsed:.0f} ms)")
        if result.retried:
            _print(
                Text(
                    "The ticket was refused, fetched again, and the call retried once.",
                    "ticket 被拒绝，已重新获取并重试一次。",
                )(lang)
            )
        zh = lang == "zh"
        label = "平台返回码：" if zh else "platform code: "
        said = (f"（{meaning}）" if zh else f" ({meaning})") if meaning else ""
        _print(f"{label}{answer.code} {answer.msg}{said}")
        if business is not None:
            label = "业务 CODE：" if zh else "business CODE: "
            _print(f"{label}{business['CODE']} {business['DESC']}")
            _print(json.dumps(answer.json_data, ensure_ascii=False, indent=2))
        elif answer.json_data_text:
            _print(f"jsonData: {answer.json_data_text}")
        _print(f"BizSeqNo: {answer.biz_seq_no}")
        _print(f"ConsumerSeqNo: {answer.consumer_seq_no}")
    sys.stdout.flush()
    return 0 if answer.code == "60840000" else 1
