"""Whatever shape an answer has, the token and ticket values never reach history in full."""

from __future__ import annotations

import json
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.credentials import mask
from workbench.store.history_mask import CREDENTIAL_KEYS, mask_credentials

# real tokens and tickets are long random strings (PROTOCOL P2: 64 hex); 16+ characters keep
# them from colliding with the words of the structure itself
CRED = st.text(alphabet=string.ascii_letters + string.digits + "-_.", min_size=16, max_size=80)
# key names that mean "a credential" are masked wherever they appear: the noise avoids them
KEY = st.text(max_size=8).filter(lambda k: k not in CREDENTIAL_KEYS and k != "tickets")
JSON_LEAF = st.none() | st.booleans() | st.integers() | st.text(max_size=20)
JSON = st.recursive(
    JSON_LEAF,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEY, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(token=CRED, ticket=CRED, noise=JSON, cut=st.booleans(), spaced=st.booleans())
def test_token_and_ticket_are_masked_in_any_answer(
    token: str, ticket: str, noise: object, cut: bool, spaced: bool
) -> None:
    token_answer = {"code": "60850000", "access_token": token, "extra": noise}
    ticket_answer = {"tickets": [{"value": ticket, "expire_in": "3600"}], "noise": noise}
    sep = (", ", ": ") if spaced else (",", ":")
    bodies = [json.dumps(a, separators=sep) for a in (token_answer, ticket_answer)]
    if cut:  # a body cut in history no longer parses
        bodies = [b[:-1] + "\n… (cut in history)" for b in bodies]
    entry = {
        "request": {"url": f"https://h/api/x?app_id=a&access_token={token}&nonce=n"},
        "responses": [{"body": b} for b in bodies],
        "error": f"refused {ticket}",
        "noise": noise,
    }
    out = json.dumps(mask_credentials(entry), ensure_ascii=False)
    for value in (token, ticket):
        assert value not in out
        assert mask(value) in out


@settings(max_examples=200, deadline=None)
@given(data=JSON)
def test_entries_without_credentials_come_back_unchanged(data: object) -> None:
    entry = {"response": {"body": json.dumps(data)}, "data": data}
    assert mask_credentials(entry) == entry


def test_deep_nesting_does_not_raise() -> None:
    deep = "[" * 5000 + "]" * 5000
    nested: object = "x"
    for _ in range(2000):
        nested = [nested]
    out = mask_credentials({"body": deep + '"access_token": "abcdefgh12345678"', "n": nested})
    assert isinstance(out, dict) and "abcdefgh12345678" not in out["body"]
    assert mask("abcdefgh12345678") in out["body"]
