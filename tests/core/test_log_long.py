"""Long lines read in pieces (core.log_long): bounded work and memory, the same findings."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from tests.core.log_samples import OFFSET_S, SALT
from workbench.core import log_long
from workbench.core.log_scan import scan_stream, scan_text

URL = "https://api.example/cgi-bin/x?app_id=W1&nonce=n{}&version=1.0.0&sign=S{}"


def _requests(data: bytes, piece: int) -> list[tuple[int, str, str | None]]:
    result = scan_stream(io.BytesIO(data), SALT, offset_s=OFFSET_S, piece=piece)
    return [(i.line, i.fields["nonce"], i.fields.get("body")) for i in result.items]


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many characters the long line holds after each piece."""
    sizes: list[int] = []
    push = log_long.LongLine.push

    def counted(self: Any, text: str) -> None:
        push(self, text)
        sizes.append(len(self._buf))

    monkeypatch.setattr(log_long.LongLine, "push", counted)
    return sizes


def test_a_long_run_without_a_gap_is_passed_in_bounded_memory(held: list[int]) -> None:
    run = 24 << 20
    data = (
        # a run of one letter, then a signed URL shortly after it
        b"2026-11-18 19:06:42.278 [INFO] blob="
        + b"A" * run
        + b" "
        + URL.format(1, 1).encode()
        # a run of escaped text that starts like a URL: no URL either
        + b"\n2026-11-18 19:06:43 [INFO] upload "
        + URL.format(2, 2).encode()
        + b"%7B%22a%22%3A1%7D" * (run // 17)
        + b" then "
        + URL.format(3, 3).encode()
        + b"\n"
    )
    found = _requests(data, log_long.PIECE_BYTES)
    # the line was not held whole (nor read again from the run's start with each piece)
    assert len(held) > 40 and max(held) < log_long.PIECE_BYTES + 2 * log_long.RETAIN_CHARS
    assert found == [(1, "n1", None), (2, "n3", None)]
    held.clear()
    assert _requests(data, 1 << 40) == found  # read whole: the same


@pytest.mark.parametrize("piece", [log_long.PIECE_BYTES, 65536])
def test_a_body_on_the_next_line_longer_than_a_piece_goes_with_its_request(piece: int) -> None:
    body = json.dumps({"file": "B" * 1_500_000})
    data = (
        f"2026-11-18 19:06:42.298 [INFO] POST {URL.format(1, 1)}\n{body}\n"
        f"2026-11-18 19:06:42.298 [INFO] done\n"
    ).encode()
    found = _requests(data, piece)
    assert found == [(1, "n1", body)]
    assert found == _requests(data, 1 << 40)
    pasted = scan_text(data.decode(), SALT, offset_s=OFFSET_S, piece=piece)
    assert [i.fields.get("body") for i in pasted.items] == [body]
    # a line that only starts like a body is none
    broken = data.replace(b'B"}', b'B" x}')
    assert _requests(broken, piece) == [(1, "n1", None)] == _requests(broken, 1 << 40)


def _found(result: Any) -> list[tuple[object, ...]]:
    return [(i.line, i.end_line, i.kind, i.status, i.fields) for i in result.items]


_CJK = "张" * 400_000  # 1.2 MB in UTF-8: longer than a piece of a file, not of a pasted text


def _pretty_answer(long_key_line: bool) -> str:
    """A platform answer pretty-printed, with a line of 400,000 characters in it: the line after
    the key's, or the key's own."""
    answer = {"code": "60840000", "msg": "成功", "bizSeqNo": "B1"}
    answer["jsonData"] = json.dumps({"names": _CJK}, ensure_ascii=False)
    pretty = json.dumps(answer, indent=2, ensure_ascii=False)
    if long_key_line:
        pretty = pretty.replace('60840000",\n  "msg": "成功"', f'60840000", "msg": "{_CJK}"', 1)
    return (
        "2026-11-18 19:06:42.298 [INFO] platform said:\n"
        + pretty
        + "\n2026-11-18 19:06:43.000 [INFO] done\n"
    )


@pytest.mark.parametrize("long_key_line", [False, True])
@pytest.mark.parametrize("piece", [log_long.PIECE_BYTES, 65536])
def test_an_object_with_a_line_longer_than_a_piece_is_still_read(
    piece: int, long_key_line: bool
) -> None:
    text = _pretty_answer(long_key_line)
    whole = _found(scan_text(text, SALT, offset_s=OFFSET_S, piece=1 << 40))
    end = 6 if long_key_line else 7
    assert [t[:4] for t in whole] == [(2, end, "platform_answer", "ok")]
    read = scan_stream(io.BytesIO(text.encode()), SALT, offset_s=OFFSET_S, piece=piece)
    assert _found(read) == whole
    assert _found(scan_text(text, SALT, offset_s=OFFSET_S, piece=piece)) == whole
    # an object longer than the scan collects (MAX_SPAN_CHARS) is given up all the same
    longer = text.replace(_CJK, _CJK * 3)
    assert _found(scan_text(longer, SALT, offset_s=OFFSET_S, piece=1 << 40)) == []
    assert _found(scan_stream(io.BytesIO(longer.encode()), SALT, piece=piece)) == []


@pytest.mark.parametrize("memo", [1_040_000, 1_100_000, 3_000_000])
def test_a_pretty_callback_whose_key_line_is_read_in_pieces_is_judged(memo: int) -> None:
    """The object's first piece alone is past the span cap of ordinary lines: it was given up
    (malformed) where the whole line was judged valid (found in review)."""
    import urllib.parse

    from workbench.core.callback_codec import callback_signature

    business = json.dumps({"orderNo": "O1", "memo": "x" * memo})
    plain = urllib.parse.quote(business, safe="")
    ts = "1795000000000"
    sig = callback_signature(plain, SALT, ts)
    stamp = "2026-11-18 19:06:40.266 [INFO] "
    log = (
        f'{stamp}callback received:\n{{\n  "Plain": "{plain}", "Signature": "{sig}", '
        f'"Timestamp": "{ts}", "transName": "creditResultNotify", "SeqNo": "S1"}}\n{stamp}end\n'
    ).encode()
    for piece in (log_long.PIECE_BYTES, 1 << 40):
        found = scan_stream(io.BytesIO(log), SALT, offset_s=8 * 3600, piece=piece)
        assert [(i.kind, i.status) for i in found.items] == [("callback", "valid")], piece
