"""A long run of a partner's client as the client kit grades it, for the Sandbox report's tests
and benchmark: requests made up here, not read from a sandbox."""

from __future__ import annotations

from workbench.conformance.client import ClientReport, GradedRequest, RequestSlip
from workbench.core.text import Text

START_MS = 1_800_000_000_000
SLIPS = (
    RequestSlip("nonce_reused", Text("the nonce was used before (a replay)", "nonce 重放")),
    RequestSlip("no_live_ticket", Text("the app held no live ticket", "没有有效的 ticket")),
)


def graded_report(count: int) -> ClientReport:
    """``count`` requests a millisecond apart, POST and GET in turn, to
    ``/api/s/sandbox/echo<i>``; every third one (i % 3 == 1) refused with both SLIPS."""
    requests = [
        GradedRequest(
            START_MS + i,
            "GET" if i % 2 else "POST",
            f"/api/s/sandbox/echo{i}",
            "60841018" if i % 3 == 1 else "60840000",
            200,
            "",
            i % 3 == 1,
            SLIPS if i % 3 == 1 else (),
        )
        for i in range(count)
    ]
    return ClientReport("state", START_MS, requests, [])
