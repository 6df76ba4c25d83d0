"""Screenshots of the window, the Environment tab and the Tokens tab in English and Chinese.

Set ``WORKBENCH_SCREENS_DIR`` to keep the PNGs (to look at them); otherwise a tmp folder is used.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage
from screen_checks import assert_looks_right

WORDS = {
    "en": {
        "env": ["Environment", "Local sandbox", "(in use)", "API host", "app_id"],
        "tokens": ["Access token", "Sign ticket", "sandbox clock"],
    },
    "zh": {
        "env": ["环境", "本地沙箱", "（使用中）", "API 主机", "app_id"],
        "tokens": ["access_token 令牌", "sign 票据", "沙箱时钟"],
    },
}


def _distinct_colours(image: QImage) -> int:
    seen = set()
    step_x, step_y = max(1, image.width() // 60), max(1, image.height() // 60)
    for x in range(0, image.width(), step_x):
        for y in range(0, image.height(), step_y):
            seen.add(image.pixel(x, y))
    return len(seen)


def test_screens_in_both_languages(qtbot: Any, window: Any, tmp_path: Path) -> None:
    out = Path(os.environ.get("WORKBENCH_SCREENS_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    with qtbot.waitSignal(window.services.refresher.fetched, timeout=10000):
        window.tokens_tab.request_fetch("all")
    window.resize(1100, 760)
    for lang, first_tab in (("en", "Environment"), ("zh", "环境")):
        window.set_language(lang)
        qtbot.waitUntil(lambda t=first_tab: window.tabs.tabText(0) == t)
        for index, name in ((0, "env"), (1, "tokens")):
            window.tabs.setCurrentIndex(index)
            qtbot.wait(20)
            for what, widget in (("window", window), ("tab", window.tabs.currentWidget())):
                path = out / f"{name}-{what}-{lang}.png"
                assert widget.grab().save(str(path))
                image = QImage(str(path))
                assert image.width() > 300 and image.height() > 200
                assert _distinct_colours(image) > 3, f"{path} looks blank"
            assert_looks_right(window, WORDS[lang][name])
    window.set_language("en")
