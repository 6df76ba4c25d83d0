"""Keep ``None`` alive under PySide6 6.12 on Python 3.11.

Measured here (PySide6-Essentials 6.12.0, CPython 3.11.7): every call of a C++ method that
returns ``void`` (``setText``, ``update``, ``setFormats``, ``markContentsDirty``, ...) hands back
``None`` without taking a reference to it, so ``None``'s reference count drops by one per call.
It starts near 5,000; after that many calls CPython aborts with "none_dealloc: deallocating None".
The wheel is built for the stable ABI and behaves as if ``None`` were immortal, which it only is
from Python 3.12 on. Giving ``None`` a very large reference count makes it immortal in practice.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40  # a trillion leaked references before the count could reach zero


def protect_none() -> None:
    """Raise ``None``'s reference count once per process (no-op from Python 3.12)."""
    if sys.version_info >= (3, 12):
        return
    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value < _BOOST:
        count.value += _BOOST


protect_none()
