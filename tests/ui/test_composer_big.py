"""The composer with big bodies and a language switch: what the issue promises a user notices."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer

from workbench.core.sign import sign_request
from workbench.qt.i18n import LANG_EN, LANG_ZH, install_language
from workbench.store.drafts import DRAFT_FILE
from workbench.ui.composer.tab import ComposerTab


def _tab(qtbot: Any, services: Any) -> ComposerTab:
    tab = ComposerTab(services)
    qtbot.addWidget(tab)
    tab.resize(1280, 840)
    tab.show()
    return tab


def _expected_sign(tab: ComposerTab, body: str) -> str:
    env = tab.services.active_environment()
    return sign_request(
        app_id=env.app_id,
        version=env.version,
        nonce=tab.editor.nonce.text(),
        ticket="",
        body=body,
        type=tab.editor.type_value(),
    ).sign


def _big_body(mb: float) -> str:
    rows = int(mb * 1024 * 1024 / 100)
    return json.dumps([{"ID": i, "NAME": "名" + "x" * 70} for i in range(rows)], indent=1)


def test_status_lines_follow_a_language_switch(qtbot: Any, services: Any) -> None:
    tab = _tab(qtbot, services)
    tab.fetch_ticket()
    qtbot.waitUntil(lambda: not tab.is_fetching(), timeout=15000)
    tab.send()
    qtbot.waitUntil(lambda: not tab.is_sending() and tab.response.shown is not None, timeout=20000)
    qtbot.waitUntil(lambda: tab.editor.body_status.text() != "")
    assert tab.status.text() == "The platform accepted the request."
    assert tab.editor.body_status.text() == "Valid JSON"
    try:
        install_language(LANG_ZH)
        qtbot.waitUntil(lambda: tab.status.text() == "平台已受理请求。")
        assert tab.response.status.text() == "平台已受理请求。"
        assert tab.editor.body_status.text() == "JSON 有效"
        tab.editor.path.setText("no path")
        qtbot.waitUntil(lambda: "服务路径" in tab.sign_view.url_status.text())
        install_language(LANG_EN)
        qtbot.waitUntil(lambda: tab.status.text() == "The platform accepted the request.")
        assert "service path" in tab.sign_view.url_status.text()
    finally:
        install_language(LANG_EN)


def test_ten_mb_paste_keeps_the_window_responsive_signs_and_saves_the_draft(
    qtbot: Any, services: Any, wait_idle: Any
) -> None:
    tab = _tab(qtbot, services)
    body = _big_body(10)
    ticks: list[float] = []
    beat = QTimer(tab)
    beat.setInterval(10)
    beat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    beat.start()
    with qtbot.waitSignal(tab.editor.body.loaded, timeout=60000):
        tab.editor.body.set_text_lazy(body)
    beat.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert len(ticks) > 5 and max(gaps) < 2.0, f"event loop stalled {max(gaps):.2f} s"
    qtbot.waitUntil(lambda: tab.sign_view.sign.text() == _expected_sign(tab, body), timeout=10000)
    tab.draft.save_now()
    draft = Path(services.profile_dir) / DRAFT_FILE
    wait_idle(services)
    assert draft.read_text(encoding="utf-8") == body
    assert "body" not in services.ui_state("composer.draft")  # settings stay small


def test_a_draft_over_one_mb_survives_a_restart(
    qtbot: Any, qapp: Any, services: Any, clock: Any, wait_idle: Any
) -> None:
    from workbench.qt.services import make_services

    first = _tab(qtbot, services)
    body = _big_body(1.5)
    first.editor.replace_body(body)
    first.editor.path.setText("test/1001124639")
    first.shutdown()
    wait_idle(services)
    profile = Path(services.profile_dir)
    services.shutdown()

    again = make_services(profile, clock=clock, start_sandbox=False)
    try:
        second = _tab(qtbot, again)
        qtbot.waitUntil(lambda: len(second.editor.body.toPlainText()) == len(body), timeout=20000)
        assert second.editor.body.toPlainText() == body
        assert second.editor.path.text() == "test/1001124639"
        qtbot.waitUntil(lambda: second.sign_view.sign.text() == _expected_sign(second, body))
    finally:
        second.shutdown()
        wait_idle(again)
        again.shutdown()


def test_a_big_body_file_goes_in_slices_and_send_waits_for_the_last(
    qtbot: Any, services: Any, tmp_path: Path
) -> None:
    tab = _tab(qtbot, services)
    text = _big_body(3)
    path = tmp_path / "big.json"
    path.write_text(text, encoding="utf-8")
    tab.load_body_file(path)
    # the first slice is on screen while the rest is still coming: the window keeps answering
    qtbot.waitUntil(lambda: tab.editor.body.filling, timeout=10000)
    assert len(tab.editor.body.toPlainText()) < len(text)
    tab.send()
    assert not tab.is_sending()
    assert "still being put into the editor" in tab.status.text()
    qtbot.waitUntil(lambda: tab.status.text() == "Loaded big.json.", timeout=30000)
    assert tab.editor.body.toPlainText() == text
    qtbot.waitUntil(lambda: tab.sign_view.sign.text() == _expected_sign(tab, text))
