"""The things a log scan finds (core.log_scan), each built from the text where it was found.

An envelope's verdict is the callback verifier's (core.callback), judged against the time of the
log line; a platform answer is ok or an error by its code (PROTOCOL P5, P9); a request URL is
recognised by its four signed parameters (PROTOCOL P4) and is not checked here: the sign needs
the ticket, which *Check a sign* asks for.
"""

from __future__ import annotations

import calendar
import functools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from workbench.core.callback import STATUS_MALFORMED, STATUS_UNCHECKED, verify_callback_body
from workbench.core.text import Text

KIND_CALLBACK = "callback"
KIND_ANSWER = "answer"
KIND_REQUEST = "request"
KIND_PLATFORM_ANSWER = "platform_answer"
KINDS = (KIND_CALLBACK, KIND_ANSWER, KIND_REQUEST, KIND_PLATFORM_ANSWER)

# Statuses beyond the verifier's: a platform answer is ok or an error (PROTOCOL P5, P9).
STATUS_OK = "ok"
STATUS_ERROR = "error"
PLATFORM_OK_CODES = frozenset({"60840000", "60850000"})

REQUEST_PARAMS = ("app_id", "nonce", "version", "sign")

# 2024-03-06 10:00:00.000, 2024-03-06T10:00:00Z, and 2024/03/06 10:00:00 (log4j/logback
# patterns with yyyy/MM/dd): the same separator twice
_LINE_TIME = re.compile(
    r"(\d{4})([-/])(\d{2})\2(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?"
    r"\s?(Z|[+-]\d{2}:?\d{2})?"
)
# Apache's and nginx's access logs: [06/Mar/2024:10:00:00 +0800]
_CLF_TIME = re.compile(
    r"\[(\d{2})/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/(\d{4}):(\d{2}):(\d{2}):(\d{2})"
    r"(?:[.,](\d{1,9}))?\s?([+-]\d{4})?\]"
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# +8, +08, +8:00, +08:00 or +0800 (not +800: three digits read either way)
_UTC_OFFSET = re.compile(r"([+-])(?:(\d{1,2})(?::(\d{2}))?|(\d{2})(\d{2}))")
NO_LOG_TIME = Text(
    "The log line has no time: the timestamp window was not judged.",
    "日志行没有时间：未判断时间戳是否在时间窗口内。",
)
LOG_ZONE_HINT = Text(
    "The log line's time carries no zone and was read as {zone}: if the log was written in "
    "another zone, this callback may be within the window (give the log's zone and scan again: "
    "--log-utc-offset on the command line, Log times in in the window).",
    "日志行的时间没有时区，已按 {zone} 读取：如果日志写在其他时区，这条回调可能在时间窗口内"
    "（请给出日志的时区后重新扫描：命令行用 --log-utc-offset，窗口中用“日志时间的时区”）。",
)
ZONE_SPAN_MS = 26 * 3600 * 1000  # the farthest two zones in use are apart (-12:00 to +14:00)
HALF_HOUR_MS = 30 * 60 * 1000  # almost every two zones differ by whole half hours


def zone_may_explain(age_ms: int, window_ms: int) -> bool:
    """Whether a callback ``age_ms`` off its log line's time would be within the window had the
    line's time been read in another zone: the gap is a whole number of half hours (+08:00,
    -03:30; the rare quarter-hour zones such as +05:45 are not suggested), at least an hour,
    give or take the window, and no more than the farthest two zones are apart. A callback
    minutes late is late, not in another zone."""
    gap = abs(age_ms)
    halves = round(gap / HALF_HOUR_MS)
    return (
        halves >= 2
        and halves * HALF_HOUR_MS <= ZONE_SPAN_MS
        and abs(gap - halves * HALF_HOUR_MS) <= window_ms
    )


# PROTOCOL P7.4: a callback whose signature does not match is answered 0010, never 0000
ACCEPTED_INVALID = Text(
    "The partner answered 0000 (success) to this callback, whose signature does not match: "
    "with the salt given here, its server should have refused it with 0010.",
    "合作方对这条签名不符的回调应答了 0000（成功）：按此处给出的盐值，其服务器应当以 0010 拒绝它。",
)


@dataclass(frozen=True)
class Finding:
    """A reason or a slip: a stable code and its sentence in both languages."""

    code: str
    text: Text


@dataclass(slots=True)  # tens of thousands of them in a big log
class LogItem:
    """One thing found in the log.

    ``text`` is the item's own text as it stood (an envelope unescaped once per level of
    escaping, a pretty-printed one with its line breaks), ready for the verifier; ``line`` is
    the 1-based line where it starts. ``partner`` is the matched answer's index for a callback,
    and the callback's index for an answer.
    """

    line: int
    kind: str
    text: str
    status: str
    time_ms: int | None = None
    trans_name: str = ""
    seq_no: str = ""
    reasons: tuple[Finding, ...] = ()
    slips: tuple[Finding, ...] = ()
    business_json: Any = None
    escaped: bool = False
    end_line: int = 0
    partner: int | None = None
    fields: dict[str, str] = field(default_factory=dict)

    def search_text(self) -> str:
        """What the search box looks in (lower case)."""
        return " ".join((self.text, self.trans_name, self.seq_no)).lower()


def local_offset_at(wall_s: int) -> int:
    """The offset east of UTC (seconds) of this computer's zone at the wall-clock time
    ``wall_s`` (its fields read as if UTC), by the rules of that date: a summer log read in
    winter keeps its summer offset (daylight saving). In the hour repeated when clocks go back,
    the first pass's (:func:`local_offsets_at` has both). Zones change on the quarter hour, so
    the answer is kept per quarter hour (``mktime`` doubled the cost of reading a line's time)."""
    quarter = wall_s - wall_s % 900  # as local_offsets_at, one call less: it runs for every line
    return _offsets_of_quarter(quarter, time.timezone, time.altzone, time.tzname)[0]


def local_offsets_at(wall_s: int) -> tuple[int, ...]:
    """Every offset this computer's zone had at the wall-clock time ``wall_s``: one, or two, the
    earlier first, in the hour repeated when clocks go back (02:30 in Berlin on the last Sunday
    of October is 00:30 and 01:30 UTC). In the hour skipped when they go forward, the one the
    C library gives."""
    quarter = wall_s - wall_s % 900  # Lord Howe moves its clocks by half an hour
    return _offsets_of_quarter(quarter, time.timezone, time.altzone, time.tzname)


@functools.lru_cache(maxsize=1 << 14)
def _offsets_of_quarter(wall: int, *_zone: object) -> tuple[int, ...]:
    """``local_offsets_at`` for a whole quarter hour; ``_zone`` keys the cache to the zone (TZ
    may be changed while running: tests do)."""
    try:
        guess = wall - int(time.mktime((*time.gmtime(wall)[:8], -1)))
        # the offsets in force a few hours either side are the only candidates: one is right
        # for this wall-clock time when the instant it gives has that very offset
        candidates = {guess}
        for probe in (wall - guess - 3 * 3600, wall - guess + 3 * 3600):
            candidates.add(time.localtime(probe).tm_gmtoff)
        right = [o for o in candidates if time.localtime(wall - o).tm_gmtoff == o]
    except (OverflowError, ValueError, OSError):  # Windows: OSError before 1970
        return (-time.timezone,)
    return tuple(sorted(right, reverse=True)) or (guess,)


def line_time(line: str, offset_s: int | None) -> tuple[int, int | None] | None:
    """The date and time written near the start of a log line, as epoch ms, and the offset it
    was read in (None when the time carried its own zone); None when the line has no time.

    A time without a zone is read in the zone ``offset_s`` seconds east of UTC, or with None
    in this computer's zone as it was on that date (:func:`local_offset_at`).
    """
    m = _LINE_TIME.search(line, 0, 80)
    if m is not None:
        y, _sep, mo, d, h, mi, s, frac, zone = m.groups()
    else:
        clf = _CLF_TIME.search(line, 0, 80)
        if clf is None:
            return None
        d, month, y, h, mi, s, frac, zone = clf.groups()
        mo = str(_MONTHS.index(month) + 1)
    try:
        seconds = calendar.timegm((int(y), int(mo), int(d), int(h), int(mi), int(s), 0, 0, 0))
    except (ValueError, OverflowError):
        return None
    if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31 and int(h) < 24 and int(mi) < 60):
        return None
    read_in = None
    if zone is None:
        read_in = local_offset_at(seconds) if offset_s is None else offset_s
        seconds -= read_in
    elif zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        seconds -= sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    millis = int((frac or "0")[:3].ljust(3, "0"))
    return seconds * 1000 + millis, read_in


def line_time_ms(line: str, offset_s: int | None) -> int | None:
    """:func:`line_time` without the zone flag."""
    found = line_time(line, offset_s)
    return None if found is None else found[0]


def parse_utc_offset(value: str) -> int | None:
    """``Z``, ``UTC``, ``+08:00``, ``-05:30``, ``+0800`` or ``+8``, also after ``UTC`` or ``GMT``
    (``UTC-05:30``, ``GMT+8``: as zones are named, and as the Log view names them), as seconds
    east of UTC; None when it is none of these (or beyond the zones in use, -12:00 to +14:00)."""
    text = value.strip()
    if text.upper() in ("Z", "UTC", "GMT"):
        return 0
    if text[:3].upper() in ("UTC", "GMT"):
        text = text[3:]
    m = _UTC_OFFSET.fullmatch(text)
    if m is None:
        return None
    sign = m.group(1)
    hours, minutes = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
    hours, minutes = int(hours), int(minutes or 0)
    seconds = hours * 3600 + minutes * 60
    if minutes >= 60 or seconds > 14 * 3600 or (sign == "-" and seconds > 12 * 3600):
        return None
    return -seconds if sign == "-" else seconds


def utc_offset_label(offset_s: int) -> str:
    """``UTC``, ``UTC+08:00``, ``UTC-05:30``: a zone as people name it."""
    if offset_s == 0:
        return "UTC"
    sign = "-" if offset_s < 0 else "+"
    hours, rest = divmod(abs(offset_s), 3600)
    return f"UTC{sign}{hours:02d}:{rest // 60:02d}"


_TIMESTAMP = re.compile(r'"Timestamp"\s*:\s*"(\d{1,17})"')
_BODY_PREFIX = re.compile(r"\s*(?:body\s*[=:]\s*)?", re.IGNORECASE)
ENVELOPE_KEY = re.compile(r'"(Plain|code)\\*"\s*:')
_DECODER = json.JSONDecoder()


def timestamp_of(text: str) -> int | None:
    m = _TIMESTAMP.search(text)
    return int(m.group(1)) if m else None


def envelope_item(
    text: str,
    salt: str | None,
    window_s: int,
    line_time: int | None,
    read_in_zone: int | None = None,
) -> LogItem:
    """A callback or a partner answer (PROTOCOL P7.3: the partner's own JSON, with ``CODE``).

    ``read_in_zone``: the zone (seconds east of UTC) a line time without a zone was read in,
    None when the time carried its own zone.
    """
    # no time on the log: judge against the Timestamp itself (age 0), i.e. not at all
    reference = line_time if line_time is not None else timestamp_of(text)
    verdict = verify_callback_body(text, salt, reference or 0, window_s)
    env = verdict.envelope
    business = verdict.business_json
    kind = KIND_CALLBACK
    if isinstance(business, dict) and "CODE" in business:
        kind = KIND_ANSWER
    reasons = tuple(Finding(r.code, r.text) for r in verdict.reasons)
    slips = tuple(Finding(d.code, d.text) for d in verdict.diagnostics if d.code != "no_variant")
    if verdict.status not in (STATUS_MALFORMED, STATUS_UNCHECKED) and line_time is None:
        slips += (Finding("no_log_time", NO_LOG_TIME),)
    # the only fault is a timestamp judged against a time whose zone was guessed, and the gap
    # is one a zone could make
    if (
        read_in_zone is not None
        and line_time is not None
        and verdict.age_ms is not None
        and zone_may_explain(verdict.age_ms, window_s * 1000)
        and verdict.reason_codes == ["timestamp_outside_window"]
    ):
        zone = LOG_ZONE_HINT.format(zone=utc_offset_label(read_in_zone))
        slips += (Finding("log_zone", zone),)
    item = LogItem(
        line=0,
        kind=kind,
        text=text,
        status=verdict.status,
        time_ms=timestamp_of(text) if env is not None else None,
        trans_name=env.trans_name if env is not None else "",
        seq_no=env.seq_no if env is not None else "",
        reasons=reasons,
        slips=slips,
        business_json=business,
    )
    if kind == KIND_ANSWER and isinstance(business, dict):
        item.fields["CODE"] = str(business.get("CODE", ""))
    return item


def platform_item(text: str, obj: dict[str, Any]) -> LogItem | None:
    """A platform answer (``code`` with ``msg``, ``bizSeqNo`` or ``jsonData``), or None."""
    if not any(k in obj for k in ("msg", "bizSeqNo", "BizSeqNo", "jsonData")):
        return None
    code = str(obj.get("code", ""))
    biz = obj.get("bizSeqNo", obj.get("BizSeqNo", ""))
    business: Any = None
    data = obj.get("jsonData")
    if isinstance(data, str):
        try:
            business = json.loads(data)
        except (ValueError, RecursionError):
            business = data
    elif data is not None:
        business = data
    return LogItem(
        line=0,
        kind=KIND_PLATFORM_ANSWER,
        text=text,
        status=STATUS_OK if code in PLATFORM_OK_CODES else STATUS_ERROR,
        seq_no=str(biz or ""),
        business_json=business,
        fields={"code": code, "msg": str(obj.get("msg", "")), "bizSeqNo": str(biz or "")},
    )


def request_item(token: str) -> LogItem | None:
    """A signed business request URL (``app_id``, ``nonce``, ``version``, ``sign``), or None."""
    if "sign=" not in token or "?" not in token:
        return None
    query = dict(parse_qsl(urlsplit(token).query, keep_blank_values=True))
    if not all(k in query for k in REQUEST_PARAMS):
        return None
    fields = {k: query[k] for k in (*REQUEST_PARAMS, "type") if k in query}
    fields["url"] = token
    # the sign needs the ticket: Check a sign does it
    return LogItem(line=0, kind=KIND_REQUEST, text=token, status=STATUS_UNCHECKED, fields=fields)


def body_start(text: str, at: int) -> int:
    """Where a request body logged from ``at`` would start (``body=`` and spaces skipped)."""
    cut = _BODY_PREFIX.match(text, at)
    return cut.end() if cut else at


def body_end(text: str, start: int) -> int:
    """Where the JSON object at ``start`` ends (raises json.JSONDecodeError, RecursionError)."""
    _obj, end = _DECODER.raw_decode(text, start)
    return int(end)


def take_body(item: LogItem, rest: str) -> bool:
    """The request body logged after the URL (``rest`` of its line, or the next line)."""
    start = body_start(rest, 0)
    if not rest.startswith("{", start) or ENVELOPE_KEY.search(rest, start):
        return False
    try:
        end = body_end(rest, start)
    except (json.JSONDecodeError, RecursionError):
        return False
    item.fields["body"] = rest[start:end]
    return True
