"""The local stand-in for the platform (PROTOCOL P10): see :mod:`workbench.sandbox.server`.

Decisions on codes are tabled in :mod:`workbench.sandbox.api` (token, tickets, business calls),
:mod:`workbench.sandbox.files` (file host) and :mod:`workbench.sandbox.admin` (admin routes).
Importing this package imports no Qt, and the heavy parts only on use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.sandbox.callbacks import CallbackDelivery
    from workbench.sandbox.server import Sandbox, SandboxInfo
    from workbench.sandbox.services import Fault
    from workbench.sandbox.state import LogEntry

__all__ = ["Sandbox", "SandboxInfo", "Fault", "CallbackDelivery", "LogEntry"]


def __getattr__(name: str) -> Any:
    if name in ("Sandbox", "SandboxInfo"):
        from workbench.sandbox import server

        return getattr(server, name)
    if name == "Fault":
        from workbench.sandbox.services import Fault

        return Fault
    if name == "CallbackDelivery":
        from workbench.sandbox.callbacks import CallbackDelivery

        return CallbackDelivery
    if name == "LogEntry":
        from workbench.sandbox.state import LogEntry

        return LogEntry
    raise AttributeError(name)
