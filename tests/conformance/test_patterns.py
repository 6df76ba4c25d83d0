"""The pattern table (which failed cases point at which slip), and grading any answer at all."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.conformance.battery import BATTERY
from workbench.conformance.callback import (
    CHECK_CODE,
    CHECK_SIGNATURE,
    CaseResult,
    Check,
    grade_answer,
)
from workbench.conformance.endpoint import BatteryRun
from workbench.conformance.junit import callback_junit
from workbench.conformance.patterns import TIMESTAMP_CASES, TRAP_SLIPS, TRAPS, likely_slips
from workbench.conformance.report_html import callback_html


def _results(answers: dict[str, str]) -> list[CaseResult]:
    """Every case of the battery, answering its expected code unless ``answers`` says else."""
    out = []
    for case in BATTERY:
        code = answers.get(case.id, case.expect_codes[0])
        ok = code in case.expect_codes
        out.append(
            CaseResult(
                case_id=case.id,
                title=case.title,
                expect_codes=case.expect_codes,
                answer_code=code,
                answer_signature_ok=True,
                checks=(Check(CHECK_SIGNATURE, True), Check(CHECK_CODE, ok)),
                elapsed_ms=1,
                http_status=200,
                sent_excerpt="",
                answer_excerpt="",
            )
        )
    return out


@pytest.mark.parametrize("slip,traps", [(code, traps) for code, traps, _t in TRAP_SLIPS])
def test_each_trap_slip_is_named_when_exactly_its_cases_fail(
    slip: str, traps: frozenset[str]
) -> None:
    failing = {cid for cid, held in TRAPS.items() if held & traps}
    named = likely_slips(_results(dict.fromkeys(failing, "0010")))
    assert set(named) == failing
    assert {code for code, _text in named.values()} == {slip}


def test_a_failure_pattern_that_fits_no_slip_names_none() -> None:
    assert likely_slips(_results({"valid_cjk": "0010", "valid_star": "0010"})) == {}


def test_every_valid_case_refused_points_at_the_salt_or_the_hash_input() -> None:
    valid = [c.id for c in BATTERY if c.group == "valid"]
    named = likely_slips(_results(dict.fromkeys(valid, "0010")))
    assert set(named) == set(valid)
    assert {code for code, _t in named.values()} == {"every_valid_0010"}


@pytest.mark.parametrize(
    "answers,slip",
    [
        ({"timestamp_ahead": "0000", "timestamp_day_ahead": "0000"}, "future_timestamp"),
        ({"timestamp_old": "0000", "timestamp_day_old": "0000"}, "old_timestamp"),
        ({"timestamp_old": "0000", "timestamp_ahead": "0000"}, "wide_window"),  # a day: refused
        (dict.fromkeys(TIMESTAMP_CASES, "0000"), "ignores_timestamp"),
        ({"signature_md5": "0000"}, "accepts_md5"),
        ({"signature_wrong": "0000"}, "accepts_wrong_signature"),
        ({"plain_not_json": "0000"}, "plain_unchecked"),
        ({"plain_bad_percent": "0010"}, "plain_before_signature"),
    ],
)
def test_group_patterns(answers: dict[str, str], slip: str) -> None:
    named = likely_slips(_results(answers))
    assert {cid: code for cid, (code, _t) in named.items()} == dict.fromkeys(answers, slip)


# --- whatever an endpoint answers, the grading and the reports hold ---------------------------


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    body=st.one_of(
        st.binary(max_size=300),
        st.builds(
            lambda plain, sig, ts, code: (
                f'{{"Plain": "{plain}", "Signature": {sig}, "Timestamp": {ts}, "CODE": {code}}}'
            ).encode("utf-8", "surrogatepass"),
            st.sampled_from(["%7B%22CODE%22%3A%22%5Cud800%22%7D", "%ZZ", "", "%7B%7D", "+"]),
            st.sampled_from(['"x"', "1", "null", '"\\ud800"']),
            st.sampled_from(['"1"', "[]", '"\\udfff"']),
            st.sampled_from(['"0000"', "{}", '"\\ud800"']),
        ),
        _JSONISH.map(lambda v: json.dumps(v).encode()),
    )
)
def test_any_answer_gets_a_line_and_the_reports_encode(body: bytes) -> None:
    case = BATTERY[0]
    result = grade_answer(
        case, b"{}", salt="s", status=200, content_type="", body=body, elapsed_ms=1
    )
    assert result.why().en and result.why().zh
    run = BatteryRun(target="t", trans_name="T", started_ms=0, limit_s=3, results=[result])
    callback_html(run).encode("utf-8")
    callback_junit(run)
    json.dumps(run.to_json()).encode("utf-8")


def test_the_junit_report_stays_valid_xml_whatever_the_endpoint_answered() -> None:
    import time
    import xml.dom.minidom

    from workbench.conformance.battery import BATTERY
    from workbench.conformance.callback import grade_answer
    from workbench.conformance.endpoint import BatteryRun
    from workbench.conformance.junit import callback_junit

    case = BATTERY[0]
    sent = case.body("a-long-partner-salt", "T", int(time.time() * 1000))
    body = b'\x01\x1b[31m</script>"\x00 \xef\xbf\xbf'  # control characters, U+FFFF
    result = grade_answer(
        case, sent, salt="a-long-partner-salt", status=200,
        content_type="application/json", body=body, elapsed_ms=1,
    )  # fmt: skip
    run = BatteryRun(target="https://h/cb", trans_name="T", started_ms=0, limit_s=3,
                     results=[result])  # fmt: skip
    document = xml.dom.minidom.parseString(callback_junit(run))  # a CI parser reads it
    assert document.getElementsByTagName("failure")
