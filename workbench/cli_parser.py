"""The command line's argparse parser: a syntax error is one line, in the user's language.

argparse writes its errors in English (its own gettext catalogue is rarely installed). With
``--lang zh`` the usual ones are put into Chinese here; the ``webank-workbench: error:`` prefix
stays as it is, since scripts look for it. A message not listed stays as argparse wrote it.

The language has to be known before argparse reads ``--lang`` (a syntax error may come first),
so :func:`lang_in_argv` looks for it in the words as given, and :func:`parser_class` gives the
parser class that speaks it (subparsers inherit the class).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

_TYPES_ZH = {"int": "整数", "float": "数字"}
# argparse 3.11 to 3.13 (Lib/argparse.py): the message, and its Chinese. {rest} is put into
# Chinese in turn; {type} is argparse's type name.
_ZH = (
    (r"the following arguments are required: (?P<x>.*)", "缺少必需的参数：{x}"),
    (r"one of the arguments (?P<x>.*) is required", "必须给出以下参数之一：{x}"),
    (r"unrecognized arguments: (?P<x>.*)", "无法识别的参数：{x}"),
    (r"invalid choice: (?P<x>.*) \(choose from (?P<c>.*)\)", "无效的选择：{x}（可选：{c}）"),
    (r"invalid (?P<type>\w+) value: (?P<x>.*)", "无效的{type}值：{x}"),
    (r"not allowed with argument (?P<x>.*)", "不能与参数 {x} 同时使用"),
    (r"expected one argument", "需要一个值"),
    (r"expected at most one argument", "最多需要一个值"),
    (r"expected at least one argument", "至少需要一个值"),
    (r"expected (?P<n>\d+) arguments?", "需要 {n} 个值"),
    (r"ambiguous option: (?P<x>\S+) could match (?P<c>.*)", "选项 {x} 有歧义，可以是：{c}"),
    (r"ignored explicit argument (?P<x>.*)", "此选项不接受值，忽略了 {x}"),
    (r"argument (?P<arg>[^ ]+): (?P<rest>.*)", "参数 {arg}：{rest}"),
)


def usage_zh(message: str) -> str:
    """argparse's ``message`` in Chinese, when it is one of the usual ones."""
    for pattern, chinese in _ZH:  # compiled on use (re caches them): an error is rare
        found = re.fullmatch(pattern, message, re.S)
        if found:
            parts = found.groupdict()
            if "rest" in parts:
                parts["rest"] = usage_zh(parts["rest"])
            if "type" in parts:
                parts["type"] = _TYPES_ZH.get(parts["type"], "")  # "port": no Chinese name
            return chinese.format(**parts)
    return message


class Parser(argparse.ArgumentParser):
    """argparse, but a syntax error is one line (plus a pointer to --help), not a usage block."""

    lang = "en"

    def error(self, message: str) -> NoReturn:
        if self.lang == "zh":
            line = f"{self.prog}: error: {usage_zh(message)}（参见 {self.prog} --help）"
        else:
            line = f"{self.prog}: error: {message} (see {self.prog} --help)"
        sys.stderr.write(line + "\n")
        raise SystemExit(2)


class ChineseParser(Parser):
    """The parser under ``--lang zh``: its errors, and its ``--help`` (cli_help_zh.py), in
    Chinese. Nothing of the help's translation is loaded until help is asked for: the wrapping
    patterns alone took 5 ms to compile, on every start of the window."""

    lang = "zh"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _chinese_formatter)
        super().__init__(*args, **kwargs)

    def format_help(self) -> str:
        from workbench.cli_help_zh import help_zh, translate_help  # on use: only --help

        translate_help(self)
        return help_zh(super().format_help())

    def format_usage(self) -> str:
        from workbench.cli_help_zh import usage_zh

        return usage_zh(super().format_usage())


def _chinese_formatter(prog: str) -> argparse.HelpFormatter:
    """argparse's ``formatter_class``, called with the program's name when help is formatted."""
    from workbench.cli_help_zh import ChineseHelpFormatter

    return ChineseHelpFormatter(prog)


def parser_class(lang: str) -> type[Parser]:
    return ChineseParser if lang == "zh" else Parser


# The options of the program itself (before a command word), as cli.py's parser defines them;
# the first two take a value. tests/test_cli_bytes_and_words.py holds the two lists together.
TOP_OPTIONS = ("--profile-dir", "--lang", "--version", "--smoke-test")
_VALUED = TOP_OPTIONS[:2]


def _top_option(word: str) -> str | None:
    """The program option ``word`` names, completing a unique prefix as argparse does."""
    name = word.split("=", 1)[0]
    if not name.startswith("--") or len(name) < 3:
        return None
    found = [option for option in TOP_OPTIONS if option.startswith(name)]
    return found[0] if len(found) == 1 else None


def lang_in_argv(argv: list[str]) -> str:
    """The language ``--lang`` asks for in ``argv`` (``en`` without one), before parsing, as
    argparse will read it: before the command word, any unique prefix (``--lan zh``), the last
    one given winning. After the command word ``--lang`` is not the program's: not read."""
    lang = "en"
    words = iter(argv)
    for word in words:
        if word == "--" or not word.startswith("-"):
            break  # the command (or the end of the options): its own words follow
        option = _top_option(word)
        if option not in _VALUED:
            continue
        value = word.split("=", 1)[1] if "=" in word else next(words, "")
        if option == "--lang":
            lang = "zh" if value == "zh" else "en"
    return lang
