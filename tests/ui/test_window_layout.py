"""The window's startup order and layout as a user meets them: the first paint does not wait for
the heavy tabs, a narrow window wraps rows instead of cutting them, menus keep the tab order."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from workbench.ui.guide.layout_check import cut_text
from workbench.ui.lazy_tab import LazyTab
from workbench.ui.widgets.flow import flow_row


def test_heavy_tabs_wait_for_the_first_paint_then_build_one_by_one(
    qtbot: Any, services: Any
) -> None:
    from workbench.ui.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    pages = [type(win.tabs.widget(i)).__name__ for i in range(win.tabs.count())]
    assert pages[0] == "EnvironmentTab" and pages[1:] == ["LazyTab"] * 4
    assert [a.text() for a in win.menuBar().actions()] == ["&File", "&View", "&Help"]
    win.show()
    qtbot.waitUntil(
        lambda: not any(isinstance(win.tabs.widget(i), LazyTab) for i in range(5)), timeout=10000
    )
    assert [type(win.tabs.widget(i)).__name__ for i in range(5)] == [
        "EnvironmentTab",
        "TokensTab",
        "ComposerTab",
        "FilesTab",
        "CallbacksTab",
    ]
    titles = [a.text().replace("&&", "&") for a in win.menuBar().actions()]
    assert titles[:2] == ["&File", "&View"] and titles[-1] == "&Help"
    assert titles.index("Composer") < titles.index("Files") < titles.index("Callbacks")
    assert win.tabs.currentIndex() == 0  # building them never switched the page
    assert services.ui_state("window/tab", 0) == 0
    win.close()


def test_choosing_a_tab_builds_it_at_once_and_the_remembered_tab_opens_built(
    qtbot: Any, services: Any
) -> None:
    from workbench.ui.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.tabs.setCurrentIndex(3)  # before any paint: the chosen page is real immediately
    assert type(win.tabs.currentWidget()).__name__ == "FilesTab"
    assert win.tabs.currentIndex() == 3
    assert services.ui_state("window/tab") == 3
    assert isinstance(win.tabs.widget(2), LazyTab)
    assert type(win.composer_tab).__name__ == "ComposerTab"  # on demand, in place
    assert win.tabs.indexOf(win.composer_tab) == 2 and win.tabs.currentIndex() == 3
    win.close()

    again = MainWindow(services)
    qtbot.addWidget(again)
    assert again.tabs.currentIndex() == 3
    assert type(again.tabs.currentWidget()).__name__ == "FilesTab"
    again.close()


def test_a_button_row_wraps_in_a_narrow_space_and_stays_on_one_line_in_a_wide_one(
    qtbot: Any, qapp: QApplication
) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    buttons = [QPushButton(f"A fairly long button caption {i}") for i in range(4)]
    row = flow_row(holder, buttons)
    one_line = row.sizeHint().width()
    row.resize(one_line + 10, row.heightForWidth(one_line + 10))
    holder.show()
    qapp.processEvents()
    assert len({b.y() for b in buttons}) == 1
    narrow = buttons[0].sizeHint().width() + 20
    row.resize(narrow, row.heightForWidth(narrow))
    qapp.processEvents()
    assert len({b.y() for b in buttons}) == 4  # one per row, none beyond the right edge
    assert all(b.geometry().right() <= row.width() for b in buttons)
    assert row.minimumSizeHint().width() <= narrow


def test_tokens_tab_in_a_narrow_window_cuts_nothing(qtbot: Any, window: Any) -> None:
    tab = window.tokens_tab
    window.tabs.setCurrentWidget(tab)
    tab.setMinimumWidth(0)
    tab.setParent(None)  # on its own, as narrow as its widest word allows
    qtbot.addWidget(tab)
    tab.resize(tab.fontMetrics().averageCharWidth() * 75, 700)  # about half the window
    tab.show()
    qtbot.waitExposed(tab)
    rows = {tab.fetch_token_button.y(), tab.refresh_all_button.y(), tab.paste_button.y()}
    assert len(rows) > 1, "the button row should have wrapped"
    assert cut_text(tab) == []


def test_environment_list_buttons_are_never_squeezed(qtbot: Any, window: Any) -> None:
    tab = window.env_tab
    tab.splitter.setSizes([1, 5000])
    QApplication.processEvents()
    button = tab.use_button
    assert button.width() >= button.minimumSizeHint().width()
    assert "Use this environment" in button.text()


def test_status_bar_is_one_line_at_the_default_size(window: Any) -> None:
    label = window.sandbox_label
    assert label.text() == "Sandbox: running"
    assert "127.0.0.1" in label.toolTip()  # the address is one hover away
    assert window.tls_label.height() < 2 * window.tls_label.fontMetrics().lineSpacing()


def test_tab_icons_follow_a_dark_palette(qtbot: Any, qapp: QApplication, window: Any) -> None:
    from PySide6.QtGui import QColor, QPalette

    from workbench.ui.guide.icons import apply_tab_icons

    def ink(index: int) -> set[str]:
        image = window.tabs.tabIcon(index).pixmap(32, 32).toImage()
        return {
            image.pixelColor(x, y).name()
            for x in range(image.width())
            for y in range(image.height())
            if image.pixelColor(x, y).alpha() == 255
        }

    apply_tab_icons(window.tabs)
    before = ink(0)
    previous = qapp.palette()
    dark = QPalette(previous)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    try:
        qapp.setPalette(dark)
        qtbot.waitUntil(lambda: ink(0) != before)
        assert "#e8eaed" in ink(0)
    finally:
        qapp.setPalette(previous)
