"""Naming the likely slip behind a partner endpoint's failures, from which cases failed.

Each valid case of the battery carries a known set of encoding traps (:data:`TRAPS`). When the
valid cases the endpoint refused are exactly the cases holding one trap (or the ``~``/``*`` pair
that tells Python's ``quote_plus`` from Java's ``URLEncoder``), that trap is the likely slip.
The signature, timestamp and Plain groups have their own patterns. A pattern only ever names
cases that failed on their answer code; answer-side slips (upper-case hex, no signature) are
named by :mod:`.callback` on each answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.conformance.battery import BATTERY, GROUP_VALID
from workbench.conformance.callback import CHECK_CODE, CaseResult
from workbench.core.text import Text

# The traps each valid case holds (what in its Plain could trip an endpoint).
TRAPS: dict[str, frozenset[str]] = {
    "valid_plain": frozenset(),
    "valid_space": frozenset({"space"}),
    "valid_plus": frozenset({"plus", "eq"}),
    "valid_star": frozenset({"star"}),
    "valid_tilde": frozenset({"tilde"}),
    "valid_percent": frozenset({"percent", "space"}),
    "valid_amp_eq": frozenset({"amp", "eq"}),
    "valid_cjk": frozenset({"non_ascii"}),
    "valid_fullwidth": frozenset({"non_ascii"}),
    "valid_emoji": frozenset({"non_ascii", "astral", "space"}),
    "valid_supplementary": frozenset({"non_ascii", "astral"}),
    "valid_private_use": frozenset({"non_ascii", "private"}),
    "valid_large": frozenset(
        {"space", "plus", "percent", "amp", "eq", "non_ascii", "astral", "private", "size"}
    ),
}

_T = Text
# (slip code, the traps whose cases fail together, the sentence), first match wins.
TRAP_SLIPS: tuple[tuple[str, frozenset[str], Text], ...] = (
    (
        "rawurlencode",
        frozenset({"space", "star", "tilde"}),
        _T(
            "likely slip: re-encodes Plain with PHP's rawurlencode before hashing (space as "
            "%20, '*' encoded, '~' kept); hash Plain exactly as received",
            "可能的原因：哈希前用 PHP 的 rawurlencode 重新编码了 Plain（空格成 %20，"
            "“*”被编码，“~”保留）；应对收到的 Plain 原样哈希",
        ),
    ),
    (
        "encode_uri_component",
        frozenset({"space", "tilde"}),
        _T(
            "likely slip: re-encodes Plain with encodeURIComponent before hashing (space as "
            "%20, '~' kept); hash Plain exactly as received",
            "可能的原因：哈希前用 encodeURIComponent 重新编码了 Plain（空格成 %20，"
            "“~”保留）；应对收到的 Plain 原样哈希",
        ),
    ),
    (
        "quote_plus",
        frozenset({"star", "tilde"}),
        _T(
            "likely slip: re-encodes Plain with quote_plus (or another encoder) before hashing; "
            "it fails exactly on '~' and '*'. Hash Plain exactly as received",
            "可能的原因：哈希前用 quote_plus（或其他编码器）重新编码了 Plain，"
            "恰好在“~”和“*”上出错。"
            "应对收到的 Plain 原样哈希",
        ),
    ),
    (
        "space",
        frozenset({"space"}),
        _T(
            "likely slip: re-encodes the space as %20 before hashing (URLEncoder with '+' "
            "replaced by '%20'); hash Plain exactly as received",
            "可能的原因：哈希前把空格重新编码成了 %20（URLEncoder 之后把“+”换成了“%20”）；"
            "应对收到的 Plain 原样哈希",
        ),
    ),
    (
        "plus",
        frozenset({"plus"}),
        _T(
            "likely slip: '+' is handled unlike URLDecoder (it stands for a space in Plain)",
            "可能的原因：对“+”的处理与 URLDecoder 不同（Plain 中它代表空格）",
        ),
    ),
    (
        "percent",
        frozenset({"percent"}),
        _T(
            "likely slip: Plain is decoded twice, so a '%' in the text breaks it",
            "可能的原因：Plain 被解码了两次，文本中的“%”因此出错",
        ),
    ),
    (
        "form",
        frozenset({"amp"}),
        _T(
            "likely slip: Plain is read as a form and split on '&' and '='",
            "可能的原因：把 Plain 当作表单解析，按“&”和“=”拆分了",
        ),
    ),
    (
        "astral",
        frozenset({"astral"}),
        _T(
            "likely slip: characters beyond U+FFFF (emoji, rare CJK) break it: a 3-byte "
            "'utf8' database column or a UCS-2 step",
            "可能的原因：U+FFFF 以上的字符（表情、生僻汉字）出错："
            "数据库列是 3 字节的 utf8，或经过了 UCS-2",
        ),
    ),
    (
        "private",
        frozenset({"private"}),
        _T(
            "likely slip: private-use characters are refused or replaced",
            "可能的原因：私用区字符被拒绝或替换",
        ),
    ),
    (
        "charset",
        frozenset({"non_ascii"}),
        _T(
            "likely slip: Plain is decoded with a charset other than UTF-8",
            "可能的原因：Plain 没有按 UTF-8 解码",
        ),
    ),
    (
        "size",
        frozenset({"size"}),
        _T(
            "likely slip: a request size limit below about 1 MB refuses large callbacks",
            "可能的原因：请求大小限制低于约 1 MB，拒绝了较大的回调",
        ),
    ),
)

SLIPS: dict[str, Text] = {
    "every_valid_0010": _T(
        "likely slip: every correctly signed callback is refused; the salt differs (each "
        "environment has its own), or the hash is not over Plain + salt + Timestamp exactly as "
        "received (the decoded Plain, or Timestamp in seconds)",
        "可能的原因：每个签名正确的回调都被拒绝；盐值不对（每个环境各有盐值），或哈希的不是原样的 "
        "Plain + salt + Timestamp（用了解码后的 Plain，或秒级 Timestamp）",
    ),
    "every_valid_0012": _T(
        "likely slip: every correctly signed callback is refused as stale (0012); the Timestamp "
        "is in milliseconds and is read as seconds, or this server's clock is off",
        "可能的原因：每个签名正确的回调都被当作过期拒绝（0012）；Timestamp 是毫秒，"
        "却被当作秒读取，或该服务器的时钟不准",
    ),
    "ignores_timestamp": _T(
        "likely slip: ignores the Timestamp, so a replayed callback is accepted; refuse one "
        "older or newer than a few minutes with 0012",
        "可能的原因：没有检查 Timestamp，重放的回调也会被接受；超出几分钟的应答 0012",
    ),
    "future_timestamp": _T(
        "likely slip: only checks that the Timestamp is not too old; one from the future passes",
        "可能的原因：只检查 Timestamp 是否过旧，未来的时间戳也能通过",
    ),
    "old_timestamp": _T(
        "likely slip: only checks that the Timestamp is not in the future; an old one passes",
        "可能的原因：只检查 Timestamp 是否在未来，过旧的时间戳也能通过",
    ),
    "wide_window": _T(
        "likely slip: a Timestamp window wider than 10 minutes, so a callback replayed within "
        "it is accepted; about 5 minutes either way is usual",
        "可能的原因：Timestamp 的有效窗口超过 10 分钟，窗口内重放的回调会被接受；通常前后约 5 分钟",
    ),
    "accepts_any_signature": _T(
        "likely slip: accepts any signature; the Signature is not checked at all",
        "可能的原因：接受任何签名；根本没有检查 Signature",
    ),
    "accepts_md5": _T(
        "likely slip: accepts a 32-hex (MD5) signature; the rule is SHA256",
        "可能的原因：接受 32 位（MD5）签名；规则是 SHA256",
    ),
    "accepts_wrong_signature": _T(
        "likely slip: some wrong signatures are accepted (a partial comparison?)",
        "可能的原因：部分错误签名被接受（只比较了一部分？）",
    ),
    "accepts_missing_signature": _T(
        "likely slip: a callback without a Signature is accepted; the signature is checked only "
        "when the field is there, so anybody can send one",
        "可能的原因：没有 Signature 的回调被接受；只在有该字段时才验签，任何人都能伪造回调",
    ),
    "plain_unchecked": _T(
        "likely slip: does not check that Plain decodes to JSON before answering 0000",
        "可能的原因：应答 0000 之前没有检查 Plain 能否解码为 JSON",
    ),
    "plain_before_signature": _T(
        "likely slip: an unreadable Plain is reported as a signature failure; the signature "
        "was right, so the answer is 0103",
        "可能的原因：把无法解析的 Plain 报成了验签失败；签名是对的，应答应为 0103",
    ),
}

SIGNATURE_CASES = ("signature_wrong", "signature_md5", "signature_other_salt")
# each side of the window: ten minutes off, then a day off
TIMESTAMP_SIDES = {
    "old": ("timestamp_old", "timestamp_day_old"),
    "ahead": ("timestamp_ahead", "timestamp_day_ahead"),
}
TIMESTAMP_CASES = tuple(cid for pair in TIMESTAMP_SIDES.values() for cid in pair)
PLAIN_CASES = ("plain_bad_percent", "plain_not_json")
VALID_CASES = tuple(c.id for c in BATTERY if c.group == GROUP_VALID)


def _code_failures(results: Sequence[CaseResult]) -> dict[str, str | None]:
    return {
        r.case_id: r.answer_code
        for r in results
        if r.transport is None and r.failed_check(CHECK_CODE)
    }


def _trap_slip(failed_valid: set[str]) -> tuple[str, Text] | None:
    for code, traps, text in TRAP_SLIPS:
        predicted = {cid for cid, held in TRAPS.items() if held & traps}
        if failed_valid == predicted:
            return code, text
    # A wrong charset (GBK, the usual one) fails some non-ASCII cases only: the bytes of an
    # emoji can happen to be valid GBK. Plain CJK failing with nothing ASCII-only is the sign.
    non_ascii = {cid for cid, held in TRAPS.items() if "non_ascii" in held}
    if "valid_cjk" in failed_valid and failed_valid <= non_ascii:
        code, _traps, text = next(slip for slip in TRAP_SLIPS if slip[0] == "charset")
        return code, text
    return None


def likely_slips(results: Sequence[CaseResult]) -> dict[str, tuple[str, Text]]:
    """For each case id a pattern explains: the slip's code and sentence."""
    failed = _code_failures(results)
    named: dict[str, tuple[str, Text]] = {}
    failed_valid = {cid for cid in failed if cid in VALID_CASES}
    ran_valid = {r.case_id for r in results if r.case_id in VALID_CASES}
    if failed_valid and failed_valid == ran_valid and len(ran_valid) > 1:
        for every in ("0010", "0012"):
            if all(failed[cid] == every for cid in failed_valid):
                slip = f"every_valid_{every}"
                for cid in failed_valid:
                    named[cid] = (slip, SLIPS[slip])
    elif failed_valid:
        trap = _trap_slip(failed_valid)
        if trap is not None:
            for cid in failed_valid:
                named[cid] = trap

    accepted = {cid for cid in SIGNATURE_CASES if failed.get(cid, "") == "0000"}
    if accepted == set(SIGNATURE_CASES):
        slip = "accepts_any_signature"
    elif accepted == {"signature_md5"}:
        slip = "accepts_md5"
    else:
        slip = "accepts_wrong_signature"
    for cid in accepted:
        named[cid] = (slip, SLIPS[slip])

    stale = {cid for cid in TIMESTAMP_CASES if failed.get(cid, "") == "0000"}
    ignored = {side for side, pair in TIMESTAMP_SIDES.items() if set(pair) <= stale}
    for side, (near, far) in TIMESTAMP_SIDES.items():
        if side in ignored:  # even a day off passes: no check on this side
            if len(ignored) == 2:
                slip = "ignores_timestamp"
            else:
                slip = "future_timestamp" if side == "ahead" else "old_timestamp"
            for cid in (near, far):
                named[cid] = (slip, SLIPS[slip])
        elif near in stale:  # ten minutes pass, a day does not: the window is only wide
            named[near] = ("wide_window", SLIPS["wide_window"])

    if failed.get("envelope_no_signature", "") == "0000":
        named["envelope_no_signature"] = (
            "accepts_missing_signature",
            SLIPS["accepts_missing_signature"],
        )

    # 0010 on an unreadable Plain says "checked Plain before the signature" only when correctly
    # signed callbacks were accepted: with a wrong salt (or a re-encoded Plain) every signature
    # fails, and that, not the order of the checks, is what the 0010 shows
    refused_valid = any(failed.get(cid) == "0010" for cid in VALID_CASES)
    for cid in PLAIN_CASES:
        if failed.get(cid) == "0010" and refused_valid:
            continue
        if cid in failed and failed[cid] in ("0000", "0010"):
            slip = "plain_unchecked" if failed[cid] == "0000" else "plain_before_signature"
            named[cid] = (slip, SLIPS[slip])
    return named


def name_slips(results: Sequence[CaseResult]) -> list[CaseResult]:
    """``results`` with the likely slip attached to each case a pattern explains."""
    named = likely_slips(results)
    return [r.with_slips((named[r.case_id],)) if r.case_id in named else r for r in results]
