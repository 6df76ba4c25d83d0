"""The conformance kits in the window: Callbacks → Test my endpoint, and the Sandbox report,
driven with qtbot and read back from what is shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from tests.conformance import endpoints as ep
from tests.conformance.partner_client import PartnerClient
from workbench.conformance.battery import BATTERY
from workbench.core.sign import make_nonce
from workbench.qt.i18n import LANG_EN, LANG_ZH, install_language
from workbench.ui.callbacks.tab import PAGE_ENDPOINT, CallbacksTab
from workbench.ui.tokens_tab import TokensTab


@pytest.fixture
def tab(qtbot: Any, services: Any) -> Iterator[CallbacksTab]:
    widget = CallbacksTab(services)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    yield widget
    widget.shutdown()


def _cell(view: Any, row: int, column: int, role: Any = Qt.ItemDataRole.DisplayRole) -> Any:
    """What the table shows in a cell (through its model: a QTableWidget or a QTableView)."""
    model = view.table.model()
    return model.index(row, column).data(role)


def _column(view: Any, column: int) -> list[str]:
    return [_cell(view, row, column) for row in range(view.table.model().rowCount())]


def _run(qtbot: Any, tab: CallbacksTab, url: str) -> Any:
    tab.test_endpoint_action.trigger()
    assert tab.pages.currentIndex() == PAGE_ENDPOINT
    view = tab.endpoint_test
    tab.salt_box.use_typed(ep.SALT)
    view.url.clear()
    qtbot.keyClicks(view.url, url)
    view.allow_http.setChecked(True)
    with qtbot.waitSignals([view.controller.battery_finished], timeout=60000, raising=True):
        qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    return view


def test_a_correct_endpoint_fills_every_row_with_passed_and_saves_the_report(
    qtbot: Any, tab: CallbacksTab, services: Any
) -> None:
    rows: list[Any] = []
    with ep.serve(ep.reference) as url:
        tab.endpoint_test.controller.case_graded.connect(rows.append)
        view = _run(qtbot, tab, url)
    assert len(rows) == len(BATTERY)  # each row arrived live, one by one
    assert _column(view, 5) == ["passed"] * len(BATTERY)
    assert view.status.text().startswith(f"All {len(BATTERY)} cases passed.")
    saved = Path(view.controller.last_report_path)
    assert saved.parent == services.profile_dir / "reports" and saved.is_file()
    assert str(saved) in view.status.text()
    assert ep.SALT not in saved.read_text("utf-8")
    assert view.open_button.isEnabled() and view.save_button.isEnabled()


def test_a_planted_bug_is_named_in_its_rows_in_both_languages(
    qtbot: Any, tab: CallbacksTab
) -> None:
    with ep.serve(ep.reencodes_quote_plus) as url:
        view = _run(qtbot, tab, url)
    failed = [row for row, text in enumerate(_column(view, 5)) if text == "failed"]
    assert [view.table.item(r, 0).text() for r in failed] == [
        "valid, a '*' in Plain",
        "valid, a '~' in Plain",
    ]
    assert all("quote_plus" in view.table.item(r, 6).text() for r in failed)
    try:
        install_language(LANG_ZH)
        qtbot.waitUntil(lambda: view.table.item(failed[0], 5).text() == "未通过", timeout=3000)
        assert "可能的原因" in view.table.item(failed[0], 6).text()
        assert tab.pages.tabText(PAGE_ENDPOINT) == "测试我的接口"
    finally:
        install_language(LANG_EN)


def test_a_down_endpoint_and_a_missing_salt_get_one_sentence(qtbot: Any, tab: CallbacksTab) -> None:
    from workbench.sandbox.server import free_port

    tab.test_endpoint_action.trigger()
    view = tab.endpoint_test
    tab.salt_box.source.setCurrentIndex(tab.salt_box.source.findData("none"))
    qtbot.keyClicks(view.url, "http://127.0.0.1:9/cb")
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    assert view.status.text().startswith("Choose the salt above")
    tab.salt_box.use_typed(ep.SALT)
    view.url.clear()
    qtbot.keyClicks(view.url, f"http://127.0.0.1:{free_port()}/cb")
    view.allow_http.setChecked(True)
    with qtbot.waitSignal(view.controller.battery_failed, timeout=30000):
        qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    assert view.status.text() == (
        "Nothing answers at that address (connection refused, closed, or the host is unknown)."
    )
    assert view.table.rowCount() == 0 and view.run_button.isEnabled()


def test_the_sandbox_report_shows_the_clients_mistakes(
    qtbot: Any, services: Any, shared_sandbox: Any
) -> None:
    partner = PartnerClient(shared_sandbox.info())
    try:
        ticket = partner.ticket(partner.token())
        nonce = make_nonce()
        assert partner.call(ticket, nonce=nonce) == "60840000"
        assert partner.call(ticket, nonce=nonce) == "60840002"
    finally:
        partner.close()
    tokens = TokensTab(services)
    qtbot.addWidget(tokens)
    assert tokens.sandbox_report_action in tokens.actions()
    tokens.sandbox_report_action.trigger()
    view: Any = tokens._sandbox_report
    assert view is not None and view.isVisible()
    qtbot.waitUntil(lambda: view.refresh_button.isEnabled(), timeout=20000)
    paths = _column(view, 2)
    results = _column(view, 4)
    slips = _column(view, 5)
    replayed = max(i for i, s in enumerate(slips) if "used before" in s)
    assert paths[replayed] == "/api/s/sandbox/echo" and results[replayed] == "refused"
    assert "A nonce was used again" in view.findings.text()
    assert view.status.text().endswith("finding(s).")
    try:
        install_language(LANG_ZH)
        qtbot.waitUntil(lambda: view.windowTitle() == "沙箱报告", timeout=3000)
        assert _cell(view, replayed, 4) == "被拒"
    finally:
        install_language(LANG_EN)
    view.close()


def test_the_sandbox_report_shows_20000_requests(qtbot: Any, services: Any) -> None:
    """A long partner run: every row is there, the first and the last as graded, the last one
    reachable at the end of the table with both of its slips in sight."""
    from tests.conformance.graded import START_MS as start
    from tests.conformance.graded import graded_report
    from workbench.qt.conformance import iso_time
    from workbench.ui.widgets.common import ERROR_COLOUR, OK_COLOUR

    tokens = TokensTab(services)
    qtbot.addWidget(tokens)
    view: Any = tokens.open_sandbox_report()
    qtbot.waitUntil(lambda: view.refresh_button.isEnabled(), timeout=20000)  # its own refresh
    view.controller.sandbox_report_ready.emit(graded_report(20_000))
    assert view.table.model().rowCount() == 20_000
    assert [_cell(view, 0, c) for c in range(6)] == [
        iso_time(start),
        "POST",
        "/api/s/sandbox/echo0",
        "60840000",
        "accepted",
        "",
    ]
    last = [_cell(view, 19_999, c) for c in range(6)]
    assert last == [
        iso_time(start + 19_999),
        "GET",
        "/api/s/sandbox/echo19999",
        "60841018",
        "refused",
        "the nonce was used before (a replay)\nthe app held no live ticket",
    ]
    colour = _cell(view, 19_999, 4, Qt.ItemDataRole.ForegroundRole).color().name()
    assert colour == QColor(ERROR_COLOUR).name() != QColor(OK_COLOUR).name()
    assert _cell(view, 19_999, 5, Qt.ItemDataRole.ToolTipRole) == "nonce_reused, no_live_ticket"
    assert "20000 request(s), 6667 refused" in view.status.text()
    table = view.table
    table.scrollToBottom()

    def last_row_in_sight_with_its_two_lines() -> bool:
        end = table.rowViewportPosition(19_999) + table.rowHeight(19_999)
        two_lines = table.rowHeight(19_999) > table.rowHeight(19_998)  # 19,998: accepted
        return two_lines and 0 < end <= table.viewport().height()

    qtbot.waitUntil(last_row_in_sight_with_its_two_lines, timeout=5000)
    # the paths far down are longer than the first thousand Qt measures: none wraps
    path_width = table.fontMetrics().horizontalAdvance("/api/s/sandbox/echo19999")
    assert table.columnWidth(2) > path_width
    assert table.rowHeight(19_998) == table.rowHeight(0)  # a one-line row stays one line
    view.close()


def test_stop_ends_the_run_with_the_rows_so_far(qtbot: Any, tab: CallbacksTab) -> None:
    tab.test_endpoint_action.trigger()
    view = tab.endpoint_test
    tab.salt_box.use_typed(ep.SALT)
    with ep.serve(ep.slow(0.2)) as url:
        qtbot.keyClicks(view.url, url)
        view.allow_http.setChecked(True)
        with qtbot.waitSignal(view.controller.case_graded, timeout=20000):
            qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
        assert view.stop_button.isEnabled() and not view.run_button.isEnabled()
        with qtbot.waitSignal(view.controller.battery_finished, timeout=20000):
            qtbot.mouseClick(view.stop_button, Qt.MouseButton.LeftButton)
    assert 1 <= view.table.rowCount() < len(BATTERY)
    assert "Stopped before the end." in view.status.text()
    assert view.run_button.isEnabled() and not view.stop_button.isEnabled()


def test_plain_http_unticked_points_at_the_checkbox(qtbot: Any, tab: CallbacksTab) -> None:
    tab.test_endpoint_action.trigger()
    view = tab.endpoint_test
    tab.salt_box.use_typed(ep.SALT)
    qtbot.keyClicks(view.url, "http://127.0.0.1:9/cb")
    assert not view.allow_http.isChecked()
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "plain http" in view.status.text(), timeout=10000)
    # the window has no command-line flag: the sentence names the box to tick
    assert "Allow plain http" in view.status.text()
