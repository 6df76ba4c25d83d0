"""The hour repeated when clocks go back, for log times written without a zone.

When daylight saving ends, a wall-clock time such as 02:30 (Berlin, the last Sunday of October)
happens twice, an hour apart: 00:30 UTC in the first pass, 01:30 UTC in the second. A log line's
time there names two instants, and a callback's timestamp window (PROTOCOL P7) is judged against
one of them. The callback's own Timestamp cannot choose: that would make a callback replayed an
hour late look fresh. The log's order can: a log is written in time order, so once its times
step back inside the repeated hour, the lines after are in the second pass, and a log that runs
into the hour from just before it is in the first pass. :class:`RepeatedHourPasses` follows that
order over the callbacks' lines. When the log does not say (it starts inside the hour, or is too
sparse), both readings are judged, and where they disagree the callback is reported as invalid,
with a slip that says it would be valid in the other pass: the tool does not guess.
"""

from __future__ import annotations

import time

from workbench.core.callback import STATUS_VALID
from workbench.core.log_items import Finding, LogItem, envelope_item, local_offsets_at
from workbench.core.text import Text

STEP_BACK_S = (
    300  # a time this far behind the latest one, both in the repeated hour: clocks went back
)
RUN_IN_S = (
    900  # a callback this close before the repeated hour: the log runs on into its first pass
)
QUARTER_S = 900  # zones change on the quarter hour (log_items.local_offsets_at)

LOG_DST_HINT = Text(
    "The log line's time ({wall}) is in the hour repeated when clocks went back, and the log does "
    "not show which pass wrote it: read as the other pass, this callback is within the window.",
    "日志行的时间（{wall}）落在时钟回拨后重复的那一小时内，日志看不出是哪一遍写下的："
    "按另一遍读取，这条回调在时间窗口内。",
)


def repeated_hour(wall_s: int) -> tuple[int, int]:
    """The repeated interval (wall-clock seconds, as if UTC: start, end) around ``wall_s``, which
    must lie in it."""
    start = wall_s - wall_s % QUARTER_S
    while len(local_offsets_at(start - QUARTER_S)) > 1:
        start -= QUARTER_S
    end = wall_s - wall_s % QUARTER_S + QUARTER_S
    while len(local_offsets_at(end)) > 1:
        end += QUARTER_S
    return start, end


class RepeatedHourPasses:
    """Which pass of a repeated hour each callback's line time is in, from the log's order
    (feed the line times in the order of the log)."""

    def __init__(self) -> None:
        self._latest: int | None = None  # the latest wall-clock time seen, in log order
        self._window_latest: tuple[int, int] | None = None  # (window end, latest time in it)
        self._decided: dict[int, int] = {}  # window end -> 0 (first pass) or 1 (second)

    def readings(self, line_ms: int, read_in: int) -> list[tuple[int, int]]:
        """The readings of a line time read in this computer's zone (``read_in`` seconds east of
        UTC): one, or two (the first pass first) when the log does not say which pass wrote it.
        Each is (epoch ms, offset)."""
        wall = line_ms // 1000 + read_in
        offsets = local_offsets_at(wall)
        latest, self._latest = self._latest, wall
        if len(offsets) < 2:
            return [(line_ms, read_in)]
        start, end = repeated_hour(wall)
        before = (
            self._window_latest[1]
            if self._window_latest and self._window_latest[0] == end
            else None
        )
        self._window_latest = (end, wall if before is None else max(before, wall))
        if before is not None and before - wall > STEP_BACK_S:
            self._decided[end] = 1  # the clocks went back between the two lines
        elif end not in self._decided and latest is not None and start - RUN_IN_S <= latest < start:
            self._decided[end] = 0  # the log ran into the hour from just before it
        chosen = self._decided.get(end)
        ms = wall * 1000 + line_ms % 1000
        choices = [(ms - o * 1000, o) for o in offsets]
        return choices if chosen is None else [choices[chosen]]


def undecided_item(
    text: str, salt: str | None, window_s: int, readings: list[tuple[int, int]], hint_zone: bool
) -> LogItem:
    """A callback whose line time is in a repeated hour, in a pass the log does not show: judged
    in both; where they disagree, the invalid reading, with the slip ``log_dst``."""
    items = [
        envelope_item(text, salt, window_s, ms, o if hint_zone else None) for ms, o in readings
    ]
    valid = [item.status == STATUS_VALID for item in items]
    if all(valid) or not any(valid):
        return items[0]
    strict = items[valid.index(False)]
    wall = time.strftime("%Y-%m-%d %H:%M", time.gmtime(readings[0][0] // 1000 + readings[0][1]))
    slips = tuple(s for s in strict.slips if s.code != "log_zone")  # not another zone: this one
    strict.slips = (*slips, Finding("log_dst", LOG_DST_HINT.format(wall=wall)))
    return strict
