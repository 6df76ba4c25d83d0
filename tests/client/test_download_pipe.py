"""The download's read/write pipeline: what arrives is saved whole and checked, or not at all."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.client.test_broken_server import TICKET_OK, TOKEN_OK, BrokenServer, client_for
from workbench.client import errors as E
from workbench.client.download import download
from workbench.client.download_pipe import BUFFERS, PIECE, STEP, DiskWriter
from workbench.client.errors import ClientError
from workbench.client.transport import Transport
from workbench.core.credentials import SystemClock
from workbench.core.environment import EnvironmentConfig, EnvironmentSecrets
from workbench.core.request import download_request


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


class _RawServer:
    """One answer per connection, written by ``send(socket)``: slow links and cut bodies."""

    def __init__(self, send: Any) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self._send = send
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._socket.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                with contextlib.suppress(OSError):
                    self._send(conn)

    def download(self, dest: Path, expected: str, **kw: Any) -> Any:
        env = EnvironmentConfig(
            name="raw", file_base=f"http://127.0.0.1:{self.port}", api_base="http://127.0.0.1:1"
        )
        transport = Transport(env, EnvironmentSecrets(secret="s"), SystemClock())
        request = download_request(
            base=transport.base("file"), app_id="a", version="1.0.0", ticket="T",
            nonce="n" * 32, file_id="1", hash_value=expected,
        )  # fmt: skip
        try:
            return download(
                transport, request, expected, dest, kw.get("progress"), kw.get("cancel"),
                kw.get("keep", False),
            )  # fmt: skip
        finally:
            transport.close()

    def close(self) -> None:
        self._socket.close()


def test_on_a_slow_link_cancel_and_progress_do_not_wait_for_a_whole_mib(tmp_path: Path) -> None:
    body = b"z" * (2 * PIECE)

    def slowly(conn: socket.socket) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
        )
        for start in range(0, len(body), 16 * 1024):  # about 160 KB/s
            conn.sendall(body[start : start + 16 * 1024])
            time.sleep(0.1)

    server = _RawServer(slowly)
    cancel, seen = threading.Event(), []

    def progress(done: int, total: int | None) -> None:
        seen.append(done)
        if done >= 3 * STEP:
            cancel.set()

    started = time.monotonic()
    try:
        with pytest.raises(ClientError) as raised:
            server.download(tmp_path / "a.jpg", hashlib.md5(body).hexdigest(),
                            progress=progress, cancel=cancel)  # fmt: skip
    finally:
        server.close()
    assert raised.value.kind == E.CANCELLED
    assert time.monotonic() - started < 4  # a whole MiB at this speed takes over 6 s
    assert seen and seen[0] < PIECE  # the bar moved before the first MiB was in
    assert _left_in(tmp_path) == []


def test_a_chunked_body_cut_off_is_named_so_and_not_kept(tmp_path: Path) -> None:
    body = b"y" * (3 * PIECE)

    def cut(conn: socket.socket) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        half = body[: len(body) // 2]
        conn.sendall(f"{len(body):x}\r\n".encode() + half)  # one chunk, closed half-way

    server = _RawServer(cut)
    try:
        with pytest.raises(ClientError) as raised:
            server.download(tmp_path / "b.jpg", hashlib.md5(body).hexdigest(), keep=True)
    finally:
        server.close()
    assert raised.value.kind != E.HASH_MISMATCH
    assert "cut off" in raised.value.text.en
    assert _left_in(tmp_path) == []  # not saved truncated, even with "keep mismatched"


def test_a_file_name_near_the_length_limit_can_be_saved(
    server: BrokenServer, tmp_path: Path
) -> None:
    body = b"long name"
    _serve(server, body)
    for name in ("x" * 245 + ".jpg", "图" * 80 + ".jpg"):  # 249 and 244 bytes: legal names
        dest = tmp_path / name
        client_for(server).download("F1", hashlib.md5(body).hexdigest(), dest)
        assert dest.read_bytes() == body
    assert len(_left_in(tmp_path)) == 2


def test_a_pipe_as_the_destination_is_refused_and_kept(
    server: BrokenServer, tmp_path: Path
) -> None:
    """The download is renamed into place: a device or pipe there would be replaced by a plain
    file (run as root, /dev/null itself). It is refused before anything is fetched."""
    body = b"q" * 1000
    _serve(server, body)
    pipe = tmp_path / "fifo"
    os.mkfifo(pipe)
    with pytest.raises(ClientError) as info:
        client_for(server).download("F1", hashlib.md5(body).hexdigest(), pipe)
    assert info.value.kind == E.LOCAL_FILE
    assert (
        info.value.text.en
        == f"{pipe} is not a regular file (a device or a pipe): choose a file name."
    )
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)  # still the pipe
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo"]  # no .part left
    assert not [t for t in server.targets if "download" in t]  # the file was never asked for


def test_a_folder_as_the_destination_is_refused_before_anything_is_fetched(
    server: BrokenServer, tmp_path: Path
) -> None:
    """It was fetched whole (300 MB, say), then refused at the rename: "is a folder"."""
    body = b"f" * 1000
    _serve(server, body)
    folder = tmp_path / "downloads"
    folder.mkdir()
    with pytest.raises(ClientError) as info:
        client_for(server).download("F1", hashlib.md5(body).hexdigest(), folder)
    assert info.value.kind == E.LOCAL_FILE
    assert info.value.text.en == f"{folder} is a folder, not a file."
    assert not [t for t in server.targets if "download" in t]
    assert list(folder.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == [
        "downloads"
    ]
