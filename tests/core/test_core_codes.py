"""Code tables (PROTOCOL P9, P7.4) and the file type dictionary (P6), checked against the guide."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbench.core.codes import (
    ALL_CODES,
    BUSINESS_CODES,
    CREDENTIAL_CODES,
    FILE_TYPES,
    PARTNER_CODES,
    explain,
    is_platform_failure,
)

GUIDE = Path("/work/shared/spec/open-platform-guide.zh.txt")


def test_60846999_is_in_both_platform_tables() -> None:
    found = explain("60846999")
    assert [i.layer for i in found] == ["credential", "business"]
    assert all(i.guide_message == "未知异常信息" for i in found)
    assert explain("60846999", layer="business")[0].layer == "business"


@pytest.mark.parametrize(
    ("code", "layer", "message", "cause_words"),
    [
        ("60841017", "business", "ticket验证失败", "5 minutes"),
        ("60841018", "business", "接入签名不正确", "kick-out"),
        ("60840002", "business", "未满足接口输入要求", "jsonData"),
        ("60840003", "business", "交易超时", "timed out"),
        ("60851009", "credential", "无效的appid", "app_id"),
        ("0010", "partner", "签名验证失败", "SHA256"),
        ("0012", "partner", "时间戳过期", "window"),
    ],
)
def test_explain_gives_guide_message_meaning_and_cause(
    code: str, layer: str, message: str, cause_words: str
) -> None:
    (info,) = explain(code)
    assert (info.layer, info.guide_message) == (layer, message)
    assert info.meaning.en and info.meaning.zh
    assert cause_words in info.cause.en and info.cause.zh


def test_business_code_inside_json_data_and_unknown_codes_are_not_explained() -> None:
    assert explain("66590000") == []  # the guide's jsonData CODE example
    assert explain("") == []
    assert explain("garbage") == []


def test_tables_match_the_guide_appendix() -> None:
    if not GUIDE.exists():
        pytest.skip("the guide is not on this machine")
    text = GUIDE.read_text(encoding="utf-8")
    pairs = re.findall(r"\((\d{8}), \"([^\"]+)\"\)", text)
    assert len(pairs) == len(CREDENTIAL_CODES) + len(BUSINESS_CODES)
    ours = [(i.code, i.guide_message) for i in CREDENTIAL_CODES + BUSINESS_CODES]
    assert ours == pairs
    for info in PARTNER_CODES:
        assert f"{info.code}\t{info.guide_message}" in text
    for code, name in FILE_TYPES.items():
        assert f"{code}\t{name.zh}" in text


def test_partner_codes_and_file_types() -> None:
    assert [c.code for c in PARTNER_CODES] == [
        "0000",
        "0001",
        "0002",
        "0103",
        "0010",
        "0012",
        "0016",
    ]
    assert FILE_TYPES["001"] == ("ID card", "身份证")
    assert len(FILE_TYPES) == 9
    assert all(i.meaning.en and i.meaning.zh for i in ALL_CODES)


def test_platform_failure() -> None:
    assert is_platform_failure("60841018")
    assert is_platform_failure("60851004")
    assert not is_platform_failure("60840000")
    assert not is_platform_failure("60850000")
    assert not is_platform_failure("0010")


def test_service_codes_belong_to_the_service() -> None:
    from workbench.core.codes import LAYER_BUSINESS, explain_service_code, platform_layer

    plain = explain_service_code("0000", "https://h/api/s/test/1001124639?a=1", "交易成功")
    assert not plain.from_guide
    assert "belongs to the service called (test/1001124639)" in plain.meaning.en
    assert "交易成功" in plain.meaning.en and "partner" not in plain.meaning.en
    upload = explain_service_code("60840000", "https://h/api/s/up/upload?x=1")
    assert upload.from_guide and "4.5.1" in upload.meaning.en
    assert explain_service_code("66590000", "https://h/api/s/yh/10002").from_guide
    assert not explain_service_code("66590000", "https://h/api/s/other/1").from_guide
    assert not explain_service_code("1", "http://[bad").from_guide  # never raises on a URL
    assert platform_layer("60846999") == LAYER_BUSINESS
