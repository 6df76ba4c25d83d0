"""What the receiver answers, and the per-transName rules that change it (PROTOCOL P7.3, P7.4).

By default the receiver answers as a careful partner would: the P7.4 code its verdict calls for
(0000 for a valid callback), in the signed envelope. A rule for one ``transName`` can answer
another code (even a deliberately wrong one such as 0010 for a valid callback), wait before
answering, or send an answer the bank's side should refuse (unsigned, a bad signature, garbage,
nothing) so that partners can test how the other side copes.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any

from workbench.core.callback import partner_response_json
from workbench.core.callback_codec import build_envelope

MODE_SIGNED = "signed"  # the envelope, signed with the salt (PROTOCOL P7.3)
MODE_UNSIGNED = "unsigned"  # the bare business JSON, no envelope
MODE_BAD_SIGNATURE = "bad_signature"  # the envelope with a signature that does not match
MODE_GARBLED = "garbled"  # bytes that are not JSON
MODE_EMPTY = "empty"  # an empty body
MODES = (MODE_SIGNED, MODE_UNSIGNED, MODE_BAD_SIGNATURE, MODE_GARBLED, MODE_EMPTY)

ANY_TRANS_NAME = "*"  # a rule for every transName that has no rule of its own
MAX_DELAY_MS = 120_000
GARBLED_BODY = b"\x00\xff<html>garbled answer</html>\x81"


@dataclass(frozen=True)
class AnswerRule:
    """How to answer callbacks of one ``transName``.

    ``code`` empty means "what the verdict calls for"; ``delay_ms`` is waited before answering.
    """

    trans_name: str
    code: str = ""
    delay_ms: int = 0
    mode: str = MODE_SIGNED

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AnswerRule:
        """Lenient: remembered UI state may be old or hand-edited."""
        mode = str(data.get("mode", MODE_SIGNED))
        try:
            delay = int(data.get("delay_ms", 0))
        except (TypeError, ValueError):
            delay = 0
        return cls(
            trans_name=str(data.get("trans_name", "")).strip(),
            code=str(data.get("code", "")).strip(),
            delay_ms=min(max(delay, 0), MAX_DELAY_MS),
            mode=mode if mode in MODES else MODE_SIGNED,
        )


class RuleBook:
    """The rules in force; replaced whole from the window while the server answers (thread-safe)."""

    def __init__(self, rules: list[AnswerRule] | None = None) -> None:
        self._lock = threading.Lock()
        self._rules: dict[str, AnswerRule] = {}
        self.replace(rules or [])

    def replace(self, rules: list[AnswerRule]) -> None:
        table = {r.trans_name: r for r in rules if r.trans_name}
        with self._lock:
            self._rules = table

    def rules(self) -> list[AnswerRule]:
        with self._lock:
            return list(self._rules.values())

    def rule_for(self, trans_name: str) -> AnswerRule | None:
        with self._lock:
            return self._rules.get(trans_name) or self._rules.get(ANY_TRANS_NAME)


@dataclass(frozen=True)
class Answer:
    """An answer ready to send, and what it says, for the event log."""

    status: int
    body: bytes
    content_type: str
    code: str  # the partner code inside (PROTOCOL P7.4)
    mode: str
    delay_ms: int = 0


def build_answer(
    code: str,
    *,
    salt: str,
    trans_name: str,
    seq_no: str,
    now_ms: int,
    mode: str = MODE_SIGNED,
    status: int = 200,
    delay_ms: int = 0,
) -> Answer:
    """Encode ``code`` as the partner's answer in the chosen ``mode`` (PROTOCOL P7.3)."""
    business = partner_response_json(code)
    json_type = "application/json; charset=utf-8"
    if mode == MODE_UNSIGNED:
        return Answer(status, business.encode("utf-8"), json_type, code, mode, delay_ms)
    if mode == MODE_GARBLED:
        return Answer(status, GARBLED_BODY, "application/json", code, mode, delay_ms)
    if mode == MODE_EMPTY:
        return Answer(status, b"", "application/json", code, mode, delay_ms)
    # A wrong salt gives a well-formed envelope whose signature cannot match.
    sign_salt = salt if mode == MODE_SIGNED else salt + "-not-the-salt"
    envelope = build_envelope(
        business, salt=sign_salt, trans_name=trans_name, seq_no=seq_no, timestamp_ms=now_ms
    )
    return Answer(status, envelope.to_json().encode("utf-8"), json_type, code, mode, delay_ms)
