"""The Composer never shows stale or misleading state: a re-signed call says so with both signs,
a call on its way clears the previous answer, a reopened entry shows its stored answer marked as
from history, a replaced draft can be put back, and a history title names an HTTP failure."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from ui_helpers import fetch_ticket as _fetch_ticket

from workbench.ui.composer.tab import ComposerTab


@pytest.fixture
def tab(qtbot: Any, own_sandbox_services: Any) -> ComposerTab:
    widget = ComposerTab(own_sandbox_services)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def _send(qtbot: Any, tab: ComposerTab) -> None:
    with qtbot.waitSignal(tab.services.history_added, timeout=20000):
        qtbot.keyClick(tab.editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not tab.is_sending(), timeout=5000)


def _sent_sign(tab: ComposerTab) -> str:
    shown = tab.response.shown
    assert shown is not None, tab.response.status.text()
    sign = shown.result.record.request.sign
    assert sign is not None
    return sign.sign


def test_a_ticket_expired_on_screen_is_refetched_and_the_two_signs_are_shown(
    qtbot: Any, tab: ComposerTab, clock: Any
) -> None:
    _fetch_ticket(qtbot, tab)
    tab.editor.path.setText("sandbox/echo")
    qtbot.waitUntil(lambda: bool(tab.sign_view.sign.text()))
    on_screen = tab.sign_view.sign.text()
    clock.advance(3 * 3600)  # the ticket on screen has expired meanwhile
    _send(qtbot, tab)
    sent = _sent_sign(tab)
    assert sent != on_screen
    note = tab.response.retried_note
    assert note.isVisible()
    assert on_screen[:12] in note.text() and sent[:12] in note.text()
    assert "new one was fetched" in note.text()
    assert "60840000" in tab.response.platform_code.text()


def test_a_retried_call_names_the_refusal_and_both_signs(
    qtbot: Any, tab: ComposerTab, own_sandbox_services: Any
) -> None:
    from workbench.client.book import CredentialBook
    from workbench.client.platform import PlatformClient

    _fetch_ticket(qtbot, tab)
    other = PlatformClient(
        own_sandbox_services.active_environment(),
        own_sandbox_services.active_secrets(),
        book=CredentialBook(),
    )
    other.fetch_tickets(["sign"])  # kicks ours out: valid 5 more minutes on the platform
    other.close()
    own_sandbox_services.sandbox().sandbox.advance_clock(6 * 60)
    tab.editor.path.setText("sandbox/echo")
    qtbot.waitUntil(lambda: bool(tab.sign_view.sign.text()))
    on_screen = tab.sign_view.sign.text()
    _send(qtbot, tab)
    sent = _sent_sign(tab)
    text = tab.response.retried_note.text()
    assert "60841018" in text
    assert on_screen[:12] in text and sent[:12] in text


def test_the_previous_answer_is_cleared_while_the_next_call_is_on_its_way(
    qtbot: Any, tab: ComposerTab, own_sandbox_services: Any
) -> None:
    from workbench.sandbox.services import Fault

    _fetch_ticket(qtbot, tab)
    tab.editor.path.setText("sandbox/echo")
    _send(qtbot, tab)
    assert "60840000" in tab.response.platform_code.text()
    assert tab.response.body.toPlainText()
    own_sandbox_services.sandbox().sandbox.set_fault("sandbox", "echo", Fault(delay_s=1.0))
    qtbot.keyClick(tab.editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert tab.is_sending()
    assert tab.response.platform_code.text() == ""
    assert tab.response.body.toPlainText() == ""
    assert tab.response.http.text() == ""
    assert "previous one was cleared" in tab.response.status.text()
    qtbot.waitUntil(lambda: not tab.is_sending(), timeout=20000)
    assert "60840000" in tab.response.platform_code.text()


def _first_call_then_own_draft(qtbot: Any, tab: ComposerTab) -> None:
    """yh/10002 sent (it is in the history), then a draft of the user's own on screen."""
    _fetch_ticket(qtbot, tab)
    tab.editor.path.setText("yh/10002")
    _send(qtbot, tab)
    qtbot.waitUntil(lambda: tab.history.list.count() == 1, timeout=10000)
    tab.editor.path.setText("sandbox/echo")
    tab.editor.replace_body('{"mine": 1}')


def _reopen_first_call(qtbot: Any, tab: ComposerTab) -> None:
    tab.right.setCurrentWidget(tab.history)
    entries = tab.history.entries()
    tab.history.list.setCurrentRow(
        next(i for i, e in enumerate(entries) if e.data.get("service_code") == "10002")
    )
    qtbot.mouseClick(tab.history.reopen, Qt.MouseButton.LeftButton)


def test_reopen_shows_the_stored_answer_and_undo_puts_the_draft_back(
    qtbot: Any, tab: ComposerTab
) -> None:
    _first_call_then_own_draft(qtbot, tab)
    tab.response.show_pending()  # nothing on the pane from the call just made
    _reopen_first_call(qtbot, tab)
    assert tab.right.currentWidget() is tab.response
    assert "From the history" in tab.response.retried_note.text()
    assert "60840000" in tab.response.platform_code.text()
    assert "66590000" in tab.response.biz_code.text()
    assert tab.editor.path.text() == "yh/10002"
    assert tab.undo_button.isVisible()
    qtbot.mouseClick(tab.undo_button, Qt.MouseButton.LeftButton)
    assert tab.editor.path.text() == "sandbox/echo"
    assert tab.editor.body.toPlainText() == '{"mine": 1}'
    assert not tab.undo_button.isVisible()


def test_undo_of_a_reopen_puts_back_the_answer_the_draft_had_too(
    qtbot: Any, tab: ComposerTab
) -> None:
    _first_call_then_own_draft(qtbot, tab)
    _send(qtbot, tab)  # the user's own draft sent: its answer is on the pane
    qtbot.waitUntil(lambda: tab.history.list.count() == 2, timeout=10000)
    echo_body = tab.response.body.toPlainText()
    assert "mine" in echo_body and "66590000" not in tab.response.biz_code.text()
    _reopen_first_call(qtbot, tab)
    assert "66590000" in tab.response.biz_code.text()
    assert "From the history" in tab.response.retried_note.text()
    # Undo: the draft and the answer it had, not the reopened exchange's answer
    qtbot.mouseClick(tab.undo_button, Qt.MouseButton.LeftButton)
    assert tab.editor.path.text() == "sandbox/echo"
    assert tab.response.body.toPlainText() == echo_body
    assert "66590000" not in tab.response.biz_code.text()
    assert "From the history" not in tab.response.retried_note.text()


def test_a_template_over_a_changed_draft_can_be_undone(qtbot: Any, tab: ComposerTab) -> None:
    from workbench.core.templates import GUIDE_TEMPLATES

    tab.editor.path.setText("sandbox/echo")
    tab.editor.replace_body('{"mine": 2}')
    assert not tab.undo_button.isVisible()
    tab.apply_template(GUIDE_TEMPLATES[-1])
    assert tab.editor.body.toPlainText() != '{"mine": 2}'
    assert tab.undo_button.isVisible()
    assert "Undo" in tab.status.text()
    qtbot.mouseClick(tab.undo_button, Qt.MouseButton.LeftButton)
    assert tab.editor.body.toPlainText() == '{"mine": 2}'
    # typing after a template keeps the new draft: no stale Undo
    tab.apply_template(GUIDE_TEMPLATES[-1])
    qtbot.keyClicks(tab.editor.body, " ")
    assert not tab.undo_button.isVisible()


def test_a_history_title_for_an_http_500_names_it(
    qtbot: Any, tab: ComposerTab, own_sandbox_services: Any
) -> None:
    from workbench.sandbox.services import FAULT_HTTP_500, Fault

    _fetch_ticket(qtbot, tab)
    tab.editor.path.setText("sandbox/echo")
    own_sandbox_services.sandbox().sandbox.set_fault("sandbox", "echo", Fault(kind=FAULT_HTTP_500))
    _send(qtbot, tab)
    qtbot.waitUntil(lambda: tab.history.list.count() == 1, timeout=10000)
    row = tab.history.list.item(0).text()
    assert "HTTP 500" in row
    assert "?" not in row


def test_reopening_an_entry_whose_body_was_not_kept_whole_says_so(tab: ComposerTab) -> None:
    from workbench.qt.history import KIND_CALL, HistoryEntry

    tab.editor.replace_body('{"mine": 1}')
    cut = HistoryEntry(
        kind=KIND_CALL,
        env_name="Local sandbox",
        created_ms=0,
        title="sandbox/echo",
        data={"system": "sandbox", "service_code": "echo", "body_text": "", "body_cut": True},
    )
    tab.reopen(cut)
    assert tab.editor.body.toPlainText() == '{"mine": 1}'  # not replaced by nothing
    assert "too long to keep in history" in tab.status.text()
    masked = HistoryEntry(
        kind=KIND_CALL,
        env_name="Local sandbox",
        created_ms=0,
        title="sandbox/echo",
        data={
            "system": "sandbox",
            "service_code": "echo",
            "body_text": '{"ticket": "abcd…5678"}',
            "body_masked": True,
        },
    )
    tab.reopen(masked)
    assert tab.editor.body.toPlainText() == '{"ticket": "abcd…5678"}'
    assert "masked in history: check the body before sending" in tab.status.text()
