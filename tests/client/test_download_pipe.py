"""The download's read/write pipeline: what arrives is saved whole and checked, or not at all."""

from __future__ import annotations

import gzip
import hashlib
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.client.test_broken_server import TICKET_OK, TOKEN_OK, BrokenServer, client_for
from workbench.client import errors as E
from workbench.client.download_pipe import BUFFERS, PIECE, DiskWriter
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


def _fill(writer: DiskWriter, pieces: list[bytes]) -> None:
    for data in pieces:
        buffer = writer.buffer()
        buffer[: len(data)] = data
        writer.put(buffer, len(data))


def test_the_md5_goes_on_while_the_disk_stalls() -> None:
    # A write held up in the kernel (writeback) must not hold up the hash, nor the reads:
    # while the first write waits, every piece is still hashed and the buffers come back.
    stalled, written = threading.Event(), bytearray()

    def write(view: memoryview) -> int:
        stalled.wait(10)
        half = max(1, len(view) // 2)  # a raw write may take less than it was given
        written.extend(view[:half])
        return half

    pieces = [bytes([i]) * (PIECE - i) for i in range(BUFFERS - 1)]
    writer = DiskWriter(write)
    try:
        _fill(writer, pieces)
        whole = hashlib.md5(b"".join(pieces)).hexdigest()
        deadline = time.monotonic() + 10
        while writer.md5.copy().hexdigest() != whole and time.monotonic() < deadline:
            time.sleep(0.01)
        assert writer.md5.copy().hexdigest() == whole
        assert not written  # the disk is still stalled on the first piece
    finally:
        stalled.set()
        writer.finish()
    assert bytes(written) == b"".join(pieces)  # in order, ragged writes resumed
    # every reused buffer came back once both were done with it
    assert [writer.buffer() for _ in range(BUFFERS)]


def test_a_write_error_stops_the_writing_and_is_kept() -> None:
    calls = []

    def write(view: memoryview) -> int:
        calls.append(len(view))
        raise OSError(28, "No space left on device")

    writer = DiskWriter(write)
    _fill(writer, [b"a" * 10, b"b" * 10, b"c" * 10])
    writer.finish()
    assert isinstance(writer.error, OSError) and writer.error.errno == 28
    assert calls == [10]  # nothing more is written after the first failure


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(lambda view: (_ for _ in ()).throw(ValueError("closed file")), id="raises"),
        pytest.param(lambda view: 0, id="takes-nothing"),
    ],
)
def test_a_write_that_fails_oddly_ends_the_download_instead_of_hanging(broken: Any) -> None:
    # more pieces than buffers: the reader would wait for ever if a buffer were not given back
    writer = DiskWriter(broken)
    done = threading.Event()

    def read_all() -> None:
        _fill(writer, [b"x" * 100] * (BUFFERS * 3))
        writer.finish()
        done.set()

    threading.Thread(target=read_all, daemon=True).start()
    assert done.wait(10), "the download hung"
    assert isinstance(writer.error, OSError)


def test_a_saved_file_gets_the_users_usual_permissions(
    server: BrokenServer, tmp_path: Path
) -> None:
    # mkstemp made every download 0600 (owner only); curl and browsers follow the umask
    body = b"photo bytes"
    _serve(server, body)
    mask = os.umask(0o022)
    try:
        client = client_for(server)
        dest = tmp_path / "id.jpg"
        client.download("F1", hashlib.md5(body).hexdigest(), dest)
        assert dest.read_bytes() == body
        assert stat.S_IMODE(dest.stat().st_mode) == 0o644
    finally:
        os.umask(mask)
    assert _left_in(tmp_path) == ["id.jpg"]
