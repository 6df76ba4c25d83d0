"""Callback diagnoses say only what is true (PROTOCOL P7.2).

A slip is named only when it reproduces the given signature and differs from what was checked;
the salt is blamed only when a salt slip is the one that fits. Signatures are built here with
hashlib from the rule, the way the other side would have (mis)computed them.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote_plus

import pytest

from workbench.core.callback import verify_callback
from workbench.core.callback_codec import CallbackEnvelope, java_url_encode
from workbench.core.diagnose import salt_is_blamed

NOW = 1_519_700_632_680
TS = str(NOW)
SALT = "s3cr3t-salt"
# A Plain that Python's quote_plus and a re-encoding both write the same way as Java: the
# variants then compute the very signature that was checked, and must not be named for it.
PLAIN = java_url_encode('{"orderNo":"ORD0001","amount":"100.00"}')
assert quote_plus('{"orderNo":"ORD0001","amount":"100.00"}') == PLAIN


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


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
