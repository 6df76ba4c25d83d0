"""Shortcuts reach the tab the user is in: two tabs bind Ctrl+Return and Esc (composer send,
files transfer), and the key must trigger the visible tab's action, never neither (Qt's
"ambiguous shortcut") nor the hidden tab's."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def test_ctrl_return_sends_from_the_composer_and_not_from_the_files_tab(
    qtbot: Any, window: Any, services: Any, wait_idle: Any
) -> None:
    composer = window.composer_tab
    files = window.files_tab
    window.tabs.setCurrentWidget(composer)
    sent: list[str] = []
    transfers: list[str] = []
    composer.send_action.triggered.connect(lambda: sent.append("composer"))
    files.send_action.triggered.connect(lambda: transfers.append("files"))
    qtbot.waitUntil(lambda: composer.isVisible())
    composer.editor.body.setFocus()
    qtbot.waitUntil(lambda: composer.editor.body.hasFocus() or not window.isActiveWindow())
    window.activateWindow()
    QTest.keyClick(composer.editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: sent == ["composer"], timeout=3000)
    assert transfers == []
    wait_idle(services)


def test_window_wide_shortcuts_are_unique(qtbot: Any, window: Any) -> None:
    """Every shortcut that works from anywhere in the window is bound once only."""
    for index in range(window.tabs.count()):
        window.ensure_tab(index)
    # the menus' shortcuts come with the first paint: Quit's must be among those checked
    qtbot.waitUntil(lambda: not window.quit_action.shortcut().isEmpty(), timeout=5000)
    seen: dict[str, str] = {}
    clashes = []
    for action in window.findChildren(type(window.quit_action)):
        if action.shortcut().isEmpty():
            continue
        if action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut:
            continue
        if window not in action.associatedObjects():
            continue
        key = action.shortcut().toString()
        if key in seen:
            clashes.append(f"{key}: {seen[key]!r} and {action.text()!r}")
        seen[key] = action.text()
    assert clashes == []
