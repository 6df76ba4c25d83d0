"""The failures widgets show: one :class:`ClientError` (a kind and a bilingual sentence).

Widgets import them from here, never from :mod:`workbench.client` (the layering of STYLE.md:
``ui -> qt -> client``); the kinds are the client's own.
"""

from __future__ import annotations

from workbench.client.errors import CANCELLED, CONFIG, LOCAL_FILE, NO_TICKET, ClientError

__all__ = ["CANCELLED", "CONFIG", "LOCAL_FILE", "NO_TICKET", "ClientError"]
