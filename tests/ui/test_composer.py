"""The composer, driven like a user drives it: typing, sending to the sandbox, history, export."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from ui_helpers import fetch_ticket as _fetch_ticket

from workbench.core.credentials import KIND_SIGN_TICKET
from workbench.core.sign import sign_request
from workbench.ui.composer.tab import ComposerTab


@pytest.fixture
def tab(qtbot: Any, services: Any) -> ComposerTab:
    widget = ComposerTab(services)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def _expected(tab: ComposerTab, ticket: str) -> str:
    env = tab.services.active_environment()
    return sign_request(
        app_id=env.app_id,
        version=env.version,
        nonce=tab.editor.nonce.text(),
        ticket=ticket,
        body=tab.editor.body.toPlainText(),
        type=tab.editor.type_value(),
    ).sign


def _send(qtbot: Any, tab: ComposerTab) -> None:
    qtbot.keyClick(tab.editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: (
            not tab.is_sending()
            and tab.response.shown is not None
            or tab.response._error is not None
        ),
        timeout=20000,
    )


def test_no_ticket_offers_a_fetch_and_then_signs(qtbot: Any, tab: ComposerTab) -> None:
    assert tab.sign_view.no_ticket.isVisibleTo(tab)
    ticket = _fetch_ticket(qtbot, tab)
    qtbot.waitUntil(lambda: not tab.sign_view.no_ticket.isVisibleTo(tab))
    assert tab.sign_view.sign.text() == _expected(tab, ticket)
    assert ticket not in tab.sign_view.sign_string_text()  # masked until "reveal"
    tab.sign_view.reveal.setChecked(True)
    assert ticket in tab.sign_view.sign_string_text()


def test_typing_updates_sign_string_and_sign(qtbot: Any, tab: ComposerTab) -> None:
    ticket = _fetch_ticket(qtbot, tab)
    tab.editor.replace_body("")
    qtbot.keyClicks(tab.editor.body, '{"A": "x y"}')
    # the box draws every space as · (the Copy button copies the real string)
    qtbot.waitUntil(lambda: '{"A":·"x·y"}' in tab.sign_view.sign_string_text())
    assert tab.sign_view.sign.text() == _expected(tab, ticket)
    # Chinese arrives as an input-method commit (keyClicks with non-ASCII aborts Qt)
    tab.editor.body.moveCursor(tab.editor.body.textCursor().MoveOperation.End)
    event = QInputMethodEvent("", [])
    event.setCommitString("张三")
    tab.editor.body.inputMethodEvent(event)
    qtbot.waitUntil(lambda: "张三" in tab.sign_view.sign_string_text())
    assert tab.sign_view.sign.text() == _expected(tab, ticket)
    # "…}张三" is not JSON: a warning with the position, and it is still signed
    qtbot.waitUntil(lambda: tab.editor.body_status.state == "warning")
    assert "line 1, column 13" in tab.editor.body_status.text()


def test_invisible_characters_are_drawn(qtbot: Any, tab: ComposerTab) -> None:
    before = tab.sign_updates
    tab.editor.replace_body(' {"a":\t1}\n')
    qtbot.waitUntil(lambda: tab.sign_updates > before)
    values = [tab.sign_view.table.item(r, 2).text() for r in range(tab.sign_view.table.rowCount())]
    assert '·{"a":→1}↵' in values


def test_bad_path_is_refused_with_a_sentence(qtbot: Any, tab: ComposerTab) -> None:
    tab.editor.path.setText("yh/100 02")
    qtbot.waitUntil(lambda: "system/service_code" in tab.sign_view.url_status.text())
    tab.send()
    assert "Not sent" in tab.status.text()


def test_send_shows_both_codes_and_lands_in_history(qtbot: Any, tab: ComposerTab) -> None:
    _fetch_ticket(qtbot, tab)
    tab.editor.path.setText("yh/10002")
    sent_nonce = tab.editor.nonce.text()
    _send(qtbot, tab)
    assert "60840000" in tab.response.platform_code.text()
    assert "66590000" in tab.response.biz_code.text()
    assert tab.response.biz_seq.text()
    assert tab.editor.nonce.text() != sent_nonce  # a fresh nonce for the next request
    qtbot.waitUntil(lambda: len(tab.history.entries()) == 1, timeout=10000)
    tab.editor.path.setText("sandbox/echo")
    tab.editor.replace_body("{}")
    tab.history.list.setCurrentRow(0)
    tab.history.reopen.click()
    assert tab.editor.path.text() == "yh/10002"
    assert tab.editor.nonce.text() == sent_nonce
    assert "ID_NO" in tab.editor.body.toPlainText()


def test_stale_ticket_is_refreshed_and_the_retry_is_shown(
    qtbot: Any, own_sandbox_services: Any
) -> None:
    tab = ComposerTab(own_sandbox_services)
    qtbot.addWidget(tab)
    tab.show()
    old = _fetch_ticket(qtbot, tab)
    # Another system fetches a new ticket (kick-out): ours stays valid 5 more minutes only.
    sandbox = own_sandbox_services.sandbox().sandbox
    client = own_sandbox_services.client()
    from workbench.client.book import CredentialBook
    from workbench.client.platform import PlatformClient

    other = PlatformClient(
        own_sandbox_services.active_environment(),
        own_sandbox_services.active_secrets(),
        book=CredentialBook(),
    )
    other.fetch_tickets(["sign"])
    other.close()
    sandbox.advance_clock(6 * 60)
    assert client.book.usable(KIND_SIGN_TICKET).value == old  # still believed good here
    tab.editor.path.setText("sandbox/echo")
    _send(qtbot, tab)
    assert "60841018" in tab.response.retried_note.text()
    assert "60840000" in tab.response.platform_code.text()


class _ArrivalFaults(dict):  # type: ignore[type-arg]
    """The sandbox's fault table, noting when a request has been read and its fault looked up
    (the sandbox logs a request only once it has answered)."""

    def __init__(self, faults: dict[Any, Any], arrived: threading.Event) -> None:
        super().__init__(faults)
        self._arrived = arrived

    def get(self, key: Any, default: Any = None) -> Any:
        self._arrived.set()
        return super().get(key, default)


def _notice_arrival(sandbox: Any) -> threading.Event:
    arrived = threading.Event()
    api = sandbox._api
    api.faults = _ArrivalFaults(api.faults, arrived)
    return arrived


def test_escape_lets_go_of_a_call_that_waits_for_its_answer(
    qtbot: Any, own_sandbox_services: Any
) -> None:
    from workbench.sandbox.services import Fault

    tab = ComposerTab(own_sandbox_services)
    qtbot.addWidget(tab)
    tab.show()
    _fetch_ticket(qtbot, tab)
    tab.editor.path.setText("sandbox/echo")
    sandbox = own_sandbox_services.sandbox().sandbox
    sandbox.set_fault("sandbox", "echo", Fault(delay_s=3.0))
    arrived = _notice_arrival(sandbox)
    sent_nonce = tab.editor.nonce.text()
    tab.editor.body.setFocus()
    qtbot.keyClick(tab.editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert tab.is_sending()
    # the sandbox has read the whole request and holds its (delayed) answer
    qtbot.waitUntil(arrived.is_set, timeout=10000)
    qtbot.keyClick(tab.editor.body, Qt.Key.Key_Escape)
    # at once, not when the platform answers
    assert not tab.is_sending()
    assert tab.send_action.isEnabled()
    assert "Cancelled" in tab.status.text()
    assert tab.response.status.text() == "Cancelled."
    assert tab.editor.nonce.text() != sent_nonce
    # the late answer is kept in the history only, marked as such
    qtbot.waitUntil(lambda: tab.history.list.count() == 1, timeout=10000)
    assert "(answer after Cancel)" in tab.history.list.item(0).text()
    assert tab.response.status.text() == "Cancelled."


def test_broken_answers_are_told_apart(qtbot: Any, own_sandbox_services: Any) -> None:
    from workbench.sandbox.services import FAULT_HTTP_500, FAULT_TRUNCATED, Fault

    tab = ComposerTab(own_sandbox_services)
    qtbot.addWidget(tab)
    tab.show()
    _fetch_ticket(qtbot, tab)
    tab.editor.path.setText("sandbox/echo")
    sandbox = own_sandbox_services.sandbox().sandbox
    sandbox.set_fault("sandbox", "echo", Fault(kind=FAULT_HTTP_500))
    _send(qtbot, tab)
    assert "HTTP 500" in tab.status.text()
    assert "gateway" in tab.response.status.text()
    tab.response.shown = None
    sandbox.set_fault("sandbox", "echo", Fault(kind=FAULT_TRUNCATED))
    _send(qtbot, tab)
    assert "cut off" in tab.status.text()
    assert "check before sending it again" in tab.response.status.text()


def test_invalid_utf8_file_is_refused_with_its_offset(
    qtbot: Any, tab: ComposerTab, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"a": "\xe4\xb8"}')
    before = tab.editor.body.toPlainText()
    tab.load_body_file(bad)
    qtbot.waitUntil(lambda: tab.status.state == "failed", timeout=5000)
    assert "offset 7" in tab.status.text()
    assert tab.editor.body.toPlainText() == before


def test_unreadable_body_file_and_save_target_get_a_sentence(
    qtbot: Any, tab: ComposerTab, tmp_path: Path
) -> None:
    before = tab.editor.body.toPlainText()
    for path in (tmp_path / "missing.json", tmp_path):  # not there; a folder
        tab.status.clear()
        tab.load_body_file(path)
        qtbot.waitUntil(lambda: tab.status.state == "failed", timeout=5000)
        assert "cannot be read" in tab.status.text()
        assert "unexpected" not in tab.status.text()
        assert tab.editor.body.toPlainText() == before
    dialog = tab.open_export(sent=False)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    buttons = [b.geometry() for b in (dialog.copy, dialog.save, dialog.close_button)]
    dialog.save_to(tmp_path / "no-such-folder" / "request.sh")
    qtbot.waitUntil(lambda: dialog.status.state == "failed", timeout=5000)
    assert "Could not save" in dialog.status.text()
    assert "unexpected" not in dialog.status.text()
    # the sentence appears beside the buttons: none of them moves under the pointer
    assert [b.geometry() for b in (dialog.copy, dialog.save, dialog.close_button)] == buttons


def test_draft_survives_a_restart(qtbot: Any, services: Any) -> None:
    first = ComposerTab(services)
    qtbot.addWidget(first)
    first.editor.path.setText("test/1001124639")
    first.editor.replace_body('{"KEEP": "我"}')
    first.editor.set_type("sign")
    first.shutdown()
    second = ComposerTab(services)
    qtbot.addWidget(second)
    assert second.editor.path.text() == "test/1001124639"
    assert second.editor.body.toPlainText() == '{"KEEP": "我"}'
    assert second.editor.type_value() == "sign"
    assert second.editor.nonce.text() == first.editor.nonce.text()


@pytest.mark.parametrize("kind", ["curl", "python"])
def test_exported_snippet_runs_against_the_sandbox(
    qtbot: Any, tab: ComposerTab, kind: str, tmp_path: Path
) -> None:
    if kind == "curl" and shutil.which("curl") is None:
        pytest.skip("no curl on this machine")
    ticket = _fetch_ticket(qtbot, tab)
    tab.editor.path.setText("sandbox/echo")
    tab.editor.replace_body('{"Q": "it\'s $HOME `x` 张三 😀"}')
    nonce = tab.editor.nonce.text()
    dialog = tab.open_export(sent=False)
    assert dialog is not None
    qtbot.addWidget(dialog)
    # The exported cURL owns the nonce it was signed with: the composer takes a fresh one.
    assert tab.editor.nonce.text() != nonce
    dialog.format.setCurrentIndex(0 if kind == "curl" else 1)
    script = tmp_path / ("replay.sh" if kind == "curl" else "replay.py")
    dialog.save_to(script)
    qtbot.waitUntil(lambda: script.exists() and dialog.status.state == "ok", timeout=5000)
    assert ticket not in script.read_text(encoding="utf-8")
    cmd = ["sh", str(script)] if kind == "curl" else [sys.executable, str(script)]
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE")
    }
    env["WEBANK_SIGN_TICKET"] = ticket  # the program reads the ticket from the variable it names
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
    assert "60840000" in run.stdout, run.stdout + run.stderr
    if kind == "python":  # a program signs anew: a second run works too
        again = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
        assert "platform code: 60840000" in again.stdout, again.stdout + again.stderr
    # and Send after the export is not refused as a replay
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "6084" in tab.response.platform_code.text(), timeout=20000)
    assert "60840000" in tab.response.platform_code.text()


def test_a_late_history_answer_for_the_previous_environment_does_not_replace_the_list(
    qtbot: Any, services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history is searched in pool jobs: when the search for environment A answers after
    the one for B (made active meanwhile), the list keeps B's calls."""
    from workbench.core.environment import KIND_CUSTOM, EnvironmentConfig
    from workbench.store.history import KIND_CALL, HistoryEntry

    for name in ("A", "B"):
        services.add_environment(EnvironmentConfig(name=name, kind=KIND_CUSTOM))
        services.history.add(
            HistoryEntry(
                kind=KIND_CALL, env_name=name, created_ms=1, title=f"call made in {name}", data={}
            )
        )
    services.set_active_environment("A")
    gate = threading.Event()
    search = services.history.search

    def slow_for_a(text: str, **kw: Any) -> Any:
        if kw.get("env_name") == "A":
            gate.wait(10)  # a big history or a busy disk
        return search(text, **kw)

    monkeypatch.setattr(services.history, "search", slow_for_a)
    tab = ComposerTab(services)  # its history search for A starts and waits
    qtbot.addWidget(tab)
    tab.show()
    panel = tab.history
    services.set_active_environment("B")  # the tab searches again, for B
    qtbot.waitUntil(lambda: panel.list.count() > 0, timeout=10000)
    gate.set()
    services.runner.wait_idle(5000)
    qtbot.wait(100)  # the late answer's delivery to the GUI thread
    rows = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert len(rows) == 1 and rows[0].endswith("call made in B"), rows
    assert [e.env_name for e in panel.entries()] == ["B"]


def test_closed_export_and_check_dialogs_are_deleted_not_kept_by_the_tab(
    qtbot: Any, tab: ComposerTab
) -> None:
    """Each open makes a new dialog holding the request body: closing it deletes it."""
    from workbench.ui.composer.check_dialog import CheckSignDialog
    from workbench.ui.composer.export_dialog import ExportDialog

    tab.editor.path.setText("sandbox/echo")
    for _ in range(3):
        for action, kind in (
            (tab.export_draft_action, ExportDialog),
            (tab.check_action, CheckSignDialog),
        ):
            action.trigger()
            dialogs = tab.findChildren(kind)
            assert len(dialogs) == 1, dialogs
            qtbot.mouseClick(dialogs[0].close_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda k=kind: not tab.findChildren(k), timeout=2000)


def test_export_last_sent_reaches_the_host_as_the_environment_it_was_sent_to(
    qtbot: Any, tab: ComposerTab, services: Any
) -> None:
    """Sent in A, B made active while the call is on its way: the export names A's client
    certificate and CA, not B's; once A is deleted, the dialog says so in one sentence."""

    from workbench.core.environment import (
        CA_BUNDLE,
        CERT_PEM,
        KIND_CUSTOM,
        EnvironmentConfig,
        TlsConfig,
    )

    ticket = _fetch_ticket(qtbot, tab)  # the sandbox's, good for A (same app_id and host)
    a = services.active_environment()._replace(name="A via sandbox", kind=KIND_CUSTOM)
    services.add_environment(a, services.secrets_for(services.active_environment().name))
    b_tls = TlsConfig(
        cert_mode=CERT_PEM,
        cert_path="/b-only/client-b.crt",
        key_path="/b-only/client-b.key",
        ca_mode=CA_BUNDLE,
        ca_path="/b-only/ca-b.pem",
    )
    services.add_environment(
        EnvironmentConfig(name="B", kind=KIND_CUSTOM, api_base=a.api_base, tls=b_tls)
    )
    services.set_active_environment(a.name)
    services.book().paste(KIND_SIGN_TICKET, ticket, 3600)  # no kick-out question for A
    tab.editor.path.setText("sandbox/echo")
    tab.send()
    assert tab.is_sending()
    services.set_active_environment("B")  # while the call is on its way
    qtbot.waitUntil(lambda: not tab.is_sending() and tab.response.shown is not None, timeout=20000)
    assert "60840000" in tab.response.platform_code.text()

    def exported(fmt: int) -> tuple[str, str]:
        dialog = tab.open_export(sent=True)
        assert dialog is not None
        qtbot.addWidget(dialog)
        dialog.format.setCurrentIndex(fmt)
        text, label = dialog.text.toPlainText(), dialog.source_label.text()
        dialog.close()
        return text, label

    for fmt in (0, 1, 2):  # cURL, Python, Java
        text, label = exported(fmt)
        assert a.tls.cert_path in text and a.tls.ca_path in text, text
        assert "/b-only/" not in text
    assert "It was sent to A via sandbox, not to the active environment" in label
    services.delete_environment(a.name)
    text, label = exported(0)
    assert a.tls.cert_path in text and "/b-only/" not in text
    assert "sent to the environment A via sandbox, which has since been deleted" in label


def test_exporting_a_draft_without_a_ticket_says_the_curl_will_be_refused(
    qtbot: Any, tab: ComposerTab
) -> None:
    from workbench.ui.composer.export_dialog import ExportDialog

    assert tab.services.book().usable("sign_ticket") is None  # none fetched yet
    tab.editor.path.setText("sandbox/echo")
    tab.export_draft_action.trigger()
    dialog = tab.findChildren(ExportDialog)[0]
    assert "no sign ticket yet" in dialog.source_label.text()
    assert "60841017" in dialog.source_label.text()
    dialog.close()


def test_the_copied_curl_command_sends_the_signed_body_with_its_no_break_space_and_u2028(
    qtbot: Any, tab: ComposerTab, tmp_path: Path
) -> None:
    """Copy takes the command itself, not the view's plain text: Qt's toPlainText() turns a
    no-break space into a space and U+2028 into a line break, which sent another body (60841018)."""
    if shutil.which("curl") is None:
        pytest.skip("no curl on this machine")
    ticket = _fetch_ticket(qtbot, tab)
    tab.editor.path.setText("sandbox/echo")
    tab.editor.replace_body('{"addr": "深圳\u00a0南山", "sep": "a\u2028b"}')
    dialog = tab.open_export(sent=False)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(0)  # cURL
    qtbot.mouseClick(dialog.copy, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert "\u00a0" in copied and "\u2028" in copied
    script = tmp_path / "copied.sh"
    script.write_text(copied, encoding="utf-8")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE")
    }
    env["WEBANK_SIGN_TICKET"] = ticket
    run = subprocess.run(["sh", str(script)], capture_output=True, text=True, timeout=60, env=env)
    assert "60840000" in run.stdout, run.stdout + run.stderr


def test_copy_and_save_of_a_program_for_a_request_it_cannot_replay_say_so_without_a_trace(
    qtbot: Any, services: Any, tmp_path: Path
) -> None:
    """An API base with a path prefix: the Python and Java programs cannot rebuild the call.
    Copy raised ValueError in its slot and copied nothing; Save raised the same."""
    from workbench.core.export import ExportRequest
    from workbench.ui.composer.export_dialog import ExportDialog

    request = ExportRequest(
        "POST", "https://gw.example.com/webank/api/s/sys/code?app_id=a&nonce=n", b"{}"
    )
    dialog = ExportDialog(services, request, None, source="draft")
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(1)  # Python
    assert "only cURL can replay it" in dialog.text.toPlainText()
    QApplication.clipboard().setText("before")
    qtbot.mouseClick(dialog.copy, Qt.MouseButton.LeftButton)  # an exception here fails the test
    assert QApplication.clipboard().text() == "before"
    target = tmp_path / "request.py"
    dialog.save_to(target)
    assert "only cURL can replay it" in dialog.status.text()
    services.runner.wait_idle(5000)
    assert not target.exists()
    dialog.format.setCurrentIndex(0)  # cURL replays anything
    qtbot.mouseClick(dialog.copy, Qt.MouseButton.LeftButton)
    assert "/webank/api/s/sys/code?app_id=a" in QApplication.clipboard().text()
