"""The request sign (PROTOCOL P4): known answers worked out by hand, and Java's sort order."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.sign import (
    SignValue,
    compute_sign,
    is_valid_nonce,
    java_sorted,
    make_nonce,
    sign_request,
)

GUIDE_BODY = (
    '{"REQUEST_TIME": "20190829163531", "SERVICE_CODE": "10002", "WX_OPEN_ID": '
    '"oAUZp5LGZWCXKP1k7m8N16TK1aC8"}'
)
GUIDE_TICKET = "58b8ea10e5487b88e555feec27fb48201fd788c05b2d424234537b73c7282b70"


def test_guide_example_sign_string_and_sha1() -> None:
    # Guide 4.4: sorted order is version, nonce, ticket, app_id, body ('2' < '4' < '5' < 'w' < '{').
    result = sign_request(
        app_id="wxhiw5xt6q4qtmwcrn",
        version="2.0.0",
        nonce="489c60c97daef599efd10cfda46860a1",
        ticket=GUIDE_TICKET,
        body=GUIDE_BODY,
    )
    expected_string = (
        "2.0.0"
        + "489c60c97daef599efd10cfda46860a1"
        + GUIDE_TICKET
        + "wxhiw5xt6q4qtmwcrn"
        + GUIDE_BODY
    )
    assert result.sign_string == expected_string
    assert [v.source for v in result.ordered] == ["version", "nonce", "ticket", "app_id", "body"]
    assert result.sign == hashlib.sha1(expected_string.encode()).hexdigest().upper()
    assert result.sign.isupper() and len(result.sign) == 40


def test_type_added_once_and_none_dropped_empty_kept() -> None:
    with_type = sign_request(app_id="a", version="1.0.0", nonce="n", ticket="t", type="sign")
    assert with_type.sign_string.count("sign") == 1
    without = sign_request(app_id="a", version="1.0.0", nonce="n", ticket="t")
    assert "sign" not in without.sign_string
    empty = compute_sign([SignValue("body", ""), None, SignValue("ticket", "t")])
    assert empty.sign_string == "t"
    assert len(empty.ordered) == 2  # the empty body stays, contributing nothing


def test_java_order_differs_from_code_point_order_above_ffff() -> None:
    emoji, fullwidth = "\U0001f600", "\uff21"  # UTF-16: D83D DE00 < FF21, code points: reverse
    assert java_sorted([fullwidth, emoji]) == [emoji, fullwidth]
    assert sorted([fullwidth, emoji]) == [fullwidth, emoji]
    signed = compute_sign([SignValue("value", fullwidth), SignValue("ticket", emoji)])
    assert signed.sign_string == emoji + fullwidth
    assert signed.sign == hashlib.sha1((emoji + fullwidth).encode()).hexdigest().upper()


def _utf16_key(s: str) -> list[int]:
    """Independent reference: Java compares UTF-16 code units one by one."""
    units: list[int] = []
    for ch in s:
        cp = ord(ch)
        if cp > 0xFFFF:
            cp -= 0x10000
            units += [0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF)]
        else:
            units.append(cp)
    return units


_tricky = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0xE000, max_codepoint=0xFFFF),
        st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF),
        st.sampled_from(list(" *~+%中文aZ0")),
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(_tricky, min_size=2, max_size=6))
def test_java_sorted_is_utf16_unit_order(values: list[str]) -> None:
    assert java_sorted(values) == sorted(values, key=_utf16_key)
    # Where the two orders disagree, it is because of a character above U+FFFF against one in
    # U+E000..U+FFFF at the first difference: exactly the case PROTOCOL P4.3 warns about.
    if java_sorted(values) != sorted(values):
        assert any(ord(c) > 0xFFFF for v in values for c in v)
        assert any(0xE000 <= ord(c) <= 0xFFFF for v in values for c in v)


def test_nonce_shape() -> None:
    nonces = {make_nonce() for _ in range(50)}
    assert len(nonces) == 50
    assert all(is_valid_nonce(n) for n in nonces)
    assert not is_valid_nonce("short")
    assert not is_valid_nonce("a" * 31 + "-")
