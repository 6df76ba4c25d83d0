"""What the ``export``, ``check`` and ``call`` commands share: reading the body, the service path
and the client certificate flags, and saying what is wrong in one sentence.

Passwords and secrets never come from flags (they would be in the shell history and in ``ps``):
only the *name* of a variable is given, or a line on standard input.
"""

from __future__ import annotations

import argparse
import os
import sys

from workbench.cli_errors import fail
from workbench.cli_input import REQUEST_BODY, read_input_text, variable
from workbench.core.environment import (
    CA_BUNDLE,
    CERT_NONE,
    CERT_P12,
    CERT_PEM,
    KIND_CUSTOM,
    EnvironmentConfig,
    EnvironmentSecrets,
    TlsConfig,
)
from workbench.core.text import Text


def check_api_base(api_base: str, lang: str) -> None:
    if not api_base.lower().startswith("https://") or len(api_base) <= len("https://"):
        fail(
            Text(
                f"The API base {api_base!r} must start with https:// and name a host.",
                f"API 地址 {api_base!r} 必须以 https:// 开头并包含主机名。",
            ),
            lang,
        )


def split_path(path: str, lang: str) -> tuple[str, str]:
    """``SYSTEM/CODE`` as the two path segments of ``/api/s/{system}/{service_code}``."""
    system, slash, code = path.strip("/").partition("/")
    if not slash or not system or not code or "/" in code:
        fail(
            Text(
                f"The service path {path!r} must be SYSTEM/CODE, for example test/1001124639.",
                f"服务路径 {path!r} 必须是“系统/服务码”，例如 test/1001124639。",
            ),
            lang,
        )
    return system, code


def body_text(body: str | None, body_file: str | None, lang: str) -> str:
    """The exact body text: ``--body``, or a file (``-``: standard input) in strict UTF-8."""
    if body_file is None:
        return body or ""
    return read_input_text(body_file, REQUEST_BODY, lang)


def _absolute(path: str) -> str:
    return os.path.abspath(os.path.expanduser(path))


def tls_from_flags(args: argparse.Namespace, lang: str) -> TlsConfig:
    """The TLS settings of ``--cert/--key[--key-password-env] | --p12 --p12-password-env``,
    ``--ca``. Paths are made absolute, so a program or a saved setting works from anywhere."""
    pem = args.cert is not None or args.key is not None
    p12 = args.p12 is not None
    if pem and p12:
        fail(
            Text(
                "Give --cert and --key, or --p12, not both.", "请只给出 --cert 与 --key，或 --p12。"
            ),
            lang,
            2,
        )
    if pem and (args.cert is None or args.key is None):
        fail(Text("--cert and --key go together.", "--cert 与 --key 必须同时给出。"), lang, 2)
    if args.key_password_env is not None and not pem:
        fail(
            Text(
                "--key-password-env needs --cert and --key.",
                "--key-password-env 需要 --cert 与 --key。",
            ),
            lang,
            2,
        )
    if p12 and args.p12_password_env is None:
        fail(
            Text(
                "--p12 needs --p12-password-env NAME (the variable holding its password).",
                "--p12 需要 --p12-password-env NAME（存放其密码的环境变量）。",
            ),
            lang,
            2,
        )
    if args.p12_password_env is not None and not p12:
        fail(Text("--p12-password-env needs --p12.", "--p12-password-env 需要 --p12。"), lang, 2)
    if pem:
        tls = TlsConfig(CERT_PEM, cert_path=_absolute(args.cert), key_path=_absolute(args.key))
    elif p12:
        tls = TlsConfig(CERT_P12, p12_path=_absolute(args.p12))
    else:
        tls = TlsConfig(CERT_NONE)
    if args.ca is not None:
        tls = tls._replace(ca_mode=CA_BUNDLE, ca_path=_absolute(args.ca))
    return tls


def stdin_line(what: Text, lang: str) -> str:
    """One line of standard input, strict UTF-8 whatever the locale (a text-mode read raised
    UnicodeDecodeError under a strict locale: exit 70), without its line end."""
    raw = sys.stdin.buffer.readline()
    if not raw:
        fail(Text(f"Expected the {what.en} on standard input.", f"标准输入中应有{what.zh}。"), lang)
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(
            Text(
                f"The {what.en} on standard input is not UTF-8 (byte {exc.start}).",
                f"标准输入中的{what.zh}不是 UTF-8（第 {exc.start} 个字节）。",
            ),
            lang,
        )
    return line.removesuffix("\n").removesuffix("\r")


def from_variable(name: str, what: Text, lang: str, *, may_be_empty: bool = False) -> str:
    """The value of the variable ``name``; ``-`` reads one line of standard input instead.
    Neither may be empty (no secret, token or ticket is), but with ``may_be_empty``: a key or
    PKCS#12 file may have an empty password."""
    if name != "-":
        return variable(name, what, lang, may_be_empty=may_be_empty)
    value = stdin_line(what, lang)
    if not value and not may_be_empty:
        empty = Text(f"The {what.en} on standard input is empty.", f"标准输入中的{what.zh}为空。")
        fail(empty, lang)
    return value


# --- a whole environment: --env NAME, or the flags that describe one --------------------------

ENV_USAGE = (
    "(--env NAME | --api-base URL --app-id A --secret-env NAME (--cert PEM --key PEM "
    "[--key-password-env NAME] | --p12 FILE --p12-password-env NAME) [--ca PEM] [--proxy URL])"
)
_DESCRIBING = ("api_base", "app_id", "cert", "key", "p12", "ca", "proxy")


# the destinations of add_environment_args (and --body-file, --profile-dir) that name files: any
# bytes are fine there (check_text_args); what is signed or sent must be UTF-8
FILE_ARGS = ("cert", "key", "p12", "ca", "body_file", "profile_dir")


def add_environment_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--env", metavar="NAME", help="a saved environment of the profile")
    p.add_argument("--api-base", metavar="URL", help="https://host[:port]")
    p.add_argument("--app-id", metavar="A")
    p.add_argument(
        "--secret-env", metavar="NAME", help="the variable holding the app secret ('-': stdin)"
    )
    p.add_argument("--cert", metavar="PEM", help="client certificate (PEM)")
    p.add_argument("--key", metavar="PEM", help="client private key (PEM)")
    p.add_argument("--key-password-env", metavar="NAME", help="the variable holding its password")
    p.add_argument("--p12", metavar="FILE", help="client certificate and key (PKCS#12)")
    p.add_argument("--p12-password-env", metavar="NAME", help="the variable holding its password")
    p.add_argument("--ca", metavar="PEM", help="the CA that signed the server (default: system)")
    p.add_argument("--proxy", metavar="URL", help="an HTTP proxy, http://host:port")


def environment_from_args(
    args: argparse.Namespace, lang: str, *, need_secret: bool
) -> tuple[EnvironmentConfig, EnvironmentSecrets]:
    """The environment to talk to, and its secrets (from the keyring or from variables only)."""
    if args.env is not None:
        given = [f"--{n.replace('_', '-')}" for n in _DESCRIBING if getattr(args, n) is not None]
        if given:
            fail(
                Text(
                    f"--env uses the saved environment as it is: leave out {', '.join(given)}.",
                    f"--env 按原样使用已保存的环境：请去掉 {'、'.join(given)}。",
                ),
                lang,
                2,
            )
        env, secrets = _saved(args, lang)
    else:
        missing = [
            f for f, v in (("--api-base", args.api_base), ("--app-id", args.app_id)) if not v
        ]
        if need_secret and args.secret_env is None:
            missing.append("--secret-env")
        if missing:
            fail(
                Text(
                    "Give --env NAME, or describe the environment "
                    f"(missing: {', '.join(missing)}).",
                    f"请给出 --env NAME，或描述该环境（缺少：{'、'.join(missing)}）。",
                ),
                lang,
                2,
            )
        check_api_base(args.api_base, lang)
        env = EnvironmentConfig(
            name=args.api_base,
            kind=KIND_CUSTOM,
            api_base=args.api_base.rstrip("/"),
            app_id=args.app_id,
            tls=tls_from_flags(args, lang),
            proxy=args.proxy or "",
        )
        secrets = EnvironmentSecrets()
    # Variables named on the command line win over the keyring (never a value on it).
    if args.secret_env is not None:
        secret = from_variable(args.secret_env, Text("app secret", "应用密钥"), lang)
        secrets = secrets._replace(secret=secret)
    if args.key_password_env is not None:
        what = Text("key password", "私钥密码")
        password = from_variable(args.key_password_env, what, lang, may_be_empty=True)
        secrets = secrets._replace(key_password=password)
    if args.p12_password_env is not None:
        what = Text("PKCS#12 password", "PKCS#12 密码")
        password = from_variable(args.p12_password_env, what, lang, may_be_empty=True)
        secrets = secrets._replace(p12_password=password)
    if need_secret:
        require_secret(env, secrets, lang)
    return env, secrets


def require_secret(env: EnvironmentConfig, secrets: EnvironmentSecrets, lang: str) -> None:
    """Stop when there is no app secret to fetch a token with."""
    if not secrets.secret:
        fail(
            Text(
                f"No app secret for {env.name}: save it in the window, or name the variable "
                "that holds it with --secret-env.",
                f"{env.name} 没有应用密钥：请在窗口中保存，"
                "或用 --secret-env 指定存放它的环境变量。",
            ),
            lang,
        )


def _saved(args: argparse.Namespace, lang: str) -> tuple[EnvironmentConfig, EnvironmentSecrets]:
    from pathlib import Path

    from workbench.store.secrets import SecretStore
    from workbench.store.settings import SettingsStore, default_profile_dir

    if args.profile_dir is not None and not args.profile_dir.strip():
        # an unset $PROFILE in a script: not the user's own profile and keyring entries
        fail(
            Text(
                "--profile-dir needs a folder (it was given empty)",
                "--profile-dir 需要一个文件夹（给出的是空值）。",
            ),
            lang,
            2,
        )
    profile = Path(args.profile_dir) if args.profile_dir else default_profile_dir()
    secrets = SecretStore(profile_dir=profile)  # before the settings are read (see its text)
    settings = SettingsStore(profile)
    for notice in settings.notices:  # a damaged file is set aside on load: say so here, once
        print(f"webank-workbench: note: {notice(lang)}", file=sys.stderr)
    env = settings.environment(args.env)
    if env is None:
        names = ", ".join(e.name for e in settings.environments()) or "-"
        fail(
            Text(
                f"No environment named {args.env!r} in {profile} (saved: {names}).",
                f"{profile} 中没有名为 {args.env!r} 的环境（已保存：{names}）。",
            ),
            lang,
        )
    if env.is_sandbox and not env.api_base.strip():
        # its hosts and certificates exist only while a sandbox runs (the window starts one)
        fail(
            Text(
                "The local sandbox has no fixed address: start one with "
                "'webank-workbench sandbox' and pass the --api-base, --app-id, --secret-env, "
                "--cert, --key and --ca it prints.",
                "本地沙箱没有固定地址：请用“webank-workbench sandbox”启动一个，并传入它输出的 "
                "--api-base、--app-id、--secret-env、--cert、--key 和 --ca。",
            ),
            lang,
        )
    return env, secrets.load(env.name)
