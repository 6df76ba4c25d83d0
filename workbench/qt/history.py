"""The history's entry type and kinds, for the widgets that list and filter entries.

The store itself (sqlite, off the GUI thread) is reached through :class:`AppServices`;
widgets import these names from here, never from :mod:`workbench.store` (STYLE.md layering).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workbench.client.models import (
    CallResult,
    ExchangeRecord,
    PlatformAnswer,
    ReceivedResponse,
    SentRequest,
)
from workbench.store.history import (
    CUT_MARK,
    KIND_CALL,
    KIND_CALLBACK_IN,
    KIND_CALLBACK_OUT,
    KIND_CREDENTIAL,
    KIND_DOWNLOAD,
    KIND_UPLOAD,
    HistoryEntry,
)

__all__ = [
    "CUT_MARK",
    "KIND_CALL",
    "KIND_CALLBACK_IN",
    "KIND_CALLBACK_OUT",
    "KIND_CREDENTIAL",
    "KIND_DOWNLOAD",
    "KIND_UPLOAD",
    "HistoryEntry",
    "stored_call",
]


def stored_call(data: Mapping[str, Any]) -> CallResult | None:
    """The answer a history entry of a call kept, rebuilt for the answer pane.

    ``None`` when no answer was stored (the call failed before one came). The body may have been
    cut when it was stored (the store keeps the first megabytes).
    """
    request = data.get("request")
    response = data.get("response")
    if not isinstance(request, dict) or not isinstance(response, dict):
        return None
    body = str(response.get("body", "")).encode("utf-8", "replace")
    headers = response.get("headers")
    record = ExchangeRecord(
        request=SentRequest(
            method=str(request.get("method", "POST")),
            url=str(request.get("url", "")),
            headers=dict(request.get("headers") or {}),
            body=str(request.get("body", "")).encode("utf-8", "replace"),
            nonce=str(request.get("nonce", "")),
        ),
        response=ReceivedResponse(
            status=int(response.get("status") or 0),
            reason=str(response.get("reason", "")),
            headers={str(k): str(v) for k, v in headers.items()}
            if isinstance(headers, dict)
            else {},
            body=body,
            elapsed_ms=float(response.get("elapsed_ms") or 0.0),
        ),
        started_ms=int(data.get("started_ms") or 0),
    )
    return CallResult(record, PlatformAnswer.parse(body), retried=bool(data.get("retried")))
