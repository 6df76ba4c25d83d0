"""Single flight: many calls on an expired ticket make one token and one ticket fetch (P3, P5).

Each fetch kicks out the one before (PROTOCOL P3), so a fetch per caller would log the callers
out one another. Fetches are counted where they arrive: the sandbox's request log.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from workbench.client.errors import CancelledByUser, ClientError
from workbench.client.flight import SingleFlight
from workbench.client.models import CallResult
from workbench.client.platform import PlatformClient
from workbench.core.credentials import SystemClock
from workbench.core.text import Text

CALLS = 100
TOKEN_PATH = "/api/oauth2/access_token"
TICKET_PATH = "/api/oauth2/api_ticket"


def admin(client: PlatformClient, method: str, route: str) -> Any:
    record, _ = client.send("api", method, f"{client.env.api_base}/_sandbox/{route}")
    assert record.response is not None and record.response.status == 200, record.response
    return json.loads(record.response.body)


def fetches(client: PlatformClient, since_ms: int) -> dict[str, list[str]]:
    """The codes of this app's token and ticket requests logged since ``since_ms``."""
    found: dict[str, list[str]] = {TOKEN_PATH: [], TICKET_PATH: []}
    for e in admin(client, "GET", "log")["entries"]:
        mine = e["query"].get("app_id") == client.env.app_id
        if e["path"] in found and mine and e["time_ms"] >= since_ms:
            found[e["path"]].append(e["code"])
    return found


def call_in_parallel(client: PlatformClient) -> list[CallResult | BaseException]:
    start = threading.Barrier(CALLS)

    def one(i: int) -> CallResult:
        start.wait()
        return client.call("sandbox", "echo", json.dumps({"i": i}))

    with ThreadPoolExecutor(CALLS) as pool:
        futures = [pool.submit(one, i) for i in range(CALLS)]
        return [f.exception() or f.result() for f in futures]


def assert_all_succeeded(results: list[CallResult | BaseException]) -> None:
    failed = [r for r in results if not isinstance(r, CallResult)]
    assert failed == []
    codes = {r.answer.code if r.answer else None for r in results if isinstance(r, CallResult)}
    assert codes == {"60840000"}


def test_100_calls_on_an_expired_ticket_fetch_one_token_and_one_ticket(
    client: PlatformClient,
) -> None:
    client.refresh_all()
    admin(client, "POST", "clock/advance?seconds=3700")  # token and ticket both expire
    since = admin(client, "GET", "clock")["now_ms"]

    results = call_in_parallel(client)

    assert_all_succeeded(results)
    seen = fetches(client, since)
    assert seen == {TOKEN_PATH: ["60850000"], TICKET_PATH: ["60850000"]}


def test_100_calls_refused_with_60841017_refresh_once_for_all(sandbox: Any, account: Any) -> None:
    """The client's clock says the ticket is fine, the platform's says it expired: every call
    gets 60841017, and one refresh serves them all (the token it needs is refreshed once too)."""
    client = PlatformClient(account.env, account.secrets, clock=SystemClock())
    try:
        client.refresh_all()
        admin(client, "POST", "clock/advance?seconds=3700")
        since = admin(client, "GET", "clock")["now_ms"]

        results = call_in_parallel(client)

        assert_all_succeeded(results)
        assert all(isinstance(r, CallResult) and r.retried for r in results)
        seen = fetches(client, since)
        assert seen[TOKEN_PATH] == ["60850000"]
        # one ticket issued; the only other ticket request is the one whose token had expired
        assert seen[TICKET_PATH] in (["60850000"], ["60851004", "60850000"])
    finally:
        client.close()


def wait_until(condition: Any, timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_waiters_share_the_leaders_error_and_a_cancelled_waiter_stops_alone() -> None:
    flight = SingleFlight()
    entered, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def failing() -> int:
        calls.append(1)
        entered.set()
        release.wait(5)
        raise ClientError("platform", Text("The platform said no.", "平台拒绝。"))

    cancel = threading.Event()
    with ThreadPoolExecutor(3) as pool:
        leader = pool.submit(flight.run, "k", failing)
        assert entered.wait(5)
        waiter = pool.submit(flight.run, "k", failing)
        cancelled = pool.submit(flight.run, "k", failing, cancel)
        wait_until(lambda: flight.waiting("k") == 2)
        cancel.set()
        with pytest.raises(CancelledByUser):
            cancelled.result(5)
        assert not leader.done()  # the others' fetch goes on
        assert flight.waiting("k") == 1
        release.set()
        with pytest.raises(ClientError):
            leader.result(5)
        with pytest.raises(ClientError) as info:
            waiter.result(5)
    assert calls == [1]  # one fetch, its error shared
    assert info.value.text.en == "The platform said no."


def test_a_fetch_cancelled_by_its_leader_is_led_again_by_a_waiter() -> None:
    flight = SingleFlight()
    entered, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def leader_fetch() -> str:
        calls.append("leader")
        entered.set()
        release.wait(5)
        raise CancelledByUser()

    def waiter_fetch() -> str:
        calls.append("waiter")
        return "token"

    with ThreadPoolExecutor(2) as pool:
        leader = pool.submit(flight.run, "k", leader_fetch)
        assert entered.wait(5)
        waiter = pool.submit(flight.run, "k", waiter_fetch)
        wait_until(lambda: flight.waiting("k") == 1)
        release.set()
        with pytest.raises(CancelledByUser):
            leader.result(5)
        assert waiter.result(5) == "token"
    assert calls == ["leader", "waiter"]
