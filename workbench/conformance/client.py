"""Grading a partner's client from the sandbox's request log (PROTOCOL P3 to P6).

The partner points their own server at the sandbox and runs their flow; the sandbox logs every
request with its sign check, and the slips behind each refused sign (:mod:`.refusals`). This
module reads those entries (plain dicts, as ``LogEntry.to_dict()`` writes them) and reports:

- every request, with the slips behind a refusal (the codes of ``sign check``, plus a few the
  log itself shows: a replayed nonce, a download without the right hashValue, no live ticket);
- the patterns the bank objects to, as findings: tokens or tickets fetched more often than their
  lifetimes need (the kick-out storm), a nonce reused, a user ticket used twice, a file
  downloaded without the right hashValue, a call refused for its ticket and not retried.

Pure: no I/O (see :func:`read_log` for the one file read), no Qt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from workbench.core.os_errors import os_reason
from workbench.core.text import Text

LOG_FILE = "requests.jsonl"  # written by the sandbox in its state folder
LOG_FILE_OLD = "requests.1.jsonl"  # the previous file, once the log was rotated

TOKEN_PATH = "/api/oauth2/access_token"
TICKET_PATH = "/api/oauth2/api_ticket"
DOWNLOAD_PATH = "/api/s/up/download"
CLIENT_HOSTS = ("api", "file")
OK_CODES = ("60850000", "60840000")
TICKET_REFUSALS = ("60841017", "60841018")
CREDENTIAL_REFUSALS = (*TICKET_REFUSALS, "60851002", "60851003", "60851004", "60851005")
# PROTOCOL P3: one refresher every 20 minutes is the advice; a fetch this soon after the
# previous one, with no refusal in between to explain it, is one more than the lifetimes need.
REFETCH_GAP_MS = 10 * 60 * 1000
# a refusal counts as retried when a new ticket and a good call follow within this
RETRY_WINDOW_MS = 2 * 60 * 1000
EXPIRED_SLIPS = ("ticket_expired", "previous_ticket")

_T = Text
FINDINGS: dict[str, Text] = {
    "frequent_fetch": _T(
        "Token or sign ticket fetched {count} time(s) within 10 minutes of the previous fetch "
        "with nothing refused in between: each fetch kicks out the one before (guide 4.2, 6.1). "
        "Use one refresher, every 20 minutes, token and ticket together.",
        "access token 或 sign ticket 在上次获取后 10 分钟内、且期间无请求被拒的情况下"
        "又获取了 {count} 次：每次获取都会踢掉上一次的（指南 4.2、6.1）。"
        "请只用一个刷新者，每 20 分钟同时刷新 token 和 ticket。",
    ),
    "nonce_reused": _T(
        "A nonce was used again {count} time(s): every request needs a fresh 32-character nonce.",
        "nonce 被重复使用了 {count} 次：每个请求都需要新的 32 位 nonce。",
    ),
    "user_ticket_reused": _T(
        "A user ticket was used twice {count} time(s): fetch a new one for every H5 login.",
        "user ticket 被重复使用了 {count} 次：每次 H5 登录都要获取新的 user ticket。",
    ),
    "download_without_hash": _T(
        "{count} download(s) without the file's hashValue (the MD5 from the upload answer).",
        "有 {count} 次下载没有带上文件的 hashValue（上传应答中的 MD5）。",
    ),
    "expired_not_retried": _T(
        "{count} call(s) refused for an expired or missing ticket (60841017/60841018) were not "
        "retried with a fresh ticket: refresh at once and retry once (guide 6.1).",
        "有 {count} 次因 ticket 过期或缺失被拒（60841017/60841018）的请求没有用新 ticket 重试："
        "应立即刷新并重试一次（指南 6.1）。",
    ),
}

LOG_SLIPS: dict[str, Text] = {
    "nonce_reused": _T("the nonce was used before (a replay)", "nonce 已被使用过（重放）"),
    "hash_value": _T(
        "downloaded without the file's right hashValue", "下载时没有带上正确的 hashValue"
    ),
    "no_live_ticket": _T(
        "the app held no live ticket (none fetched, expired, used, or the secret rotated)",
        "应用没有有效的 ticket（未获取、已过期、已使用或 secret 已轮换）",
    ),
    "tls_refused": _T(
        "the TLS handshake was refused (no client certificate, or one of another CA)",
        "TLS 握手被拒绝（没有客户端证书，或证书不是该 CA 签发的）",
    ),
    "tls_no_client_cert": _T(
        "the TLS handshake was refused: the client sent no client certificate (the API host "
        "asks for one)",
        "TLS 握手被拒绝：客户端没有发送客户端证书（API 主机要求提供）",
    ),
    "tls_client_cert_refused": _T(
        "the TLS handshake was refused: the client certificate is not one this host's CA "
        "issued, or it has expired",
        "TLS 握手被拒绝：客户端证书不是该主机的 CA 签发的，或已过期",
    ),
    "tls_server_untrusted": _T(
        "the client ended the TLS handshake: it does not trust this host's certificate; give it "
        "the sandbox's CA (ca_cert)",
        "客户端中止了 TLS 握手：它不信任该主机的证书；请让它信任沙箱的 CA（ca_cert）",
    ),
}

# the sandbox logs the handshake's reason (OpenSSL's words); which side refused, and why
_TLS_NOTES = (
    ("peer_did_not_return_a_certificate", "tls_no_client_cert"),
    ("certificate_required", "tls_no_client_cert"),
    ("alert_unknown_ca", "tls_server_untrusted"),
    ("alert_bad_certificate", "tls_server_untrusted"),
    ("alert_certificate_unknown", "tls_server_untrusted"),
    ("certificate_verify_failed", "tls_client_cert_refused"),
)


def _tls_slip(note: str) -> RequestSlip:
    low = note.lower()
    code = next((slip for mark, slip in _TLS_NOTES if mark in low), "tls_refused")
    return RequestSlip(code, LOG_SLIPS[code])


@dataclass(frozen=True)
class RequestSlip:
    code: str
    text: Text


@dataclass(frozen=True)
class GradedRequest:
    """One request of the partner's client as the bank saw it."""

    time_ms: int
    method: str
    path: str
    code: str
    status: int
    msg: str
    refused: bool
    slips: tuple[RequestSlip, ...]


@dataclass(frozen=True)
class Finding:
    code: str
    count: int
    text: Text


@dataclass
class ClientReport:
    """What the client kit found; ``to_json`` is the shape of ``conformance client --json``."""

    target: str
    generated_ms: int
    requests: list[GradedRequest] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def refused(self) -> int:
        return sum(1 for r in self.requests if r.refused)

    @property
    def clean(self) -> bool:
        return not self.findings and self.refused == 0

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "graded": len(self.requests),  # 0: nothing to grade, which is no pass
            "requests": [
                {
                    "time": iso_time(r.time_ms),
                    "path": r.path,
                    "code": r.code,
                    "slips": [{"code": s.code, "text": s.text(lang)} for s in r.slips],
                }
                for r in self.requests
            ],
            "findings": [
                {"code": f.code, "count": f.count, "text": f.text(lang)} for f in self.findings
            ],
        }


def iso_time(ms: int) -> str:
    """Local time with its offset, to the millisecond (the sandbox's clock, moved or not)."""
    try:
        return datetime.fromtimestamp(ms / 1000).astimezone().isoformat(timespec="milliseconds")
    except (OverflowError, OSError, ValueError):
        return str(ms)


class LogUnreadable(Exception):
    """The state folder or its log cannot be read: ``text`` says why."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def read_log(state_dir: Path) -> list[dict[str, Any]]:
    """The entries the sandbox wrote to ``state_dir`` (oldest first); damaged lines skipped."""
    if not state_dir.is_dir():
        raise LogUnreadable(
            _T(f"{str(state_dir)!r} is not a folder.", f"“{state_dir}”不是一个文件夹。")
        )
    files = [state_dir / LOG_FILE_OLD, state_dir / LOG_FILE]
    if not any(f.is_file() for f in files):
        if (state_dir / "state.json").is_file() or (state_dir / "certs").is_dir():
            return []  # a sandbox's folder that has answered nothing yet: nothing to grade
        raise LogUnreadable(
            _T(
                f"No sandbox request log in {str(state_dir)!r}: is this the sandbox's state "
                "folder (--state-dir of the sandbox), and has it answered a request?",
                f"“{state_dir}”中没有沙箱请求日志：这是沙箱的状态文件夹（沙箱的 --state-dir）吗？"
                "它是否已经应答过请求？",
            )
        )
    entries: list[dict[str, Any]] = []
    for path in files:
        try:
            data = path.read_bytes() if path.is_file() else b""
        except OSError as exc:
            raise LogUnreadable(
                _T(
                    f"Cannot read {str(path)!r}: {os_reason(exc).en}.",
                    f"无法读取“{path}”：{os_reason(exc).zh}。",
                )
            ) from None
        for line in data.splitlines():
            try:
                entry = json.loads(line.decode("utf-8"))
            except (ValueError, UnicodeDecodeError, RecursionError):
                continue
            if isinstance(entry, dict) and isinstance(entry.get("time_ms"), int):
                entries.append(entry)
    return entries


def _clean(text: str) -> str:
    """A logged string fit for a report: a lone surrogate becomes U+FFFD."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _str(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key)
    return _clean(value) if isinstance(value, str) else ""


def _query(entry: dict[str, Any]) -> dict[str, str]:
    q = entry.get("query")
    return {str(k): str(v) for k, v in q.items()} if isinstance(q, dict) else {}


def _sign_ok(entry: dict[str, Any]) -> bool:
    sign = entry.get("sign")
    return isinstance(sign, dict) and sign.get("verdict") == "ok"


def _is_refused(entry: dict[str, Any]) -> bool:
    if entry.get("path") == "(TLS handshake)":
        return True
    status = entry.get("status")
    if isinstance(status, int) and status >= 400:
        return True
    code = _str(entry, "code")
    if entry.get("path") == DOWNLOAD_PATH and code == "" and status == 200:
        return False  # the file itself: no platform code
    return code not in OK_CODES


def _is_signed_call(entry: dict[str, Any]) -> bool:
    path = _str(entry, "path")
    return path.startswith(("/api/s/", "/up/s/"))


def _missing_hash(entry: dict[str, Any]) -> bool:
    if entry.get("path") != DOWNLOAD_PATH:
        return False
    if not _query(entry).get("hashValue"):
        return True
    return _str(entry, "code") == "60840002" and "hashValue" in _str(entry, "msg")


def _logged_slips(entry: dict[str, Any]) -> list[RequestSlip]:
    out: list[RequestSlip] = []
    raw = entry.get("slips")
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict) and isinstance(item.get("code"), str):
            en, zh = str(item.get("en", item["code"])), str(item.get("zh", item["code"]))
            out.append(RequestSlip(_clean(item["code"]), Text(_clean(en), _clean(zh))))
    return out


def _fetch_kind(entry: dict[str, Any]) -> str | None:
    """``token`` or ``ticket`` for a successful token or sign-ticket fetch."""
    if _str(entry, "code") != "60850000":
        return None
    if entry.get("path") == TOKEN_PATH:
        return "token"
    if entry.get("path") == TICKET_PATH:
        types = [t.strip() for t in _query(entry).get("type", "").split(",")]
        return "ticket" if "sign" in types else None
    return None


def _user_ticket_fetch(entry: dict[str, Any]) -> bool:
    """A successful user-ticket fetch (not counted as a frequent fetch: one per H5 login)."""
    if _str(entry, "code") != "60850000" or entry.get("path") != TICKET_PATH:
        return False
    return "user" in [t.strip() for t in _query(entry).get("type", "").split(",")]


def _frequent_fetches(entries: Sequence[dict[str, Any]]) -> int:
    last: dict[tuple[str, str], int] = {}
    count = 0
    for entry in entries:
        app = _query(entry).get("app_id", "")
        if _str(entry, "code") in CREDENTIAL_REFUSALS:
            last = {k: v for k, v in last.items() if k[0] != app}  # a refusal explains a fetch
            continue
        kind = _fetch_kind(entry)
        if kind is None:
            continue
        key = (app, kind)
        if key in last and entry["time_ms"] - last[key] < REFETCH_GAP_MS:
            count += 1
        last[key] = entry["time_ms"]
    return count


def _retried_after(entries: Sequence[dict[str, Any]]) -> list[frozenset[str]]:
    """For each index, the paths retried in time after it: a ticket fetch, then a good call on
    the path, within RETRY_WINDOW_MS of that entry (PROTOCOL P5: fetch at once, retry once).
    A refresher that happens to fetch a quarter of an hour later is no retry.

    One backward pass (a client stuck on an expired ticket leaves tens of thousands of refusals;
    looking ahead from each one was quadratic: 8,000 of them took 7 s). Going back, the earliest
    good call on each path after the nearest later fetch is what a retry would be.
    """
    earliest_good: dict[str, int] = {}  # path -> time of the earliest good call further on
    retry_at: dict[str, int] = {}  # the same, counted from the nearest ticket fetch further on
    out: list[frozenset[str]] = [frozenset()] * len(entries)
    for index in range(len(entries) - 1, -1, -1):
        entry = entries[index]
        now = int(entry.get("time_ms", 0))
        out[index] = frozenset(p for p, at in retry_at.items() if at - now <= RETRY_WINDOW_MS)
        if _fetch_kind(entry) == "ticket" or _user_ticket_fetch(entry):
            # a sign ticket; or a user ticket, the refresh of an H5 login's type=user call
            retry_at = dict(earliest_good)
        elif not _is_refused(entry):
            earliest_good[str(entry.get("path"))] = now
    return out


def grade_client(
    entries: Iterable[dict[str, Any]], *, target: str, now_ms: int, since_ms: int | None = None
) -> ClientReport:
    """Grade the partner's requests in ``entries``.

    Only the API and file hosts count: the sandbox's admin calls and the callbacks it sent to
    the partner (host ``callback``) are not the client's requests.
    """
    kept = [
        e
        for e in entries
        if e.get("host") in CLIENT_HOSTS and (since_ms is None or e.get("time_ms", 0) >= since_ms)
    ]
    kept.sort(key=lambda e: e["time_ms"])
    report = ClientReport(target=target, generated_ms=now_ms)
    used_nonces: set[tuple[str, str]] = set()
    counts = dict.fromkeys(FINDINGS, 0)
    retried_after = _retried_after(kept)
    for index, entry in enumerate(kept):
        q = _query(entry)
        refused = _is_refused(entry)
        slips = _logged_slips(entry)
        nonce_key = (q.get("app_id", ""), q.get("nonce", ""))
        if _is_signed_call(entry) and nonce_key[1]:
            if nonce_key in used_nonces:
                counts["nonce_reused"] += 1
                slips.append(RequestSlip("nonce_reused", LOG_SLIPS["nonce_reused"]))
            if _sign_ok(entry):
                used_nonces.add(nonce_key)
        if _missing_hash(entry):
            counts["download_without_hash"] += 1
            slips.append(RequestSlip("hash_value", LOG_SLIPS["hash_value"]))
        code = _str(entry, "code")
        if code == "60841017" and not slips:
            slips.append(RequestSlip("no_live_ticket", LOG_SLIPS["no_live_ticket"]))
        if entry.get("path") == "(TLS handshake)":
            slips.append(_tls_slip(_str(entry, "note")))
        msg = _str(entry, "msg")
        # what the platform said: where no known slip explains the refusal, and always for a
        # 60840002 (a parameter: the msg names it; a slip beside it, such as a missing
        # hashValue, is a finding, not that reason)
        if refused and msg and (not slips or code == "60840002"):
            slips.append(RequestSlip("platform_msg", Text(msg, msg)))  # its msg is bilingual
        codes = {s.code for s in slips}
        if "user_ticket_reused" in codes:
            counts["user_ticket_reused"] += 1
        expired = code == "60841017" or (code in TICKET_REFUSALS and codes & set(EXPIRED_SLIPS))
        not_retried = str(entry.get("path")) not in retried_after[index]
        if expired and "user_ticket_reused" not in codes and not_retried:
            counts["expired_not_retried"] += 1
        status = entry.get("status")
        report.requests.append(
            GradedRequest(
                time_ms=int(entry["time_ms"]),
                method=_str(entry, "method"),
                path=_str(entry, "path"),
                code=code,
                status=status if isinstance(status, int) else 0,
                msg=msg,
                refused=refused,
                slips=tuple(slips),
            )
        )
    counts["frequent_fetch"] = _frequent_fetches(kept)
    report.findings = [
        Finding(code, n, FINDINGS[code].format(count=n)) for code, n in counts.items() if n
    ]
    return report
