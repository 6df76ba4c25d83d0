"""Business answers are explained with the right table: the platform code with the platform's
(P9), the CODE inside jsonData with the service's own meaning, never the partner-callback table.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from workbench.core.credentials import KIND_SIGN_TICKET
from workbench.ui.composer.tab import ComposerTab


@pytest.fixture
def tab(qtbot: Any, services: Any) -> ComposerTab:
    widget = ComposerTab(services)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.fetch_ticket()
    qtbot.waitUntil(lambda: not widget.is_fetching(), timeout=15000)
    assert services.book().usable(KIND_SIGN_TICKET) is not None
    return widget


def _send(qtbot: Any, tab: ComposerTab, path: str) -> None:
    tab.editor.path.setText(path)
    qtbot.keyClick(tab.editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not tab.is_sending() and tab.response.shown is not None, timeout=20000)


def test_business_code_0000_is_the_service_own_not_the_partner_answer(
    qtbot: Any, tab: ComposerTab
) -> None:
    _send(qtbot, tab, "sandbox/echo")
    assert "0000" in tab.response.biz_code.text()
    explained = tab.response.biz_explained.text()
    assert "belongs to the service called (sandbox/echo)" in explained
    assert "partner" not in explained
    platform = tab.response.platform_explained.text()
    assert "60840000" in platform and "business call" in platform
    assert "partner" not in platform


def test_business_code_the_guide_explains_gets_that_meaning(qtbot: Any, tab: ComposerTab) -> None:
    _send(qtbot, tab, "yh/10002")
    assert "66590000" in tab.response.biz_code.text()
    assert "Transaction succeeded" in tab.response.biz_explained.text()
