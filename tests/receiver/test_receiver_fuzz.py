"""Arbitrary bodies and text: the listener always answers, the verifier never raises."""

from __future__ import annotations

import json

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.callback import verify_callback, verify_callback_body
from workbench.core.callback_codec import CallbackEnvelope
from workbench.core.credentials import ManualClock
from workbench.receiver import CallbackReceiver, ReceiverConfig

NOW = 1_700_000_000_000
STATUSES = {"valid", "invalid", "malformed", "unchecked"}
CODES = {"0000", "0001", "0010", "0012", "0103"}

envelope_like = st.fixed_dictionaries(
    {},
    optional={
        "Plain": st.one_of(st.text(max_size=40), st.integers()),
        "Signature": st.text(max_size=70),
        "Timestamp": st.one_of(st.text(max_size=20), st.just(str(NOW))),
        "transName": st.text(max_size=10),
        "SeqNo": st.text(max_size=10),
    },
).map(lambda d: json.dumps(d).encode())
bodies = st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode), envelope_like)


@settings(max_examples=200, deadline=None)
@given(body=bodies, salt=st.one_of(st.none(), st.text(max_size=10)))
def test_core_verifier_gives_a_verdict_for_any_body(body: bytes, salt: str | None) -> None:
    verdict = verify_callback_body(body, salt, NOW)
    assert verdict.status in STATUSES
    assert verdict.partner_code in CODES
    if verdict.status not in ("valid", "unchecked"):
        assert verdict.reasons and all(r.text.en and r.text.zh for r in verdict.reasons)


@settings(max_examples=200, deadline=None)
@given(plain=st.text(max_size=60), sig=st.text(max_size=70), ts=st.text(max_size=20))
def test_core_verifier_on_any_fields(plain: str, sig: str, ts: str) -> None:
    env = CallbackEnvelope(plain=plain, signature=sig, timestamp=ts, trans_name="", seq_no="")
    assert verify_callback(env, "salt", NOW).status in STATUSES


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies, method=st.sampled_from(["POST", "POST", "PUT", "GET", "DELETE"]))
def test_listener_always_answers(body: bytes, method: str) -> None:
    rec = _RECEIVER
    resp = requests.request(
        method, rec.url, data=body, timeout=10, headers={"Content-Type": "application/json"}
    )
    assert resp.status_code in (200, 405)
    verdict = verify_callback_body(resp.content, "salt", NOW)
    assert verdict.status == "valid"
    assert verdict.business_json["CODE"] in CODES


_RECEIVER = CallbackReceiver(ReceiverConfig(port=0), salt="salt", clock=ManualClock(NOW))


def setup_module() -> None:
    _RECEIVER.start()


def teardown_module() -> None:
    _RECEIVER.stop()
