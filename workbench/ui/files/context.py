"""What the file panel needs from the application, in one small object.

Panels get it through their constructor (STYLE.md: no singletons). Tests hand in a
``client_factory`` that wraps the real client, e.g. to cancel at a known byte or to raise a disk
error, instead of monkeypatching the network code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workbench.core.credentials import KIND_SIGN_TICKET
from workbench.core.environment import EnvironmentConfig
from workbench.core.sign import SignResult, compute_sign, make_nonce, request_values

FILE_SIGN_TYPE = "sign"  # PROTOCOL P6: type=sign on every file call
NOTICE_VERSION = "2.0.0"  # PROTOCOL P6: upload with notice


class FilesContext:
    def __init__(self, services: Any, client_factory: Callable[[], Any] | None = None) -> None:
        self.services = services
        self._client_factory = client_factory
        # one sample nonce for the previews: redrawing (a language switch, a ticket refresh)
        # must not change the sign on screen; each real call draws its own
        self._preview_nonce = make_nonce()

    def client(self) -> Any:
        """The platform client; called inside jobs (services.client() is safe there)."""
        if self._client_factory is not None:
            return self._client_factory()
        return self.services.client()

    def environment(self) -> EnvironmentConfig:
        return self.services.active_environment()

    def now_ms(self) -> int:
        return int(self.services.clock.now_ms())

    def sign_ticket(self) -> str | None:
        """The active sign ticket's value, or ``None`` when the book holds no usable one."""
        try:
            credential = self.services.book().usable(KIND_SIGN_TICKET)
        except Exception:  # noqa: BLE001 - a preview must never break the panel
            return None
        value = getattr(credential, "value", None)
        return value if isinstance(value, str) and value else None

    def preview_sign(self, version: str, type_in_sign: bool) -> tuple[SignResult, bool]:
        """The sign a file call would carry now, with a preview nonce (PROTOCOL P6: no body).

        Returns the sign and whether a real ticket was available (else a placeholder is shown).
        """
        ticket = self.sign_ticket()
        values = request_values(
            app_id=self.environment().app_id,
            version=version,
            nonce=self._preview_nonce,
            ticket=ticket or "",
            body=None,
            type=FILE_SIGN_TYPE if type_in_sign else None,
        )
        return compute_sign(values), ticket is not None

    def ui_state(self, key: str, default: Any = None) -> Any:
        getter = getattr(self.services, "ui_state", None)
        return getter(f"files.{key}", default) if callable(getter) else default

    def set_ui_state(self, key: str, value: Any) -> None:
        setter = getattr(self.services, "set_ui_state", None)
        if callable(setter):
            setter(f"files.{key}", value)
