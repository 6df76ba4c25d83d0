"""The Log view's words around the table: the scan's summary and the selected row's details."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from workbench.core.log_scan import KIND_ANSWER, KIND_CALLBACK, KIND_REQUEST, LogItem
from workbench.qt.i18n import pick
from workbench.ui.callbacks.log_model import kind_word, status_word


class LogSummary(QLabel):
    """Lines read, items found per kind, callbacks per verdict, duplicate SeqNo values."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # SeqNo values come from the log, as written
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._summary: dict[str, Any] | None = None

    def set_summary(self, summary: dict[str, Any] | None) -> None:
        self._summary = summary
        self._render()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

    def _render(self) -> None:
        s = self._summary
        if s is None:
            self.setText("")
            return
        kinds = s["kinds"]
        parts = [
            self.tr("{n} callbacks").format(n=kinds["callback"]),
            self.tr("{n} partner answers").format(n=kinds["answer"]),
            self.tr("{n} signed requests").format(n=kinds["request"]),
            self.tr("{n} platform answers").format(n=kinds["platform_answer"]),
        ]
        comma = self.tr(", ")
        verdicts = comma.join(f"{status_word(k)} {n}" for k, n in s["verdicts"].items())
        text = self.tr("Lines read: {lines}. Found: {parts}.").format(
            lines=f"{s['lines']:,}", parts=comma.join(parts)
        )
        if verdicts:
            text += " " + self.tr("Callbacks: {verdicts}; {n} without an answer.").format(
                verdicts=verdicts, n=s["unanswered"]
            )
        doubt = s.get("zone_doubt", 0)
        if doubt:
            text += " " + self.tr(
                "{n} callbacks fail only on a timestamp whole or half hours off their log "
                "line: the log may be written in another zone (choose it in Log times in)."
            ).format(n=doubt)
        dups = s["duplicate_seq_no"]
        if dups:
            shown = comma.join(list(dups)[:5]) + ("…" if len(dups) > 5 else "")
            text += " " + self.tr(
                "SeqNo seen more than once (a retry, or a late answer): {s}"
            ).format(s=shown)
        self.setText(text)


class LogDetail(QWidget):
    """What the selected row is and why, with the way on: the verifier, or Check a sign."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._item: LogItem | None = None
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # reasons quote the log's own text
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_button = QPushButton(self)
        self.check_button = QPushButton(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignTop)
        self._render()

    def show_item(self, item: LogItem | None) -> None:
        self._item = item
        self._render()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

    def _render(self) -> None:
        self.show_button.setText(self.tr("Show in the verifier"))
        self.check_button.setText(self.tr("Check a sign…"))
        item = self._item
        self.show_button.setVisible(item is not None and item.kind in (KIND_CALLBACK, KIND_ANSWER))
        self.check_button.setVisible(item is not None and item.kind == KIND_REQUEST)
        if item is None:
            self.label.setText("")
            return
        lines = [
            self.tr("Line {n}: {kind}, {verdict}").format(
                n=item.line, kind=kind_word(item.kind), verdict=status_word(item.status)
            )
        ]
        if item.escaped:
            lines[0] += self.tr(" (escaped inside a JSON string)")
        lines += ["✗ " + pick(r.text) for r in item.reasons]
        lines += ["! " + pick(s.text) for s in item.slips]
        judged = item.status not in ("unchecked", "malformed")
        by_line_time = all(slip.code != "no_log_time" for slip in item.slips)
        if item.kind in (KIND_CALLBACK, KIND_ANSWER) and judged and by_line_time:
            lines.append(
                self.tr(
                    "The timestamp was judged against the time on the log line; the "
                    "verifier judges it against now."
                )
            )
        if item.kind == KIND_REQUEST and "body" not in item.fields:
            lines.append(self.tr("No body was found next to this URL: paste it in Check a sign."))
        self.label.setText("\n".join(lines))
