"""The loop shared by fuzz_listener.py and fuzz_sandbox.py: send mutants from a few threads until
the count or the time is reached, classify every answer, print kinds, statuses and failures.

A failure is an HTTP 500, an answer the caller's ``bad_answer`` flags (the sandbox's 60846999),
a whole request left unanswered for ``hang_s`` seconds, or anything the server reported through
``server_failures`` (uncaught exceptions, caught on the server side by the script's hooks).
"""

from __future__ import annotations

import argparse
import random
import ssl
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from tests.fuzz.httpmut import Mutant
from tests.fuzz.rawhttp import exchange, status_of

MakeMutant = Callable[[random.Random], tuple[str, Mutant, ssl.SSLContext | None]]


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    examples: list[tuple[str, str, bytes]] = field(default_factory=list)
    samples: list[tuple[str, str | int, bytes]] = field(default_factory=list)

    def add(self, mutant: Mutant, status: str | int, failure: str | None) -> None:
        with self.lock:
            self.sent += 1
            for part in mutant.kind.split("+"):
                self.kinds[part] += 1
            self.statuses[str(status)] += 1
            if failure:
                self.failures[failure] += 1
                if len(self.examples) < 20:
                    self.examples.append((failure, mutant.kind, mutant.raw[:300]))
            elif len(self.samples) < 8 and self.sent % 12_500 == 1:
                self.samples.append((mutant.kind, status, mutant.raw[:160]))


def parse_args(default_count: int) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=default_count)
    parser.add_argument("--max-seconds", type=float, default=1800.0)
    parser.add_argument("--workers", type=int, default=6)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--hang-s", type=float, default=10.0)
    return parser.parse_args()


def run(
    name: str,
    make: MakeMutant,
    args: argparse.Namespace,
    *,
    bad_answer: Callable[[bytes], str | None] = lambda answer: None,
    server_failures: Callable[[], Counter[str]] = Counter,
    extra_report: Callable[[], list[str]] = list,
) -> int:
    tally = Tally()
    deadline = time.monotonic() + args.max_seconds
    started = time.monotonic()
    per_worker = -(-args.count // args.workers)

    def worker(index: int) -> None:
        rng = random.Random(args.seed * 1000 + index)
        for _ in range(per_worker):
            if time.monotonic() > deadline:
                return
            url, mutant, context = make(rng)
            began = time.monotonic()
            tls = context is not None
            answer = exchange(
                url,
                mutant.raw,
                context=context,
                then_close=tls and not mutant.complete,
                timeout=args.hang_s,
            )
            status: str | int = status_of(answer) or ("closed" if answer == b"" else "garbled")
            failure = None
            if status == 500:
                failure = "HTTP 500"
            elif answer:
                failure = bad_answer(answer)
            if (
                failure is None
                and mutant.complete
                and not answer
                and time.monotonic() - began >= args.hang_s - 0.5
            ):
                failure = f"no answer within {args.hang_s:g} s"
            tally.add(mutant, status, failure)

    with ThreadPoolExecutor(args.workers) as pool:
        list(pool.map(worker, range(args.workers)))
    elapsed = time.monotonic() - started
    for kind, count in server_failures().items():
        tally.failures[kind] += count
    print(
        f"== {name}: {tally.sent} malformed requests in {elapsed:.0f} s "
        f"({tally.sent / max(elapsed, 0.001):.0f}/s), seed {args.seed}"
    )
    print("statuses:", dict(sorted(tally.statuses.items())))
    print("kinds:")
    for kind, count in sorted(tally.kinds.items()):
        print(f"  {kind:32} {count}")
    print("sample inputs:")
    for kind, status, raw in tally.samples:
        print(f"  [{status}] {kind}: {raw!r}")
    for line in extra_report():
        print(line)
    total = sum(tally.failures.values())
    print(f"failures: {total}", dict(tally.failures))
    for failure, kind, raw in tally.examples:
        print(f"  FAIL {failure} ({kind}): {raw!r}")
    sys.stdout.flush()
    return 1 if total else 0
