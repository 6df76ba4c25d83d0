"""The Files tab driven like a user would, against the in-process sandbox (PROTOCOL P6, P10)."""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication
from ui_helpers import ProxyClient
from ui_helpers import make_files_tab as make_tab

from workbench.client.errors import LOCAL_FILE, ClientError
from workbench.core.credentials import ManualClock
from workbench.core.text import Text
from workbench.qt.file_jobs import Progress, local_file_error
from workbench.qt.services import make_services
from workbench.ui.files.meter import TransferMeter, format_bytes, format_duration
from workbench.ui.files.tab import PAGE_DOWNLOAD, FilesTab

TIMEOUT = 15000


# -- fixtures ------------------------------------------------------------------------------
@pytest.fixture
def files_services(request: pytest.FixtureRequest, qtbot: Any, profile_dir: Path) -> Iterator[Any]:
    """The window engineer's ``services`` fixture when it exists, else one built here."""
    try:
        yield request.getfixturevalue("services")
        return
    except pytest.FixtureLookupError:
        pass
    services = make_services(profile_dir, clock=ManualClock(), start_sandbox=True)
    qtbot.waitUntil(lambda: services.sandbox().state in ("running", "failed"), timeout=TIMEOUT)
    assert services.sandbox().state == "running", services.sandbox().error
    yield services
    services.runner.cancel_all()
    services.runner.wait_idle(5000)
    services.shutdown()


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
    assert panel.upload_button.isEnabled()
    qtbot.mouseClick(panel.upload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.handle is None, timeout=TIMEOUT)


def download(qtbot: Any, tab: FilesTab, dest: Path) -> None:
    panel = tab.download
    tab.pages.setCurrentWidget(panel)
    panel.dest.setText(str(dest))
    qtbot.mouseClick(panel.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.handle is None, timeout=TIMEOUT)


def status_in_chinese(panel: Any) -> str:
    """What ``panel``'s status line says once the window is switched to Chinese."""
    from workbench.qt.i18n import LANG_EN, LANG_ZH, install_language

    try:
        install_language(LANG_ZH)
        QApplication.processEvents()
        return str(panel.status.text())
    finally:
        install_language(LANG_EN)


# -- pure helpers --------------------------------------------------------------------------
def test_meter_averages_over_window_and_estimates_time_left() -> None:
    now = [0.0]
    meter = TransferMeter(window_s=3.0, now=lambda: now[0])
    for i in range(11):  # 1 MB per second for 10 s
        now[0] = float(i)
        meter.update(i * 1_000_000, 20_000_000)
    assert meter.speed() == pytest.approx(1_000_000)
    assert meter.seconds_left() == pytest.approx(10.0)
    assert meter.percent() == 50
    assert format_bytes(1_500_000) == "1.5 MB" and format_duration(75) == "1:15"


def test_local_errors_are_sentences() -> None:
    full = local_file_error(OSError(errno.ENOSPC, "No space left on device"), "/d/x.jpg")
    assert "disk is full" in full.text.en and "磁盘已满" in full.text.zh
    denied = local_file_error(PermissionError(errno.EACCES, "Permission denied"), "/d/x.jpg")
    assert "permission denied" in denied.text.en


# -- local files ---------------------------------------------------------------------------
def test_drop_adds_files_and_flags_empty_and_missing(
    qtbot: Any, files_services: Any, tmp_path: Path
) -> None:
    tab = make_tab(qtbot, files_services)
    good, empty = png(tmp_path / "a.png"), tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(good)),
            QUrl.fromLocalFile(str(empty)),
            QUrl.fromLocalFile(str(tmp_path / "gone.jpg")),
        ]
    )
    target = tab.upload.picker.list.viewport()
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, drop)
    picker = tab.upload.picker
    qtbot.waitUntil(lambda: not picker.pending, timeout=TIMEOUT)
    texts = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert len(texts) == 3
    assert texts[0].startswith("a.png")
    assert "empty file" in texts[1]
    assert texts[2].startswith("✗") and "does not exist" in texts[2]
    assert "empty (0 bytes)" in tab.upload.warning.text()
    assert picker.ready_paths() == [str(good), str(empty)]
    assert tab.upload.file_format.text() == ""  # png and pdf: each file's own extension


# -- round trip ----------------------------------------------------------------------------
def test_upload_then_download_round_trip_with_hash_checks(
    qtbot: Any, files_services: Any, tmp_path: Path
) -> None:
    tab = make_tab(qtbot, files_services)
    source = png(tmp_path / "licence.png")
    assert tab.upload.file_format.text() == ""
    upload(qtbot, tab, source)
    panel = tab.upload
    assert panel.status.state == "ok", panel.status.sentence
    md5 = hashlib.md5(source.read_bytes()).hexdigest()
    assert panel.results.rowCount() == 1
    assert panel.results.item(0, 2).text().lower() == md5  # HASH_VALUE
    assert panel.results.item(0, 3).text().lower() == md5  # local MD5
    assert panel.results.item(0, 4).text().startswith("✓")
    assert panel.sign_table.sign is not None
    assert "•" in panel.sign_table.sign_string.text()  # the ticket is masked
    # the upload lands in this environment's list, from history
    qtbot.waitUntil(lambda: tab.uploaded.table.rowCount() == 1, timeout=TIMEOUT)
    tab.uploaded.table.selectRow(0)
    qtbot.mouseClick(tab.uploaded.download_button, Qt.MouseButton.LeftButton)
    assert tab.pages.currentIndex() == PAGE_DOWNLOAD
    assert tab.download.hash_value.text().lower() == md5
    assert tab.download.content_type.currentText() == "image/png"
    dest = tmp_path / "out" / "copy.png"
    dest.parent.mkdir()
    download(qtbot, tab, dest)
    assert tab.download.status.state == "ok", tab.download.status.sentence
    assert dest.read_bytes() == source.read_bytes()
    assert md5 in tab.download.md5_label.text()
    qtbot.waitUntil(
        lambda: (
            tab.download.preview.pixmap() is not None and not tab.download.preview.pixmap().isNull()
        ),
        timeout=TIMEOUT,
    )
    assert tab.download.open_button.isVisible()


def test_download_json_error_is_explained_and_nothing_saved(
    qtbot: Any, files_services: Any, tmp_path: Path
) -> None:
    tab = make_tab(qtbot, files_services)
    upload(qtbot, tab, png(tmp_path / "x.png"))
    file_id = tab.upload.results.item(0, 1).text()
    tab.show_download(file_id, "0" * 32, "x.png")
    out = tmp_path / "out"
    out.mkdir()
    dest = out / "wrong.png"
    download(qtbot, tab, dest)
    assert tab.download.status.state == "fail"
    assert tab.download.explanation.isVisible()
    assert "nothing was saved" in tab.download.explanation.text()
    assert "code 6084" in tab.download.explanation.text()
    assert not dest.exists()
    assert list(out.iterdir()) == []


def test_cancel_midway_leaves_no_partial_file(
    qtbot: Any, files_services: Any, tmp_path: Path
) -> None:
    big = tmp_path / "big.zip"
    big.write_bytes(os.urandom(6 * 1024 * 1024))
    seen: list[int] = []

    def cancelling_download(
        real: Any, *args: Any, progress: Any = None, cancel: Any = None, **kw: Any
    ) -> Any:
        def report(done: int, total: int | None) -> None:
            seen.append(done)
            progress(done, total)
            if done > 0:
                cancel.set()  # what the Cancel button does, at a known moment: midway

        return real.download(*args, progress=report, cancel=cancel, **kw)

    tab = make_tab(
        qtbot,
        files_services,
        client_factory=lambda: ProxyClient(files_services.client(), download=cancelling_download),
    )
    upload(qtbot, tab, big)
    assert tab.upload.status.state == "ok", tab.upload.status.sentence
    tab.show_download(
        tab.upload.results.item(0, 1).text(), tab.upload.results.item(0, 2).text(), "big.zip"
    )
    out = tmp_path / "out"
    out.mkdir()
    dest = out / "big.zip"
    download(qtbot, tab, dest)
    assert seen and 0 < max(seen) < big.stat().st_size  # it really stopped midway
    assert "Cancelled" in tab.download.status.sentence
    assert not dest.exists()
    assert list(out.iterdir()) == []  # no temporary file left behind either


def test_full_disk_and_refused_host_are_sentences(
    qtbot: Any, files_services: Any, tmp_path: Path
) -> None:
    def full_disk(_real: Any, *_a: Any, **_kw: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    tab = make_tab(
        qtbot,
        files_services,
        client_factory=lambda: ProxyClient(files_services.client(), download=full_disk),
    )
    tab.show_download("F" * 40, "0" * 32, "x.jpg")
    download(qtbot, tab, tmp_path / "x.jpg")
    assert tab.download.status.state == "fail"
    assert "The disk is full" in tab.download.status.sentence

    def client_disk_error(_real: Any, *_a: Any, **_kw: Any) -> Any:
        # what the client raises when its temp file cannot be written (cause kept in detail)
        raise ClientError(
            LOCAL_FILE,
            Text("Cannot write x.jpg.", "无法写入 x.jpg。"),
            detail="[Errno 28] No space left on device",
        )

    tab_c = make_tab(
        qtbot,
        files_services,
        client_factory=lambda: ProxyClient(files_services.client(), download=client_disk_error),
    )
    tab_c.show_download("F" * 40, "0" * 32, "x.jpg")
    download(qtbot, tab_c, tmp_path / "x.jpg")
    assert "The disk is full" in tab_c.download.status.sentence

    from workbench.client.platform import PlatformClient

    # nothing listens on the discard port
    env = files_services.active_environment()._replace(file_base="https://127.0.0.1:9")
    refused = PlatformClient(
        env, files_services.active_secrets(), clock=files_services.clock, book=files_services.book()
    )
    with pytest.raises(ClientError) as caught:
        refused.upload(str(png(tmp_path / "y.png")), "999", "png")
    tab2 = make_tab(qtbot, files_services, client_factory=lambda: refused)
    upload(qtbot, tab2, tmp_path / "y.png")
    assert tab2.upload.status.state == "fail"
    assert caught.value.text.en in tab2.upload.status.sentence
    assert "Traceback" not in tab2.upload.status.sentence


def test_file_changed_while_uploading_is_reported(
    qtbot: Any, files_services: Any, tmp_path: Path
) -> None:
    source = tmp_path / "contract.pdf"
    source.write_bytes(b"%PDF-1.4 " + os.urandom(256 * 1024))

    def touching_upload(real: Any, path: str, *args: Any, **kw: Any) -> Any:
        result = real.upload(path, *args, **kw)
        with open(path, "ab") as f:  # another program appends while (just after) it is sent
            f.write(b"more")
        return result

    tab = make_tab(
        qtbot,
        files_services,
        client_factory=lambda: ProxyClient(files_services.client(), upload=touching_upload),
    )
    upload(qtbot, tab, source)
    assert "changed on disk while it was uploading" in tab.upload.warning.text()


def test_file_that_grows_during_upload_and_fails_says_why(
    qtbot: Any, files_services: Any, tmp_path: Path
) -> None:
    """The request's length is announced first: a file that grows breaks it, and the user is
    told the change is the likely cause (not only the platform's "no file part")."""
    source = tmp_path / "growing.log"
    source.write_bytes(os.urandom(64 * 1024))

    def growing_upload(real: Any, path: str, *args: Any, **kw: Any) -> Any:
        with open(path, "ab") as f:  # another program still writes it
            f.write(b"more")
        raise ClientError(LOCAL_FILE, Text("The platform refused it.", "平台拒绝了它。"))

    tab = make_tab(
        qtbot,
        files_services,
        client_factory=lambda: ProxyClient(files_services.client(), upload=growing_upload),
    )
    upload(qtbot, tab, source)
    assert tab.upload.status.state == "fail"
    warning = tab.upload.warning.text()
    assert "growing.log changed on disk while it was uploading" in warning
    assert "likely why it failed" in warning


# -- upload with notice --------------------------------------------------------------------
def test_notice_bad_biz_content_is_said_again_after_a_language_switch(
    qtbot: Any, files_services: Any, tmp_path: Path
) -> None:
    tab = make_tab(qtbot, files_services)
    panel = tab.notice
    tab.pages.setCurrentWidget(panel)
    panel.picker.add_paths([str(png(tmp_path / "id.png"))])
    qtbot.waitUntil(lambda: not panel.picker.pending, timeout=TIMEOUT)
    panel.biz_content.setPlainText("{bad json")
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    assert "bizContent is not valid JSON" in panel.status.text()
    assert "bizContent 不是合法的 JSON" in status_in_chinese(panel)
    assert panel.handle is None  # nothing was sent


def test_notice_bizpath_follows_the_environment_and_keeps_one_typed_for_it(
    qtbot: Any, files_services: Any
) -> None:
    from workbench.core.environment import KIND_CUSTOM

    services = files_services
    tab = make_tab(qtbot, files_services)
    panel = tab.notice
    first = services.active_environment()
    assert panel.biz_path.text() == first.biz_path != ""
    panel.biz_path.setText("typed-here")  # for this environment only
    services.update_environment(first._replace(read_timeout_s=31.0))  # an edit of it
    assert panel.biz_path.text() == "typed-here"
    services.rename_environment(first.name, first.name + " (renamed)")  # still the same one
    assert panel.biz_path.text() == "typed-here"
    first = services.active_environment()
    services.add_environment(first._replace(name="No bizPath", kind=KIND_CUSTOM, biz_path=""))
    services.set_active_environment("No bizPath")
    assert panel.biz_path.text() == ""  # not the other business's path
    assert any("bizPath" in p for p in panel.problems())  # so nothing is sent to it


def test_notice_uploads_form_and_json(qtbot: Any, files_services: Any, tmp_path: Path) -> None:
    tab = make_tab(qtbot, files_services)
    panel = tab.notice
    tab.pages.setCurrentWidget(panel)
    a, b = png(tmp_path / "a.png"), png(tmp_path / "b.png", 32)
    assert panel.biz_path.text() == files_services.active_environment().biz_path != ""
    panel.picker.add_paths([str(a), str(b)])
    qtbot.waitUntil(lambda: not panel.picker.pending, timeout=TIMEOUT)
    panel.biz_content.setPlainText('{"orderNo": ')
    assert "not valid JSON" in panel.send_button.toolTip()
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    assert panel.handle is None and "not valid JSON" in panel.status.sentence
    panel.biz_content.setPlainText('{"orderNo": "123"}')
    panel.mode.setCurrentIndex(panel.mode.findData("form"))
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.handle is None, timeout=TIMEOUT)
    assert panel.status.state == "ok", panel.status.sentence
    assert panel.results.rowCount() == 2
    names = {panel.results.item(r, 0).text() for r in range(2)}
    assert names == {"a.png", "b.png"}
    # uploadJson takes one file
    panel.mode.setCurrentIndex(panel.mode.findData("json"))
    assert "exactly one file" in panel.send_button.toolTip()
    panel.picker.list.item(1).setSelected(True)
    qtbot.mouseClick(panel.picker.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.handle is None, timeout=TIMEOUT)
    assert panel.status.state == "ok", panel.status.sentence
    assert panel.results.rowCount() == 1
    assert panel.results.item(0, 2).text().lower() == hashlib.md5(a.read_bytes()).hexdigest()
    qtbot.waitUntil(lambda: tab.uploaded.table.rowCount() == 3, timeout=TIMEOUT)


def test_notice_form_refuses_two_files_of_one_name_before_sending(
    qtbot: Any, files_services: Any, tmp_path: Path
) -> None:
    tab = make_tab(qtbot, files_services)
    tab.pages.setCurrentWidget(tab.notice)
    panel = tab.notice
    panel.mode.setCurrentIndex(panel.mode.findData("form"))
    for folder, side in (("a", 64), ("b", 32)):  # two files of one name, in two folders
        (tmp_path / folder).mkdir()
        panel.picker.add_paths([str(png(tmp_path / folder / "report.png", side))])
    qtbot.waitUntil(lambda: len(panel.picker.ready_paths()) == 2, timeout=TIMEOUT)
    sentence = "Not sent: more than one chosen file is named report.png"
    assert sentence in panel.send_button.toolTip()
    sandbox = files_services.sandbox().sandbox
    logged = len(sandbox.log())
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    assert panel.handle is None and panel.status.state == "fail"
    assert panel.status.sentence.startswith(sentence)
    assert "所选文件中有多个名为 report.png 的文件" in status_in_chinese(panel)
    files_services.runner.wait_idle(5000)
    assert len(sandbox.log()) == logged  # nothing was sent, not even a ticket fetch
    # uploadJson would say its own sentence (one file only); with one of them removed it goes
    panel.picker.list.item(1).setSelected(True)
    qtbot.mouseClick(panel.picker.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.handle is None, timeout=TIMEOUT)
    assert panel.status.state == "ok", panel.status.sentence


def test_progress_shows_bytes_speed_and_time_left(qtbot: Any, files_services: Any) -> None:
    tab = make_tab(qtbot, files_services)
    bar = tab.upload.transfer
    bar.start()
    bar.meter = TransferMeter(now=iter([0.0, 0.0, 1.0, 2.0]).__next__)
    bar.update_progress(Progress(0, 2, "a.png", 0, 4_000_000))
    bar.update_progress(Progress(0, 2, "a.png", 1_000_000, 4_000_000))
    text = bar.detail.text()
    assert "file 1 of 2: a.png" in text and "1.0 MB / 4.0 MB" in text
    assert "1.0 MB/s" in text and "0:03 left" in text
    assert bar.bar.value() == 25


def test_after_an_upload_the_sent_sign_survives_a_language_switch(
    qtbot: Any, files_services: Any, tmp_path: Path
) -> None:
    """The sign panel shows the sign really sent; switching the language keeps it (translated)
    instead of falling back to a preview with another nonce."""
    from workbench.qt.i18n import install_language

    tab = make_tab(qtbot, files_services)
    tab.upload.picker.add_paths([str(png(tmp_path / "a.png"))])
    qtbot.waitUntil(lambda: bool(tab.upload.picker.ready_paths()))
    tab.upload.start_upload()
    qtbot.waitUntil(lambda: tab.upload.handle is None, timeout=10000)
    sent = tab.upload._sent_sign
    assert sent is not None
    sign, nonce = sent
    try:
        install_language("zh")
        qtbot.waitUntil(lambda: "上传" in tab.upload.upload_button.text())
        assert tab.upload.sign_table.sign is sign  # the sent sign, not a new preview
        assert nonce in tab.upload.sign_table.caption.text()
        assert "上传" in tab.upload.sign_table.caption.text()
    finally:
        install_language("en")
