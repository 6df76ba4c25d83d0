"""``check`` command: can this machine reach the platform? The window's *Check connection*, for
the partner's own server, which has no desktop (DNS, TCP or the proxy tunnel, TLS with the client
certificate, then optionally the token fetch), each step with ✓/✗ and a plain sentence.

Exit status: 0 when every step passed, 1 when one failed (the later steps are not tried).
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
    environment_from_args,
)
from workbench.cli_input import check_text_args

USAGE = f"webank-workbench check {ENV_USAGE} [--no-token] [--json]"


def register(sub: Any) -> argparse.ArgumentParser:

    p: argparse.ArgumentParser = sub.add_parser(
        "check",
        help="check the way to the platform: DNS, TCP, TLS with the client certificate, token",
        usage=USAGE,
        description="The steps of the window's Check connection, from this machine. Exit "
        "status 0 when every step passed. Secrets come from variables or the keyring.",
    )
    add_environment_args(p)
    p.add_argument(
        "--no-token",
        action="store_true",
        help="stop after TLS (a token fetch replaces the token your server is using)",
    )
    p.add_argument("--json", action="store_true", help="print the steps as one JSON object")
    p.set_defaults(func=run)
    return p


STEP_NAMES = {
    "dns": ("DNS", "DNS"),
    "tcp": ("TCP", "TCP"),
    "tls": ("TLS", "TLS"),
    "token": ("token", "令牌"),
}


def run(args: argparse.Namespace) -> int:
    from workbench.client.preflight import preflight
    from workbench.core.text import Text

    lang = args.lang
    check_text_args(args, lang, paths=FILE_ARGS)  # a file's name may be any bytes
    fetch = not args.no_token
    env, secrets = environment_from_args(args, lang, need_secret=fetch)
    if fetch and not env.is_sandbox and not args.json:
        note = Text(
            "Note: fetching a token replaces the one any other system with this app_id uses "
            "(guide 3.1); add --no-token to stop after TLS.",
            "注意：获取令牌会使使用同一 app_id 的其他系统的令牌失效（指南 3.1）；"
            "加 --no-token 可在 TLS 之后停止。",
        )
        print(note(lang), file=sys.stderr)
    steps = []
    for step in preflight(env, secrets, fetch_token=fetch):
        steps.append(step)
        if not args.json:
            en, zh = STEP_NAMES.get(step.name, (step.name, step.name))
            mark = "✓" if step.ok else "✗"
            print(f"{mark} {(zh if lang == 'zh' else en):<5} {step.text(lang)}", flush=True)
    expected = 4 if fetch else 3
    ok = len(steps) == expected and all(s.ok for s in steps)
    if args.json:
        data = {
            "ok": ok,
            "steps": [
                {"name": s.name, "ok": s.ok, "text": s.text(lang), "detail": s.detail}
                for s in steps
            ],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        done = Text("Every step passed.", "所有步骤均已通过。")
        stopped = Text(
            "The check stopped at the first failed step.", "检查在第一个失败的步骤处停止。"
        )
        print((done if ok else stopped)(lang))
    return 0 if ok else 1
