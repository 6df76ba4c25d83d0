"""One row of the tokens board: a token or ticket with its countdown (PROTOCOL P2, P3).

Validity counts from ``expire_in`` and the local arrival time; the server's ``expire_time`` and
the clock skew from ``transactionTime`` are shown beside it, never used for the countdown.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QWidget

from workbench.core.credentials import Credential, format_countdown
from workbench.ui.widgets.common import (
    ERROR_COLOUR,
    OK_COLOUR,
    WARN_COLOUR,
    MaskedValue,
    refresh_guide_tooltip,
    set_guide_tooltip,
)

WARN_UNDER_S = 5 * 60  # amber under five minutes (the tokens tab's brief)

# the guide's field describing each row (workbench.core.fields)
GUIDE_FIELD = {"previous_sign_ticket": "sign_ticket"}

STATE_EMPTY = "empty"
STATE_OK = "ok"
STATE_WARN = "warn"
STATE_EXPIRED = "expired"
STATE_USED = "used"


def format_local(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M:%S")


class CredentialRow(QWidget):
    """Masked value, issue time, server expiry, live countdown with a coloured bar, skew."""

    def __init__(self, title_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_key = title_key
        self.credential: Credential | None = None
        self.state = STATE_EMPTY
        self._painted: tuple[str, str] | None = None  # (colour, state) of the style sheets
        self._now_ms = 0
        self.title = QLabel(self)
        self.value = MaskedValue(self)
        self.issued = QLabel(self)
        self.server_expiry = QLabel(self)
        self.countdown = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(self.fontMetrics().height() // 2 + 2)
        self.skew = QLabel(self)
        self.badge = QLabel(self)
        for label in (self.issued, self.server_expiry, self.skew):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # the countdown column keeps its width when empty, so every row's value ends in line
        bold = self.countdown.font()
        bold.setBold(True)
        width = (
            QFontMetrics(bold).horizontalAdvance("00:00:00") + self.fontMetrics().averageCharWidth()
        )
        self.countdown.setMinimumWidth(width)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.value, 0, 1, 1, 3)
        grid.addWidget(self.countdown, 0, 4)
        grid.addWidget(self.badge, 0, 5)
        grid.addWidget(self.bar, 1, 1, 1, 5)
        grid.addWidget(self.issued, 2, 1)
        grid.addWidget(self.server_expiry, 2, 2)
        grid.addWidget(self.skew, 2, 3, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 1)
        field = GUIDE_FIELD.get(title_key, title_key)
        set_guide_tooltip(self.value.field, field, self.title)
        set_guide_tooltip(self.server_expiry, "expire_time", extra=self._expire_raw)
        self.retranslate()

    def _expire_raw(self) -> str:
        """The server's expire_time as it came, shown above the guide's line."""
        cred = self.credential
        return cred.expire_time_raw if cred is not None and cred.expire_time_raw else ""

    def retranslate(self) -> None:
        titles = {
            "access_token": self.tr("Access token"),
            "sign_ticket": self.tr("Sign ticket"),
            "previous_sign_ticket": self.tr("Previous sign ticket"),
            "user_ticket": self.tr("User ticket"),
        }
        self.title.setText(f"<b>{titles.get(self.title_key, self.title_key)}</b>")
        self.value.set_placeholder(self.tr("none yet"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_credential(self, credential: Credential | None, now_ms: int) -> None:
        if credential is not self.credential:
            self.credential = credential
            self.value.set_value(credential.value if credential else "")
        self.tick(now_ms)

    def tick(self, now_ms: int) -> None:
        self._now_ms = now_ms
        self._render()

    def _render(self) -> None:
        cred = self.credential
        if cred is None:
            self.state = STATE_EMPTY
            for label in (self.issued, self.server_expiry, self.skew, self.countdown, self.badge):
                label.setText("")
            self.bar.setRange(0, 1)
            self.bar.setValue(0)
            self._paint("")
            return
        now = self._now_ms
        left = cred.remaining_s(now)
        total = max(1, (cred.expires_ms - cred.received_ms) // 1000)
        if cred.expired(now) and not cred.used:
            # A full red bar: an empty one (0 left) would show only the grey groove.
            self.bar.setRange(0, 1)
            self.bar.setValue(1)
        else:
            self.bar.setRange(0, int(total))
            self.bar.setValue(int(min(left, total)))
        if cred.used:
            self.state = STATE_USED
        elif cred.expired(now):
            self.state = STATE_EXPIRED
        elif left < WARN_UNDER_S:
            self.state = STATE_WARN
        else:
            self.state = STATE_OK
        if self.state == STATE_EXPIRED:
            self.countdown.setText(self.tr("expired"))
        elif self.state == STATE_USED:
            self.countdown.setText(self.tr("used"))
        else:
            self.countdown.setText(format_countdown(left))
        badges = []
        if cred.pasted:
            badges.append(self.tr("pasted"))
        if cred.superseded_ms is not None:
            badges.append(self.tr("superseded: 5-minute overlap"))
        self.badge.setText(" · ".join(badges))
        self.issued.setText(self.tr("Received {time}").format(time=format_local(cred.received_ms)))
        server = cred.server_expire_ms
        if server is not None:
            self.server_expiry.setText(
                self.tr("Server expire_time {time}").format(time=format_local(server))
            )
            refresh_guide_tooltip(self.server_expiry)
        else:
            self.server_expiry.setText(
                self.tr("Server expire_time {raw}").format(raw=cred.expire_time_raw or "—")
            )
        skew = cred.skew_ms
        if skew is None:
            self.skew.setText(self.tr("Clock skew: unknown"))
        elif abs(skew) < 1000:
            self.skew.setText(self.tr("Clock skew: none (server and local agree)"))
        elif skew > 0:
            self.skew.setText(self.tr("Clock skew: server {d} ahead").format(d=self._span(skew)))
        else:
            self.skew.setText(self.tr("Clock skew: server {d} behind").format(d=self._span(-skew)))
        colour = {STATE_OK: OK_COLOUR, STATE_WARN: WARN_COLOUR}.get(self.state, ERROR_COLOUR)
        self._paint(colour)

    def _span(self, ms: int) -> str:
        seconds = round(ms / 1000)
        if seconds < 120:
            return self.tr("{n} s").format(n=seconds)
        if seconds < 2 * 3600:
            return self.tr("{n} min").format(n=round(seconds / 60))
        if seconds < 2 * 86400:
            return self.tr("{n} h").format(n=round(seconds / 3600))
        return self.tr("{n} days").format(n=round(seconds / 86400))

    def title_width(self) -> int:
        return self.title.sizeHint().width()

    def set_title_width(self, width: int) -> None:
        self.title.setMinimumWidth(width)

    def _paint(self, colour: str) -> None:
        # called every second: a style sheet set again re-polishes the widgets, so only on change
        if self._painted == (colour, self.state):
            return
        self._painted = (colour, self.state)
        self.bar.setStyleSheet(
            f"QProgressBar::chunk {{ background-color: {colour}; }}" if colour else ""
        )
        text_colour = colour if self.state in (STATE_EXPIRED, STATE_USED, STATE_WARN) else ""
        self.countdown.setStyleSheet(
            f"color: {text_colour}; font-weight: bold;" if text_colour else "font-weight: bold;"
        )
        self.title.setStyleSheet(f"color: {ERROR_COLOUR};" if self.state == STATE_EXPIRED else "")

    def countdown_text(self) -> str:
        return self.countdown.text()
