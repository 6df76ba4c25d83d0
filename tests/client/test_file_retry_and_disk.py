"""File calls: the ticket refresh and retry of PROTOCOL P5, and local disk failures in words."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from workbench.client import errors as E
from workbench.client.errors import ClientError
from workbench.client.failures import local_file_error
from workbench.client.platform import PlatformClient
from workbench.sandbox import Sandbox


def make_file(path: Path, size: int) -> Path:
    path.write_bytes(os.urandom(size))
    return path


def kick_out(client: PlatformClient, account: Any, sandbox: Sandbox) -> None:
    """Our sign ticket gets replaced by another system's and its 5-minute overlap ends (P3)."""
    client.fetch_tickets(["sign"])
    other = PlatformClient(account.env, account.secrets, clock=sandbox.clock)
    other.fetch_tickets(["sign"])
    other.close()
    sandbox.advance_clock(301)


def test_upload_and_download_refresh_a_kicked_out_ticket_and_retry(
    client: PlatformClient, account: Any, sandbox: Sandbox, tmp_path: Path
) -> None:
    src = make_file(tmp_path / "big.zip", 3 * 1024 * 1024 + 5)
    kick_out(client, account, sandbox)
    up = client.upload(src, "008", "zip")
    assert up.retried and up.first_answer is not None
    assert up.first_answer.code in ("60841017", "60841018")
    assert up.first_record is not None and up.first_record is not up.record
    assert up.hash_matches(up.files[0])
    kick_out(client, account, sandbox)
    dest = tmp_path / "back.zip"
    down = client.download(up.files[0].file_id, up.files[0].hash_value, dest)
    assert down.retried and down.first_answer is not None
    assert dest.read_bytes() == src.read_bytes()


def test_upload_form_retry_and_no_retry_with_a_pasted_ticket(
    client: PlatformClient, account: Any, sandbox: Sandbox, tmp_path: Path
) -> None:
    src = make_file(tmp_path / "a.pdf", 2000)
    kick_out(client, account, sandbox)
    result = client.upload_form("sandbox", [src])
    assert result.retried and result.files[0].hash_value
    client.book.paste("sign_ticket", "c" * 64, 3600)
    with pytest.raises(ClientError) as info:
        client.upload_json("sandbox", src)
    assert info.value.answer is not None and info.value.answer.code == "60841018"
    assert "refreshed" not in info.value.text.en  # a pasted ticket is the user's to replace


def test_upload_of_a_folder_or_a_missing_file_says_so(
    client: PlatformClient, tmp_path: Path
) -> None:
    with pytest.raises(ClientError) as info:
        client.upload(tmp_path, "999", "zip")
    assert info.value.kind == E.LOCAL_FILE and "is a folder" in info.value.text.en
    with pytest.raises(ClientError) as info:
        client.upload(tmp_path / "gone.zip", "999", "zip")
    assert "does not exist" in info.value.text.en and "不存在" in info.value.text.zh


def test_download_onto_a_folder_says_so_and_leaves_nothing(
    client: PlatformClient, tmp_path: Path
) -> None:
    src = make_file(tmp_path / "a.bin", 5000)
    up = client.upload(src, "999", "zip")
    dest = tmp_path / "out"
    (dest / "inside").mkdir(parents=True)
    with pytest.raises(ClientError) as info:
        client.download(up.files[0].file_id, up.files[0].hash_value, dest)
    assert info.value.kind == E.LOCAL_FILE and "is a folder" in info.value.text.en
    assert info.value.record is None  # refused before the file was asked for (fetched whole)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert [p.name for p in dest.iterdir()] == ["inside"]


class _FullDisk:
    """A file that takes 1 MiB and then reports a full disk, as a real one would."""

    def __init__(self, real: Any) -> None:
        self._real, self._written = real, 0

    def write(self, data: bytes) -> int:
        if self._written + len(data) > 1024 * 1024:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._written += len(data)
        return int(self._real.write(data))

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()


def test_download_to_a_full_disk_says_the_disk_is_full(
    client: PlatformClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = make_file(tmp_path / "a.bin", 3 * 1024 * 1024)
    up = client.upload(src, "999", "zip")
    real_fdopen = os.fdopen
    monkeypatch.setattr(
        os, "fdopen", lambda fd, mode="r", *a, **k: _FullDisk(real_fdopen(fd, mode))
    )
    dest = tmp_path / "out" / "copy.bin"
    with pytest.raises(ClientError) as info:
        client.download(up.files[0].file_id, up.files[0].hash_value, dest)
    monkeypatch.undo()
    assert info.value.kind == E.LOCAL_FILE
    assert info.value.text.en.startswith("The disk is full")
    assert info.value.text.zh.startswith("磁盘已满")
    assert "No space left" in info.value.detail
    assert list(dest.parent.iterdir()) == []  # the partial file is gone


@pytest.mark.parametrize(
    ("code", "en", "zh"),
    [
        (errno.ENOSPC, "The disk is full", "磁盘已满"),
        (errno.EDQUOT, "quota", "配额"),
        (errno.EACCES, "No permission to write", "没有写入"),
        (errno.EPERM, "No permission to write", "权限"),
        (errno.EROFS, "read-only disk", "只读磁盘"),
        (errno.EIO, "input/output error", "输入/输出错误"),
        (errno.EMLINK, "Cannot write /x/y.bin: ", "无法写入 /x/y.bin"),
    ],
)
def test_each_disk_failure_has_its_own_sentence(code: int, en: str, zh: str) -> None:
    error = local_file_error(OSError(code, os.strerror(code)), "/x/y.bin", writing=True)
    assert en in error.text.en and zh in error.text.zh
    assert "/x/y.bin" in error.text.en and "/x/y.bin" in error.text.zh
    assert error.kind == E.LOCAL_FILE and os.strerror(code) in error.detail


def test_chinese_file_names_and_biz_content_arrive_as_sent(
    client: PlatformClient, tmp_path: Path
) -> None:
    a = make_file(tmp_path / "身份证 正面.jpg", 1024 * 1024 + 3)
    b = make_file(tmp_path / "合同.pdf", 10)
    up = client.upload(a, "001", "jpg")
    assert up.files[0].file_name == "身份证 正面.jpg" and up.hash_matches(up.files[0])
    form = client.upload_form("sandbox", [a, b], biz_content='{"说明": "两个文件"}')
    assert [f.file_name for f in form.files] == ["身份证 正面.jpg", "合同.pdf"]
    assert all(form.hash_matches(f) for f in form.files)
