"""Spare PySide's source scan of the workbench's own modules (issue 14: start-up).

At every ``import`` statement that names a module it has not seen, PySide reads that module's
source (``inspect.getsource``) to decide whether ``from __feature__ import snake_case``
switching could apply to it: 0 when the text "PySide6" is in it ("uses PySide, no feature"),
-1 otherwise ("ignore in switching"). It keeps the answer in one table,
``shibokensupport.feature.pyside_feature_dict``, and asks only for names not yet in it. The
workbench selects no feature anywhere, so in this process both answers mean the same thing:
every type is seen as Qt names it. Entering 0 for our modules, and for the modules already
imported, therefore changes nothing but the time: some 90 source files not read, about 6 ms of
a 0.17 s start (``bench_startup.py``).

The table is PySide's internals, not its API: when it is missing or not a dict (another PySide
version), this does nothing and PySide reads the sources as before. A frozen bundle has no
sources to read, and PySide's scan of it is already cheap. Names PySide has entered are kept.
"""

from __future__ import annotations

import os
import sys

NO_FEATURE = 0  # PySide's value for "uses PySide, no feature selected"


def own_module_names(root: str, package: str = "workbench") -> list[str]:
    """The dotted names of the package's modules and subpackages, from its folders (no import)."""
    names: list[str] = []
    stack = [(root, package)]
    while stack:
        folder, dotted = stack.pop()
        names.append(dotted)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            stem, dot, suffix = entry.name.partition(".")
            if dot and suffix == "py" and stem.isidentifier() and stem != "__init__":
                names.append(f"{dotted}.{stem}")
            elif (
                not dot
                and entry.name.isidentifier()
                and entry.is_dir()
                and os.path.isfile(os.path.join(entry.path, "__init__.py"))
            ):
                stack.append((entry.path, f"{dotted}.{entry.name}"))
    return names


def spare_source_scan() -> int:
    """Enter the workbench's modules and those already imported in PySide's table; returns how
    many names were entered."""
    if getattr(sys, "frozen", False):
        return 0
    table = getattr(sys.modules.get("shibokensupport.feature"), "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return 0
    root = os.path.dirname(os.path.abspath(__file__))  # workbench/qt
    entered = 0
    for name in [*list(sys.modules), *own_module_names(os.path.dirname(root))]:
        if name not in table:
            table[name] = NO_FEATURE
            entered += 1
    return entered
