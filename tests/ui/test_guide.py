"""First-run walkthrough, Help menu, protocol notes, icons and theme, as a user meets them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontInfo, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QPlainTextEdit, QTabWidget

from workbench.core import codes
from workbench.core.credentials import ManualClock
from workbench.qt.i18n import install_language
from workbench.ui.guide import apply_code_font, apply_theme, icon, install_guide, status_colour
from workbench.ui.guide.icons import ICON_NAMES, pixmap, svg_text
from workbench.ui.guide.install import GUIDE_DONE_KEY
from workbench.ui.guide.theme import monospace_font


@pytest.fixture
def services(profile_dir: Path) -> Iterator[Any]:
    from workbench.qt.services import make_services

    made = make_services(profile_dir, clock=ManualClock(), start_sandbox=False)
    yield made
    made.shutdown()


class FiveTabWindow(QMainWindow):
    """A window shaped like the main window: five tabs and a Help menu named menu_help."""

    def __init__(self) -> None:
        super().__init__()
        self.tabs = QTabWidget(self)
        for name in ("Environment", "Tokens", "Composer", "Files", "Callbacks"):
            self.tabs.addTab(QLabel(name), name)
        self.setCentralWidget(self.tabs)
        self.help_menu = self.menuBar().addMenu("&Help")
        self.help_menu.setObjectName("menu_help")
        self.help_menu.addAction("&About")
        fm = self.fontMetrics()
        self.resize(fm.averageCharWidth() * 150, fm.height() * 45)


@pytest.fixture
def window(qtbot: Any) -> FiveTabWindow:
    made = FiveTabWindow()
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def test_walkthrough_starts_on_first_run_and_walks_the_tabs(
    window: FiveTabWindow, services: Any, qtbot: Any
) -> None:
    guide = install_guide(window, services)
    panel = guide.panel
    qtbot.waitUntil(panel.isVisible)
    assert panel.counter.text() == "Step 1 of 6"
    assert window.tabs.currentIndex() == 0
    assert window.geometry().contains(panel.geometry().translated(window.geometry().topLeft()))

    seen = []
    while panel.next_button.text() != "&Finish":
        qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
        seen.append((window.tabs.currentIndex(), panel.title.text()))
    assert seen == [
        (1, "Fetch a token"),
        (2, "Compose a request"),
        (2, "Send it"),
        (3, "Upload a file"),
        (4, "Verify a callback"),
    ]
    qtbot.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)
    assert panel.title.text() == "Upload a file" and panel.counter.text() == "Step 5 of 6"
    assert services.ui_state(GUIDE_DONE_KEY, False) is False

    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()
    assert services.ui_state(GUIDE_DONE_KEY, False) is True


def test_walkthrough_is_not_shown_again_once_dismissed(
    window: FiveTabWindow, services: Any, qtbot: Any
) -> None:
    services.set_ui_state(GUIDE_DONE_KEY, True)
    guide = install_guide(window, services)
    qtbot.wait(50)
    assert not guide.panel.isVisible()
    guide.walkthrough_action.trigger()  # Help > Walkthrough brings it back on demand
    assert guide.panel.isVisible() and guide.panel.counter.text() == "Step 1 of 6"


def test_esc_closes_the_walkthrough_from_anywhere_in_the_window(
    window: FiveTabWindow, services: Any, qtbot: Any
) -> None:
    guide = install_guide(window, services)
    panel = guide.panel
    qtbot.waitUntil(panel.isVisible)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page = window.tabs.currentWidget()
    page.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_Escape)  # focus is on the tab's page, not on the panel
    assert not panel.isVisible()
    assert services.ui_state(GUIDE_DONE_KEY, False) is True


def test_the_walkthrough_follows_the_user_to_another_tab_and_steps_aside_elsewhere(
    window: FiveTabWindow, services: Any, qtbot: Any
) -> None:
    window.tabs.addTab(QLabel("Extra"), "Extra")  # a tab no step talks about
    guide = install_guide(window, services)
    panel = guide.panel
    qtbot.waitUntil(panel.isVisible)
    window.tabs.setCurrentIndex(3)  # the user clicks the Files tab
    assert panel.isVisible() and panel.title.text() == "Upload a file"
    window.tabs.setCurrentIndex(5)
    assert not panel.isVisible()  # it does not float over a pane it does not explain
    window.tabs.setCurrentIndex(1)
    assert panel.isVisible() and panel.title.text() == "Fetch a token"
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentIndex() == 2 and panel.title.text() == "Compose a request"


def test_help_menu_is_reused_and_notes_have_f1(window: FiveTabWindow, services: Any) -> None:
    services.set_ui_state(GUIDE_DONE_KEY, True)
    guide = install_guide(window, services)
    menus = [m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Help"]
    assert menus == [window.help_menu]
    texts = [a.text() for a in window.help_menu.actions()]
    assert texts[:2] == ["&Walkthrough", "&Protocol notes"] and "&About" in texts
    assert guide.notes_action.shortcut().toString() == "F1"
    assert "F1" in guide.notes_action.toolTip()


def test_a_window_without_help_menu_gets_one(qtbot: Any, services: Any) -> None:
    services.set_ui_state(GUIDE_DONE_KEY, True)
    bare = QMainWindow()
    qtbot.addWidget(bare)
    guide = install_guide(bare, services)
    assert guide.menu.title() == "&Help"
    assert guide.menu.objectName() == "menu_help"


def test_protocol_notes_are_searchable_and_carry_every_code(
    window: FiveTabWindow, services: Any, qtbot: Any
) -> None:
    services.set_ui_state(GUIDE_DONE_KEY, True)
    guide = install_guide(window, services)
    guide.notes_action.trigger()
    notes = guide.notes
    assert notes is not None and notes.isVisible()
    qtbot.waitUntil(lambda: "Signature" in notes.browser.toPlainText())
    text = notes.browser.toPlainText()
    for field in (
        "app_id",
        "nonce",
        "version",
        "sign",
        "type",
        "ticket",
        "Plain",
        "Signature",
        "Timestamp",
        "transName",
        "SeqNo",
        "fileType",
        "BizSeqNo",
        "jsonData",
    ):
        assert field in text, field
    for info in codes.ALL_CODES:  # generated from core.codes: never out of date
        assert info.code in text and info.meaning("en") in text
    for code in codes.FILE_TYPES:
        assert code in text

    qtbot.keyClicks(notes.search, "60841018")
    assert notes.match_count() >= 1
    assert notes.count_label.text() == f"1 of {notes.match_count()}"
    assert "60841018" in notes.browser.textCursor().selectedText()
    notes.search.clear()
    qtbot.keyClicks(notes.search, "no such words here")
    assert notes.count_label.text() == "No match"


def test_notes_and_menu_follow_the_language(
    window: FiveTabWindow, services: Any, qtbot: Any
) -> None:
    services.set_ui_state(GUIDE_DONE_KEY, True)
    guide = install_guide(window, services)
    notes = guide.show_notes()
    qtbot.waitUntil(lambda: "Protocol notes" in notes.browser.toPlainText())
    try:
        install_language("zh")
        qtbot.waitUntil(lambda: "协议说明" in notes.browser.toPlainText())
        assert "签名验证失败" in notes.browser.toPlainText()  # the partner table's zh meaning
        assert guide.notes_action.text() != "&Protocol notes"
        assert notes.windowTitle() != "Protocol notes"
    finally:
        install_language("en")
    qtbot.waitUntil(lambda: "Protocol notes" in notes.browser.toPlainText())
    assert guide.notes_action.text() == "&Protocol notes"


def test_every_icon_is_valid_svg_and_drawn(qapp: QApplication) -> None:
    for name in ICON_NAMES:
        assert svg_text(name).lstrip().startswith("<svg"), name
        image = pixmap(name, 32).toImage()
        painted = sum(1 for x in range(32) for y in range(32) if image.pixelColor(x, y).alpha())
        assert painted > 20, f"{name}.svg draws (almost) nothing"
        assert not icon(name).isNull()


def test_line_icons_take_the_text_colour(qapp: QApplication) -> None:
    red = QColor("#ff0000")
    image = pixmap("composer", 32, red).toImage()
    colours = {
        image.pixelColor(x, y).name()
        for x in range(32)
        for y in range(32)
        if image.pixelColor(x, y).alpha() == 255
    }
    assert colours == {"#ff0000"}


def _palette(window: str, text: str) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    return palette


@pytest.mark.parametrize("kind", ["ok", "warn", "error"])
def test_status_colours_read_on_light_and_dark(kind: str) -> None:
    light, dark = _palette("#f6f6f6", "#1b1b1b"), _palette("#202124", "#e8eaed")
    on_light, on_dark = status_colour(kind, light), status_colour(kind, dark)
    assert on_light != on_dark
    # readable: clearly darker than a light window, clearly lighter than a dark one
    assert on_light.lightnessF() < 0.45
    assert on_dark.lightnessF() > 0.55


def test_theme_gives_code_views_a_fixed_pitch_font(qtbot: Any, qapp: QApplication) -> None:
    apply_theme(qapp)
    apply_code_font(qapp)
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.ensurePolished()  # class fonts apply when the widget is polished, as on show()
    # What the theme decides, whatever fonts this machine has: code views get the system's
    # fixed-pitch font, asked for as monospace.
    assert editor.font().family() == monospace_font().family()
    assert editor.font().styleHint() == QFont.StyleHint.Monospace
    if any(QFontDatabase.isFixedPitch(family) for family in QFontDatabase.families()):
        assert QFontInfo(editor.font()).fixedPitch()  # and where one exists, it is used
    assert not qapp.windowIcon().isNull()
