"""The credential book: supersede with overlap, paste, single-use user ticket, notifications."""

from __future__ import annotations

import threading

from workbench.client.book import BookSnapshot, CredentialBook
from workbench.core.credentials import (
    KIND_ACCESS_TOKEN,
    KIND_SIGN_TICKET,
    KIND_USER_TICKET,
    Credential,
    ManualClock,
)


def test_new_sign_ticket_keeps_previous_for_five_minutes() -> None:
    clock = ManualClock()
    book = CredentialBook(clock)
    book.put(Credential(KIND_SIGN_TICKET, "old", clock.now_ms(), 3600))
    clock.advance(60)
    book.put(Credential(KIND_SIGN_TICKET, "new", clock.now_ms(), 3600))
    snap = book.snapshot()
    assert snap.sign_ticket.value == "new" and snap.previous_sign_ticket.value == "old"
    clock.advance(299)
    assert not snap.previous_sign_ticket.expired(clock.now_ms())
    clock.advance(2)
    assert snap.previous_sign_ticket.expired(clock.now_ms())


def test_paste_and_user_ticket_single_use() -> None:
    clock = ManualClock()
    book = CredentialBook(clock)
    pasted = book.paste(KIND_ACCESS_TOKEN, "  tok  ", 100)
    assert pasted.value == "tok" and pasted.pasted
    book.paste(KIND_USER_TICKET, "u", 300)
    assert book.usable(KIND_USER_TICKET) is not None
    book.mark_user_ticket_used()
    assert book.usable(KIND_USER_TICKET) is None
    clock.advance(101)
    assert book.usable(KIND_ACCESS_TOKEN) is None


def test_subscribers_hear_changes_from_other_threads() -> None:
    book = CredentialBook(ManualClock())
    heard: list[BookSnapshot] = []
    unsubscribe = book.subscribe(heard.append)
    threads = [
        threading.Thread(target=book.paste, args=(KIND_SIGN_TICKET, f"t{i}", 10)) for i in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(heard) == 8
    unsubscribe()
    book.clear()
    assert len(heard) == 8 and book.snapshot() == BookSnapshot()
