"""The command line's one error type, in a module of its own so that the command modules
(``cli_*.py``) can raise it without importing :mod:`workbench.cli`, which imports them (no
import cycle)."""

from __future__ import annotations


class CliError(Exception):
    """A problem with what the user asked for: printed as one line, exit status ``status``."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


__all__ = ["CliError"]
