"""The battery of signed callbacks sent to a partner's endpoint (PROTOCOL P7).

Each case is an envelope the bank could send, built at send time (so fresh cases carry a fresh
Timestamp), with the answer code a correct endpoint gives (PROTOCOL P7.4). The valid cases carry
one encoding trap each, so that the cases that fail point at the slip (see :mod:`.patterns`).
Only the cases named ``valid_tilde`` and ``valid_star`` contain ``~`` or ``*``: that is what lets
a ``quote_plus`` slip be told apart from every other.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from workbench.core.callback_codec import build_envelope, callback_signature, java_url_encode
from workbench.core.sign import java_utf8
from workbench.core.text import Text

GROUP_VALID = "valid"
GROUP_SIGNATURE = "signature"
GROUP_TIMESTAMP = "timestamp"
GROUP_PLAIN = "plain"
GROUP_ENVELOPE = "envelope"

DEFAULT_TRANS_NAME = "ConformanceCheck"
TEN_MINUTES_MS = 10 * 60 * 1000
ONE_DAY_MS = 24 * 60 * 60 * 1000  # far past any window: accepted, the Timestamp is not checked
LARGE_BODY_CHARS = 200_000  # about 1 MB once encoded

Builder = Callable[[str, str, int], dict[str, str]]


@dataclass(frozen=True)
class CallbackCase:
    """One callback of the battery: what it is, what a correct endpoint answers, how to build it.

    ``build(salt, trans_name, now_ms)`` returns the envelope's fields in the order sent.
    """

    id: str
    group: str
    title: Text
    expect_codes: tuple[str, ...]
    build: Builder

    @property
    def expect_code(self) -> str:
        return "/".join(self.expect_codes)

    def body(self, salt: str, trans_name: str, now_ms: int) -> bytes:
        """The exact bytes POSTed."""
        return json.dumps(self.build(salt, trans_name, now_ms), ensure_ascii=False).encode()


def _seq_no(now_ms: int) -> str:
    return str(now_ms) + "".join(secrets.choice("0123456789") for _ in range(6))


def business_json(note: str) -> str:
    """The business JSON of a callback: a credit result with ``note`` carrying the trap."""
    data = {"APPLY_NO": "2026112900000001", "STATUS": "APPROVED", "NOTE": note}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _signed(text: str, *, ts_shift_ms: int = 0) -> Builder:
    def build(salt: str, trans_name: str, now_ms: int) -> dict[str, str]:
        env = build_envelope(
            text,
            salt=salt,
            trans_name=trans_name,
            seq_no=_seq_no(now_ms),
            timestamp_ms=now_ms + ts_shift_ms,
        )
        return env.to_dict()

    return build


def _resigned(signature: Callable[[str, str, str], str]) -> Builder:
    """A valid envelope whose Signature is replaced by ``signature(plain, salt, timestamp)``."""
    inner = _signed(business_json("signature check"))

    def build(salt: str, trans_name: str, now_ms: int) -> dict[str, str]:
        fields = inner(salt, trans_name, now_ms)
        fields["Signature"] = signature(fields["Plain"], salt, fields["Timestamp"])
        return fields

    return build


def _raw_plain(plain: str) -> Builder:
    """A correctly signed envelope whose Plain is ``plain`` as it stands (not encoded by us)."""

    def build(salt: str, trans_name: str, now_ms: int) -> dict[str, str]:
        ts = str(now_ms)
        return {
            "Plain": plain,
            "Signature": callback_signature(plain, salt, ts),
            "Timestamp": ts,
            "transName": trans_name,
            "SeqNo": _seq_no(now_ms),
        }

    return build


def _without(name: str) -> Builder:
    inner = _signed(business_json("field missing"))

    def build(salt: str, trans_name: str, now_ms: int) -> dict[str, str]:
        fields = inner(salt, trans_name, now_ms)
        del fields[name]
        return fields

    return build


def _wrong_signature(plain: str, salt: str, ts: str) -> str:
    """The right signature with its last character changed: a comparison of only the first
    characters (a shortened or prefix check) passes it."""
    right = callback_signature(plain, salt, ts)
    return right[:-1] + ("0" if right[-1] != "0" else "1")


def _md5_signature(plain: str, salt: str, ts: str) -> str:
    return hashlib.md5(java_utf8(plain + salt + ts)).hexdigest()  # the slip itself


def _other_salt_signature(plain: str, salt: str, ts: str) -> str:
    return callback_signature(plain, salt + "-other", ts)


def _large_note() -> str:
    # Every trap but ~ and * (those two belong to their own cases), repeated to LARGE_BODY_CHARS.
    unit = "a b+c%d&e=f 中文 ＡＢＣ😀𠀀\ue000 "
    return (unit * (LARGE_BODY_CHARS // len(unit) + 1))[:LARGE_BODY_CHARS]


def _case(
    cid: str, group: str, en: str, zh: str, codes: tuple[str, ...], b: Builder
) -> CallbackCase:
    return CallbackCase(cid, group, Text(en, zh), codes, b)


OK = ("0000",)
BATTERY: tuple[CallbackCase, ...] = (
    _case("valid_plain", GROUP_VALID, "valid, letters and digits only", "合法，仅字母数字", OK,
          _signed(business_json("plain123"))),
    _case("valid_space", GROUP_VALID, "valid, a space in Plain", "合法，Plain 含空格", OK,
          _signed(business_json("two words"))),
    _case("valid_plus", GROUP_VALID, "valid, a '+' in Plain", "合法，Plain 含“+”", OK,
          _signed(business_json("1+1=2"))),
    _case("valid_star", GROUP_VALID, "valid, a '*' in Plain", "合法，Plain 含“*”", OK,
          _signed(business_json("a*b"))),
    _case("valid_tilde", GROUP_VALID, "valid, a '~' in Plain", "合法，Plain 含“~”", OK,
          _signed(business_json("a~b"))),
    _case("valid_percent", GROUP_VALID, "valid, a '%' in Plain", "合法，Plain 含“%”", OK,
          _signed(business_json("100% off"))),
    _case("valid_amp_eq", GROUP_VALID, "valid, '&' and '=' in Plain", "合法，Plain 含“&”和“=”",
          OK, _signed(business_json("a=1&b=2"))),
    _case("valid_cjk", GROUP_VALID, "valid, Chinese text", "合法，中文", OK,
          _signed(business_json("授信成功，额度五万元"))),
    _case("valid_fullwidth", GROUP_VALID, "valid, full-width characters", "合法，全角字符", OK,
          _signed(business_json("（ＡＢＣ１２３）：！"))),
    _case("valid_emoji", GROUP_VALID, "valid, an emoji", "合法，表情符号", OK,
          _signed(business_json("ok 😀👍"))),
    _case("valid_supplementary", GROUP_VALID, "valid, CJK beyond U+FFFF", "合法，U+FFFF 以上的汉字",
          OK, _signed(business_json("𠀀𠀁𪚥"))),
    _case("valid_private_use", GROUP_VALID, "valid, private-use characters", "合法，私用区字符",
          OK, _signed(business_json("\ue000\uf8ff"))),
    _case("valid_large", GROUP_VALID, "valid, a body of about 1 MB", "合法，约 1 MB 的报文", OK,
          _signed(business_json(_large_note()))),
    _case("signature_wrong", GROUP_SIGNATURE, "a wrong Signature", "错误的 Signature",
          ("0010",), _resigned(_wrong_signature)),
    _case("signature_md5", GROUP_SIGNATURE, "an MD5-length Signature (32 hex)",
          "MD5 长度的 Signature（32 位）", ("0010",), _resigned(_md5_signature)),
    _case("signature_other_salt", GROUP_SIGNATURE, "signed with another salt",
          "用另一个盐值签名", ("0010",), _resigned(_other_salt_signature)),
    _case("timestamp_old", GROUP_TIMESTAMP, "Timestamp 10 minutes old", "Timestamp 早 10 分钟",
          ("0012",), _signed(business_json("stale"), ts_shift_ms=-TEN_MINUTES_MS)),
    _case("timestamp_ahead", GROUP_TIMESTAMP, "Timestamp 10 minutes ahead",
          "Timestamp 晚 10 分钟", ("0012",),
          _signed(business_json("early"), ts_shift_ms=TEN_MINUTES_MS)),
    # a day off tells "ignores the Timestamp" from "a window wider than 10 minutes"
    _case("timestamp_day_old", GROUP_TIMESTAMP, "Timestamp a day old", "Timestamp 早 1 天",
          ("0012",), _signed(business_json("yesterday"), ts_shift_ms=-ONE_DAY_MS)),
    _case("timestamp_day_ahead", GROUP_TIMESTAMP, "Timestamp a day ahead", "Timestamp 晚 1 天",
          ("0012",), _signed(business_json("tomorrow"), ts_shift_ms=ONE_DAY_MS)),
    _case("plain_bad_percent", GROUP_PLAIN, "signed, but Plain has a bad '%' escape",
          "签名正确，但 Plain 含错误的“%”转义", ("0103",), _raw_plain("%7B%22A%22%3A%2Z%7D")),
    _case("plain_not_json", GROUP_PLAIN, "signed, but Plain decodes to non-JSON",
          "签名正确，但 Plain 解码后不是 JSON", ("0103",),
          _raw_plain(java_url_encode("this is not json"))),
    _case("envelope_no_plain", GROUP_ENVELOPE, "envelope without Plain", "缺少 Plain 的报文",
          ("0001", "0002"), _without("Plain")),
    # the guide's own check (5.4) hashes the missing Timestamp as "null" and answers 0010
    _case("envelope_no_timestamp", GROUP_ENVELOPE, "envelope without Timestamp",
          "缺少 Timestamp 的报文", ("0001", "0002", "0010"), _without("Timestamp")),
    # an endpoint that checks the Signature only when there is one accepts anybody's callback
    _case("envelope_no_signature", GROUP_ENVELOPE, "envelope without Signature",
          "缺少 Signature 的报文", ("0001", "0002", "0010"), _without("Signature")),
)  # fmt: skip


def case_ids() -> list[str]:
    return [c.id for c in BATTERY]
