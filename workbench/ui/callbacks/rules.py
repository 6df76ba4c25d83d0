"""The rules table: per transName, which code to answer, after how long, and in what form.

A rule can answer a deliberately wrong code (0010 to a valid callback) or a broken answer
(unsigned, bad signature, garbage, empty) so that the bank's side can be tested; ``*`` applies
to every transName that has no rule of its own. Remembered as window state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.codes import PARTNER_CODES
from workbench.qt.callbacks import MAX_DELAY_MS, MODES, AnswerRule
from workbench.qt.window_state import CALLBACKS_RULES

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

COL_NAME, COL_CODE, COL_DELAY, COL_MODE = range(4)


class RulesEditor(QWidget):
    """Signals:
    changed(object): the list of AnswerRule now in force."""

    changed = Signal(object)

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._loading = False
        self.title = QLabel(self)
        self.table = QTableWidget(0, 4, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add = QPushButton(self)
        self.remove = QPushButton(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(buttons)
        col.addWidget(self.table)
        self.add.clicked.connect(self._on_add_clicked)
        self.remove.clicked.connect(self._on_remove_clicked)
        self.table.itemChanged.connect(self._on_edited)
        saved = services.state(CALLBACKS_RULES)
        self._loading = True
        for raw in saved if isinstance(saved, list) else []:
            if isinstance(raw, dict):
                self.add_rule(AnswerRule.from_dict(raw))
        self._loading = False
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Answer rules per transName (* = all others)"))
        self.add.setText(self.tr("Add rule"))
        self.remove.setText(self.tr("Remove"))
        self.table.setHorizontalHeaderLabels(
            ["transName", self.tr("Code"), self.tr("Delay"), self.tr("Answer form")]
        )
        for row in range(self.table.rowCount()):
            self._retranslate_row(row)

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _mode_names(self) -> dict[str, str]:
        return {
            "signed": self.tr("signed envelope"),
            "unsigned": self.tr("unsigned (bare JSON)"),
            "bad_signature": self.tr("wrong signature"),
            "garbled": self.tr("garbage (not JSON)"),
            "empty": self.tr("empty body"),
        }

    def _retranslate_row(self, row: int) -> None:
        code = self.table.cellWidget(row, COL_CODE)
        if isinstance(code, QComboBox):
            # relabelling the current item rewrites an editable box's text: a code typed in
            # (agreed per interface) is put back, so a language switch never loses it
            typed = self._typed_code(code)
            code.blockSignals(True)
            code.setItemText(0, self.tr("as the verdict says"))
            if typed:
                code.setEditText(typed)
            code.blockSignals(False)
        mode = self.table.cellWidget(row, COL_MODE)
        if isinstance(mode, QComboBox):
            names = self._mode_names()
            for i in range(mode.count()):
                mode.setItemText(i, names[str(mode.itemData(i))])
        delay = self.table.cellWidget(row, COL_DELAY)
        if isinstance(delay, QSpinBox):
            delay.setSuffix(self.tr(" ms"))

    # rows -------------------------------------------------------------------------------
    def add_rule(self, rule: AnswerRule) -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)  # no itemChanged for a row whose boxes are not made yet
        self.table.insertRow(row)
        self.table.setItem(row, COL_NAME, QTableWidgetItem(rule.trans_name))
        self.table.blockSignals(False)
        code = QComboBox(self.table)
        code.setEditable(True)
        # Enter must not add a typed code to the list (an item without data: it read as "")
        code.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        code.addItem("", "")
        for info in PARTNER_CODES:
            code.addItem(info.code, info.code)
        if rule.code:
            index = code.findData(rule.code)
            if index >= 0:
                code.setCurrentIndex(index)
            else:
                code.setEditText(rule.code)
        delay = QSpinBox(self.table)
        delay.setRange(0, MAX_DELAY_MS)
        delay.setSingleStep(100)
        delay.setValue(rule.delay_ms)
        mode = QComboBox(self.table)
        for key in MODES:
            mode.addItem("", key)
        mode.setCurrentIndex(max(0, mode.findData(rule.mode)))
        self.table.setCellWidget(row, COL_CODE, code)
        self.table.setCellWidget(row, COL_DELAY, delay)
        self.table.setCellWidget(row, COL_MODE, mode)
        self._retranslate_row(row)  # keeps the code typed in above
        code.currentTextChanged.connect(self._on_edited)
        delay.valueChanged.connect(self._on_edited)
        mode.currentIndexChanged.connect(self._on_edited)
        self._on_edited()

    def rules(self) -> list[AnswerRule]:
        out = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, COL_NAME)
            name = item.text().strip() if item else ""
            code_box = self.table.cellWidget(row, COL_CODE)
            delay = self.table.cellWidget(row, COL_DELAY)
            mode = self.table.cellWidget(row, COL_MODE)
            if not (
                isinstance(code_box, QComboBox)
                and isinstance(delay, QSpinBox)
                and isinstance(mode, QComboBox)
            ):
                continue  # a row still being made
            code = self._chosen_code(code_box)
            out.append(AnswerRule(name, str(code), delay.value(), str(mode.currentData())))
        return [r for r in out if r.trans_name]

    @staticmethod
    def _typed_code(box: QComboBox) -> str:
        """A code typed into ``box`` (agreed per interface); "" when the text is one of the
        list's: the first item ("as the verdict says") or a guide code."""
        text = box.currentText().strip()
        return text if text and box.findText(text) < 0 else ""

    @classmethod
    def _chosen_code(cls, box: QComboBox) -> str:
        """The code ``box`` says: a typed one, a guide code of the list, or "" (the verdict's)."""
        typed = cls._typed_code(box)
        if typed:
            return typed
        index = box.findText(box.currentText().strip())
        if index < 0:
            return ""
        data = box.itemData(index)
        return str(box.itemText(index) if data is None else data)

    def _on_add_clicked(self) -> None:
        self.add_rule(AnswerRule("*" if not self.rules() else "", ""))
        item = self.table.item(self.table.rowCount() - 1, COL_NAME)
        if item is not None:
            self.table.editItem(item)

    def _on_remove_clicked(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.rowCount():
            rows = [self.table.rowCount() - 1]
        for row in rows:
            self.table.removeRow(row)
        self._on_edited()

    def _on_edited(self, *_args: object) -> None:
        if self._loading:
            return
        rules = self.rules()
        self._services.set_state(CALLBACKS_RULES, [r.to_dict() for r in rules])
        self.changed.emit(rules)
