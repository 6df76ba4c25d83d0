"""The log scanner: every item of a big mixed log is found, on its line, with its verdict."""

from __future__ import annotations

import io
import json
import random
import time
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.log_samples import OFFSET_S, OTHER_SALT, SALT, LogBuilder, mixed_log
from workbench.core.callback import verify_callback_body
from workbench.core.callback_codec import build_envelope
from workbench.core.log_report import write_csv
from workbench.core.log_scan import (
    KIND_ANSWER,
    KIND_CALLBACK,
    ScanCancelled,
    line_time_ms,
    scan_lines,
    scan_stream,
    scan_text,
)


@pytest.fixture(scope="module")
def big() -> LogBuilder:
    return mixed_log(1100)


def _found(result: object) -> list[tuple[object, ...]]:
    return [
        (i.line, i.kind, i.status, i.trans_name, i.seq_no, i.escaped, i.end_line)
        for i in result.items  # type: ignore[attr-defined]
    ]


def _wanted(b: LogBuilder) -> list[tuple[object, ...]]:
    return [
        (e.line, e.kind, e.status, e.trans_name, e.seq_no, e.escaped, e.end_line)
        for e in b.expected
    ]


def test_every_item_of_a_big_mixed_log_is_found_with_its_verdict(big: LogBuilder) -> None:
    assert len(big.expected) >= 1000
    result = scan_stream(io.BytesIO(big.text()), SALT, offset_s=OFFSET_S)
    assert _found(result) == _wanted(big)
    wanted = Counter((e.kind, e.status) for e in big.expected)
    summary = result.summary()
    assert summary["kinds"] == {
        k: sum(n for (kind, _), n in wanted.items() if kind == k)
        for k in ("callback", "answer", "request", "platform_answer")
    }
    assert summary["verdicts"] == {s: n for (k, s), n in sorted(wanted.items()) if k == "callback"}
    # every kind of callback the builder writes is in there, more than once
    escaped = [e for e in big.expected if e.kind == KIND_CALLBACK and e.escaped]
    pretty = [e for e in big.expected if e.end_line > e.line and e.kind == KIND_CALLBACK]
    assert len(escaped) > 20 and len(pretty) > 20
    assert wanted[("callback", "invalid")] > 50 and wanted[("callback", "malformed")] > 10
    assert wanted[("platform_answer", "error")] > 10 and wanted[("request", "unchecked")] > 100
    assert summary["lines"] == len(big.lines)


def test_reasons_and_slips_say_why_a_callback_failed(big: LogBuilder) -> None:
    result = scan_stream(io.BytesIO(big.text()), SALT, offset_s=OFFSET_S)
    invalid = [i for i in result.callbacks() if i.status == "invalid"]
    codes = Counter(r.code for i in invalid for r in i.reasons)
    slips = Counter(s.code for i in invalid for s in i.slips)
    assert set(codes) == {"signature_mismatch", "timestamp_outside_window"}
    assert slips["plain_decoded"] > 5  # Plain hashed after decoding: named, as in the verifier
    # the verdict is the verifier's, so `callback verify` says the same of the extracted text
    for item in result.items[:200]:
        if item.kind == KIND_CALLBACK and item.status != "malformed":
            again = verify_callback_body(item.text, SALT, item.time_ms or 0, 300)
            assert again.status == item.status or "timestamp_outside_window" in {
                r.code for r in item.reasons
            }


def test_answers_are_matched_to_their_callback_by_seq_no_and_order(big: LogBuilder) -> None:
    result = scan_stream(io.BytesIO(big.text()), SALT, offset_s=OFFSET_S)
    answers = [i for i in result.items if i.kind == KIND_ANSWER]
    assert answers and all(a.partner is not None for a in answers)
    for a in answers:
        callback = result.items[a.partner]  # type: ignore[index]
        assert callback.kind == KIND_CALLBACK and callback.seq_no == a.seq_no
        assert callback.line < a.line and callback.partner == result.items.index(a)
    summary = result.summary()
    assert summary["answered"] == len(answers)
    dups = summary["duplicate_seq_no"]
    assert dups and all(len(lines) >= 2 for lines in dups.values())


def test_a_retry_answered_late_pairs_first_with_first() -> None:
    b = LogBuilder(3)
    trans, seq = b.callback()
    b.callback(seq=seq)  # the bank retried before the partner answered
    b.answer(trans, seq)
    b.answer(trans, seq)
    result = scan_text(b.text().decode(), SALT, offset_s=OFFSET_S)
    first, second, a1, a2 = result.items
    assert (first.partner, second.partner, a1.partner, a2.partner) == (2, 3, 0, 1)
    assert result.summary()["duplicate_seq_no"] == {seq: [1, 2]}


def test_without_a_salt_everything_is_still_decoded(big: LogBuilder) -> None:
    result = scan_stream(io.BytesIO(big.text()), None, offset_s=OFFSET_S)
    callbacks = result.callbacks()
    assert {i.status for i in callbacks} == {"unchecked", "malformed"}
    readable = [i for i in callbacks if i.status == "unchecked"]
    assert all(isinstance(i.business_json, dict) and "orderNo" in i.business_json for i in readable)


def test_another_salt_makes_every_callback_invalid(big: LogBuilder) -> None:
    result = scan_stream(io.BytesIO(big.text()), OTHER_SALT, offset_s=OFFSET_S)
    valid = [i.line for i in result.callbacks() if i.status == "valid"]
    signed_so = [e.line for e in big.expected if e.note == "other_salt"]
    assert valid == signed_so and len(valid) > 10  # only those the other salt signed hold


def test_text_and_bytes_give_the_same_items_and_non_utf8_lines_are_read() -> None:
    b = LogBuilder(11)
    for _ in range(30):
        b.noise()
        b.callback("non_utf8")
    raw = b.text()
    as_bytes = scan_lines(raw.split(b"\n"), SALT, offset_s=OFFSET_S)
    as_text = scan_text(raw.decode("utf-8", "replace"), SALT, offset_s=OFFSET_S)
    assert _found(as_bytes) == _found(as_text) == _wanted(b)
    assert {i.status for i in as_bytes.callbacks()} == {"valid"}


def test_a_log_without_times_checks_signatures_and_leaves_timestamps_unjudged() -> None:
    env = build_envelope("{}", salt=SALT, trans_name="t", seq_no="1", timestamp_ms=1).to_dict()
    result = scan_text("callback " + json.dumps(env), SALT)
    (item,) = result.items
    assert item.status == "valid"
    assert [s.code for s in item.slips] == ["no_log_time"]


def test_line_times_read_with_and_without_a_zone() -> None:
    assert line_time_ms("2026-11-29 18:00:01.250 INFO", 0) == 1795975201250
    assert line_time_ms("[2026-11-29T18:00:01+08:00] x", 0) == 1795975201000 - 8 * 3600_000
    assert line_time_ms("2026-11-29 18:00:01 x", 8 * 3600) == 1795975201000 - 8 * 3600_000
    assert line_time_ms("no time here", 0) is None
    assert line_time_ms("2026-13-45 99:00:00", 0) is None


def test_slash_dates_and_access_log_times_are_read() -> None:
    assert line_time_ms("2026/11/29 18:00:01.250 [exec-1] INFO", 0) == 1795975201250
    assert line_time_ms('10.0.0.1 - - [29/Nov/2026:18:00:01 +0800] "POST /cb"', 0) == (
        1795975201000 - 8 * 3600_000
    )
    assert line_time_ms("2026/11-29 18:00:01 mixed separators", 0) is None


def test_a_replay_in_a_slash_dated_log_is_judged_on_its_own_line_not_the_banner_above() -> None:
    """Both callbacks were judged against the banner a day before: the genuine one came out
    "in the future by 1 d" and the one replayed a day late came out valid."""
    line_ms = 1795975201000 - 8 * 3600_000  # 2026/11/29 18:00:01 at +08:00
    genuine = build_envelope("{}", salt=SALT, trans_name="t", seq_no="1", timestamp_ms=line_ms)
    replay = build_envelope(
        "{}", salt=SALT, trans_name="t", seq_no="2", timestamp_ms=line_ms - 86_400_000
    )
    log = "\n".join(
        [
            "2026-11-28 18:00:00 INFO application started",
            "2026/11/29 18:00:01.000 [exec-1] INFO Callback - " + json.dumps(genuine.to_dict()),
            "2026/11/29 18:00:01.000 [exec-2] INFO Callback - " + json.dumps(replay.to_dict()),
        ]
    )
    result = scan_text(log, SALT, offset_s=8 * 3600)
    assert [(i.seq_no, i.status) for i in result.items] == [("1", "valid"), ("2", "invalid")]


def test_an_object_that_never_closes_is_malformed_and_what_follows_is_still_read() -> None:
    env = build_envelope("{}", salt=SALT, trans_name="t", seq_no="2", timestamp_ms=5).to_dict()
    lines = ["{", '  "Plain": "%7B%7D",', '  "Signature": "ab",'] + ["noise"] * 70
    lines.append("callback " + json.dumps(env))
    result = scan_text("\n".join(lines), SALT)
    assert [(i.line, i.status) for i in result.items] == [(1, "malformed"), (74, "valid")]


def test_cancel_stops_a_scan_and_progress_is_reported() -> None:
    b = mixed_log(1000, seed=5)
    seen: list[int] = []
    with pytest.raises(ScanCancelled):
        scan_lines(b.text().split(b"\n"), SALT, progress=seen.append, cancelled=lambda: bool(seen))
    assert seen and seen[0] > 0


def test_the_csv_has_a_row_per_item_and_no_salt() -> None:
    b = mixed_log(60, seed=9)
    result = scan_text(b.text().decode("utf-8", "replace"), SALT, offset_s=OFFSET_S)
    out = io.StringIO()
    write_csv(out, result, OFFSET_S, "zh")
    text = out.getvalue()
    assert text.count("\r\n") == len(result.items) + 1
    assert SALT not in text
    assert "签名不一致" in text or "时间窗口" in text


@pytest.mark.parametrize(
    "line",
    [
        '"Plain": ' * 200_000,  # keys with no object around them
        '{"code": ' * 100_000,  # objects that never close, nested ever deeper
        '{"Plain": ' * 100_000,
        '{\\"Plain\\": ' * 100_000,
        "x?sign=&app_id=1 " * 100_000,
    ],
)
def test_a_pathological_line_is_read_in_linear_time(line: str) -> None:
    started = time.perf_counter()
    result = scan_text(line + "\n" + "{" * 500_000, SALT)
    assert time.perf_counter() - started < 10  # quadratic work here takes minutes
    assert [i.status for i in result.items] in ([], ["malformed"])


_FRAGMENTS = [
    "{",
    "}",
    '"Plain":',
    '\\"Plain\\":',
    '"code": "60840000",',
    '"msg":"x"',
    '"%7B%7D"',
    '"Signature":"ab",',
    '"Timestamp":"1",',
    "?app_id=1&nonce=2&version=3&sign=4 ",
    "\n",
    "\n",
    " ",
    '"',
    "\\",
    "2026-11-29 18:00:01 ",
    "中文",
    "\ufffd",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=60), st.sampled_from([None, SALT]))
def test_any_text_is_scanned_without_an_error(parts: list[str], salt: str | None) -> None:
    text = "".join(parts)
    result = scan_text(text, salt)
    lines = [i.line for i in result.items]
    assert lines == sorted(lines)
    assert all(1 <= i.line <= i.end_line <= max(1, result.lines) for i in result.items)
    assert {i.kind for i in result.items} <= {"callback", "answer", "request", "platform_answer"}


def test_an_object_closed_late_is_still_listed_in_line_order() -> None:
    # hypothesis found it: the escaped envelope on line 2 is found before the object that
    # opens on line 1 closes; the list must still read top to bottom
    parts = ["{", "\n", "{", '\\"Plain\\":', '"Plain":', "\n", '"Plain":']
    result = scan_text("".join(parts), None)
    lines = [i.line for i in result.items]
    assert lines == sorted(lines)
    for index, item in enumerate(result.items):
        if item.partner is not None:
            assert result.items[item.partner].partner == index


def test_a_0000_answer_to_a_callback_that_fails_the_check_is_flagged() -> None:
    b = LogBuilder(5)
    wrong = b.callback("tampered")
    b.answer(*wrong)  # 0000 to a callback whose signature does not match: a partner bug
    refused = b.callback("tampered")
    b.answer(*refused, code="0010")  # refused as it should be
    fine = b.callback("valid")
    b.answer(*fine)
    result = scan_stream(io.BytesIO(b.text()), SALT, offset_s=OFFSET_S)
    callbacks = result.callbacks()
    assert [c.status for c in callbacks] == ["invalid", "invalid", "valid"]
    flagged = [[s.code for s in c.slips if s.code == "accepted_invalid"] for c in callbacks]
    assert flagged == [["accepted_invalid"], [], []]
    slip = next(s for s in callbacks[0].slips if s.code == "accepted_invalid")
    assert "0000" in slip.text.en and "0010" in slip.text.en and "0000" in slip.text.zh


def test_no_partner_is_blamed_for_a_line_cut_short_or_a_log_without_a_salt() -> None:
    b = LogBuilder(6)
    trans, seq = b.callback("stale")  # only the timestamp: the log's zone may not be ours
    b.answer(trans, seq)
    text = b.text() + b'2026-11-18 19:00:00 INFO callback {"Plain": "%7B%22a%22%3A1%7D", "Sig\n'
    text += b'2026-11-18 19:00:01 INFO reply {"Plain": "%7B%22CODE%22%3A%220000%22%7D"}\n'
    for salt in (SALT, None):
        result = scan_stream(io.BytesIO(text), salt, offset_s=OFFSET_S)
        slips = [s.code for c in result.callbacks() for s in c.slips]
        assert "accepted_invalid" not in slips, (salt, slips)


def _one_line_sample() -> tuple[LogBuilder, bytes]:
    """About 3 MB of callbacks (plain, escaped, tampered), partner answers and platform answers
    between runs of other text, then signed request URLs, as lines and as one line."""
    b = LogBuilder(41)
    for i in range(120):
        trans, seq = b.callback(("valid", "escaped", "tampered", "valid")[i % 4])
        b.answer(trans, seq, escaped=i % 3 == 0)
        if i % 5 == 0:
            b.platform_answer("60841018" if i % 10 else "60840000")
        b.noise()
    for _ in range(3):
        b.request()
    rng = random.Random(2)
    filler = "GET /health 200 用户 ok x=1 "
    parts = [line + (filler * rng.randint(0, 1400)).encode() for line in b.lines]
    return b, b" ".join(parts)


def _same(result: Any) -> list[tuple[object, ...]]:
    return [
        (
            i.kind,
            i.status,
            i.trans_name,
            i.seq_no,
            i.text,
            i.escaped,
            [r.code for r in i.reasons],
            [s.code for s in i.slips],
            i.fields,
        )
        for i in result.items
    ]


def test_a_log_without_line_breaks_is_read_in_pieces_with_the_same_findings() -> None:
    b, one_line = _one_line_sample()
    assert b"\n" not in one_line and len(one_line) > 2_500_000
    in_pieces = scan_stream(io.BytesIO(one_line), SALT, offset_s=OFFSET_S, piece=65536)
    whole = scan_stream(io.BytesIO(one_line), SALT, offset_s=OFFSET_S, piece=1 << 40)
    as_lines = scan_stream(io.BytesIO(b.text()), SALT, offset_s=OFFSET_S)
    assert in_pieces.lines == 1
    found = _same(in_pieces)
    assert len(found) == len(b.expected) and found == _same(whole) == _same(as_lines)
    assert {i.status for i in in_pieces.callbacks()} == {"valid", "invalid"}
    assert any(i.escaped for i in in_pieces.items)
    # the same text pasted in the window
    pasted = scan_text(one_line.decode("utf-8", "replace"), SALT, offset_s=OFFSET_S, piece=65536)
    assert _same(pasted) == found
    # a log that ends exactly at the end of a full piece (no read comes back short): its line
    # is ended all the same
    exact = one_line + b" " * (-len(one_line) % 65536)
    assert len(exact) % 65536 == 0
    ended = scan_stream(io.BytesIO(exact), SALT, offset_s=OFFSET_S, piece=65536)
    assert ended.lines == 1 and _same(ended) == found


@pytest.mark.parametrize("seed", range(40))
def test_pieces_of_any_text_give_what_the_whole_line_gives(seed: int) -> None:
    rng = random.Random(seed)
    b = mixed_log(40, seed=seed)
    bits = [
        *(line.decode("utf-8", "replace") for line in b.lines),
        *("{", "}", '"Plain":', '\\"Plain\\":', '"code":', '"', "\\", " ", "\n", "\r", "中文"),
        *('"msg":"ok"', "https://a/b?app_id=1&nonce=2&version=3&sign=4", " body=", '{"a":1}'),
    ]
    data = "".join(rng.choice(bits) for _ in range(rng.randint(100, 1500))).encode()

    def found(piece: int) -> list[tuple[object, ...]]:
        result = scan_stream(io.BytesIO(data), SALT, offset_s=OFFSET_S, piece=piece)
        # an object pretty-printed over a line longer than a piece: malformed either way, its
        # text is what the scan held
        return [(*t[:4], t[4] if t[1] != "malformed" else "") for t in _same(result)]

    assert found(1024) == found(1 << 40)


@pytest.mark.parametrize(
    ("age_min", "window_min", "hinted"),
    [
        (8 * 60, 5, True),  # a UTC log read in Beijing
        (-(5 * 60 + 30), 5, True),  # India's half hour
        (5 * 60 + 45, 5, False),  # Nepal's quarter hour: too rare to suggest
        (10, 5, False),  # minutes stale: a late callback, not another zone
        (20, 5, False),
        (8 * 60 + 20, 5, False),  # eight hours and twenty minutes: no zone is that far off
        (27 * 60, 5, False),  # beyond the farthest two zones
    ],
)
def test_the_zone_hint_is_given_only_for_gaps_a_zone_can_make(
    age_min: int, window_min: int, hinted: bool
) -> None:
    from workbench.core.log_items import zone_may_explain

    assert zone_may_explain(age_min * 60_000, window_min * 60_000) is hinted


def test_cancel_is_heard_within_a_few_wide_lines() -> None:
    """Lines just under a piece wide: cancel (and progress) were looked at every 1,024 lines
    only, so the window's Cancel did nothing on a log of 800 KB lines (found in review)."""
    from workbench.core.log_pieces import ScanCancelled

    line = b"x" * (800 * 1024) + b"\n"
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) >= 3

    with pytest.raises(ScanCancelled):
        scan_stream(io.BytesIO(line * 40), SALT, cancelled=cancelled)
    assert len(asked) == 3  # after about 3 MB, not after 1,024 lines (800 MB)


def test_a_line_time_before_1970_does_not_stop_the_scan_where_the_clock_refuses_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Windows' gmtime raises OSError for a time before 1970 (.NET's DateTime.MinValue is
    0001-01-01): read in this computer's zone, such a line stopped the whole scan."""
    import time

    from workbench.core import log_items

    real = time.gmtime

    def windows_gmtime(seconds: float | None = None) -> time.struct_time:
        if seconds is not None and seconds < 0:
            raise OSError(22, "Invalid argument")
        return real(seconds)

    monkeypatch.setattr(time, "gmtime", windows_gmtime)
    log_items._offsets_of_quarter.cache_clear()
    b = LogBuilder(45)
    b.callback("valid")
    line = b.text().decode().splitlines()[0]
    text = "0001-01-01 00:00:00.000" + line[len("2026-11-29 10:00:00.000") :]
    result = scan_text(text, SALT, offset_s=None)
    assert [i.kind for i in result.items] == ["callback"]
    log_items._offsets_of_quarter.cache_clear()


REPEATED_HOURS = [
    # 02:00-03:00 on the last Sunday of October, twice: from 00:00 UTC (+02:00), then 01:00 (+01:00)
    ("Europe/Berlin", (2026, 10, 25, 0, 0), (7200, 3600)),
    # 01:00-02:00 on the first Sunday of November, twice: from 05:00 UTC (-04:00), then 06:00
    ("America/New_York", (2026, 11, 1, 5, 0), (-14400, -18000)),
]


def _at(start_ms: int, minutes: int, offset_s: int, seed: int, *kinds: str) -> str:
    """Callbacks logged ``minutes`` after ``start_ms``, their times written at ``offset_s``."""
    b = LogBuilder(seed, now_ms=start_ms + minutes * 60_000, offset_s=offset_s)
    for kind in kinds:
        b.callback(kind)
    return b.text().decode()


def _statuses(text: str) -> list[tuple[str, list[str]]]:
    return [
        (i.status, [s.code for s in i.slips]) for i in scan_text(text, SALT, offset_s=None).items
    ]


@pytest.mark.parametrize(("zone", "start", "offsets"), REPEATED_HOURS)
def test_a_callback_in_the_hour_repeated_when_clocks_go_back_is_never_passed_on_a_guess(
    zone: str, start: tuple[int, ...], offsets: tuple[int, int]
) -> None:
    """Both passes of the repeated hour write the same wall-clock times, an hour apart, so a line
    time there names two moments. A callback is judged against both: valid only when both say
    so; where they disagree, invalid with the slip log_dst (read as the other moment it is within
    the window). Before, one pass was read an hour off (its valid callbacks invalid, with a
    misleading zone doubt) and the other passed callbacks replayed an hour late; reading by the
    callback's own Timestamp, or by the order of the log, passed such replays too (review)."""
    import calendar

    from tests.core.log_samples import machine_zone
    from workbench.core import log_items

    ms = calendar.timegm((*start, 0, 0, 0)) * 1000
    first, second = offsets
    log = "".join(
        [
            _at(ms, -5, first, 71, "valid"),  # just before the hour
            _at(ms, 20, first, 72, "valid", "stale"),  # first pass
            _at(ms, 70, second, 74, "valid", "stale"),  # second pass: a replay an hour late
            _at(ms, 125, second, 75, "valid"),  # after the hour
        ]
    )
    log_items._offsets_of_quarter.cache_clear()
    try:
        with machine_zone(zone):
            got = _statuses(log)
    finally:
        log_items._offsets_of_quarter.cache_clear()
    assert got == [
        ("valid", []),
        ("invalid", ["log_dst"]),  # valid in its own pass: the slip says so
        ("invalid", ["log_zone"]),  # stale in both readings: plainly invalid
        ("invalid", ["log_dst"]),
        ("invalid", ["log_dst"]),  # the replay: never valid
        ("valid", []),
    ]
