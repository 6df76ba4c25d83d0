"""The Python protocol core against the JDK itself: same sort, sign, encoding and signature.

One Java program (tests/core/java/CrossCheck.java: the guide's Java code with the JDK's
``Collections.sort``, ``MessageDigest``, ``URLEncoder`` and ``URLDecoder``) answers a few hundred
seeded-random cases in one JVM start. Skipped where no JDK is installed.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from workbench.core.callback_codec import (
    PlainDecodeError,
    callback_signature,
    java_url_decode,
    java_url_encode,
)
from workbench.core.sign import SignValue, compute_sign, java_sorted

pytestmark = pytest.mark.java

JAVA_SOURCE = Path(__file__).parent / "java" / "CrossCheck.java"

# Characters where Java and naive Python disagree, or where encoders differ.
_TRICKY = (
    " *~+%-._!'()&=?/#\\\"{}[]:,\t\n"
    "中文签名测试系统处理成功"
    "\ue000\uf8ff\ufb01\uff21\uff10\ufffd\uffff\u00e9\u0663\u06f5"  # private use, digits
    "\U0001f600\U00010000\U0010fffd\U0001d7ce\U00020000"  # above U+FFFF (surrogate pairs in Java)
)
_ASCII = "abcXYZ0189"

# Pieces of "encoded" text for the decoder: valid escapes, Java's parseInt quirks (a sign in
# front, non-ASCII digits), broken and truncated UTF-8, and escapes cut off at the end.
_DECODE_PIECES = (
    "%41",
    "%7e",
    "%7E",
    "%E4%B8%AD",
    "%E4%B8",
    "%E4",
    "%F0%9F%98%80",
    "%F0%9F%98",
    "%F0%9F",
    "%ED%A0%80",
    "%ED%B0%80",
    "%C0%AF",
    "%C3",
    "%FF",
    "%80",
    "%F4%90%80%80",
    "%F8%88%80%80%80",
    "%E0%80%80",
    "%EF%BF%BF",
    "%+7",
    "%-0",
    "%-7",
    "%+",
    "%4",
    "%",
    "%%",
    "%G1",
    "%1G",
    "%\uff21\uff10",
    "%\u0663\u0661",
    "%\U0001d7ce0",
    "%0\U0001d7ce",
    "%\U0001f600",
    "+",
    "a",
    "中",
    "\U0001f600",
    " ",
    "*",
    "~",
)


def _text(rng: random.Random, max_len: int = 12) -> str:
    alphabet = _TRICKY if rng.random() < 0.7 else _ASCII
    return "".join(rng.choice(alphabet + _ASCII) for _ in range(rng.randint(0, max_len)))


def _hex(text: str) -> str:
    return text.encode("utf-16-be", "surrogatepass").hex().upper()


def _unhex(hexed: str) -> str:
    return bytes.fromhex(hexed).decode("utf-16-be", "surrogatepass")


@pytest.fixture(scope="module")
def java_classes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("javac") is None or shutil.which("java") is None:
        pytest.skip("no JDK (javac/java) on this machine")
    out = tmp_path_factory.mktemp("java")
    subprocess.run(["javac", "-d", str(out), str(JAVA_SOURCE)], check=True, timeout=120)
    return out


def _run_java(classes: Path, cases: list[list[str]], tmp_path: Path) -> list[str]:
    data = tmp_path / "cases.txt"
    data.write_text(
        "".join("\t".join([op] + [_hex(a) for a in args]) + "\n" for op, *args in cases),
        encoding="ascii",
    )
    done = subprocess.run(
        ["java", "-Xshare:auto", "-cp", str(classes), "CrossCheck", str(data)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = done.stdout.split("\n")[:-1]
    assert len(lines) == len(cases)
    return lines


def test_python_matches_the_jdk(java_classes: Path, tmp_path: Path) -> None:
    rng = random.Random(20240601)
    cases: list[list[str]] = []
    # Sorting: lists that mix characters above U+FFFF with U+E000..U+FFFF at the same place.
    for _ in range(120):
        cases.append(["SORT"] + [_text(rng, 4) for _ in range(rng.randint(2, 6))])
    cases.append(["SORT", "\U0001f600", "\uff21", "\ue000", "a"])
    # The guide's sign over app_id, version, nonce, type, body and ticket.
    for _ in range(120):
        cases.append(["SIGN", _text(rng)] + [_text(rng) for _ in range(rng.randint(1, 5))])
    # Encoding arbitrary business text.
    for _ in range(150):
        cases.append(["ENC", _text(rng, 20)])
    # Decoding: round trips and hostile input.
    for _ in range(250):
        pieces = [rng.choice(_DECODE_PIECES) for _ in range(rng.randint(1, 6))]
        cases.append(["DEC", "".join(pieces)])
    # Random byte runs, weighted towards UTF-8 lead and continuation bytes.
    interesting = [
        0x41,
        0x80,
        0x8F,
        0x90,
        0x9F,
        0xA0,
        0xBF,
        0xC0,
        0xC2,
        0xDF,
        0xE0,
        0xED,
        0xEF,
        0xF0,
        0xF4,
        0xF5,
        0xF8,
        0xFF,
    ]
    for _ in range(300):
        run = [
            rng.choice(interesting) if rng.random() < 0.7 else rng.randrange(256)
            for _ in range(rng.randint(1, 7))
        ]
        cases.append(["DEC", "".join(f"%{b:02X}" for b in run) + rng.choice(["", "a", "%4"])])
    for piece in _DECODE_PIECES:
        cases.append(["DEC", piece])
        cases.append(["DEC", "x" + piece + "y"])
    # Callback signatures.
    for _ in range(80):
        plain = java_url_encode(_text(rng, 20))
        cases.append(["CBSIG", plain, _text(rng, 6), str(rng.getrandbits(41))])

    answers = _run_java(java_classes, cases, tmp_path)
    failures: list[str] = []
    for (op, *args), answer in zip(cases, answers, strict=True):
        mine = _python(op, args)
        if mine != answer:
            failures.append(f"{op} {args!r}: java={_show(answer)!r} python={_show(mine)!r}")
    assert not failures, "\n".join(failures[:15])


def _python(op: str, args: list[str]) -> str:
    if op == "SORT":
        return "\t".join(_hex(v) for v in java_sorted(args))
    if op == "SIGN":
        ticket, *values = args
        signed = [SignValue("value", v) for v in values] + [SignValue("ticket", ticket)]
        result = compute_sign(signed)
        return _hex(result.sign)
    if op == "ENC":
        return _hex(java_url_encode(args[0]))
    if op == "DEC":
        try:
            return _hex(java_url_decode(args[0]))
        except PlainDecodeError as exc:
            return "ERR:incomplete" if exc.reason == "incomplete_escape" else "ERR:bad"
    if op == "CBSIG":
        return _hex(callback_signature(*args))
    raise AssertionError(op)


def _show(answer: str) -> str:
    if answer.startswith("ERR:"):
        return answer
    return " | ".join(_unhex(part) for part in answer.split("\t"))
