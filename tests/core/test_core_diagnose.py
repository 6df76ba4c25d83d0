"""Callback diagnoses say only what is true (PROTOCOL P7.2).

A slip is named only when it reproduces the given signature and differs from what was checked;
the salt is blamed only when a salt slip is the one that fits. Signatures are built here with
hashlib from the rule, the way the other side would have (mis)computed them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from urllib.parse import quote_plus

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workbench.core.callback import verify_callback, verify_callback_body
from workbench.core.callback_codec import CallbackEnvelope, java_url_decode, java_url_encode
from workbench.core.callback_paste import verify_pasted_callback
from workbench.core.diagnose import named_slips, salt_is_blamed
from workbench.core.sign import java_utf8

NOW = 1_519_700_632_680
TS = str(NOW)
SALT = "s3cr3t-salt"
# A Plain that Python's quote_plus and a re-encoding both write the same way as Java: the
# variants then compute the very signature that was checked, and must not be named for it.
PLAIN = java_url_encode('{"orderNo":"ORD0001","amount":"100.00"}')
assert quote_plus('{"orderNo":"ORD0001","amount":"100.00"}') == PLAIN


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def sha256_java(text: str) -> str:
    """SHA256 of the UTF-8 bytes Java would hash (a lone surrogate becomes '?')."""
    return hashlib.sha256(java_utf8(text)).hexdigest()


def verdict_for(signature: str, plain: str = PLAIN, salt: str = SALT):  # type: ignore[no-untyped-def]
    return verify_callback(CallbackEnvelope(plain, signature, TS, "T", "1"), salt, NOW)


def codes(verdict) -> list[str]:  # type: ignore[no-untyped-def]
    return [d.code for d in verdict.diagnostics]


def test_right_signature_in_upper_case_names_only_upper_hex() -> None:
    v = verdict_for(sha256(PLAIN + SALT + TS).upper())
    assert v.status == "invalid"  # the guide's tmpSign.equals(signature) rejects it
    assert codes(v) == ["upper_hex"]
    assert not salt_is_blamed(v.diagnostics)


def test_right_signature_with_whitespace_names_only_that() -> None:
    v = verdict_for(" " + sha256(PLAIN + SALT + TS) + "\n")
    assert codes(v) == ["signature_whitespace"]


def test_one_changed_digit_of_plain_names_no_slip_and_does_not_blame_the_salt() -> None:
    signed = sha256(PLAIN + SALT + TS)
    v = verdict_for(signed, plain=PLAIN.replace("100", "900"))
    assert v.status == "invalid"
    assert codes(v) == ["no_variant"]
    assert not salt_is_blamed(v.diagnostics)
    assert "Plain or Timestamp changed" in v.diagnostics[0].text.en


@pytest.mark.parametrize(
    ("sent_salt", "code"),
    [(SALT + "\n", "salt_whitespace"), ("", "no_salt")],
)
def test_salt_is_blamed_only_when_a_salt_slip_fits(sent_salt: str, code: str) -> None:
    v = verdict_for(sha256(PLAIN + sent_salt + TS))
    assert codes(v) == [code]
    assert salt_is_blamed(v.diagnostics)


def test_other_slip_does_not_blame_the_salt() -> None:
    v = verdict_for(hashlib.md5((PLAIN + SALT + TS).encode()).hexdigest())
    assert "md5" in codes(v)
    assert not salt_is_blamed(v.diagnostics)


def test_slip_in_upper_case_names_both() -> None:
    v = verdict_for(sha256(PLAIN + SALT + TS[:-3]).upper())
    assert codes(v) == ["timestamp_seconds", "upper_hex"]


def test_lone_surrogate_in_plain_gets_a_verdict() -> None:
    # Plain holding a raw lone surrogate: Python's quote_plus cannot encode it.
    plain = "%7B%22a%22%3A%22\ud800%22%7D"
    v = verdict_for("0" * 64, plain=plain)
    assert v.status in ("invalid", "malformed")
    assert "plain_quote_plus" not in codes(v)


# --- properties: lone surrogates, one-character changes -------------------------------------

_piece = st.one_of(
    st.characters(),  # includes lone surrogates (category Cs)
    st.sampled_from(["\ud800", "\udfff", "%", "%ED%A0%80", "+", "~", "*", "\\ud800"]),
)
_any_text = st.lists(_piece, max_size=20).map("".join)


@settings(max_examples=200, deadline=None, database=None)
@given(_any_text, _any_text, st.one_of(st.none(), _any_text))
def test_callbacks_with_lone_surrogates_get_a_verdict(
    plain: str, sig: str, salt: str | None
) -> None:
    body = json.dumps({"Plain": plain, "Signature": sig, "Timestamp": TS}, ensure_ascii=False)
    for given_body in (body, body.encode("utf-8", "surrogatepass")):
        verdict = verify_pasted_callback(given_body, salt, NOW)
        assert verdict.status in ("valid", "invalid", "malformed", "unchecked")
    escaped = json.dumps({"Plain": plain, "Signature": sig, "Timestamp": TS})  # \\udXXX escapes
    assert verify_callback_body(escaped, salt, NOW).status in (
        "valid", "invalid", "malformed", "unchecked"
    )  # fmt: skip


@settings(max_examples=150, deadline=None, database=None)
@given(st.text(min_size=1, max_size=30), st.data())
def test_one_changed_character_of_plain_names_no_slip(business: str, data: st.DataObject) -> None:
    plain = java_url_encode(json.dumps({"v": business}))
    signed = sha256(plain + SALT + TS)
    i = data.draw(st.integers(0, len(plain) - 1))
    new = data.draw(st.sampled_from("0123456789ABCDEFabcdef+*._-").filter(lambda c: c != plain[i]))
    changed = plain[:i] + new + plain[i + 1 :]
    # "%7B" -> "%7b" changes the encoding, not the text: that is the named slip
    # plain_java_reencoded, true there. Here the text itself changes.
    with contextlib.suppress(ValueError):
        assume(java_url_decode(changed) != java_url_decode(plain))
    v = verdict_for(signed, plain=changed)
    assert v.status != "valid"
    assert named_slips(v.diagnostics) == []
    assert not salt_is_blamed(v.diagnostics)


@settings(max_examples=150, deadline=None, database=None)
@given(st.text(max_size=30), st.text(min_size=1, max_size=12))
def test_right_signature_in_upper_case_names_only_upper_hex_whatever_the_plain(
    business: str, salt: str
) -> None:
    plain = java_url_encode(business)
    v = verdict_for(sha256_java(plain + salt + TS).upper(), plain=plain, salt=salt)
    slips = [d.code for d in named_slips(v.diagnostics)]
    upper = sha256_java(plain + salt + TS).upper()
    # A signature with no letters (all digits) is the same in both cases: nothing to name.
    assert slips == (["upper_hex"] if upper != upper.lower() else [])


def test_a_callback_escaped_inside_a_json_log_line_is_found_as_the_log_view_finds_it() -> None:
    """Pasted from a JSON logger's line, the envelope sits escaped in a string: it was
    "malformed: more text follows the JSON value at line 1 column 5" (the year, read as a
    number), while the Log view listed the same line as valid."""
    envelope = {"Plain": PLAIN, "Signature": sha256(PLAIN + SALT + TS), "Timestamp": TS}
    body = json.dumps(envelope)
    line = "2026-11-30T05:44:10.118Z INFO " + json.dumps({"msg": "recv", "body": body})
    verdict = verify_pasted_callback(line, SALT, NOW)
    assert verdict.status == "valid", verdict.reasons
    assert [d.code for d in verdict.diagnostics][:1] == ["extracted_from_log"]
    key_value = "2026-11-30 05:44:10 recv body=" + json.dumps(body)  # escaped, not JSON itself
    assert verify_pasted_callback(key_value, SALT, NOW).status == "valid"
    nothing = verify_pasted_callback("2026-11-30 05:44:10 INFO nothing here", SALT, NOW)
    assert nothing.status == "malformed"
    assert [r.code for r in nothing.reasons] == ["no_envelope"]
    assert "No callback envelope" in nothing.reasons[0].text.en


def test_every_callback_in_one_paste_is_checked_not_the_first_alone() -> None:
    """A file with a valid callback and a forged one after it was "valid" (exit 0), also when
    both sat escaped in JSON log lines; a callback logged with its answer passes."""
    from workbench.core.callback import callback_signature

    good = json.dumps({"Plain": PLAIN, "Signature": sha256(PLAIN + SALT + TS), "Timestamp": TS})
    forged = json.dumps({"Plain": PLAIN, "Signature": "0" * 64, "Timestamp": TS})
    for paste in (
        good + "\n" + forged + "\n",
        json.dumps({"in": good}) + "\n" + json.dumps({"in": forged}) + "\n",  # JSON log lines
        "recv body=" + json.dumps(good) + " then body=" + json.dumps(forged),  # escaped
    ):
        verdict = verify_pasted_callback(paste, SALT, NOW)
        assert verdict.status == "invalid", paste
        assert "signature_mismatch" in verdict.reason_codes
        notes = {d.code: d.text.en for d in verdict.diagnostics}
        assert "number 2, shown here, is the first that does not pass" in notes["several_envelopes"]
    answer_plain = java_url_encode('{"CODE":"0000","DESC":"ok"}')
    answer = json.dumps(
        {
            "Plain": answer_plain,
            "Signature": callback_signature(answer_plain, SALT, TS),
            "Timestamp": TS,
        }
    )
    logged = verify_pasted_callback(f"in={good} out={answer}", SALT, NOW)
    assert logged.status == "valid", logged.reasons
    assert (
        "each of them passes"
        in {d.code: d.text.en for d in logged.diagnostics}["several_envelopes"]
    )
    one = verify_pasted_callback("2026-11-30 05:44:10 INFO cb " + good + " took 3 ms", SALT, NOW)
    assert one.status == "valid" and "several_envelopes" not in [d.code for d in one.diagnostics]
    # a forged one escaped in a line BEFORE a good one; more than 64 other objects between two
    for paste in (
        "INFO req body=" + json.dumps(forged) + "\nINFO req body=" + good + " took 3ms",
        good + "\n" + "".join(f'INFO other={{"k": {i}}}\n' for i in range(70)) + forged,
    ):
        assert verify_pasted_callback(paste, SALT, NOW).status == "invalid", paste[:80]
    # the same callback logged again after URL-decoding (same Signature and Timestamp): once
    decoded = json.dumps(
        {"Plain": java_url_decode(PLAIN), "Signature": sha256(PLAIN + SALT + TS), "Timestamp": TS}
    )
    copy = verify_pasted_callback(f"raw={good} dto={decoded}", SALT, NOW)
    assert copy.status == "valid" and "several_envelopes" not in [d.code for d in copy.diagnostics]
