"""Widgets only: no HTTP, no hashing, no file I/O (STYLE.md)."""

from workbench.qt import none_guard as _none_guard  # noqa: F401 - PySide6 6.12 on 3.11, see there
