"""``--help`` under ``--lang zh``: every command's help in Chinese, wrapped to the terminal by
the width Chinese takes on screen; English ``--help`` unchanged (it stayed English before)."""

from __future__ import annotations

import argparse
import re
import unicodedata

import pytest

from tests.cli_run import run_inline
from tests.english import english_in_cli_text
from workbench.cli import build_parser
from workbench.cli_help_zh import HELP_ZH, wrap_zh

COMMANDS = [
    [],
    ["sign"],
    ["sign", "check"],
    ["callback"],
    ["callback", "verify"],
    ["callback", "sign"],
    ["callback", "scan"],
    ["codes"],
    ["export"],
    ["check"],
    ["call"],
    ["sandbox"],
    ["conformance"],
    ["conformance", "callback"],
    ["conformance", "client"],
]


def _texts(parser: argparse.ArgumentParser) -> list[str]:
    found = [t for t in (parser.description, parser.epilog) if t]
    found += [g.title for g in parser._action_groups if g.title]
    for action in parser._actions:
        if isinstance(action.help, str) and action.help != argparse.SUPPRESS:
            found.append(action.help)
        if isinstance(action, argparse._SubParsersAction):
            found += [c.help for c in action._choices_actions if c.help]
            for sub in dict.fromkeys(action.choices.values()):
                found += _texts(sub)
    return found


def _columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def test_every_help_text_has_its_chinese() -> None:
    missing = sorted({t for t in _texts(build_parser()) if t not in HELP_ZH})
    assert missing == []


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "top")
def test_chinese_help_is_chinese_and_fits_the_terminal(
    command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    status, out, err = run_inline("--lang", "zh", *command, "--help")
    assert status == 0 and err == ""
    assert out.startswith("用法： webank-workbench")  # the further usage lines stay under it
    body = out.split("\n\n", 1)[1]  # after the usage, which is syntax
    for line in body.splitlines():
        prose = re.sub(r"^\s+[a-z][a-z ]*?(?=\s{2,}|$)", "", line)  # a command word: typed
        assert english_in_cli_text(prose) == [], line
        assert _columns(line) <= 80 or line.lstrip().startswith("-"), line
    assert "选项：" in body  # argparse's own words too, with a full-width colon
    status, english, _ = run_inline(*command, "--help")
    assert status == 0 and english.startswith("usage: webank-workbench")
    assert "用法" not in english and "options:" in english


def test_chinese_is_wrapped_between_characters_and_never_inside_an_option() -> None:
    text = "带时区的时间（单独的 -05:30 要写成 --log-utc-offset=-05:30；默认：本机的时区）"
    for width in (10, 16, 24, 40):
        lines = wrap_zh(text, width)
        assert all(_columns(line) <= width or " " not in line for line in lines), lines
        assert any("--log-utc-offset=-05:30" in line for line in lines), lines
        assert not any(line.startswith(("；", "：", "）", "，")) for line in lines), lines
        assert not any(line.endswith(("（", "“")) for line in lines), lines
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("columns", ["20", "40"])
def test_chinese_help_fits_a_narrow_terminal(columns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    status, out, _ = run_inline("--lang", "zh", "conformance", "client", "--help")
    assert status == 0
    body = out.split("\n\n", 1)[1]
    for line in body.splitlines():
        words = line.split()
        if len(words) == 1 and words[0].isascii():
            continue  # an option or a word longer than the terminal: argparse's own layout
        assert _columns(line) <= int(columns) + 2 or line.lstrip().startswith("-"), line


def test_the_chinese_help_is_not_loaded_by_the_windows_start() -> None:
    """The window starts through cli.py's parser: compiling the help's wrapping patterns at
    import cost it 5 ms (bench_startup.py), on every start."""
    import subprocess
    import sys

    probe = (
        "import sys; from workbench.cli import build_parser; build_parser(window=True); "
        "build_parser(); print('workbench.cli_help_zh' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
