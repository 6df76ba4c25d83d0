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


def _wheel(widget: QWidget, steps: int = -3) -> None:
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_the_environment_form_instead_of_changing_a_timeout(
    qtbot: Any, window: Any
) -> None:
    tab = window.env_tab
    window.tabs.setCurrentWidget(tab)
    tab.show_environment("F1")
    form = tab.form
    before = form.read_timeout.value()
    mode = form.cert_mode.currentIndex()
    window.activateWindow()
    tab.env_list.setFocus()
    _wheel(form.read_timeout)
    _wheel(form.cert_mode)
    assert form.read_timeout.value() == before  # the pointer only passed over it
    assert form.cert_mode.currentIndex() == mode
    form.read_timeout.setFocus()
    qtbot.waitUntil(form.read_timeout.hasFocus, timeout=2000)
    _wheel(form.read_timeout, steps=-1)
    assert form.read_timeout.value() != before  # a focused spin box still takes the wheel


def test_a_new_environment_asks_for_a_client_certificate_and_shows_no_fake_host(
    qtbot: Any, window: Any, monkeypatch: Any
) -> None:
    from PySide6.QtCore import Qt

    from workbench.core.environment import CERT_PEM

    tab = window.env_tab
    window.tabs.setCurrentWidget(tab)
    monkeypatch.setattr(tab, "ask_name", lambda *_a: "Staging")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.form.cert_mode.currentData() == CERT_PEM
    assert tab.form.api_base.text() == ""
    assert "webank.com" not in tab.form.api_base.placeholderText()
    assert tab.form.api_base.placeholderText().startswith("required")


def test_built_in_environments_say_what_they_are_in_both_languages(qtbot: Any, window: Any) -> None:
    from workbench.qt.i18n import LANG_EN, LANG_ZH, install_language

    tab = window.env_tab
    labels = [tab.env_list.item(i).text() for i in range(tab.env_list.count())]
    assert {"F · dev", "F1 · test", "G1 · test", "Local sandbox"} <= set(labels)
    install_language(LANG_ZH)
    try:

        def labels_now() -> list[str]:
            return [tab.env_list.item(i).text() for i in range(tab.env_list.count())]

        qtbot.waitUntil(lambda: "本地沙箱" in labels_now())
        labels = labels_now()
        assert {"F · 开发", "F1 · 测试", "G1 · 测试", "本地沙箱", "生产"} <= set(labels)
        combo = [window.env_combo.itemText(i) for i in range(window.env_combo.count())]
        assert "本地沙箱" in combo
    finally:
        install_language(LANG_EN)


def test_the_sandboxs_locked_fields_do_not_look_editable(qtbot: Any, window: Any) -> None:
    tab = window.env_tab
    window.tabs.setCurrentWidget(tab)
    tab.show_environment("Local sandbox")
    qtbot.wait(20)
    locked = tab.form.api_base.grab().toImage()
    tab.show_environment("F1")
    qtbot.wait(20)
    editable = tab.form.api_base.grab().toImage()
    point = (locked.width() - 6, locked.height() // 2)  # right of any text, inside the frame
    assert locked.pixel(*point) != editable.pixel(*point)


def test_whitespace_marks_are_drawn_inside_values_with_glyphs_the_shipped_font_has() -> None:
    import shutil
    import subprocess

    import pytest

    from workbench.ui.composer.sign_view import WHITESPACE_MARKS, make_visible

    assert make_visible('{"name": "张 三",\r\n\t"x": 1} ') == '{"name":·"张·三",←↵→"x":·1}·'
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig's fc-list is not here")
    for mark in WHITESPACE_MARKS.values():
        # fontconfig is what Qt asks on Linux: which installed fonts have this character
        done = subprocess.run(
            ["fc-list", f":charset={ord(mark):x}", "family"], capture_output=True, text=True
        )
        families = done.stdout
        assert families.strip(), f"{mark} U+{ord(mark):04X}: no installed font has it (a box)"
        if "WenQuanYi" in subprocess.run(["fc-list"], capture_output=True, text=True).stdout:
            assert "WenQuanYi" in families, f"{mark} U+{ord(mark):04X} is not in the CJK font"


def test_choosing_no_salt_does_not_move_the_window_controls(qtbot: Any, window: Any) -> None:
    window.tabs.setCurrentIndex(4)
    qtbot.waitUntil(lambda: window.callbacks_tab is not None)
    from workbench.ui.callbacks.salt import SOURCE_NONE, SOURCE_TYPED, SaltBox

    salt = window.callbacks_tab.findChild(SaltBox)
    assert salt is not None
    page = window.callbacks_tab

    def where() -> tuple[int, int, int]:
        box = salt.window_box.mapTo(page, salt.window_box.rect().topLeft())
        below = salt.mapTo(page, salt.rect().bottomLeft()).y()
        return box.x(), box.y(), below  # the window controls, and where the page below starts

    qtbot.wait(100)  # the tab was just built: let its first layout finish

    before = where()
    for key in (SOURCE_NONE, SOURCE_TYPED, SOURCE_NONE):
        salt.source.setCurrentIndex(salt.source.findData(key))
        qtbot.wait(20)
        assert where() == before, key
    salt.source.setCurrentIndex(salt.source.findData(SOURCE_TYPED))
    assert salt.typed.isVisible() and not salt.env_hint.isVisible()


def test_a_json_mistake_in_the_body_is_one_whole_sentence_in_chinese(
    qtbot: Any, window: Any
) -> None:
    window.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: window.composer_tab is not None)
    editor = window.composer_tab.editor
    window.set_language("zh")
    try:
        editor.replace_body('{"a": "x')
        qtbot.waitUntil(lambda: "字符串没有结束引号" in editor.body_status.text(), timeout=5000)
        assert "Unterminated" not in editor.body_status.text()
        assert "第 1 行" in editor.body_status.text() or "1" in editor.body_status.text()
    finally:
        window.set_language("en")
    qtbot.waitUntil(lambda: "never closed" in editor.body_status.text(), timeout=5000)


def test_a_no_break_space_in_the_body_is_signed_and_sent_as_written(
    qtbot: Any, window: Any
) -> None:
    window.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: window.composer_tab is not None)
    tab = window.composer_tab
    body = '{"NAME":"张\u00a0三","NOTE":"a\u2028b"}'
    tab.editor.replace_body(body)
    assert tab.editor.body.toPlainText() == body  # Qt's own text would read "张 三" and "a\nb"

    def signed_body() -> str:
        result = tab.sign_view.result
        return next((v.text for v in result.ordered if v.source == "body"), "") if result else ""

    qtbot.waitUntil(lambda: signed_body() == body, timeout=5000)


def test_the_uploaded_files_list_reads_the_history_off_the_gui_thread(
    qtbot: Any, window: Any, monkeypatch: Any
) -> None:
    import threading

    history = window.services.history
    threads: list[str] = []
    real_search = history.search

    def search(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real_search(*args, **kwargs)

    monkeypatch.setattr(history, "search", search)
    window.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: window.files_tab is not None)
    uploaded = window.files_tab.uploaded
    uploaded.filter.setText("no such file")  # a search as the user types
    qtbot.waitUntil(lambda: len(threads) > 0, timeout=5000)
    assert threading.main_thread().name not in threads


def test_sending_a_test_callback_does_not_move_the_send_button(qtbot: Any, window: Any) -> None:
    from PySide6.QtCore import Qt

    window.tabs.setCurrentIndex(4)
    qtbot.waitUntil(lambda: window.callbacks_tab is not None)
    tab = window.callbacks_tab
    tab.pages.setCurrentIndex(2)
    receiver, sender = tab.receiver, tab.sender
    receiver.port.setValue(0)
    qtbot.mouseClick(receiver.start_stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: receiver.running, timeout=5000)
    qtbot.wait(50)

    def where() -> int:
        return sender.send_button.mapTo(window, sender.send_button.rect().topLeft()).y()

    before = where()
    qtbot.mouseClick(sender.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Delivered" in sender.send_status.text(), timeout=10000)
    qtbot.waitUntil(lambda: sender.answer.toPlainText() != "", timeout=5000)
    qtbot.wait(50)
    assert where() == before  # a second click lands on the button again
