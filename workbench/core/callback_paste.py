"""Callbacks pasted by a person (the window's verifier, ``callback verify``): the envelope found
inside a log line, and fields pasted one by one with what copying adds around them.

The checks themselves are :mod:`workbench.core.callback`'s; here is only what a paste needs
before and around them, so that the window and the command line agree on the same input.
"""

from __future__ import annotations

import dataclasses
import json

from workbench.core.callback import (
    DEFAULT_WINDOW_S,
    STATUS_MALFORMED,
    STATUS_UNCHECKED,
    STATUS_VALID,
    CallbackVerdict,
    MalformedCallback,
    Reason,
    parse_envelope,
    verify_callback,
    verify_callback_body,
)
from workbench.core.callback_codec import CallbackEnvelope
from workbench.core.diagnose import Diagnostic
from workbench.core.text import Text

LOG_NOTE = Text(
    "Only the JSON object inside the pasted text was checked; the text around it "
    "(a log line's prefix or suffix) was left out.",
    "只校验了粘贴文本中的 JSON 对象；其前后的文字（如日志行的前缀或后缀）已忽略。",
)
_MAX_STARTS = 64  # '{' positions tried in a pasted text before giving up
MAX_ESCAPES = 3  # levels of JSON string escaping undone to find an envelope


def _strings(value: object) -> list[str]:
    """The strings inside a decoded JSON value (a log line's fields), in order."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def extract_envelope(text: str, depth: int = 0) -> tuple[CallbackEnvelope, str] | None:
    """The callback envelope inside a pasted log line (``... body={"Plain": ...} took 3 ms``).

    Users copy callbacks out of their logs with the logger's prefix and suffix around them.
    Returns the envelope and the exact JSON text it was read from, or None when the text holds
    no readable envelope. The whole text, when it is an envelope itself, is returned as is.
    An envelope logged inside a JSON string (``{"body":"{\\"Plain\\": ...}"}``, as a JSON
    logger writes it, or escaped in a text line) is found too, unescaped, as the Log view
    finds it (up to three levels).
    """
    try:
        return parse_envelope(text), text
    except MalformedCallback:
        pass
    decoder = json.JSONDecoder()
    start = text.find("{")
    for _ in range(_MAX_STARTS):
        if start < 0:
            break
        try:
            value, end = decoder.raw_decode(text, start)
        except (ValueError, RecursionError):
            value, end = None, -1
        if end > start:
            inner = text[start:end]
            try:
                return parse_envelope(inner), inner
            except MalformedCallback:
                pass
            if depth < MAX_ESCAPES:  # a JSON log line: the envelope in one of its strings
                for string in _strings(value):
                    found = extract_envelope(string, depth + 1) if "Plain" in string else None
                    if found is not None:
                        return found
        start = text.find("{", start + 1)
    if depth < MAX_ESCAPES and '\\"' in text:  # escaped in a line that is not JSON itself
        found = extract_envelope(text.replace('\\"', '"').replace("\\\\", "\\"), depth + 1)
        if found is not None:
            return found
    # A JSON object that does not read on its own (e.g. a duplicate key): first '{' to last '}'.
    first, last = text.find("{"), text.rfind("}")
    if 0 <= first < last:
        inner = text[first : last + 1]
        try:
            return parse_envelope(inner), inner
        except MalformedCallback:
            return None
    return None


NO_ENVELOPE = Text(
    "No callback envelope (a JSON object with Plain, Signature and Timestamp) was found in the "
    "pasted text.",
    "粘贴的文本中没有找到回调报文（含 Plain、Signature 和 Timestamp 的 JSON 对象）。",
)

TRIMMED_NOTE = Text(  # PROTOCOL P7.1
    "The pasted Plain had spaces or a line end around it (copied with its line?); it was checked "
    "without them: a Plain in Java URLEncoder form has none.",
    "粘贴的 Plain 前后带有空格或换行（是否连同行尾一起复制了？），已去掉后再校验："
    "Java URLEncoder 编码的 Plain 不含这些字符。",
)


def verify_pasted_fields(
    envelope: CallbackEnvelope, salt: str | None, now_ms: int, window_s: int = DEFAULT_WINDOW_S
) -> CallbackVerdict:
    """:func:`verify_callback` for fields a person pasted one by one (the window's Fields page,
    ``callback verify --plain``).

    Spaces and line ends around Plain are a copying slip, not the sender's: URLEncoder's output
    has none (PROTOCOL P7.1). Plain is checked without them, and a note says so; only when the
    Plain as given is itself signed correctly is it kept as given (a sender whose encoder left
    a space, and signed it). Signature and Timestamp are judged as given: whitespace around a
    Signature is a slip of its own (``signature_whitespace``), which the check names.
    """
    as_given = verify_callback(envelope, salt, now_ms, window_s)
    trimmed = envelope.plain.strip()
    signed_as_given = salt is not None and "signature_mismatch" not in as_given.reason_codes
    if trimmed == envelope.plain or signed_as_given:
        return as_given
    verdict = verify_callback(dataclasses.replace(envelope, plain=trimmed), salt, now_ms, window_s)
    note = Diagnostic("plain_trimmed", TRIMMED_NOTE)
    return dataclasses.replace(verdict, diagnostics=[note, *verdict.diagnostics])


def verify_pasted_callback(
    body: bytes | str, salt: str | None, now_ms: int, window_s: int = DEFAULT_WINDOW_S
) -> CallbackVerdict:
    """:func:`verify_callback_body` for a callback pasted or saved by a person.

    When the text is not an envelope by itself, the envelope inside it (a log line around it,
    :func:`extract_envelope`) is checked instead, and a note says so. The window's verifier and
    ``callback verify --body-file`` both use this, so they agree on the same input.
    """
    verdict = verify_callback_body(body, salt, now_ms, window_s)
    if verdict.status != STATUS_MALFORMED or verdict.envelope is not None:
        return verdict
    if isinstance(body, bytes):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return verdict
    else:
        text = body
    found = extract_envelope(text)
    if found is None and not text.lstrip("\ufeff \t\r\n").startswith(("{", "[")):
        # "more text follows the JSON value at line 1 column 5": the year of a log line's time
        # read as a number. Say what is wrong with the paste instead.
        reason = Reason("no_envelope", NO_ENVELOPE)
        return dataclasses.replace(verdict, reasons=[reason])
    if found is None or found[1] == text.removeprefix("\ufeff"):
        return verdict
    # Every envelope in the paste is checked: the first alone passed a file with a forged
    # callback after (or before) a good one. They are found as the Log view finds them, in
    # order, however escaped; the same callback logged twice (its decoded copy, say) counts
    # once. A callback logged with its answer is two envelopes signed with the salt: both
    # verify. The verdict shown is the first that fails, or the first when all pass.
    verdicts = _each_envelope(text, salt, now_ms, window_s)
    if len(verdicts) < 2:
        inner = verify_callback(found[0], salt, now_ms, window_s)
        note = Diagnostic("extracted_from_log", LOG_NOTE)
        return dataclasses.replace(inner, diagnostics=[note, *inner.diagnostics])
    passing = (STATUS_VALID, STATUS_UNCHECKED)
    failing = [i for i, v in enumerate(verdicts) if v.status not in passing]
    index = failing[0] if failing else 0
    inner = verdicts[index]
    count = len(verdicts)
    several = (
        Text(
            f"The pasted text holds {count} envelopes; number {index + 1}, shown here, is the "
            "first that does not pass (check a whole log with callback scan, or the Log view).",
            f"粘贴的文本中有 {count} 个报文；这里显示的第 {index + 1} 个是第一个未通过的"
            "（整份日志请用 callback scan 或“日志”页检查）。",
        )
        if failing
        else Text(
            f"The pasted text holds {count} envelopes"
            + (" (a callback and its answer, say)" if count == 2 else "")
            + "; each of them passes.",
            f"粘贴的文本中有 {count} 个报文"
            + ("（例如回调及其应答）" if count == 2 else "")
            + "；每一个都通过校验。",
        )
    )
    notes = [Diagnostic("extracted_from_log", LOG_NOTE), Diagnostic("several_envelopes", several)]
    return dataclasses.replace(inner, diagnostics=[*notes, *inner.diagnostics])


def _each_envelope(
    text: str, salt: str | None, now_ms: int, window_s: int
) -> list[CallbackVerdict]:
    """A verdict for each envelope in ``text``, in order, found by the log scanner (every one,
    escaped or not, with no limit on what lies between); an envelope whose Signature and
    Timestamp were already seen is the same callback logged again, and is left out."""
    from workbench.core.log_items import KIND_ANSWER, KIND_CALLBACK
    from workbench.core.log_scan import scan_text  # the scanner: only for a paste of a log

    verdicts: list[CallbackVerdict] = []
    seen: set[tuple[str, str] | str] = set()
    for item in scan_text(text, None).items:
        if item.kind not in (KIND_CALLBACK, KIND_ANSWER):
            continue
        verdict = verify_callback_body(item.text, salt, now_ms, window_s)
        env = verdict.envelope
        key: tuple[str, str] | str = (env.signature, env.timestamp) if env else item.text
        if key in seen:
            continue
        seen.add(key)
        verdicts.append(verdict)
    return verdicts
