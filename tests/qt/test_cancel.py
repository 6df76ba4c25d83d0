"""Cancel through the Composer controller: a call cancelled before it left sends nothing and
fetches nothing (the failure says "cancelled"), and the next one goes through."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench.client.errors import CANCELLED
from workbench.core.credentials import ManualClock
from workbench.qt.services import AppServices, make_services
from workbench.qt.workers import QUEUE_GENERAL, TaskRunner

POOL_THREADS = 4  # QUEUE_GENERAL's size (workers.py)


@pytest.fixture
def pool_services(
    qapp: Any, qtbot: Any, profile_dir: Path, qt_sandbox: Any, memory_keyring: Any
) -> Iterator[AppServices]:
    svc = make_services(
        profile_dir, clock=ManualClock(1_800_000_000_000), sandbox=qt_sandbox, runner=TaskRunner()
    )
    svc.refresher.stop()
    qtbot.waitUntil(lambda: svc.secrets_ready, timeout=10000)
    yield svc
    svc.shutdown()


def test_a_send_cancelled_before_it_left_sends_and_fetches_nothing(
    qtbot: Any, pool_services: AppServices, qt_sandbox: Any, fetches: Callable[[], int]
) -> None:
    svc = pool_services
    release = threading.Event()
    for _ in range(POOL_THREADS):  # hold every pool thread, so the call waits in the queue
        svc.runner.submit("hold", lambda _c: release.wait(10), queue=QUEUE_GENERAL)
    before_log, before_fetches = len(qt_sandbox.log()), fetches()
    errors: list[Any] = []
    results: list[Any] = []
    done: list[bool] = []
    handle = svc.composer.send(
        "sandbox",
        "echo",
        "{}",
        type_value=None,
        nonce="CancelledNonce0123456789abcdefAB",
        shape=lambda result: result,
        on_result=results.append,
        on_error=errors.append,
        on_finished=lambda: done.append(True),
    )
    assert handle is not None
    handle.cancel()
    release.set()
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    assert results == [] and [e.kind for e in errors] == [CANCELLED]
    assert len(qt_sandbox.log()) == before_log  # nothing reached the sandbox
    assert fetches() == before_fetches
    # the next Send is not affected
    done.clear()
    again = svc.composer.send(
        "sandbox",
        "echo",
        "{}",
        type_value=None,
        nonce="NextNonce0123456789abcdefABCDEFG",
        shape=lambda result: result,
        on_result=results.append,
        on_error=errors.append,
        on_finished=lambda: done.append(True),
    )
    assert again is not None
    qtbot.waitUntil(lambda: bool(done), timeout=15000)
    assert results and results[0].answer.code == "60840000"
