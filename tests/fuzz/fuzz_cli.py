"""Fuzz the command line in-process: no input may end in exit status 70 (the last guard).

Run from the repository root::

    python tests/fuzz/fuzz_cli.py [--count 100000] [--seed 1]

Each run calls ``workbench.cli.main(argv)`` with stdout and stderr replaced by strict UTF-8
text streams over bytes (as a terminal is), stdin by random bytes, and argv drawn from the
commands that read input (``sign``, ``sign check``, ``callback verify``, ``callback sign``,
``codes``) with values holding lone surrogates (as Python passes non-UTF-8 arguments), JSON
escapes, deep nesting, wrong numbers, missing files, non-UTF-8 and empty files. Prints how many
runs there were, the exit statuses, how many ended in 70 or escaped ``main`` (should be 0) and
one example of each, and how many runs wrote more than one line on stderr.
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import os
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from workbench import cli
from workbench.core.callback_codec import build_envelope

NOW = 1_800_000_000_000
SALT = "fuzz-salt"
VALUES = [
    "",
    "-",
    "a",
    "\ud800",
    "x\udcff",
    "\\ud800",
    "中文",
    "\U0001f600",
    "%ED%A0%80",
    "%Z",
    "{}",
    '{"a":"\\ud800"}',
    "[" * 3000,
    "1e999",
    "-1",
    "99999999999999999999999",
    "0x10",
    "\x00",
    " ",
    "--json",
    "--help",
    "sign",
    "check",
]


def _files(folder: Path) -> list[str]:
    good = build_envelope(
        '{"CODE":"0000"}', salt=SALT, trans_name="t", seq_no="1", timestamp_ms=NOW
    )
    surrogate = build_envelope(
        '{"CODE":"\\ud800","D":"\\udfff"}', salt=SALT, trans_name="t", seq_no="1", timestamp_ms=NOW
    )
    contents = {
        "good.json": good.to_json().encode(),
        "surrogate.json": surrogate.to_json().encode(),
        "surrogate_key.json": surrogate.to_json().replace('"SeqNo"', '"Seq\\ud800"').encode(),
        "log.txt": f"INFO recv body={surrogate.to_json()} took 3 ms".encode(),
        "deep.json": b"[" * 100_000,
        "deep_plain.json": build_envelope(
            "[" * 5000 + "]" * 5000, salt=SALT, trans_name="t", seq_no="1", timestamp_ms=NOW
        )
        .to_json()
        .encode(),
        "latin1.json": b'{"A": "\xe4"}',
        "empty.json": b"",
        "raw_surrogate.json": '{"A": "\ud800"}'.encode("utf-8", "surrogatepass"),
        "business.json": b'{"k": "\\ud800", "n": 1}\n',
    }
    paths = []
    for name, data in contents.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(str(path))
    paths.append(str(folder / "missing.json"))
    paths.append(str(folder / "\udcff.json"))
    paths.append(str(folder))  # a folder, not a file
    return paths


def _value(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randrange(6)))
    return rng.choice(VALUES)


def make_argv(rng: random.Random, files: list[str]) -> list[str]:
    def pick_file() -> str:
        return rng.choice(files + ["-"])

    query = f"https://x/api/s/yh/1?app_id=a&nonce={'A' * 32}&version=2.0.0&sign={_value(rng)}"
    command = rng.choice(["sign", "sign check", "verify", "callback sign", "codes"])
    if command == "sign":
        argv = ["sign", "--app-id", _value(rng), "--version", _value(rng), "--ticket", _value(rng)]
        argv += rng.choice(
            [[], ["--body", _value(rng)], ["--body-file", pick_file()], ["--nonce", _value(rng)]]
        )
        argv += rng.choice([[], ["--type", _value(rng)], ["--value", _value(rng)]])
    elif command == "sign check":
        argv = ["sign", "check", "--url", rng.choice([query, _value(rng)])]
        argv += rng.choice([["--body", _value(rng)], ["--body-file", pick_file()]])
        argv += rng.choice(
            [["--ticket", _value(rng)], ["--ticket-env", "FUZZ_TICKET"], ["--ticket-env", "NOPE"]]
        )
        argv += rng.choice([[], ["--previous-ticket-env", "FUZZ_TICKET"], ["--type", "sign"]])
    elif command == "verify":
        argv = ["callback", "verify"]
        argv += rng.choice(
            [
                ["--salt", SALT],
                ["--salt", _value(rng)],
                ["--salt-env", "FUZZ_SALT"],
                ["--salt", "-"],
            ]
        )
        if rng.random() < 0.7:
            argv += ["--body-file", pick_file()]
        else:
            argv += ["--plain", _value(rng), "--signature", _value(rng), "--timestamp", _value(rng)]
        argv += rng.choice([[], ["--now", str(NOW)], ["--now", _value(rng)], ["--window", "9"]])
    elif command == "callback sign":
        argv = ["callback", "sign", "--salt", rng.choice([SALT, _value(rng)])]
        argv += ["--trans-name", _value(rng)]
        argv += rng.choice([["--json", _value(rng)], ["--json-file", pick_file()]])
        argv += rng.choice([[], ["--timestamp", _value(rng)], ["--seq-no", _value(rng)]])
    else:
        argv = ["codes", _value(rng), *([_value(rng)] if rng.random() < 0.5 else [])]
    if rng.random() < 0.5:
        argv.append("--json")
    if rng.random() < 0.2:
        argv = ["--lang", rng.choice(["en", "zh"]), *argv]
    if rng.random() < 0.05:
        argv.insert(rng.randrange(len(argv) + 1), _value(rng))
    if argv[0] in ("", "-") or not argv[0].strip("-"):
        argv.insert(0, "codes")  # never no command: that opens the window
    return argv


def _stream(data: bytes = b"") -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict")


def run_once(argv: list[str], stdin: bytes) -> tuple[int | str, str]:
    """(exit status, or the exception that escaped main; what was written on stderr)."""
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = _stream(stdin), _stream(), _stream()
    err = sys.stderr
    try:
        status: int | str = cli.main(argv)
    except BaseException as exc:  # counting is the point
        status = f"escaped {type(exc).__name__}: {traceback.format_exc(limit=3)}"
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    err.flush()
    written = err.buffer.getvalue().decode("utf-8", "replace")  # type: ignore[attr-defined]
    return status, written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.environ["FUZZ_TICKET"] = "ticket\udcff"
    os.environ["FUZZ_SALT"] = SALT + "\udcff"  # a non-UTF-8 byte, as Python reads it
    os.environ.pop("WORKBENCH_DEBUG", None)
    statuses: collections.Counter[object] = collections.Counter()
    failures: collections.Counter[str] = collections.Counter()
    examples: dict[str, str] = {}
    multi_line = 0
    multi_example = ""
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        files = _files(Path(folder))
        for _ in range(args.count):
            argv = make_argv(rng, files)
            stdin = rng.choice([b"", b"salt\n", rng.randbytes(40), json.dumps({"a": 1}).encode()])
            status, err = run_once(argv, stdin)
            if isinstance(status, str) or status == 70:
                key = (
                    status.split(":")[0] if isinstance(status, str) else err.split(":", 3)[-1][:60]
                )
                failures[key] += 1
                examples.setdefault(
                    key, f"argv={argv!r}\n{status if isinstance(status, str) else err}"
                )
                statuses["failure"] += 1
            else:
                statuses[status] += 1
            lines = [x for x in err.strip().splitlines() if "not a platform or partner" not in x]
            if len(lines) > 1:
                multi_line += 1
                if multi_example.count("argv=") < 3:
                    multi_example += f"argv={argv!r}\n{err}"
    elapsed = time.monotonic() - started
    print(f"runs: {args.count} (seed {args.seed}, {elapsed:.1f} s)")
    print("exit statuses: " + ", ".join(f"{k}: {n}" for k, n in sorted(statuses.items(), key=str)))
    print(f"exit 70 or escaped main: {sum(failures.values())}")
    for key, n in failures.most_common():
        print(f"  {key}: {n}\n{examples[key]}")
    print(f"runs with more than one stderr line (one per unknown code aside): {multi_line}")
    if multi_example:
        print(multi_example)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
