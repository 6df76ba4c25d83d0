"""The tokens board: countdowns on the injected clock, auto-refresh, the kick-out warning."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from workbench.ui.token_dialogs import KickOutWarning, PasteDialog
from workbench.ui.token_row import STATE_EXPIRED, STATE_OK, STATE_WARN


def _fetch(qtbot: Any, tab: Any, what: str = "all") -> None:
    with qtbot.waitSignal(tab.services.refresher.fetched, timeout=10000):
        tab.request_fetch(what)


def test_countdown_follows_the_injected_clock_and_expiry_turns_the_row_red(
    qtbot: Any, window: Any, clock: Any
) -> None:
    tab = window.tokens_tab
    window.tabs.setCurrentWidget(tab)
    tab.auto_refresh.setChecked(False)  # else the refresher replaces the token after 20 min
    assert not window.services.active_environment().auto_refresh
    _fetch(qtbot, tab, "access_token")
    row = tab.token_row
    assert row.countdown_text() == "1:00:00"
    assert row.state == STATE_OK
    clock.advance(61)
    qtbot.waitUntil(lambda: row.countdown_text() == "58:59", timeout=3000)
    clock.advance(58 * 60)
    qtbot.waitUntil(lambda: row.state == STATE_WARN, timeout=3000)
    assert row.countdown_text() == "00:59"
    assert "#b26a00" in row.bar.styleSheet()  # amber under five minutes
    clock.advance(60)
    qtbot.waitUntil(lambda: row.state == STATE_EXPIRED, timeout=3000)
    assert row.countdown_text() == "expired"
    assert "#c62828" in row.bar.styleSheet()
    assert "#c62828" in row.title.styleSheet()


def test_auto_refresh_fires_when_the_sandbox_clock_moves_forward(
    qtbot: Any, own_sandbox_services: Any, show_window: Any
) -> None:
    services = own_sandbox_services
    win = show_window(services)
    tab = win.tokens_tab
    win.tabs.setCurrentWidget(tab)
    assert tab.auto_refresh.isChecked()  # on by default for the sandbox
    _fetch(qtbot, tab)
    first = services.book().snapshot()
    assert first.access_token is not None and first.sign_ticket is not None
    assert tab.clock_widget.isVisible()
    with qtbot.waitSignal(services.refresher.auto_refreshed, timeout=10000):
        qtbot.mouseClick(tab.clock_buttons[1], Qt.MouseButton.LeftButton)  # +20 min
    after = services.book().snapshot()
    assert after.access_token.value != first.access_token.value
    assert after.sign_ticket.value != first.sign_ticket.value
    assert after.previous_sign_ticket.value == first.sign_ticket.value
    assert tab.previous_row.isVisible()
    assert tab.previous_row.countdown_text() == "05:00"
    assert "Refreshed the token and sign ticket automatically" in tab.status.text()
    win.close()


def test_auto_refresh_switch_is_off_by_default_outside_the_sandbox(window: Any) -> None:
    window.services.set_active_environment("F")
    assert not window.tokens_tab.auto_refresh.isChecked()
    window.services.set_active_environment("Local sandbox")
    assert window.tokens_tab.auto_refresh.isChecked()


def _answer_dialogs(qtbot: Any, handlers: list[Callable[[QWidget], bool]]) -> QTimer:
    """Poll for modal dialogs and hand each to the next handler (nested exec() loops)."""
    timer = QTimer()
    timer.setInterval(30)

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is not None and handlers and handlers[0](widget):
            handlers.pop(0)

    timer.timeout.connect(poll)
    timer.start()
    return timer


def test_kick_out_warning_for_a_bank_environment_and_paste_instead(qtbot: Any, window: Any) -> None:
    services = window.services
    services.set_active_environment("F")
    tab = window.tokens_tab
    seen: dict[str, str] = {}

    def warning(widget: QWidget) -> bool:
        if not isinstance(widget, KickOutWarning):
            return False
        seen["text"] = widget.text()
        widget.paste_button.click()
        return True

    def paste(widget: QWidget) -> bool:
        if not isinstance(widget, PasteDialog):
            return False
        widget.value.setText("PASTED-TOKEN-0123456789")
        widget.seconds.setValue(1200)
        widget.buttons.button(widget.buttons.StandardButton.Ok).click()
        return True

    timer = _answer_dialogs(qtbot, [warning, paste])
    tab.request_fetch("access_token")
    timer.stop()
    assert "kicks out any other system using the same app_id" in seen["text"]
    token = services.book().snapshot().access_token
    assert token is not None and token.pasted and token.value == "PASTED-TOKEN-0123456789"
    assert tab.token_row.countdown_text() == "20:00"
    assert "pasted" in tab.token_row.badge.text()
    assert not services.refresher.busy  # nothing was fetched


def test_cancel_on_the_kick_out_warning_fetches_nothing(qtbot: Any, window: Any) -> None:
    services = window.services
    services.set_active_environment("G1")
    services.update_environment(services.active_environment()._replace(app_id="wbx-partner"))
    services.set_secret("G1", "secret", "the-partners-secret")  # a server of theirs uses it

    def cancel(widget: QWidget) -> bool:
        if isinstance(widget, KickOutWarning):
            widget.cancel_button.click()
            return True
        return False

    timer = _answer_dialogs(qtbot, [cancel])
    window.tokens_tab.request_fetch("all")
    timer.stop()
    assert not window.services.refresher.busy
    assert window.services.book().snapshot().access_token is None


def test_user_ticket_form_requires_user_id_and_the_ticket_shows_used(
    qtbot: Any, window: Any
) -> None:
    tab = window.tokens_tab
    form = tab.user_form
    qtbot.mouseClick(form.fetch_button, Qt.MouseButton.LeftButton)
    assert form.error.text() == "USER_ID is required."
    form.edits["USER_ID"].setText("u-001")
    qtbot.mouseClick(form.fetch_button, Qt.MouseButton.LeftButton)
    assert form.error.text() == "mechant_id is required."
    form.mechant_id.setText("m-01")
    form.extend_info.setPlainText("{not json")
    qtbot.mouseClick(form.fetch_button, Qt.MouseButton.LeftButton)
    assert form.error.text() == "EXTEND_INFO is not valid JSON (line 1, column 2)."
    form.extend_info.setPlainText('{"channel": "app"}')
    refresher = tab.services.refresher
    with qtbot.waitSignals([refresher.busy_changed, refresher.busy_changed], timeout=10000):
        qtbot.mouseClick(form.fetch_button, Qt.MouseButton.LeftButton)
    assert refresher.last_error is None, refresher.last_error.detail
    assert tab.user_row.credential is not None
    assert tab.user_row.countdown_text() == "05:00"
    tab.services.book().mark_user_ticket_used()
    qtbot.waitUntil(lambda: tab.user_row.countdown_text() == "used", timeout=3000)


def test_bad_extend_info_is_explained_in_chinese_without_english(qtbot: Any, window: Any) -> None:
    from workbench.qt.i18n import LANG_EN, install_language

    form = window.tokens_tab.user_form
    form.edits["USER_ID"].setText("u-001")
    form.mechant_id.setText("m-01")
    form.extend_info.setPlainText('{"channel": "app",\n "x": }')
    install_language("zh")
    try:
        qtbot.mouseClick(form.fetch_button, Qt.MouseButton.LeftButton)
        shown = form.error.text()
        assert "EXTEND_INFO" in shown and "2" in shown and "7" in shown, shown
        assert "Expecting" not in shown and "JSON:" not in shown, shown
    finally:
        install_language(LANG_EN)
    assert form.extend_info.toPlainText() == '{"channel": "app",\n "x": }'  # nothing lost


def test_a_fetch_answered_after_a_switch_is_not_shown_as_the_new_environments(
    qtbot: Any, window: Any
) -> None:
    tab = window.tokens_tab
    services = window.services
    window.tabs.setCurrentWidget(tab)
    with qtbot.waitSignal(services.refresher.fetched, timeout=10000):
        tab.request_fetch("all")  # for the local sandbox, in use
        services.set_active_environment("F1")  # while it runs
    shown = tab.status.text()
    assert "Local sandbox" in shown and "not the one shown" in shown
    assert tab.token_row.credential is None  # F1 has none
    assert services.book_for("F1").snapshot().access_token is None
    services.set_active_environment(next(e.name for e in services.environments() if e.is_sandbox))
    assert tab.token_row.credential is not None  # where the token went


def test_the_paste_dialogs_expiry_time_says_whose_clock_it_is_on(
    qtbot: Any, window: Any, clock: Any
) -> None:
    tab = window.tokens_tab
    services = window.services
    window.tabs.setCurrentWidget(tab)
    seen: list[tuple[str, int]] = []

    def look() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PasteDialog))
        seen.append((dialog.by_time.text(), dialog.expiry.dateTime().toMSecsSinceEpoch()))
        dialog.reject()

    assert services.active_environment().is_sandbox
    sandbox_now = services.credential_clock().now_ms()  # the sandbox's
    QTimer.singleShot(100, look)
    tab.paste()
    services.set_active_environment("F1")
    QTimer.singleShot(100, look)
    tab.paste()
    assert seen[0][0] == "Expires at (sandbox clock)"  # where the sandbox's tokens live
    assert abs(seen[0][1] - (sandbox_now + 3_600_000)) < 5_000
    assert seen[1][0] == "Expires at (local time)"


def test_no_kick_out_question_for_an_environment_without_app_id_or_secret(
    qtbot: Any, window: Any
) -> None:
    window.services.set_active_environment("F1")  # shipped without either: nothing to kick out
    asked: list[str] = []
    window.services.credentials.asked.connect(lambda _env, choice: asked.append(choice))
    with qtbot.waitSignal(window.services.refresher.fetch_failed, timeout=10000):
        window.tokens_tab.request_fetch("access_token")
    assert asked == []
    assert "Enter the app_id and the secret first" in window.tokens_tab.status.text()


def _paste_instead(widget: QWidget) -> bool:
    """On the kick-out warning: "Paste a token/ticket instead"."""
    if isinstance(widget, KickOutWarning):
        widget.paste_button.click()
        return True
    return False


def test_check_connection_of_another_environment_pastes_into_its_own_book(
    qtbot: Any, window: Any
) -> None:
    services = window.services
    assert services.active_environment().is_sandbox
    tab = window.env_tab
    tab.show_environment("F")  # the guide's test account: an app_id and a secret
    tab.check_token.setChecked(True)

    def paste(widget: QWidget) -> bool:
        if not isinstance(widget, PasteDialog):
            return False
        widget.value.setText("F-SERVERS-TOKEN-0123456789")
        widget.buttons.button(widget.buttons.StandardButton.Ok).click()
        return True

    handlers = [_paste_instead, paste]
    timer = _answer_dialogs(qtbot, handlers)
    qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not handlers, timeout=5000)  # the paste dialog did come
    timer.stop()
    token = services.book_for("F").snapshot().access_token
    assert token is not None and token.value == "F-SERVERS-TOKEN-0123456789"
    assert services.book().snapshot().access_token is None  # not the sandbox's


def test_a_paste_for_a_bank_environment_counts_on_this_computers_clock_after_the_sandbox_moved(
    qtbot: Any, own_sandbox_services: Any, show_window: Any, clock: Any
) -> None:
    """The sandbox's clock was moved an hour ahead; an expiry time typed for a bank environment's
    pasted token is on this computer's clock: half an hour from now is accepted, not "passed"."""
    services = own_sandbox_services
    win = show_window(services)
    assert services.active_environment().is_sandbox
    before = services.credential_clock().now_ms()
    win.tokens_tab.advance_sandbox_clock(3600)
    moved = services.credential_clock
    qtbot.waitUntil(lambda: moved().now_ms() - before >= 3600_000, timeout=10000)
    tab = win.env_tab
    tab.show_environment("F")
    tab.check_token.setChecked(True)
    seen: dict[str, Any] = {}

    def paste(widget: QWidget) -> bool:
        if not isinstance(widget, PasteDialog):
            return False
        seen["default"] = widget.expiry.dateTime().toMSecsSinceEpoch()
        widget.value.setText("F-SERVERS-TOKEN-0123456789")
        widget.by_time.setChecked(True)
        half_hour = QDateTime.fromMSecsSinceEpoch(clock.now_ms() + 1800_000)
        widget.expiry.setDateTime(half_hour)
        widget.buttons.button(widget.buttons.StandardButton.Ok).click()
        seen["error"] = widget.error.text()
        if widget.isVisible():  # refused: close it, the test fails below
            widget.reject()
        return True

    handlers = [_paste_instead, paste]
    timer = _answer_dialogs(qtbot, handlers)
    qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not handlers, timeout=5000)
    timer.stop()
    assert seen["error"] == ""
    # the dialog offered an hour from this computer's now, not from the sandbox's moved clock
    assert abs(seen["default"] - (clock.now_ms() + 3600_000)) < 2000
    token = services.book_for("F").snapshot().access_token
    assert token is not None and token.value == "F-SERVERS-TOKEN-0123456789"
    left_s = (token.expires_ms - clock.now_ms()) / 1000
    assert 1790 <= left_s <= 1800
