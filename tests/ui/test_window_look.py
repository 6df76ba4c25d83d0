"""Every tab as a user sees it, in both languages and at two window sizes: no text cut off, no
control drawn over another, and a language switch there and back leaves every control where it
was and every string as it was."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

from workbench.ui.guide.layout_check import cut_text, overlapping

SIZES = [(1280, 840), (1024, 700)]


def _show_every_tab(qtbot: Any, window: Any) -> None:
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(30)  # lazy tabs are built on first show
    _settle(qtbot, window)


def _settle(qtbot: Any, window: Any) -> None:
    """Background checks (the body's JSON check, previews) have reported back."""
    qtbot.waitUntil(lambda: not window.services.runner.running(), timeout=10000)
    qtbot.wait(50)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_tab_cuts_text_or_overlaps_controls(
    qtbot: Any, window: Any, lang: str, size: tuple[int, int]
) -> None:
    window.resize(*size)
    window.set_language(lang)
    try:
        _show_every_tab(qtbot, window)
        problems: list[str] = []
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            qtbot.wait(30)
            page = window.tabs.currentWidget()
            title = window.tabs.tabText(index)
            problems += [f"[{title}] {p}" for p in cut_text(page)]
            problems += [f"[{title}] {p}" for p in overlapping(page)]
        problems += overlapping(window.statusBar())
        assert problems == [], "\n".join(problems)
    finally:
        window.set_language("en")


def _path(widget: QWidget, root: QWidget) -> str:
    parts = []
    node: QWidget | None = widget
    while node is not None and node is not root:
        parent = node.parentWidget()
        index = parent.children().index(node) if parent is not None else 0
        parts.append(f"{type(node).__name__}#{index}")
        node = parent
    return "/".join(reversed(parts))


def _snapshot(root: QWidget) -> dict[str, tuple[tuple[int, int, int, int], str]]:
    shot = {}
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        text = ""
        if isinstance(widget, QLabel | QAbstractButton):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        g = widget.geometry()
        shot[_path(widget, root)] = ((g.x(), g.y(), g.width(), g.height()), text)
    return shot


def test_a_language_switch_there_and_back_leaves_every_tab_as_it_was(
    qtbot: Any, window: Any
) -> None:
    window.resize(1280, 840)
    _show_every_tab(qtbot, window)
    _show_every_tab(qtbot, window)
    before = {}
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(30)
        before[index] = _snapshot(window.tabs.currentWidget())
    for _round in range(2):
        window.set_language("zh")
        qtbot.waitUntil(lambda: window.tabs.tabText(0) == "环境")
        _show_every_tab(qtbot, window)
        window.set_language("en")
        qtbot.waitUntil(lambda: window.tabs.tabText(0) == "Environment")
    changed: list[str] = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(30)
        after = _snapshot(window.tabs.currentWidget())
        title = window.tabs.tabText(index)
        for key, (geometry, text) in before[index].items():
            if key not in after:
                changed.append(f"[{title}] {key} {text!r} is gone")
                continue
            if after[key][1] != text:
                changed.append(f"[{title}] {key}: {text!r} became {after[key][1]!r}")
            elif after[key][0] != geometry:
                changed.append(f"[{title}] {key} {text!r}: {geometry} -> {after[key][0]}")
    assert changed == [], "\n".join(changed)


def test_the_history_tag_follows_the_language_both_ways(qtbot: Any, window: Any) -> None:
    window.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: window.composer_tab is not None)
    history = window.composer_tab.history
    loaded = history.loaded
    window.services.add_history("call", "yh/10002 → 0", None, {"cancelled": True})
    qtbot.waitUntil(lambda: history.loaded > loaded and history.list.count() > 0, timeout=5000)

    def tag() -> str:
        return history.list.item(0).text()

    assert tag().endswith("(answer after Cancel)")
    window.set_language("zh")
    qtbot.waitUntil(lambda: tag().endswith("（取消后到达的应答）"), timeout=3000)
    window.set_language("en")
    qtbot.waitUntil(lambda: tag().endswith("(answer after Cancel)"), timeout=3000)
