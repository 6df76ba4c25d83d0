"""The window is on screen before PySide builds its Qt namespace (issue 14: building it makes 93
Python enums, about 15 ms of a 0.15 s start), and nothing the first page shows is lost for it.

The first page sets its few Qt values as properties (ui/widgets/early.py); the menus' shortcuts
come right after the first paint; and PySide no longer reads the source of the workbench's own
modules (workbench/qt/source_scan.py).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from tests.startup_probe import probed_start
from workbench.qt import source_scan
from workbench.qt.services import make_services
from workbench.ui import main_window
from workbench.ui.guide.theme import apply_code_font, monospace_font
from workbench.ui.main_window import MainWindow
from workbench.ui.widgets import early
from workbench.ui.widgets.common import ERROR_COLOUR, StatusLine, tint
from workbench.ui.widgets.flow import FirstPageFlowLayout, FlowLayout
from workbench.ui.widgets.wheel import FocusWheelComboBox, FocusWheelDoubleSpinBox


@pytest.mark.parametrize("painted", [False, True], ids=["shown", "painted"])
def test_the_window_is_shown_and_painted_before_the_qt_namespace_is_built(
    tmp_path: Path, painted: bool
) -> None:
    lines = probed_start(tmp_path / "p", painted=painted)
    assert "qt namespace unbuilt" in lines
    # nor dataclasses: their import and generated code took about 4 ms (core/environment.py)
    assert "dataclasses unimported" in lines


def test_the_numbers_of_the_first_page_are_qts_own(qapp: Any) -> None:
    assert Qt.AlignmentFlag.AlignCenter.value == early.ALIGN_CENTER
    assert (Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft).value == early.ALIGN_TOP_LEFT
    assert Qt.FocusPolicy.StrongFocus.value == early.STRONG_FOCUS
    assert Qt.TextInteractionFlag.TextSelectableByMouse.value == early.TEXT_SELECTABLE_BY_MOUSE
    assert Qt.ItemDataRole.UserRole.value == early.USER_ROLE


def test_the_first_pages_widgets_get_the_same_values_as_before(qapp: Any) -> None:
    holder = QWidget()
    label = QLabel(holder)
    early.align_center(label)
    assert label.alignment() == Qt.AlignmentFlag.AlignCenter
    early.selectable_by_mouse(label)
    assert label.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse
    for box in (FocusWheelComboBox(holder), FocusWheelDoubleSpinBox(holder)):
        assert box.focusPolicy() == Qt.FocusPolicy.StrongFocus  # Tab and click, not the wheel
    line = StatusLine(holder)
    assert line.mark.alignment() & Qt.AlignmentFlag.AlignTop  # ✓ stays by the first line
    with pytest.raises(ValueError, match="no writable property"):
        early.set_property(label, "alignmnet", early.ALIGN_CENTER)  # not a silent dynamic one
    # (PySide itself may have added its "_PySideInvalidatePtr" after other tests: not ours)
    ours = [n for n in label.dynamicPropertyNames() if not bytes(n).startswith(b"_PySide")]
    assert ours == []


def test_only_the_first_page_rows_leave_the_spare_height_to_qt(qapp: Any) -> None:
    assert FlowLayout().expandingDirections() == Qt.Orientation(0)
    assert FirstPageFlowLayout().expandingDirections() == (
        Qt.Orientation.Horizontal | Qt.Orientation.Vertical
    )


@pytest.fixture
def window(
    qapp: Any, qtbot: Any, tmp_path: Path, memory_keyring: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    # no fallback within the tests' waits: what they see comes from the first paint
    monkeypatch.setattr(main_window, "SHORTCUTS_LATEST_MS", 60_000)
    services = make_services(tmp_path / "p", start_sandbox=False, deferred_start=True)
    made = MainWindow(services)
    qtbot.addWidget(made)
    try:
        yield made
    finally:
        made.close()
        services.shutdown()


def test_the_quit_shortcut_comes_with_the_first_paint(qtbot: Any, window: MainWindow) -> None:
    assert window.quit_action.shortcut().isEmpty()  # nothing can press it yet
    window.show()
    qtbot.waitUntil(lambda: not window.quit_action.shortcut().isEmpty(), timeout=5000)
    key = window.quit_action.shortcut().toString()
    assert key in window.quit_action.toolTip()
    assert window.quit_action.toolTip() != window.quit_action.text()


def test_a_failing_call_after_the_first_paint_costs_the_others_nothing(
    qtbot: Any, window: MainWindow, caplog: pytest.LogCaptureFixture
) -> None:
    ran: list[str] = []

    def failing() -> None:
        raise RuntimeError("broken on purpose")

    window.when_painted(failing)
    window.when_painted(lambda: ran.append("second"))
    window.show()
    qtbot.waitUntil(lambda: ran == ["second"], timeout=5000)
    assert not window.quit_action.shortcut().isEmpty()
    qtbot.waitUntil(
        lambda: not any(type(window.tabs.widget(i)).__name__ == "LazyTab" for i in range(5)),
        timeout=10000,
    )  # the other tabs are still built in the background
    assert "broken on purpose" in caplog.text


def test_a_window_that_is_never_painted_still_gets_its_shortcuts(
    qapp: Any, qtbot: Any, tmp_path: Path, memory_keyring: Any
) -> None:
    services = make_services(tmp_path / "p", start_sandbox=False, deferred_start=True)
    made = MainWindow(services)
    qtbot.addWidget(made)
    try:
        qtbot.waitUntil(lambda: not made.quit_action.shortcut().isEmpty(), timeout=5000)
    finally:
        services.shutdown()


def test_pyside_is_spared_reading_the_workbenchs_own_sources(
    qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = sys.modules["shibokensupport.feature"]
    table: dict[str, int] = {}
    monkeypatch.setattr(feature, "pyside_feature_dict", table)
    entered = source_scan.spare_source_scan()
    assert entered > 50
    assert table["workbench.ui.main_window"] == source_scan.NO_FEATURE
    assert table["workbench.qt.source_scan"] == source_scan.NO_FEATURE
    assert "workbench.ui.widgets.__pycache__" not in table
    # modules already imported are entered too: PySide would read their sources at the next
    # `import` statement naming them
    assert table["os"] == source_scan.NO_FEATURE
    # what was in the table stays as PySide decided it
    table["workbench.cli"] = -1
    source_scan.spare_source_scan()
    assert table["workbench.cli"] == -1


def test_another_pyside_without_the_table_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", SimpleNamespace())
    assert source_scan.spare_source_scan() == 0
    monkeypatch.setitem(
        sys.modules, "shibokensupport.feature", SimpleNamespace(pyside_feature_dict=None)
    )
    assert source_scan.spare_source_scan() == 0
    monkeypatch.undo()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert source_scan.spare_source_scan() == 0


def test_code_views_get_the_fixed_pitch_font_before_the_user_can_open_one(
    qapp: Any, qtbot: Any, window: MainWindow
) -> None:
    qapp.setFont(qapp.font())  # forget the class fonts earlier tests set (Qt clears them)
    try:
        fixed = monospace_font().family()
        before_paint = QPlainTextEdit()
        qtbot.addWidget(before_paint)
        before_paint.ensurePolished()
        assert before_paint.font().family() != fixed  # the first page sets none (start-up)
        window.show()
        qtbot.waitUntil(lambda: not window.quit_action.shortcut().isEmpty(), timeout=5000)
        dialog_view = QPlainTextEdit()  # say, the paste dialog's
        qtbot.addWidget(dialog_view)
        body = window.composer_tab.findChild(QPlainTextEdit)
        assert body is not None
        for view in (dialog_view, body):
            view.ensurePolished()
            assert view.font().family() == fixed
    finally:
        apply_code_font(qapp)


def test_tint_makes_text_bold_and_gives_the_parents_weight_back(qapp: Any) -> None:
    holder = QWidget()
    strong = holder.font()
    strong.setBold(True)
    holder.setFont(strong)  # say, a bold heading row
    label = QLabel(holder)
    tint(label, ERROR_COLOUR)  # no font of its own for a colour alone (QFont costs start-up)
    assert label.font().bold()
    tint(label, ERROR_COLOUR, bold=True)
    tint(label, None)
    assert label.font().bold()  # the parent's again, not a fixed normal weight
    holder.setFont(QLabel().font())
    assert not label.font().bold()
