"""Fuzz the callback listener over loopback HTTP with malformed requests (raw sockets).

    python tests/fuzz/fuzz_listener.py [--count 100000] [--max-seconds 1800] [--workers 6]

Starts its own listener (a salt, a 64 KB body limit), sends ``--count`` mutants of a signed
callback (bodies, framing, heads, garbage: see httpmut.py), and prints the kinds, the statuses,
sample inputs and every failure: an HTTP 500, a whole request left unanswered, an exception that
escaped the listener's handler, or a request the application answered without listing it.
Exit 1 when there was any failure.
"""

from __future__ import annotations

import logging
import random
import sys
import threading
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script: the checkout

from tests.fuzz import fuzzrun
from tests.fuzz.httpmut import Mutant, Seed, mutate
from workbench.core.callback_codec import build_envelope
from workbench.receiver import CallbackReceiver, ReceivedCallback, ReceiverConfig

SALT = "fuzz-salt"


class ServerWatch(logging.Handler):
    """Counts what the listener and werkzeug log as failures on their own threads."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.kinds: Counter[str] = Counter()  # emit runs under the handler's own lock

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        kind = None
        if record.name == "werkzeug" and record.levelno >= logging.ERROR:
            kind = "werkzeug: error on request"
        elif "unexpected failure" in message:
            kind = "listener: exception caught by the last guard"
        elif "connection from" in message and record.exc_info:
            kind = f"listener: handler raised {record.exc_info[0].__name__}"  # type: ignore[union-attr]
        elif "verifier failed" in message:
            kind = "verifier raised (answered 400, listed)"
        if kind:
            self.kinds[kind] += 1


def main() -> int:
    args = fuzzrun.parse_args(100_000)
    watch = ServerWatch()
    for name in ("workbench.receiver.server", "werkzeug"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(watch)
        logger.propagate = False
    listed: Counter[int] = Counter()
    lock = threading.Lock()

    def on_event(event: ReceivedCallback) -> None:
        with lock:
            listed[event.answer.status] += 1

    receiver = CallbackReceiver(
        ReceiverConfig(port=0, path="/cb", max_body=64 * 1024), salt=SALT, on_event=on_event
    )
    url = receiver.start()
    host = url.split("/")[2]

    def make(rng: random.Random) -> tuple[str, Mutant, None]:
        env = build_envelope(
            '{"orderNo":"A1","amount":"12.50","name":"张三"}',
            salt=SALT,
            trans_name="loanNotify",
            seq_no=str(rng.randrange(10**12)),
            timestamp_ms=1_700_000_000_000,
        )
        seed = Seed(
            "POST",
            "/cb",
            host,
            [("Content-Type", "application/json")],
            env.to_json().encode("utf-8"),
        )
        return url, mutate(rng, seed), None

    def report() -> list[str]:
        verifier = watch.kinds.get("verifier raised (answered 400, listed)", 0)
        return [
            f"listed events by answer status: {dict(sorted(listed.items()))}",
            f"verifier exceptions turned into listed 400s: {verifier}",
        ]

    def failures() -> Counter[str]:
        return Counter({k: v for k, v in watch.kinds.items() if not k.startswith("verifier")})

    try:
        return fuzzrun.run("listener", make, args, server_failures=failures, extra_report=report)
    finally:
        receiver.stop()


if __name__ == "__main__":
    raise SystemExit(main())
