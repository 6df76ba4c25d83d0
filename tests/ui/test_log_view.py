"""Callbacks → Log, driven like a user: open a log, filter it, pick a row, cancel a big one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QGuiApplication

from tests.core.log_samples import SALT, LogBuilder, machine_zone, mixed_log
from workbench.core.log_report import local_offset_s
from workbench.ui.callbacks.log_model import COL_ACTION, COL_LINE, COL_VERDICT
from workbench.ui.callbacks.tab import PAGE_LOG, PAGE_VERIFIER, CallbacksTab


@pytest.fixture
def tab(qtbot: Any, services: Any) -> Iterator[CallbacksTab]:
    widget = CallbacksTab(services)
    qtbot.addWidget(widget)
    widget.resize(1280, 860)
    widget.show()
    widget.pages.setCurrentIndex(PAGE_LOG)
    box = widget.salt_box
    box.source.setCurrentIndex(box.source.findData("typed"))
    box.typed.setText(SALT)
    yield widget
    widget.shutdown()
    services.runner.wait_idle(10000)


def _log(clock: Any, items: int = 240, seed: int = 13) -> LogBuilder:
    """A log written just before the window's clock, in this machine's zone."""
    return mixed_log(items, seed=seed, now_ms=clock.now_ms() - 60_000, offset_s=local_offset_s())


def _load(qtbot: Any, tab: CallbacksTab, tmp_path: Path, b: LogBuilder) -> Path:
    path = tmp_path / "partner.log"
    path.write_bytes(b.text())
    with qtbot.waitSignal(tab.log.controller.scanned, timeout=20000):
        tab.log.open_path(str(path))
    return path


def _outcome_of(view: Any) -> Any:
    from workbench.core.log_report import ScanResult
    from workbench.qt.log_scan import ScanOutcome

    return ScanOutcome(ScanResult(), "", 0, {})


def _rows(tab: CallbacksTab) -> list[tuple[str, str]]:
    proxy = tab.log.model
    return [
        (proxy.index(r, COL_LINE).data(), proxy.index(r, COL_VERDICT).data())
        for r in range(proxy.rowCount())
    ]


def test_a_log_is_listed_row_by_row_with_verdicts_and_colours(
    qtbot: Any, tab: CallbacksTab, tmp_path: Path, clock: Any
) -> None:
    b = _log(clock)
    _load(qtbot, tab, tmp_path, b)
    view = tab.log
    assert view.table.isVisible() and not view.hint.isVisible()
    words = {
        "valid": "valid",
        "invalid": "invalid",
        "malformed": "malformed",
        "unchecked": "not checked",
        "ok": "ok",
        "error": "platform error",
    }
    assert _rows(tab) == [(str(e.line), words[e.status]) for e in b.expected]
    callbacks = Counter(e.status for e in b.expected if e.kind == "callback")
    assert f"{sum(callbacks.values())} callbacks" in view.summary.text()
    assert f"invalid {callbacks['invalid']}" in view.summary.text()
    # valid rows are tinted green, invalid ones red
    proxy = view.model
    tints: dict[str, QColor] = {}
    for r in range(proxy.rowCount()):
        brush = proxy.index(r, 0).data(Qt.ItemDataRole.BackgroundRole)
        tints[proxy.index(r, COL_VERDICT).data()] = brush.color() if brush else QColor()
    green, red = tints["valid"], tints["invalid"]
    assert green.green() > green.red() and red.red() > red.green()
    assert not tints["not checked"].isValid()  # requests: no tint


def test_filters_by_verdict_trans_name_and_search(
    qtbot: Any, tab: CallbacksTab, tmp_path: Path, clock: Any
) -> None:
    b = _log(clock)
    _load(qtbot, tab, tmp_path, b)
    view = tab.log
    view.status_filter.setCurrentIndex(view.status_filter.findData("invalid"))
    wanted = [e for e in b.expected if e.status == "invalid"]
    assert [i.line for i in view.visible_items()] == [e.line for e in wanted]
    view.status_filter.setCurrentIndex(0)
    name = next(e.trans_name for e in b.expected if e.kind == "callback" and e.trans_name)
    view.trans_filter.setCurrentIndex(view.trans_filter.findData(name))
    assert view.visible_items() and all(i.trans_name == name for i in view.visible_items())
    assert len(view.visible_items()) == sum(
        1 for e in b.expected if e.trans_name == name
    )  # the callbacks of that transName and the partner's answers to them
    view.trans_filter.setCurrentIndex(0)
    seq = next(e.seq_no for e in b.expected if e.kind == "answer")
    qtbot.keyClicks(view.search, seq)
    qtbot.waitUntil(lambda: len(view.visible_items()) < len(b.expected))
    assert {i.seq_no for i in view.visible_items()} == {seq}
    assert {i.kind for i in view.visible_items()} >= {"callback", "answer"}


def test_selecting_a_row_shows_the_callback_in_the_verifier(
    qtbot: Any, tab: CallbacksTab, tmp_path: Path, clock: Any
) -> None:
    b = _log(clock)
    _load(qtbot, tab, tmp_path, b)
    view = tab.log
    view.status_filter.setCurrentIndex(view.status_filter.findData("valid"))
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("callback"))
    item = view.visible_items()[0]
    rect = view.table.visualRect(view.model.index(0, COL_LINE))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: "Valid" in tab.verifier.status.text())
    assert tab.verifier.body.toPlainText() == item.text
    assert f"Line {item.line}: callback, valid" in view.detail.text()
    assert "judged against the time on the log line" in view.detail.text()
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    assert tab.pages.currentIndex() == PAGE_VERIFIER
    tab.pages.setCurrentIndex(PAGE_LOG)
    view.status_filter.setCurrentIndex(view.status_filter.findData("invalid"))
    tampered = view.visible_items()[0]
    view.select_row(0)
    qtbot.waitUntil(lambda: tab.verifier.body.toPlainText() == tampered.text)
    qtbot.waitUntil(lambda: "Valid" not in tab.verifier.status.text())
    assert "✗" in view.detail.text()


def test_a_request_url_opens_check_a_sign_in_one_click(
    qtbot: Any, tab: CallbacksTab, tmp_path: Path, clock: Any
) -> None:
    b = _log(clock)
    _load(qtbot, tab, tmp_path, b)
    view = tab.log
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("request"))
    item = view.visible_items()[0]
    index = view.model.index(0, COL_ACTION)
    assert index.data() == "Check a sign…"
    view.table.scrollTo(index)
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = view._last_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.url.text() == item.fields["url"]
    assert dialog.body.toPlainText() == item.fields["body"]
    dialog.close()  # and gone: one dialog a click must not pile up behind the window
    qtbot.waitUntil(lambda: not view.findChildren(type(dialog)), timeout=2000)


def test_a_big_load_can_be_cancelled_and_the_previous_log_stays(
    qtbot: Any, tab: CallbacksTab, tmp_path: Path, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from workbench.qt import log_scan as controller_module

    small = _log(clock, items=30)
    _load(qtbot, tab, tmp_path, small)
    view = tab.log
    shown = len(view.visible_items())
    big = tmp_path / "big.log"
    block = b"\n".join(small.lines[:80]) + b"\n"
    big.write_bytes(block * 400)  # 32,000 lines
    # The scan holds at its first progress report until Cancel was clicked, so that the click
    # lands mid-scan however fast or busy the machine is.
    clicked = threading.Event()
    real_scan = controller_module.scan_stream

    def held_scan(stream: Any, salt: Any, **kw: Any) -> Any:
        report = kw["progress"]

        def progress(done: int) -> None:
            report(done)
            clicked.wait(20)

        return real_scan(stream, salt, **{**kw, "progress": progress})

    monkeypatch.setattr(controller_module, "scan_stream", held_scan)
    with qtbot.waitSignal(view.controller.progressed, timeout=20000):
        view.open_path(str(big))
    assert view.cancel_button.isVisible() and view.progress.isVisible()
    assert "Reading the log" in view.status.text()
    with qtbot.waitSignal(view.controller.scan_cancelled, timeout=20000):
        qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
        clicked.set()
    assert "Cancelled" in view.status.text()
    assert not view.cancel_button.isVisible()
    assert len(view.visible_items()) == shown


def test_export_paste_and_drop(qtbot: Any, tab: CallbacksTab, tmp_path: Path, clock: Any) -> None:
    b = _log(clock, items=40, seed=3)
    view = tab.log
    QGuiApplication.clipboard().setText(b.text().decode("utf-8", "replace"))
    with qtbot.waitSignal(view.controller.scanned, timeout=20000):
        qtbot.mouseClick(view.paste_button, Qt.MouseButton.LeftButton)
    assert [i.line for i in view.visible_items()] == [e.line for e in b.expected]
    view.table.setFocus()
    with qtbot.waitSignal(view.controller.scanned, timeout=20000):  # Ctrl+V pastes again
        qtbot.keyClick(view.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    out = tmp_path / "scan.csv"
    with qtbot.waitSignal(view.controller.exported, timeout=20000):
        view.export_to(str(out))
    text = out.read_text(encoding="utf-8-sig")
    assert len(text.strip().splitlines()) == len(b.expected) + 1 and SALT not in text
    assert "Saved" in view.status.text()
    other = _log(clock, items=10, seed=99)
    dropped = tmp_path / "dropped.log"
    dropped.write_bytes(other.text())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(view.controller.scanned, timeout=20000):
        view.dropEvent(event)
    assert [i.line for i in view.visible_items()] == [e.line for e in other.expected]


def test_nothing_found_and_an_unreadable_file_are_one_sentence(
    qtbot: Any, tab: CallbacksTab, tmp_path: Path
) -> None:
    view = tab.log
    noise = tmp_path / "noise.log"
    noise.write_bytes(b"\xff\xfe hello\n" * 50)
    with qtbot.waitSignal(view.controller.scanned, timeout=20000):
        view.open_path(str(noise))
    assert "Nothing found in 50 lines" in view.status.text()
    with qtbot.waitSignal(view.controller.scan_failed, timeout=20000):
        view.open_path(str(tmp_path))
    assert view.status.text() == f"{tmp_path.name} is not a file."
    out = tmp_path / "no-such-folder" / "scan.csv"
    with qtbot.waitSignal(view.controller.export_failed, timeout=20000):
        view.controller.export_csv(str(out), _outcome_of(view), "zh")
    assert view.status.text() == "Cannot write scan.csv: no such file or folder."


def test_the_log_view_in_both_languages(
    qtbot: Any, qapp: Any, tab: CallbacksTab, tmp_path: Path, clock: Any
) -> None:
    from PySide6.QtGui import QImage

    from workbench.qt.i18n import LANG_EN, LANG_ZH, install_language

    _load(qtbot, tab, tmp_path, _log(clock, items=60))
    view = tab.log
    view.select_row(0)
    try:
        for lang, words in (
            (LANG_EN, ("Log", "Line", "callbacks")),
            (LANG_ZH, ("日志", "行", "条回调")),
        ):
            install_language(lang)
            qapp.processEvents()
            assert tab.pages.tabText(PAGE_LOG) == words[0]
            assert view.model.headerData(0, Qt.Orientation.Horizontal) == words[1]
            assert words[2] in view.summary.text()
            path = tmp_path / f"log-{lang}.png"
            assert tab.grab().save(str(path))
            image = QImage(str(path))
            colours = {
                image.pixel(x, y)
                for x in range(0, image.width(), 17)
                for y in range(0, image.height(), 17)
            }
            assert len(colours) > 8  # drawn, not blank
        assert "：" in view.detail.text()  # full-width punctuation in Chinese
    finally:
        install_language(LANG_EN)


def test_the_time_column_reads_as_a_moment_in_chinese(qapp: Any, tab: CallbacksTab) -> None:
    from workbench.qt.i18n import LANG_EN, LANG_ZH, install_language

    try:
        install_language(LANG_ZH)
        qapp.processEvents()
        # the log's time is when the line was written, not how long something took (用时)
        assert tab.log.model.headerData(2, Qt.Orientation.Horizontal) == "时间"
    finally:
        install_language(LANG_EN)


def test_a_big_scan_is_filtered_by_a_job(qtbot: Any, tab: CallbacksTab) -> None:
    from workbench.core.log_scan import LogItem
    from workbench.qt.log_scan import INLINE_FILTER_ITEMS

    items = [
        LogItem(
            line=n,
            kind="callback",
            text="{}",
            status="valid" if n % 3 else "invalid",
            seq_no=f"S{n}",
        )
        for n in range(1, INLINE_FILTER_ITEMS + 5000)
    ]
    controller = tab.log.controller
    tab.log.model.set_items(items, 0)  # the view shows the rows it is sent: they must be its own
    seen: list[list[int]] = []
    controller.filtered.connect(seen.append)
    controller.filter_rows(items, "invalid", "", None, "s3")
    assert not seen  # not on the GUI thread: the answer comes back as a signal
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    wanted = [
        i
        for i, item in enumerate(items)
        if item.status == "invalid" and "s3" in item.seq_no.lower()
    ]
    assert seen[-1] == wanted and wanted


def test_text_from_the_log_is_shown_as_written_never_as_html(qtbot: Any) -> None:
    from workbench.ui.callbacks.log_detail import LogDetail, LogSummary

    summary, detail = LogSummary(), LogDetail()
    qtbot.addWidget(summary)
    qtbot.addWidget(detail)
    hostile = '<h1>ALL VALID</h1><img src="/etc/x.png">'
    summary.set_summary(
        {
            "lines": 2,
            "kinds": {"callback": 2, "answer": 0, "request": 0, "platform_answer": 0},
            "verdicts": {"valid": 2},
            "answered": 0,
            "unanswered": 2,
            "answers_unmatched": 0,
            "trans_names": {},
            "duplicate_seq_no": {hostile: [1, 2]},
        }
    )
    assert hostile in summary.text()
    assert summary.textFormat() == Qt.TextFormat.PlainText
    assert detail.label.textFormat() == Qt.TextFormat.PlainText


@pytest.fixture
def in_beijing() -> Iterator[None]:
    with machine_zone("Asia/Shanghai"):
        yield


def test_a_utc_log_is_judged_in_the_zone_chosen_and_the_choice_is_remembered(
    qtbot: Any, qapp: Any, in_beijing: None, services: Any, tmp_path: Path
) -> None:
    from workbench.qt.i18n import LANG_EN, LANG_ZH, install_language
    from workbench.qt.window_state import CALLBACKS_LOG_ZONE

    b = LogBuilder(33, offset_s=0)  # a server whose log times are UTC, written without a zone
    for _ in range(4):
        trans, seq = b.callback("valid")
        b.answer(trans, seq)
    tab = CallbacksTab(services)
    qtbot.addWidget(tab)
    tab.pages.setCurrentIndex(PAGE_LOG)
    tab.salt_box.source.setCurrentIndex(tab.salt_box.source.findData("typed"))
    tab.salt_box.typed.setText(SALT)
    view = tab.log
    zone = view.zone_box.combo
    assert zone.currentText() == "This computer's zone (UTC+08:00)"
    _load(qtbot, tab, tmp_path, b)
    # read in this machine's zone (UTC+8), every callback and answer seems 8 hours early
    assert _rows(tab) == [(str(e.line), "invalid") for e in b.expected]
    view.select_row(0)
    assert "read as UTC+08:00" in view.detail.text()
    assert "4 callbacks fail only on a timestamp whole or half hours off" in (view.summary.text())
    # the user says the log is in UTC: read again (by a job), every callback is valid
    with qtbot.waitSignal(view.controller.scanned, timeout=20000):
        zone.setCurrentIndex(zone.findText("UTC"))
    assert {verdict for _line, verdict in _rows(tab)} == {"valid"}
    view.select_row(0)
    assert "read as" not in view.detail.text()
    assert services.state(CALLBACKS_LOG_ZONE) == "UTC"
    tab.shutdown()
    # the next window starts with the same choice, in either language
    again = CallbacksTab(services)
    qtbot.addWidget(again)
    assert again.log.zone_box.offset_s() == 0 and again.log.zone_box.combo.currentText() == "UTC"
    try:
        install_language(LANG_ZH)
        qapp.processEvents()
        assert again.log.zone_box.label.text() == "日志时间的时区："
        assert again.log.zone_box.combo.itemText(0) == "本机时区（UTC+08:00）"
    finally:
        install_language(LANG_EN)
    again.shutdown()
    services.runner.wait_idle(10000)


def test_a_log_in_the_repeated_hour_of_a_clock_change_says_what_it_cannot_tell(
    qtbot: Any, tab: CallbacksTab, tmp_path: Path
) -> None:
    """Berlin, the last Sunday of October: a log that starts inside the repeated hour does not
    say which pass wrote it. The row is invalid, its detail says that it is valid read as the
    other pass, and its time is shown as the line has it (not in today's offset)."""
    import calendar

    from workbench.core import log_items
    from workbench.ui.callbacks.log_model import COL_TIME

    ms = calendar.timegm((2026, 10, 25, 0, 20, 0, 0, 0, 0)) * 1000  # 02:20 in the first pass
    b = LogBuilder(91, now_ms=ms, offset_s=7200)
    b.callback("valid")
    log_items._offsets_of_quarter.cache_clear()
    try:
        with machine_zone("Europe/Berlin"):
            _load(qtbot, tab, tmp_path, b)
            view = tab.log
            assert _rows(tab) == [("1", "invalid")]
            assert view.model.index(0, COL_TIME).data().startswith("2026-10-25 02:")  # not 01:
            view.select_row(0)
            qtbot.waitUntil(lambda: "repeated when clocks went back" in view.detail.text())
    finally:
        log_items._offsets_of_quarter.cache_clear()


def test_an_empty_salt_decodes_the_log_and_judges_nothing(
    qtbot: Any, tab: CallbacksTab, tmp_path: Path, clock: Any
) -> None:
    tab.salt_box.typed.setText("")  # chosen "typed", nothing typed yet (or an environment's none)
    b = _log(clock, items=60)
    _load(qtbot, tab, tmp_path, b)
    verdicts = Counter(v for _line, v in _rows(tab))
    assert verdicts["invalid"] == 0 and verdicts["valid"] == 0  # not every callback "invalid"
    assert verdicts["not checked"] >= sum(1 for e in b.expected if e.kind == "callback")
