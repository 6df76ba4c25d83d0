"""The Files tab's controller: what its panels need from the application, in one object.

Panels get it through their constructor (STYLE.md: no singletons). It asks before a file call
would fetch a ticket for a bank environment (PROTOCOL P3), hands out the client for the jobs, and
previews a file call with :mod:`workbench.core.request`, the builder the client sends with
(PROTOCOL P6). Tests hand in a ``client_factory`` that wraps the real client, e.g. to cancel at a
known byte or to raise a disk error, instead of monkeypatching the network code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from workbench.core.credentials import KIND_SIGN_TICKET
from workbench.core.environment import EnvironmentConfig
from workbench.core.request import SignedRequest, download_request, upload_request
from workbench.core.sign import SignResult, make_nonce
from workbench.qt import file_jobs
from workbench.qt.credentials import Permit
from workbench.qt.errors import ClientError
from workbench.qt.file_jobs import BatchOutcome, LocalFile, Progress
from workbench.qt.results import DownloadResult, UploadResult
from workbench.qt.window_state import StateKey
from workbench.qt.workers import QUEUE_TRANSFERS, TaskContext, TaskHandle

T = TypeVar("T")

if TYPE_CHECKING:
    from workbench.qt.services import AppServices


class FilesContext:
    """The Files tab's controller (see the module docstring)."""

    def __init__(
        self, services: AppServices, client_factory: Callable[[], Any] | None = None
    ) -> None:
        self.services = services
        self._client_factory = client_factory
        # one sample nonce for the previews: redrawing (a language switch, a ticket refresh)
        # must not change the sign on screen; each real call draws its own
        self._preview_nonce = make_nonce()

    def permit(self) -> Permit | None:
        """Ask before a file call that would fetch a ticket (PROTOCOL P3); ``None``: cancelled."""
        return self.services.credentials.permit(KIND_SIGN_TICKET)

    def client(self, permit: Permit) -> Any:
        """The active environment's platform client; taken on the GUI thread when a transfer is
        queued, so a queued job keeps the environment the question was answered for."""
        if self._client_factory is not None:
            return self._client_factory()
        return self.services.credentials.client(permit)

    # ----------------------------------------------------------------- the transfers (jobs)
    # Each asks first (PROTOCOL P3) and returns None when the user cancelled the question.
    def upload(
        self,
        paths: Sequence[str],
        file_type: str,
        file_format: Callable[[str], str],
        type_in_sign: bool,
        *,
        on_result: Callable[[BatchOutcome], None],
        on_error: Callable[[ClientError], None],
        on_progress: Callable[[Progress], None],
        on_finished: Callable[[], None],
    ) -> TaskHandle | None:
        """Upload ``paths`` one after the other (PROTOCOL P6: one file per call)."""
        return self._transfer(
            "files: upload",
            lambda client, job: file_jobs.upload_batch(
                client, paths, file_type, file_format, type_in_sign, job
            ),
            on_result,
            on_error,
            on_progress,
            on_finished,
        )

    def upload_notice(
        self,
        mode: str,
        biz_path: str,
        paths: Sequence[str],
        biz_content: str | None,
        file_type: str = "",
        file_format: Callable[[str], str] | None = None,
        *,
        on_result: Callable[[tuple[UploadResult, list[LocalFile], bool]], None],
        on_error: Callable[[ClientError], None],
        on_progress: Callable[[Progress], None],
        on_finished: Callable[[], None],
    ) -> TaskHandle | None:
        """uploadJson (one file) or uploadForm (several) (PROTOCOL P6, upload with notice),
        with fileType and fileFormat in the URL (guide 4.5.3)."""
        return self._transfer(
            "files: upload with notice",
            lambda client, job: file_jobs.upload_notice(
                client,
                mode,
                biz_path,
                paths,
                biz_content,
                job,
                file_type=file_type,
                file_format=file_format,
            ),
            on_result,
            on_error,
            on_progress,
            on_finished,
        )

    def download(
        self,
        file_id: str,
        hash_value: str,
        dest: str,
        content_type: str,
        type_in_sign: bool,
        *,
        on_result: Callable[[DownloadResult], None],
        on_error: Callable[[ClientError], None],
        on_progress: Callable[[Progress], None],
        on_finished: Callable[[], None],
    ) -> TaskHandle | None:
        """Stream a file to ``dest`` (complete or not at all, PROTOCOL P6)."""
        return self._transfer(
            "files: download",
            lambda client, job: file_jobs.download(
                client, file_id, hash_value, dest, content_type, type_in_sign, job
            ),
            on_result,
            on_error,
            on_progress,
            on_finished,
        )

    def _transfer(
        self,
        name: str,
        work: Callable[[Any, TaskContext], T],
        on_result: Callable[[T], None],
        on_error: Callable[[ClientError], None],
        on_progress: Callable[[Progress], None],
        on_finished: Callable[[], None],
    ) -> TaskHandle | None:
        """Ask first (PROTOCOL P3), then run ``work(client, job)`` on the transfers queue;
        ``None`` when the user cancelled the question.

        The client is taken here, on the GUI thread, as the permit was: a job that waits in the
        queue must not pick up the environment made active meanwhile (with a permit to fetch
        that was given for another one, PROTOCOL P3).
        """
        permit = self.permit()
        if permit is None:
            return None
        client = self.client(permit)
        return self.services.runner.submit(
            name,
            lambda job: work(client, job),
            on_result=on_result,
            on_error=on_error,
            on_progress=on_progress,
            on_finished=on_finished,
            queue=QUEUE_TRANSFERS,
        )

    def environment(self) -> EnvironmentConfig:
        return self.services.active_environment()

    def now_ms(self) -> int:
        return int(self.services.clock.now_ms())

    def sign_ticket(self) -> str | None:
        """The active sign ticket's value, or ``None`` when the book holds no usable one."""
        try:
            credential = self.services.book().usable(KIND_SIGN_TICKET)
        except Exception:  # a preview must never break the panel
            return None
        value = getattr(credential, "value", None)
        return value if isinstance(value, str) and value else None

    def preview_upload(
        self,
        *,
        file_type: str,
        file_format: str,
        type_in_sign: bool,
        nonce: str | None = None,
    ) -> SignedRequest:
        """The upload request as the client would send it now (PROTOCOL P6: the file bytes are
        never signed); the preview's sample nonce unless one is given."""
        env = self.environment()
        return upload_request(
            base=env.file_base,
            app_id=env.app_id,
            version=env.file_version,
            ticket=self.sign_ticket(),
            nonce=nonce or self._preview_nonce,
            file_type=file_type,
            file_format=file_format,
            type_in_sign=type_in_sign,
        )

    def preview_download(
        self, *, file_id: str, hash_value: str, content_type: str, type_in_sign: bool
    ) -> SignedRequest:
        """The download request as the client would send it now, with the preview's sample
        nonce (PROTOCOL P6: the sign covers no parameter of the call)."""
        env = self.environment()
        return download_request(
            base=env.file_base,
            app_id=env.app_id,
            version=env.file_version,
            ticket=self.sign_ticket(),
            nonce=self._preview_nonce,
            file_id=file_id,
            hash_value=hash_value,
            content_type=content_type,
            type_in_sign=type_in_sign,
        )

    def preview_sign(self, type_in_sign: bool) -> tuple[SignResult, bool]:
        """The sign a file call would carry now, with a preview nonce (PROTOCOL P6: no body).

        Returns the sign and whether a real ticket was available (else a placeholder is shown).
        """
        request = self.preview_upload(file_type="", file_format="", type_in_sign=type_in_sign)
        return request.sign, not request.ticket_missing

    def state(self, key: StateKey[T]) -> T:
        """A remembered value of the Files tab (declared in workbench.qt.window_state)."""
        return self.services.state(key)

    def set_state(self, key: StateKey[T], value: T) -> None:
        self.services.set_state(key, value)
