"""One credential fetch at a time per environment and credential kind (single flight).

Why: the token and the sign ticket are global per app_id, and each fetch kicks out the one
before (PROTOCOL P3). A hundred calls that find the ticket expired at the same moment must
make one fetch, not a hundred that log each other out: the first caller fetches, the others
wait for it and share what it got (its result or its error). A caller whose own ``cancel`` is
set stops waiting; a fetch cancelled by the caller that led it is started again by the next
one waiting, since the others did not ask to cancel.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar, cast

from workbench.client.errors import CancelledByUser, ClientError

T = TypeVar("T")
WAIT_STEP_S = 0.05  # how often a waiter looks at its own cancel


class _Flight:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self.waiters = 0


class SingleFlight:
    """Runs ``fetch`` for a key unless one is already running, whose outcome it then shares."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flights: dict[str, _Flight] = {}

    def waiting(self, key: str) -> int:
        """How many callers wait for the fetch of ``key`` now in flight (0 when none is)."""
        with self._lock:
            flight = self._flights.get(key)
            return flight.waiters if flight is not None else 0

    def run(self, key: str, fetch: Callable[[], T], cancel: threading.Event | None = None) -> T:
        """``fetch()``'s result, or that of the fetch of ``key`` already running (or its error).

        Every caller sharing a key must accept what any fetch of that key returns.
        """
        while True:
            with self._lock:
                flight = self._flights.get(key)
                leader = flight is None
                if flight is None:
                    flight = self._flights[key] = _Flight()
                else:
                    flight.waiters += 1
            if leader:
                return self._lead(key, flight, fetch)
            try:
                self._wait(flight, cancel)
            except CancelledByUser:
                with self._lock:
                    flight.waiters -= 1
                raise
            if isinstance(flight.error, CancelledByUser):
                continue  # the leader's cancel, not ours: fetch again
            if flight.error is not None:
                raise _copy(flight.error)
            return cast(T, flight.result)

    def _lead(self, key: str, flight: _Flight, fetch: Callable[[], T]) -> T:
        try:
            flight.result = fetch()
            return cast(T, flight.result)
        except BaseException as exc:
            flight.error = exc
            raise
        finally:
            with self._lock:
                del self._flights[key]
            flight.done.set()

    @staticmethod
    def _wait(flight: _Flight, cancel: threading.Event | None) -> None:
        if cancel is None:
            flight.done.wait()
            return
        while not flight.done.wait(WAIT_STEP_S):
            if cancel.is_set():
                raise CancelledByUser()


def _copy(error: BaseException) -> BaseException:
    """A fresh error for each waiter: one exception object raised in many threads would share
    (and overwrite) one traceback."""
    if isinstance(error, ClientError) and type(error) is ClientError:
        return ClientError(
            error.kind, error.text, detail=error.detail, record=error.record, answer=error.answer
        )
    return error
