"""The kick-out policy (PROTOCOL P3) in the Credentials controller, without widgets.

A bank environment pointed at the sandbox (see ``bank_env``) makes every fetch a real request
that the sandbox logs, so "nothing was fetched" is read from the sandbox's own log.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from workbench.client.errors import NO_TICKET, ClientError
from workbench.core.credentials import KIND_ACCESS_TOKEN, KIND_SIGN_TICKET, Credential
from workbench.core.environment import EnvironmentConfig
from workbench.qt.credentials import CHOICE_CANCEL, CHOICE_FETCH, CHOICE_PASTE
from workbench.qt.services import AppServices


class Answers:
    """Stands in for the window's kick-out warning and paste dialog."""

    def __init__(self, services: AppServices, choice: str) -> None:
        self.choice = choice
        self.asked: list[tuple[str, str]] = []
        self.pasted: list[str] = []
        self._services = services
        services.credentials.set_dialogs(self.ask, self.paste)

    def ask(self, env: EnvironmentConfig, kind: str) -> str:
        self.asked.append((env.name, kind))
        return self.choice

    def paste(self, kind: str) -> bool:
        self.pasted.append(kind)
        self._services.credentials.put_pasted(kind, f"PASTED-{kind}", 1200)
        return True


def test_the_sandbox_never_asks(sync_services: AppServices, fetches: Callable[[], int]) -> None:
    answers = Answers(sync_services, CHOICE_CANCEL)
    credentials = sync_services.credentials
    permit = credentials.permit(KIND_SIGN_TICKET)
    assert permit is not None and permit.fetch
    before = fetches()
    credentials.client(permit).call("sandbox", "echo", "{}")
    assert fetches() == before + 2  # token and sign ticket, fetched without a question
    handle = credentials.check_connection(
        fetch_token=True, on_step=lambda _s: None, on_result=lambda _r: None, on_error=print
    )
    assert handle is not None
    assert answers.asked == []


def test_send_on_a_bank_environment_asks_and_cancel_fetches_nothing(
    sync_services: AppServices, bank_env: str, fetches: Callable[[], int]
) -> None:
    answers = Answers(sync_services, CHOICE_CANCEL)
    before = fetches()
    assert sync_services.credentials.permit(KIND_SIGN_TICKET) is None
    assert answers.asked == [(bank_env, KIND_SIGN_TICKET)]
    # and a path that forgot to ask gets a client that cannot fetch on its own
    with pytest.raises(ClientError) as caught:
        sync_services.client().call("sandbox", "echo", "{}")
    assert caught.value.kind == NO_TICKET
    assert fetches() == before


def test_fetch_anyway_fetches_once_then_the_ticket_in_the_book_is_used(
    sync_services: AppServices, bank_env: str, fetches: Callable[[], int]
) -> None:
    answers = Answers(sync_services, CHOICE_FETCH)
    credentials = sync_services.credentials
    before = fetches()
    permit = credentials.permit(KIND_SIGN_TICKET)
    assert permit is not None and permit.fetch
    result = credentials.client(permit).call("sandbox", "echo", "{}")
    assert result.answer is not None and result.answer.code == "60840000"
    assert fetches() == before + 2
    again = credentials.permit(KIND_SIGN_TICKET)
    assert again is not None and not again.fetch
    credentials.client(again).call("sandbox", "echo", "{}")
    assert fetches() == before + 2
    assert len(answers.asked) == 1


def test_paste_instead_uses_the_pasted_ticket_and_fetches_nothing(
    sync_services: AppServices, bank_env: str, fetches: Callable[[], int]
) -> None:
    answers = Answers(sync_services, CHOICE_PASTE)
    before = fetches()
    permit = sync_services.credentials.permit(KIND_SIGN_TICKET)
    assert permit is not None and not permit.fetch
    assert answers.pasted == [KIND_SIGN_TICKET]
    ticket = sync_services.book().usable(KIND_SIGN_TICKET)
    assert ticket is not None and ticket.pasted
    assert fetches() == before


@pytest.mark.parametrize("choice", [CHOICE_CANCEL, CHOICE_FETCH])
def test_check_connection_with_a_token_asks_first(
    sync_services: AppServices, bank_env: str, fetches: Callable[[], int], choice: str
) -> None:
    answers = Answers(sync_services, choice)
    before = fetches()
    steps: list[object] = []
    handle = sync_services.credentials.check_connection(
        fetch_token=True, on_step=steps.append, on_result=lambda _r: None, on_error=print
    )
    assert answers.asked == [(bank_env, KIND_ACCESS_TOKEN)]
    if choice == CHOICE_CANCEL:
        assert handle is None and steps == []
        assert fetches() == before
    else:
        assert handle is not None and steps
        assert fetches() == before + 1  # the token


def test_check_connection_without_a_token_does_not_ask(
    sync_services: AppServices, bank_env: str, fetches: Callable[[], int]
) -> None:
    answers = Answers(sync_services, CHOICE_CANCEL)
    before = fetches()
    handle = sync_services.credentials.check_connection(
        fetch_token=False, on_step=lambda _s: None, on_result=lambda _r: None, on_error=print
    )
    assert handle is not None and answers.asked == []
    assert fetches() == before


def _due_credentials(services: AppServices) -> None:
    """A token and ticket fetched 25 minutes ago: the automatic refresh is due (20 minutes)."""
    received = services.credential_clock().now_ms() - 25 * 60 * 1000
    for kind in (KIND_ACCESS_TOKEN, KIND_SIGN_TICKET):
        services.book().put(
            Credential(kind=kind, value=f"OLD-{kind}", received_ms=received, expire_in_s=7200)
        )


def test_the_automatic_refresh_asks_and_cancel_waits_an_interval(
    sync_services: AppServices, bank_env: str, fetches: Callable[[], int]
) -> None:
    answers = Answers(sync_services, CHOICE_CANCEL)
    refresher = sync_services.refresher
    refresher.set_auto_enabled(True)
    _due_credentials(sync_services)
    before = fetches()
    refresher._on_timer_timeout()
    refresher._on_timer_timeout()  # the next tick does not ask again
    assert answers.asked == [(bank_env, KIND_ACCESS_TOKEN)]
    assert fetches() == before
    assert sync_services.book().snapshot().access_token.value == f"OLD-{KIND_ACCESS_TOKEN}"


def test_a_no_for_one_environment_does_not_hold_back_another(
    sync_services: AppServices, bank_env: str
) -> None:

    answers = Answers(sync_services, CHOICE_CANCEL)
    refresher = sync_services.refresher
    refresher.set_auto_enabled(True)
    _due_credentials(sync_services)
    refresher._on_timer_timeout()  # "no" for the first bank environment
    other = sync_services.active_environment()._replace(name="Second bank")
    sync_services.add_environment(other, sync_services.secrets_for(bank_env))
    sync_services.set_active_environment(other.name)
    refresher.set_auto_enabled(True)
    _due_credentials(sync_services)
    refresher._on_timer_timeout()  # its own question, not silenced for 20 minutes
    assert answers.asked == [(bank_env, KIND_ACCESS_TOKEN), (other.name, KIND_ACCESS_TOKEN)]


def test_the_automatic_refresh_fetches_after_fetch_anyway(
    sync_services: AppServices, bank_env: str, fetches: Callable[[], int]
) -> None:
    answers = Answers(sync_services, CHOICE_FETCH)
    refresher = sync_services.refresher
    refresher.set_auto_enabled(True)
    _due_credentials(sync_services)
    before = fetches()
    refresher._on_timer_timeout()
    assert len(answers.asked) == 1
    assert fetches() == before + 2  # token and sign ticket together
    assert not refresher.refresh_due()


def test_without_the_window_s_question_nothing_is_fetched(
    sync_services: AppServices, bank_env: str, fetches: Callable[[], int]
) -> None:
    before = fetches()
    assert sync_services.credentials.permit(KIND_SIGN_TICKET) is None
    assert sync_services.credentials.ask() == CHOICE_CANCEL
    assert fetches() == before
