"""No raw exception and no secret escapes the client, whatever the network does."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from workbench.client import errors as E
from workbench.client.errors import ClientError
from workbench.client.platform import PlatformClient
from workbench.sandbox import Sandbox


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_failed_token_fetch_never_shows_the_secret(account: Any, sandbox: Sandbox) -> None:
    env = account.env._replace(api_base=f"https://127.0.0.1:{free_port()}")
    client = PlatformClient(env, account.secrets, clock=sandbox.clock)
    with pytest.raises(ClientError) as info:
        client.fetch_access_token()
    client.close()
    error = info.value
    secret = account.secrets.secret
    assert error.kind == E.CONNECTION_REFUSED
    assert "access_token" in error.detail  # the library's message is kept for the details fold
    assert secret not in error.detail and secret not in error.text.en
    assert error.record is not None and secret not in error.record.request.url
    assert secret not in error.record.error


def test_a_host_without_scheme_is_a_sentence(account: Any, sandbox: Sandbox) -> None:
    env = account.env._replace(api_base="capapi.example")
    client = PlatformClient(env, account.secrets, clock=sandbox.clock)
    with pytest.raises(ClientError) as info:
        client.fetch_access_token()
    client.close()
    assert info.value.kind == E.CONFIG
    assert "capapi.example must start with https://" in info.value.text.en
    assert "https://" in info.value.text.zh
    assert account.secrets.secret not in info.value.text.en + info.value.detail


def test_upload_records_carry_no_secret(client: PlatformClient, account: Any, tmp_path) -> None:
    src = tmp_path / "a.bin"
    src.write_bytes(b"x" * 100)
    result = client.upload(src, "999", "zip")
    secret = account.secrets.secret
    req = result.record.request
    assert secret not in req.url and secret not in repr(req.headers)
    assert req.body is None and "multipart/form-data" in req.body_summary


@pytest.mark.parametrize(
    ("api_base", "words"),
    [
        ("https://127.0.0.1:99999", "invalid port"),
        ("https://" + "a" * 70 + ".example", "could not be resolved"),  # IDNA: label too long
    ],
)
def test_preflight_of_a_broken_address_is_a_failed_step(
    account: Any, api_base: str, words: str
) -> None:
    from workbench.client.preflight import preflight

    env = account.env._replace(api_base=api_base)
    steps = list(preflight(env, account.secrets))
    assert [(s.name, s.ok) for s in steps] == [("dns", False)]
    assert words in steps[0].text.en
