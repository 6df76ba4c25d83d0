"""Qt values for the widgets of the first paint, set without PySide's ``Qt`` namespace (issue 14).

The first use of any ``Qt.*`` value makes PySide build the whole namespace at once: 93 Python
enums (``Qt.Key`` alone has some 480 members), about 15 ms of a 0.17 s start, measured with
``bench_startup.py``. So the window's first page does without it: the few values it needs are
written as Qt properties (Qt turns the number into the property's enum, as Designer files do),
item roles are plain numbers (Qt takes an ``int`` there), and what is only needed later, such as
the menus' shortcuts, waits for the first paint (``MainWindow.when_painted``). Everything built
after the first paint may use ``Qt`` freely.

Each number is Qt's own; tests/test_startup_qt_namespace.py checks them against the namespace
and checks that the namespace is still unbuilt when the window is first shown and painted.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

ALIGN_CENTER = 0x0084  # Qt::AlignCenter
ALIGN_TOP_LEFT = 0x0021  # Qt::AlignTop | Qt::AlignLeft
STRONG_FOCUS = 0x000B  # Qt::StrongFocus
TEXT_SELECTABLE_BY_MOUSE = 0x0001  # Qt::TextSelectableByMouse
USER_ROLE = 0x0100  # Qt::UserRole


def set_property(target: QObject, name: str, value: int) -> None:
    """Write a Qt property of an enum type from its number. A name Qt does not declare raises:
    ``setProperty`` would add a dynamic property of that name and change nothing else."""
    meta = target.metaObject()
    index = meta.indexOfProperty(name)
    if index < 0 or not meta.property(index).isWritable() or not target.setProperty(name, value):
        raise ValueError(f"{type(target).__name__} has no writable property {name!r}")


def align_center(target: QObject) -> None:
    set_property(target, "alignment", ALIGN_CENTER)


def strong_focus(target: QObject) -> None:
    """Tab and click give focus, the wheel does not (``Qt.FocusPolicy.StrongFocus``)."""
    set_property(target, "focusPolicy", STRONG_FOCUS)


def selectable_by_mouse(target: QObject) -> None:
    set_property(target, "textInteractionFlags", TEXT_SELECTABLE_BY_MOUSE)
