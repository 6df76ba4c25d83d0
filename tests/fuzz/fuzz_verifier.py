"""Fuzz the callback verifier and the sign check: nothing that arrives may raise.

Run from the repository root::

    python tests/fuzz/fuzz_verifier.py [--count 100000] [--seed 1]

Each input goes through the paths a callback takes: ``verify_callback_body`` (the listener),
``verify_pasted_callback`` (the window and ``callback verify --body-file``), ``verify_callback``
on the fields, and ``check_sign`` on a URL/body/ticket. Inputs mix random bytes and text,
valid envelopes with one mutation (lone surrogates raw and as JSON escapes, deep nesting, wrong
JSON types, duplicate keys, bad escapes, log-line text around them). Prints how many inputs ran,
how many raised (should be 0) and the kinds, with one example of each failure.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from workbench.core.callback import verify_callback, verify_callback_body
from workbench.core.callback_codec import CallbackEnvelope, build_envelope
from workbench.core.callback_paste import verify_pasted_callback
from workbench.core.sign_check import check_sign

NOW = 1_800_000_000_000
SALT = "fuzz-salt"
PIECES = [
    "\ud800",
    "\udfff",
    "\\ud800",
    "\\udc00x",
    "%ED%A0%80",
    "%",
    "%Z",
    "%E4",
    "+",
    "~*",
    "中文",
    "\U0001f600",
    "\x00",
    "{",
    "}",
    "[",
    '"',
    "\\",
    "NaN",
    "1e999",
    " ",
    "\n",
    "\ufeff",
]
NESTING = [1_000, 5_000, 50_000]
# Deep nesting is slow to build and check: rarer, so that 100k inputs run in minutes.
KIND_WEIGHTS = {
    "bytes": 10,
    "text": 10,
    "mutated_field": 15,
    "wrong_type": 10,
    "surrogate_plain": 10,
    "escape_in_json": 10,
    "deep_plain": 1,
    "deep_body": 1,
    "duplicate_key": 5,
    "log_line": 10,
    "upper_hex": 5,
}
WRONG_TYPES = [1, 1.5, None, True, [], {}, ["a"], {"x": 1}, 10**40]


def _valid(rng: random.Random) -> dict[str, object]:
    business = json.dumps({"orderNo": f"N{rng.randrange(10**6)}", "v": rng.choice(PIECES)})
    return build_envelope(
        business, salt=SALT, trans_name="t", seq_no="1", timestamp_ms=NOW
    ).to_dict()  # type: ignore[return-value]


def _text(rng: random.Random, n: int = 12) -> str:
    out = []
    for _ in range(rng.randrange(n)):
        roll = rng.random()
        if roll < 0.5:
            out.append(rng.choice(PIECES))
        elif roll < 0.8:
            out.append(chr(rng.randrange(0x20, 0x7F)))
        else:
            out.append(chr(rng.randrange(0x110000)))
    return "".join(out)


def make_body(rng: random.Random) -> tuple[str, bytes | str]:
    """(kind, body) for one input."""
    kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
    env = _valid(rng)
    if kind == "bytes":
        return kind, rng.randbytes(rng.randrange(200))
    if kind == "text":
        return kind, _text(rng, 60)
    if kind == "mutated_field":
        field = rng.choice(["Plain", "Signature", "Timestamp", "transName", "SeqNo"])
        env[field] = str(env[field]) + _text(rng)
    elif kind == "wrong_type":
        env[rng.choice(["Plain", "Signature", "Timestamp", "transName", "SeqNo"])] = rng.choice(
            WRONG_TYPES
        )
    elif kind == "surrogate_plain":
        env["Plain"] = str(env["Plain"]) + rng.choice(["\ud800", "%ED%A0%80", "\udcff%7B"])
    elif kind == "escape_in_json":
        text = json.dumps(env)
        return kind, text.replace('"SeqNo"', '"Seq\\ud800No"', 1) + rng.choice(["", "\\udfff"])
    elif kind == "deep_plain":
        depth = rng.choice(NESTING)
        business = "[" * depth + "]" * depth
        env = build_envelope(
            business, salt=SALT, trans_name="t", seq_no="1", timestamp_ms=NOW
        ).to_dict()  # type: ignore[assignment]
    elif kind == "deep_body":
        depth = rng.choice(NESTING)
        return kind, '{"Plain":' + "[" * depth + "]" * depth + "}"
    elif kind == "duplicate_key":
        text = json.dumps(env)
        return kind, text[:-1] + ', "Plain": "x"}'
    elif kind == "log_line":
        return kind, f"INFO {_text(rng)} body={json.dumps(env, ensure_ascii=False)} {_text(rng)}"
    elif kind == "upper_hex":
        env["Signature"] = str(env["Signature"]).upper()
    text = json.dumps(env, ensure_ascii=rng.random() < 0.5)
    return kind, text.encode("utf-8", "surrogatepass") if rng.random() < 0.3 else text


def one(rng: random.Random) -> tuple[str, object]:
    kind, body = make_body(rng)
    salt = rng.choice([SALT, "", None, SALT + "\n", "\ud800"])
    verify_callback_body(body, salt, NOW)
    verify_pasted_callback(body, salt, NOW)
    fields = [_text(rng) for _ in range(5)]
    verify_callback(CallbackEnvelope(*fields), salt, NOW)
    if isinstance(body, str) and rng.random() < 0.3:
        query = f"app_id=a&nonce={'A' * 32}&version=2.0.0&sign={_text(rng)}&type={_text(rng, 3)}"
        check_sign(
            rng.choice([query, _text(rng), "?" + _text(rng)]),
            body,
            rng.choice(["T", "", "\ud800", _text(rng)]),
            previous_ticket=rng.choice([None, "P", _text(rng)]),
            type_value=rng.choice([None, "sign", _text(rng, 3)]),
        )
    return kind, body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    kinds: collections.Counter[str] = collections.Counter()
    failures: collections.Counter[str] = collections.Counter()
    examples: dict[str, str] = {}
    started = time.monotonic()
    for _ in range(args.count):
        state = rng.getstate()
        try:
            kind, _body = one(rng)
            kinds[kind] += 1
        except Exception as exc:  # counting is the point
            key = f"{type(exc).__name__}"
            failures[key] += 1
            if key not in examples:
                replay = random.Random()
                replay.setstate(state)
                examples[key] = repr(make_body(replay))[:300] + "\n" + traceback.format_exc()
    elapsed = time.monotonic() - started
    print(f"inputs: {args.count} (seed {args.seed}, {elapsed:.1f} s)")
    print("kinds: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    print(f"uncaught exceptions: {sum(failures.values())}")
    for key, n in failures.most_common():
        print(f"  {key}: {n}\n{examples[key]}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
