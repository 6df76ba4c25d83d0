"""Damaged profile files are kept, never overwritten: ``<name>.broken-<timestamp>``.

A user who finds their environments gone must be able to get them back from the copy, and a
second damage must not destroy the first copy. So the name carries the time, and a number is
added when two copies would get the same name (two damages within one second).
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def aside_name(path: Path, *, now: float | None = None) -> Path:
    """A free ``<name>.broken-<YYYYmmdd-HHMMSS>[-n]`` beside ``path`` (nothing is moved)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() if now is None else now))
    candidate = path.with_name(f"{path.name}.broken-{stamp}")
    n = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.name}.broken-{stamp}-{n}")
        n += 1
    return candidate


def set_aside(path: Path, *, now: float | None = None) -> Path:
    """Move ``path`` (a file or a folder) to a fresh ``.broken-<timestamp>`` name; returns it.

    Raises :class:`OSError` when it cannot be moved (the caller says so to the user).
    """
    target = aside_name(path, now=now)
    os.rename(path, target)  # same folder: atomic, and never replaces (target was free)
    return target


def copy_aside(path: Path, text: str, *, now: float | None = None) -> Path:
    """Write ``text`` (a damaged part of a file that is otherwise kept) to a fresh copy."""
    target = aside_name(path, now=now)
    with open(target, "x", encoding="utf-8") as fh:  # "x": never overwrite a copy
        fh.write(text)
    return target
