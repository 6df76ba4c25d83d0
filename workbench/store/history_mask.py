"""Credentials out of history: token and ticket values masked anywhere in a stored exchange.

The credential answers carry them in their bodies (PROTOCOL P2 ``access_token``, P3
``tickets[].value``); a business call carries the token in its URL and the ticket in its sign
inputs; an error text or an extra field may quote any of them. So the values are first collected
(from the answers' JSON, from ``access_token=`` in URLs, from credential keys anywhere), then every
occurrence of each value in every string of the entry is replaced by its masked form.
"""

from __future__ import annotations

import json
import re
from typing import Any

from workbench.core.credentials import mask

# Keys whose string value is a credential wherever they appear in a stored entry or answer.
CREDENTIAL_KEYS = frozenset({"access_token", "ticket", "sign_ticket", "api_ticket"})
_MIN_GLOBAL = 8  # shorter values are masked only where their key names them (too common else)
_URL_TOKEN = re.compile(r"[?&]access_token=([^&#\s\"']+)", re.IGNORECASE)
_KEYED = re.compile(r'"(access_token|ticket|sign_ticket|api_ticket)"\s*:\s*"((?:[^"\\]|\\.)*)"')
# The same inside JSON that was itself stored as a JSON string (quotes escaped).
_KEYED_ESCAPED = re.compile(
    r'\\"(?:access_token|ticket|sign_ticket|api_ticket)\\"\s*:\s*\\"([^"\\]*)\\"'
)
# A ticket list in text that does not parse (a body cut in history): its "value" strings.
_TICKET_LIST = re.compile(r'"tickets"\s*:\s*\[(.*?)\]', re.DOTALL)
_VALUE = re.compile(r'"value"\s*:\s*"((?:[^"\\]|\\.)*)"')


def _is_masked(value: str) -> bool:
    return "…" in value or set(value) <= {"•"}


def _from_json(obj: Any, found: set[str], depth: int = 0) -> None:
    if depth > 64:
        return
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in CREDENTIAL_KEYS and isinstance(value, str):
                found.add(value)
            elif key == "tickets" and isinstance(value, list):
                for ticket in value:
                    if isinstance(ticket, dict) and isinstance(ticket.get("value"), str):
                        found.add(ticket["value"])
            _from_json(value, found, depth + 1)
    elif isinstance(obj, list):
        for item in obj:
            _from_json(item, found, depth + 1)


def _from_text(text: str, found: set[str]) -> None:
    found.update(m.group(1) for m in _URL_TOKEN.finditer(text))
    if "access_token" not in text and "ticket" not in text:
        return
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        try:
            _from_json(json.loads(stripped), found)
            return
        except (ValueError, RecursionError):
            pass  # cut or broken: fall back to the patterns below
    found.update(m.group(2) for m in _KEYED.finditer(text))
    found.update(m.group(1) for m in _KEYED_ESCAPED.finditer(text))
    for block in _TICKET_LIST.finditer(text):
        found.update(m.group(1) for m in _VALUE.finditer(block.group(1)))


def _collect(obj: Any, found: set[str], depth: int = 0) -> None:
    if depth > 64:
        return
    if isinstance(obj, str):
        _from_text(obj, found)
    elif isinstance(obj, dict):
        _from_json({k: v for k, v in obj.items() if isinstance(v, str | list)}, found)
        for value in obj.values():
            _collect(value, found, depth + 1)
    elif isinstance(obj, list):
        for item in obj:
            _collect(item, found, depth + 1)


def _mask_text(text: str, values: list[str]) -> str:
    def keyed(m: re.Match[str]) -> str:
        inner = m.group(2)
        if not inner or _is_masked(inner):
            return m.group(0)
        return m.group(0).replace(f'"{inner}"', f'"{mask(inner)}"')

    def ticket_list(m: re.Match[str]) -> str:
        return m.group(0).replace(m.group(1), _VALUE.sub(ticket_value, m.group(1)))

    def ticket_value(m: re.Match[str]) -> str:
        inner = m.group(1)
        if not inner or _is_masked(inner):
            return m.group(0)
        return m.group(0).replace(f'"{inner}"', f'"{mask(inner)}"')

    text = _KEYED.sub(keyed, text)
    if "tickets" in text:
        text = _TICKET_LIST.sub(ticket_list, text)
    for value in values:
        if value in text:
            text = text.replace(value, mask(value))
    return text


def _apply(obj: Any, values: list[str], depth: int = 0) -> Any:
    if isinstance(obj, str):
        return _mask_text(obj, values)
    if depth > 64:
        return obj
    if isinstance(obj, dict):
        out: dict[str, Any] = {}
        for key, value in obj.items():
            if key in CREDENTIAL_KEYS and isinstance(value, str) and not _is_masked(value):
                out[key] = mask(value)
            elif key == "tickets" and isinstance(value, list):
                out[key] = [_masked_ticket(t, values) for t in value]
            else:
                out[key] = _apply(value, values, depth + 1)
        return out
    if isinstance(obj, list):
        return [_apply(item, values, depth + 1) for item in obj]
    return obj


def _masked_ticket(ticket: Any, values: list[str]) -> Any:
    if not isinstance(ticket, dict):
        return _apply(ticket, values)
    out: dict[str, Any] = {}
    for key, value in ticket.items():
        if key == "value" and isinstance(value, str) and not _is_masked(value):
            out[key] = mask(value)
        else:
            out[key] = _apply(value, values)
    return out


def mask_credentials(data: Any) -> Any:
    """A copy of ``data`` (JSON-like) with every token and ticket value masked."""
    found: set[str] = set()
    _collect(data, found)
    # longest first, so that a value containing another is replaced whole
    values = sorted(
        (v for v in found if len(v) >= _MIN_GLOBAL and not _is_masked(v)), key=len, reverse=True
    )
    return _apply(data, values)
