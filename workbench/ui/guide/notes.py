"""The "Protocol notes" window: the fields and rules of the open platform, in the app, searchable.

The prose lives in ``resources/help/<lang>/notes.html`` (en, zh). The code tables are not
written there: they are generated from :mod:`workbench.core.codes` each time the notes are shown,
so the help can never disagree with what the window explains beside a code.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.core import codes
from workbench.paths import resource
from workbench.qt.i18n import LANG_ZH, current_language
from workbench.ui.guide.theme import WARN, status_colour

TABLES_MARK = "<!-- CODE_TABLES -->"


def notes_path(lang: str) -> Path:
    return resource("help", "zh" if lang == LANG_ZH else "en", "notes.html")


def read_notes(lang: str) -> str:
    """The prose of the notes in ``lang`` (a job runs this: it reads a file)."""
    return notes_path(lang).read_text(encoding="utf-8")


def code_tables_html(lang: str, headers: dict[str, str]) -> str:
    """HTML tables of every platform/partner code and the fileType dictionary, in ``lang``.

    ``headers`` gives the translated column titles: code, message, meaning, cause, file_type.
    """
    parts: list[str] = []
    for layer, table in (
        (codes.LAYER_CREDENTIAL, codes.CREDENTIAL_CODES),
        (codes.LAYER_BUSINESS, codes.BUSINESS_CODES),
        (codes.LAYER_PARTNER, codes.PARTNER_CODES),
    ):
        parts.append(f"<h3>{html.escape(codes.LAYER_NAMES[layer](lang))}</h3>")
        parts.append('<table border="1" cellspacing="0" cellpadding="4"><tr>')
        for key in ("code", "message", "meaning", "cause"):
            parts.append(f"<th>{html.escape(headers[key])}</th>")
        parts.append("</tr>")
        for info in table:
            parts.append(
                f"<tr><td><code>{html.escape(info.code)}</code></td>"
                f"<td>{html.escape(info.guide_message)}</td>"
                f"<td>{html.escape(info.meaning(lang))}</td>"
                f"<td>{html.escape(info.cause(lang))}</td></tr>"
            )
        parts.append("</table>")
    parts.append(f"<h3>{html.escape(headers['file_type'])}</h3>")
    parts.append('<table border="1" cellspacing="0" cellpadding="4">')
    parts.append(f"<tr><th>fileType</th><th>{html.escape(headers['meaning'])}</th></tr>")
    for code, text in codes.FILE_TYPES.items():
        parts.append(f"<tr><td><code>{code}</code></td><td>{html.escape(text(lang))}</td></tr>")
    parts.append("</table>")
    return "\n".join(parts)


class NotesWindow(QWidget):
    """A separate window with a search box over the protocol notes.

    Typing in the search box highlights every match and shows how many there are; Enter (or F3)
    goes to the next one, Shift+Enter (Shift+F3) to the previous.
    """

    def __init__(self, submit: Callable[..., Any], parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("protocol_notes")
        self._submit = submit  # services.runner.submit: files are read off the GUI thread
        self._loaded_lang = ""
        self._prose = ""
        self._matches: list[QTextCursor] = []
        self._current = -1

        self.search_label = QLabel(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("notes_search")
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self.count_label = QLabel(self)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("notes_browser")
        self.browser.setOpenExternalLinks(False)
        row = QHBoxLayout()
        row.addWidget(self.search_label)
        row.addWidget(self.search, 1)
        row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.browser, 1)

        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self.next_match)
        QShortcut(QKeySequence(QKeySequence.StandardKey.FindNext), self, self.next_match)
        QShortcut(QKeySequence(QKeySequence.StandardKey.FindPrevious), self, self.previous_match)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._focus_search)
        QShortcut(QKeySequence("Shift+Return"), self.search, self.previous_match)
        fm = self.fontMetrics()
        self.resize(fm.averageCharWidth() * 110, fm.height() * 40)
        self.retranslate()

    # ------------------------------------------------------------------ text
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Protocol notes"))
        self.search_label.setText(self.tr("&Search:"))
        self.search.setPlaceholderText(self.tr("a field, a code, a word…"))
        self._show_count()
        if self._loaded_lang and self._loaded_lang != current_language():
            self.load()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def headers(self) -> dict[str, str]:
        return {
            "code": self.tr("Code"),
            "message": self.tr("Guide's message"),
            "meaning": self.tr("Meaning"),
            "cause": self.tr("Usual cause and fix"),
            "file_type": self.tr("File types (fileType)"),
        }

    # ------------------------------------------------------------------ loading
    def load(self) -> None:
        """Read the notes of the active language (in a job) and show them with the code tables."""
        lang = current_language()
        self._loaded_lang = lang
        if not self._prose:
            self.browser.setPlainText(self.tr("Loading…"))
        self._submit(
            "read protocol notes",
            lambda _ctx: read_notes(lang),
            on_result=lambda text, lg=lang: self._on_notes_read(lg, text),
            on_error=self._on_notes_failed,
        )

    def _on_notes_read(self, lang: str, prose: str) -> None:
        if lang != current_language():
            return  # the language changed meanwhile: a newer load is on its way
        self._prose = prose
        tables = code_tables_html(lang, self.headers())
        self.browser.setHtml(
            prose.replace(TABLES_MARK, tables) if TABLES_MARK in prose else prose + tables
        )
        self._on_search_text_changed(self.search.text())

    def _on_notes_failed(self, error: Any) -> None:
        from workbench.qt.i18n import pick

        text = getattr(error, "text", None)
        reason = pick(text) if text is not None else str(error)
        self.browser.setPlainText(
            self.tr("The notes could not be read: {reason}").format(reason=reason)
        )

    # ------------------------------------------------------------------ search
    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_search_text_changed(self, text: str) -> None:
        self._matches = []
        doc = self.browser.document()
        needle = text.strip()
        if needle:
            cursor = doc.find(needle, 0)
            while not cursor.isNull() and len(self._matches) < 2000:
                self._matches.append(cursor)
                cursor = doc.find(needle, cursor)
        self._current = 0 if self._matches else -1
        self._paint()

    def next_match(self) -> None:
        if self._matches:
            self._current = (self._current + 1) % len(self._matches)
            self._paint()

    def previous_match(self) -> None:
        if self._matches:
            self._current = (self._current - 1) % len(self._matches)
            self._paint()

    def match_count(self) -> int:
        return len(self._matches)

    def _paint(self) -> None:
        marks = []
        found_format = QTextCharFormat()
        found_format.setBackground(self.palette().highlight())
        found_format.setForeground(self.palette().highlightedText())
        current_format = QTextCharFormat(found_format)
        current_format.setBackground(status_colour(WARN, self.palette()))
        for i, cursor in enumerate(self._matches):
            mark = QTextEdit.ExtraSelection()
            mark.cursor = cursor
            mark.format = current_format if i == self._current else found_format
            marks.append(mark)
        self.browser.setExtraSelections(marks)
        if 0 <= self._current < len(self._matches):
            show = QTextCursor(self._matches[self._current])
            self.browser.setTextCursor(show)
            self.browser.ensureCursorVisible()
        self._show_count()

    def _show_count(self) -> None:
        if not self.search.text().strip():
            self.count_label.setText("")
        elif not self._matches:
            self.count_label.setText(self.tr("No match"))
        else:
            self.count_label.setText(
                self.tr("{current} of {total}").format(
                    current=self._current + 1, total=len(self._matches)
                )
            )
