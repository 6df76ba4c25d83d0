"""The verifier's verdict banner and the hint shown before anything is pasted.

The banner is the first thing the eye should find: a tinted, bordered strip whose colour says
the verdict (valid / outside the window / mismatch or malformed / checking), taken from the
palette-aware theme colours so it reads on light and dark systems alike.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workbench.core.callback import CallbackVerdict
from workbench.core.codes import PARTNER_CODES
from workbench.core.diagnose import named_slips, salt_is_blamed
from workbench.qt.i18n import pick
from workbench.ui.guide.theme import ERROR, INFO, OK, WARN, status_colour
from workbench.ui.widgets.common import StatusLine

# StatusLine states -> (theme colour kind, mark)
_LOOK = {
    StatusLine.OK: (OK, "✓"),
    StatusLine.FAILED: (ERROR, "✗"),
    StatusLine.WARNING: (WARN, "!"),
    StatusLine.PENDING: (INFO, "…"),
    StatusLine.NONE: (INFO, "ⓘ"),
}


def _mix(a: QColor, b: QColor, share_of_a: float) -> QColor:
    s = share_of_a
    return QColor(
        round(a.red() * s + b.red() * (1 - s)),
        round(a.green() * s + b.green() * (1 - s)),
        round(a.blue() * s + b.blue() * (1 - s)),
    )


class VerdictBanner(QFrame):
    """A mark and one sentence on a background tinted with the verdict's colour.

    Same calls as :class:`StatusLine` (``set_status(state, text)``, ``text()``, ``state``) so
    the verifier can use either; the text is already translated by the caller.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictBanner")
        self.state = StatusLine.NONE
        self._painting = False  # a style sheet change sends PaletteChange: do not recurse
        self.mark = QLabel(self)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.label.setFont(font)
        mark_font = self.mark.font()
        mark_font.setPointSizeF(mark_font.pointSizeF() * 1.6)
        mark_font.setBold(True)
        self.mark.setFont(mark_font)
        row = QHBoxLayout(self)
        pad = self.fontMetrics().height() // 2
        row.setContentsMargins(pad, pad, pad, pad)
        row.setSpacing(pad)
        row.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def set_status(self, state: str, text: str) -> None:
        self.state = state
        self.label.setText(text)
        self._paint()

    def text(self) -> str:
        return self.label.text()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.PaletteChange and not self._painting:
            self._paint()
        super().changeEvent(event)

    def _paint(self) -> None:
        kind, mark = _LOOK.get(self.state, (INFO, ""))
        # the parent's palette: this frame's own is changed by the style sheet set below
        parent = self.parentWidget()
        palette = parent.palette() if parent is not None else QGuiApplication.palette()
        colour = status_colour(kind, palette)
        base = palette.color(QPalette.ColorRole.Base)
        tint = _mix(colour, base, 0.14)
        self.mark.setText(mark)
        sheet = (
            f"QFrame#verdictBanner {{ background: {tint.name()}; border: 1px solid "
            f"{colour.name()}; border-radius: 4px; }}"
            f"QFrame#verdictBanner QLabel {{ color: {colour.name()}; background: transparent; }}"
        )
        if sheet != self.styleSheet():
            self._painting = True
            try:
                self.setStyleSheet(sheet)
            finally:
                self._painting = False


class EmptyHint(QFrame):
    """What the verifier does and an example, with a button that pastes a signed sample.

    Signals:
        sample_requested(): the user asked for the sample callback.
    """

    sample_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.steps = QLabel(self)
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.example_label = QLabel(self)
        self.example = QLabel(self)
        self.example.setWordWrap(True)
        self.example.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sample_button = QPushButton(self)
        self.salt_note = QLabel(self)
        self.salt_note.setWordWrap(True)
        col = QVBoxLayout(self)
        col.addWidget(self.steps)
        col.addWidget(self.example_label)
        col.addWidget(self.example)
        row = QHBoxLayout()
        row.addWidget(self.sample_button)
        row.addWidget(self.salt_note, 1)
        col.addLayout(row)
        self.sample_button.clicked.connect(self.sample_requested)
        self.retranslate()

    def retranslate(self) -> None:
        self.steps.setText(
            self.tr(
                "1. Paste the whole JSON body on the left (Ctrl+V), or open the <i>Fields</i> tab "
                "to check Plain, Signature and Timestamp one by one.<br>"
                "2. Plain is decoded at once; with a salt, the SHA256 Signature and the Timestamp "
                "window are checked too.<br>"
                "3. The verdict appears here, with the code a partner should answer."
            )
        )
        self.example_label.setText(self.tr("A callback body looks like this:"))
        self.example.setText(
            '<code>{"Plain":"%7B%22orderNo%22%3A%22ORD0001%22...%7D", '
            '"Signature":"3f9a…(64 hex)", "Timestamp":"1735689600000", '
            '"transName":"loanResultNotify", "SeqNo":"…"}</code>'
        )
        self.sample_button.setText(self.tr("Try it: paste a sample"))
        self.sample_button.setToolTip(
            self.tr(
                "Fill the body with a sample callback signed just now with the salt chosen above"
            )
        )

    def set_salt_note(self, text: str) -> None:
        self.salt_note.setText(text)

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


SALT_MISSING_TYPED = "typed"  # "Typed salt" is chosen and the field is empty
SALT_MISSING_ENV = "env"  # the active environment has no callback salt


class VerdictWords(QObject):
    """The verifier's headline: what is known, and no more.

    A mismatch says the signature does not match; it blames the salt only when a salt slip is
    what reproduces the signature. Decode-only and a missing salt make no claim on the answer.
    """

    def headline(
        self, v: CallbackVerdict, *, salt_missing: str | None, window_min: int
    ) -> tuple[str, str]:
        codes = set(v.reason_codes)
        age = pick(v.age_text) if v.age_text else ""
        if v.status == "valid":
            return StatusLine.OK, self.tr(
                "Valid: the signature matches and the timestamp is inside the window ({age})."
            ).format(age=age)
        if v.status == "unchecked":
            return StatusLine.WARNING, self._unchecked(salt_missing)
        if "signature_mismatch" in codes:
            return StatusLine.FAILED, self._mismatch(v)
        if v.status == "malformed":
            timing = {"timestamp_outside_window", "timestamp_not_number"}
            problems = [r for r in v.reasons if r.code not in timing] or v.reasons
            what = pick(problems[0].text) if problems else ""
            return StatusLine.FAILED, self.tr("Malformed: {what}").format(what=what)
        if "timestamp_outside_window" in codes:
            return StatusLine.WARNING, self.tr(
                "Timestamp outside the ±{n} min window: {age}."
            ).format(n=window_min, age=age)
        if "timestamp_not_number" in codes:
            return StatusLine.FAILED, self.tr("Timestamp is not a number of milliseconds.")
        first = pick(v.reasons[0].text) if v.reasons else ""
        return StatusLine.FAILED, self.tr("Malformed: {what}").format(what=first)

    def answer(self, v: CallbackVerdict) -> str:
        """The code a partner answers with; none when nothing was checked (decode only)."""
        if v.status == "unchecked":
            return self.tr("The signature was not checked, so no answer code is suggested.")
        code = v.partner_code
        info = next((c for c in PARTNER_CODES if c.code == code), None)
        meaning = pick(info.meaning) if info else ""
        return self.tr("A partner answers {code}: {meaning}").format(code=code, meaning=meaning)

    def _unchecked(self, salt_missing: str | None) -> str:
        if salt_missing == SALT_MISSING_TYPED:
            return self.tr(
                "Type the callback salt above to check the signature. Plain is decoded below."
            )
        if salt_missing == SALT_MISSING_ENV:
            return self.tr(
                "This environment has no callback salt yet: set it, or type one above, to "
                "check the signature. Plain is decoded below."
            )
        return self.tr("Not checked: no salt was chosen. Plain is decoded below.")

    def _mismatch(self, v: CallbackVerdict) -> str:
        if salt_is_blamed(v.diagnostics):
            return self.tr(
                "The signature does not match: it was signed with a different salt (see below)."
            )
        if named_slips(v.diagnostics):
            return self.tr("The signature does not match. A known slip reproduces it (below).")
        return self.tr("The signature does not match. Possible causes are listed below.")
