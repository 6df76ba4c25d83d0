"""'Check a sign from elsewhere' (PROTOCOL P4): which slip reproduces the partner's sign.

Every given sign is built here by hand with hashlib, the way a partner's server would have
(mis)computed it.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from workbench.core.diagnose import diagnose_request_sign

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


def matching(diagnosis) -> list[str]:  # type: ignore[no-untyped-def]
    return [v.code for v in diagnosis.matching]


def test_right_sign_matches() -> None:
    sign = sha1_sign(APP_ID, "2.0.0", NONCE, BODY, TICKET)
    d = diagnose_request_sign(url(sign), BODY, TICKET, None)
    assert d.status == "match"
    assert d.expected is not None and d.expected.sign == sign
    assert matching(d) == []


def test_bare_query_string_is_accepted() -> None:
    sign = sha1_sign(APP_ID, "2.0.0", NONCE, BODY, TICKET)
    query = url(sign).split("?", 1)[1]
    assert diagnose_request_sign(query, BODY, TICKET).status == "match"


@pytest.mark.parametrize(
    ("code", "sign", "extra"),
    [
        ("previous_ticket", sha1_sign(APP_ID, "2.0.0", NONCE, BODY, OLD_TICKET), ""),
        ("lower_hex", sha1_sign(APP_ID, "2.0.0", NONCE, BODY, TICKET, upper=False), ""),
        ("type_excluded", sha1_sign(APP_ID, "2.0.0", NONCE, BODY, TICKET), "&type=sign"),
        ("type_included", sha1_sign(APP_ID, "2.0.0", NONCE, BODY, TICKET, "sign"), ""),
        (
            "type_twice",
            sha1_sign(APP_ID, "2.0.0", NONCE, BODY, TICKET, "sign", "sign"),
            "&type=sign",
        ),
        ("no_body", sha1_sign(APP_ID, "2.0.0", NONCE, TICKET), ""),
        (
            "body_reserialised",
            sha1_sign(
                APP_ID,
                "2.0.0",
                NONCE,
                json.dumps(json.loads(BODY), separators=(",", ":"), ensure_ascii=False),
                TICKET,
            ),
            "",
        ),
        (
            "body_reserialised",
            sha1_sign(APP_ID, "2.0.0", NONCE, json.dumps(json.loads(BODY), sort_keys=True), TICKET),
            "",
        ),
    ],
)
def test_slip_is_named(code: str, sign: str, extra: str) -> None:
    d = diagnose_request_sign(url(sign, extra), BODY, TICKET, OLD_TICKET)
    assert d.status == "variant"
    assert code in matching(d)
    (variant,) = [v for v in d.variants if v.code == code and v.matches]
    assert variant.text.en and variant.text.zh


def test_trimmed_ticket() -> None:
    sign = sha1_sign(APP_ID, "2.0.0", NONCE, BODY, TICKET)
    d = diagnose_request_sign(url(sign), BODY, TICKET + "\n", None)
    assert d.status == "variant"
    assert matching(d) == ["trimmed"]


def test_code_point_sort() -> None:
    body = "\U0001f600"  # a body starting above U+FFFF, and a ticket in U+E000..U+FFFF
    ticket = "\uff21ticket"
    plain_sorted = "".join(sorted([APP_ID, "2.0.0", NONCE, body, ticket]))
    sign = hashlib.sha1(plain_sorted.encode()).hexdigest().upper()
    d = diagnose_request_sign(url(sign), body, ticket)
    assert matching(d) == ["codepoint_sort"]


def test_unexplained_mismatch() -> None:
    d = diagnose_request_sign(url("0" * 40), BODY, TICKET, OLD_TICKET)
    assert d.status == "mismatch"
    assert matching(d) == []
    assert len(d.variants) >= 5


@pytest.mark.parametrize(
    ("given_url", "ticket", "problem"),
    [
        ("no query at all", TICKET, "no_query"),
        (f"https://x/api?app_id={APP_ID}&nonce={NONCE}&version=2.0.0", TICKET, "missing_param"),
        (url("ABC"), "", "no_ticket"),
    ],
)
def test_malformed_input_gives_a_reason(given_url: str, ticket: str, problem: str) -> None:
    d = diagnose_request_sign(given_url, BODY, ticket)
    assert d.status == "malformed"
    assert problem in [p.code for p in d.problems]
    assert all(p.text.en and p.text.zh for p in d.problems)


def test_notes_on_odd_nonce_and_sign_length() -> None:
    d = diagnose_request_sign(url("ABC").replace(NONCE, "short"), BODY, TICKET)
    assert {"bad_nonce", "sign_length"} <= {n.code for n in d.notes}
