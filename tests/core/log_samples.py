"""A partner's log, built to order: callbacks of every kind among noise, with what a scan must find.

Used by the scanner's tests, the command line's tests, the Log view's test and the benchmark.
Every line written with an item also records the item expected at that line.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from workbench.core.callback_codec import build_envelope, callback_signature
from workbench.core.log_report import format_time

SALT = "partner-salt-Ω1"
OTHER_SALT = "someone-else's-salt"
START_MS = 1_795_000_000_000  # the log's first line; times are written in UTC+8, no zone
OFFSET_S = 8 * 3600
TRANS_NAMES = ("loanResultNotify", "repayNotify", "creditResultNotify")


@dataclass(frozen=True)
class Expected:
    line: int
    kind: str
    status: str
    trans_name: str = ""
    seq_no: str = ""
    escaped: bool = False
    end_line: int = 0
    note: str = ""  # how the builder made it (for callbacks: valid, tampered, other_salt, ...)


@dataclass
class LogBuilder:
    seed: int = 7
    lines: list[bytes] = field(default_factory=list)
    expected: list[Expected] = field(default_factory=list)
    now_ms: int = START_MS
    seq: int = 0
    offset_s: int = OFFSET_S  # the zone the log's times are written in

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    # plumbing ---------------------------------------------------------------------------
    def _prefix(self, level: str = "INFO") -> str:
        self.now_ms += self.rng.randint(5, 900)
        return f"{format_time(self.now_ms, self.offset_s)} [{level}] pool-{self.rng.randint(1, 9)} "

    def _add(self, text: str | bytes) -> int:
        self.lines.append(text.encode() if isinstance(text, str) else text)
        return len(self.lines)

    def _expect(self, line: int, kind: str, status: str, **kw: object) -> None:
        end = kw.pop("end_line", line)
        self.expected.append(Expected(line, kind, status, end_line=end, **kw))  # type: ignore[arg-type]

    def _envelope(self, business: dict[str, object], trans: str, seq: str, **kw: object) -> dict:
        text = json.dumps(business, ensure_ascii=False, separators=(",", ":"))
        ts = int(kw.get("ts", self.now_ms - self.rng.randint(0, 3000)))  # type: ignore[call-overload]
        env = build_envelope(
            text, salt=str(kw.get("salt", SALT)), trans_name=trans, seq_no=seq, timestamp_ms=ts
        ).to_dict()
        return env

    def _business(self, seq: str) -> dict[str, object]:
        return {
            "orderNo": f"ORD{seq}",
            "amount": f"{self.rng.randint(1, 99999)}.{self.rng.randint(0, 99):02d}",
            "name": self.rng.choice(["张三", "李四", "Wang Wu", "a+b ~*"]),
            "status": self.rng.choice(["SUCCESS", "FAIL"]),
        }

    def next_seq(self) -> str:
        self.seq += 1
        return f"{START_MS // 1000}{self.seq:06d}"

    # items ------------------------------------------------------------------------------------
    def callback(self, kind: str = "valid", *, seq: str | None = None) -> tuple[str, str]:
        """One callback: valid, tampered, other_salt, stale, slip, escaped, pretty, malformed."""
        seq = seq or self.next_seq()
        count = len(self.expected)
        trans = self.rng.choice(TRANS_NAMES)
        prefix = self._prefix()
        salt = OTHER_SALT if kind == "other_salt" else SALT
        ts = self.now_ms - 3_600_000 if kind == "stale" else None
        env = self._envelope(
            self._business(seq), trans, seq, salt=salt, **({"ts": ts} if ts else {})
        )
        status = "valid"
        if kind == "tampered":
            env["Plain"] = env["Plain"].replace("ORD", "ORX", 1)
            status = "invalid"
        elif kind in ("other_salt", "stale"):
            status = "invalid"
        elif kind == "slip":  # Plain decoded before hashing: the verifier names the slip
            from workbench.core.callback_codec import java_url_decode

            env["Signature"] = callback_signature(
                java_url_decode(env["Plain"]), SALT, env["Timestamp"]
            )
            status = "invalid"
        if kind == "escaped":
            line = self._add(prefix + "gateway forward " + json.dumps({"body": json.dumps(env)}))
            self._expect(line, "callback", status, trans_name=trans, seq_no=seq, escaped=True)
        elif kind == "pretty":
            self._add(prefix + "callback received:")
            pretty = json.dumps(env, indent=4, ensure_ascii=False).split("\n")
            first = self._add(pretty[0])
            for text in pretty[1:]:
                last = self._add(text)
            self._expect(first, "callback", status, trans_name=trans, seq_no=seq, end_line=last)
        elif kind == "malformed":
            cut = json.dumps(env)[:80]  # the logger cut the line short
            line = self._add(prefix + "callback body=" + cut)
            self._expect(line, "callback", "malformed")
        elif kind == "non_utf8":
            raw = (prefix + "callback \xff ").encode("latin-1", "replace")
            line = self._add(raw + b"\xff\xfe " + json.dumps(env).encode())
            self._expect(line, "callback", status, trans_name=trans, seq_no=seq)
        else:
            line = self._add(prefix + "callback body=" + json.dumps(env, ensure_ascii=False))
            self._expect(line, "callback", status, trans_name=trans, seq_no=seq)
        self.expected[count] = dataclasses.replace(self.expected[count], note=kind)
        return trans, seq

    def answer(self, trans: str, seq: str, code: str = "0000", *, escaped: bool = False) -> None:
        business = {"CODE": code, "DESC": "系统处理成功" if code == "0000" else "签名校验失败"}
        env = self._envelope(business, trans, seq)
        prefix = self._prefix()
        if escaped:
            line = self._add(prefix + "reply " + json.dumps({"resp": json.dumps(env)}))
        else:
            line = self._add(prefix + "reply " + json.dumps(env))
        self._expect(line, "answer", "valid", trans_name=trans, seq_no=seq, escaped=escaped)

    def request(self, *, body_next_line: bool = False) -> None:
        nonce = "".join(self.rng.choice("abcdefghijkLMNOP0123456789") for _ in range(32))
        sign = "".join(self.rng.choice("0123456789ABCDEF") for _ in range(40))
        url = (
            f"https://api.example.com/api/s/loan/apply?app_id=W0000001&nonce={nonce}"
            f"&version=2.0.0&sign={sign}"
        )
        body = json.dumps({"orderNo": self.next_seq(), "amount": "12.00"})
        if body_next_line:
            line = self._add(self._prefix() + "POST " + url)
            self._add(body)
        else:
            line = self._add(self._prefix() + "POST " + url + " body=" + body)
        self._expect(line, "request", "unchecked")

    def platform_answer(self, code: str = "60840000", *, pretty: bool = False) -> None:
        answer: dict[str, object] = {"code": code, "msg": "成功" if code == "60840000" else "fail"}
        answer["bizSeqNo"] = self.next_seq()
        if code == "60840000":
            answer["jsonData"] = json.dumps({"CODE": "0", "DESC": "ok"})
        status = "ok" if code == "60840000" else "error"
        if pretty:
            self._add(self._prefix() + "platform said:")
            lines = json.dumps(answer, indent=2, ensure_ascii=False).split("\n")
            first = self._add(lines[0])
            for text in lines[1:]:
                last = self._add(text)
            self._expect(
                first, "platform_answer", status, seq_no=str(answer["bizSeqNo"]), end_line=last
            )
        else:
            line = self._add(self._prefix() + "answer " + json.dumps(answer, ensure_ascii=False))
            self._expect(line, "platform_answer", status, seq_no=str(answer["bizSeqNo"]))

    def noise(self) -> None:
        choice = self.rng.randrange(9)
        prefix = self._prefix(self.rng.choice(["INFO", "DEBUG", "WARN"]))
        if choice == 0:
            self._add(prefix + "GET /health 200 3ms")
        elif choice == 1:
            self._add(prefix + json.dumps({"code": 0, "data": [1, 2, 3]}))  # no msg: not an answer
        elif choice == 2:
            self._add(prefix + "redirect https://example.com/?app_id=1&sign=2 (no nonce)")
        elif choice == 3:
            self._add((prefix + "garbled ").encode() + bytes([0xC3, 0x28, 0xFF, 0x80]) + b" end")
        elif choice == 4:
            self._add("    at com.partner.Callback.handle(Callback.java:42)")
        elif choice == 5:
            self._add(prefix + 'user said "Plain text please" {not json}')
        elif choice == 6:
            self._add(prefix + 'config {"timeout": 30, "retries": 3}')
        elif choice == 7:
            self._add("")
        else:
            self._add(prefix + "x" * self.rng.randint(10, 200))

    def text(self) -> bytes:
        return b"\n".join(self.lines) + b"\n"


def mixed_log(items: int, seed: int = 7, noise_per_item: int = 2, **kw: int) -> LogBuilder:
    """A log of about ``items`` items of every kind, ``noise_per_item`` noise lines each
    (``now_ms``, ``offset_s``: when the log starts, the zone its times are written in)."""
    b = LogBuilder(seed, **kw)  # type: ignore[arg-type]
    kinds = (
        ["valid"] * 6
        + ["tampered", "other_salt", "escaped", "escaped", "pretty", "pretty"]
        + ["stale", "slip", "malformed", "non_utf8"]
    )
    done = 0
    while done < items:
        for _ in range(b.rng.randint(0, noise_per_item * 2)):
            b.noise()
        what = b.rng.random()
        if what < 0.55:
            kind = b.rng.choice(kinds)
            trans, seq = b.callback(kind)
            done += 1
            if kind != "malformed" and b.rng.random() < 0.6:
                for _ in range(b.rng.randint(0, 2)):
                    b.noise()
                b.answer(trans, seq, escaped=b.rng.random() < 0.3)
                done += 1
            if b.rng.random() < 0.03 and kind != "malformed":  # the bank retries the same SeqNo
                b.callback("valid", seq=seq)
                done += 1
        elif what < 0.75:
            b.request(body_next_line=b.rng.random() < 0.3)
            done += 1
        else:
            pick = b.rng.random()
            code = "60840000" if pick < 0.7 else b.rng.choice(["60841018", "60841017", "60846999"])
            b.platform_answer(code, pretty=b.rng.random() < 0.2)
            done += 1
    return b


@contextmanager
def machine_zone(name: str) -> Iterator[None]:
    """This process's local zone set to ``name`` (``Asia/Shanghai``), put back afterwards."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
