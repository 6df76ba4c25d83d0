"""Malformed HTTP/1.1 requests for the fuzz scripts: a seed request (method, target, headers,
body) goes through one to three mutations of its body, its framing or its head, or is replaced by
raw garbage. Every request says what was done to it (``kind``) and whether the bytes form a
whole request (a server can answer it) or stop early (the client closes after sending)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Seed:
    method: str
    target: str
    host: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    # Called with the (possibly mutated) body to get a target signed for it, or None.
    resign: Callable[[bytes], str] | None = None


@dataclass
class Mutant:
    kind: str
    raw: bytes
    complete: bool


# -- bodies ---------------------------------------------------------------------------------
def _deep(rng: random.Random) -> bytes:
    n = rng.choice([101, 999, 5000, 100_000])
    return b"[" * n + b"]" * n if rng.random() < 0.5 else b'{"a":' * n + b"1" + b"}" * n


def _surrogate(rng: random.Random) -> bytes:
    esc = rng.choice(["\\ud800", "\\udfff", "\\ud83d", "\\udc00\\ud800"])
    return rng.choice(
        [
            f'{{"NAME": "{esc}"}}',
            f'{{"{esc}": 1}}',
            f'["x{esc}y"]',
            f'{{"Plain": "{esc}", "Signature": "{esc}", "Timestamp": "1"}}',
        ]
    ).encode()


def _random_bytes(rng: random.Random) -> bytes:
    return bytes(rng.getrandbits(8) for _ in range(rng.choice([1, 7, 64, 700])))


BODY_MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "body:deep": lambda rng, b: _deep(rng),
    "body:surrogate": lambda rng, b: _surrogate(rng),
    "body:random": lambda rng, b: _random_bytes(rng),
    "body:truncated": lambda rng, b: b[: rng.randrange(len(b) + 1)],
    "body:bad-utf8": lambda rng, b: b + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"]),
    "body:json-type": lambda rng, b: rng.choice([b"[]", b"1", b'"s"', b"null", b"true", b"{}"]),
    "body:big-number": lambda rng, b: b"1" * rng.choice([400, 5000]) + b"e99999",
    "body:empty": lambda rng, b: b"",
    "body:flip": lambda rng, b: _flip(rng, b),
}


def _flip(rng: random.Random, body: bytes) -> bytes:
    if not body:
        return b"\x00"
    data = bytearray(body)
    for _ in range(rng.randint(1, 4)):
        data[rng.randrange(len(data))] = rng.getrandbits(8)
    return bytes(data)


# -- framing ----------------------------------------------------------------------------------
def _chunks(rng: random.Random, body: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(body):
        n = rng.randint(1, max(1, len(body) - i))
        out += f"{n:x}\r\n".encode() + body[i : i + n] + b"\r\n"
        i += n
    return bytes(out)


def frame(rng: random.Random, body: bytes) -> tuple[str, list[tuple[str, str]], bytes, bool]:
    """(kind, framing headers, bytes after the head, complete)."""
    pick = rng.randrange(16)
    cl = str(len(body))
    te = [("Transfer-Encoding", "chunked")]
    if pick < 4:
        return "frame:content-length", [("Content-Length", cl)], body, True
    if pick == 4:
        return "frame:chunked", te, _chunks(rng, body) + b"0\r\n\r\n", True
    if pick == 5:
        size = rng.choice(["FFFFFFFFFFFFFFFF", "7fffffffffffffff", "10000000000000000", "1000"])
        return "frame:huge-chunk", te, f"{size}\r\n".encode() + body[:3], False
    if pick == 6:
        bad = rng.choice(["zz", "-1", "0x10", "", " ", "1;" + "x" * 2000, "１２"])
        return "frame:bad-chunk-size", te, f"{bad}\r\n".encode() + body + b"\r\n0\r\n\r\n", True
    if pick == 7:
        return "frame:no-crlf", te, f"{len(body) + 0:x}\r\n".encode() + body + b"XX0\r\n\r\n", True
    if pick == 8:
        return "frame:no-last-chunk", te, _chunks(rng, body), False
    if pick == 9:
        n = len(body) + rng.choice([1, 10, 10_000])
        return "frame:short-body", [("Content-Length", str(n))], body, False
    if pick == 10:
        n = max(0, len(body) - rng.randint(1, 5))
        return "frame:long-body", [("Content-Length", str(n))], body, True
    if pick == 11:
        value = rng.choice(["abc", "-1", "1e3", "99999999999999999999999", "0x10", "", "+1"])
        return "frame:bad-content-length", [("Content-Length", value)], body, True
    if pick == 15 and rng.random() < 0.3:
        return "frame:spaced-content-length", [("Content-Length", f"  {cl} ")], body, True
    if pick == 12:
        pair = [("Content-Length", cl), ("Content-Length", str(len(body) + 1))]
        return "frame:two-lengths", pair, body, True
    if pick == 13:
        return (
            "frame:te-and-cl",
            [*te, ("Content-Length", cl)],
            _chunks(rng, body) + b"0\r\n\r\n",
            True,
        )
    if pick == 14:
        value = rng.choice(["gzip", "chunked, gzip", "gzip, chunked", "identity", "x", "Chunked"])
        if value == "Chunked":  # the same coding in other letters: a chunked body follows
            tail = _chunks(rng, body) + b"0\r\n\r\n"
            return "frame:odd-transfer-encoding", [("Transfer-Encoding", value)], tail, True
        return "frame:odd-transfer-encoding", [("Transfer-Encoding", value)], body, True
    return "frame:none", [], body, True


# -- head ------------------------------------------------------------------------------------
def _head_mutation(rng: random.Random, seed: Seed, target: str) -> tuple[str, str, str, list]:
    """(kind, method, target, extra headers)."""
    pick = rng.randrange(12)
    method = seed.method
    extra: list[tuple[str, str]] = []
    if pick == 0:
        method = rng.choice(["GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "post", "X" * 40])
        return "head:method", method, target, extra
    if pick == 1:
        junk = rng.choice(["%ZZ", "%ud800", "%ED%A0%80", "%00", "&&&=", "a=" + "b" * 9000, "%"])
        sep = "&" if "?" in target else "?"
        return "head:query", method, target + sep + junk, extra
    if pick == 2:
        path = rng.choice(["/", "*", "//x", "/api/s/" + "a" * 3000, "/%2e%2e/%2e%2e", "/\u00e9"])
        return "head:path", method, path, extra
    if pick == 3:
        return "head:expect", method, target, [("Expect", "100-continue")]
    if pick == 4:
        ctype = rng.choice(["text/plain", "multipart/form-data", "application/json; charset=gbk"])
        return "head:content-type", method, target, [("Content-Type", ctype)]
    if pick == 5:
        return "head:long-header", method, target, [("X-Long", "v" * rng.choice([8000, 70_000]))]
    if pick == 6:
        many = [(f"X-H{i}", "v") for i in range(rng.choice([50, 150]))]
        return "head:many-headers", method, target, many
    if pick == 7:
        return "head:odd-header", method, target, [("X Bad", "v"), ("X-Nul", "a\x00b")]
    return "head:none", method, target, extra


def mutate(rng: random.Random, seed: Seed) -> Mutant:
    if rng.random() < 0.04:
        garbage = rng.choice(
            [
                _random_bytes(rng),
                b"",
                b"\r\n\r\n",
                b"GET\r\n\r\n",
                b"GET / HTTP/9.9\r\n\r\n",
                b"POST / HTTP/1.1\r\nHost: x\r\n" + b"X: y\r\n" * 2,
                b"\x16\x03\x01\x00\x05hello",
            ]
        )
        return Mutant("raw:garbage", garbage, complete=False)
    kinds: list[str] = []
    body = seed.body
    target = seed.target
    if rng.random() < 0.5:
        name = rng.choice(list(BODY_MUTATIONS))
        body = BODY_MUTATIONS[name](rng, body)
        kinds.append(name)
    if seed.resign is not None and rng.random() < 0.8:
        target = seed.resign(body)  # signed for what is sent: the body is read and parsed
    frame_kind, frame_headers, tail, complete = frame(rng, body)
    kinds.append(frame_kind)
    head_kind, method, target, extra = _head_mutation(rng, seed, target)
    kinds.append(head_kind)
    version = "HTTP/1.1" if rng.random() > 0.03 else rng.choice(["HTTP/1.0", "HTTP/2.0", "HTTX"])
    lines = [f"{method} {target} {version}", f"Host: {seed.host}"]
    lines += [f"{k}: {v}" for k, v in [*seed.headers, *frame_headers, *extra]]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogateescape")
    kind = "+".join(k for k in kinds if not k.endswith(":none")) or "valid"
    return Mutant(kind, head + tail, complete)


def json_seed_body(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")
