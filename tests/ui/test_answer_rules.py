"""The listener's answer rules: a code typed in (one agreed per interface) is answered, and it
survives a language switch and a restart; adding a rule is quiet (no half-made row is read)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from workbench.qt.i18n import LANG_EN, LANG_ZH, install_language
from workbench.receiver.answers import AnswerRule
from workbench.ui.callbacks.rules import COL_CODE, COL_NAME, RulesEditor


def test_a_typed_code_survives_a_language_switch_and_a_restart(
    qtbot: Any, services: Any, capsys: Any
) -> None:
    editor = RulesEditor(services)
    qtbot.addWidget(editor)
    seen: list[list[AnswerRule]] = []
    editor.changed.connect(seen.append)
    qtbot.mouseClick(editor.add, Qt.MouseButton.LeftButton)
    assert "Traceback" not in capsys.readouterr().err  # no half-made row was read
    editor.table.item(0, COL_NAME).setText("loanResultNotify")
    box = editor.table.cellWidget(0, COL_CODE)
    assert isinstance(box, QComboBox)
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "7777")
    assert editor.rules()[0].code == "7777" and seen[-1][0].code == "7777"
    try:
        install_language(LANG_ZH)
        QApplication.processEvents()
        assert box.currentText() == "7777" and editor.rules()[0].code == "7777"
    finally:
        install_language(LANG_EN)
        QApplication.processEvents()
    again = RulesEditor(services)  # the next start reads the saved rules
    qtbot.addWidget(again)
    assert [(r.trans_name, r.code) for r in again.rules()] == [("loanResultNotify", "7777")]
    listed = AnswerRule("other", "0012")
    again.add_rule(listed)  # a guide code from the list
    assert again.rules()[-1].code == "0012"


def test_a_typed_code_confirmed_with_enter_is_kept(qtbot: Any, services: Any) -> None:
    editor = RulesEditor(services)
    qtbot.addWidget(editor)
    editor.add_rule(AnswerRule("a", ""))
    box = editor.table.cellWidget(0, COL_CODE)
    assert isinstance(box, QComboBox)
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "7777")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert editor.rules()[0].code == "7777"
