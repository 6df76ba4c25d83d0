"""What a desktop user meets in the first hour: state that stays true, nothing moving under the
pointer. Each test drives the real window and checks what is on screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from workbench.ui.token_row import STATE_EXPIRED


def _fetch(qtbot: Any, tab: Any, what: str = "all") -> None:
    with qtbot.waitSignal(tab.services.refresher.fetched, timeout=10000):
        tab.request_fetch(what)


def _share_of_red(widget: QWidget) -> float:
    image = widget.grab().toImage()
    red = total = 0
    for x in range(2, image.width() - 2, 2):
        for y in range(1, image.height() - 1):
            colour = QColor(image.pixel(x, y))
            total += 1
            if colour.red() > 150 and colour.green() < 90 and colour.blue() < 90:
                red += 1
    return red / max(total, 1)


def test_an_expired_countdown_bar_is_red_not_an_empty_grey_groove(
    qtbot: Any, window: Any, clock: Any
) -> None:
    tab = window.tokens_tab
    window.tabs.setCurrentWidget(tab)
    tab.auto_refresh.setChecked(False)
    _fetch(qtbot, tab, "access_token")
    row = tab.token_row
    assert _share_of_red(row.bar) < 0.1  # a fresh token: green
    clock.advance(3601)
    qtbot.waitUntil(lambda: row.state == STATE_EXPIRED, timeout=3000)
    assert row.countdown_text() == "expired"
    assert _share_of_red(row.bar) > 0.6


def test_reveal_and_copy_are_disabled_on_every_empty_row(qtbot: Any, window: Any) -> None:
    tab = window.tokens_tab
    window.tabs.setCurrentWidget(tab)
    rows = (tab.token_row, tab.sign_row, tab.previous_row, tab.user_row)
    for row in rows:
        assert not row.value.reveal.isEnabled(), row.title_key
        assert not row.value.copy.isEnabled(), row.title_key
    tab.auto_refresh.setChecked(False)
    _fetch(qtbot, tab, "access_token")
    assert tab.token_row.value.reveal.isEnabled() and tab.token_row.value.copy.isEnabled()
    assert not tab.user_row.value.copy.isEnabled()


def test_the_tokens_status_line_never_moves_the_controls_below_it(qtbot: Any, window: Any) -> None:
    tab = window.tokens_tab
    window.tabs.setCurrentWidget(tab)
    tab.auto_refresh.setChecked(False)
    qtbot.wait(50)
    target = tab.token_row

    def top() -> int:
        return target.mapTo(window, target.rect().topLeft()).y()

    before = top()
    tab.status.clear()
    qtbot.wait(20)
    assert top() == before
    _fetch(qtbot, tab, "access_token")
    assert tab.status.text()  # a sentence is shown...
    qtbot.wait(20)
    assert top() == before  # ...in space that was kept for it
    tab.status.clear()
    qtbot.wait(20)
    assert top() == before
