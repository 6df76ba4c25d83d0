"""The pure side of the callback verifier view: the check itself, the signature diff, the sample.

Why apart from the view: :func:`check` runs on a worker thread for big inputs, and none of
these touch a widget, so they are tested and read without Qt's layout around them.
"""

from __future__ import annotations

import dataclasses
import html
import json

from workbench.core.callback import (
    STATUS_MALFORMED,
    CallbackVerdict,
    verify_callback,
    verify_callback_body,
)
from workbench.core.callback_codec import CallbackEnvelope, build_envelope
from workbench.core.diagnose import Diagnostic
from workbench.core.text import Text
from workbench.ui.widgets.common import ERROR_COLOUR

SHOWN_PLAIN = 400  # characters of a long Plain shown in the sign input line
SAMPLE_BUSINESS = (
    '{"orderNo":"ORD0001","loanStatus":"SUCCESS","amount":"100.00","name":"张三","remark":"a+b ~*"}'
)
SAMPLE_TRANS_NAME = "loanResultNotify"
SAMPLE_SALT = "sample-salt"  # signs the sample when no salt is chosen (it is then only decoded)


def check(
    mode_body: bool, body: str, fields: dict[str, str], salt: str | None, now_ms: int, window_s: int
) -> tuple[CallbackVerdict, str]:
    """The verdict and the decoded Plain as pretty text (pure: runs on any thread)."""
    if mode_body:
        verdict = verify_callback_body(body, salt, now_ms, window_s)
        if verdict.status == STATUS_MALFORMED:
            verdict = _from_log_line(body, salt, now_ms, window_s) or verdict
    else:
        envelope = CallbackEnvelope(
            plain=fields["Plain"],
            signature=fields["Signature"].strip(),
            timestamp=fields["Timestamp"].strip(),
            trans_name=fields["transName"],
            seq_no=fields["SeqNo"],
        )
        verdict = verify_callback(envelope, salt, now_ms, window_s)
    if verdict.business_json is not None:
        pretty = json.dumps(verdict.business_json, indent=2, ensure_ascii=False)
    else:
        pretty = verdict.decoded_plain or ""
    return verdict, pretty


def _from_log_line(
    body: str, salt: str | None, now_ms: int, window_s: int
) -> CallbackVerdict | None:
    """The envelope inside a pasted log line (``... body={"Plain": ...} took 3 ms``), or None.

    Users copy callbacks out of their logs with the logger's prefix and suffix around them;
    the JSON object between the first ``{`` and the last ``}`` is checked, and a note says so.
    """
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end <= start or (start == 0 and end == len(body.rstrip()) - 1):
        return None
    inner = verify_callback_body(body[start : end + 1], salt, now_ms, window_s)
    if inner.status == STATUS_MALFORMED:
        return None
    note = Diagnostic(
        "extracted_from_log",
        Text(
            "Only the JSON object inside the pasted text was checked; the text around it "
            "(a log line's prefix or suffix) was left out.",
            "只校验了粘贴文本中的 JSON 对象;其前后的文字(如日志行的前缀或后缀)已忽略。",
        ),
    )
    return dataclasses.replace(inner, diagnostics=[note, *inner.diagnostics])


def diff_html(given: str, expected: str) -> str:
    """``given`` with every character that differs from ``expected`` in red (HTML)."""
    out = []
    for i, ch in enumerate(given):
        esc = html.escape(ch)
        if i >= len(expected) or expected[i] != ch:
            out.append(f'<span style="color:{ERROR_COLOUR}; font-weight:bold">{esc}</span>')
        else:
            out.append(esc)
    return "<code>" + "".join(out) + "</code>"


def breakable(text: str, every: int = 24) -> str:
    """``text`` with a zero-width space every ``every`` characters, so that a long Plain (no
    spaces) wraps in its label instead of making the whole page as wide as itself."""
    return "\u200b".join(text[i : i + every] for i in range(0, len(text), every))


def sign_input_html(masked: str) -> str:
    """The sign input (secrets masked) as HTML, its middle elided past ``SHOWN_PLAIN``."""
    shown = masked
    if len(shown) > SHOWN_PLAIN:
        shown = shown[: SHOWN_PLAIN // 2] + " … " + shown[-SHOWN_PLAIN // 2 :]
    return f"<code>{html.escape(breakable(shown))}</code>"


def sample_envelope(salt: str | None, now_ms: int) -> CallbackEnvelope:
    """A sample callback signed now with ``salt`` (the sample salt when none is chosen)."""
    return build_envelope(
        SAMPLE_BUSINESS,
        salt=salt or SAMPLE_SALT,
        trans_name=SAMPLE_TRANS_NAME,
        seq_no=f"SEQ{now_ms}",
        timestamp_ms=now_ms,
    )
