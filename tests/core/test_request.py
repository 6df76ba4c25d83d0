"""The one signed-request builder (PROTOCOL P4, P6): what it returns is what goes on the wire.

The byte-for-byte comparison with what the sandbox received is in tests/client/test_wire.py.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from workbench.core.request import (
    BUSINESS_CONTENT_TYPE,
    business_request,
    download_request,
    encode_query,
    notice_request,
    upload_request,
)
from workbench.core.sign import sign_request

NONCE = "abcdefghijklmnopqrstuvwxyz012345"


def test_business_request_is_signed_over_the_body_it_returns() -> None:
    body = '{"name": "张三", "n": 1}'
    req = business_request(
        base="https://api.example:8443/",
        app_id="wbapp",
        version="2.0.0",
        system="yh",
        service_code="10002",
        body=body,
        ticket="T" * 64,
        nonce=NONCE,
    )
    expected = sign_request(
        app_id="wbapp", version="2.0.0", nonce=NONCE, ticket="T" * 64, body=body
    )
    assert req.sign.sign == expected.sign
    assert req.body == body.encode("utf-8")
    assert req.content_type == BUSINESS_CONTENT_TYPE
    assert req.url == (
        "https://api.example:8443/api/s/yh/10002?app_id=wbapp&nonce="
        f"{NONCE}&version=2.0.0&sign={expected.sign}"
    )
    assert not req.ticket_missing


def test_type_is_in_the_query_last_and_in_the_sign_once() -> None:
    req = business_request(
        base="https://h",
        app_id="a",
        version="2.0.0",
        system="s",
        service_code="c",
        body="{}",
        ticket="t",
        nonce=NONCE,
        type="user",
    )
    assert [k for k, _ in req.query] == ["app_id", "nonce", "version", "sign", "type"]
    assert [v.text for v in req.sign.ordered].count("user") == 1


def test_a_missing_ticket_is_signed_empty_and_said() -> None:
    req = business_request(
        base="https://h",
        app_id="a",
        version="2.0.0",
        system="s",
        service_code="c",
        body="{}",
        ticket=None,
        nonce=NONCE,
    )
    assert req.ticket_missing
    assert (
        req.sign.sign
        == sign_request(app_id="a", version="2.0.0", nonce=NONCE, ticket="", body="{}").sign
    )


def test_lone_surrogates_are_sent_as_java_sends_them_not_raised() -> None:
    req = business_request(
        base="https://h",
        app_id="a\ud800",
        version="2.0.0",
        system="s\udfff",
        service_code="c",
        body='{"x": "\ud800"}',
        ticket="t\ud800",
        nonce=NONCE,
    )
    assert req.body == b'{"x": "?"}'
    assert "app_id=a%3F&" in req.target
    assert req.path == "/api/s/s%3F/c"


def test_dot_segments_are_encoded_so_no_client_drops_them() -> None:
    req = business_request(
        base="https://h",
        app_id="a",
        version="2.0.0",
        system="..",
        service_code=".",
        body="{}",
        ticket="t",
        nonce=NONCE,
    )
    assert req.path == "/api/s/%2E%2E/%2E"


def test_file_calls_always_send_type_sign_and_sign_it_only_when_asked() -> None:
    common: dict[str, Any] = dict(
        base="https://f", app_id="a", version="1.0.0", ticket="t", nonce=NONCE
    )
    with_type = upload_request(**common, file_type="001", file_format="jpg")
    without = upload_request(**common, file_type="001", file_format="jpg", type_in_sign=False)
    for req in (with_type, without):
        assert req.method == "POST" and req.body is None
        assert dict(req.query)["type"] == "sign"
        assert req.path == "/api/s/up/upload"
        assert [k for k, _ in req.query][-2:] == ["fileType", "fileFormat"]
    assert with_type.sign.sign != without.sign.sign
    assert "sign" not in [v.text for v in without.sign.ordered]


def test_download_and_notice_targets() -> None:
    down = download_request(
        base="https://f/",
        app_id="a",
        version="1.0.0",
        ticket="t",
        nonce=NONCE,
        file_id="F 1",
        hash_value="0" * 32,
    )
    assert down.method == "GET"
    query = dict(parse_qsl(urlsplit(down.url).query))
    assert query["fileId"] == "F 1" and query["contentType"] == "image/jpeg"
    notice = notice_request(
        base="https://f",
        call="uploadForm",
        biz_path="/loan/apply/",
        app_id="a",
        version="2.0.0",
        ticket="t",
        nonce=NONCE,
    )
    assert notice.path == "/up/s/loan/apply/uploadForm"


def test_encode_query_matches_a_form_encoder() -> None:
    assert encode_query([("a b", "x+y&z~*"), ("k", "中")]) == "a+b=x%2By%26z~%2A&k=%E4%B8%AD"
