"""Screenshots of the guide's pieces in both languages are written and not blank."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget

from workbench.core.credentials import ManualClock
from workbench.qt.i18n import install_language
from workbench.screenshots import capture
from workbench.ui.guide import install_guide


def _distinct_colours(path: Path) -> int:
    image = QImage(str(path))
    assert not image.isNull(), path
    step = max(1, image.width() // 64)
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def test_tabs_walkthrough_and_notes_are_grabbed_in_both_languages(
    qtbot: Any, qapp: Any, profile_dir: Path, tmp_path: Path
) -> None:
    from workbench.qt.services import make_services

    services = make_services(profile_dir, clock=ManualClock(), start_sandbox=False)
    window = QMainWindow()
    window.tabs = QTabWidget(window)  # type: ignore[attr-defined]
    for name in ("Environment", "Tokens", "Composer", "Files", "Callbacks"):
        window.tabs.addTab(QLabel(name), name)  # type: ignore[attr-defined]
    window.setCentralWidget(window.tabs)  # type: ignore[attr-defined]
    fm = window.fontMetrics()
    window.resize(fm.averageCharWidth() * 120, fm.height() * 36)
    qtbot.addWidget(window)
    try:
        guide = install_guide(window, services)
        window.show()
        qtbot.waitUntil(guide.panel.isVisible)  # first run: the walkthrough is on the pictures
        written = capture(qapp, window, tmp_path, ["en", "zh"], notes=guide.show_notes)
        names = sorted(p.name for p in written)
        assert names == sorted(
            f"{tab}-{lang}.png"
            for lang in ("en", "zh")
            for tab in ("environment", "tokens", "composer", "files", "callbacks", "notes")
        )
        for path in written:
            assert _distinct_colours(path) > 3, f"{path.name} looks blank"
        # the tour follows the tabs as they are grabbed: the last was Callbacks, in Chinese
        assert guide.panel.title.text() == "校验回调"
    finally:
        install_language("en")
        window.close()
        services.shutdown()
