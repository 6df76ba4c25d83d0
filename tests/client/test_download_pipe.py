"""The download's read/write pipeline: what arrives is saved whole and checked, or not at all."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.client.test_broken_server import TICKET_OK, TOKEN_OK, BrokenServer, client_for
from workbench.client import errors as E
from workbench.client.download_pipe import PIECE
from workbench.client.errors import ClientError


@pytest.fixture
def server() -> Iterator[BrokenServer]:
    broken = BrokenServer()
    broken.bodies["/api/oauth2/access_token"] = TOKEN_OK
    broken.bodies["/api/oauth2/api_ticket"] = TICKET_OK
    yield broken
    broken.close()


def _serve(server: BrokenServer, body: bytes, **headers: str) -> None:
    server.bodies["/api/s/up/download"] = body
    server.headers["/api/s/up/download"] = {"Content-Type": "image/jpeg", **headers}


def _left_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_several_pieces_and_a_ragged_end_arrive_whole(server: BrokenServer, tmp_path: Path) -> None:
    body = bytes(range(256)) * ((3 * PIECE + 12345) // 256)
    _serve(server, body)
    out = tmp_path / "out" / "a.jpg"
    result = client_for(server).download("F1", hashlib.md5(body).hexdigest(), out)
    assert result.hash_matches and out.read_bytes() == body
    assert _left_in(out.parent) == ["a.jpg"]


def test_a_file_with_another_md5_is_not_saved(server: BrokenServer, tmp_path: Path) -> None:
    _serve(server, b"x" * (PIECE + 1))
    out = tmp_path / "out" / "a.jpg"
    with pytest.raises(ClientError) as info:
        client_for(server).download("F1", "0" * 32, out)
    assert info.value.kind == E.HASH_MISMATCH
    assert _left_in(out.parent) == []  # no file, no .part


def test_a_body_cut_short_is_named_and_leaves_nothing(server: BrokenServer, tmp_path: Path) -> None:
    body = b"y" * (PIECE + 10)
    _serve(server, body, **{"Content-Length": str(2 * PIECE)})  # the server then hangs up
    out = tmp_path / "out" / "a.jpg"
    with pytest.raises(ClientError) as info:
        client_for(server).download("F1", hashlib.md5(body).hexdigest(), out)
    assert info.value.kind == E.BAD_ANSWER
    assert info.value.text.en == f"The download stopped after {len(body)} of {2 * PIECE} bytes."
    assert _left_in(out.parent) == []


def test_a_compressed_answer_is_saved_uncompressed(server: BrokenServer, tmp_path: Path) -> None:
    body = b"z" * (2 * PIECE + 3)
    _serve(server, gzip.compress(body), **{"Content-Encoding": "gzip"})
    out = tmp_path / "a.jpg"
    result = client_for(server).download("F1", hashlib.md5(body).hexdigest(), out)
    assert result.hash_matches and out.read_bytes() == body
