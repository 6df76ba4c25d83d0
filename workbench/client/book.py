"""The credentials in hand: access token, sign ticket, the superseded sign ticket, user ticket.

One book per environment, shared by the window's refresher, the composer and the command line;
every change is announced to subscribers (from whichever thread made it), so the window can show
countdowns without polling the network. PROTOCOL P3: a new sign ticket supersedes the previous
one, which stays usable for 5 more minutes; a user ticket is single use.

A client takes the book's :attr:`~CredentialBook.epoch` when it is given its secret, and hands it
back with what it fetched: when the book was cleared since (the secret was replaced, PROTOCOL
P2), the credential was made from the old secret and is not kept, whenever its fetch started.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from workbench.client.flight import SingleFlight
from workbench.core.credentials import (
    KIND_ACCESS_TOKEN,
    KIND_SIGN_TICKET,
    KIND_USER_TICKET,
    Clock,
    Credential,
    SystemClock,
)

KINDS = (KIND_ACCESS_TOKEN, KIND_SIGN_TICKET, KIND_USER_TICKET)


@dataclass(frozen=True)
class BookSnapshot:
    """The book at one moment (immutable: safe to hand to another thread)."""

    access_token: Credential | None = None
    sign_ticket: Credential | None = None
    previous_sign_ticket: Credential | None = None
    user_ticket: Credential | None = None

    def get(self, kind: str) -> Credential | None:
        return {
            KIND_ACCESS_TOKEN: self.access_token,
            KIND_SIGN_TICKET: self.sign_ticket,
            KIND_USER_TICKET: self.user_ticket,
        }.get(kind)


Listener = Callable[[BookSnapshot], None]


class CredentialBook:
    """Thread-safe holder of the current credentials. See the module docstring."""

    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock or SystemClock()
        self._lock = threading.RLock()
        self._snap = BookSnapshot()
        self._listeners: list[Listener] = []
        self._epoch = 0  # one more on every clear of the whole book (a new secret)
        # One fetch per credential kind at a time for this environment, shared by every client
        # that holds this book (workbench.client.flight).
        self.flights = SingleFlight()

    def snapshot(self) -> BookSnapshot:
        with self._lock:
            return self._snap

    def subscribe(self, callback: Listener) -> Callable[[], None]:
        """Call ``callback(snapshot)`` after every change; returns a function that unsubscribes."""
        with self._lock:
            self._listeners.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._listeners:
                    self._listeners.remove(callback)

        return unsubscribe

    @property
    def epoch(self) -> int:
        """Taken by a client when it is given its secret, and given back to :meth:`put`."""
        with self._lock:
            return self._epoch

    def put(self, credential: Credential, *, epoch: int | None = None) -> bool:
        """Store a fetched or pasted credential; a new sign ticket supersedes the current one.

        With ``epoch`` (the :attr:`epoch` the fetching client's secret belongs to), a credential
        made by a client whose secret predates the last clear of the whole book is dropped: it
        was made from the secret that was replaced (PROTOCOL P2). Returns whether it was kept."""
        with self._lock:
            if epoch is not None and epoch != self._epoch:
                return False
            snap = self._snap
            if credential.kind == KIND_ACCESS_TOKEN:
                snap = BookSnapshot(
                    credential, snap.sign_ticket, snap.previous_sign_ticket, snap.user_ticket
                )
            elif credential.kind == KIND_SIGN_TICKET:
                previous = snap.previous_sign_ticket
                current = snap.sign_ticket
                if current is not None and current.value != credential.value:
                    previous = current.superseded(credential.received_ms)
                snap = BookSnapshot(snap.access_token, credential, previous, snap.user_ticket)
            elif credential.kind == KIND_USER_TICKET:
                snap = BookSnapshot(
                    snap.access_token, snap.sign_ticket, snap.previous_sign_ticket, credential
                )
            else:
                raise ValueError(f"unknown credential kind {credential.kind!r}")
            self._snap = snap
        self._notify(snap)
        return True

    def paste(self, kind: str, value: str, expire_in_s: int) -> Credential:
        """A token or ticket pasted in from the partner's own server (PROTOCOL P3): it is used
        as is and never refreshed here, so the partner's server is not kicked out."""
        value = value.strip()
        if not value:
            raise ValueError("empty value")
        credential = Credential(
            kind=kind,
            value=value,
            received_ms=self._clock.now_ms(),
            expire_in_s=int(expire_in_s),
            pasted=True,
        )
        self.put(credential)
        return credential

    def mark_user_ticket_used(self) -> None:
        with self._lock:
            snap = self._snap
            if snap.user_ticket is None or snap.user_ticket.used:
                return
            snap = BookSnapshot(
                snap.access_token,
                snap.sign_ticket,
                snap.previous_sign_ticket,
                snap.user_ticket.mark_used(),
            )
            self._snap = snap
        self._notify(snap)

    def clear(self, kind: str | None = None) -> None:
        """Forget one kind (or everything), e.g. after the secret changed."""
        with self._lock:
            s = self._snap
            if kind is None:
                self._epoch += 1  # fetches under way keep what they fetch out of the book
                snap = BookSnapshot()
            elif kind == KIND_ACCESS_TOKEN:
                snap = BookSnapshot(None, s.sign_ticket, s.previous_sign_ticket, s.user_ticket)
            elif kind == KIND_SIGN_TICKET:
                snap = BookSnapshot(s.access_token, None, None, s.user_ticket)
            else:
                snap = BookSnapshot(s.access_token, s.sign_ticket, s.previous_sign_ticket, None)
            self._snap = snap
        self._notify(snap)

    def usable(self, kind: str) -> Credential | None:
        """The credential of ``kind`` if it can be used now (not expired, not used)."""
        credential = self.snapshot().get(kind)
        if credential is not None and credential.usable(self._clock.now_ms()):
            return credential
        return None

    def _notify(self, snap: BookSnapshot) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(snap)
