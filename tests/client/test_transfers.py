"""Files over the one-way TLS file host: round trips, error answers, cancel, flat memory."""

from __future__ import annotations

import hashlib
import os
import threading
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from workbench.client import errors as E
from workbench.client.download_pipe import BUFFERS, PIECE
from workbench.client.errors import ClientError
from workbench.client.platform import PlatformClient


def make_file(path: Path, size: int) -> Path:
    block = os.urandom(1024 * 1024)
    with open(path, "wb") as f:
        left = size
        while left:
            n = min(left, len(block))
            f.write(block[:n])
            left -= n
    return path


def md5_of(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def test_upload_then_download(client: PlatformClient, tmp_path: Path) -> None:
    src = make_file(tmp_path / "photo.jpg", 3 * 1024 * 1024 + 7)
    seen: list[tuple[int, int | None]] = []
    up = client.upload(src, "001", "jpg", progress=lambda d, t: seen.append((d, t)))
    assert up.files[0].hash_value == md5_of(src) and up.hash_matches(up.files[0])
    assert seen[-1][0] == seen[-1][1]  # progress reached the end
    dest = tmp_path / "out" / "copy.jpg"
    down = client.download(up.files[0].file_id, up.files[0].hash_value, dest)
    assert dest.read_bytes() == src.read_bytes() and down.hash_matches
    assert down.content_type == "image/jpeg"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["copy.jpg"]


def test_upload_sign_with_or_without_type(client: PlatformClient, tmp_path: Path) -> None:
    src = make_file(tmp_path / "a.pdf", 1000)
    up = client.upload(src, "006", "pdf", type_in_sign=False)
    assert up.answer.code == "60840000"
    down = client.download(
        up.files[0].file_id,
        up.files[0].hash_value,
        tmp_path / "b.pdf",
        content_type="application/pdf",
        type_in_sign=False,
    )
    assert down.content_type == "application/pdf"


@pytest.mark.parametrize("case", ["wrong_hash", "unknown_id"])
def test_download_errors_are_json_answers(
    client: PlatformClient, tmp_path: Path, case: str
) -> None:
    src = make_file(tmp_path / "a.bin", 5000)
    up = client.upload(src, "999", "zip")
    file_id, hash_value = up.files[0].file_id, up.files[0].hash_value
    if case == "wrong_hash":
        hash_value = "0" * 32
    else:
        file_id = "9" * 54
    with pytest.raises(ClientError) as info:
        client.download(file_id, hash_value, tmp_path / "x.bin")
    assert info.value.kind == E.PLATFORM and info.value.answer.code == "60840002"
    assert "application/json" in info.value.record.response.content_type
    assert not (tmp_path / "x.bin").exists()


def test_upload_with_bad_file_type_and_bad_sign(client: PlatformClient, tmp_path: Path) -> None:
    src = make_file(tmp_path / "a.bin", 10)
    with pytest.raises(ClientError) as info:
        client.upload(src, "123", "zip")
    assert info.value.answer.code == "60840002"
    client.fetch_tickets(["sign"])
    client.book.paste("sign_ticket", "b" * 64, 3600)  # not the live ticket: wrong sign
    with pytest.raises(ClientError) as info:
        client.download("1", "0" * 32, tmp_path / "y.bin")
    assert info.value.answer.code == "60841018"


def test_upload_json_and_form(client: PlatformClient, tmp_path: Path) -> None:
    a = make_file(tmp_path / "a.png", 100_001)
    b = make_file(tmp_path / "b.png", 2)
    one = client.upload_json("sandbox", a, file_name="证件.png", biz_content='{"ORDER": "1"}')
    assert one.files[0].file_name == "证件.png" and one.files[0].hash_value == md5_of(a)
    assert one.local_md5["证件.png"] == md5_of(a)
    two = client.upload_form("sandbox", [a, b], biz_content='{"ORDER": "2"}')
    assert [f.hash_value for f in two.files] == [md5_of(a), md5_of(b)]
    with pytest.raises(ClientError) as info:
        client.upload_form("no-such-path", [b])
    assert info.value.answer.code == "60840110"


def test_cancel_midway_leaves_no_partial_file(client: PlatformClient, tmp_path: Path) -> None:
    src = make_file(tmp_path / "big.bin", 24 * 1024 * 1024)
    up = client.upload(src, "008", "zip")
    cancel = threading.Event()

    def progress(done: int, total: int | None) -> None:
        if done > 4 * 1024 * 1024:
            cancel.set()

    out = tmp_path / "out"
    with pytest.raises(ClientError) as info:
        client.download(
            up.files[0].file_id,
            up.files[0].hash_value,
            out / "big.bin",
            progress=progress,
            cancel=cancel,
        )
    assert info.value.kind == E.CANCELLED
    assert list(out.iterdir()) == []
    cancel.clear()
    with pytest.raises(ClientError) as info:
        client.upload(src, "008", "zip", progress=progress, cancel=cancel)
    assert info.value.kind == E.CANCELLED


def test_memory_stays_flat_on_50_mb(client: PlatformClient, tmp_path: Path) -> None:
    """Client and sandbox run in this process: tracemalloc sees both sides of the transfer."""
    src = make_file(tmp_path / "fifty.bin", 50 * 1024 * 1024)
    client.fetch_tickets(["sign"])
    tracemalloc.start()
    try:
        up = client.upload(src, "008", "zip")
        _, peak_up = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        client.download(up.files[0].file_id, up.files[0].hash_value, tmp_path / "back.bin")
        _, peak_down = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak_up < 16 * 1024 * 1024, peak_up
    # the download's own reused buffers (BUFFERS x PIECE) plus the sandbox's side: far from 50 MB
    assert peak_down < BUFFERS * PIECE + 12 * 1024 * 1024, peak_down
    assert md5_of(tmp_path / "back.bin") == up.files[0].hash_value


def open_handles(*paths: Path) -> list[str]:
    """The files among ``paths`` this process holds open (client and sandbox run in it)."""
    targets = {str(p.resolve()) for p in paths}
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            link = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed meanwhile (the listing's own fd)
            continue
        if link in targets:
            found.append(link)
    return found


def test_upload_form_refuses_two_files_of_one_name_before_anything_is_sent(
    client: PlatformClient, sandbox: Any, tmp_path: Path
) -> None:
    a = tmp_path / "a" / "report.pdf"
    b = tmp_path / "b" / "report.pdf"
    for path, size in ((a, 1000), (b, 2000)):
        path.parent.mkdir()
        make_file(path, size)
    logged = len(sandbox.log())
    with pytest.raises(ClientError) as info:
        client.upload_form("sandbox", [a, b, tmp_path / "a" / ".." / "a" / "report.pdf"])
    error = info.value
    assert error.kind == E.BAD_INPUT and error.record is None
    assert error.text.en.startswith("Not sent: more than one chosen file is named report.pdf,")
    assert "report.pdf" in error.text.zh and "，" in error.text.zh and error.text.zh[-1] == "。"
    assert len(sandbox.log()) == logged  # not even a ticket was fetched
    assert open_handles(a, b) == []


@pytest.mark.parametrize("call", ["upload", "upload_json", "upload_form"])
def test_a_file_name_that_is_not_utf8_is_refused_in_one_sentence(
    client: PlatformClient, sandbox: Any, tmp_path: Path, call: str
) -> None:
    """A name the system hands over as bytes (Linux allows any) cannot travel as the multipart
    filename or uploadJson's fileName: one sentence, nothing sent (it was a UnicodeEncodeError
    from deep in the encoder)."""
    path = make_file(tmp_path / os.fsdecode(b"photo-\xff.jpg"), 100)
    logged = len(sandbox.log())
    runs = {
        "upload": lambda: client.upload(path, "001", "jpg"),
        "upload_json": lambda: client.upload_json("sandbox", path),
        "upload_form": lambda: client.upload_form("sandbox", [path]),
    }
    with pytest.raises(ClientError) as info:
        runs[call]()
    error = info.value
    assert error.kind == E.BAD_INPUT
    assert error.text.en == (
        "Not sent: the file name photo-\ufffd.jpg is not valid UTF-8, and the platform takes "
        "file names as text; rename the file."
    )
    assert error.text.zh.startswith("未发送：文件名 photo-\ufffd.jpg 不是有效的 UTF-8")
    assert len(sandbox.log()) == logged and open_handles(path) == []


def test_upload_form_closes_every_file_whatever_the_outcome(
    client: PlatformClient, tmp_path: Path
) -> None:
    a, b = make_file(tmp_path / "a.pdf", 4 * 1024 * 1024), make_file(tmp_path / "b.pdf", 10)
    done = client.upload_form("sandbox", [a, b])  # success: one MD5 per file, each its own
    assert done.local_md5 == {"a.pdf": md5_of(a), "b.pdf": md5_of(b)}
    assert all(done.hash_matches(f) for f in done.files) and len(done.files) == 2
    assert open_handles(a, b) == []
    with pytest.raises(ClientError) as info:  # the platform refuses
        client.upload_form("no-such-path", [a, b])
    assert info.value.answer.code == "60840110" and open_handles(a, b) == []
    with pytest.raises(ClientError) as info:  # the second file cannot be read
        client.upload_form("sandbox", [a, tmp_path / "gone.pdf"])
    assert info.value.kind == E.LOCAL_FILE and open_handles(a, b) == []
    cancel = threading.Event()

    def progress(sent: int, _total: int | None) -> None:
        if sent > 1024 * 1024:
            cancel.set()

    with pytest.raises(ClientError) as info:  # cancelled halfway
        client.upload_form("sandbox", [a, b], progress=progress, cancel=cancel)
    assert info.value.kind == E.CANCELLED and open_handles(a, b) == []


def test_a_file_name_the_multipart_encoding_changes_is_still_compared(
    client: PlatformClient, tmp_path: Path
) -> None:
    """The sandbox's parser (werkzeug) reads a multipart filename back otherwise for a
    backslash, an escaped quote or a line break: the MD5 check had said "not computed"."""
    odd = [
        make_file(tmp_path / name, 1000 + i)
        for i, name in enumerate(("back\\slash.png", "pct%22.png", "new\nline.png"))
    ]
    plain = make_file(tmp_path / "plain.png", 5)
    for path in odd:
        single = client.upload(str(path), "999", "png")
        (stored,) = single.files
        assert stored.file_name != path.name  # the server did read it otherwise
        assert single.hash_matches(stored) is True
        assert single.local_hash(stored) == md5_of(path)
    form = client.upload_form("sandbox", [*odd, plain])
    assert [form.hash_matches(f) for f in form.files] == [True] * 4
