"""One look for light and dark palettes: nothing here hard-codes white or black.

``apply_theme(app)`` only sets what follows the palette: the window icon, before the window is
made; ``apply_code_font(app)`` the fixed-pitch font of code views, which the window sets before it
builds its first tab with one (the Environment tab has none: QFont and QFontDatabase are left
alone until then, as building their enums costs start-up time).

Status colours (ok / warn / error) are picked per palette lightness by :func:`status_colour`, so
a green that reads on white is not used on a dark background.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from workbench.ui.guide.icons import icon

if TYPE_CHECKING:
    from PySide6.QtGui import QFont

OK = "ok"
WARN = "warn"
ERROR = "error"
INFO = "info"

# (on a light background, on a dark background): readable contrast on both
_STATUS = {
    OK: ("#1e7b34", "#6fd08c"),
    WARN: ("#9a6100", "#f2c14e"),
    ERROR: ("#b3261e", "#ff8a80"),
    INFO: ("#1a56c4", "#8ab4f8"),
}
CODE_WIDGETS = ("QPlainTextEdit",)  # request/response bodies, sign strings, logs


def is_dark(palette: QPalette) -> bool:
    """A dark palette is one whose window colour is darker than its text colour."""
    window = palette.color(QPalette.ColorRole.Window).lightnessF()
    text = palette.color(QPalette.ColorRole.WindowText).lightnessF()
    return window < text


def status_colour(kind: str, palette: QPalette | None = None) -> QColor:
    """The colour of a status of ``kind`` (``ok``, ``warn``, ``error``, ``info``) on ``palette``.

    Unknown kinds get the palette's own text colour, never a fixed black.
    """
    if palette is None:
        palette = QGuiApplication.palette()
    pair = _STATUS.get(kind)
    if pair is None:
        return palette.color(QPalette.ColorRole.WindowText)
    return QColor(pair[1] if is_dark(palette) else pair[0])


def monospace_font(point_size: float | None = None) -> QFont:
    """The system's fixed-pitch font at the UI's size (so code and labels line up in height)."""
    from PySide6.QtGui import QFont, QFontDatabase

    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    size = point_size or QApplication.font().pointSizeF()
    if size > 0:
        font.setPointSizeF(size)
    return font


def apply_theme(app: QApplication) -> None:
    """Apply the workbench look to ``app``; safe to call again after a palette change."""
    app.setWindowIcon(icon("app"))
    app.setDesktopFileName("webank-workbench")
    # No app.setPalette(): a palette set here would stop following the system (dark mode).


def apply_code_font(app: QApplication | None = None) -> None:
    """Give code views (:data:`CODE_WIDGETS`) the fixed-pitch font: those made from now on, and
    those already made inside a window (Qt leaves out a top-level one already shown). The
    window sets it before the user can open any. ``app``: the running one by default."""
    app = app if app is not None else QApplication.instance()  # type: ignore[assignment]
    if not isinstance(app, QApplication):
        return
    font = monospace_font()
    for class_name in CODE_WIDGETS:
        # the stubs say bytes, but only a str class name takes effect at run time
        app.setFont(font, class_name)  # type: ignore[arg-type]


def status_style(kind: str, widget: QObject | None = None) -> str:
    """A style sheet fragment colouring a label's text for ``kind`` on the widget's palette."""
    palette = widget.palette() if widget is not None and hasattr(widget, "palette") else None
    return f"color: {status_colour(kind, palette).name()};"
