"""What the commands sign or check, read from files, standard input, variables and the arguments
themselves: each problem is one sentence in the user's language (:func:`fail`).

Text that is signed or checked must be UTF-8: a file is read as bytes and decoded strictly, and
an argument or a variable that was not UTF-8 (Python hands such bytes over as lone surrogates)
is refused, since the sign of a lone surrogate is the sign of ``?`` (``core.sign.java_utf8``)
and would silently differ from the one the partner's server computes. A file *path* may be any
bytes the file system allows: it is never signed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from workbench.cli_errors import fail
from workbench.core.os_errors import os_reason
from workbench.core.text import Text, is_utf8

STDIN = Text("standard input", "标准输入")


class Wording(NamedTuple):
    """How a command names a file in its sentences: ``file`` takes ``{path}``; ``unreadable``
    takes ``{name}`` (the file or standard input) and ``{reason}``; ``not_utf8`` takes
    ``{name}``, ``{byte}`` and ``{offset}`` (the first byte that is not UTF-8)."""

    file: Text
    unreadable: Text
    not_utf8: Text


_UNREADABLE = Text("cannot read {name}: {reason}", "无法读取{name}：{reason}。")
NOT_UTF8 = Text(
    "{name} is not valid UTF-8: byte 0x{byte:02X} at offset {offset}",
    "{name}不是有效的 UTF-8：偏移 {offset} 处的字节为 0x{byte:02X}。",
)
# sign, sign check, callback verify
BODY_FILE = Wording(Text("body file {path!r}", "请求体文件“{path}”"), _UNREADABLE, NOT_UTF8)
# callback sign
JSON_FILE = Wording(Text("JSON file {path!r}", "JSON 文件“{path}”"), _UNREADABLE, NOT_UTF8)
# export, call
REQUEST_BODY = Wording(
    Text("the body file {path}", "请求体文件 {path}"),
    Text("Cannot read {name}: {reason}.", "无法读取{name}：{reason}。"),
    Text(
        "The body is not valid UTF-8 (byte 0x{byte:02X} at offset {offset}); the platform "
        "reads UTF-8 only.",
        "请求体不是有效的 UTF-8（偏移 {offset} 处的字节 0x{byte:02X}）；平台只接受 UTF-8。",
    ),
)


def _fill(template: Text, **parts: object) -> Text:
    """``template`` with ``parts`` put in; a :class:`Text` part goes in in each language."""
    en = {k: v.en if isinstance(v, Text) else v for k, v in parts.items()}
    zh = {k: v.zh if isinstance(v, Text) else v for k, v in parts.items()}
    return Text(template.en.format(**en), template.zh.format(**zh))


def read_input(path: str, wording: Wording, lang: str, status: int = 1) -> bytes:
    """The exact bytes of the file ``path`` (``-``: standard input)."""
    name = STDIN if path == "-" else _fill(wording.file, path=path)
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        reason = Text(exc.strerror or type(exc).__name__, os_reason(exc).zh)
    except ValueError:  # a NUL in the path (only from a program: a shell cannot pass one)
        reason = Text("the name holds a NUL character", "名称中含有 NUL 字符")
    fail(_fill(wording.unreadable, name=name, reason=reason), lang, status)


def read_input_text(path: str, wording: Wording, lang: str, status: int = 1) -> str:
    """The file ``path`` (``-``: standard input) as text, strict UTF-8."""
    name = STDIN if path == "-" else _fill(wording.file, path=path)
    return decode(read_input(path, wording, lang, status), name, lang, status, wording.not_utf8)


def decode(data: bytes, name: Text, lang: str, status: int = 1, template: Text = NOT_UTF8) -> str:
    """``data`` as strict UTF-8; the sentence names ``name`` and the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(_fill(template, name=name, byte=data[exc.start], offset=exc.start), lang, status)


def check_text_args(
    args: argparse.Namespace,
    lang: str,
    *,
    paths: Iterable[str] = (),
    flags: Mapping[str, str] | None = None,
) -> None:
    """Refuse (exit 2) an argument that is not valid UTF-8: it arrives with lone surrogates,
    which no sign, platform or terminal takes as they are. ``paths``: the destinations that
    name files (any bytes are fine there); ``flags``: a destination's option when it is not
    ``--dest-name`` (``api_version``: ``--version``)."""
    skip = set(paths)
    for dest, value in sorted(vars(args).items()):
        values = value if isinstance(value, list) else [value]
        if dest in skip or all(is_utf8(v) for v in values if isinstance(v, str)):
            continue
        flag = (flags or {}).get(dest, "--" + dest.replace("_", "-"))
        fail(
            Text(
                f"The value given for {flag} is not valid UTF-8.",
                f"为 {flag} 给出的值不是有效的 UTF-8。",
            ),
            lang,
            2,
        )


def variable(
    name: str, what: Text, lang: str, status: int = 1, *, may_be_empty: bool = False
) -> str:
    """The value of the environment variable ``name`` (``what``: what it holds); not set, or
    set but empty (``export T=`` before the value was filled in): exit ``status``; not UTF-8
    (bytes the system handed over as surrogates): exit 2. No secret, ticket or salt is empty;
    ``may_be_empty`` for a key or PKCS#12 password (a file exported with an empty one)."""
    value = os.environ.get(name)
    if value is None:
        fail(
            Text(
                f"the environment variable {name} (for the {what.en}) is not set",
                f"环境变量 {name}（{what.zh}）未设置。",
            ),
            lang,
            status,
        )
    if value == "" and not may_be_empty:
        fail(
            Text(
                f"the environment variable {name} (for the {what.en}) is empty",
                f"环境变量 {name}（{what.zh}）为空。",
            ),
            lang,
            status,
        )
    if not is_utf8(value):
        fail(
            Text(
                f"the environment variable {name} (for the {what.en}) is not valid UTF-8",
                f"环境变量 {name}（{what.zh}）的值不是有效的 UTF-8。",
            ),
            lang,
            2,
        )
    return value


SALT = Text("salt", "盐值")


def both_on_stdin(what: Text) -> Text:
    """The sentence refusing ``what`` and the salt both on standard input (one stream)."""
    return Text(
        f"the {what.en} and the salt cannot both come from standard input",
        f"{what.zh}和盐值不能都来自标准输入。",
    )


def callback_salt(args: argparse.Namespace, lang: str) -> str:
    """The salt of ``--salt S``, ``--salt -`` (one line of standard input) or ``--salt-env``."""
    if args.salt_env is not None:
        salt = variable(args.salt_env, SALT, lang)
    elif args.salt == "-":
        raw = sys.stdin.buffer.readline()
        if not raw:
            fail(
                Text("expected the salt on standard input, got nothing", "标准输入中没有盐值。"),
                lang,
            )
        where = Text("the salt on standard input", "标准输入中的盐值")
        salt = decode(raw, where, lang).removesuffix("\n").removesuffix("\r")
    else:
        salt = str(args.salt)
    if not salt:  # never sign or check with an empty salt: it is always a mistake
        fail(
            Text(
                "the salt is empty: give the callback salt (each environment has its own)",
                "盐值为空：请给出回调盐值（每个环境各有自己的盐值）。",
            ),
            lang,
        )
    return salt
