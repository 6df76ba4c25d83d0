"""Access tokens and tickets on an injected clock (PROTOCOL P2, P3).

Validity is counted from ``expire_in`` and the local moment the answer arrived. The server's
``expire_time`` and ``transactionTime`` are shown, and used only to compute the clock skew
(PROTOCOL P2: "never compute validity from it alone").
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from datetime import tzinfo

# The platform writes yyyyMMddHHmmss in Beijing time (UTC+8, no daylight saving).
BEIJING_UTC_OFFSET_H = 8

KIND_ACCESS_TOKEN = "access_token"
KIND_SIGN_TICKET = "sign_ticket"
KIND_USER_TICKET = "user_ticket"

REFRESH_INTERVAL_S = 20 * 60  # PROTOCOL P3: one single refresher, every 20 minutes
SIGN_TICKET_OVERLAP_S = 5 * 60  # PROTOCOL P3: the previous sign ticket lasts 5 more minutes
TOKEN_LIFETIME_S = 3600
SIGN_TICKET_LIFETIME_S = 3600
USER_TICKET_LIFETIME_S = 300


class Clock(Protocol):
    """Milliseconds since the epoch. Tests and the sandbox pass their own."""

    def now_ms(self) -> int: ...


class SystemClock:
    def now_ms(self) -> int:
        return time.time_ns() // 1_000_000


class ManualClock:
    """A clock that only moves when told to."""

    def __init__(self, start_ms: int = 1_700_000_000_000) -> None:
        self._now = start_ms

    def now_ms(self) -> int:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += int(seconds * 1000)

    def set(self, now_ms: int) -> None:
        self._now = now_ms


def parse_platform_time(text: str | int | None) -> int | None:
    """Epoch ms from either form the platform uses: epoch ms, or ``yyyyMMddHHmmss`` (Beijing).

    Returns ``None`` for anything else (the caller shows the raw text).
    """
    if text is None:
        return None
    s = str(text).strip()
    if not s.isdigit() or not s.isascii():
        return None
    if len(s) == 14 and s[:2] in ("19", "20"):
        from datetime import datetime  # here: not needed before the window's first paint

        try:
            dt = datetime.strptime(s, "%Y%m%d%H%M%S").replace(tzinfo=_beijing())
        except ValueError:
            return None
        return int(dt.timestamp() * 1000)
    if 10 <= len(s) <= 13:
        value = int(s)
        return value * 1000 if len(s) == 10 else value  # 10 digits: seconds
    return None


def format_platform_time(ms: int) -> str:
    """``yyyyMMddHHmmss`` in Beijing time, as the platform writes ``transactionTime``."""
    from datetime import datetime

    return datetime.fromtimestamp(ms / 1000, _beijing()).strftime("%Y%m%d%H%M%S")


def _beijing() -> tzinfo:
    from datetime import timedelta, timezone

    return timezone(timedelta(hours=BEIJING_UTC_OFFSET_H))


class Credential(NamedTuple):
    """A token or ticket, with what the server said and when it arrived here (a value: a
    NamedTuple, as the environment records are, for the window's start-up time)."""

    kind: str  # KIND_*
    value: str
    received_ms: int  # local clock when the answer arrived
    expire_in_s: int  # what counts (PROTOCOL P2)
    expire_time_raw: str = ""  # the server's expire_time, as given
    transaction_time_raw: str = ""  # the server's transactionTime, as given
    pasted: bool = False  # pasted in from the partner's own server instead of fetched (P3)
    used: bool = False  # user tickets are single use (PROTOCOL P3)
    superseded_ms: int | None = None  # when a newer sign ticket replaced this one

    @property
    def expires_ms(self) -> int:
        """Local expiry: arrival plus ``expire_in``. Superseded sign tickets: 5 min overlap."""
        natural = self.received_ms + self.expire_in_s * 1000
        if self.superseded_ms is not None:
            return min(natural, self.superseded_ms + SIGN_TICKET_OVERLAP_S * 1000)
        return natural

    @property
    def server_expire_ms(self) -> int | None:
        return parse_platform_time(self.expire_time_raw)

    @property
    def skew_ms(self) -> int | None:
        """Server clock minus local clock, from ``transactionTime`` (second precision)."""
        server = parse_platform_time(self.transaction_time_raw)
        if server is None:
            return None
        return server - self.received_ms

    def remaining_s(self, now_ms: int) -> float:
        return max(0.0, (self.expires_ms - now_ms) / 1000)

    def expired(self, now_ms: int) -> bool:
        return now_ms >= self.expires_ms

    def refresh_due(self, now_ms: int, interval_s: int = REFRESH_INTERVAL_S) -> bool:
        """Due after the 20-minute policy interval, or when less than that is left."""
        if self.pasted:
            return False
        return now_ms - self.received_ms >= interval_s * 1000 or self.expired(now_ms)

    def usable(self, now_ms: int) -> bool:
        return not self.expired(now_ms) and not (self.kind == KIND_USER_TICKET and self.used)

    def superseded(self, at_ms: int) -> Credential:
        return self._replace(superseded_ms=at_ms)

    def mark_used(self) -> Credential:
        return self._replace(used=True)


def mask(value: str, keep: int = 4) -> str:
    """A token, ticket or secret as screens, logs and history show it: ``abcd…wxyz``."""
    if not value:
        return ""
    if len(value) <= keep * 2:
        return "•" * len(value)
    return f"{value[:keep]}…{value[-keep:]}"


def format_countdown(seconds: float) -> str:
    """``mm:ss`` (``h:mm:ss`` above an hour)."""
    total = max(0, int(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
