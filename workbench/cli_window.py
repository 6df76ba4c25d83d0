"""The window's own options on the command line: ``--profile-dir``, ``--lang``, ``--smoke-test``.

:func:`window_only` tells them apart from a command; :func:`window_namespace` reads them by hand,
because building the command parser costs about 3 ms of the window's start-up
(tests/benchmarks/bench_startup.py). What it cannot judge it leaves to argparse, whose messages
users see.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

LANGS = ("en", "zh")


def window_only(argv: list[str]) -> bool:
    """Whether ``argv`` holds only the window's options (it then opens the window)."""
    rest = iter(argv)
    for arg in rest:
        if arg in ("--profile-dir", "--lang"):
            if next(rest, None) is None:
                return False
        elif arg != "--smoke-test" and not arg.startswith(("--profile-dir=", "--lang=")):
            return False
    return True


def window_namespace(argv: list[str], func: Callable[..., int]) -> argparse.Namespace | None:
    """The window's options as argparse would give them (``func`` as ``args.func``); None for
    anything argparse should judge, such as an unknown language or a missing value."""
    found = argparse.Namespace(profile_dir=None, lang=None, smoke_test=False, func=func)
    rest = iter(argv)
    for arg in rest:
        name, eq, value = arg.partition("=")
        if name in ("--profile-dir", "--lang"):
            value = value if eq else next(rest, "")
            if not value or value.startswith("-") or (name == "--lang" and value not in LANGS):
                return None
            setattr(found, name[2:].replace("-", "_"), value)
        elif arg == "--smoke-test":
            found.smoke_test = True
        else:
            return None
    return found
