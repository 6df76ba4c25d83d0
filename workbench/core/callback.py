"""Checking a callback envelope the way a careful partner would (PROTOCOL P7).

The verifier never raises on what arrives: an envelope that cannot be read becomes a verdict
with status ``malformed`` and a sentence saying what is wrong, so the window, the command line
and the sandbox can all show it. When a signature does not match, it tries the mistakes people
actually make (Plain decoded before hashing, a salt with a trailing newline, seconds instead of
milliseconds, MD5 or SHA1 instead of SHA256, Python's ``quote_plus`` ...) and says which one
would have matched.

Statuses of :class:`CallbackVerdict`:

``valid``
    signature matches and the timestamp is inside the window; Plain decodes to JSON.
``invalid``
    read fine, but the signature does not match, or the timestamp is not a number or outside
    the window (the partner answers 0010 or 0012, PROTOCOL P7.4).
``malformed``
    the envelope or its Plain cannot be read (0001 or 0103).
``unchecked``
    no salt was given: Plain is decoded and shown, the signature was not checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from workbench.core import diagnose
from workbench.core.callback_codec import (
    CallbackEnvelope,
    PlainDecodeError,
    build_envelope,
    callback_signature,
    java_url_decode,
)
from workbench.core.codes import PARTNER_CODES
from workbench.core.diagnose import Diagnostic
from workbench.core.json_errors import json_error_phrase
from workbench.core.text import Text

STATUS_VALID = "valid"
STATUS_INVALID = "invalid"
STATUS_MALFORMED = "malformed"
STATUS_UNCHECKED = "unchecked"

DEFAULT_WINDOW_S = 300  # PROTOCOL P7.6: 5 minutes either way

REQUIRED_FIELDS = ("Plain", "Signature", "Timestamp")
OPTIONAL_FIELDS = ("transName", "SeqNo")

# The closed set of ways an envelope can be unreadable, each with its sentence.
PROBLEMS: dict[str, Text] = {
    "not_utf8": Text(
        "The body is not valid UTF-8 (byte {position}).",
        "报文不是合法的 UTF-8（第 {position} 字节）。",
    ),
    "not_json": Text("The body is not JSON: {detail}.", "报文不是 JSON：{detail}。"),
    "not_object": Text(
        "The body is JSON but not an object with Plain, Signature, Timestamp.",
        "报文是 JSON，但不是包含 Plain、Signature、Timestamp 的对象。",
    ),
    "missing": Text("The field {field} is missing.", "缺少字段 {field}。"),
    "not_string": Text(
        "The field {field} must be a JSON string.", "字段 {field} 必须是 JSON 字符串。"
    ),
    "duplicate_key": Text(
        "The key {field} appears twice; readers disagree on which one counts.",
        "键 {field} 出现了两次，不同的解析器会取不同的值。",
    ),
    "bad_escape": Text(
        "Plain has a '%' not followed by two hex digits (position {position}).",
        "Plain 第 {position} 位的 '%' 后面不是两位十六进制数。",
    ),
    "incomplete_escape": Text(
        "Plain ends in an incomplete '%' escape (position {position}).",
        "Plain 在第 {position} 位以不完整的 '%' 转义结尾。",
    ),
    "plain_not_json": Text(
        "Plain decodes, but the result is not JSON: {detail}.",
        "Plain 可以解码，但结果不是 JSON：{detail}。",
    ),
}

REASONS: dict[str, Text] = {
    "signature_mismatch": Text(
        "The signature does not match: expected {expected}.", "签名不一致：应为 {expected}。"
    ),
    "timestamp_not_number": Text(
        "Timestamp is not a number of milliseconds: {value!r}.", "Timestamp 不是毫秒数：{value!r}。"
    ),
    "timestamp_outside_window": Text(
        "Timestamp is outside the {window} s window ({age}).",
        "Timestamp 超出 {window} 秒的时间窗口（{age}）。",
    ),
}


_NO_DETAIL = Text("", "")


class MalformedCallback(ValueError):
    """The envelope cannot be read: ``problem`` is a key of :data:`PROBLEMS`."""

    def __init__(
        self, field_name: str, problem: str, *, position: int = -1, detail: Text = _NO_DETAIL
    ) -> None:
        self.field = field_name
        self.problem = problem
        self.position = position
        self.detail = detail.en
        self.text = _with_detail(PROBLEMS[problem], detail, field=field_name, position=position)
        super().__init__(self.text.en)


def _with_detail(template: Text, detail: Text, **kwargs: object) -> Text:
    """``template`` formatted with ``detail`` in each language (and ``kwargs`` in both)."""
    return Text(
        template.en.format(detail=detail.en, **kwargs),
        template.zh.format(detail=detail.zh, **kwargs),
    )


@dataclass(frozen=True)
class Reason:
    """Why a verdict is not ``valid``."""

    code: str
    text: Text


@dataclass(frozen=True)
class CallbackVerdict:
    """Everything the verifier found out about one envelope."""

    status: str
    reasons: list[Reason] = field(default_factory=list)
    decoded_plain: str | None = None
    business_json: Any = None
    expected_signature: str | None = None
    given_signature: str | None = None
    sign_input_masked: str = ""
    age_ms: int | None = None
    age_text: Text | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    envelope: CallbackEnvelope | None = None

    @property
    def reason_codes(self) -> list[str]:
        return [r.code for r in self.reasons]

    @property
    def partner_code(self) -> str:
        """The P7.4 code a partner would answer with for this verdict."""
        codes = set(self.reason_codes)
        if self.status in (STATUS_VALID, STATUS_UNCHECKED):
            return "0000"
        if "signature_mismatch" in codes:
            return "0010"
        if codes & {"timestamp_outside_window", "timestamp_not_number"}:
            return "0012"
        if codes & {"bad_escape", "incomplete_escape", "plain_not_json"}:
            return "0103"
        return "0001"


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise MalformedCallback(key, "duplicate_key")
        seen[key] = value
    return seen


class _NotJsonConstant(ValueError):
    """NaN, Infinity or -Infinity, which Python reads and JSON does not allow."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is not JSON")
        self.name = name


def _reject_constant(name: str) -> Any:
    # Java's JSON readers refuse NaN and Infinity; so do we.
    raise _NotJsonConstant(name)


def _loads(text: str, *, strict_keys: bool) -> Any:
    hook = _reject_duplicates if strict_keys else None
    return json.loads(text, object_pairs_hook=hook, parse_constant=_reject_constant)


def _json_problem(exc: Exception) -> Text:
    """What is wrong with a JSON text, in both languages (Python's own words are English)."""
    if isinstance(exc, RecursionError):
        return Text("nested too deeply", "嵌套层数过深")
    if isinstance(exc, json.JSONDecodeError):
        phrase = json_error_phrase(exc.msg)
        return Text(
            f"{phrase.en} at line {exc.lineno} column {exc.colno}",
            f"第 {exc.lineno} 行第 {exc.colno} 列：{phrase.zh}",
        )
    if isinstance(exc, _NotJsonConstant):
        return Text(f"{exc.name} is not allowed in JSON", f"JSON 中不允许 {exc.name}")
    return Text(str(exc), str(exc))


def parse_envelope(body: bytes | str) -> CallbackEnvelope:
    """Read a callback body (bytes as received, or text), strictly.

    Raises :class:`MalformedCallback` for anything but a JSON object whose ``Plain``,
    ``Signature`` and ``Timestamp`` are strings (``transName``/``SeqNo`` may be absent).
    """
    if isinstance(body, bytes):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MalformedCallback("body", "not_utf8", position=exc.start) from None
    else:
        text = body
    text = text.removeprefix("\ufeff")
    try:
        data = _loads(text, strict_keys=True)
    except MalformedCallback:
        raise
    except (ValueError, RecursionError) as exc:
        raise MalformedCallback("body", "not_json", detail=_json_problem(exc)) from None
    if not isinstance(data, dict):
        raise MalformedCallback("body", "not_object")
    values: dict[str, str] = {}
    for name in REQUIRED_FIELDS + OPTIONAL_FIELDS:
        if name not in data:
            if name in REQUIRED_FIELDS:
                raise MalformedCallback(name, "missing")
            values[name] = ""
            continue
        if not isinstance(data[name], str):
            raise MalformedCallback(name, "not_string")
        values[name] = data[name]
    return CallbackEnvelope(
        plain=values["Plain"],
        signature=values["Signature"],
        timestamp=values["Timestamp"],
        trans_name=values["transName"],
        seq_no=values["SeqNo"],
    )


_UNITS = (
    (86_400_000, "d", "天"),
    (3_600_000, "h", "小时"),
    (60_000, "min", "分"),
    (1000, "s", "秒"),
)


def describe_age(age_ms: int) -> Text:
    """``age_ms`` (now minus timestamp) in words: "3 min 12 s ago", "in the future by 2 h".

    At most the two largest units, the second only when it is not zero.
    """
    magnitude = abs(age_ms)
    if magnitude < 1000:
        return Text("just now", "刚刚")
    parts: list[tuple[int, str, str]] = []
    rest = magnitude
    for size, en, zh in _UNITS:
        count, rest = divmod(rest, size)
        if count or parts:
            parts.append((count, en, zh))
        if len(parts) == 2:
            break
    if len(parts) == 2 and parts[1][0] == 0:
        parts.pop()
    en = " ".join(f"{n} {u}" for n, u, _ in parts)
    zh = " ".join(f"{n} {u}" for n, _, u in parts)
    if age_ms > 0:
        return Text(f"{en} ago", f"{zh}前")
    return Text(f"in the future by {en}", f"{zh}后")


def _timestamp_ms(timestamp: str) -> int | None:
    s = timestamp.strip()
    if not s or not s.isascii() or not s.isdigit() or len(s) > 17:
        return None
    return int(s)


def verify_callback(
    envelope: CallbackEnvelope,
    salt: str | None,
    now_ms: int,
    window_s: int = DEFAULT_WINDOW_S,
) -> CallbackVerdict:
    """Check ``envelope`` against ``salt`` at ``now_ms`` (PROTOCOL P7.2, P7.5, P7.6).

    Order follows the bank's Java sample: the signature first (over Plain as it stands), then the
    decoding of Plain; the timestamp window last. ``salt=None`` decodes only (``unchecked``).
    """
    reasons: list[Reason] = []
    diagnostics: list[Diagnostic] = []
    plain, given, ts = envelope.plain, envelope.signature, envelope.timestamp

    decoded: str | None = None
    business: Any = None
    plain_problem: Reason | None = None
    try:
        decoded = java_url_decode(plain)
    except PlainDecodeError as exc:
        text = PROBLEMS[exc.reason].format(position=exc.position)
        plain_problem = Reason(exc.reason, text)
    if decoded is not None:
        try:
            business = _loads(decoded, strict_keys=False)
        except (ValueError, RecursionError) as exc:
            text = _with_detail(PROBLEMS["plain_not_json"], _json_problem(exc))
            plain_problem = Reason("plain_not_json", text)

    diagnostics.extend(diagnose.callback_envelope_notes(envelope, decoded))

    expected: str | None = None
    if salt is not None:
        expected = callback_signature(plain, salt, ts)
        if given != expected:
            reasons.append(
                Reason(
                    "signature_mismatch", REASONS["signature_mismatch"].format(expected=expected)
                )
            )
            diagnostics.extend(diagnose.callback_variants(envelope, salt, decoded))

    age_ms: int | None = None
    age_text: Text | None = None
    ts_ms = _timestamp_ms(ts)
    if ts_ms is None:
        reasons.append(
            Reason("timestamp_not_number", REASONS["timestamp_not_number"].format(value=ts))
        )
    else:
        age_ms = now_ms - ts_ms
        age_text = describe_age(age_ms)
        if abs(age_ms) > window_s * 1000:
            template = REASONS["timestamp_outside_window"]
            text = Text(
                template.en.format(window=window_s, age=age_text.en),
                template.zh.format(window=window_s, age=age_text.zh),
            )
            reasons.append(Reason("timestamp_outside_window", text))
    if plain_problem is not None:
        reasons.append(plain_problem)

    codes = {r.code for r in reasons}
    if salt is None:
        status = STATUS_MALFORMED if plain_problem is not None else STATUS_UNCHECKED
    elif "signature_mismatch" in codes:
        status = STATUS_INVALID  # nothing in an unsigned message can be trusted, readable or not
    elif plain_problem is not None:
        status = STATUS_MALFORMED
    elif reasons:
        status = STATUS_INVALID
    else:
        status = STATUS_VALID
    return CallbackVerdict(
        status=status,
        reasons=reasons,
        decoded_plain=decoded,
        business_json=business,
        expected_signature=expected,
        given_signature=given,
        sign_input_masked=f"{plain}•••{ts}",
        age_ms=age_ms,
        age_text=age_text,
        diagnostics=diagnostics,
        envelope=envelope,
    )


def verify_callback_body(
    body: bytes | str, salt: str | None, now_ms: int, window_s: int = DEFAULT_WINDOW_S
) -> CallbackVerdict:
    """:func:`parse_envelope` then :func:`verify_callback`; an unreadable body is ``malformed``."""
    try:
        envelope = parse_envelope(body)
    except MalformedCallback as exc:
        return CallbackVerdict(status=STATUS_MALFORMED, reasons=[Reason(exc.problem, exc.text)])
    return verify_callback(envelope, salt, now_ms, window_s)


def build_signed_response(
    business_json: str, salt: str, trans_name: str, seq_no: str, timestamp_ms: int
) -> CallbackEnvelope:
    """The partner's signed answer: same envelope, same salt, its own JSON (PROTOCOL P7.3)."""
    return build_envelope(
        business_json, salt=salt, trans_name=trans_name, seq_no=seq_no, timestamp_ms=timestamp_ms
    )


def partner_response_json(code: str, desc: str | None = None) -> str:
    """``{"CODE":"0000","DESC":"系统处理成功"}`` for a P7.4 code; ``desc`` defaults to the guide's.

    Codes agreed per interface are allowed; without a ``desc`` they carry no ``DESC``.
    """
    if desc is None:
        desc = next((c.guide_message for c in PARTNER_CODES if c.code == code), None)
    answer = {"CODE": code} if desc is None else {"CODE": code, "DESC": desc}
    return json.dumps(answer, ensure_ascii=False, separators=(",", ":"))
