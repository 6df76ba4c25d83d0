"""Helpers several UI test files share: the Files tab on a client with one call changed, and a
sign ticket fetched through the Composer."""

from __future__ import annotations

from typing import Any

from workbench.core.credentials import KIND_SIGN_TICKET
from workbench.ui.composer.tab import ComposerTab
from workbench.ui.files.tab import FilesTab


class ProxyClient:
    """The real client with one call changed: how tests cancel at a known byte or fail a disk."""

    def __init__(self, real: Any, **overrides: Any) -> None:
        self._real = real
        self._overrides = overrides

    def __getattr__(self, name: str) -> Any:
        if name in self._overrides:
            return lambda *a, **kw: self._overrides[name](self._real, *a, **kw)
        return getattr(self._real, name)


def make_files_tab(qtbot: Any, services: Any, client_factory: Any = None) -> FilesTab:
    tab = FilesTab(services, None, client_factory=client_factory)
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def fetch_ticket(qtbot: Any, tab: ComposerTab) -> str:
    """Fetch a sign ticket from the Composer and return its value."""
    tab.fetch_ticket()
    qtbot.waitUntil(lambda: not tab.is_fetching(), timeout=15000)
    ticket = tab.services.book().usable(KIND_SIGN_TICKET)
    assert ticket is not None, tab.status.text()
    return ticket.value
