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


def extract_envelope(text: str) -> tuple[CallbackEnvelope, str] | None:
    """The callback envelope inside a pasted log line (``... body={"Plain": ...} took 3 ms``).

    Users copy callbacks out of their logs with the logger's prefix and suffix around them.
    Returns the envelope and the exact JSON text it was read from, or None when the text holds
    no readable envelope. The whole text, when it is an envelope itself, is returned as is.
    (Envelopes escaped in log lines are the log scanner's: :func:`_envelope_texts`.)
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
            _, end = decoder.raw_decode(text, start)
        except (ValueError, RecursionError):
            end = -1
        if end > start:
            inner = text[start:end]
            try:
                return parse_envelope(inner), inner
            except MalformedCallback:
                pass
        start = text.find("{", start + 1)
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
    # Every envelope in the paste is checked, found as the Log view finds them (in order,
    # however escaped, whatever lies between): the first alone passed a file with a forged
    # callback beside a good one. The same callback logged twice (its decoded copy, say) counts
    # once; a callback logged with its answer is two envelopes signed with the salt, both
    # verify. The verdict shown is the first that fails, or the first when all pass.
    texts = _envelope_texts(text)
    if not texts:  # what the scanner does not take for one (a duplicate key, say)
        found = extract_envelope(text)
        if found is None and not text.lstrip("\ufeff \t\r\n").startswith(("{", "[")):
            # "more text follows the JSON value at line 1 column 5": the year of a log line's
            # time read as a number. Say what is wrong with the paste instead.
            return dataclasses.replace(verdict, reasons=[Reason("no_envelope", NO_ENVELOPE)])
        if found is None or found[1] == text.removeprefix("\ufeff"):
            return verdict
        verdicts = [verify_callback(found[0], salt, now_ms, window_s)]
    elif len(texts) == 1 and texts[0].strip() == text.removeprefix("\ufeff").strip():
        return verdict  # the whole paste is the (malformed) envelope: said as it is
    else:
        verdicts = [verify_callback_body(t, salt, now_ms, window_s) for t in texts]
    notes = [Diagnostic("extracted_from_log", LOG_NOTE)]
    passing = (STATUS_VALID, STATUS_UNCHECKED)
    failing = [i for i, v in enumerate(verdicts) if v.status not in passing]
    index = failing[0] if failing else 0
    inner = verdicts[index]
    count = len(verdicts)
    if count > 1:
        several = (
            Text(
                f"The pasted text holds {count} envelopes; number {index + 1}, shown here, is "
                "the first that does not pass (check a whole log with callback scan, or the Log "
                "view).",
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
        notes.append(Diagnostic("several_envelopes", several))
    return dataclasses.replace(inner, diagnostics=[*notes, *inner.diagnostics])


def _envelope_texts(text: str) -> list[str]:
    """The text of each envelope in ``text`` (callbacks and answers), in order, unescaped, found
    by the log scanner; one whose Signature and Timestamp were already seen is the same
    callback logged again, and is left out."""
    from workbench.core.log_items import KIND_ANSWER, KIND_CALLBACK
    from workbench.core.log_scan import scan_text  # the scanner: only for a paste of a log

    texts: list[str] = []
    seen: set[object] = set()
    for item in scan_text(text, None).items:
        if item.kind not in (KIND_CALLBACK, KIND_ANSWER):
            continue
        try:
            env = parse_envelope(item.text)
            key: object = (env.signature, env.timestamp)
        except MalformedCallback:
            key = item.text
        if key not in seen:
            seen.add(key)
            texts.append(item.text)
    return texts
