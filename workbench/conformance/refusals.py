"""Naming the slip behind a refused sign while the sandbox knows the tickets (PROTOCOL P3, P4).

The sandbox calls :func:`refusal_slips` when it answers 60841017 or 60841018. The tickets are
needed to tell *which* mistake was made (an expired ticket, the previous ticket past its overlap,
a single-use user ticket used again, or one of the sign slips of ``sign check``), and they must
not be written to the log: so the slips are named here, at refusal time, and only their codes
and sentences are logged. Pure: no I/O, no Qt; ``account`` is the sandbox's account object.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from workbench.core.sign import SOURCE_BODY, SignValue, compute_sign
from workbench.core.sign_check import check_sign
from workbench.core.text import Text

_T = Text
REFUSAL_SLIPS: dict[str, Text] = {
    "ticket_expired": _T(
        "signed with a sign ticket past its 3600 s: refresh it (every 20 minutes is the advice) "
        "and retry once on 60841017",
        "用了超过 3600 秒的 sign ticket 签名：请刷新（建议每 20 分钟一次），"
        "遇到 60841017 时刷新后重试一次",
    ),
    "previous_ticket": _T(
        "signed with a sign ticket replaced more than 5 minutes ago (another system fetched a "
        "new one: the kick-out)",
        "用了 5 分钟前已被替换的 sign ticket 签名（另一系统获取了新 ticket：被踢出）",
    ),
    "user_ticket_reused": _T(
        "signed with a user ticket that was already used: a user ticket is single use",
        "用了已使用过的 user ticket 签名：user ticket 只能使用一次",
    ),
}


def _matches(values: Sequence[Sequence[SignValue]], ticket: str, given: str) -> bool:
    wanted = given.strip().upper()
    return any(
        compute_sign([*v, SignValue("ticket", ticket)]).sign == wanted for v in values if wanted
    )


def _slip(code: str, text: Text) -> dict[str, str]:
    return {"code": code, "en": text.en, "zh": text.zh}


def _sign_check_slips(
    path: str, query: dict[str, str], body: str, ticket: str, previous: str | None
) -> list[dict[str, str]]:
    """The slips ``sign check`` names for this request (same codes as the command)."""
    url = f"https://sandbox{path}?{urlencode(query)}"
    try:
        result = check_sign(
            url, body, ticket, previous_ticket=previous, type_value=query.get("type")
        )
    except Exception:  # naming a slip must never turn a refusal into an error
        return []
    return [_slip(s.code, s.text) for s in result.slips]


def refusal_slips(
    path: str,
    query: dict[str, str],
    variants: Sequence[Sequence[SignValue]],
    account: Any,
    now_ms: int,
) -> list[dict[str, str]]:
    """The slips behind a refused sign: ``[{"code", "en", "zh"}]``, possibly empty.

    ``variants`` are the accepted sign inputs without the ticket, as the sandbox checked them.
    """
    given = query.get("sign", "")
    tickets = list(getattr(account, "sign_tickets", []))
    for t in tickets:
        if t.live_until() <= now_ms and _matches(variants, t.value, given):
            if t.superseded_ms is not None and t.expires_ms > now_ms:
                return [_slip("previous_ticket", REFUSAL_SLIPS["previous_ticket"])]
            return [_slip("ticket_expired", REFUSAL_SLIPS["ticket_expired"])]
    user = getattr(account, "user_ticket", None)
    if user is not None and user.used and _matches(variants, user.value, given):
        return [_slip("user_ticket_reused", REFUSAL_SLIPS["user_ticket_reused"])]
    current = next((t for t in reversed(tickets) if t.superseded_ms is None), None)
    if current is None or not variants:
        return []
    previous = next((t.value for t in reversed(tickets) if t.superseded_ms is not None), None)
    body = next((v.text for v in variants[0] if v.source == SOURCE_BODY), "")
    return _sign_check_slips(path, query, body, current.value, previous)
