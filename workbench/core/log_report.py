"""What a log scan found, put together: answers matched to callbacks, counts, duplicates, rows.

Kept apart from the scanner (core.log_scan) because the command line, the window and the CSV
export all read the same result the same way: one row per item with the same columns.
"""

from __future__ import annotations

import csv
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from workbench.core.log_items import ACCEPTED_INVALID, Finding

if TYPE_CHECKING:
    from workbench.core.log_items import LogItem

CSV_COLUMNS = (
    "line",
    "kind",
    "time",
    "trans_name",
    "seq_no",
    "status",
    "reasons",
    "slips",
    "answer_line",
    "answer_code",
    "detail",
    "business_json",
)


@dataclass
class ScanResult:
    """The items in the order they appear, with each answer matched to its callback.

    A partner answer is matched to the earliest unanswered callback above it with the same
    SeqNo; an answer without SeqNo to the nearest unanswered callback above it.
    """

    items: list[LogItem] = field(default_factory=list)
    lines: int = 0
    _waiting: dict[str, list[int]] = field(default_factory=dict)
    _unanswered: list[int] = field(default_factory=list)

    def add(self, item: LogItem) -> None:
        index = len(self.items)
        self.items.append(item)
        if item.kind == "callback":
            self._waiting.setdefault(item.seq_no, []).append(index)
            self._unanswered.append(index)
        elif item.kind == "answer":
            self._match(index, item)

    def _match(self, index: int, answer: LogItem) -> None:
        target: int | None = None
        if answer.seq_no:
            queue = self._waiting.get(answer.seq_no)
            while queue and self.items[queue[0]].partner is not None:
                queue.pop(0)
            if queue:
                target = queue.pop(0)
        else:
            while self._unanswered and self.items[self._unanswered[-1]].partner is not None:
                self._unanswered.pop()
            if self._unanswered:
                target = self._unanswered.pop()
        if target is not None:
            callback = self.items[target]
            callback.partner = index
            answer.partner = target
            # Only a signature that does not match (so a salt was given and the envelope was
            # read): a line cut short in the log, or a timestamp judged against log times
            # whose zone may not be this machine's, says nothing of what the partner received.
            mismatch = any(r.code == "signature_mismatch" for r in callback.reasons)
            if mismatch and answer.fields.get("CODE") == "0000":
                callback.slips += (Finding("accepted_invalid", ACCEPTED_INVALID),)

    def put_in_order(self) -> None:
        """Items in line order, partners kept. An object split over lines is reported when it
        closes, which can be after a one-line item found below its first line."""
        items = self.items
        order = sorted(range(len(items)), key=lambda i: (items[i].line, items[i].end_line))
        if order == list(range(len(order))):
            return
        moved = {old: new for new, old in enumerate(order)}
        self.items = [items[i] for i in order]
        for item in self.items:
            if item.partner is not None:
                item.partner = moved[item.partner]
        self._waiting = {seq: [moved[i] for i in queue] for seq, queue in self._waiting.items()}
        self._unanswered = [moved[i] for i in self._unanswered]

    def callbacks(self) -> list[LogItem]:
        return [i for i in self.items if i.kind == "callback"]

    def summary(self) -> dict[str, Any]:
        """Counts per kind, per verdict and per transName (callbacks), and duplicate SeqNo."""
        kinds = Counter(i.kind for i in self.items)
        callbacks = self.callbacks()
        verdicts = Counter(i.status for i in callbacks)
        per_trans: dict[str, Counter[str]] = {}
        seq_lines: dict[str, list[int]] = {}
        for item in callbacks:
            per_trans.setdefault(item.trans_name, Counter())[item.status] += 1
            if item.seq_no:
                seq_lines.setdefault(item.seq_no, []).append(item.line)
        answers = [i for i in self.items if i.kind == "answer"]
        return {
            "lines": self.lines,
            "kinds": {
                k: kinds.get(k, 0) for k in ("callback", "answer", "request", "platform_answer")
            },
            "verdicts": dict(sorted(verdicts.items())),
            "trans_names": {
                name: {"count": sum(c.values()), **dict(sorted(c.items()))}
                for name, c in sorted(per_trans.items())
            },
            "duplicate_seq_no": {s: lines for s, lines in seq_lines.items() if len(lines) > 1},
            "answered": sum(1 for i in callbacks if i.partner is not None),
            "unanswered": sum(1 for i in callbacks if i.partner is None),
            "answers_unmatched": sum(1 for i in answers if i.partner is None),
            "answer_verdicts": dict(sorted(Counter(i.status for i in answers).items())),
            # callbacks failing only on a timestamp a zone's difference off (the log_zone slip)
            "zone_doubt": sum(1 for i in callbacks if any(s.code == "log_zone" for s in i.slips)),
            "platform_codes": dict(
                sorted(
                    Counter(
                        i.fields.get("code", "") for i in self.items if i.kind == "platform_answer"
                    ).items()
                )
            ),
        }


def format_time(ms: int | None, offset_s: int | None) -> str:
    """``2026-11-29 18:00:01.123`` in the zone ``offset_s`` east of UTC, or with None in this
    computer's zone as it was at that time (a summer time read in winter is shown in summer
    time, as its log line has it); "" for None."""
    if ms is None:
        return ""
    try:
        t = time.localtime(ms // 1000) if offset_s is None else time.gmtime(ms // 1000 + offset_s)
    except (OverflowError, OSError, ValueError):
        return ""
    return time.strftime("%Y-%m-%d %H:%M:%S", t) + f".{ms % 1000:03d}"


def detail(item: LogItem) -> str:
    """A short line on what the item is beyond its verdict."""
    f = item.fields
    if item.kind == "request":
        return f.get("url", "")
    if item.kind == "platform_answer":
        return " ".join(x for x in (f.get("code", ""), f.get("msg", "")) if x)
    if item.kind == "answer":
        return f.get("CODE", "")
    return ""


def row(item: LogItem, items: list[LogItem], offset_s: int | None, lang: str) -> dict[str, str]:
    """One CSV/table row (strings) for ``item``; ``items`` resolves the matched partner."""
    partner = items[item.partner] if item.partner is not None else None
    business = ""
    if item.business_json is not None:
        business = json.dumps(item.business_json, ensure_ascii=False, separators=(",", ":"))
    return {
        "line": str(item.line),
        "kind": item.kind,
        "time": format_time(item.time_ms, offset_s),
        "trans_name": item.trans_name,
        "seq_no": item.seq_no,
        "status": item.status,
        "reasons": " | ".join(r.text(lang) for r in item.reasons),
        "slips": " | ".join(s.text(lang) for s in item.slips),
        "answer_line": str(partner.line) if partner is not None else "",
        "answer_code": partner.fields.get("CODE", "")
        if partner is not None and item.kind == "callback"
        else "",
        "detail": detail(item),
        "business_json": business,
    }


def local_offset_s() -> int:
    """This machine's current distance from UTC in seconds (times in logs carry no zone)."""
    return int(time.localtime().tm_gmtoff or 0)


def json_item(
    item: LogItem, items: list[LogItem], offset_s: int | None, lang: str
) -> dict[str, Any]:
    """One item for ``callback scan --json`` (the keys the issue names, then extras)."""
    partner = items[item.partner] if item.partner is not None else None
    return {
        "line": item.line,
        "kind": item.kind,
        "trans_name": item.trans_name,
        "seq_no": item.seq_no,
        "status": item.status,
        "slips": [{"code": s.code, "text": s.text(lang)} for s in item.slips],
        "business_json": item.business_json,
        "end_line": item.end_line,
        "time": format_time(item.time_ms, offset_s) or None,
        "reasons": [{"code": r.code, "text": r.text(lang)} for r in item.reasons],
        "escaped": item.escaped,
        "answer_line": partner.line if partner is not None else None,
        "fields": dict(item.fields),
    }


def write_csv(stream: TextIO, result: ScanResult, offset_s: int | None, lang: str) -> None:
    """Every item as one CSV row (columns :data:`CSV_COLUMNS`) on a text stream."""
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for item in result.items:
        cells = row(item, result.items, offset_s, lang)
        writer.writerow({k: _inert(v) for k, v in cells.items()})


def _inert(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula (a log line can carry anything)."""
    if cell[:1] in ("=", "@", "\t", "\r") or (
        cell[:1] in "+-" and cell[1:2] and not cell[1:2].isdigit()
    ):
        return "'" + cell
    return cell
