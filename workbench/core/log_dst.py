"""The hour repeated when clocks go back, for log times written without a zone.

When daylight saving ends, a wall-clock time such as 02:30 (Berlin, the last Sunday of October)
happens twice, an hour apart: 00:30 UTC in the first pass, 01:30 UTC in the second. A log line's
time there names two moments, and a callback's timestamp window (PROTOCOL P7) is judged against
one of them. Neither can be chosen safely: the callback's own Timestamp would pass one replayed
an hour late, and the order of the log misleads where lines come late, out of order or far
apart. So both are judged: where they agree,
that is the verdict; where they disagree, the callback is invalid, with the slip ``log_dst``
saying that read as the other moment it is within the window. Nothing is passed on a guess.
"""

from __future__ import annotations

import time

from workbench.core.callback import STATUS_VALID
from workbench.core.log_items import Finding, LogItem, envelope_item, local_offsets_at
from workbench.core.text import Text

LOG_DST_HINT = Text(
    "The log line's time ({wall}) is in the hour repeated when clocks went back, so it names two "
    "moments an hour apart: read as the other one, this callback is within the window.",
    "日志行的时间（{wall}）落在时钟回拨后重复的那一小时内，对应相隔一小时的两个时刻："
    "按另一个时刻判断，这条回调在时间窗口内。",
)


def readings(line_ms: int, read_in: int) -> list[tuple[int, int]]:
    """The moments a line time read in this computer's zone (``read_in`` seconds east of UTC)
    names: one, or two (the first pass first) in the hour repeated when clocks go back. Each is
    (epoch ms, offset)."""
    wall = line_ms // 1000 + read_in
    offsets = local_offsets_at(wall)
    if len(offsets) < 2:
        return [(line_ms, read_in)]
    ms = wall * 1000 + line_ms % 1000
    return [(ms - o * 1000, o) for o in offsets]


def undecided_item(
    text: str, salt: str | None, window_s: int, moments: list[tuple[int, int]], hint_zone: bool
) -> LogItem:
    """A callback whose line time names two moments (:func:`readings`): judged against both;
    where they disagree, the invalid reading, with the slip ``log_dst``."""
    items = [envelope_item(text, salt, window_s, ms, o if hint_zone else None) for ms, o in moments]
    valid = [item.status == STATUS_VALID for item in items]
    if all(valid) or not any(valid):
        return items[0]
    strict = items[valid.index(False)]
    wall = time.strftime("%Y-%m-%d %H:%M", time.gmtime(moments[0][0] // 1000 + moments[0][1]))
    slips = tuple(s for s in strict.slips if s.code != "log_zone")  # not another zone: this one
    strict.slips = (*slips, Finding("log_dst", LOG_DST_HINT.format(wall=wall)))
    return strict
