"""What the sandbox remembers: accounts, issued tokens and tickets, used nonces, its clock and
the request log (PROTOCOL P2, P3, P10).

Tokens, tickets, accounts and the clock offset are written to ``state.json`` in the state folder
on every change (atomically), so that a restarted sandbox still honours what it issued; used nonces
go to ``nonces.log`` beside it (:mod:`workbench.sandbox.nonces`). The request log lives in memory
only. Everything is guarded by one lock: the servers are threaded.
"""

from __future__ import annotations

import json
import math
import secrets
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.credentials import (
    SIGN_TICKET_LIFETIME_S,
    SIGN_TICKET_OVERLAP_S,
    TOKEN_LIFETIME_S,
    USER_TICKET_LIFETIME_S,
    Clock,
    mask,
)
from workbench.core.sign import SOURCE_TYPE, SignResult, SignValue, compute_sign
from workbench.core.text import Text
from workbench.sandbox.nonces import NonceBook

LOG_SIZE = 2000
DEFAULT_BIZ_PATH = "sandbox"
# The clock may run at most this far ahead of the real time (ten years, leap days included):
# enough for every lifetime of the protocol, and far from where dates stop formatting.
MAX_CLOCK_OFFSET_S = 3653 * 86400


class ClockError(ValueError):
    """A clock move that is refused; ``text`` says why in both languages."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def valid_offset_ms(value: object) -> bool:
    """Whether a saved offset can be used (a whole number of ms, 0 to ten years)."""
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and 0 <= value <= MAX_CLOCK_OFFSET_S * 1000
    )


def parse_advance(text: str, offset_ms: int) -> float:
    """Seconds to move the clock forward, from a query value; raises :class:`ClockError`."""
    try:
        seconds = float(text.strip())
    except ValueError:
        raise ClockError(
            Text(f"'{text[:40]}' is not a number of seconds.", f"「{text[:40]}」不是秒数。")
        ) from None
    check_advance(seconds, offset_ms)
    return seconds


def check_advance(seconds: float, offset_ms: int) -> None:
    if not math.isfinite(seconds) or seconds < 0:
        raise ClockError(
            Text(
                "The sandbox clock only moves forward, by a finite number of seconds.",
                "沙箱时钟只能向前拨，且秒数必须是有限的数。",
            )
        )
    if offset_ms + seconds * 1000 > MAX_CLOCK_OFFSET_S * 1000:
        raise ClockError(
            Text(
                "The sandbox clock can run at most 10 years ahead of the real time.",
                "沙箱时钟最多只能比真实时间快 10 年。",
            )
        )


class SandboxClock:
    """The system clock plus an offset that only grows (``advance``), up to ten years.
    Thread-safe."""

    def __init__(self, offset_ms: int = 0) -> None:
        self._lock = threading.Lock()
        self._offset_ms = offset_ms if valid_offset_ms(offset_ms) else 0

    def now_ms(self) -> int:
        with self._lock:
            return time.time_ns() // 1_000_000 + self._offset_ms

    def advance(self, seconds: float) -> None:
        """Move forward; raises :class:`ClockError` (a ValueError) for a refused move."""
        with self._lock:
            check_advance(seconds, self._offset_ms)
            self._offset_ms += int(seconds * 1000)

    @property
    def offset_ms(self) -> int:
        with self._lock:
            return self._offset_ms


class UnmovedClock:
    """``clock`` without what ``advance`` added: the time the sandbox's callbacks carry. Moving
    the clock forward is for watching tokens and tickets expire; a partner's server judges a
    callback's Timestamp on its own, unmoved clock (it answered 0012 to every one after +5 min)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def now_ms(self) -> int:
        return self._clock.now_ms() - int(getattr(self._clock, "offset_ms", 0))


@dataclass
class Issued:
    """A token or ticket the sandbox handed out."""

    value: str
    issued_ms: int
    expires_ms: int
    superseded_ms: int | None = None
    used: bool = False

    def live_until(self) -> int:
        if self.superseded_ms is None:
            return self.expires_ms
        return min(self.expires_ms, self.superseded_ms + SIGN_TICKET_OVERLAP_S * 1000)


@dataclass
class Account:
    app_id: str
    secret: str
    salt: str
    token: Issued | None = None
    sign_tickets: list[Issued] = field(default_factory=list)  # newest last
    user_ticket: Issued | None = None

    def forget_credentials(self) -> None:
        self.token = None
        self.sign_tickets = []
        self.user_ticket = None


# Verdicts of a sign check.
SIGN_OK = "ok"
SIGN_WRONG = "wrong_sign"  # 60841018
SIGN_NO_TICKET = "no_ticket"  # 60841017


@dataclass
class SignCheck:
    """What the sandbox did with a request's sign: shown in the request log."""

    verdict: str
    given_sign: str
    expected_sign: str  # with the current ticket ("" when the app holds no live ticket)
    expected_sign_string_masked: str
    matched: str = ""  # "sign ticket", "previous sign ticket (overlap)", "user ticket"
    note: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class LogEntry:
    """One request as the sandbox saw it."""

    time_ms: int
    host: str  # "api", "file" or "admin"
    method: str
    path: str
    query: dict[str, str]  # the secret masked
    peer: str
    status: int = 0
    code: str = ""
    msg: str = ""
    sign: SignCheck | None = None
    note: str = ""
    # The request target (path and query) exactly as received; "" when the query carries the
    # secret or the access token. Lets a test hold the client's request to what arrived.
    target: str = ""
    body_sha256: str = ""  # of a business call's body as received (PROTOCOL P4 signs its text)
    # the slips behind a refused sign, [{"code", "en", "zh"}] (workbench.conformance.refusals)
    slips: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["sign"] = self.sign.to_dict() if self.sign else None
        return data


def new_token() -> str:
    return secrets.token_hex(32)  # 64 hex, like the guide's sample


def new_ticket() -> str:
    return secrets.token_hex(32)


class SandboxState:
    """Accounts and credentials, with the rules of PROTOCOL P2/P3 applied on the sandbox clock."""

    def __init__(self, path: Path, clock: SandboxClock | None = None) -> None:
        self._path = path
        self._lock = threading.RLock()
        self.accounts: dict[str, Account] = {}
        self._log: deque[LogEntry] = deque(maxlen=LOG_SIZE)
        self.biz_paths: set[str] = {DEFAULT_BIZ_PATH}  # PROTOCOL P6 upload with notice
        offset = self._load()
        self.clock = clock or SandboxClock(offset)
        self._nonces = NonceBook(path.with_name("nonces.log"))
        self._nonces.load(self.clock.now_ms())

    # -- persistence ---------------------------------------------------------------------------
    def _load(self) -> int:
        try:
            data = json.loads(self._path.read_text("utf-8"))
        except (OSError, ValueError, RecursionError):
            return 0
        if not isinstance(data, dict):
            return 0
        accounts = data.get("accounts", [])
        for raw in accounts if isinstance(accounts, list) else []:
            try:
                acc = Account(raw["app_id"], raw["secret"], raw["salt"])
                acc.token = Issued(**raw["token"]) if raw.get("token") else None
                acc.sign_tickets = [Issued(**t) for t in raw.get("sign_tickets", [])]
                acc.user_ticket = Issued(**raw["user_ticket"]) if raw.get("user_ticket") else None
            except (KeyError, TypeError, AttributeError):
                continue
            self.accounts[acc.app_id] = acc
        offset = data.get("clock_offset_ms", 0)
        return offset if valid_offset_ms(offset) else 0  # a bad saved offset never breaks it

    def save(self) -> None:
        with self._lock:
            data = {
                "clock_offset_ms": self.clock.offset_ms,
                "accounts": [asdict(a) for a in self.accounts.values()],
            }
            tmp = self._path.with_name(f".{self._path.name}-{secrets.token_hex(4)}.tmp")
            tmp.write_text(json.dumps(data, indent=1), "utf-8")
            tmp.chmod(0o600)
            tmp.replace(self._path)

    # -- accounts ------------------------------------------------------------------------------
    def add_account(self, app_id: str, secret: str, salt: str) -> None:
        with self._lock:
            acc = self.accounts.get(app_id)
            if acc is None:
                self.accounts[app_id] = Account(app_id, secret, salt)
            else:
                if acc.secret != secret:
                    acc.forget_credentials()  # PROTOCOL P2: a new secret breaks the chain
                acc.secret, acc.salt = secret, salt
            self.save()

    def account(self, app_id: str) -> Account | None:
        with self._lock:
            return self.accounts.get(app_id)

    def rotate_secret(self, app_id: str) -> str:
        """A new secret: the token and every ticket made from it die (PROTOCOL P2, guide 4.6.2)."""
        with self._lock:
            acc = self.accounts[app_id]
            acc.secret = secrets.token_urlsafe(48)[:64]
            acc.forget_credentials()
            self.save()
            return acc.secret

    # -- issuing -------------------------------------------------------------------------------
    def issue_token(self, acc: Account) -> Issued:
        """A new token kicks out the previous one at once (PROTOCOL P3)."""
        with self._lock:
            now = self.clock.now_ms()
            acc.token = Issued(new_token(), now, now + TOKEN_LIFETIME_S * 1000)
            self.save()
            return acc.token

    def issue_sign_ticket(self, acc: Account) -> Issued:
        """A new sign ticket; the previous one lives 5 more minutes (PROTOCOL P3)."""
        with self._lock:
            now = self.clock.now_ms()
            alive = [t for t in acc.sign_tickets if t.live_until() > now]
            for t in alive:
                if t.superseded_ms is None:
                    t.superseded_ms = now
            ticket = Issued(new_ticket(), now, now + SIGN_TICKET_LIFETIME_S * 1000)
            acc.sign_tickets = [*alive, ticket]
            self.save()
            return ticket

    def issue_user_ticket(self, acc: Account) -> Issued:
        """A user ticket: 300 s, single use; a new one replaces the previous at once."""
        with self._lock:
            now = self.clock.now_ms()
            acc.user_ticket = Issued(new_ticket(), now, now + USER_TICKET_LIFETIME_S * 1000)
            self.save()
            return acc.user_ticket

    # -- checking ------------------------------------------------------------------------------
    def token_state(self, acc: Account, token: str) -> str:
        """``ok``, ``expired`` (60851004) or ``invalid`` (60851002)."""
        with self._lock:
            current = acc.token
            if current is None or not _same(current.value, token):
                return "invalid"
            if self.clock.now_ms() >= current.expires_ms:
                return "expired"
            return "ok"

    def check_sign(
        self, acc: Account, given: str, variants: Sequence[Sequence[SignValue]]
    ) -> SignCheck:
        """Try every live ticket of ``acc`` with every accepted list of inputs (PROTOCOL P4).

        A match with the user ticket consumes it (single use, PROTOCOL P3). No live ticket at all
        gives 60841017; live tickets none of which match give 60841018.
        """
        with self._lock:
            now = self.clock.now_ms()
            candidates: list[tuple[str, Issued]] = []
            live_sign = [t for t in acc.sign_tickets if t.live_until() > now]
            for t in reversed(live_sign):
                label = (
                    "sign ticket"
                    if t.superseded_ms is None
                    else ("previous sign ticket (5-minute overlap)")
                )
                candidates.append((label, t))
            user = acc.user_ticket
            if user is not None and not user.used and user.expires_ms > now:
                candidates.append(("user ticket", user))
            first = variants[0]
            shown_ticket = candidates[0][1].value if candidates else ""
            shown: SignResult = compute_sign([*first, SignValue("ticket", shown_ticket)])
            # exactly as the platform compares it: upper-case hex, nothing around it (PROTOCOL
            # P4.4; a lower-case or padded sign is sign check's lower_hex / sign_whitespace slip)
            for label, ticket in candidates:
                for values in variants:
                    result = compute_sign([*values, SignValue("ticket", ticket.value)])
                    if _same(result.sign, given):
                        if ticket is user:
                            user.used = True
                            self.save()
                        return SignCheck(
                            SIGN_OK, given, result.sign, result.masked_sign_string(), label
                        )
            # A call that does not say type=user is signed with the sign ticket: when none is live,
            # that is 60841017 (refresh it), even while a user ticket for an H5 login is live.
            wants_user = any(
                v.source == SOURCE_TYPE and v.text == "user" for values in variants for v in values
            )
            if not candidates:
                note = "the app holds no live ticket (none fetched, expired, used or rotated)"
                return SignCheck(SIGN_NO_TICKET, given, "", shown.masked_sign_string(), note=note)
            if not live_sign and not wants_user:
                note = "the app holds no live sign ticket (none fetched, expired or rotated)"
                return SignCheck(SIGN_NO_TICKET, given, "", shown.masked_sign_string(), note=note)
            live_user = user is not None and not user.used and user.expires_ms > now
            if wants_user and not live_user:  # type=user: the user ticket is the one it needs
                note = "the app holds no live user ticket (none fetched, expired or already used)"
                return SignCheck(SIGN_NO_TICKET, given, "", shown.masked_sign_string(), note=note)
            return SignCheck(
                SIGN_WRONG,
                given,
                shown.sign,
                shown.masked_sign_string(),
                note=f"matches none of the {len(candidates)} live ticket(s)",
            )

    def nonce_seen(self, app_id: str, nonce: str) -> bool:
        with self._lock:
            return self._nonces.seen(app_id, nonce, self.clock.now_ms())

    def use_nonce(self, app_id: str, nonce: str) -> bool:
        """Remember ``nonce``; False when it was seen before for this app (a replay)."""
        with self._lock:
            return self._nonces.use(app_id, nonce, self.clock.now_ms())

    # -- log -----------------------------------------------------------------------------------
    def add_log(self, entry: LogEntry) -> None:
        with self._lock:
            self._log.append(entry)
            self._write_log(entry)

    def _write_log(self, entry: LogEntry) -> None:
        """Append ``entry`` to the state folder's log, for the client kit (best effort: the
        sandbox answers anyway). One generation is kept past the size limit."""
        path = self._path.parent / REQUEST_LOG_FILE
        try:
            if path.exists() and path.stat().st_size > REQUEST_LOG_LIMIT:
                path.replace(path.with_name("requests.1.jsonl"))
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry.to_dict(), ensure_ascii=True) + "\n")
        except (OSError, ValueError, TypeError):
            pass

    def log(self) -> list[LogEntry]:
        with self._lock:
            return list(self._log)


REQUEST_LOG_FILE = "requests.jsonl"  # read by ``conformance client`` (workbench.conformance)
REQUEST_LOG_LIMIT = 20 * 1024 * 1024


def _same(a: str, b: str) -> bool:
    """Constant-time comparison that also takes non-ASCII input (a query can hold anything)."""
    return secrets.compare_digest(a.encode("utf-8"), b.encode("utf-8", "replace"))


def masked_query(query: dict[str, str]) -> dict[str, str]:
    """The query with the secret and the access token masked, for the log."""
    return {k: (mask(v) if k in ("secret", "access_token") else v) for k, v in query.items()}


def raw_target(environ: dict[str, Any], args: Any) -> str:
    """The path and query as they arrived, unless they carry a credential (see LogEntry)."""
    if "secret" in args or "access_token" in args:
        return ""
    return str(environ.get("RAW_URI") or environ.get("REQUEST_URI") or "")
