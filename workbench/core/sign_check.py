"""Checking a request sign made elsewhere, and naming the slip behind a wrong one (PROTOCOL P4).

The question partners ask all day: "our server computed this sign, why does the platform answer
60841018?". The answer is nearly always one of a handful of known slips. :func:`check_sign`
recomputes the sign by the rules, then tries each slip as a named variant. A slip is listed only
when its sign reproduces the given one *and* differs from the right sign, so a right sign lists
nothing and an unexplained wrong one lists nothing either.

It never raises on user input: what cannot be checked comes back in ``problems`` (and ``match``
is false); odd things worth saying either way come back in ``notes``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from workbench.core.sign import (
    SOURCE_TICKET,
    SOURCE_TYPE,
    SignValue,
    compute_sign,
    is_valid_nonce,
    java_utf8,
    request_values,
)
from workbench.core.text import Text


@dataclass(frozen=True)
class Slip:
    """A known slip that reproduces the given sign, or a problem/note about the input."""

    code: str
    text: Text


@dataclass(frozen=True)
class SignCheck:
    """The outcome of :func:`check_sign`.

    ``expected`` is the right sign (upper-case hex), ``""`` when it cannot be computed;
    ``given`` is the sign found in the URL. ``problems`` non-empty means the input could not be
    checked (the command line exits 2). ``sign_string`` is the right sign string with the ticket
    masked, for display.
    """

    match: bool
    expected: str
    given: str
    slips: tuple[Slip, ...]
    problems: tuple[Slip, ...] = ()
    notes: tuple[Slip, ...] = ()
    sign_string: str = ""
    tried: int = 0  # how many variants were computed (for the report)


_T = Text
SIGN_TEXTS: dict[str, Text] = {
    "no_query": _T(
        "No query string found: paste the whole URL or its part after '?'.",
        "没有找到查询参数：请粘贴完整 URL 或“?”之后的部分。",
    ),
    "missing_param": _T("The URL has no {name} parameter.", "URL 中缺少参数 {name}。"),
    "duplicate_param": _T(
        "The URL has {name} more than once; the first one is used.",
        "URL 中 {name} 出现多次，使用第一个。",
    ),
    "no_ticket": _T(
        "No ticket given: the sign cannot be recomputed without it.",
        "没有提供 ticket：无法重新计算签名。",
    ),
    "bad_nonce": _T(
        "nonce should be 32 letters and digits (guide 4.3.1).",
        "nonce 应为 32 位字母和数字（指南 4.3.1）。",
    ),
    "sign_length": _T(
        "sign should be 40 hex characters (SHA1); it has {n}.",
        "sign 应为 40 位十六进制（SHA1），实际 {n} 位。",
    ),
    "type_differs": _T(
        "The URL has type={url}, but type {given} was given; the given one is used.",
        "URL 中 type={url}，但指定了 type {given}；以指定的为准。",
    ),
    # slips
    "lower_hex": _T(
        "The sign is in lower-case hex: the platform wants UPPER case.",
        "签名为小写十六进制：平台要求大写。",
    ),
    "body_crlf": _T(
        "The sign is right for this body with CRLF (Windows) line ends: was it sent with them? "
        "A pasted body keeps LF only; check the bytes with sign check --body-file.",
        "该签名对使用 CRLF（Windows）换行的此请求体是正确的：发送时是否带有 CRLF？"
        "粘贴的请求体只保留 LF；请用 sign check --body-file 按原始字节检查。",
    ),
    "body_bom": _T(
        "The sign is right for this body with a UTF-8 BOM before it: was it sent with one? "
        "A pasted body loses it; check the bytes with sign check --body-file.",
        "该签名对前面带 UTF-8 BOM 的此请求体是正确的：发送时是否带有 BOM？"
        "粘贴的请求体会丢掉它；请用 sign check --body-file 按原始字节检查。",
    ),
    "signed_crlf": _T(
        "The sign was computed over this body with CRLF (Windows) line ends, but the body sent "
        "has LF: sign exactly the text you send.",
        "签名是按 CRLF（Windows）换行的请求体计算的，而发送的请求体是 LF 换行：请对实际发送的"
        "文本签名。",
    ),
    "signed_bom": _T(
        "The sign was computed over this body with a UTF-8 BOM before it, but the body sent has "
        "none: sign exactly the text you send.",
        "签名是按前面带 UTF-8 BOM 的请求体计算的，而发送的请求体没有 BOM：请对实际发送的文本签名。",
    ),
    "sent_bom": _T(
        "The sign is right for this body without the UTF-8 BOM it was sent with: send UTF-8 "
        "without a BOM (or sign exactly the bytes you send).",
        "该签名对去掉 BOM 的此请求体是正确的，而发送时带有 UTF-8 BOM：请发送不带 BOM 的 UTF-8"
        "（或对实际发送的字节签名）。",
    ),
    "sign_whitespace": _T(
        "The sign has spaces or a line end around it: the platform compares it exactly.",
        "签名前后带有空格或换行：平台按原样逐字比较。",
    ),
    "ticket_missing": _T(
        "Signed without the ticket: the sign ticket must be one of the sorted values.",
        "签名时没有加入 ticket：sign ticket 必须参与排序和拼接。",
    ),
    "type_twice": _T(
        "type was added twice, as in the guide's own sample (guide 4.4): add it once. "
        "With a type in the URL the platform answers 60841018.",
        "type 被加入了两次（指南 4.4 示例代码的笔误）：只应加一次。"
        "URL 中带 type 时平台返回 60841018。",
    ),
    "type_missing": _T(
        "Signed without type={type}: type must be in the sign when it is in the URL.",
        "签名时没有包含 type={type}：URL 中有 type 时必须参与签名。",
    ),
    "type_extra": _T(
        "Signed with type={type} although the URL has no type.",
        "URL 中没有 type，签名时却加入了 type={type}。",
    ),
    "previous_ticket": _T(
        "Signed with the previous ticket. It is still accepted for 5 minutes "
        "after a new one is issued, then the platform answers 60841018.",
        "使用了上一个 ticket 签名。新 ticket 发放后旧 ticket 只再有效 5 分钟，"
        "之后平台返回 60841018。",
    ),
    "body_reserialised": _T(
        "The body was signed as {form} but sent differently: sign exactly the text you send.",
        "签名用的 body 是{form}，但实际发送的文本不同：必须对发送的原文签名。",
    ),
    "no_body": _T(
        "Signed without the body (as file calls are): a business call signs the body.",
        "签名时没有包含 body（文件接口才不签 body）：业务请求必须签 body。",
    ),
    "codepoint_sort": _T(
        "Values sorted by Unicode code point (Python's sorted()) instead of "
        "Java's UTF-16 order (Collections.sort).",
        "按 Unicode 码点排序（Python 的 sorted()），"
        "而不是 Java 的 UTF-16 顺序（Collections.sort）。",
    ),
    "trimmed_values": _T(
        "Signed with surrounding whitespace trimmed from the values (a pasted "
        "ticket or body with a newline?).",
        "签名时去掉了各值首尾的空白（复制 ticket 或 body 时带了换行？）。",
    ),
}

_FORM_NAMES = {
    "compact": ("compact JSON", "紧凑 JSON"),
    "spaced": ("JSON with spaces", "带空格的 JSON"),
    "indent2": ("pretty-printed JSON (2 spaces)", "格式化的 JSON（缩进 2 格）"),
    "indent4": ("pretty-printed JSON (4 spaces)", "格式化的 JSON（缩进 4 格）"),
    "jackson": (
        'pretty-printed JSON with " : " (Jackson)',
        '带 " : " 的格式化 JSON（Jackson）',
    ),
    "sorted": ("keys sorted", "键已排序"),
    "ascii": ("non-ASCII as \\u escapes", "非 ASCII 字符写成 \\u 转义"),
    "kept": ("non-ASCII kept", "保留非 ASCII 字符"),
}
_SIGN_KEYS = ("app_id", "nonce", "version", "sign", "type")


def _parse_query(url: str) -> list[tuple[str, str]] | None:
    text = url.strip()
    if "?" in text:
        text = text.split("?", 1)[1]
    text = text.split("#", 1)[0]
    if "=" not in text:
        return None
    return parse_qsl(text, keep_blank_values=True)


# above this many characters the pretty-printed forms are not tried (each is a json.dumps:
# 0.38 s for all twenty at 458 KB, on every refusal the sandbox explains)
PRETTY_LIMIT = 256 * 1024


def _body_forms(body: str) -> list[tuple[Text, str]]:
    """Other JSON serialisations of ``body`` a signer may have hashed instead of the sent text."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return []
    forms: list[tuple[Text, str]] = []
    layouts: tuple[tuple[tuple[str, str], int | None, str], ...] = (
        ((",", ":"), None, "compact"),
        ((", ", ": "), None, "spaced"),
        # pretty printers (Gson, Jackson, JSON.stringify(x, null, 2), json.dumps(indent=...))
        ((",", ": "), 2, "indent2"),
        ((",", ": "), 4, "indent4"),
        ((",", " : "), 2, "jackson"),
    )
    if len(body) > PRETTY_LIMIT:
        layouts = layouts[:2]
    for sep, indent, sep_name in layouts:
        for sort_keys in (False, True):
            for ascii_only in (True, False):
                try:
                    text = json.dumps(
                        data,
                        separators=sep,
                        indent=indent,
                        sort_keys=sort_keys,
                        ensure_ascii=ascii_only,
                    )
                except (ValueError, TypeError, RecursionError):
                    continue
                parts = [sep_name, *(["sorted"] if sort_keys else [])]
                parts.append("ascii" if ascii_only else "kept")
                name = Text(
                    ", ".join(_FORM_NAMES[p][0] for p in parts),
                    "，".join(_FORM_NAMES[p][1] for p in parts),
                )
                if text != body and all(text != t for _, t in forms):
                    forms.append((name, text))
    return forms


def _sha1(values: list[SignValue]) -> str:
    return compute_sign(values).sign


def _malformed(given: str, problems: list[Slip], notes: list[Slip]) -> SignCheck:
    return SignCheck(False, "", given, (), problems=tuple(problems), notes=tuple(notes))


def check_sign(
    url: str,
    body: str,
    ticket: str,
    *,
    previous_ticket: str | None = None,
    type_value: str | None = None,
    body_pasted: bool = False,
) -> SignCheck:
    """Recompute the sign of a request seen elsewhere and name the slip behind a mismatch.

    ``body_pasted``: the body was pasted into the window, which keeps LF only and no BOM (a
    sign right for CRLF or a BOM may then be right for the bytes sent); otherwise it is the
    exact bytes sent (``--body-file``, the sandbox), and such a sign means the client signed
    another text than it sent.

    ``url`` is a whole URL or a bare query string holding ``app_id``, ``nonce``, ``version``,
    ``sign`` and optionally ``type``; ``body`` is the exact text sent; ``type_value``, when
    given, is the request's type in place of the URL's (PROTOCOL P4.2).
    """
    pairs = _parse_query(url)
    if pairs is None:
        return _malformed("", [Slip("no_query", SIGN_TEXTS["no_query"])], [])
    params: dict[str, str] = {}
    notes: list[Slip] = []
    for key, value in pairs:
        if key in params:
            if key in _SIGN_KEYS:
                text = SIGN_TEXTS["duplicate_param"].format(name=key)
                notes.append(Slip("duplicate_param", text))
            continue
        params[key] = value
    problems = [
        Slip("missing_param", SIGN_TEXTS["missing_param"].format(name=name))
        for name in ("sign", "app_id", "nonce", "version")
        if name not in params
    ]
    if not ticket:
        problems.append(Slip("no_ticket", SIGN_TEXTS["no_ticket"]))
    given = params.get("sign", "")
    if problems:
        return _malformed(given, problems, notes)
    if not is_valid_nonce(params["nonce"]):
        notes.append(Slip("bad_nonce", SIGN_TEXTS["bad_nonce"]))
    if len(given) != 40:
        notes.append(Slip("sign_length", SIGN_TEXTS["sign_length"].format(n=len(given))))
    url_type = params.get("type")
    if type_value is not None and url_type is not None and type_value != url_type:
        text = SIGN_TEXTS["type_differs"].format(url=url_type, given=type_value)
        notes.append(Slip("type_differs", text))
    sign_type = type_value if type_value is not None else url_type

    base = {"app_id": params["app_id"], "version": params["version"], "nonce": params["nonce"]}

    def values(
        *, tk: str = ticket, bd: str | None = body, tp: str | None = sign_type
    ) -> list[SignValue]:
        return request_values(**base, ticket=tk, body=bd, type=tp)

    right = compute_sign(values())
    tried = _variants(values, body, ticket, previous_ticket, sign_type, right.sign_string)
    if not body_pasted:  # the bytes sent: nothing was lost on the way, the client signed other
        lost = {"body_crlf": "signed_crlf", "body_bom": "signed_bom"}
        tried = [(c, SIGN_TEXTS[lost[c]] if c in lost else t, s) for c, t, s in tried]
    bare = given.strip()
    target = bare.upper()
    slips: list[Slip] = []
    for code, text, sign in tried:
        # PROTOCOL P4.4: a variant that gives the right sign explains nothing.
        if sign == target and sign != right.sign and all(s.code != code for s in slips):
            slips.append(Slip(code, text))
    if bare != target and (target == right.sign or slips):
        slips.insert(0, Slip("lower_hex", SIGN_TEXTS["lower_hex"]))
    if given != bare and (target == right.sign or slips):
        slips.insert(0, Slip("sign_whitespace", SIGN_TEXTS["sign_whitespace"]))
    return SignCheck(
        match=given == right.sign,
        expected=right.sign,
        given=given,
        slips=tuple(slips),
        notes=tuple(notes),
        sign_string=right.masked_sign_string(),
        tried=len(tried),
    )


def _variants(
    values: Callable[..., list[SignValue]],
    body: str,
    ticket: str,
    previous_ticket: str | None,
    sign_type: str | None,
    right_string: str,
) -> list[tuple[str, Text, str]]:
    """Every slip tried, as (code, sentence, the sign it gives)."""
    tried: list[tuple[str, Text, str]] = []
    without_ticket = [v for v in values() if v.source != SOURCE_TICKET]
    tried.append(("ticket_missing", SIGN_TEXTS["ticket_missing"], _sha1(without_ticket)))
    if previous_ticket and previous_ticket != ticket:
        sign = _sha1(values(tk=previous_ticket))
        tried.append(("previous_ticket", SIGN_TEXTS["previous_ticket"], sign))
    for form_name, text in _body_forms(body):
        template = SIGN_TEXTS["body_reserialised"]  # each language names the form in its own words
        sentence = Text(
            template.en.format(form=form_name.en), template.zh.format(form=form_name.zh)
        )
        tried.append(("body_reserialised", sentence, _sha1(values(bd=text))))
    if sign_type is not None:
        sentence = SIGN_TEXTS["type_missing"].format(type=sign_type)
        tried.append(("type_missing", sentence, _sha1(values(tp=None))))
        # The guide's 4.4 sample: values.add(type) twice.
        twice = values() + [SignValue(SOURCE_TYPE, sign_type)]
        tried.append(("type_twice", SIGN_TEXTS["type_twice"], _sha1(twice)))
    else:
        for extra in ("sign", "user"):
            sentence = SIGN_TEXTS["type_extra"].format(type=extra)
            tried.append(("type_extra", sentence, _sha1(values(tp=extra))))
            twice = values(tp=extra) + [SignValue(SOURCE_TYPE, extra)]
            tried.append(("type_twice", SIGN_TEXTS["type_twice"], _sha1(twice)))
    if body:
        tried.append(("no_body", SIGN_TEXTS["no_body"], _sha1(values(bd=None))))
        # characters a pasted body loses on the way (the window's editor keeps LF only and no
        # BOM): the sign may be right for the bytes that were sent (PROTOCOL P4.5)
        if "\n" in body and "\r" not in body:
            crlf = body.replace("\n", "\r\n")
            tried.append(("body_crlf", SIGN_TEXTS["body_crlf"], _sha1(values(bd=crlf))))
        if not body.startswith("\ufeff"):
            bom = "\ufeff" + body
            tried.append(("body_bom", SIGN_TEXTS["body_bom"], _sha1(values(bd=bom))))
        else:  # sent with a BOM the signer never saw (a writer that adds one)
            tried.append(("sent_bom", SIGN_TEXTS["sent_bom"], _sha1(values(bd=body[1:]))))
    plain_order = "".join(sorted(v.text for v in values()))
    if plain_order != right_string:  # PROTOCOL P4.3
        digest = hashlib.sha1(java_utf8(plain_order)).hexdigest().upper()
        tried.append(("codepoint_sort", SIGN_TEXTS["codepoint_sort"], digest))
    stripped = [SignValue(v.source, v.text.strip()) for v in values()]
    if any(a.text != b.text for a, b in zip(stripped, values(), strict=True)):
        tried.append(("trimmed_values", SIGN_TEXTS["trimmed_values"], _sha1(stripped)))
    return tried
