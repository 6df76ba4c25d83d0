"""Streamed file transfers with the file host (PROTOCOL P6): progress, cancel, MD5 on the way.

Uploads stream from disk through requests-toolbelt (:mod:`workbench.client.multipart`) in
1 MiB pieces (or, for uploadJson, a JSON body whose base64 is produced chunk by chunk), so
memory stays flat whatever the size; the MD5 is computed from the bytes as they are read for
sending, on the sending thread (on a helper thread it measured no faster: the sandbox's side
is the bound). Downloads are in :mod:`workbench.client.download`. The signed request comes in built
(:mod:`workbench.core.request`) and is sent as it is; the answer check here serves both.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbench.client import answers
from workbench.client import errors as E
from workbench.client.errors import ClientError
from workbench.client.failures import expect_answer, local_file_error
from workbench.client.models import (
    PLATFORM_OK_BUSINESS,
    ExchangeRecord,
    PlatformAnswer,
    Progress,
    UploadResult,
)
from workbench.client.multipart import StreamedMultipart
from workbench.client.transport import Cancelled, Transport
from workbench.core.request import BUSINESS_CONTENT_TYPE, SignedRequest, repeated_file_names
from workbench.core.text import Text, is_utf8

CHUNK = 1024 * 1024
PROGRESS_STEP = 256 * 1024  # ENGINEERING.md: the raw callback fires every 16 KiB; throttle


class HashingReader:
    """A local file read for sending: MD5 on the way, cancel checked on every read."""

    def __init__(self, path: Path, cancel: threading.Event | None) -> None:
        try:
            self._file = open(path, "rb")  # noqa: SIM115 - closed by close()
            self.len = os.fstat(self._file.fileno()).st_size
        except OSError as exc:
            raise local_file_error(exc, path, writing=False) from None
        self.path = path
        # Inline: on upload an overlapped MD5 measured no faster (the sandbox's side is the
        # bound); on download it is (workbench.client.download_pipe).
        self.md5 = hashlib.md5()
        self._cancel = cancel

    def read(self, size: int = -1) -> bytes:
        if self._cancel is not None and self._cancel.is_set():
            raise Cancelled()
        try:
            data = self._file.read(size)
        except OSError as exc:  # a ClientError passes through urllib3 untouched, like Cancelled
            raise local_file_error(exc, self.path, writing=False) from None
        self.md5.update(data)
        self.len -= len(data)  # what is left: the body's total is taken before the first read
        return data

    def close(self) -> None:
        self._file.close()


class ThrottledProgress:
    """Calls ``progress`` at most every PROGRESS_STEP bytes (and at the end), not per read."""

    def __init__(self, progress: Progress | None, total: int | None) -> None:
        self._progress, self.total, self._last = progress, total, -PROGRESS_STEP

    def __call__(self, done: int) -> None:
        if self._progress is None:
            return
        if done - self._last >= PROGRESS_STEP or done == self.total:
            self._last = done
            self._progress(done, self.total)


def file_answer(record: ExchangeRecord) -> PlatformAnswer:
    """The answer of a file call, or the ClientError (60840000 is the only success)."""
    return expect_answer(record, frozenset({PLATFORM_OK_BUSINESS}))


def _multipart_send(
    transport: Transport,
    request: SignedRequest,
    fields: list[tuple[str, Any]],
    readers: list[HashingReader],
    progress: Progress | None,
    cancel: threading.Event | None,
) -> ExchangeRecord:
    """Send ``fields``; every reader is closed when this returns or raises, whatever happened."""
    try:
        throttled = ThrottledProgress(progress, None)
        body = StreamedMultipart(fields, on_read=throttled)
        body_len = throttled.total = body.len
        names = ", ".join(r.path.name for r in readers)
        record, _ = transport.send_signed(
            "file",
            request,
            body=body,
            headers={"Content-Type": body.content_type, "Content-Length": str(body_len)},
            cancel=cancel,
            body_summary=f"multipart/form-data: {names} ({body_len} bytes)",
        )
    finally:
        _close_all(readers)
    return record


def _close_all(readers: list[HashingReader]) -> None:
    for reader in readers:
        reader.close()


def upload(
    transport: Transport,
    request: SignedRequest,
    path: Path,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> UploadResult:
    """``request`` from :func:`workbench.core.request.upload_request`; streams ``path``."""
    reader = HashingReader(path, cancel)
    fields: list[tuple[str, Any]] = [("file", (path.name, reader, "application/octet-stream"))]
    record = _multipart_send(transport, request, fields, [reader], progress, cancel)
    answer = file_answer(record)
    files = answers.uploaded_files(answer, record)
    return UploadResult(record, answer, files, {path.name: reader.md5.hexdigest()})


def _notice_result(record: ExchangeRecord, local: dict[str, str]) -> UploadResult:
    answer = file_answer(record)
    return UploadResult(record, answer, answers.notice_files(answer, record), local)


def refuse_repeated_names(paths: list[Path]) -> None:
    """A ClientError when two of ``paths`` share a file name (PROTOCOL P6: the uploadForm
    answer tells files apart by ``fileName`` only, see
    :func:`workbench.core.request.repeated_file_names`). Nothing is opened or sent."""
    repeated = repeated_file_names([p.name for p in paths])
    if repeated:
        names = ", ".join(repeated)
        raise ClientError(
            E.BAD_INPUT,
            Text(
                f"Not sent: more than one chosen file is named {names}, and the platform's "
                "answer tells files apart only by name; rename one or upload them in "
                "separate calls.",
                f"未发送：所选文件中有多个名为 {names} 的文件，而平台应答只按文件名区分文件；"
                "请重命名其中一个，或分开上传。",
            ),
        )


def refuse_undecodable_names(names: list[str]) -> None:
    """A ClientError when a file name is not valid UTF-8 (bytes the system handed over as lone
    surrogates): the name travels as text (the multipart filename, uploadJson's ``fileName``) and
    could not be encoded. Nothing is opened or sent."""
    for name in names:
        if not is_utf8(name):
            shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            raise ClientError(
                E.BAD_INPUT,
                Text(
                    f"Not sent: the file name {shown} is not valid UTF-8, and the platform "
                    "takes file names as text; rename the file.",
                    f"未发送：文件名 {shown} 不是有效的 UTF-8，而平台以文本接收文件名；"
                    "请重命名该文件。",
                ),
            )


def upload_form(
    transport: Transport,
    request: SignedRequest,
    paths: list[Path],
    biz_content: str | None,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> UploadResult:
    """``request`` from :func:`workbench.core.request.notice_request` (uploadForm)."""
    refuse_repeated_names(paths)
    readers: list[HashingReader] = []
    fields: list[tuple[str, Any]] = []
    try:
        for p in paths:
            readers.append(HashingReader(p, cancel))
            fields.append(("file", (p.name, readers[-1], "application/octet-stream")))
    except ClientError:
        _close_all(readers)
        raise
    if biz_content is not None:
        fields.append(("bizContent", biz_content))
    record = _multipart_send(transport, request, fields, readers, progress, cancel)
    return _notice_result(record, {r.path.name: r.md5.hexdigest() for r in readers})


class JsonFileBody:
    """``{"fileName":..,"bizContent":..,"file":"<base64>"}`` produced while it is sent."""

    def __init__(self, reader: HashingReader, file_name: str, biz_content: str | None) -> None:
        head: dict[str, str] = {"fileName": file_name}
        if biz_content is not None:
            head["bizContent"] = biz_content
        prefix = json.dumps(head, ensure_ascii=False)[:-1] + ', "file": "'
        self._prefix, self._suffix = prefix.encode("utf-8"), b'"}'
        size = reader.len
        self.len = len(self._prefix) + 4 * ((size + 2) // 3) + len(self._suffix)
        self._chunks = self._generate(reader)
        self._buffer = b""

    def _generate(self, reader: HashingReader) -> Iterator[bytes]:
        yield self._prefix
        while chunk := reader.read(3 * 256 * 1024):  # multiple of 3: base64 joins cleanly
            yield base64.b64encode(chunk)
        yield self._suffix

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        if size < 0:
            size = len(self._buffer)
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        self.len -= len(data)
        return data


def upload_json(
    transport: Transport,
    request: SignedRequest,
    path: Path,
    file_name: str | None,
    biz_content: str | None,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> UploadResult:
    """``request`` from :func:`workbench.core.request.notice_request` (uploadJson)."""
    reader = HashingReader(path, cancel)
    name = file_name or path.name
    try:
        body = JsonFileBody(reader, name, biz_content)
        total = body.len
        throttled = ThrottledProgress(progress, total)

        class _Counting:  # progress for the JSON body
            len = total

            def read(self, size: int = -1) -> bytes:
                data = body.read(size)
                self.len = body.len
                throttled(total - body.len)
                return data

        record, _ = transport.send_signed(
            "file",
            request,
            body=_Counting(),
            headers={"Content-Type": BUSINESS_CONTENT_TYPE, "Content-Length": str(total)},
            cancel=cancel,
            body_summary=f"application/json: {name} as base64 ({total} bytes)",
        )
    finally:
        reader.close()
    return _notice_result(record, {name: reader.md5.hexdigest()})
