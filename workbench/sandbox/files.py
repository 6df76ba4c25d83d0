"""The file host of the sandbox: upload, download and upload-with-notice (PROTOCOL P6).

Files are streamed to the state folder (``files/``) while their MD5 is computed: a multipart
upload never sits whole in memory, whatever its size (werkzeug's multipart parser hands over
chunks, and :class:`HashingSpool` writes them straight to disk). ``uploadJson`` carries the file
as base64 inside JSON and is parsed in memory, so its body is limited to 64 MB (HTTP 413 above).

Decisions (besides those of :mod:`workbench.sandbox.api`, which apply to app_id, nonce and sign):

| situation | answer |
|---|---|
| any path other than the four below | 60840110 |
| version other than 1.0.0 (upload/download) or 2.0.0 (uploadJson/uploadForm) | 60840002 |
| sign inputs | see below |
| upload: fileType not in the P6 dictionary, fileFormat empty or not ASCII alphanumeric | 60840002 |
| uploadJson: a bizContent that is not JSON text (uploadForm's is the business's own) | 60840002 |
| download: contentType not an ASCII type/subtype (it becomes a header) | 60840002 (JSON) |
| upload: no ``file`` part; uploadForm: no ``file`` part | 60840002 |
| uploadJson: not JSON, ``file`` not base64, ``fileName`` missing | 60840002 |
| uploadJson over 64 MB; upload/uploadForm over 2 GB; GET with a body over 64 KB | HTTP 413 |
| broken framing: bad chunking, short body, odd Transfer-Encoding | HTTP 400 |
| download: fileId or hashValue missing | 60840002 (JSON, application/json) |
| download: unknown fileId, or a file of another app_id | 60840002 "文件不存在" (JSON) |
| download: hashValue is not the file's MD5 | 60840002 "hashValue 不匹配" (JSON) |
| download: bad sign / no ticket | 60841018 / 60841017 (JSON) |
| download: fine | the bytes, Content-Type = ``contentType`` (default image/jpeg) |

Sign inputs: app_id, version, nonce, the ticket, and ``type`` when the URL has it. When the URL
carries ``type=sign`` the sign is accepted with or without ``type`` among its inputs (the guide
is unclear, PROTOCOL P6); another ``type`` value must be signed. File bytes and the uploadJson
body are never signed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from werkzeug.wrappers import Request, Response

import workbench.sandbox.common as common
from workbench.core import http_body
from workbench.core.sign import request_values
from workbench.sandbox.common import UPLOAD_JSON_LIMIT, parse_body_json
from workbench.sandbox.state import LogEntry, SandboxState

FILE_VERSION = "1.0.0"
NOTICE_VERSION = "2.0.0"
FILE_TYPES = ("001", "002", "003", "004", "005", "006", "007", "008", "999")  # PROTOCOL P6
CHUNK = 1024 * 1024
NOTICE_PATH = re.compile(r"^/up/s/(.+)/(uploadJson|uploadForm)$")


class HashingSpool:
    """A file being received: written to disk as it arrives, MD5 computed on the way."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / f"incoming-{secrets.token_hex(8)}.part"
        self._file: IO[bytes] = open(self.path, "w+b")  # noqa: SIM115 - closed by the store
        self.md5 = hashlib.md5()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.md5.update(data)
        self.size += len(data)
        return self._file.write(data)

    def __getattr__(self, name: str) -> Any:  # read, readline, seek, close ... for FileStorage
        return getattr(self._file, name)

    def discard(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)


class SpoolingRequest(Request):
    """A request whose uploaded files go straight to the sandbox's folder."""

    incoming: Path
    spools: list[HashingSpool]

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> IO[bytes]:
        spool = HashingSpool(self.incoming)
        self.spools.append(spool)
        return spool  # type: ignore[return-value]


class FileStore:
    """Stored files: ``<id>.bin`` with ``<id>.json`` beside it (name, MD5, size, app_id)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("incoming-*.part"):
            stale.unlink(missing_ok=True)

    def keep(self, spool: HashingSpool, name: str, app_id: str) -> dict[str, str]:
        file_id = "97" + "".join(secrets.choice("0123456789") for _ in range(52))
        spool.flush()
        spool.close()
        spool.path.replace(self.folder / f"{file_id}.bin")
        md5 = spool.md5.hexdigest()
        meta = {"name": name, "md5": md5, "size": spool.size, "app_id": app_id}
        (self.folder / f"{file_id}.json").write_text(json.dumps(meta), "utf-8")
        return {"id": file_id, "name": name, "md5": md5}

    def meta(self, file_id: str) -> dict[str, Any] | None:
        if not file_id.isdigit():
            return None
        try:
            data = json.loads((self.folder / f"{file_id}.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def open(self, file_id: str) -> IO[bytes]:
        return open(self.folder / f"{file_id}.bin", "rb")


class FileHost:
    def __init__(self, state: SandboxState, store: FileStore) -> None:
        self.state = state
        self.store = store

    def _answer(self, log: LogEntry, code: str, detail: str = "", **kw: Any) -> Response:
        return common.platform_answer(log, self.state.clock.now_ms(), code, detail, **kw)

    def handle(self, request: SpoolingRequest, log: LogEntry) -> Response:
        path = request.path
        request.incoming = self.store.folder
        request.spools = []
        try:
            if path == "/api/s/up/upload":
                return self._guarded(request, log, "POST", FILE_VERSION, self._upload)
            if path == "/api/s/up/download":
                return self._guarded(request, log, "GET", FILE_VERSION, self._download)
            match = NOTICE_PATH.match(path)
            if match and match.group(1) in self.state.biz_paths:
                handler = self._upload_json if match.group(2) == "uploadJson" else self._upload_form
                return self._guarded(request, log, "POST", NOTICE_VERSION, handler)
            return self._answer(log, "60840110", f"未知路径 unknown path {path}", business=True)
        finally:
            for spool in request.spools:  # whatever was not kept: a failed or refused upload
                if spool.path.exists():
                    spool.discard()

    def _guarded(
        self, request: SpoolingRequest, log: LogEntry, method: str, version: str, handler: Any
    ) -> Response:
        """The checks every file call shares: method, parameters, nonce, app_id, sign."""
        q = request.args.to_dict()

        def fail(c: str, detail: str = "") -> Response:
            return self._answer(log, c, detail, business=True)

        acc = common.signed_call_account(q, request.method, method, version, self.state, fail)
        if isinstance(acc, Response):
            return acc
        base = dict(app_id=q["app_id"], version=q["version"], nonce=q["nonce"], ticket="")
        given_type = q.get("type")
        variants = [request_values(**base, type=given_type)[:-1]]
        if given_type == "sign":  # PROTOCOL P6: with or without type, see the table
            variants.append(request_values(**base)[:-1])
        refused = common.refuse_sign(q, acc, variants, self.state, log, fail)
        if refused is not None:
            return refused
        response: Response = handler(request, log, q)
        return response

    def _upload(self, request: SpoolingRequest, log: LogEntry, q: dict[str, str]) -> Response:
        if q.get("fileType") not in FILE_TYPES:
            return self._answer(log, "60840002", "fileType 不在字典中", business=True)
        file_format = q.get("fileFormat", "")
        if not (file_format.isascii() and file_format.isalnum()):  # "图片".isalnum() is True
            return self._answer(log, "60840002", "fileFormat 缺失或不合法", business=True)
        stored = self._keep_parts(request, q["app_id"])
        if not stored:
            return self._answer(log, "60840002", "缺少 file 部分 no file part", business=True)
        files = [
            {"HASH_VALUE": s["md5"], "FILE_ID": s["id"], "FILE_NAME": s["name"]} for s in stored
        ]
        json_data = {"CODE": "60840000", "FILE_LIST": files, "DESC": "系统处理成功"}
        return self._answer(
            log, "60840000", business=True, jsonData=json.dumps(json_data, ensure_ascii=False)
        )

    def _keep_parts(self, request: SpoolingRequest, app_id: str) -> list[dict[str, str]]:
        stored = []
        for storage in request.files.getlist("file"):
            spool = storage.stream
            if isinstance(spool, HashingSpool):
                stored.append(self.store.keep(spool, storage.filename or "file", app_id))
        return stored

    def _upload_form(self, request: SpoolingRequest, log: LogEntry, q: dict[str, str]) -> Response:
        stored = self._keep_parts(request, q["app_id"])
        if not stored:
            return self._answer(log, "60840002", "缺少 file 部分 no file part", business=True)
        return self._notice_answer(log, stored, request.form.get("bizContent"))

    def _upload_json(self, request: SpoolingRequest, log: LogEntry, q: dict[str, str]) -> Response:
        raw = http_body.read_body(request.environ, UPLOAD_JSON_LIMIT)  # over it: HTTP 413
        try:
            data, why = parse_body_json(raw.decode("utf-8"))  # a lone surrogate: refused here
            if why:
                raise ValueError(why)
            name = data["fileName"]
            content = base64.b64decode(data["file"], validate=True)
            biz = data.get("bizContent")
            bad_biz = biz is not None and not isinstance(biz, str)
            if not isinstance(name, str) or not name or bad_biz:
                raise ValueError("fields")
        except (ValueError, KeyError, TypeError, binascii.Error, RecursionError):
            return self._answer(log, "60840002", "需要 JSON: file(base64), fileName", business=True)
        spool = HashingSpool(self.store.folder)
        request.spools.append(spool)
        spool.write(content)
        stored = [self.store.keep(spool, name, q["app_id"])]
        if biz:  # uploadJson's bizContent is a JSON string (guide 4.5.3's uploadJson table)
            _parsed, why = parse_body_json(biz)
            if why:
                return self._answer(
                    log, "60840002", "bizContent 应为 JSON 字符串 bizContent must be JSON",
                    business=True,
                )  # fmt: skip
        return self._notice_answer(log, stored, biz)

    def _notice_answer(
        self, log: LogEntry, stored: list[dict[str, str]], biz: str | None
    ) -> Response:
        file_list = [
            {"fileName": s["name"], "fileId": s["id"], "hashValue": s["md5"]} for s in stored
        ]
        log.note = f"bizContent {'received' if biz else 'absent'}"
        return self._answer(log, "60840000", business=True, fileList=file_list)

    def _download(self, request: SpoolingRequest, log: LogEntry, q: dict[str, str]) -> Response:
        absent = common.missing(q, ("fileId", "hashValue"))
        if absent:
            return self._answer(log, "60840002", f"缺少参数 missing {absent}", business=True)
        meta = self.store.meta(q["fileId"])
        if meta is None or meta.get("app_id") != q["app_id"]:
            return self._answer(log, "60840002", "文件不存在 unknown fileId", business=True)
        if q["hashValue"].lower() != str(meta.get("md5", "")).lower():
            return self._answer(log, "60840002", "hashValue 不匹配 wrong hashValue", business=True)
        content_type = q.get("contentType") or "image/jpeg"
        if not _CONTENT_TYPE.fullmatch(content_type):  # a header value: type/subtype, ASCII
            return self._answer(
                log, "60840002", "contentType 不合法 contentType must be type/subtype",
                business=True,
            )  # fmt: skip
        handle = self.store.open(q["fileId"])
        log.code, log.msg = "", f"file {meta.get('size')} bytes"
        return Response(
            _chunks(handle),
            content_type=content_type,
            direct_passthrough=True,
            headers={"Content-Length": str(meta.get("size", 0))},
        )


# RFC 6838 type/subtype names, with parameters (image/jpeg; charset=...): no control characters
_CONTENT_TYPE = re.compile(
    r"[A-Za-z0-9!#$%&'*+.^_`|~-]+/[A-Za-z0-9!#$%&'*+.^_`|~-]+(?:\s*;[ -~]*)?"
)  # HTTP token characters (java/* included)


def _chunks(handle: IO[bytes]) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(CHUNK):
            yield chunk
