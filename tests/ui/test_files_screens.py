"""Screenshots of the Files tab in English and Chinese, checked not to be blank.

Set FILES_SCREENS_DIR to keep the PNGs (to look at them); otherwise they go to a tmp folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from screen_checks import assert_looks_right

from workbench.qt.i18n import LANG_EN, LANG_ZH, install_language
from workbench.ui.files.tab import PAGE_DOWNLOAD, PAGE_NOTICE, PAGE_UPLOAD, FilesTab


def distinct_colours(image: QImage, step: int = 7) -> int:
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
    return len(seen)


WORDS = {
    LANG_EN: {
        PAGE_UPLOAD: ["Upload", "fileType", "Sign", "HASH_VALUE", "营业执照.png"],
        PAGE_NOTICE: ["Upload with notice", "bizPath", "fileType", "Drop files here"],
        PAGE_DOWNLOAD: ["Download", "FILE_ID", "Sign", "sign (SHA1):"],
    },
    LANG_ZH: {
        PAGE_UPLOAD: ["上传", "fileType", "签名", "HASH_VALUE", "营业执照.png"],
        PAGE_NOTICE: ["bizPath", "fileType", "拖到这里"],
        PAGE_DOWNLOAD: ["下载", "FILE_ID", "签名"],
    },
}


@pytest.mark.parametrize("lang", [LANG_EN, LANG_ZH])
def test_files_tab_screens(qtbot: Any, services: Any, tmp_path: Path, lang: str) -> None:
    out = Path(os.environ.get("FILES_SCREENS_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    tab = FilesTab(services, None)
    qtbot.addWidget(tab)
    tab.resize(1280, 820)
    tab.show()
    sample = tmp_path / "营业执照.png"
    image = QImage(48, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(200, 80, 40))
    image.save(str(sample))
    tab.pages.setCurrentIndex(PAGE_UPLOAD)
    tab.upload.picker.add_paths([str(sample)])
    qtbot.waitUntil(lambda: not tab.upload.picker.pending, timeout=10000)
    qtbot.mouseClick(tab.upload.upload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.upload.handle is None, timeout=10000)
    qtbot.waitUntil(lambda: tab.uploaded.table.rowCount() == 1, timeout=10000)
    try:
        install_language(lang)
        for page in (PAGE_UPLOAD, PAGE_NOTICE, PAGE_DOWNLOAD):
            tab.pages.setCurrentIndex(page)
            if page == PAGE_DOWNLOAD:
                tab.uploaded.table.selectRow(0)
                tab.uploaded.download_button.click()
            qtbot.wait(50)
            shot = tab.grab().toImage()
            path = out / f"files_{page}_{lang}.png"
            assert shot.save(str(path))
            assert distinct_colours(shot) > 8, path
            assert_looks_right(tab, WORDS[lang][page])
        if lang == LANG_ZH:
            assert tab.pages.tabText(PAGE_UPLOAD) != "Upload"  # the .qm really loaded
    finally:
        install_language(LANG_EN)


def test_the_uploaded_list_stays_readable_on_a_1024_pixel_screen(
    qtbot: Any, services: Any, tmp_path: Path
) -> None:
    """At 1024 px the four columns had about three characters each, the names wrapping over
    two lines: rows could not be told apart. FILE_ID steps aside there (Copy still gives it)."""
    from workbench.ui.files.history_list import COL_HASH, COL_ID, COL_NAME

    tab = FilesTab(services, None)
    qtbot.addWidget(tab)
    tab.resize(1000, 640)  # the tab's room in a 1024x700 window
    tab.show()
    sample = tmp_path / "business-licence-scan.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor(10, 80, 40))
    image.save(str(sample))
    tab.upload.picker.add_paths([str(sample)])
    qtbot.waitUntil(lambda: not tab.upload.picker.pending, timeout=10000)
    qtbot.mouseClick(tab.upload.upload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.uploaded.table.rowCount() >= 1, timeout=10000)
    table = tab.uploaded.table
    char = table.fontMetrics().horizontalAdvance("0")
    qtbot.waitUntil(lambda: table.isColumnHidden(COL_ID), timeout=3000)
    assert table.columnWidth(COL_NAME) >= 8 * char and table.columnWidth(COL_HASH) >= 8 * char
    assert not table.wordWrap()
    tab.resize(1900, 900)  # a wide screen: all four again
    qtbot.waitUntil(lambda: not table.isColumnHidden(COL_ID), timeout=3000)
    assert not table.isColumnHidden(COL_HASH)
