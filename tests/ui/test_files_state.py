"""The Files tab tells the truth about the transfer at hand and keeps its controls still: the
Sign box during an upload, a form refilled after a cancelled download, the bar after a cancel,
the Download button's size, the download's sign, fileType/fileFormat on an upload with notice,
HASH_VALUE on screen, fileType in the window's language, a hint in the empty drop area."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from ui_helpers import ProxyClient
from ui_helpers import make_files_tab as make_tab

from workbench.qt.i18n import install_language
from workbench.ui.files.tab import FilesTab

TIMEOUT = 15000


def png(path: Path, side: int = 64) -> Path:
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor(30, 120, 200))
    assert image.save(str(path), "PNG")
    return path


def upload(qtbot: Any, tab: FilesTab, *paths: Path) -> None:
    panel = tab.upload
    tab.pages.setCurrentWidget(panel)
    panel.picker.add_paths([str(p) for p in paths])
    qtbot.waitUntil(lambda: not panel.picker.pending, timeout=TIMEOUT)
    qtbot.mouseClick(panel.upload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.handle is None, timeout=TIMEOUT)


@pytest.fixture
def chinese() -> Iterator[None]:
    install_language("zh")
    yield
    install_language("en")


def test_during_a_new_upload_the_sign_box_does_not_claim_the_last_uploads_sign(
    qtbot: Any, services: Any, tmp_path: Path
) -> None:
    tab = make_tab(qtbot, services)
    upload(qtbot, tab, png(tmp_path / "a.png"))
    caption = tab.upload.sign_table.caption
    assert "last upload" in caption.text()
    tab.upload.start_upload()  # the same file once more
    assert tab.upload.handle is not None
    assert "last upload" not in caption.text()
    assert "Uploading" in caption.text()
    qtbot.waitUntil(lambda: tab.upload.handle is None, timeout=TIMEOUT)
    assert "last upload" in caption.text()


def _cancelling_download(seen: list[int]) -> Any:
    def download(real: Any, *args: Any, progress: Any = None, cancel: Any = None, **kw: Any) -> Any:
        def report(done: int, total: int | None) -> None:
            seen.append(done)
            progress(done, total)
            if done > 0:
                cancel.set()

        return real.download(*args, progress=report, cancel=cancel, **kw)

    return download


def test_a_cancelled_download_leaves_no_time_left_and_a_refill_clears_it(
    qtbot: Any, services: Any, tmp_path: Path
) -> None:
    seen: list[int] = []
    tab = make_tab(
        qtbot,
        services,
        client_factory=lambda: ProxyClient(services.client(), download=_cancelling_download(seen)),
    )
    big = tmp_path / "big.zip"
    big.write_bytes(os.urandom(4 * 1024 * 1024))
    upload(qtbot, tab, big)
    file_id, hash_value = tab.upload.results.item(0, 1).text(), tab.upload.results.item(0, 2).text()
    panel = tab.download
    tab.show_download(file_id, hash_value, "big.zip")
    panel.dest.setText(str(tmp_path / "out.zip"))
    qtbot.mouseClick(panel.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.handle is None, timeout=TIMEOUT)
    assert seen, "the download never reported progress"
    assert "Cancelled" in panel.status.sentence
    assert "left" not in panel.transfer.detail.text()
    # Download again (the uploaded-files list): the old transfer's status goes
    qtbot.waitUntil(lambda: tab.uploaded.table.rowCount() == 1, timeout=TIMEOUT)
    tab.uploaded.table.selectRow(0)
    qtbot.mouseClick(tab.uploaded.download_button, Qt.MouseButton.LeftButton)
    assert panel.status.sentence == ""
    assert not panel.status.isVisible()
    assert not panel.transfer.isVisible()
    assert "Preview" in panel.sign_table.caption.text()  # not the cancelled one's sign


def test_the_cancel_of_a_running_transfer_drops_the_estimate(qtbot: Any, services: Any) -> None:
    from workbench.qt.file_jobs import Progress
    from workbench.ui.files.meter import TransferMeter

    tab = make_tab(qtbot, services)
    bar = tab.upload.transfer
    bar.start()
    bar.meter = TransferMeter(now=iter([0.0, 0.0, 1.0, 2.0] + [2.0] * 20).__next__)
    bar.update_progress(Progress(0, 1, "a.png", 0, 4_000_000))
    bar.update_progress(Progress(0, 1, "a.png", 1_000_000, 4_000_000))
    assert "0:03 left" in bar.detail.text()
    qtbot.mouseClick(bar.cancel_button, Qt.MouseButton.LeftButton)
    bar.cancelling()  # what the panel does on cancel_requested (no handle here)
    assert "left" not in bar.detail.text()
    bar.set_running(False)
    assert "left" not in bar.detail.text()


def test_the_download_button_keeps_its_size_and_the_sign_is_shown(
    qtbot: Any, services: Any, tmp_path: Path
) -> None:
    tab = make_tab(qtbot, services)
    upload(qtbot, tab, png(tmp_path / "a.png"))
    panel = tab.download
    tab.show_download(
        tab.upload.results.item(0, 1).text(), tab.upload.results.item(0, 2).text(), "a.png"
    )
    qtbot.waitUntil(lambda: panel.download_button.isVisible())
    before = panel.download_button.geometry()
    # the sign inputs and sign string, as on the Upload page, before the transfer
    assert panel.sign_box.isVisible()
    assert panel.sign_table.table.rowCount() >= 4
    assert "•" in panel.sign_table.sign_string.text()  # the ticket, masked
    assert "Preview" in panel.sign_table.caption.text()
    preview_sign = panel.sign_table.sign_value.text()
    panel.dest.setText(str(tmp_path / "copy.png"))
    qtbot.mouseClick(panel.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.handle is None, timeout=TIMEOUT)
    assert panel.status.state == "ok", panel.status.sentence
    qtbot.wait(0)  # let the layout settle
    after = panel.download_button.geometry()
    assert (after.x(), after.size()) == (before.x(), before.size())
    # after it, the sign really sent (its own nonce)
    assert "last download" in panel.sign_table.caption.text()
    assert panel.sign_table.sign_value.text() != preview_sign
    sent = panel.result.record.request.sign if panel.result else None
    assert sent is not None and panel.sign_table.sign_value.text() == sent.sign


def test_upload_with_notice_carries_file_type_and_file_format(
    qtbot: Any, services: Any, tmp_path: Path
) -> None:
    tab = make_tab(qtbot, services)
    panel = tab.notice
    tab.pages.setCurrentWidget(panel)
    panel.mode.setCurrentIndex(panel.mode.findData("json"))
    panel.file_type.setCurrentIndex(panel.file_type.findData("002"))
    panel.picker.add_paths([str(png(tmp_path / "licence.png"))])
    qtbot.waitUntil(lambda: not panel.picker.pending, timeout=TIMEOUT)
    sandbox = services.sandbox().sandbox
    before = len(sandbox.log())
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.handle is None, timeout=TIMEOUT)
    assert panel.status.state == "ok", panel.status.sentence
    notices = [e for e in sandbox.log()[before:] if e.path.endswith("/uploadJson")]
    assert notices, [e.path for e in sandbox.log()[before:]]
    assert notices[-1].query.get("fileType") == "002"
    assert notices[-1].query.get("fileFormat") == "png"


def test_the_uploaded_files_list_shows_hash_value_on_screen(
    qtbot: Any, services: Any, tmp_path: Path
) -> None:
    from workbench.ui.files.history_list import COL_HASH

    tab = make_tab(qtbot, services)
    tab.resize(1024, 700)
    upload(qtbot, tab, png(tmp_path / "a-file-with-a-rather-long-name.png"))
    table = tab.uploaded.table
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=TIMEOUT)
    left = table.columnViewportPosition(COL_HASH)
    right = left + table.columnWidth(COL_HASH)
    assert left >= 0 and right <= table.viewport().width()
    assert table.columnWidth(COL_HASH) >= table.fontMetrics().horizontalAdvance("0" * 6)


def test_file_type_reads_in_the_window_language_and_follows_a_switch(
    qtbot: Any, services: Any
) -> None:
    tab = make_tab(qtbot, services)
    combos = (tab.upload.file_type, tab.notice.file_type)
    for combo in combos:
        combo.setCurrentIndex(combo.findData("001"))
        assert combo.currentText() == "001 · ID card"
    install_language("zh")
    try:
        qtbot.waitUntil(lambda: all(c.currentText() == "001 · 身份证" for c in combos))
        assert all(c.currentData() == "001" for c in combos)
    finally:
        install_language("en")
    qtbot.waitUntil(lambda: tab.upload.file_type.currentText() == "001 · ID card")


def test_an_empty_drop_area_says_what_it_is_for(qtbot: Any, services: Any, tmp_path: Path) -> None:
    tab = make_tab(qtbot, services)
    listing = tab.upload.picker.list
    assert listing.count() == 0
    assert listing.hint.isVisible()
    assert "Drop files here" in listing.hint.text()
    hint = listing.hint.geometry()
    assert listing.viewport().rect().contains(hint)
    assert listing.hint.fontMetrics().boundingRect(listing.hint.text()).height() <= hint.height()
    tab.upload.picker.add_paths([str(png(tmp_path / "a.png"))])
    qtbot.waitUntil(lambda: listing.count() == 1, timeout=TIMEOUT)
    assert not listing.hint.isVisible()


def test_the_drop_hint_is_chinese_in_the_chinese_window(
    qtbot: Any, services: Any, chinese: None
) -> None:
    tab = make_tab(qtbot, services)
    text = tab.upload.picker.list.hint.text()
    assert "拖" in text


def test_a_good_result_is_green_as_on_every_other_tab(qtbot: Any) -> None:
    from workbench.ui.files.widgets import FilesStatusLine
    from workbench.ui.guide.theme import OK, status_colour
    from workbench.ui.widgets.common import StatusLine

    line = FilesStatusLine()
    qtbot.addWidget(line)
    line.show_state(FilesStatusLine.OK, "Saved.")
    green = status_colour(OK, line.palette())
    assert green.name() in line.styleSheet()
    link = line.palette().color(line.palette().ColorRole.Link)
    assert link.name() not in line.styleSheet()  # not the blue of a link
    # and the Composer's ✓ is a green too (its own constant): both read as "fine"
    mark = StatusLine()
    qtbot.addWidget(mark)
    mark.set_status(StatusLine.OK, "fine")
    shown = mark.mark.palette().color(mark.mark.foregroundRole())
    assert shown.green() > shown.red() and shown.green() > shown.blue()
    assert green.green() > green.red() and green.green() > green.blue()


def test_the_uploaded_list_opens_the_history_in_a_job_not_on_the_gui_thread(
    qapp: Any, qtbot: Any, tmp_path: Path, memory_keyring: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening the history may set a damaged file aside or migrate an old one: the Files tab's
    list of uploaded files must not do it on the GUI thread when it is first built."""
    import workbench.store.history as history_module
    from workbench.qt.services import make_services

    opened_on: list[bool] = []  # True: on the GUI thread

    class Watched(history_module.HistoryStore):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            opened_on.append(threading.current_thread() is threading.main_thread())
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(history_module, "HistoryStore", Watched)
    services = make_services(tmp_path / "p", start_sandbox=False, deferred_start=True)
    try:
        tab = make_tab(qtbot, services)
        qtbot.waitUntil(lambda: bool(opened_on), timeout=TIMEOUT)
        assert opened_on == [False]
        services.runner.wait_idle(5000)
        qapp.processEvents()
        assert tab.uploaded.table.rowCount() == 0
    finally:
        services.shutdown()


def test_one_environment_switch_reads_the_uploaded_list_once(
    qtbot: Any, services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.core.environment import KIND_CUSTOM, EnvironmentConfig
    from workbench.qt.history import KIND_UPLOAD

    tab = make_tab(qtbot, services)
    first = services.active_environment().name
    services.add_environment(EnvironmentConfig(name="Other", kind=KIND_CUSTOM))
    qtbot.waitUntil(lambda: not services.runner.running(), timeout=TIMEOUT)
    searched: list[str | None] = []
    search = services.history.search

    def counted(text: str, **kw: Any) -> Any:
        if kw.get("kind") == KIND_UPLOAD:
            searched.append(kw.get("env_name"))
        return search(text, **kw)

    monkeypatch.setattr(services.history, "search", counted)
    services.set_active_environment("Other")
    qtbot.waitUntil(lambda: not services.runner.running(), timeout=TIMEOUT)
    assert searched == ["Other"]
    assert "Other" in tab.uploaded.title.text()
    services.set_active_environment(first)
    qtbot.waitUntil(lambda: not services.runner.running(), timeout=TIMEOUT)
    assert searched == ["Other", first]
