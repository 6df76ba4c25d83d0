"""The history's entry type and kinds, for the widgets that list and filter entries.

The store itself (sqlite, off the GUI thread) is reached through :class:`AppServices`;
widgets import these names from here, never from :mod:`workbench.store` (STYLE.md layering).
"""

from __future__ import annotations

from workbench.store.history import (
    KIND_CALL,
    KIND_CALLBACK_IN,
    KIND_CALLBACK_OUT,
    KIND_CREDENTIAL,
    KIND_DOWNLOAD,
    KIND_UPLOAD,
    HistoryEntry,
)

__all__ = [
    "KIND_CALL",
    "KIND_CALLBACK_IN",
    "KIND_CALLBACK_OUT",
    "KIND_CREDENTIAL",
    "KIND_DOWNLOAD",
    "KIND_UPLOAD",
    "HistoryEntry",
]
