"""Streamed download from the file host (PROTOCOL P6): progress, cancel, MD5 on the way.

Downloads stream (:mod:`workbench.client.download_pipe`: reused buffers, the disk write and MD5
on a writer thread beside the network read) into a temporary file in the destination folder
that is renamed into place only once complete and hash-checked; a cancel, a cut or a wrong hash
leaves no file. A JSON answer instead of the file is read (up to JSON_ERROR_LIMIT) and explained.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import threading
from pathlib import Path

import requests
import urllib3

from workbench.client import errors as E
from workbench.client.download_pipe import DiskWriter, pump
from workbench.client.errors import CancelledByUser, ClientError
from workbench.client.failures import local_file_error, translate
from workbench.client.models import DownloadResult, ExchangeRecord, Progress, safe_text
from workbench.client.transfers import ThrottledProgress, file_answer
from workbench.client.transport import Transport
from workbench.core.request import SignedRequest
from workbench.core.text import Text

JSON_ERROR_LIMIT = 1024 * 1024


def download(
    transport: Transport,
    request: SignedRequest,
    hash_value: str,
    dest: Path,
    progress: Progress | None,
    cancel: threading.Event | None,
    keep_mismatched: bool,
) -> DownloadResult:
    """``request`` from :func:`workbench.core.request.download_request`; the file goes to
    ``dest`` only once complete and its MD5 is ``hash_value`` (or ``keep_mismatched``)."""
    url = request.url
    _refuse_special(dest)  # before the request: nothing is fetched for a name never written
    record, response = transport.send_signed("file", request, stream=True, cancel=cancel)
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
                raise _network_error(exc, record, transport, url) from None
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
        # isascii: "²".isdigit() is True, and int() refuses it
        total = int(length) if length and length.isascii() and length.isdigit() else None
        if response.headers.get("Content-Encoding", "identity").strip().lower() != "identity":
            total = None  # the length of the compressed body, not of the file that is saved
        md5, size = _stream_to(
            dest,
            response,
            record,
            total,
            hash_value,
            progress,
            cancel,
            keep_mismatched,
            transport,
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
    transport: Transport,
    url: str,
) -> tuple[str, int]:
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp_name = _open_part(dest)
    except OSError as exc:
        # the folder when it is the folder that failed, else the file the user named
        where = dest.parent if not dest.parent.is_dir() else dest
        raise local_file_error(exc, where, writing=True, record=record) from None
    tmp = Path(tmp_name)
    throttled = ThrottledProgress(progress, total)
    size = 0
    done = False
    try:
        closed_error: OSError | None = None
        try:
            # unbuffered: the writer thread's pieces go to the disk as they are
            out = os.fdopen(handle, "wb", buffering=0)
        except OSError as exc:
            os.close(handle)
            raise local_file_error(exc, dest, writing=True, record=record) from None
        with contextlib.ExitStack() as closing:
            closing.enter_context(out)
            writer = DiskWriter(out.write)  # writes and hashes on its own thread while we read

            def on_piece(n: int) -> None:
                nonlocal size
                size += n
                throttled(size)
                if cancel is not None and cancel.is_set():
                    raise CancelledByUser(record)

            try:
                pump(response, writer, on_piece)
            except requests.exceptions.RequestException as exc:
                raise _network_error(exc, record, transport, url) from None
            except urllib3.exceptions.HTTPError as exc:  # raw reads: not wrapped by requests
                raise _network_error(exc, record, transport, url) from None
            finally:
                writer.finish()
                # closed here, checked: a full disk often shows only at the close
                try:
                    closing.close()
                except OSError as exc:
                    closed_error = exc
        if writer.error is not None or closed_error is not None:
            error = writer.error or closed_error
            assert error is not None
            raise local_file_error(error, dest, writing=True, record=record) from None
        if total is not None and size != total:
            raise ClientError(
                E.BAD_ANSWER,
                Text(
                    f"The download stopped after {size} of {total} bytes.",
                    f"下载在 {size}/{total} 字节处中断。",
                ),
                record=record,
            )
        digest = writer.md5.hexdigest()
        shown = safe_text(expected, limit=100)  # typed by the user: may hold anything
        if digest.lower() != expected.lower() and not keep_mismatched:
            raise ClientError(
                E.HASH_MISMATCH,
                Text(
                    f"The file that arrived has MD5 {digest}, not the expected {shown}: not saved.",
                    f"收到的文件 MD5 为 {digest}，与期望的 {shown} 不符：未保存。",
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


def _refuse_special(dest: Path) -> None:
    """A folder, device, pipe or socket at ``dest`` is refused before the request: the download
    is renamed into place when complete, which a folder refuses only after the whole file came,
    and which would replace a device with a plain file (run as root, /dev/null itself)."""
    try:
        mode = os.stat(dest).st_mode
    except OSError:  # no such file yet (the usual case), or one the write will explain
        return
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):  # said before the file is fetched, not after it all arrived
        raise local_file_error(
            IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(dest)),
            dest,
            writing=True,
        )
    raise ClientError(
        E.LOCAL_FILE,
        Text(
            f"{dest} is not a regular file (a device or a pipe): choose a file name.",
            f"{dest} 不是普通文件（是设备或管道）：请选择一个文件名。",
        ),
    )


def _network_error(
    exc: BaseException, record: ExchangeRecord, transport: Transport, url: str
) -> ClientError:
    connect_s, read_s = transport.timeouts
    error = translate(  # the file host: one-way TLS (PROTOCOL P8)
        exc,
        url,
        has_client_cert=False,
        connect_s=connect_s,
        read_s=read_s,
        one_way=True,
        proxy=transport.env.proxy,
    )
    error.record = record
    return error


def _open_part(dest: Path) -> tuple[int, str]:
    """A new ``.NAME.XXXXXXXX.part`` file beside ``dest``, open for writing.

    Not ``tempfile.mkstemp``: its files are made 0600, and ``os.replace`` keeps that, so every
    download was readable by its owner only. Created with 0666, the user's umask applies, as it
    does to a file that curl or a browser saves."""
    for _ in range(100):
        # the name's start only: a name near the 255-byte limit must still get its partial file
        stem = dest.name.encode("utf-8", "surrogateescape")[:60].decode("utf-8", "ignore")
        name = str(dest.parent / f".{stem}.{secrets.token_hex(4)}.part")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for the partial download", str(dest))


_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
