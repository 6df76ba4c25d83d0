"""``sandbox`` command: run the sandbox in the foreground (PROTOCOL P10).

When both hosts accept connections it prints exactly one line of JSON to stdout (paths are
absolute) and then runs until Ctrl-C or SIGTERM, exiting cleanly. Imports stay light: the
sandbox itself is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import sys
import threading
from pathlib import Path
from typing import Any


def default_state_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("webank-workbench")) / "sandbox"


def _port(text: str) -> int:
    """A TCP port, 0 to 65535 (argparse turns the ValueError into one clear line)."""
    value = int(text)
    if not 0 <= value <= 65535:
        raise ValueError(text)
    return value


_port.__name__ = "port"  # argparse names the type in its message: "invalid port value: '99999'"


def register(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sandbox",
        help="run the local sandbox platform (mutual TLS) in the foreground",
        description="Run the local stand-in for the open platform. Prints one JSON line with "
        "its URLs, test account and certificate paths when ready; Ctrl-C stops it.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--api-port", type=_port, default=0, help="API host port (0: a free one)")
    parser.add_argument("--file-port", type=_port, default=0, help="file host port (0: a free one)")
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=None,
        help="certificates, tokens and files (default: the user data folder)",
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from workbench.core.os_errors import os_reason
    from workbench.sandbox.server import Sandbox

    zh = getattr(args, "lang", None) == "zh"
    stop = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        state_dir = (args.state_dir or default_state_dir()).expanduser().resolve()
        sandbox = Sandbox(
            state_dir,
            host=args.host,
            api_port=args.api_port,
            file_port=args.file_port,
            stderr=sys.stderr,  # refused handshakes, one rate-limited line each
        )
        info = sandbox.start()
    except OSError as exc:  # the state folder, a port in use, an address not found
        if isinstance(exc, socket.gaierror):
            en, cn = f"the address {args.host} was not found", f"找不到地址 {args.host}"
        else:
            reason = os_reason(exc)
            en, cn = reason.en, reason.zh
            if exc.filename:
                en, cn = f"{exc.filename}: {en}", f"{exc.filename}：{cn}"
        print(
            f"webank-workbench：沙箱无法启动：{cn}。"
            if zh
            else f"webank-workbench: the sandbox could not start: {en}.",
            file=sys.stderr,
        )
        return 1
    try:
        print(json.dumps(info.to_json_dict(), ensure_ascii=False), flush=True)
        print(
            f"沙箱运行中：API {info.api_base}，文件 {info.file_base}。按 Ctrl-C 停止。"
            if zh
            else f"Sandbox running: API {info.api_base}, files {info.file_base}. Ctrl-C stops it.",
            file=sys.stderr,
            flush=True,
        )
        while not stop.wait(0.5):
            pass
    finally:
        sandbox.stop()
    print("沙箱已停止。" if zh else "Sandbox stopped.", file=sys.stderr, flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (``python -m workbench.sandbox.cli``) until workbench.cli wires us in."""
    parser = argparse.ArgumentParser(prog="webank-workbench")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
