"""Token and tickets against the sandbox: every credential code, kick-out, overlap, rotation."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlencode

import pytest

from workbench.client import errors as E
from workbench.client.errors import ClientError
from workbench.client.models import PlatformAnswer
from workbench.client.platform import PlatformClient
from workbench.core.credentials import KIND_SIGN_TICKET, KIND_USER_TICKET, parse_platform_time
from workbench.sandbox.server import Sandbox


def raw_get(client: PlatformClient, path: str, **params: str) -> PlatformAnswer:
    url = f"{client.env.api_base}{path}?{urlencode(params)}"
    record, _ = client.send("api", "GET", url)
    assert record.response is not None
    answer = PlatformAnswer.parse(record.response.body)
    assert answer is not None
    return answer


def test_token_has_the_guide_shape(client: PlatformClient, sandbox: Sandbox) -> None:
    result = client.fetch_access_token()
    token = result.credentials[0]
    assert re.fullmatch(r"[0-9a-f]{64}", token.value)
    assert token.expire_in_s == 3600
    assert re.fullmatch(r"\d{14}", result.answer.transaction_time)
    server_expiry = parse_platform_time(token.expire_time_raw)
    assert abs(server_expiry - (sandbox.clock.now_ms() + 3600_000)) < 5000
    assert client.book.snapshot().access_token == token
    assert "secret=" in result.records[0].request.url
    assert client.secrets.secret not in result.records[0].request.url  # masked in the record


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"grant_type": "client_credential", "version": "2.0.0"}, "60851007"),  # no app_id
        (
            {
                "app_id": "nobody",
                "secret": "x",
                "grant_type": "client_credential",
                "version": "2.0.0",
            },
            "60851009",
        ),
        ({"secret": "wrong", "grant_type": "client_credential", "version": "2.0.0"}, "60851009"),
        ({"secret": "S", "grant_type": "password", "version": "2.0.0"}, "60851007"),
        ({"secret": "S", "grant_type": "client_credential", "version": "1.0.0"}, "60851007"),
    ],
)
def test_token_errors(client: PlatformClient, params: dict[str, str], code: str) -> None:
    if "app_id" not in params and "secret" in params:
        params = {"app_id": client.env.app_id, **params}
    if params.get("secret") == "S":
        params["secret"] = client.secrets.secret
    answer = raw_get(client, "/api/oauth2/access_token", **params)
    assert answer.code == code


def test_wrong_secret_raises_platform_error(client: PlatformClient) -> None:
    client.secrets = client.secrets._replace(secret="not-the-secret")
    with pytest.raises(ClientError) as info:
        client.fetch_access_token()
    assert info.value.kind == E.PLATFORM
    assert info.value.answer is not None and info.value.answer.code == "60851009"


def test_tickets_in_the_order_asked(client: PlatformClient) -> None:
    result = client.fetch_tickets(["user", "sign"], user_data={"USER_ID": "u1"}, mechant_id="m1")
    kinds = [c.kind for c in result.credentials]
    assert kinds == [KIND_USER_TICKET, KIND_SIGN_TICKET]
    assert [c.expire_in_s for c in result.credentials] == [300, 3600]
    assert len(result.records) == 2  # the token was fetched first


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"type": "cash"}, "60851001"),
        ({"type": "sign,"}, "60851001"),
        ({"type": "user"}, "60851007"),
        ({"type": "user", "user_data": "{}", "mechant_id": "m"}, "60851010"),
        ({"type": "user", "user_data": "not json", "mechant_id": "m"}, "60851010"),
        ({"type": "sign", "access_token": "f" * 64}, "60851002"),
        ({"type": "sign", "app_id": "nobody"}, "60851009"),
        ({"type": "sign", "version": ""}, "60851007"),
    ],
)
def test_ticket_errors(client: PlatformClient, extra: dict[str, str], code: str) -> None:
    token = client.fetch_access_token().credentials[0].value
    params = {"app_id": client.env.app_id, "access_token": token, "version": "2.0.0", **extra}
    assert raw_get(client, "/api/oauth2/api_ticket", **params).code == code


def test_expired_token_is_60851004(client: PlatformClient, sandbox: Sandbox) -> None:
    token = client.fetch_access_token().credentials[0].value
    sandbox.advance_clock(3601)
    params = {
        "app_id": client.env.app_id,
        "access_token": token,
        "version": "2.0.0",
        "type": "sign",
    }
    assert raw_get(client, "/api/oauth2/api_ticket", **params).code == "60851004"
    # the client notices its token expired and fetches a new one by itself
    assert client.fetch_tickets(["sign"]).answer.code == "60850000"


def test_kicked_out_token_is_refetched_once(client: PlatformClient, account) -> None:
    client.fetch_access_token()
    other = PlatformClient(account.env, account.secrets)  # a second system, same app_id
    other.fetch_access_token()
    result = client.fetch_tickets(["sign"])
    assert result.answer.code == "60850000"
    codes = [PlatformAnswer.parse(r.response.body).code for r in result.records]
    assert codes == ["60851002", "60850000", "60850000"]
    other.close()


def test_previous_sign_ticket_lives_five_minutes(client: PlatformClient, sandbox: Sandbox) -> None:
    client.fetch_tickets(["sign"])
    first = client.book.snapshot().sign_ticket
    client.fetch_tickets(["sign"])
    snap = client.book.snapshot()
    assert snap.previous_sign_ticket is not None and snap.previous_sign_ticket.value == first.value
    body = '{"K": "v"}'

    def call_with_first() -> str:
        sign_ticket = client.book.snapshot().sign_ticket
        client.book.put(first)  # sign with the superseded ticket
        try:
            prepared = client.prepare_call("sandbox", "echo", body)
            record, _ = client.send(
                "api", "POST", prepared.url, body=prepared.body, headers=prepared.headers
            )
        finally:
            client.book.put(sign_ticket)
        return PlatformAnswer.parse(record.response.body).code

    assert call_with_first() == "60840000"
    sandbox.advance_clock(299)
    assert call_with_first() == "60840000"
    sandbox.advance_clock(2)
    assert call_with_first() == "60841018"
    assert client.book.snapshot().previous_sign_ticket.expired(sandbox.clock.now_ms())


def test_rotating_the_secret_kills_the_chain(
    client: PlatformClient, sandbox: Sandbox, account
) -> None:
    client.fetch_tickets(["sign"])
    token = client.book.snapshot().access_token.value
    client.secrets = client.secrets._replace(secret=sandbox.rotate_secret(account.app_id))
    params = {"app_id": account.app_id, "access_token": token, "version": "2.0.0", "type": "sign"}
    assert raw_get(client, "/api/oauth2/api_ticket", **params).code == "60851002"
    client.auto_fetch = False
    result = client.call("sandbox", "echo", "{}")
    assert result.answer.code == "60841017"  # the app holds no live ticket at all
    assert not result.retried


def test_user_ticket_is_single_use(client: PlatformClient) -> None:
    client.fetch_tickets(["user"], user_data=json.dumps({"USER_ID": "u-1"}), mechant_id="m-1")
    first = client.call("sandbox", "echo", '{"login": 1}', type="user")
    assert first.answer.code == "60840000"
    assert client.book.snapshot().user_ticket.used
    with pytest.raises(ClientError) as info:
        client.call("sandbox", "echo", '{"login": 2}', type="user")
    assert info.value.kind == E.NO_TICKET
    # replaying it by hand: the sandbox has consumed it
    client.book.put(client.book.snapshot().user_ticket._replace(used=False))
    again = client.call("sandbox", "echo", '{"login": 3}', type="user")
    assert again.answer.code == "60841017"


def test_pasted_token_is_not_replaced(client: PlatformClient) -> None:
    client.auto_fetch = False
    client.book.paste("access_token", "f" * 64, 3600)
    with pytest.raises(ClientError) as info:
        client.fetch_tickets(["sign"])
    assert info.value.answer.code == "60851002"
    assert client.book.snapshot().access_token.value == "f" * 64


@pytest.mark.parametrize("path", ["/api/oauth2/access_token", "/api/oauth2/api_ticket"])
def test_a_credential_fetched_across_a_secret_change_is_not_kept(
    client: PlatformClient, path: str
) -> None:
    """PROTOCOL P2: the book is cleared when the secret is replaced; a token or ticket whose fetch
    was already on the wire was made from the old secret and must not land in the book."""
    if path.endswith("api_ticket"):
        client.fetch_access_token()  # the ticket fetch then needs no token fetch of its own
    send = client.transport.send

    def secret_replaced_while_on_the_wire(*args: object, **kwargs: object) -> object:
        result = send(*args, **kwargs)  # type: ignore[arg-type]
        if path in str(args[2]):
            client.book.clear()  # what Books does on Environments.secret_replaced
        return result

    client.transport.send = secret_replaced_while_on_the_wire  # type: ignore[method-assign]
    fetch = (
        client.fetch_access_token
        if path.endswith("access_token")
        else lambda: client.fetch_tickets(["sign"])
    )
    result = fetch()
    assert result.credentials  # the caller that was under way still gets its answer
    snap = client.book.snapshot()
    assert snap.access_token is None and snap.sign_ticket is None, snap
    client.transport.send = send  # type: ignore[method-assign]
    # the same client, still holding the old secret, starts a fetch after the change: dropped
    fetch()
    assert client.book.snapshot().access_token is None
    # a client given the secret after the change fetches into the book as usual
    client.secrets = client.secrets  # given again: the client's fetches belong to it from now
    fetch()
    kept = client.book.snapshot()
    assert (kept.access_token if path.endswith("access_token") else kept.sign_ticket) is not None


def test_a_client_built_before_a_secret_change_keeps_nothing_it_fetches_after(
    client: PlatformClient, sandbox: Sandbox, account: Any
) -> None:
    """The wrong secret must not seem to work: an old client (say, in a queued job) fetching
    after the secret was replaced would have put a token made from the old secret in the book,
    and a client with the new, mistyped secret would then have got a ticket with it."""
    client.book.clear()  # the secret was replaced (what Books does)
    client.fetch_access_token()  # the old client's fetch, after the change
    assert client.book.snapshot().access_token is None
    typo = account.secrets._replace(secret="typo-secret")
    new = PlatformClient(account.env, typo, clock=sandbox.clock, book=client.book)
    try:
        with pytest.raises(ClientError):
            new.fetch_tickets(["sign"])  # needs a token of its own: the mistyped secret fails
        assert client.book.snapshot().sign_ticket is None
    finally:
        new.close()
