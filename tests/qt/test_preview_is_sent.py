"""What the window previews is what goes on the wire, byte for byte (one builder,
:mod:`workbench.core.request`): read back from the client's record and from the sandbox's log.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from workbench.client import file_calls
from workbench.core.credentials import KIND_SIGN_TICKET
from workbench.qt.files import FilesContext
from workbench.qt.services import AppServices


def _nonce(tag: str) -> str:
    """32 letters and digits (PROTOCOL P4.1), fresh per test: the sandbox refuses a nonce twice."""
    return (tag + "PreviewNonce0123456789abcdefABCDEFGH")[:32]


def _ticket(services: AppServices) -> str:
    permit = services.credentials.permit(KIND_SIGN_TICKET)
    assert permit is not None
    services.credentials.client(permit).fetch_tickets(["sign"])
    ticket = services.book().usable(KIND_SIGN_TICKET)
    assert ticket is not None
    return ticket.value


def _last_entry(sandbox: Any, path: str) -> Any:
    return [e for e in sandbox.log() if e.path == path][-1]


@pytest.mark.parametrize(
    "body",
    ['{"TEST": "ping"}', '{"name": "张三", "emoji": "😀", "esc": "a\\u000Ab"}\n'],
    ids=["ascii", "cjk-emoji-escape"],
)
def test_a_business_call_sends_the_previewed_url_and_body(
    sync_services: AppServices, qt_sandbox: Any, body: str
) -> None:
    _ticket(sync_services)
    composer = sync_services.composer
    nonce = _nonce(str(len(body)))
    preview = composer.preview("sandbox", "echo", body, type_value=None, nonce=nonce)
    assert not preview.ticket_missing
    results: list[Any] = []
    errors: list[Any] = []
    handle = composer.send(
        "sandbox",
        "echo",
        body,
        type_value=None,
        nonce=nonce,
        shape=lambda result: result,
        on_result=results.append,
        on_error=errors.append,
        on_finished=lambda: None,
    )
    assert handle is not None and not errors, errors
    sent = results[0].record.request
    assert sent.url == preview.url  # the URL shown is the URL sent
    assert sent.body == preview.body  # the exact bytes signed and shown
    assert sent.sign is not None and sent.sign.sign == preview.sign.sign
    entry = _last_entry(qt_sandbox, preview.path)
    assert entry.target == preview.target  # what the sandbox received
    assert entry.body_sha256 == hashlib.sha256(preview.body or b"").hexdigest()
    assert entry.sign is not None and entry.sign.given_sign == preview.sign.sign
    assert entry.sign.expected_sign == preview.sign.sign  # it signed the same body bytes
    assert results[0].answer.code == "60840000"


def test_a_file_upload_sends_the_previewed_request(
    sync_services: AppServices, qt_sandbox: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ticket(sync_services)
    nonce = _nonce("upload")
    monkeypatch.setattr(file_calls, "make_nonce", lambda: nonce)  # the upload's own nonce
    files = FilesContext(sync_services)
    preview = files.preview_upload(
        file_type="999", file_format="txt", type_in_sign=True, nonce=nonce
    )
    photo = tmp_path / "note.txt"
    photo.write_bytes(b"hello file\n")
    permit = files.permit()
    assert permit is not None
    result = files.client(permit).upload(str(photo), "999", "txt", type_in_sign=True)
    sent = result.record.request
    assert sent.url == preview.url
    assert sent.sign is not None and sent.sign.sign == preview.sign.sign
    entry = _last_entry(qt_sandbox, preview.path)
    assert entry.target == preview.target
    assert entry.sign is not None and entry.sign.given_sign == preview.sign.sign
    assert result.answer is not None and result.answer.code == "60840000"
