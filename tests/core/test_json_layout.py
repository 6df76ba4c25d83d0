"""Format and Compact change only the whitespace between tokens: every value stays as written."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.json_layout import relayout

WRITTEN = (
    '{"AMOUNT": 100.00, "RATE": 0.0350, "BIG": 12345678901234567890.12, "E": 1E5,\n'
    ' "A": 1, "A": 2, "S": "a \\u5f20\\/ b, {x: [y]}", "EMPTY": {}, "LIST": [ ], "T": true}'
)


def test_compact_and_format_keep_every_value_as_written() -> None:
    compact = relayout(WRITTEN, None)
    assert compact == (
        '{"AMOUNT":100.00,"RATE":0.0350,"BIG":12345678901234567890.12,"E":1E5,"A":1,"A":2,'
        '"S":"a \\u5f20\\/ b, {x: [y]}","EMPTY":{},"LIST":[],"T":true}'
    )
    pretty = relayout(compact, 2)
    assert pretty.startswith('{\n  "AMOUNT": 100.00,\n  "RATE": 0.0350,')
    assert '"A": 1,\n  "A": 2,' in pretty and '"EMPTY": {},\n  "LIST": [],' in pretty
    assert relayout(pretty, None) == compact


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
        max_leaves=15,
    )
)
def test_the_layout_is_jsons_own_for_any_value(value: object) -> None:
    written = json.dumps(value, ensure_ascii=False)
    assert relayout(written, 2) == json.dumps(value, ensure_ascii=False, indent=2)
    compact = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    assert relayout(written, None) == compact
