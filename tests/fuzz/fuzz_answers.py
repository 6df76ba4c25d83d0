"""Fuzz the platform answer parsers: nothing a server sends may escape as a raw exception.

Run from the repository root::

    python tests/fuzz/fuzz_answers.py [--count 100000] [--seed 1]

Each input is one answer body. It goes through the pure readers (``PlatformAnswer.parse``,
``expect_answer``, and ``workbench.client.answers``: the access token, the tickets, both file
lists) and through the client itself, whose transport is replaced by one that answers the
fuzzed body on one route (token, ticket, business call, upload, uploadForm, and a download
with a drawn status and headers) and a good answer on the others. Inputs mix random bytes and
text, good answers with byte mutations, wrong JSON types at every field, lone surrogates (raw
and as JSON escapes), deep nesting, huge numbers and random JSON. The only outcomes allowed are
a result or a ``ClientError`` whose sentence can be encoded; anything else is counted as
uncaught. Prints how many inputs ran, how many failed (should be 0), the outcome kinds, and one
example of each failure.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import io
import json
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
import urllib3
from requests.structures import CaseInsensitiveDict

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from workbench.client import answers
from workbench.client.errors import ClientError
from workbench.client.failures import expect_answer
from workbench.client.models import (
    PLATFORM_OK_BUSINESS,
    PLATFORM_OK_CREDENTIALS,
    ExchangeRecord,
    PlatformAnswer,
    ReceivedResponse,
    SentRequest,
)
from workbench.client.platform import PlatformClient
from workbench.core.environment import EnvironmentConfig, EnvironmentSecrets

BASE = "https://fuzz.invalid"
TOKEN: dict[str, Any] = {
    "code": "60850000",
    "msg": "ok",
    "access_token": "a" * 64,
    "expire_in": "3600",
}
TICKET: dict[str, Any] = {
    "code": "60850000",
    "msg": "ok",
    "tickets": [{"value": "b" * 64, "expire_in": "3600"}],
}
BUSINESS: dict[str, Any] = {
    "code": "60840000",
    "msg": "ok",
    "BizSeqNo": "1" * 32,
    "ConsumerSeqNo": "2" * 32,
    "transactionTime": "20260101120000",
    "jsonData": json.dumps({"CODE": "0000", "DESC": "ok"}),
}
UPLOAD: dict[str, Any] = {
    "code": "60840000",
    "msg": "ok",
    "jsonData": json.dumps(
        {"CODE": "60840000", "FILE_LIST": [{"FILE_ID": "F", "FILE_NAME": "a", "HASH_VALUE": "0"}]}
    ),
}
NOTICE: dict[str, Any] = {
    "code": "60840000",
    "msg": "ok",
    "fileList": [{"fileId": "F", "fileName": "a"}],
}
ROUTES: dict[str, dict[str, Any]] = {
    "/api/oauth2/access_token": TOKEN,
    "/api/oauth2/api_ticket": TICKET,
    "/api/s/sandbox/echo": BUSINESS,
    "/api/s/up/upload": UPLOAD,
    "/up/s/biz/uploadForm": NOTICE,
}
TEMPLATES = list(ROUTES.values())
KEYS = sorted({k for t in TEMPLATES for k in t} | {"value", "expire_time", "ConsumerseqNo"})
PIECES = [
    "\ud800",
    "\udfff",
    "\\ud800",
    "\\udc00x",
    "中文",
    "\U0001f600",
    "\x00",
    "{",
    "}",
    "[",
    "]",
    '"',
    "\\",
    ",",
    ":",
    "NaN",
    "Infinity",
    "1e999",
    "-0",
    "null",
    "true",
    " ",
    "\n",
    "\ufeff",
    "60840000",
    "60841017",
    "60851004",
]
WRONG_TYPES: list[Any] = [
    0,
    5,
    -1,
    1.5,
    None,
    True,
    False,
    "",
    "x",
    [],
    {},
    ["a"],
    [5],
    [None],
    {"x": 1},
    10**40,
    "9" * 5000,
    "\ud800",
    "1e400",
    "²",
]
NESTING = [500, 990, 1_100, 5_000, 50_000]
KIND_WEIGHTS = {
    "bytes": 8,
    "text": 8,
    "mutated": 20,
    "wrong_type": 20,
    "nested_wrong_type": 10,
    "surrogate_escape": 10,
    "json_data": 10,
    "random_json": 10,
    "deep": 2,
    "numbers": 5,
}


def random_json(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 4 or roll < 0.4:
        return rng.choice(WRONG_TYPES + [rng.choice(PIECES), rng.randint(-(10**20), 10**20)])
    if roll < 0.7:
        return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {
        rng.choice(KEYS + PIECES): random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))
    }


def dumps(value: Any) -> bytes:
    """JSON bytes; lone surrogates are written as escapes (as a Java server would send them)."""
    return json.dumps(value, ensure_ascii=True, allow_nan=True).encode("ascii")


def nested(depth: int, inner: str = "1") -> str:
    if depth % 2:
        return '{"a":' * depth + inner + "}" * depth
    return "[" * depth + inner + "]" * depth


def make_body(rng: random.Random, kind: str) -> bytes:
    template = dict(rng.choice(TEMPLATES))
    if kind == "bytes":
        return rng.randbytes(rng.randint(0, 200))
    if kind == "text":
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        return text.encode("utf-8", "surrogatepass")
    if kind == "mutated":
        data = bytearray(dumps(template))
        for _ in range(rng.randint(1, 5)):
            op, at = rng.random(), rng.randrange(len(data) + 1)
            if op < 0.3 and data:
                data[min(at, len(data) - 1)] = rng.randrange(256)
            elif op < 0.6:
                data[at:at] = rng.choice(PIECES).encode("utf-8", "surrogatepass")
            elif op < 0.8:
                del data[at : at + rng.randint(1, 8)]
            else:
                data = data[:at]
        return bytes(data)
    if kind == "wrong_type":
        template[rng.choice(KEYS)] = rng.choice(WRONG_TYPES)
        return dumps(template)
    if kind == "nested_wrong_type":
        inner = {k: rng.choice(WRONG_TYPES) for k in rng.sample(KEYS, 3)}
        where = rng.choice(["tickets", "fileList", "jsonData"])
        if where == "jsonData":
            template[where] = json.dumps({"FILE_LIST": [inner], **inner})
        else:
            template[where] = rng.choice(
                [[inner], [inner, inner], inner, [rng.choice(WRONG_TYPES)]]
            )
        return dumps(template)
    if kind == "surrogate_escape":
        key = rng.choice(KEYS)
        template[key] = "".join(rng.choice(["\ud800", "\udfff", "a", "中"]) for _ in range(8))
        if key == "tickets":
            template[key] = [{"value": template[key], "expire_in": "\udc00"}]
        return dumps(template)
    if kind == "json_data":
        template["jsonData"] = rng.choice(
            [
                json.dumps(random_json(rng)),
                random_json(rng),
                nested(rng.choice(NESTING)),
                "{" * rng.randint(1, 50),
            ]
        )
        return dumps(template)
    if kind == "random_json":
        value = random_json(rng)
        if isinstance(value, dict) and rng.random() < 0.7:
            value["code"] = rng.choice([PLATFORM_OK_BUSINESS, PLATFORM_OK_CREDENTIALS, "x", 5])
        return dumps(value)
    if kind == "deep":
        depth = rng.choice(NESTING)
        if rng.random() < 0.3:
            return nested(depth).encode()
        key = rng.choice(KEYS)
        body = dumps({k: v for k, v in template.items() if k != key})
        return body[:-1] + f',"{key}":{nested(depth)}}}'.encode()
    if kind == "numbers":
        raw = rng.choice(["1e999", "-1e999", "NaN", "Infinity", "9" * 4400, "-0", "1.0e-400"])
        key = rng.choice(["expire_in", "code", "expire_time", "msg", "transactionTime"])
        if rng.random() < 0.5:
            template = dict(TICKET)
            return dumps(template)[:-2] + f',"expire_in":{raw}}}]}}'.encode()
        body = dumps({k: v for k, v in template.items() if k != key})
        return body[:-1] + f',"{key}":{raw}}}'.encode()
    raise ValueError(kind)


def record_of(body: bytes) -> ExchangeRecord:
    return ExchangeRecord(
        SentRequest("GET", BASE, {}, None),
        ReceivedResponse(200, "OK", {"Content-Type": "application/json"}, body, 1.0),
    )


class FakeTransport:
    """Answers ``body`` on ``route`` and the good answer on every other route; a download
    (``stream``) gets ``body`` with the status and headers drawn for this input."""

    def __init__(self) -> None:
        self.route, self.body = "", b""
        self.status, self.headers = 200, {"Content-Type": "image/jpeg"}

    def send(self, which: str, method: str, url: str, **kw: Any) -> tuple[ExchangeRecord, Any]:
        path = url.removeprefix(BASE).partition("?")[0]
        body = self.body if path == self.route else dumps(ROUTES.get(path, BUSINESS))
        record = record_of(body)
        record.request = SentRequest(method, url, {}, None)
        if not kw.get("stream"):
            return record, None
        response = requests.Response()
        response.status_code, response.url = self.status, url
        response.headers = CaseInsensitiveDict(self.headers)
        response.raw = urllib3.HTTPResponse(
            body=io.BytesIO(body),
            headers=self.headers,
            status=self.status,
            preload_content=False,
            decode_content=False,
        )
        record.response = ReceivedResponse(self.status, "", dict(self.headers), b"", 1.0)
        return record, response


def download_answer(rng: random.Random, body: bytes) -> tuple[int, dict[str, str], str]:
    """A status, headers and the hashValue asked for, for a download answering ``body``."""
    status = rng.choice([200, 200, 200, 404, 500, 302])
    headers = {
        "Content-Type": rng.choice(
            ["image/jpeg", "application/json", "APPLICATION/JSON;charset=x", "", "text/html"]
        ),
        "Content-Length": rng.choice(
            [str(len(body)), str(len(body) + 1), "0", "-1", "²", "", "9" * 30, " 5"]
        ),
    }
    if rng.random() < 0.1:
        headers["Content-Encoding"] = rng.choice(["gzip", "deflate", "br", "x"])
    headers = {k: v for k, v in headers.items() if v or rng.random() < 0.5}
    digest = (
        hashlib.md5(body).hexdigest()
        if rng.random() < 0.7
        else rng.choice(["", "0" * 32, "\ud800"])
    )
    return status, headers, digest


def check_text(where: str, value: object) -> None:
    if isinstance(value, str):
        value.encode("utf-8")  # raises on a lone surrogate: an invariant failure
    elif isinstance(value, (list, tuple)):
        for v in value:
            check_text(where, v)


def check_answer(answer: PlatformAnswer | None) -> None:
    if answer is None:
        return
    for name in ("code", "msg", "biz_seq_no", "consumer_seq_no", "transaction_time"):
        check_text(name, getattr(answer, name))
    check_text("biz_code", answer.biz_code)
    check_text("biz_desc", answer.biz_desc)
    if answer.json_data_text is not None:
        check_text("json_data_text", answer.json_data_text)


def readers(body: bytes) -> list[tuple[str, Callable[[], object]]]:
    """The pure readers, each on this body."""
    record = record_of(body)

    def parsed(ok: str) -> PlatformAnswer:
        answer = expect_answer(record, frozenset({ok}))
        check_answer(answer)
        return answer

    def token() -> object:
        credential = answers.access_token(parsed(PLATFORM_OK_CREDENTIALS), 0, record)
        assert credential.value.isascii() and credential.value.isprintable()
        return credential

    def tickets() -> object:
        types = ["sign", "user"][: 1 + (len(body) % 2)]
        found = answers.tickets(parsed(PLATFORM_OK_CREDENTIALS), types, 0, record)
        assert all(t.value.isascii() and t.value.isprintable() for t in found)
        return found

    def files() -> object:
        answer = parsed(PLATFORM_OK_BUSINESS)
        return answers.notice_files(answer, record) + answers.uploaded_files(answer, record)

    return [
        ("parse", lambda: check_answer(PlatformAnswer.parse(body))),
        ("token", token),
        ("tickets", tickets),
        ("files", files),
    ]


def client_paths(
    client: PlatformClient,
    fake: FakeTransport,
    body: bytes,
    upload: Path,
    download: tuple[int, dict[str, str], str],
) -> list[tuple[str, Callable[[], object]]]:
    status, headers, digest = download
    dest = upload.parent / "out" / "d.bin"

    def fetch_file() -> object:
        fake.status, fake.headers = status, headers
        return client.download("F1", digest, dest)

    def via(route: str, run: Callable[[], object]) -> Callable[[], object]:
        def go() -> object:
            client.book.clear()
            fake.route, fake.body = route, body
            result = run()
            check_answer(getattr(result, "answer", None))
            return result

        return go

    return [
        ("client.token", via("/api/oauth2/access_token", client.fetch_access_token)),
        ("client.ticket", via("/api/oauth2/api_ticket", client.refresh_all)),
        ("client.call", via("/api/s/sandbox/echo", lambda: client.call("sandbox", "echo", "{}"))),
        ("client.upload", via("/api/s/up/upload", lambda: client.upload(upload, "001", "jpg"))),
        ("client.form", via("/up/s/biz/uploadForm", lambda: client.upload_form("biz", [upload]))),
        ("client.download", via("/api/s/up/download", fetch_file)),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sys.setrecursionlimit(1000)  # the default: what the window and the CLI run with

    env = EnvironmentConfig(name="fuzz", api_base=BASE, file_base=BASE, app_id="wbfuzz")
    client = PlatformClient(env, EnvironmentSecrets(secret="s" * 24))
    fake = FakeTransport()
    client.transport.send = fake.send  # type: ignore[method-assign]  # the fuzzed server
    tmp = tempfile.TemporaryDirectory()
    upload = Path(tmp.name) / "a.jpg"
    upload.write_bytes(b"\xff\xd8 fuzz")

    kinds, weights = zip(*KIND_WEIGHTS.items(), strict=True)
    inputs: collections.Counter[str] = collections.Counter()
    outcomes: collections.Counter[str] = collections.Counter()
    failures: dict[str, tuple[bytes, str]] = {}
    failed = 0
    started = time.monotonic()
    for _ in range(args.count):
        kind = rng.choices(kinds, weights)[0]
        body = make_body(rng, kind)
        inputs[kind] += 1
        download = download_answer(rng, body)
        for name, run in readers(body) + client_paths(client, fake, body, upload, download):
            try:
                run()
                outcomes[f"{name}: ok"] += 1
                continue
            except ClientError as exc:
                try:
                    check_text("error", [exc.text.en, exc.text.zh])
                    assert exc.text.en and exc.text.zh
                    outcomes[f"{name}: ClientError {exc.kind}"] += 1
                    continue
                except Exception:  # a sentence that cannot be shown
                    label = f"{name}: unprintable sentence ({exc.kind})"
                    trace = traceback.format_exc(limit=-4)
            except Exception as exc:  # what the fuzzing looks for
                label = f"{name}: uncaught {type(exc).__name__}"
                trace = traceback.format_exc(limit=-4)
            failed += 1
            outcomes[label] += 1
            failures.setdefault(label, (body, trace))
    elapsed = time.monotonic() - started
    tmp.cleanup()

    print(
        f"inputs: {args.count} (seed {args.seed}) in {elapsed:.0f} s, "
        f"{sum(outcomes.values())} parser and client runs"
    )
    print("input kinds: " + ", ".join(f"{k} {n}" for k, n in sorted(inputs.items())))
    print(f"failures (uncaught): {failed}")
    print("outcomes:")
    for label, n in sorted(outcomes.items()):
        print(f"  {n:8d}  {label}")
    for label, (body, trace) in failures.items():
        print(f"\nexample of {label}: {body[:300]!r}\n{trace}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
