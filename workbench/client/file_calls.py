"""The file calls (PROTOCOL P6): upload, download, uploadJson, uploadForm.

:class:`FileCalls` holds what these calls need, handed in by its owner (the platform client):
the transport, and a :class:`SignTickets` source that gives the sign ticket and refreshes it.
It builds each signed request with :mod:`workbench.core.request`, has it streamed by
:mod:`workbench.client.transfers` / :mod:`workbench.client.download`, and applies the
refresh-and-retry-once of PROTOCOL P5, which holds for every signed call.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from workbench.client import download as file_download
from workbench.client import errors as E
from workbench.client import transfers
from workbench.client.errors import ClientError
from workbench.client.models import TICKET_RETRY_CODES, DownloadResult, Progress, UploadResult
from workbench.client.transport import Transport
from workbench.core.credentials import Credential
from workbench.core.request import (
    SignedRequest,
    download_request,
    notice_request,
    upload_request,
)
from workbench.core.sign import make_nonce
from workbench.core.text import Text

_R = TypeVar("_R", UploadResult, DownloadResult)


class SignTickets(Protocol):
    """Where file calls get their sign ticket (the platform client implements it)."""

    def file_ticket(self, cancel: threading.Event | None) -> Credential:
        """A usable sign ticket, fetched first if allowed, or a NO_TICKET ClientError."""
        ...

    def refresh_sign_ticket(self, stale: Credential, cancel: threading.Event | None) -> bool:
        """After 60841017/60841018 with ``stale``: make the book hold a newer sign ticket
        (reusing one fetched meanwhile). False when that is not ours to do (pasted, no
        auto fetch)."""
        ...


class FileCalls:
    """The four file calls of one environment. See the module docstring."""

    def __init__(self, transport: Transport, tickets: SignTickets) -> None:
        self._transport = transport
        self._tickets = tickets

    def upload(
        self,
        path: str | Path,
        file_type: str,
        file_format: str,
        type_in_sign: bool = True,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> UploadResult:
        env = self._transport.env
        transfers.refuse_undecodable_names([Path(path).name])

        def run(ticket: Credential) -> UploadResult:
            request = upload_request(
                base=self._transport.base("file"),
                app_id=env.app_id,
                version=env.file_version,
                ticket=ticket.value,
                nonce=make_nonce(),
                file_type=file_type,
                file_format=file_format,
                type_in_sign=type_in_sign,
            )
            return transfers.upload(self._transport, request, Path(path), progress, cancel)

        return self._retrying(cancel, run)

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
        env = self._transport.env

        def run(ticket: Credential) -> DownloadResult:
            request = download_request(
                base=self._transport.base("file"),
                app_id=env.app_id,
                version=env.file_version,
                ticket=ticket.value,
                nonce=make_nonce(),
                file_id=file_id,
                hash_value=hash_value,
                content_type=content_type,
                type_in_sign=type_in_sign,
            )
            return file_download.download(
                self._transport,
                request,
                hash_value,
                Path(dest_path),
                progress,
                cancel,
                keep_mismatched,
            )

        return self._retrying(cancel, run)

    def _notice(
        self,
        call: str,
        biz_path: str,
        ticket: Credential,
        type_in_sign: bool,
        file_type: str = "",
        file_format: str = "",
    ) -> SignedRequest:
        env = self._transport.env
        return notice_request(
            base=self._transport.base("file"),
            call=call,
            biz_path=biz_path,
            app_id=env.app_id,
            version=env.version,
            ticket=ticket.value,
            nonce=make_nonce(),
            type_in_sign=type_in_sign,
            file_type=file_type,
            file_format=file_format,
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
        file_type: str = "",
        file_format: str = "",
    ) -> UploadResult:
        """``file_type``/``file_format``: fileType and fileFormat in the URL (guide 4.5.3)."""
        transfers.refuse_undecodable_names([file_name or Path(path).name])

        def run(ticket: Credential) -> UploadResult:
            request = self._notice(
                "uploadJson", biz_path, ticket, type_in_sign, file_type, file_format
            )
            return transfers.upload_json(
                self._transport, request, Path(path), file_name, biz_content, progress, cancel
            )

        return self._retrying(cancel, run)

    def upload_form(
        self,
        biz_path: str,
        paths: Sequence[str | Path],
        biz_content: str | None = None,
        type_in_sign: bool = True,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        file_type: str = "",
        file_format: str = "",
    ) -> UploadResult:
        """``file_type``/``file_format``: fileType and fileFormat in the URL (guide 4.5.3).

        Two files of one name are refused before a ticket is fetched or a byte sent.
        """
        files = [Path(p) for p in paths]
        transfers.refuse_repeated_names(files)  # PROTOCOL P6: the answer names files by name
        transfers.refuse_undecodable_names([f.name for f in files])

        def run(ticket: Credential) -> UploadResult:
            request = self._notice(
                "uploadForm", biz_path, ticket, type_in_sign, file_type, file_format
            )
            return transfers.upload_form(
                self._transport, request, files, biz_content, progress, cancel
            )

        return self._retrying(cancel, run)

    def _retrying(self, cancel: threading.Event | None, run: Callable[[Credential], _R]) -> _R:
        """``run`` once more after a ticket refresh on 60841017/60841018 (PROTOCOL P5).

        Why here and not per call: the rule is the same for the four file calls, and so is the
        exception to it (a pasted ticket, or ``auto_fetch`` off, is the user's to replace).
        """
        ticket = self._tickets.file_ticket(cancel)
        try:
            return run(ticket)
        except ClientError as exc:
            answer = exc.answer
            if (
                exc.kind != E.PLATFORM
                or answer is None
                or answer.code not in TICKET_RETRY_CODES
                or not self._tickets.refresh_sign_ticket(ticket, cancel)
            ):
                raise
            first, first_code = exc, answer.code
        try:
            result = run(self._tickets.file_ticket(cancel))
        except ClientError as exc:
            exc.text = Text(
                f"{exc.text.en} (The sign ticket was refreshed after {first_code} and "
                "the file call sent once more.)",
                f"{exc.text.zh}（已在 {first_code} 后刷新签名票据并重发一次。）",
            )
            raise
        result.retried = True
        result.first_record = first.record
        result.first_answer = first.answer
        return result
