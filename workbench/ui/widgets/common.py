"""Small widgets every tab uses: copy buttons, masked values, status lines, code explanations.

They take their text from callables or :class:`~workbench.core.text.Text` so that they can
re-render themselves when the language changes; none of them knows about the network.
"""

from __future__ import annotations

import types
import weakref
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtGui import QAction, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.credentials import mask
from workbench.core.fields import guide_tooltip
from workbench.core.text import Text
from workbench.qt.i18n import current_language, pick
from workbench.ui.widgets.early import ALIGN_TOP_LEFT, selectable_by_mouse, set_property

# Colours that read on both light and dark palettes (a status is never told by colour alone:
# the ✓/✗ mark carries it too).
OK_COLOUR = "#2e7d32"
WARN_COLOUR = "#b26a00"
ERROR_COLOUR = "#c62828"
_BOLD = "workbenchTintBold"  # a dynamic property: tint() made this widget's text bold


def tint(widget: QWidget, colour: str | None, *, bold: bool = False) -> None:
    """Colour ``widget``'s text (and make it bold) through its palette and font; ``colour``
    None or ``""`` gives the inherited colour back.

    Not a style sheet: a widget's first style sheet makes Qt build a style-sheet style for it and
    re-polish it whenever it is reparented; the seven coloured labels of the first tab cost
    about 10 ms of the window's start-up that way (tests/benchmarks/bench_startup.py).
    The font is touched only to make text bold or to undo that: PySide builds QFont's nine
    enums on its first use, about 1.5 ms, and the first tab's bold warnings start hidden.
    """
    palette = QPalette()  # no role set: each one follows the parent's, but those set below
    if colour:
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
            palette.setColor(role, QColor(colour))
    widget.setPalette(palette)
    if bold or widget.property(_BOLD):
        from PySide6.QtGui import QFont

        font = QFont()  # likewise: nothing set follows the parent (its weight too, when undone)
        if bold:
            font.setBold(True)
        widget.setFont(font)
        widget.setProperty(_BOLD, bold)


def grey_read_only(edits: list[QLineEdit], window: QColor) -> None:
    """Give each read-only line edit of ``edits`` the window's colour as its background (a
    locked field must not look editable), and the others their inherited background."""
    for edit in edits:
        palette = QPalette()
        if edit.isReadOnly():
            palette.setColor(QPalette.ColorRole.Base, window)
        edit.setPalette(palette)


class FitLabel(QLabel):
    """A label on one line when there is room, wrapped onto more lines when there is not.

    A plain word-wrapped QLabel asks for a balanced, nearly square shape and so wraps even a
    short sentence in a wide window; this one asks for its one-line width.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:  # Qt override
        hint = super().sizeHint()
        m = self.contentsMargins()
        one_line = self.fontMetrics().horizontalAdvance(self.text()) + m.left() + m.right()
        one_line += 2 * self.margin() + self.fontMetrics().averageCharWidth() // 2
        return QSize(max(hint.width(), one_line), self.heightForWidth(one_line))


class CopyButton(QToolButton):
    """A small "Copy" button beside a value; says "Copied" for a moment after a click."""

    def __init__(self, get_text: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # a method of the widget that holds the button is held weakly: a strong one would make
        # a cycle that keeps a closed dialog's Python side alive after Qt deleted it
        method = isinstance(get_text, types.MethodType)
        self._get_text: Callable[[], Callable[[], str] | None] = (
            weakref.WeakMethod(get_text) if method else lambda: get_text
        )
        self._copied = False
        self.setAutoRaise(True)
        self.clicked.connect(self._on_clicked)
        self._reset = QTimer(self)
        self._reset.setSingleShot(True)
        self._reset.setInterval(1200)
        self._reset.timeout.connect(self._on_reset_timeout)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.tr("Copied") if self._copied else self.tr("Copy"))
        self.setToolTip(self.tr("Copy to the clipboard"))

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_clicked(self) -> None:
        get_text = self._get_text()
        text = get_text() if get_text is not None else ""
        if not text:
            return
        QGuiApplication.clipboard().setText(text)
        self._copied = True
        self.retranslate()
        self._reset.start()

    def _on_reset_timeout(self) -> None:
        self._copied = False
        self.retranslate()


class MaskedValue(QWidget):
    """A read-only value (token, ticket, secret) shown masked, with Reveal and Copy.

    Copy always copies the real value: the mask protects the screen (and screenshots), not the
    clipboard the user asked for.
    """

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "") -> None:
        super().__init__(parent)
        self._value = ""
        self._revealed = False
        self._placeholder = placeholder
        self.field = QLineEdit(self)
        self.field.setReadOnly(True)
        self.field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.reveal = QToolButton(self)
        self.reveal.setCheckable(True)
        self.reveal.setAutoRaise(True)
        self.reveal.toggled.connect(self._on_reveal_toggled)
        self.copy = CopyButton(lambda: self._value, self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field, 1)
        row.addWidget(self.reveal)
        row.addWidget(self.copy)
        self.set_value("")  # nothing to reveal or copy yet: both start disabled
        self.retranslate()

    def retranslate(self) -> None:
        self.reveal.setText(self.tr("Hide") if self._revealed else self.tr("Reveal"))
        self.reveal.setToolTip(self.tr("Show or hide the full value"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self._render()

    def value(self) -> str:
        return self._value

    def set_value(self, value: str) -> None:
        self._value = value
        self.copy.setEnabled(bool(value))
        self.reveal.setEnabled(bool(value))
        if not value and self.reveal.isChecked():
            self.reveal.setChecked(False)  # the next value starts masked again
        self._render()

    def shown_text(self) -> str:
        return self.field.text()

    def _on_reveal_toggled(self, on: bool) -> None:
        self._revealed = on
        self.retranslate()

    def _render(self) -> None:
        self.field.setPlaceholderText(self._placeholder)
        self.field.setText(self._value if self._revealed else mask(self._value))
        self.field.setCursorPosition(0)


class StatusLine(QWidget):
    """✓ or ✗ (or • while pending) and a plain sentence; colours from a fixed, readable set."""

    OK, FAILED, PENDING, WARNING, NONE = "ok", "failed", "pending", "warning", "none"
    _MARKS = {OK: "✓", FAILED: "✗", PENDING: "…", WARNING: "!", NONE: ""}
    _COLOURS = {OK: OK_COLOUR, FAILED: ERROR_COLOUR, WARNING: WARN_COLOUR}

    def __init__(self, parent: QWidget | None = None, *, reserve_space: bool = False) -> None:
        """``reserve_space``: keep one line's height while empty, so that the controls below
        never jump when a sentence appears or goes (a click aimed at them stays on them)."""
        super().__init__(parent)
        self.state = self.NONE
        self._reserve = reserve_space
        self._text: Text | str | Callable[[], str] = ""
        self.mark = QLabel(self)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        selectable_by_mouse(self.label)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        # the mark stays at the top of a sentence of several lines: the label is as tall as
        # the row and its text sits at its top (not a layout alignment: widgets/early.py)
        set_property(self.mark, "alignment", ALIGN_TOP_LEFT)
        row.addWidget(self.mark)
        row.addWidget(self.label, 1)
        if reserve_space:
            self.setMinimumHeight(self.label.fontMetrics().lineSpacing())
        self._render()  # an empty line starts hidden (it used to show as a blank gap until a
        # language switch hid it, moving everything below)

    def set_status(self, state: str, text: Text | str | Callable[[], str]) -> None:
        """``text``: a Text (re-picked on language change), a callable returning the translated
        sentence (called again on language change: pass ``lambda: self.tr(...)``), or a str."""
        self.state = state
        self._text = text
        self._render()

    def clear(self) -> None:
        self.set_status(self.NONE, "")

    def text(self) -> str:
        return self.label.text()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

    def _render(self) -> None:
        if isinstance(self._text, Text):
            text = pick(self._text)
        elif callable(self._text):
            text = self._text()
        else:
            text = self._text
        self.mark.setText(self._MARKS[self.state])
        colour = self._COLOURS.get(self.state)
        tint(self.mark, colour, bold=bool(colour))
        self.label.setText(text)
        self.setVisible(self._reserve or bool(text) or self.state != self.NONE)


class CodeExplanation(QWidget):
    """What a platform code means and what usually fixes it (PROTOCOL P9, guide section 6)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code = ""
        self._layer: str | None = None
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        selectable_by_mouse(self.label)
        self.label.setForegroundRole(QPalette.ColorRole.WindowText)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.label)
        self.setVisible(False)

    def set_code(self, code: str, layer: str | None = None) -> None:
        self._code = code
        self._layer = layer
        self._render()

    def text(self) -> str:
        return self.label.text()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

    def _render(self) -> None:
        # here, not at the top: the code tables are not needed before the first paint
        from workbench.core.codes import LAYER_NAMES, explain

        infos = explain(self._code, self._layer) if self._code else []
        if not infos:
            self.label.setText(
                self.tr("Code {code} is not in the platform's tables.").format(code=self._code)
                if self._code
                else ""
            )
            self.setVisible(bool(self._code))
            return
        parts = []
        for info in infos:
            line = f"<b>{info.code}</b> ({pick(LAYER_NAMES[info.layer])}): {pick(info.meaning)}"
            cause = pick(info.cause)
            if cause:
                line += "<br>" + self.tr("Usual cause:") + " " + cause
            parts.append(line)
        self.label.setText("<br>".join(parts))
        self.setVisible(True)


# --------------------------------------------------------------------------- guide tooltips
GUIDE_PROPERTY = "guideField"
"""Dynamic property naming the guide field (workbench.core.fields key) a widget shows."""


def shortcut_text(obj: QAction | QAbstractButton) -> str:
    """The native text of an action's or button's shortcut(s), "" when it has none."""
    keys = obj.shortcuts() if isinstance(obj, QAction) else [obj.shortcut()]
    from PySide6.QtGui import QKeySequence  # on use: its type costs start-up time

    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(k.toString(native) for k in keys if not k.isEmpty())


def with_shortcut(text: str, obj: QAction | QAbstractButton) -> str:
    """``text`` followed by the shortcut in brackets ("Send (Ctrl+Return)"): the issue asks for
    every shortcut to be shown in its tooltip, so that the keyboard path can be discovered."""
    keys = shortcut_text(obj)
    return f"{text} ({keys})" if keys else text


def set_shortcut_tooltip(obj: QAction | QAbstractButton, text: str) -> None:
    """Sets the tooltip to ``text`` plus the shortcut; call it again from retranslate()."""
    obj.setToolTip(with_shortcut(text, obj))


class _GuideTipFilter(QObject):
    """Re-applies guide tooltips on LanguageChange, after the widget's own handling.

    The widget handles the event first (its changeEvent may set a tooltip of its own), then the
    guide's line is put back: one filter object serves every widget, so nobody has to remember
    to call anything from their retranslate().
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.LanguageChange and isinstance(watched, QWidget):
            watched.event(event)
            _apply_guide_tooltip(watched)
            return True
        return False


_filter_holder: list[_GuideTipFilter] = []


def _guide_filter() -> _GuideTipFilter:
    if not _filter_holder:
        _filter_holder.append(_GuideTipFilter())
    return _filter_holder[0]


def _form_label(widget: QWidget) -> QLabel | None:
    """The label a form row or a buddy gives ``widget``, if any."""
    parent = widget.parentWidget()
    if parent is None:
        return None
    layouts = parent.findChildren(QFormLayout)
    own = parent.layout()
    if isinstance(own, QFormLayout):
        layouts.insert(0, own)
    for form in layouts:
        label = form.labelForField(widget)
        if isinstance(label, QLabel):
            return label
    for label in parent.findChildren(QLabel):
        if label.buddy() is widget:
            return label
    return None


def _tip_html(text: str) -> str:
    # rich text tooltips wrap; a plain one runs off a small screen with the guide's long lines
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "<qt>" + escaped.replace("\n", "<br>") + "</qt>"


def _apply_guide_tooltip(widget: QWidget) -> None:
    field = widget.property(GUIDE_PROPERTY)
    if not field:
        return
    lang = current_language()
    guide = "\n".join(guide_tooltip(name, lang) for name in str(field).split(","))
    extra = getattr(widget, "_guide_extra", None)
    before = extra() if callable(extra) else ""
    widget.setToolTip(_tip_html(f"{before}\n{guide}" if before else guide))


def set_guide_tooltip(
    widget: QWidget,
    field: str,
    *also: QWidget,
    extra: Callable[[], str] | None = None,
    label: bool = True,
) -> None:
    """Give ``widget`` (and ``also``, and its form label or buddy when ``label``) the guide's
    description of ``field`` as tooltip, in the active language, kept in step with it.

    ``field`` may name several fields, separated by commas ("file,fileName").
    ``extra`` returns a translated sentence shown before the guide's line (a tooltip that
    already explained something useful keeps it): pass ``lambda: self.tr(...)``.
    """
    assert all(guide_tooltip(name) for name in field.split(",")), f"no guide text: {field!r}"
    targets = [widget, *also]
    if label:
        found = _form_label(widget)
        if found is not None and found not in targets:
            targets.append(found)
    for target in targets:
        target.setProperty(GUIDE_PROPERTY, field)
        if extra is not None and target is widget:
            target._guide_extra = extra  # type: ignore[attr-defined]
        if not target.property("guideFilter"):
            target.setProperty("guideFilter", True)
            target.installEventFilter(_guide_filter())
        _apply_guide_tooltip(target)


def refresh_guide_tooltip(widget: QWidget) -> None:
    """Re-applies one widget's guide tooltip (after its ``extra`` text changed)."""
    _apply_guide_tooltip(widget)


def retranslate_guide_tooltips(root: QWidget) -> None:
    """Re-applies every guide tooltip under ``root`` (for code that rebuilt its tooltips)."""
    for widget in [root, *root.findChildren(QWidget)]:
        _apply_guide_tooltip(widget)
