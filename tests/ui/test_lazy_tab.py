"""Lazy tabs come from typed factory functions; a tab module that fails to import fails loudly
(it used to become a quiet "not available in this build" placeholder)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from workbench.ui.lazy_tab import LazyTab
from workbench.ui.main_window import LAZY_TABS


def test_a_factory_that_cannot_import_its_module_raises(qtbot: Any, services: Any) -> None:
    def broken(_services: Any, _parent: QWidget) -> QWidget:
        raise ImportError("No module named 'workbench.ui.nothing_here'")

    parent = QWidget()
    qtbot.addWidget(parent)
    page = LazyTab(broken, parent)
    with pytest.raises(ImportError, match="nothing_here"):
        page.build(services, parent)


def test_the_factory_builds_the_tab(qtbot: Any, services: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    page = LazyTab(lambda _s, p: QLabel("built", p), parent)
    built = page.build(services, parent)
    assert isinstance(built, QLabel) and built.text() == "built"


def test_the_window_builds_its_four_lazy_tabs_from_their_factories(window: Any) -> None:
    assert len(LAZY_TABS) == 4
    names = [type(window.ensure_tab(i)).__name__ for i in range(1, 5)]
    assert names == ["TokensTab", "ComposerTab", "FilesTab", "CallbacksTab"]
