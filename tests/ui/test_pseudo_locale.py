"""The pseudo-locale stretches every string by ~40%: no label, button, group title or tab of the
main window may be cut off at the default window size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QWidget

from workbench.core.credentials import ManualClock
from workbench.qt.pseudo import PseudoTranslator, install_pseudo_locale, pseudo
from workbench.ui.guide.layout_check import cut_text


@pytest.fixture
def pseudo_locale(qapp: QApplication) -> Iterator[PseudoTranslator]:
    translator = install_pseudo_locale(qapp)
    yield translator
    qapp.removeTranslator(translator)


@pytest.fixture
def main_window(request: pytest.FixtureRequest, qtbot: Any, profile_dir: Path) -> Iterator[Any]:
    """The window engineer's ``window`` fixture when there is one, else a window built here."""
    if "window" in request.fixturenames or _has_fixture(request, "window"):
        yield request.getfixturevalue("window")
        return
    from workbench.qt.services import make_services
    from workbench.ui.main_window import MainWindow

    services = make_services(profile_dir, clock=ManualClock(), start_sandbox=False)
    window = MainWindow(services)
    qtbot.addWidget(window)
    yield window
    window.close()
    services.shutdown()


def _has_fixture(request: pytest.FixtureRequest, name: str) -> bool:
    try:
        return bool(request._fixturemanager.getfixturedefs(name, request.node))
    except Exception:  # pytest internals changed: build the window here instead
        return False


def test_pseudo_text_is_longer_bracketed_and_keeps_placeholders() -> None:
    text = pseudo("Quit ({key}) with &File and %1 <b>now</b> &amp; later")
    assert text.startswith("[!! ") and text.endswith(" !!]")
    for kept in ("{key}", "&F", "%1", "<b>", "</b>", "&amp;"):
        assert kept in text
    assert "Quit" not in text  # accented
    assert len(pseudo("Send request")) >= 1.4 * len("Send request")
    assert pseudo("") == ""


def test_widgets_retranslate_into_the_pseudo_locale(qtbot: Any, qapp: QApplication) -> None:
    assert QCoreApplication.translate("Any", "Files") == "Files"
    translator = install_pseudo_locale(qapp)
    try:
        assert QCoreApplication.translate("Any", "Files") == pseudo("Files")
        label = QLabel()
        qtbot.addWidget(label)
        label.setText(label.tr("Files"))
        assert label.text().startswith("[!! ")
    finally:
        qapp.removeTranslator(translator)
    assert QCoreApplication.translate("Any", "Files") == "Files"


def test_the_checker_names_a_cut_button(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    button = QPushButton("A rather long caption for a narrow button", holder)
    QHBoxLayout(holder).addWidget(button)
    button.setObjectName("narrow_button")
    button.setFixedWidth(button.fontMetrics().horizontalAdvance("A rather"))
    holder.show()
    qtbot.waitExposed(holder)
    assert any("narrow_button" in found for found in cut_text(holder))
    button.setFixedWidth(button.sizeHint().width())
    holder.resize(holder.sizeHint())
    qtbot.wait(10)
    assert cut_text(holder) == []


def test_no_text_is_cut_off_in_any_tab(
    main_window: Any, pseudo_locale: PseudoTranslator, qtbot: Any, qapp: QApplication
) -> None:
    main_window.show()
    qtbot.waitExposed(main_window)
    tabs = main_window.tabs
    problems: list[str] = []
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        qapp.processEvents()
        assert "[!! " in tabs.tabText(index), "the tab title did not go through tr()"
        problems.extend(f"tab {index}: {found}" for found in cut_text(main_window))
    unique = sorted(set(problems))
    assert unique == [], "cut-off text in the pseudo-locale:\n" + "\n".join(unique)
