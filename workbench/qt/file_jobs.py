"""The Files tab's jobs: plain functions that run on the transfer queue, never on the GUI thread.

They hold the few disk touches the panel needs around the client's streamed transfers (a stat
before and after an upload, to notice a file that changed while it was sent; a scaled image
preview) and turn local OS failures into sentences. Bytes are never read here: the client
streams them and computes the MD5 as they pass (PROTOCOL P6).
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageReader

from workbench.client.errors import CANCELLED, LOCAL_FILE, ClientError
from workbench.client.models import DownloadResult, UploadResult
from workbench.core.os_errors import os_reason
from workbench.core.text import Text

Ctx = Any  # workbench.qt.workers.TaskContext (kept loose: tests pass a stand-in)
_ERRNO = re.compile(r"\[Errno (\d+)\]")


@dataclass(frozen=True)
class LocalFile:
    """A file as the panel saw it before sending: what it checks again afterwards."""

    path: str
    size: int
    mtime_ns: int

    @property
    def name(self) -> str:
        return Path(self.path).name


@dataclass(frozen=True)
class Progress:
    """One progress report of a batch: file ``index`` of ``count``, bytes of that file."""

    index: int
    count: int
    name: str
    done: int
    total: int | None


@dataclass
class FileOutcome:
    local: LocalFile
    result: UploadResult | None = None
    error: ClientError | None = None
    changed: bool = False  # size or mtime differed after the upload


@dataclass
class BatchOutcome:
    outcomes: list[FileOutcome] = field(default_factory=list)
    cancelled: bool = False


def local_file_error(exc: OSError, path: str | os.PathLike[str]) -> ClientError:
    """A plain sentence for a local file failure, by errno (never a traceback)."""
    name = str(path)
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        text = Text(
            f"Cannot read or write {name}: permission denied.", f"无法读写 {name}：没有权限。"
        )
    elif code == errno.ENOENT:
        text = Text(
            f"{name} does not exist (moved or deleted?).", f"{name} 不存在（已移动或删除？）。"
        )
    elif code == errno.EISDIR:
        text = Text(f"{name} is a folder, not a file.", f"{name} 是文件夹，不是文件。")
    elif code in (errno.ENOSPC, errno.EDQUOT):
        text = Text(
            f"The disk is full: {name} could not be written. Free some space and retry; "
            "nothing was left under the final name.",
            f"磁盘已满，无法写入 {name}。请清理空间后重试；最终文件名下未留下残缺文件。",
        )
    elif code == errno.EROFS:
        text = Text(f"{name} is on a read-only disk.", f"{name} 所在的磁盘是只读的。")
    else:
        reason = os_reason(exc)
        text = Text(f"{name}: {reason.en}.", f"{name}：{reason.zh}。")
    return ClientError(LOCAL_FILE, text, detail=repr(exc))


def stat_file(path: str) -> LocalFile:
    """Stat ``path`` and check it opens for reading (an unreadable file fails here, early)."""
    try:
        st = os.stat(path)
        if not os.path.isfile(path):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        with open(path, "rb"):  # opens only: a permission problem shows before any byte is sent
            pass
    except OSError as exc:
        raise local_file_error(exc, path) from exc
    return LocalFile(path=path, size=st.st_size, mtime_ns=st.st_mtime_ns)


def stat_files(paths: Sequence[str]) -> list[tuple[str, LocalFile | None, ClientError | None]]:
    out: list[tuple[str, LocalFile | None, ClientError | None]] = []
    for p in paths:
        try:
            out.append((p, stat_file(p), None))
        except ClientError as exc:
            out.append((p, None, exc))
    return out


def changed_since(local: LocalFile) -> bool:
    try:
        st = os.stat(local.path)
    except OSError:
        return True
    return st.st_size != local.size or st.st_mtime_ns != local.mtime_ns


def _reporter(ctx: Ctx, index: int, count: int, name: str) -> Callable[[int, int | None], None]:
    def report(done: int, total: int | None) -> None:
        ctx.progress(Progress(index, count, name, done, total))

    return report


def upload_batch(
    client: Any,
    paths: Sequence[str],
    file_type: str,
    file_format: Callable[[str], str],
    type_in_sign: bool,
    ctx: Ctx,
) -> BatchOutcome:
    """Upload ``paths`` one after the other (PROTOCOL P6 upload takes one file per call).

    A failed file does not stop the batch; a cancel does (and what was done is kept).
    """
    batch = BatchOutcome()
    for i, path in enumerate(paths):
        if ctx.cancel_event.is_set():
            batch.cancelled = True
            break
        try:
            local = stat_file(path)
        except ClientError as exc:
            batch.outcomes.append(FileOutcome(LocalFile(path, -1, 0), error=exc))
            continue
        outcome = FileOutcome(local)
        try:
            outcome.result = client.upload(
                path,
                file_type,
                file_format(path),
                type_in_sign=type_in_sign,
                progress=_reporter(ctx, i, len(paths), local.name),
                cancel=ctx.cancel_event,
            )
        except ClientError as exc:
            if exc.kind == CANCELLED:
                batch.cancelled = True
                break
            outcome.error = exc
        except OSError as exc:
            outcome.error = local_file_error(exc, path)
        outcome.changed = changed_since(local)
        batch.outcomes.append(outcome)
    return batch


def upload_notice(
    client: Any,
    mode: str,
    biz_path: str,
    paths: Sequence[str],
    biz_content: str | None,
    ctx: Ctx,
    *,
    file_type: str = "",
    file_format: Callable[[str], str] | None = None,
) -> tuple[UploadResult, list[LocalFile], bool]:
    """uploadJson (one file) or uploadForm (several) (PROTOCOL P6, upload with notice).

    ``fileType`` and ``fileFormat`` go in the URL (guide 4.5.3): one call, so one format (the
    first file's; several files of different formats are sent with it).
    """
    locals_ = [stat_file(p) for p in paths]
    report = _reporter(ctx, 0, 1, ", ".join(lf.name for lf in locals_))
    url_params = {
        "file_type": file_type,
        "file_format": file_format(paths[0]) if file_format else "",
    }
    try:
        if mode == "json":
            result = client.upload_json(
                biz_path,
                paths[0],
                biz_content=biz_content,
                progress=report,
                cancel=ctx.cancel_event,
                **url_params,
            )
        else:
            result = client.upload_form(
                biz_path,
                list(paths),
                biz_content=biz_content,
                progress=report,
                cancel=ctx.cancel_event,
                **url_params,
            )
    except OSError as exc:
        raise local_file_error(exc, paths[0]) from exc
    return result, locals_, any(changed_since(lf) for lf in locals_)


def download(
    client: Any,
    file_id: str,
    hash_value: str,
    dest: str,
    content_type: str,
    type_in_sign: bool,
    ctx: Ctx,
) -> DownloadResult:
    """Stream a file to ``dest`` (the client writes a temp file and renames it when complete)."""
    try:
        Path(dest).parent.mkdir(parents=True, exist_ok=True)  # e.g. ~/Downloads on a fresh box
        return client.download(
            file_id,
            hash_value,
            dest,
            content_type=content_type,
            type_in_sign=type_in_sign,
            progress=_reporter(ctx, 0, 1, Path(dest).name),
            cancel=ctx.cancel_event,
        )
    except OSError as exc:
        raise local_file_error(exc, dest) from exc
    except ClientError as exc:
        raise sharpen_local_error(exc, dest) from None


def sharpen_local_error(exc: ClientError, path: str) -> ClientError:
    """The client says "Cannot write X." and keeps the OS message in ``detail``; when that holds
    an errno (``[Errno 28] No space left on device``), say what it means (disk full, ...)."""
    match = _ERRNO.search(exc.detail or "")
    if exc.kind != LOCAL_FILE or match is None:
        return exc
    code = int(match.group(1))
    better = local_file_error(OSError(code, os.strerror(code)), path)
    better.record, better.detail = exc.record, exc.detail
    return better


def load_preview(path: str, max_side: int) -> QImage | None:
    """The image scaled to fit ``max_side``, or ``None`` when it is not an image Qt reads.

    QImage (not QPixmap) is safe off the GUI thread; the slot turns it into a pixmap.
    """
    reader = QImageReader(path)
    if not reader.canRead():
        return None
    size = reader.size()
    if size.isValid() and (size.width() > max_side or size.height() > max_side):
        reader.setScaledSize(
            size.scaled(QSize(max_side, max_side), Qt.AspectRatioMode.KeepAspectRatio)
        )
    image = reader.read()
    return None if image.isNull() else image
