"""Screenshots of the composer in English and Chinese after a real send, checked not blank.

Set COMPOSER_SCREENS_DIR to keep the PNGs (to look at them); otherwise they go to a tmp folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from screen_checks import assert_looks_right

from workbench.qt.i18n import LANG_EN, LANG_ZH, install_language
from workbench.ui.composer.tab import ComposerTab


def _distinct_colours(image: QImage, step: int = 7) -> int:
    return len(
        {
            image.pixel(x, y)
            for y in range(0, image.height(), step)
            for x in range(0, image.width(), step)
        }
    )


@pytest.mark.parametrize("lang", [LANG_EN, LANG_ZH])
def test_composer_screens(qtbot: Any, services: Any, tmp_path: Path, lang: str) -> None:
    out = Path(os.environ.get("COMPOSER_SCREENS_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    tab = ComposerTab(services)
    qtbot.addWidget(tab)
    tab.resize(1280, 820)
    tab.show()
    try:
        install_language(lang)
        qtbot.wait(20)
        assert _distinct_colours(tab.grab().toImage()) > 8
        tab.grab().save(str(out / f"composer_noticket_{lang}.png"))
        tab.fetch_ticket()
        qtbot.waitUntil(lambda: not tab.is_fetching(), timeout=15000)
        tab.send()
        qtbot.waitUntil(lambda: tab.response.shown is not None, timeout=15000)
        qtbot.waitUntil(tab.response.body.highlighting_done, timeout=5000)
        shot = tab.grab().toImage()
        path = out / f"composer_{lang}.png"
        assert shot.save(str(path))
        assert _distinct_colours(shot) > 8, path
        words = {
            LANG_EN: ["Send", "Export", "Response", "History", "Platform code", "60840000"],
            LANG_ZH: ["发送", "导出", "应答", "历史", "60840000"],
        }[lang]
        assert_looks_right(tab, words)
        if lang == LANG_ZH:
            assert tab.send_action.text() == "发送"  # the .qm really loaded
        dialog = tab.open_export(sent=True)
        assert dialog is not None
        qtbot.addWidget(dialog)
        dialog.format.setCurrentIndex(3)
        dialog.grab().save(str(out / f"composer_export_{lang}.png"))
        assert "BizSeqNo" in dialog.text.toPlainText()
        dialog.close()
    finally:
        install_language(LANG_EN)
