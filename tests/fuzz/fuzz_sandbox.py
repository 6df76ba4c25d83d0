"""Fuzz the sandbox over loopback TLS with malformed requests (raw sockets, real certificates).

    python tests/fuzz/fuzz_sandbox.py [--count 100000] [--max-seconds 1800] [--workers 6]

Starts its own sandbox in a temporary folder and sends ``--count`` mutants of the calls a partner
makes: token, ticket, signed business calls (re-signed for the mutated body, so the body is read
and parsed), signed uploads and downloads on the file host, and the admin routes (bodies,
framing, heads, garbage: see httpmut.py; a few are plain text sent to a TLS port). It prints the
kinds, the statuses, sample inputs and every failure: an HTTP 500, a 60846999 "internal error",
a whole request left unanswered, an exception that escaped a handler, and the memory it grew.
Exit 1 when there was any failure.
"""

from __future__ import annotations

import base64
import random
import resource
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script: the checkout

from tests.fuzz import fuzzrun
from tests.fuzz.httpmut import Mutant, Seed, json_seed_body, mutate
from tests.fuzz.rawhttp import tls_context
from tests.sandbox.partner import Partner
from workbench.sandbox import tls_server
from workbench.sandbox.server import Sandbox
from workbench.sandbox.state import LogEntry


class Watch:
    """Server-side failures, counted on the sandbox's own threads."""

    def __init__(self) -> None:
        self.kinds: Counter[str] = Counter()
        self.notes: list[str] = []
        self.lock = threading.Lock()

    def add(self, kind: str, note: str = "") -> None:
        with self.lock:
            self.kinds[kind] += 1
            if note and len(self.notes) < 10:
                self.notes.append(f"{kind}: {note[:400]}")


def install_hooks(sandbox: Sandbox, watch: Watch) -> None:
    add_log = sandbox.state.add_log

    def checked(entry: LogEntry) -> None:
        if entry.code == "60846999":
            watch.add("60846999 internal error", entry.note)
        if entry.status == 500:
            watch.add("HTTP 500 (logged)", entry.note)
        add_log(entry)

    sandbox.state.add_log = checked  # type: ignore[method-assign]
    server_cls: Any = tls_server.TlsPerThreadServer
    handle_error = server_cls.handle_error
    log = server_cls.log

    def counted_error(self: Any, request: Any, client_address: Any) -> None:
        watch.add(f"handler raised {sys.exc_info()[0].__name__}", str(sys.exc_info()[1]))  # type: ignore[union-attr]
        handle_error(self, request, client_address)

    def counted_log(self: Any, type: str, message: str, *args: Any) -> None:
        if type == "error" and not message.startswith("Cannot fetch SSL peer"):
            watch.add("werkzeug: error on request", message % args if args else message)
        log(self, type, message, *args)

    server_cls.handle_error = counted_error
    server_cls.log = counted_log


def main() -> int:
    args = fuzzrun.parse_args(100_000)
    watch = Watch()
    folder = tempfile.TemporaryDirectory(prefix="fuzz-sandbox-")
    sandbox = Sandbox(Path(folder.name), stderr=open("/dev/null", "w"))  # noqa: SIM115
    install_hooks(sandbox, watch)
    info = sandbox.start().to_json_dict()
    partner = Partner(info)
    partner.fetch_ticket()
    api_ctx = tls_context(info["ca_cert"], info["client_cert"], info["client_key"])
    file_ctx = tls_context(info["ca_cert"])
    api_host, file_host = info["api_base"].split("/")[2], info["file_base"].split("/")[2]
    path_of = lambda url: "/" + url.split("/", 3)[3]  # noqa: E731 - target of a full URL
    app_id, secret = info["app_id"], info["secret"]
    multipart = (
        b'--fz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0data\r\n--fz--\r\n"
    )

    def business(path: str, body: bytes) -> Seed:
        return Seed(
            "POST",
            path_of(partner.signed_url(path, body.decode())),
            api_host,
            [("Content-Type", "application/json")],
            body,
            resign=lambda b: path_of(
                partner.signed_url(path, b.decode("utf-8", "surrogateescape"))
            ),
        )

    def file_seed(path: str, version: str, body: bytes, ctype: str, **q: str) -> Seed:
        def url(_: bytes = b"") -> str:
            return path_of(partner.file_url(path, version, **q))

        return Seed("POST", url(), file_host, [("Content-Type", ctype)], body, resign=url)

    def seeds() -> list[tuple[Seed, bool]]:
        token_q = f"app_id={app_id}&secret={secret}&grant_type=client_credential&version=2.0.0"
        return [
            (business("/api/s/sandbox/echo", json_seed_body({"HELLO": "你好", "N": 1})), False),
            (business("/api/s/yh/10002", json_seed_body({"ID_NO": "411528199110024452"})), False),
            (business("/api/s/test/10011", b'{"TEST": "ping"}'), False),
            (Seed("GET", f"/api/oauth2/access_token?{token_q}", api_host), False),
            (
                Seed(
                    "GET",
                    f"/api/oauth2/api_ticket?app_id={app_id}&access_token=x&type=sign&version=2.0.0",
                    api_host,
                ),
                False,
            ),
            (Seed("GET", "/_sandbox/clock", api_host), False),
            (Seed("GET", "/_sandbox/services", api_host), False),
            (Seed("POST", "/_sandbox/clock/advance?seconds=0.001", api_host), False),
            (
                Seed(
                    "POST",
                    "/_sandbox/faults",
                    api_host,
                    [("Content-Type", "application/json")],
                    b'{"clear": true}',
                ),
                False,
            ),
            (
                Seed(
                    "POST",
                    "/_sandbox/accounts",
                    api_host,
                    [("Content-Type", "application/json")],
                    json_seed_body({"app_id": "fz1", "secret": "s", "salt": "x"}),
                ),
                False,
            ),
            (
                file_seed(
                    "/api/s/up/upload",
                    "1.0.0",
                    multipart,
                    "multipart/form-data; boundary=fz",
                    fileType="001",
                    fileFormat="jpg",
                ),
                True,
            ),
            (
                file_seed(
                    "/up/s/sandbox/uploadJson",
                    "2.0.0",
                    json_seed_body(
                        {"fileName": "a.txt", "file": base64.b64encode(b"hello").decode()}
                    ),
                    "application/json",
                ),
                True,
            ),
            (
                Seed(
                    "GET",
                    path_of(
                        partner.file_url(
                            "/api/s/up/download",
                            "1.0.0",
                            fileId="97" + "1" * 52,
                            hashValue="0" * 32,
                        )
                    ),
                    file_host,
                ),
                True,
            ),
        ]

    def make(rng: random.Random) -> tuple[str, Mutant, Any]:
        seed, on_file = rng.choice(seeds())
        base = info["file_base"] if on_file else info["api_base"]
        mutant = mutate(rng, seed)
        if rng.random() < 0.02:  # plain text to a TLS port: a refused handshake
            return base, Mutant("raw:plain-to-tls", mutant.raw, complete=False), None
        return base, mutant, file_ctx if on_file else api_ctx

    rest = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def report() -> list[str]:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        refused = sum(1 for e in sandbox.log() if e.path == "(TLS handshake)")
        return [
            f"peak memory of the fuzzing process (sandbox inside): {peak // 1024} MB "
            f"(at start {rest // 1024} MB)",
            f"refused handshakes in the last {len(sandbox.log())} log entries: {refused}",
            *watch.notes,
        ]

    def bad_answer(answer: bytes) -> str | None:
        return "60846999 in the answer" if b'"60846999"' in answer else None

    try:
        return fuzzrun.run(
            "sandbox",
            make,
            args,
            bad_answer=bad_answer,
            server_failures=lambda: watch.kinds,
            extra_report=report,
        )
    finally:
        partner.close()
        sandbox.stop()
        folder.cleanup()


if __name__ == "__main__":
    raise SystemExit(main())
