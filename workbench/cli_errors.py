"""The command line's one error type, in a module of its own so that the command modules
(``cli_*.py``) can raise it without importing :mod:`workbench.cli`, which imports them (no
import cycle)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:  # not imported at run time: this module is on the window's start-up path
    from workbench.core.text import Text


class CliError(Exception):
    """A problem with what the user asked for: printed as one line, exit status ``status``."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


# callback verify and callback scan: 1 is a verdict there (a callback is not valid), so a check
# that could not run at all (a file, a folder or a variable missing or unreadable) exits 3
CANNOT_CHECK = 3


def fail(text: Text, lang: str, status: int = 1) -> NoReturn:
    """Stop with one sentence in the user's language (the command line prints it)."""
    raise CliError(text(lang), status)


__all__ = ["CANNOT_CHECK", "CliError", "fail"]
