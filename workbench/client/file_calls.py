"""The file calls of :class:`~workbench.client.platform.PlatformClient` (PROTOCOL P6).

A mixin so that ``platform.py`` keeps the credential and business calls and this module the
file host's: the streaming itself is in :mod:`workbench.client.transfers`; what lives here is
the public signature of each call, the sign ticket they need, and the refresh-and-retry-once of
PROTOCOL P5, which applies to every signed call.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from workbench.client import download as file_download
from workbench.client import errors as E
from workbench.client import transfers
from workbench.client.book import CredentialBook
from workbench.client.errors import ClientError
from workbench.client.models import TICKET_RETRY_CODES, DownloadResult, UploadResult
from workbench.core.credentials import KIND_SIGN_TICKET, Credential
from workbench.core.text import Text

if TYPE_CHECKING:
    from workbench.client.models import CredentialResult
    from workbench.client.platform import PlatformClient, Progress

_R = TypeVar("_R", UploadResult, DownloadResult)


class FileCalls:
    """Mixed into PlatformClient; relies on its ``book``, ``auto_fetch`` and ``fetch_tickets``."""

    book: CredentialBook
    auto_fetch: bool

    if TYPE_CHECKING:

        def fetch_tickets(
            self, types: Sequence[str] = ..., *, cancel: threading.Event | None = ...
        ) -> CredentialResult: ...

    @property
    def _client(self) -> PlatformClient:
        return cast("PlatformClient", self)

    def upload(
        self,
        path: str | Path,
        file_type: str,
        file_format: str,
        type_in_sign: bool = True,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> UploadResult:
        return self._retrying_file_call(
            cancel,
            lambda: transfers.upload(
                self._client, Path(path), file_type, file_format, type_in_sign, progress, cancel
            ),
        )

    def download(
        self,
        file_id: str,
        hash_value: str,
        dest_path: str | Path,
        content_type: str = "image/jpeg",
        type_in_sign: bool = True,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        keep_mismatched: bool = False,
    ) -> DownloadResult:
        return self._retrying_file_call(
            cancel,
            lambda: file_download.download(
                self._client,
                file_id,
                hash_value,
                Path(dest_path),
                content_type,
                type_in_sign,
                progress,
                cancel,
                keep_mismatched,
            ),
        )

    def upload_json(
        self,
        biz_path: str,
        path: str | Path,
        file_name: str | None = None,
        biz_content: str | None = None,
        type_in_sign: bool = True,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> UploadResult:
        return self._retrying_file_call(
            cancel,
            lambda: transfers.upload_json(
                self._client,
                biz_path,
                Path(path),
                file_name,
                biz_content,
                type_in_sign,
                progress,
                cancel,
            ),
        )

    def upload_form(
        self,
        biz_path: str,
        paths: Sequence[str | Path],
        biz_content: str | None = None,
        type_in_sign: bool = True,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> UploadResult:
        return self._retrying_file_call(
            cancel,
            lambda: transfers.upload_form(
                self._client,
                biz_path,
                [Path(p) for p in paths],
                biz_content,
                type_in_sign,
                progress,
                cancel,
            ),
        )

    def _retrying_file_call(self, cancel: threading.Event | None, run: Callable[[], _R]) -> _R:
        """``run`` once more after a ticket refresh on 60841017/60841018 (PROTOCOL P5).

        Why here and not per call: the rule is the same for the four file calls, and so is the
        exception to it (a pasted ticket, or ``auto_fetch`` off, is the user's to replace).
        """
        try:
            return run()
        except ClientError as exc:
            answer = exc.answer
            current = self.book.snapshot().sign_ticket
            if (
                exc.kind != E.PLATFORM
                or answer is None
                or answer.code not in TICKET_RETRY_CODES
                or not self.auto_fetch
                or (current is not None and current.pasted)
            ):
                raise
            first, first_code = exc, answer.code
        self.fetch_tickets(["sign"], cancel=cancel)
        try:
            result = run()
        except ClientError as exc:
            exc.text = Text(
                f"{exc.text.en} (The sign ticket was refreshed after {first_code} and "
                "the file call sent once more.)",
                f"{exc.text.zh}(已在 {first_code} 后刷新签名票据并重发一次。)",
            )
            raise
        result.retried = True
        result.first_record = first.record
        result.first_answer = first.answer
        return result

    def file_ticket(self, cancel: threading.Event | None) -> Credential:
        ticket = self.book.usable(KIND_SIGN_TICKET)
        if ticket is None and self.auto_fetch:
            self.fetch_tickets(["sign"], cancel=cancel)
            ticket = self.book.usable(KIND_SIGN_TICKET)
        if ticket is None:
            raise ClientError(
                E.NO_TICKET,
                Text(
                    "No usable sign ticket: fetch one or paste it.",
                    "没有可用的签名票据:请获取或粘贴。",
                ),
            )
        return ticket
