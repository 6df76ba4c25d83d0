"""Which items of a log scan a filter lets through, and the short line shown for each.

Pure (no Qt): the window filters a big scan in a job with :func:`matching_rows`.
"""

from __future__ import annotations

import json

from workbench.core.log_scan import LogItem


def detail_text(item: LogItem) -> str:
    f = item.fields
    if item.kind == "request":
        return f.get("url", "")
    if item.kind == "platform_answer":
        head = " ".join(x for x in (f.get("code", ""), f.get("msg", "")) if x)
        if item.business_json is not None:
            return head + "  " + json.dumps(item.business_json, ensure_ascii=False)
        return head
    if item.business_json is not None:
        return json.dumps(item.business_json, ensure_ascii=False)
    return ""


def matching_rows(
    items: list[LogItem], status: str, kind: str, trans_name: str | None, search: str
) -> list[int]:
    """Indexes of the items of the chosen verdict, kind and transName that contain every word
    of ``search`` (pure: a big log is filtered by a job)."""
    words = search.lower().split()
    rows: list[int] = []
    for i, item in enumerate(items):
        if status and item.status != status:
            continue
        if kind and item.kind != kind:
            continue
        if trans_name is not None and item.trans_name != trans_name:
            continue
        if words:
            haystack = item.search_text() + " " + detail_text(item).lower()
            if not all(w in haystack for w in words):
                continue
        rows.append(i)
    return rows
