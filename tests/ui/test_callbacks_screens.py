"""Screenshots of the Callbacks tab's three pages in English and Chinese (not blank, not cut)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage
from screen_checks import assert_looks_right

from workbench.core.callback_codec import build_envelope
from workbench.qt.i18n import LANG_EN, LANG_ZH, install_language
from workbench.ui.callbacks.tab import CallbacksTab

WORDS = {
    LANG_EN: [["Verifier", "Salt:", "Valid"], ["Build signed envelope"], ["Replay"]],
    LANG_ZH: [["验签", "盐值：", "有效"], ["生成签名报文"], ["重放到地址"]],
}


def _not_blank(path: Path) -> bool:
    image = QImage(str(path))
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 23)
    }
    return len(colours) > 5


def test_callbacks_screens(
    qtbot: Any, qapp: Any, services: Any, clock: Any, tmp_path: Path
) -> None:
    tab = CallbacksTab(services)
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    tab.salt_box.use_typed("salt")
    body = build_envelope(
        '{"orderNo":"A1"}', salt="salt", trans_name="t", seq_no="1", timestamp_ms=clock.now_ms()
    ).to_json()
    tab.verifier.load_body(body)
    try:
        for lang in (LANG_EN, LANG_ZH):
            install_language(lang)
            qapp.processEvents()
            for page in range(3):
                tab.pages.setCurrentIndex(page)
                qapp.processEvents()
                path = tmp_path / f"callbacks-{lang}-{page}.png"
                assert tab.grab().save(str(path))
                assert _not_blank(path)
                assert_looks_right(tab, WORDS[lang][page])
        assert (
            tab.pages.tabText(0) != "Verifier"
            or not (Path(__file__).parents[2] / "resources/i18n/callbacks_zh_CN.qm").exists()
        )
    finally:
        install_language(LANG_EN)
        tab.shutdown()
