"""'Check a sign from elsewhere' (PROTOCOL P4): which slip reproduces the partner's sign.

Every given sign is built here by hand with hashlib, the way a partner's server would have
(mis)computed it, never with the code under test.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.sign_check import SignCheck, check_sign

APP_ID = "wxhiw5xt6q4qtmwcrn"
NONCE = "489c60c97daef599efd10cfda46860a1"
TICKET = "58b8ea10e5487b88e555feec27fb48201fd788c05b2d424234537b73c7282b70"
OLD_TICKET = "0ld0ld" + TICKET[6:]
BODY = '{"SERVICE_CODE": "10002", "NAME": "张三", "AMT": 1}'


def sha1_sign(*values: str, upper: bool = True) -> str:
    # ASCII-leading values: Java's order and Python's agree here.
    digest = hashlib.sha1("".join(sorted(values)).encode()).hexdigest()
    return digest.upper() if upper else digest


def url(sign: str, extra: str = "") -> str:
    return (
        f"https://f-capapi-v2.test.webank.com/api/s/yh/10002?app_id={APP_ID}&nonce={NONCE}"
        f"&version=2.0.0&sign={sign}{extra}"
    )


def codes(check: SignCheck) -> list[str]:
    return [s.code for s in check.slips]


RIGHT = sha1_sign(APP_ID, "2.0.0", NONCE, BODY, TICKET)


def test_right_sign_matches_and_names_no_slip() -> None:
    check = check_sign(url(RIGHT), BODY, TICKET, previous_ticket=OLD_TICKET)
    assert check.match
    assert check.expected == RIGHT == check.given
    assert codes(check) == []
    assert check.problems == ()
    assert TICKET not in check.sign_string


def test_bare_query_string_is_accepted() -> None:
    assert check_sign(url(RIGHT).split("?", 1)[1], BODY, TICKET).match


COMPACT = json.dumps(json.loads(BODY), separators=(",", ":"), ensure_ascii=False)


@pytest.mark.parametrize(
    ("code", "sign", "extra", "type_value"),
    [
        ("lower_hex", RIGHT.lower(), "", None),
        ("sign_whitespace", RIGHT + "%20", "", None),  # the platform compares exactly
        ("ticket_missing", sha1_sign(APP_ID, "2.0.0", NONCE, BODY), "", None),
        # The guide's 4.4 sample adds type twice: with a non-null type, a wrong sign.
        (
            "type_twice",
            sha1_sign(APP_ID, "2.0.0", NONCE, BODY, TICKET, "sign", "sign"),
            "&type=sign",
            None,
        ),
        ("type_twice", sha1_sign(APP_ID, "2.0.0", NONCE, BODY, TICKET, "user", "user"), "", "user"),
        ("type_missing", RIGHT, "&type=sign", None),
        ("type_missing", RIGHT, "", "sign"),
        ("type_extra", sha1_sign(APP_ID, "2.0.0", NONCE, BODY, TICKET, "sign"), "", None),
        ("previous_ticket", sha1_sign(APP_ID, "2.0.0", NONCE, BODY, OLD_TICKET), "", None),
        ("body_reserialised", sha1_sign(APP_ID, "2.0.0", NONCE, COMPACT, TICKET), "", None),
        (
            "body_reserialised",
            sha1_sign(APP_ID, "2.0.0", NONCE, json.dumps(json.loads(BODY), sort_keys=True), TICKET),
            "",
            None,
        ),
        ("no_body", sha1_sign(APP_ID, "2.0.0", NONCE, TICKET), "", None),
    ],
)
def test_slip_is_named(code: str, sign: str, extra: str, type_value: str | None) -> None:
    check = check_sign(
        url(sign, extra), BODY, TICKET, previous_ticket=OLD_TICKET, type_value=type_value
    )
    assert not check.match
    assert codes(check) == [code]
    assert check.slips[0].text.en and check.slips[0].text.zh


def test_lower_hex_is_named_beside_another_slip() -> None:
    sign = sha1_sign(APP_ID, "2.0.0", NONCE, BODY, OLD_TICKET, upper=False)
    check = check_sign(url(sign), BODY, TICKET, previous_ticket=OLD_TICKET)
    assert codes(check) == ["lower_hex", "previous_ticket"]


def test_trimmed_values() -> None:
    check = check_sign(url(RIGHT), BODY, TICKET + "\n")
    assert not check.match
    assert codes(check) == ["trimmed_values"]


def test_codepoint_sort() -> None:
    body = "\U0001f600"  # a body starting above U+FFFF, and a ticket in U+E000..U+FFFF
    ticket = "\uff21ticket"
    plain_sorted = "".join(sorted([APP_ID, "2.0.0", NONCE, body, ticket]))
    sign = hashlib.sha1(plain_sorted.encode()).hexdigest().upper()
    check = check_sign(url(sign), body, ticket)
    assert codes(check) == ["codepoint_sort"]


def test_unexplained_mismatch_names_nothing() -> None:
    check = check_sign(url("0" * 40), BODY, TICKET, previous_ticket=OLD_TICKET)
    assert not check.match and codes(check) == []
    assert check.tried >= 5


def test_one_changed_digit_of_the_body_names_nothing() -> None:
    check = check_sign(url(RIGHT), BODY.replace("1}", "2}"), TICKET, previous_ticket=OLD_TICKET)
    assert not check.match and codes(check) == []


@pytest.mark.parametrize(
    ("given_url", "ticket", "problem"),
    [
        ("no query at all", TICKET, "no_query"),
        (f"https://x/api?app_id={APP_ID}&nonce={NONCE}&version=2.0.0", TICKET, "missing_param"),
        (url("ABC"), "", "no_ticket"),
    ],
)
def test_malformed_input_gives_a_reason(given_url: str, ticket: str, problem: str) -> None:
    check = check_sign(given_url, BODY, ticket)
    assert not check.match and check.expected == ""
    assert problem in [p.code for p in check.problems]
    assert all(p.text.en and p.text.zh for p in check.problems)


def test_notes_on_odd_nonce_and_sign_length() -> None:
    check = check_sign(url("ABC").replace(NONCE, "short"), BODY, TICKET)
    assert {"bad_nonce", "sign_length"} <= {n.code for n in check.notes}


def test_lone_surrogates_get_an_answer() -> None:
    body = '{"A": "\ud800"}'
    check = check_sign(url(RIGHT) + "%ED%A0%80\ud800", body, "\udc00")
    assert not check.match and len(check.expected) == 40


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40), st.text(max_size=20))
def test_never_raises_and_lists_only_slips_that_differ(query: str, body: str, ticket: str) -> None:
    check = check_sign(url(RIGHT) + query, body, ticket, previous_ticket=ticket + "x")
    if check.match:
        assert check.slips == ()
    if check.problems:
        assert not check.match


def test_reserialised_body_slip_names_the_form_in_each_language() -> None:
    sign = sha1_sign(APP_ID, "2.0.0", NONCE, COMPACT, TICKET)
    text = check_sign(url(sign), BODY, TICKET).slips[0].text
    assert "compact" in text.en and "Text(" not in text.en
    assert "紧凑 JSON" in text.zh and "Text(" not in text.zh


PRETTY = '{\n  "SERVICE_CODE": "10002",\n  "NAME": "张三"\n}'


@pytest.mark.parametrize(
    ("code", "sent"),
    [("body_crlf", PRETTY.replace("\n", "\r\n")), ("body_bom", "\ufeff" + PRETTY)],
)
def test_a_body_that_lost_characters_on_the_way_is_named(code: str, sent: str) -> None:
    # signed right for the bytes sent; pasted into the window, the body keeps LF only, no BOM
    right_for_sent = sha1_sign(APP_ID, "2.0.0", NONCE, sent, TICKET)
    pasted = check_sign(url(right_for_sent), PRETTY, TICKET, body_pasted=True)
    assert not pasted.match and codes(pasted) == [code]
    assert "--body-file" in pasted.slips[0].text.en  # the window's editor may have lost them
    exact = check_sign(url(right_for_sent), PRETTY, TICKET)  # --body-file, the sandbox: bytes
    assert codes(exact) == [code] and "--body-file" not in exact.slips[0].text.en
    assert "sign exactly the text you send" in exact.slips[0].text.en


@pytest.mark.parametrize(
    ("signed", "form"),
    [
        (json.dumps(json.loads(BODY), indent=2, ensure_ascii=False), "2 spaces"),
        (json.dumps(json.loads(BODY), indent=4, ensure_ascii=False), "4 spaces"),
        (
            json.dumps(json.loads(BODY), indent=2, separators=(",", " : "), ensure_ascii=False),
            "Jackson",
        ),
    ],
    ids=["indent2", "indent4", "jackson"],
)
def test_a_body_signed_pretty_printed_but_sent_compact_is_named(signed: str, form: str) -> None:
    """Gson's or Jackson's pretty printer signed, the compact text sent: no slip was named."""
    check = check_sign(url(sha1_sign(APP_ID, "2.0.0", NONCE, signed, TICKET)), BODY, TICKET)
    assert codes(check) == ["body_reserialised"]
    assert form in check.slips[0].text.en and "pretty-printed" in check.slips[0].text.en
    assert "格式化" in check.slips[0].text.zh


def test_a_body_sent_with_a_bom_it_was_not_signed_with_is_named() -> None:
    sent = "\ufeff" + BODY
    check = check_sign(url(sha1_sign(APP_ID, "2.0.0", NONCE, BODY, TICKET)), sent, TICKET)
    assert codes(check) == ["sent_bom"]
    assert "without a BOM" in check.slips[0].text.en
