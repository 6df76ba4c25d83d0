"""The Callbacks tab driven like a user would: typing, pasting, clicking, reading the verdict."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QPalette

from workbench.core.callback import verify_callback_body
from workbench.core.callback_codec import build_envelope
from workbench.store.history import KIND_CALLBACK_IN
from workbench.ui.callbacks.tab import PAGE_RESPONDER, PAGE_VERIFIER, CallbacksTab
from workbench.ui.callbacks.verifier import DEBOUNCE_MS

SALT = "ui-test-salt"
BUSINESS = '{"orderNo":"A1","amount":"12.50"}'


@pytest.fixture
def tab(qtbot: Any, services: Any) -> Iterator[CallbacksTab]:
    widget = CallbacksTab(services)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    yield widget
    widget.shutdown()


def body_at(ts: int, *, salt: str = SALT, business: str = BUSINESS) -> str:
    return build_envelope(
        business, salt=salt, trans_name="loanNotify", seq_no="S9", timestamp_ms=ts
    ).to_json()


def type_salt(qtbot: Any, tab: CallbacksTab, salt: str = SALT) -> None:
    box = tab.salt_box
    box.source.setCurrentIndex(box.source.findData("typed"))
    box.typed.clear()
    qtbot.keyClicks(box.typed, salt)


def verdict_text(qtbot: Any, tab: CallbacksTab, expected: str, timeout: int = 3000) -> str:
    qtbot.waitUntil(lambda: expected in tab.verifier.status.text(), timeout=timeout)
    return tab.verifier.status.text()


def test_valid_envelope_pasted(qtbot: Any, tab: CallbacksTab, clock: Any) -> None:
    type_salt(qtbot, tab)
    tab.verifier.body.setPlainText(body_at(clock.now_ms() - 3000))
    assert "Valid" in verdict_text(qtbot, tab, "Valid")
    assert "3 s ago" in tab.verifier.status.text()
    assert '"orderNo": "A1"' in tab.verifier.decoded.toPlainText()
    assert SALT not in tab.verifier.sign_input.text()  # the salt is masked in the sign input
    assert "•••" in tab.verifier.sign_input.text()


def test_tampered_envelope_shows_mismatch_and_marks_the_difference(
    qtbot: Any, tab: CallbacksTab, clock: Any
) -> None:
    type_salt(qtbot, tab)
    data = json.loads(body_at(clock.now_ms()))
    data["Signature"] = "0" + data["Signature"][1:]
    tab.verifier.body.setPlainText(json.dumps(data))
    verdict_text(qtbot, tab, "The signature does not match")
    assert "color:" in tab.verifier.given.text()  # the differing character is highlighted
    assert "0010" in tab.verifier.answer_hint.text()


def test_expired_envelope_says_its_age(qtbot: Any, tab: CallbacksTab, clock: Any) -> None:
    type_salt(qtbot, tab)
    tab.verifier.body.setPlainText(body_at(clock.now_ms() - 12 * 60_000))
    text = verdict_text(qtbot, tab, "outside")
    assert "±5 min" in text and "12 min ago" in text
    tab.salt_box.window_box.setValue(15)  # a wider window makes it valid, and is remembered
    verdict_text(qtbot, tab, "Valid")
    assert tab._services.ui_state("callbacks/window_min") == 15


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('{"Plain": "abc", "Signature": "x"', "not JSON"),
        ('{"Plain": "abc", "Signature": "x"}', "Timestamp is missing"),
        ('{"Plain":"a","Plain":"b","Signature":"x","Timestamp":"1"}', "appears twice"),
    ],
)
def test_malformed_envelopes_name_the_problem(
    qtbot: Any, tab: CallbacksTab, body: str, expected: str
) -> None:
    type_salt(qtbot, tab)
    tab.verifier.body.setPlainText(body)
    assert expected in verdict_text(qtbot, tab, "Malformed")


def test_body_pasted_with_its_log_line_is_checked(
    qtbot: Any, tab: CallbacksTab, clock: Any
) -> None:
    """Callbacks are copied out of logs with the logger's prefix: the envelope inside is
    checked, and the user is told the text around it was left out."""
    type_salt(qtbot, tab)
    line = f"2024-05-01 10:00:00.123 INFO [http-8] recv body={body_at(clock.now_ms())} (3 ms)"
    tab.verifier.body.setPlainText(line)
    assert "Valid" in verdict_text(qtbot, tab, "Valid")
    assert tab.verifier.diagnostics.isVisible()
    assert "log line" in tab.verifier.diagnostics.text()
    assert '"orderNo": "A1"' in tab.verifier.decoded.toPlainText()
    tab.verifier.body.setPlainText("INFO recv body={not json}")
    verdict_text(qtbot, tab, "Malformed")  # nothing readable inside: still malformed


def test_fields_mode_without_salt_decodes_plain(qtbot: Any, tab: CallbacksTab) -> None:
    tab.salt_box.source.setCurrentIndex(tab.salt_box.source.findData("none"))
    tab.verifier.inputs.setCurrentIndex(1)
    qtbot.keyClicks(tab.verifier.plain, "%7B%22k%22%3A%22v+w%22%7D")
    qtbot.keyClicks(tab.verifier.timestamp, "1")
    verdict_text(qtbot, tab, "Not checked")
    assert '"k": "v w"' in tab.verifier.decoded.toPlainText()
    tab.verifier.plain.setPlainText("%7B%zz")
    assert "not followed by two hex digits" in verdict_text(qtbot, tab, "Malformed")


def test_a_plain_pasted_with_its_line_end_is_valid_and_says_so(
    qtbot: Any, tab: CallbacksTab, clock: Any
) -> None:
    type_salt(qtbot, tab)
    sent = build_envelope(
        BUSINESS, salt=SALT, trans_name="loanNotify", seq_no="S9", timestamp_ms=clock.now_ms()
    )
    verifier = tab.verifier
    verifier.inputs.setCurrentIndex(1)  # the fields, pasted one by one from a log
    verifier.plain.setPlainText(sent.plain + "\n")
    verifier.signature.setText(sent.signature)
    qtbot.keyClicks(verifier.timestamp, sent.timestamp)
    verdict_text(qtbot, tab, "Valid")  # not "the sender used another encoder"
    assert "line end" in verifier.diagnostics.text() and verifier.diagnostics.isVisibleTo(tab)
    assert "another encoder" not in verifier.diagnostics.text()


def test_big_paste_is_checked_off_the_gui_thread(qtbot: Any, tab: CallbacksTab, clock: Any) -> None:
    type_salt(qtbot, tab)
    big = json.dumps({"blob": "x" * 5_000_000})
    tab.verifier.load_body(body_at(clock.now_ms(), business=big))
    assert "Checking" in tab.verifier.status.text()  # the GUI did not wait for the check
    verdict_text(qtbot, tab, "Valid", timeout=30000)


def test_big_paste_verdict_does_not_wait_for_the_editor(
    qtbot: Any, tab: CallbacksTab, clock: Any
) -> None:
    """A 5 MB paste: the verdict comes from the pasted text, before the editor has it all."""
    type_salt(qtbot, tab)
    body = body_at(clock.now_ms(), business=json.dumps({"blob": "x" * 5_000_000}))
    tab.verifier.body.setFocus()
    mime = QMimeData()
    mime.setText(body)
    tab.verifier.body.insertFromMimeData(mime)  # what Ctrl+V, the menu and a drop all call
    assert "Checking 5,000," in tab.verifier.status.text()
    assert "Checking" in tab.verifier.body.placeholderText()
    started = time.monotonic()
    verdict_text(qtbot, tab, "Valid", timeout=15000)
    assert time.monotonic() - started < 8  # ~2 s here; it was ~18 s (waiting for the editor)
    # the editor takes the text in after the verdict: it did not wait for it
    assert tab.verifier.body.document().characterCount() < len(body)
    assert tab.verifier.body.loading()


def test_big_paste_lands_in_the_editor_unchanged(qtbot: Any, tab: CallbacksTab, clock: Any) -> None:
    type_salt(qtbot, tab)
    business = json.dumps({"rows": [{"n": i, "s": "值 ~*"} for i in range(8000)]}, indent=1)
    body = json.dumps(json.loads(body_at(clock.now_ms(), business=business)), indent=2)
    assert len(body) > 300_000
    mime = QMimeData()
    mime.setText(body)
    tab.verifier.body.insertFromMimeData(mime)
    verdict_text(qtbot, tab, "Valid", timeout=15000)
    qtbot.waitUntil(lambda: not tab.verifier.body.loading(), timeout=30000)
    assert tab.verifier.body.toPlainText() == body
    assert not tab.verifier.body.isReadOnly()  # editable again once it is in
    timer = tab.verifier._timer  # a check the loaded text scheduled, if any: let it run
    if timer.isActive():
        with qtbot.waitSignal(timer.timeout, timeout=DEBOUNCE_MS * 10):
            pass
    assert tab.verifier.status.state != "pending"
    assert "Valid" in tab.verifier.status.text()  # not checked again: no "Checking…" flash


def test_empty_verifier_offers_a_signed_sample(
    qtbot: Any, tab: CallbacksTab, services: Any
) -> None:
    verifier = tab.verifier
    assert verifier.hint.isVisible() and not verifier.decoded_box.isVisible()
    assert services.active_secrets().salt  # the sandbox environment has a salt
    assert "valid" in verifier.hint.salt_note.text()
    qtbot.mouseClick(verifier.hint.sample_button, Qt.MouseButton.LeftButton)
    assert "Valid" in verdict_text(qtbot, tab, "Valid")
    assert not verifier.hint.isVisible() and verifier.decoded_box.isVisible()
    assert '"name": "张三"' in verifier.decoded.toPlainText()
    assert (
        verify_callback_body(
            verifier.body.toPlainText(), services.active_secrets().salt, services.clock.now_ms()
        ).status
        == "valid"
    )
    # decode only: the sample is still readable
    verifier.body.clear()
    tab.salt_box.source.setCurrentIndex(tab.salt_box.source.findData("none"))
    qtbot.waitUntil(verifier.hint.isVisible)
    assert "only decoded" in verifier.hint.salt_note.text()
    qtbot.mouseClick(verifier.hint.sample_button, Qt.MouseButton.LeftButton)
    verdict_text(qtbot, tab, "Not checked")


def test_verdict_banner_colour_says_the_verdict(qtbot: Any, tab: CallbacksTab, clock: Any) -> None:
    from workbench.ui.guide.theme import ERROR, OK, WARN, status_colour

    def banner_colour() -> str:
        return status_colour(
            {"ok": OK, "failed": ERROR, "warning": WARN}[tab.verifier.status.state],
            tab.verifier.palette(),
        ).name()

    type_salt(qtbot, tab)
    seen = {}
    for label, body in (
        ("Valid", body_at(clock.now_ms())),
        ("outside", body_at(clock.now_ms() - 20 * 60_000)),
        ("Malformed", '{"Plain": 1'),
    ):
        tab.verifier.body.setPlainText(body)
        verdict_text(qtbot, tab, label)
        assert banner_colour() in tab.verifier.status.styleSheet()
        seen[label] = banner_colour()
    assert len(set(seen.values())) == 3  # three verdicts, three colours
    base = tab.verifier.palette().color(QPalette.ColorRole.Base).name()
    assert base not in tab.verifier.status.styleSheet()  # tinted, not the bare background


def test_responder_builds_an_answer_the_core_accepts(
    qtbot: Any, tab: CallbacksTab, clock: Any
) -> None:
    type_salt(qtbot, tab)
    data = json.loads(body_at(clock.now_ms(), salt="other"))
    tab.verifier.body.setPlainText(json.dumps(data))
    verdict_text(qtbot, tab, "The signature does not match")
    qtbot.mouseClick(tab.verifier.answer_button, Qt.MouseButton.LeftButton)
    assert tab.pages.currentIndex() == PAGE_RESPONDER
    out = tab.responder.envelope_json()
    verdict = verify_callback_body(out, SALT, clock.now_ms())
    assert verdict.status == "valid"
    assert verdict.business_json == {"CODE": "0010", "DESC": "签名验证失败"}
    assert json.loads(out)["SeqNo"] == "S9" and json.loads(out)["transName"] == "loanNotify"
    assert "valid" in tab.responder.check.text()
    # a request envelope for QA's own server
    tab.responder.kind.setCurrentIndex(1)
    tab.responder.business.setPlainText('{"x": "~*"}')
    qtbot.mouseClick(tab.responder.build_button, Qt.MouseButton.LeftButton)
    verdict = verify_callback_body(tab.responder.envelope_json(), SALT, clock.now_ms())
    assert verdict.status == "valid" and verdict.decoded_plain == '{"x": "~*"}'


def test_listener_receives_sandbox_callback_and_replays(
    qtbot: Any, tab: CallbacksTab, services: Any, shared_sandbox: Any, clock: Any
) -> None:
    clock.set(shared_sandbox.clock.now_ms())  # the listener judges the sandbox's Timestamp
    assert services.active_environment().is_sandbox
    assert tab.salt_box.salt() == shared_sandbox.secrets().salt
    tab.pages.setCurrentIndex(2)
    rv = tab.receiver
    rv.port.setValue(0)
    qtbot.mouseClick(rv.start_stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rv.running, timeout=5000)
    assert rv.url.text().startswith("http://127.0.0.1:")

    qtbot.mouseClick(tab.sender.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Delivered" in tab.sender.send_status.text(), timeout=10000)
    assert "0000" in tab.sender.send_status.text()
    qtbot.waitUntil(lambda: rv.table.rowCount() == 1, timeout=5000)
    assert rv.table.item(0, 3).text().startswith("✓")
    assert rv.table.item(0, 1).text() == "loanResultNotify"
    qtbot.waitUntil(lambda: bool(services.history.search(kind=KIND_CALLBACK_IN)), timeout=5000)
    stored = services.history.search(kind=KIND_CALLBACK_IN)[0]
    assert shared_sandbox.secrets().salt not in json.dumps(stored.data)

    # a bad request: the listener answers 0001 and keeps running
    resp = requests.post(rv.url.text(), data=b"\x00garbage", timeout=10)
    assert (
        verify_callback_body(resp.content, tab.salt_box.salt(), clock.now_ms()).business_json[
            "CODE"
        ]
        == "0001"
    )
    qtbot.waitUntil(lambda: rv.table.rowCount() == 2, timeout=5000)
    assert rv.table.item(1, 3).text().startswith("✗")

    # replay the first one to the listener itself: its answer verifies
    rv.table.selectRow(0)
    tab.sender.replay_url.setText(rv.url.text())
    qtbot.mouseClick(tab.sender.replay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "HTTP 200" in tab.sender.replay_status.text(), timeout=10000)
    assert "signature valid" in tab.sender.replay_status.text()

    # a single click shows the verdict and the answer beside the list; Enter opens it
    rv.table.selectRow(1)
    assert "0001" in rv.detail.text() and "HTTP 200" in rv.detail.text()
    rv.table.selectRow(0)
    assert "Valid callback" in rv.detail.text() and "0000" in rv.detail.text()
    assert tab.pages.currentIndex() != PAGE_VERIFIER
    rv.table.setFocus()
    qtbot.keyClick(rv.table, Qt.Key.Key_Return)
    assert tab.pages.currentIndex() == PAGE_VERIFIER
    verdict_text(qtbot, tab, "Valid")
    tab.pages.setCurrentIndex(2)
    qtbot.mouseClick(rv.open_button, Qt.MouseButton.LeftButton)
    assert tab.pages.currentIndex() == PAGE_VERIFIER

    rv.stop()
    qtbot.waitUntil(lambda: not rv.running and "free" in rv.status.text(), timeout=5000)


def test_a_test_callback_to_our_listener_with_another_salt_names_that_choice(
    qtbot: Any, tab: CallbacksTab, services: Any, shared_sandbox: Any, clock: Any
) -> None:
    clock.set(shared_sandbox.clock.now_ms())
    tab.pages.setCurrentIndex(2)
    rv = tab.receiver
    rv.port.setValue(0)
    qtbot.mouseClick(rv.start_stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rv.running, timeout=5000)
    tab.salt_box.use_typed("not-the-sandbox-salt")
    qtbot.mouseClick(tab.sender.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "report" in tab.sender.send_status.text(), timeout=10000)
    said = tab.sender.send_status.text()
    assert "salt chosen above, which is not the sandbox's" in said  # the cause, not a slip


def test_listener_page_and_server_load_only_when_needed(qtbot: Any, services: Any) -> None:
    services.set_ui_state("callbacks/page", PAGE_VERIFIER)
    widget = CallbacksTab(services)
    qtbot.addWidget(widget)
    assert not widget.listener_built()
    widget.pages.setCurrentIndex(2)
    assert widget.listener_built() and widget.receiver.isVisibleTo(widget)
    widget.shutdown()


def test_listener_with_a_missing_certificate_names_it_in_both_languages(
    qtbot: Any, tab: CallbacksTab, tmp_path: Any
) -> None:
    from workbench.qt.i18n import LANG_EN, LANG_ZH, install_language

    receiver = tab.receiver
    receiver.scheme.setCurrentIndex(1)  # HTTPS
    receiver.port.setValue(0)
    receiver.cert.setText(str(tmp_path / "missing.pem"))
    receiver.key.setText(str(tmp_path / "missing.key"))
    qtbot.mouseClick(receiver.start_stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Could not start" in receiver.status.text(), timeout=5000)
    assert "missing.pem" in receiver.status.text() and "None" not in receiver.status.text()
    assert not receiver.running
    try:
        install_language(LANG_ZH)
        qtbot.waitUntil(lambda: "找不到证书或私钥文件" in receiver.status.text(), timeout=2000)
        assert "Could not start" not in receiver.status.text()
    finally:
        install_language(LANG_EN)


def test_importing_the_tab_loads_no_http_server() -> None:
    import subprocess
    import sys

    code = (
        "import sys, workbench.ui.callbacks.tab; "
        "print(sorted(m for m in ('werkzeug', 'requests') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "[]"


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.text(max_size=200))
def test_verifier_widget_never_raises_on_any_text(qtbot: Any, tab: CallbacksTab, text: str) -> None:
    tab.salt_box.source.setCurrentIndex(tab.salt_box.source.findData("typed"))
    tab.verifier.body.setPlainText(text)
    tab.verifier.check_now()
    shown = tab.verifier.status.text()
    assert shown  # always a sentence: a verdict, or the invitation to paste
