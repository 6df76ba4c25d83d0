"""The Files tab's controller: what its panels need from the application, in one object.

Panels get it through their constructor (STYLE.md: no singletons). It asks before a file call
would fetch a ticket for a bank environment (PROTOCOL P3), hands out the client for the jobs, and
previews a file call with :mod:`workbench.core.request`, the builder the client sends with
(PROTOCOL P6). Tests hand in a ``client_factory`` that wraps the real client, e.g. to cancel at a
known byte or to raise a disk error, instead of monkeypatching the network code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from workbench.core.credentials import KIND_SIGN_TICKET
from workbench.core.environment import EnvironmentConfig
from workbench.core.request import SignedRequest, upload_request
from workbench.core.sign import SignResult, make_nonce
from workbench.qt.credentials import Permit
from workbench.qt.window_state import StateKey

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

    def permit(self) -> Permit | None:
        """Ask before a file call that would fetch a ticket (PROTOCOL P3); ``None``: cancelled."""
        return self.services.credentials.permit(KIND_SIGN_TICKET)

    def client(self, permit: Permit) -> Any:
        """The platform client; called inside jobs (services.client() is safe there)."""
        if self._client_factory is not None:
            return self._client_factory()
        return self.services.credentials.client(permit)

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
        never signed); a fresh sample nonce unless one is given."""
        env = self.environment()
        return upload_request(
            base=env.file_base,
            app_id=env.app_id,
            version=env.file_version,
            ticket=self.sign_ticket(),
            nonce=nonce or make_nonce(),
            file_type=file_type,
            file_format=file_format,
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
