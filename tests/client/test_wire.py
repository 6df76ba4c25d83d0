"""What the builder (workbench/core/request.py) returns is, byte for byte, what the sandbox got.

The preview shows the builder's request; the client sends it. Here the sandbox's own request log
(``GET /_sandbox/log``: the request target as it arrived, and the SHA-256 of the body) is held
against the builder's output, for a business call and a file upload.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from workbench.client.platform import PlatformClient
from workbench.core.credentials import KIND_SIGN_TICKET
from workbench.core.request import business_request, upload_request
from workbench.core.sign import make_nonce


def sandbox_log(client: PlatformClient, path: str) -> list[dict[str, Any]]:
    """The sandbox's log entries for this test's app and ``path``, through the admin route."""
    record, _ = client.send("api", "GET", f"{client.env.api_base}/_sandbox/log")
    assert record.response is not None and record.response.status == 200
    entries = json.loads(record.response.body)["entries"]
    return [
        e for e in entries if e["path"] == path and e["query"].get("app_id") == client.env.app_id
    ]


def test_a_business_call_arrives_exactly_as_built(client: PlatformClient) -> None:
    client.fetch_tickets(["sign"])
    ticket = client.book.usable(KIND_SIGN_TICKET)
    assert ticket is not None
    # odd spacing, CJK, an emoji, characters a URL or form encoder treats specially
    body = '{"名字" : "张三",  "emoji":"😀", "odd": "a+b&c=d ~*%/?#"}'
    nonce = make_nonce()
    built = business_request(
        base=client.env.api_base,
        app_id=client.env.app_id,
        version=client.env.version,
        system="sandbox",
        service_code="echo",
        body=body,
        ticket=ticket.value,
        nonce=nonce,
        type="sign",
    )
    preview = client.prepare_call("sandbox", "echo", body, type="sign", nonce=nonce)
    assert preview.url == built.url and preview.body == built.body

    result = client.call("sandbox", "echo", body, type="sign", nonce=nonce)

    assert result.answer is not None and result.answer.code == "60840000"
    assert result.record.request.url == built.url
    assert result.record.request.body == built.body
    (arrived,) = [
        e for e in sandbox_log(client, "/api/s/sandbox/echo") if e["query"]["nonce"] == nonce
    ]
    assert arrived["target"] == built.target
    assert arrived["body_sha256"] == hashlib.sha256(built.body or b"").hexdigest()
    assert arrived["sign"]["verdict"] == "ok"


def test_a_file_upload_arrives_exactly_as_built(client: PlatformClient, tmp_path: Path) -> None:
    src = tmp_path / "合同 contract.pdf"
    src.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    result = client.upload(src, "006", "pdf")

    ticket = client.book.usable(KIND_SIGN_TICKET)
    assert ticket is not None
    sent = result.record.request
    built = upload_request(
        base=client.env.file_base,
        app_id=client.env.app_id,
        version=client.env.file_version,
        ticket=ticket.value,
        nonce=sent.nonce,
        file_type="006",
        file_format="pdf",
    )
    assert sent.url == built.url
    assert sent.sign is not None and sent.sign.sign == built.sign.sign
    (arrived,) = [
        e for e in sandbox_log(client, "/api/s/up/upload") if e["query"]["nonce"] == sent.nonce
    ]
    assert arrived["target"] == built.target
    assert arrived["sign"]["verdict"] == "ok"
    # the body carries the file, never signed (PROTOCOL P6): the platform's MD5 is of our bytes
    assert result.files[0].hash_value == hashlib.md5(src.read_bytes()).hexdigest()
