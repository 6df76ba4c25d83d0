"""Callback envelopes (PROTOCOL P7): the guide's encodings, the verifier and its diagnostics.

Expected signatures are computed here with hashlib from the rule, never taken from the code
under test.
"""

from __future__ import annotations

import hashlib
import json
import string
from urllib.parse import quote_plus

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.callback import (
    MalformedCallback,
    build_signed_response,
    describe_age,
    parse_envelope,
    partner_response_json,
    verify_callback,
    verify_callback_body,
)
from workbench.core.callback_codec import CallbackEnvelope, java_url_decode, java_url_encode
from workbench.core.callback_paste import verify_pasted_fields

NOW = 1_519_700_632_680
SALT = "s3cr3t-salt"
BUSINESS = '{"merchantno":"00000006","product_cd":"230001","req_nbr":"tbt001"}'
# Guide 5.5, step 2 (the extracted PDF had a stray space inside; removed here).
GUIDE_PLAIN = (
    "%7B%22merchantno%22%3A%2200000006%22%2C%22product_cd%22%3A%22230001%22%2C"
    "%22req_nbr%22%3A%22tbt001%22%7D"
)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def envelope(
    plain: str = GUIDE_PLAIN, signature: str | None = None, ts: str = str(NOW), salt: str = SALT
) -> CallbackEnvelope:
    sig = sha256(plain + salt + ts) if signature is None else signature
    return CallbackEnvelope(plain, sig, ts, "TLMerchantQuery", "1519700632680112122")


def codes(items: list) -> list[str]:  # type: ignore[type-arg]
    return [i.code for i in items]


# --- the guide's known answers ---------------------------------------------------------------


def test_guide_plain_encodings_reproduce() -> None:
    assert java_url_encode(BUSINESS) == GUIDE_PLAIN
    answer = '{"CODE":"60840000","DESC":"系统处理成功"}'
    assert java_url_encode(answer) == (
        "%7B%22CODE%22%3A%2260840000%22%2C%22DESC%22%3A%22%E7%B3%BB%E7%BB%9F%E5%A4%84%E7%90%86"
        "%E6%88%90%E5%8A%9F%22%7D"
    )
    assert java_url_decode(GUIDE_PLAIN) == BUSINESS


def test_java_encoding_differs_from_quote_plus_on_tilde_and_star() -> None:
    assert java_url_encode("a b~*._-") == "a+b%7E*._-"
    assert quote_plus("a b~*._-") == "a+b~%2A._-"


def test_signed_response_verifies_and_matches_hashlib() -> None:
    env = build_signed_response(BUSINESS, SALT, "TLMerchantQuery", "42", NOW)
    assert env.plain == GUIDE_PLAIN
    assert env.signature == sha256(GUIDE_PLAIN + SALT + str(NOW))
    verdict = verify_callback(env, SALT, NOW + 1000)
    assert verdict.status == "valid"
    assert verdict.business_json == json.loads(BUSINESS)
    assert verdict.partner_code == "0000"
    assert verdict.sign_input_masked == GUIDE_PLAIN + "•••" + str(NOW)
    assert SALT not in verdict.sign_input_masked


def test_partner_response_json() -> None:
    assert partner_response_json("0000") == '{"CODE":"0000","DESC":"系统处理成功"}'
    assert partner_response_json("0010") == '{"CODE":"0010","DESC":"签名验证失败"}'
    assert partner_response_json("7777", "agreed") == '{"CODE":"7777","DESC":"agreed"}'
    assert partner_response_json("7777") == '{"CODE":"7777"}'


# --- statuses --------------------------------------------------------------------------------


def test_no_salt_decodes_but_does_not_check() -> None:
    verdict = verify_callback(envelope(signature="whatever"), None, NOW)
    assert verdict.status == "unchecked"
    assert verdict.decoded_plain == BUSINESS
    assert verdict.expected_signature is None


def test_wrong_salt_is_invalid_with_expected_signature() -> None:
    verdict = verify_callback(envelope(salt="other"), SALT, NOW)
    assert verdict.status == "invalid"
    assert codes(verdict.reasons) == ["signature_mismatch"]
    assert verdict.expected_signature == sha256(GUIDE_PLAIN + SALT + str(NOW))
    assert codes(verdict.diagnostics) == ["no_variant"]
    assert verdict.partner_code == "0010"


@pytest.mark.parametrize("around", ["\n", "\r\n", " ", "\t\n "])
def test_a_line_end_pasted_with_plain_is_not_blamed_on_the_sender(around: str) -> None:
    pasted = envelope()
    pasted = CallbackEnvelope(
        around + pasted.plain + around, pasted.signature, pasted.timestamp, "", ""
    )
    assert verify_callback(pasted, SALT, NOW).status == "invalid"  # as given, byte for byte
    verdict = verify_pasted_fields(pasted, SALT, NOW)
    assert verdict.status == "valid"
    assert codes(verdict.diagnostics) == ["plain_trimmed"]
    assert "line end" in verdict.diagnostics[0].text.en and "换行" in verdict.diagnostics[0].text.zh
    wrong = verify_pasted_fields(pasted, "other-salt", NOW)  # still checked without the line end
    assert codes(wrong.reasons) == ["signature_mismatch"]
    assert "plain_not_java_form" not in codes(wrong.diagnostics)
    assert codes(wrong.diagnostics)[0] == "plain_trimmed"


def test_a_plain_signed_with_its_space_is_kept_as_given() -> None:
    plain = GUIDE_PLAIN + " "  # a sender whose encoder left a space, and signed it
    verdict = verify_pasted_fields(envelope(plain), SALT, NOW)
    assert verdict.status == "valid" and "plain_trimmed" not in codes(verdict.diagnostics)
    assert verify_pasted_fields(envelope(), SALT, NOW).diagnostics == []  # nothing to trim
    stale = verify_pasted_fields(envelope(plain, ts=str(NOW - 3_600_000)), SALT, NOW)
    assert codes(stale.reasons) == ["timestamp_outside_window"]  # 0012, not the signature
    assert stale.partner_code == "0012" and "plain_trimmed" not in codes(stale.diagnostics)


def test_whitespace_around_a_pasted_signature_is_named_not_trimmed_away() -> None:
    right = envelope()
    padded = CallbackEnvelope(right.plain, right.signature + " ", right.timestamp, "", "")
    verdict = verify_pasted_fields(padded, SALT, NOW)  # the receiver compares exactly
    assert verdict.status == "invalid" and codes(verdict.diagnostics) == ["signature_whitespace"]


@pytest.mark.parametrize(
    ("offset_ms", "status", "en", "zh"),
    [
        (192_000, "valid", "3 min 12 s ago", "3 分 12 秒前"),
        (-7_200_000, "invalid", "in the future by 2 h", "2 小时后"),
        (301_000, "invalid", "5 min 1 s ago", "5 分 1 秒前"),
        (-300_000, "valid", "in the future by 5 min", "5 分后"),
    ],
)
def test_timestamp_window_and_age(offset_ms: int, status: str, en: str, zh: str) -> None:
    verdict = verify_callback(envelope(), SALT, NOW + offset_ms)
    assert verdict.status == status
    assert verdict.age_ms == offset_ms
    assert verdict.age_text == (en, zh)
    if status == "invalid":
        assert codes(verdict.reasons) == ["timestamp_outside_window"]
        assert verdict.partner_code == "0012"


def test_window_is_adjustable() -> None:
    assert verify_callback(envelope(), SALT, NOW + 400_000, window_s=600).status == "valid"


def test_timestamp_not_a_number() -> None:
    verdict = verify_callback(envelope(ts="2018-02-27"), SALT, NOW)
    assert verdict.status == "invalid"
    assert "timestamp_not_number" in codes(verdict.reasons)
    assert verdict.age_ms is None


def test_describe_age() -> None:
    assert describe_age(0) == ("just now", "刚刚")
    assert describe_age(3 * 86_400_000 + 5 * 60_000) == ("3 d ago", "3 天前")
    assert describe_age(-(3_600_000 + 60_000)) == ("in the future by 1 h 1 min", "1 小时 1 分后")
    assert describe_age(59_999) == ("59 s ago", "59 秒前")


# --- diagnostics: which slip reproduces the given signature ----------------------------------

TS = str(NOW)


@pytest.mark.parametrize(
    ("code", "signature"),
    [
        ("upper_hex", sha256(GUIDE_PLAIN + SALT + TS).upper()),
        ("plain_decoded", sha256(BUSINESS + SALT + TS)),
        ("salt_whitespace", sha256(GUIDE_PLAIN + SALT + "\n" + TS)),
        ("timestamp_seconds", sha256(GUIDE_PLAIN + SALT + TS[:-3])),
        ("md5", hashlib.md5((GUIDE_PLAIN + SALT + TS).encode()).hexdigest()),
        ("sha1", hashlib.sha1((GUIDE_PLAIN + SALT + TS).encode()).hexdigest()),
        ("no_salt", sha256(GUIDE_PLAIN + TS)),
    ],
)
def test_diagnostic_names_the_slip(code: str, signature: str) -> None:
    verdict = verify_callback(envelope(signature=signature), SALT, NOW)
    assert verdict.status == "invalid"
    assert code in codes(verdict.diagnostics)
    assert "no_variant" not in codes(verdict.diagnostics)


def test_md5_length_is_said_plainly() -> None:
    md5 = hashlib.md5((GUIDE_PLAIN + SALT + TS).encode()).hexdigest()
    verdict = verify_callback(envelope(signature=md5), SALT, NOW)
    assert codes(verdict.diagnostics)[:2] == ["md5_length", "md5"]
    assert "SHA256" in verdict.diagnostics[0].text.en


def test_salt_entered_with_whitespace() -> None:
    verdict = verify_callback(envelope(), SALT + " \n", NOW)
    assert "salt_stripped" in codes(verdict.diagnostics)


def test_plain_encoded_by_quote_plus() -> None:
    text = '{"note":"a~b*c d"}'
    sent = java_url_encode(text)
    # The sender signed Python's encoding but sent Java's.
    verdict = verify_callback(
        envelope(plain=sent, signature=sha256(quote_plus(text) + SALT + TS)), SALT, NOW
    )
    assert "plain_quote_plus" in codes(verdict.diagnostics)
    # Sent Python's encoding, signed Java's: the Plain itself is not in Java form.
    verdict = verify_callback(
        envelope(plain=quote_plus(text), signature=sha256(sent + SALT + TS)), SALT, NOW
    )
    assert {"plain_not_java_form", "plain_java_reencoded"} <= set(codes(verdict.diagnostics))


def test_guide_sample_envelope() -> None:
    body = (
        '{"Plain":"' + GUIDE_PLAIN + '","Signature":"1cb54c406c06033967b4790bc31c6e60",'
        '"Timestamp":"1519700632680","transName":"TLMerchantQuery","SeqNo":"1"}'
    )
    verdict = verify_callback_body(body.encode(), "unknown salt", NOW)
    assert verdict.status == "invalid"
    assert verdict.business_json == {
        "merchantno": "00000006",
        "product_cd": "230001",
        "req_nbr": "tbt001",
    }
    assert "md5_length" in codes(verdict.diagnostics)


# --- malformed input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "problem", "field"),
    [
        (b'{"Plain":"\xff"}', "not_utf8", "body"),
        (b"{not json", "not_json", "body"),
        (b"[1,2]", "not_object", "body"),
        (b'{"Plain":"a","Signature":"b"}', "missing", "Timestamp"),
        (b'{"Plain":"a","Signature":"b","Timestamp":1519700632680}', "not_string", "Timestamp"),
        (b'{"Plain":"a","Plain":"b","Signature":"c","Timestamp":"1"}', "duplicate_key", "Plain"),
        (b'{"Plain":"a","Signature":"b","Timestamp":NaN}', "not_json", "body"),
        (b"[" * 100_000, "not_json", "body"),
    ],
)
def test_parse_envelope_problems(body: bytes, problem: str, field: str) -> None:
    with pytest.raises(MalformedCallback) as caught:
        parse_envelope(body)
    assert (caught.value.problem, caught.value.field) == (problem, field)
    assert caught.value.text.en and caught.value.text.zh
    verdict = verify_callback_body(body, SALT, NOW)
    assert verdict.status == "malformed"
    assert codes(verdict.reasons) == [problem]
    assert verdict.partner_code == "0001"


def test_not_utf8_names_the_byte() -> None:
    with pytest.raises(MalformedCallback) as caught:
        parse_envelope(b'{"Plain":"ab\xe4"}')
    assert caught.value.position == 12
    assert "12" in caught.value.text.en


@pytest.mark.parametrize(
    ("plain", "problem"),
    [("%7B%ZZ", "bad_escape"), ("%7B%2", "incomplete_escape"), ("not+json", "plain_not_json")],
)
def test_plain_that_does_not_read(plain: str, problem: str) -> None:
    verdict = verify_callback(envelope(plain=plain), SALT, NOW)
    assert verdict.status == "malformed"
    assert codes(verdict.reasons) == [problem]
    assert verdict.partner_code == "0103"
    # Without a salt, still malformed: nothing can be shown.
    assert verify_callback(envelope(plain=plain), None, NOW).status == "malformed"


# --- properties ------------------------------------------------------------------------------

_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),  # no lone surrogates
        st.sampled_from(list(" *~+%中文\ue000\uffff\U0001f600")),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None, database=None)
@given(_text)
def test_plain_round_trip(text: str) -> None:
    encoded = java_url_encode(text)
    allowed = set(string.ascii_letters + string.digits + ".-*_+%")
    assert set(encoded) <= allowed
    assert java_url_decode(encoded) == text


@settings(max_examples=200, deadline=None, database=None)
@given(_text, st.text(max_size=10), st.integers(min_value=0, max_value=2**45), st.data())
def test_tampered_envelopes_fail(text: str, salt: str, ts: int, data: st.DataObject) -> None:
    env = build_signed_response(json.dumps({"v": text}), salt, "T", "1", ts)
    assert verify_callback(env, salt, ts).status == "valid"
    field = data.draw(st.sampled_from(["plain", "signature", "timestamp", "salt"]))
    extra = data.draw(st.sampled_from(["0", "a", "%20", " "]))
    tampered_salt = salt + extra if field == "salt" else salt
    fields = {"plain": env.plain, "signature": env.signature, "timestamp": env.timestamp}
    if field != "salt":
        fields[field] = fields[field] + extra
    tampered = CallbackEnvelope(fields["plain"], fields["signature"], fields["timestamp"], "T", "1")
    assert verify_callback(tampered, tampered_salt, ts).status != "valid"


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.one_of(st.binary(max_size=200), st.text(max_size=200)),
    st.one_of(st.none(), st.text(max_size=8)),
    st.integers(-(2**62), 2**62),
)
def test_verify_never_raises_on_arbitrary_bodies(
    body: bytes | str, salt: str | None, now: int
) -> None:
    verdict = verify_callback_body(body, salt, now)
    assert verdict.status in ("valid", "invalid", "malformed", "unchecked")
    assert all(r.text.en and r.text.zh for r in verdict.reasons)


_plain_chars = st.sampled_from(list("%+AFaf09Gz~*中\U0001d7ce\uff21-") + ["%E4", "%ED%A0", "%C0"])


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.lists(_plain_chars, max_size=20).map("".join),
    st.text(max_size=20),
    st.one_of(st.none(), st.text(max_size=5)),
)
def test_verify_never_raises_on_arbitrary_fields(plain: str, ts: str, salt: str | None) -> None:
    body = json.dumps({"Plain": plain, "Signature": "x" * 64, "Timestamp": ts})
    verdict = verify_callback_body(body, salt, NOW)
    assert verdict.status in ("invalid", "malformed", "unchecked")


@pytest.mark.parametrize(
    ("body", "en", "zh"),
    [
        (b"{not json", "at line 1 column 2", "第 1 行第 2 列"),
        (b"[" * 100_000, "nested too deeply", "嵌套层数过深"),
        (b'{"Plain":"a","Signature":"b","Timestamp":NaN}', "NaN is not allowed", "不允许 NaN"),
    ],
)
def test_unreadable_json_is_said_in_both_languages(body: bytes, en: str, zh: str) -> None:
    (reason,) = verify_callback_body(body, SALT, NOW).reasons
    assert en in reason.text.en
    assert zh in reason.text.zh and "Expecting" not in reason.text.zh
