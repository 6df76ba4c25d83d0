"""Icons drawn from the hand-written SVGs in ``resources/icons``, tinted to follow the palette.

The tab and action SVGs draw with ``currentColor``; QtSvg does not know the widget's text colour,
so the colour is put into the SVG text before rendering. That keeps one set of files readable on
light and dark palettes. The application icon keeps its own colours.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPalette, QPixmap

from workbench.paths import resource

if TYPE_CHECKING:
    from PySide6.QtGui import QPainter

ICON_NAMES = (
    "app",
    "environment",
    "tokens",
    "composer",
    "files",
    "callbacks",
    "send",
    "copy",
    "refresh",
    "help",
    "sandbox",
)
TAB_ICONS = ("environment", "tokens", "composer", "files", "callbacks")  # tab index order
_SIZES = (16, 20, 24, 32, 48, 64, 128, 256)
# A tab bar never draws an icon above 48 px (HiDPI included): larger sizes are not offered.
_TAB_SIZES = (16, 20, 24, 32, 48)


def _text_colour() -> QColor:
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return app.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
    return QColor(0x80, 0x80, 0x80)  # Qt.GlobalColor.darkGray (no Qt namespace: widgets/early.py)


def _disabled_colour() -> QColor:
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return app.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    return QColor(0xA0, 0xA0, 0xA4)  # Qt.GlobalColor.gray


@cache
def svg_text(name: str) -> str:
    """The SVG source of ``name`` (``""`` when the file is missing: a blank icon, no crash)."""
    path = resource("icons", f"{name}.svg")
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _render(svg: str, size: int) -> QPixmap:
    pixmap = QPixmap(QSize(size, size))
    pixmap.fill(QColor(0, 0, 0, 0))  # transparent
    from PySide6.QtSvg import QSvgRenderer  # at the first paint: its library costs 1 ms

    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if renderer.isValid():
        from PySide6.QtGui import QPainter  # at the first paint: its type costs start-up time

        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
    return pixmap


def pixmap(name: str, size: int, colour: QColor | None = None) -> QPixmap:
    """One rendering of ``name``; ``colour`` replaces ``currentColor`` (default: text colour)."""
    tint = (colour or _text_colour()).name()
    return _render(svg_text(name).replace("currentColor", tint), size)


class _TintedSvg(QIconEngine):
    """Draws an SVG at the size and mode asked for, when first asked (then keeps the pixmap).

    Why not a QIcon filled with every size up front: that was 16 renderings for the
    application icon and 50 for the tabs before the first paint; a tab bar asks for one."""

    def __init__(self, svg: str, normal: str, disabled: str, sizes: tuple[int, ...]) -> None:
        super().__init__()
        self._svg, self._normal, self._disabled, self._sizes = svg, normal, disabled, sizes
        self._made: dict[tuple[int, bool], QPixmap] = {}

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:  # Qt's name
        side = max(1, min(size.width(), size.height()))
        grey = mode == QIcon.Mode.Disabled
        made = self._made.get((side, grey))
        if made is None:
            tint = self._disabled if grey else self._normal
            made = self._made[(side, grey)] = _render(self._svg.replace("currentColor", tint), side)
        return made

    def paint(  # Qt's name
        self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State
    ) -> None:
        painter.drawPixmap(rect, self.pixmap(rect.size(), mode, state))

    def availableSizes(  # Qt's name
        self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        return [QSize(side, side) for side in self._sizes]

    def clone(self) -> QIconEngine:  # Qt's name
        return _TintedSvg(self._svg, self._normal, self._disabled, self._sizes)


def icon(name: str, colour: QColor | None = None, sizes: tuple[int, ...] = _SIZES) -> QIcon:
    """A QIcon for ``name`` (see :data:`ICON_NAMES`) at the usual sizes, normal and disabled,
    each drawn when first shown.

    Call it again after a palette change to get the new tint (the window does so on
    ``QEvent.PaletteChange``).
    """
    svg = svg_text(name)
    if not svg:
        return QIcon()
    normal = (colour or _text_colour()).name()
    return QIcon(_TintedSvg(svg, normal, _disabled_colour().name(), sizes))


def tab_icon(index: int) -> QIcon:
    """The icon of tab ``index`` (0 Environment, 1 Tokens, 2 Composer, 3 Files, 4 Callbacks)."""
    return icon(TAB_ICONS[index], sizes=_TAB_SIZES) if 0 <= index < len(TAB_ICONS) else QIcon()


def apply_tab_icons(tabs: object) -> None:
    """Give each tab of a QTabWidget its icon (by position, see :data:`TAB_ICONS`)."""
    count = getattr(tabs, "count", lambda: 0)()
    for index in range(min(count, len(TAB_ICONS))):
        tabs.setTabIcon(index, tab_icon(index))  # type: ignore[attr-defined]
