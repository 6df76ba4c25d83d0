"""Modest property tests of the sandbox (the long runs are tests/fuzz/fuzz_sandbox.py): any signed
body gets a platform answer with a code from the table, never 60846999; the nonce memory and the
saved state survive any bytes on disk."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sandbox.partner import Partner
from workbench.sandbox.common import MESSAGES, parse_body_json
from workbench.sandbox.nonces import NonceBook
from workbench.sandbox.server import Sandbox
from workbench.sandbox.state import SandboxState

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=12,
)
bodies = st.one_of(
    st.text(max_size=200),
    json_values.map(lambda v: json.dumps(v)),
    st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
    st.sampled_from(["\\ud800", "\\udfff", "\\ud83d\\ude00"]).map(lambda e: f'{{"A": "{e}"}}'),
)


@pytest.fixture(scope="module")
def partner(sandbox: Sandbox) -> Iterator[Partner]:
    p = Partner(sandbox.info())
    p.fetch_ticket()
    yield p
    p.close()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=bodies)
def test_any_signed_body_gets_a_code_from_the_table(partner: Partner, body: str) -> None:
    answer = partner.call("/api/s/sandbox/echo", body)
    assert answer["code"] in MESSAGES
    assert answer["code"] in ("60840000", "60840002"), answer


@settings(max_examples=300, deadline=None)
@given(body=bodies)
def test_body_parsing_never_raises(body: str) -> None:
    parsed, problem = parse_body_json(body)
    if not problem:
        json.dumps(parsed, ensure_ascii=False).encode("utf-8")  # the echo can always answer it


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.binary(max_size=600))
def test_damaged_state_files_never_stop_the_sandbox(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "nonces.log").write_bytes(content)
    (tmp_path / "state.json").write_bytes(content)
    state = SandboxState(tmp_path / "state.json")
    assert state.clock.offset_ms >= 0
    assert state.use_nonce("app", "n" * 32) is True
    book = NonceBook(tmp_path / "nonces.log")
    book.load(1_700_000_000_000)
