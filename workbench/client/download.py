"""Streamed download from the file host (PROTOCOL P6): progress, cancel, MD5 on the way.

Downloads stream with ``iter_content(1 MiB)`` into a temporary file in the destination folder
that is renamed into place only once complete and hash-checked; a cancel, a cut or a wrong hash
leaves no file. A JSON answer instead of the file is read (up to JSON_ERROR_LIMIT) and explained.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import requests
import urllib3

from workbench.client import errors as E
from workbench.client.errors import CancelledByUser, ClientError
from workbench.client.failures import local_file_error, translate
from workbench.client.hashing import OverlappedMd5
from workbench.client.models import DownloadResult, ExchangeRecord
from workbench.client.transfers import CHUNK, ThrottledProgress, file_answer, signed_file_query
from workbench.core.text import Text

if TYPE_CHECKING:
    from workbench.client.platform import PlatformClient, Progress

JSON_ERROR_LIMIT = 1024 * 1024


def download(
    client: PlatformClient,
    file_id: str,
    hash_value: str,
    dest: Path,
    content_type: str,
    type_in_sign: bool,
    progress: Progress | None,
    cancel: threading.Event | None,
    keep_mismatched: bool,
) -> DownloadResult:
    query, sign, nonce = signed_file_query(
        client,
        client.env.file_version,
        type_in_sign,
        cancel,
        [("fileId", file_id), ("hashValue", hash_value), ("contentType", content_type)],
    )
    url = f"{client._base('file')}/api/s/up/download?{query}"
    record, response = client.send(
        "file", "GET", url, sign=sign, nonce=nonce, stream=True, cancel=cancel
    )
    assert record.response is not None
    try:
        got_type = response.headers.get("Content-Type", "")
        if response.status_code != 200 or "application/json" in got_type.lower():
            try:
                record.response.body = response.raw.read(JSON_ERROR_LIMIT, decode_content=True)
            except (
                requests.exceptions.RequestException,
                urllib3.exceptions.HTTPError,  # raw reads are not wrapped by requests
                OSError,
            ) as exc:
                raise _network_error(exc, record, client, url) from None
            file_answer(record)  # raises for an error answer
            raise ClientError(
                E.BAD_ANSWER,
                Text(
                    "The platform answered JSON instead of the file.",
                    "平台返回了 JSON 而不是文件。",
                ),
                record=record,
            )
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        md5, size = _stream_to(
            dest,
            response,
            record,
            total,
            hash_value,
            progress,
            cancel,
            keep_mismatched,
            client,
            url,
        )
    finally:
        response.close()
    return DownloadResult(record, str(dest), size, md5, hash_value, got_type)


def _stream_to(
    dest: Path,
    response: requests.Response,
    record: ExchangeRecord,
    total: int | None,
    expected: str,
    progress: Progress | None,
    cancel: threading.Event | None,
    keep_mismatched: bool,
    client: PlatformClient,
    url: str,
) -> tuple[str, int]:
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp_name = tempfile.mkstemp(
            dir=dest.parent, prefix=f".{dest.name}.", suffix=".part"
        )
    except OSError as exc:
        raise local_file_error(exc, dest.parent, writing=True, record=record) from None
    tmp = Path(tmp_name)
    md5, size = OverlappedMd5(), 0
    throttled = ThrottledProgress(progress, total)
    done = False
    try:
        try:
            # The close is inside the try: a full disk often shows only when the buffer is
            # flushed there, not at the write.
            with os.fdopen(handle, "wb") as out:
                for chunk in response.iter_content(CHUNK):
                    if cancel is not None and cancel.is_set():
                        raise CancelledByUser(record)
                    out.write(chunk)
                    md5.update(chunk)
                    size += len(chunk)
                    throttled(size)
        except requests.exceptions.RequestException as exc:
            raise _network_error(exc, record, client, url) from None
        except OSError as exc:
            if isinstance(exc, ConnectionError):  # the socket, not the disk
                raise _network_error(exc, record, client, url) from None
            raise local_file_error(exc, dest, writing=True, record=record) from None
        if total is not None and size != total:
            raise ClientError(
                E.BAD_ANSWER,
                Text(
                    f"The download stopped after {size} of {total} bytes.",
                    f"下载在 {size}/{total} 字节处中断。",
                ),
                record=record,
            )
        digest = md5.hexdigest()
        if digest.lower() != expected.lower() and not keep_mismatched:
            raise ClientError(
                E.HASH_MISMATCH,
                Text(
                    f"The file that arrived has MD5 {digest}, not the expected {expected}: "
                    "not saved.",
                    f"收到的文件 MD5 为 {digest},与期望的 {expected} 不符:未保存。",
                ),
                record=record,
            )
        try:
            os.replace(tmp, dest)
        except OSError as exc:  # dest is a folder, or not writable
            raise local_file_error(exc, dest, writing=True, record=record) from None
        done = True
        return digest, size
    finally:
        if not done:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


def _network_error(
    exc: BaseException, record: ExchangeRecord, client: PlatformClient, url: str
) -> ClientError:
    error = translate(
        exc, url, has_client_cert=False, connect_s=client.timeouts[0], read_s=client.timeouts[1]
    )
    error.record = record
    return error
