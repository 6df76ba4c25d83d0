"""The window's own options take a short path (no command parsers built): same answers."""

from __future__ import annotations

from typing import Any

import pytest

from workbench import cli
from workbench.cli_window import window_namespace


@pytest.mark.parametrize(
    "argv",
    [["--lang", "fr"], ["--lang=fr"], ["--smoke-test", "--lang", "xx"]],
)
def test_a_bad_window_option_is_refused_in_one_line(argv: list[str], capsys: Any) -> None:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'fr'" in err or "invalid choice: 'xx'" in err
    assert "Traceback" not in err


def test_the_window_options_open_the_window_and_commands_still_parse(
    monkeypatch: Any, capsys: Any
) -> None:
    opened: list[Any] = []
    monkeypatch.setattr(cli, "_cmd_gui", lambda args: opened.append(args) or 0)
    assert cli.main(["--profile-dir", "/tmp/x", "--lang", "zh", "--smoke-test"]) == 0
    (args,) = opened
    assert (args.profile_dir, args.lang, args.smoke_test) == ("/tmp/x", "zh", True)
    # a value missing, or a command: the full parser answers as before
    assert cli.main(["--profile-dir"]) == 2
    assert "expected one argument" in capsys.readouterr().err
    assert cli.main(["codes", "60840002"]) == 0
    assert opened == [args]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--lang", "en"],
        ["--lang=zh"],
        ["--profile-dir", "/tmp/a b"],
        ["--profile-dir=/tmp/x=y", "--smoke-test"],
        ["--smoke-test", "--lang", "zh", "--profile-dir", "~/p"],
        ["--lang", "en", "--lang", "zh"],  # the last one wins, as in argparse
    ],
)
def test_the_window_options_read_by_hand_are_what_argparse_reads(argv: list[str]) -> None:
    by_hand = window_namespace(argv, cli._cmd_gui)
    assert by_hand is not None
    assert vars(by_hand) == vars(cli.build_parser(window=True).parse_args(argv))


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--profile-dir", "--lang", "en"], "expected one argument"),
        (["--lang", "--smoke-test"], "expected one argument"),
    ],
)
def test_what_the_short_path_cannot_judge_gets_argparse_s_answer(
    argv: list[str], said: str, capsys: Any
) -> None:
    assert window_namespace(argv, cli._cmd_gui) is None
    assert cli.main(argv) == 2
    assert said in capsys.readouterr().err


def test_an_empty_profile_folder_is_refused_not_taken_as_the_current_one(
    capsys: Any,
) -> None:
    assert cli.main(["--profile-dir="]) == 2
    assert "--profile-dir needs a folder" in capsys.readouterr().err
    assert cli.main(["--profile-dir", " "]) == 2
