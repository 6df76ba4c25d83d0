"""The pure side of the callback verifier view: the check itself, the signature diff, the sample.

Why apart from the view: :func:`check` runs on a worker thread for big inputs, and none of
these touch a widget, so they are tested and read without Qt's layout around them.
"""

from __future__ import annotations

import contextlib
import html
import json

from workbench.core.callback import CallbackVerdict
from workbench.core.callback_codec import CallbackEnvelope, build_envelope
from workbench.core.callback_paste import verify_pasted_callback, verify_pasted_fields
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
        verdict = verify_pasted_callback(body, salt, now_ms, window_s)
    else:
        envelope = CallbackEnvelope(
            plain=fields["Plain"],
            signature=fields["Signature"].strip(),  # one-line boxes: what was meant
            timestamp=fields["Timestamp"].strip(),
            trans_name=fields["transName"],
            seq_no=fields["SeqNo"],
        )
        verdict = verify_pasted_fields(envelope, salt, now_ms, window_s)
    pretty = verdict.decoded_plain or ""
    if verdict.business_json is not None:
        # nested deeper than the pretty-printer goes: show Plain decoded as it came
        with contextlib.suppress(ValueError, RecursionError):
            pretty = json.dumps(verdict.business_json, indent=2, ensure_ascii=False)
    return verdict, pretty


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
