"""The answer of a business call: HTTP facts, both code layers explained, and the bodies.

Both layers because a 60840000 only says the platform accepted the request; the business answer
is inside ``jsonData`` and has its own code (PROTOCOL P5). Pretty-printing happens in the job
that sent the request, so a multi-MB answer reaches this pane as ready text and is shown plain
first, coloured in chunks.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.codes import explain_service_code, platform_layer
from workbench.qt.errors import ClientError
from workbench.qt.i18n import pick
from workbench.qt.results import CallResult
from workbench.ui.widgets.common import CodeExplanation, CopyButton, StatusLine, set_guide_tooltip
from workbench.ui.widgets.json_view import JsonEditor


@dataclass
class ShownCall:
    """A call result with its texts prepared off the GUI thread (see :func:`prepare_texts`)."""

    result: CallResult
    body_text: str
    json_data_text: str
    headers_text: str


def _short(sign: str) -> str:
    return sign[:12] + "…" if len(sign) > 12 else sign


def _pretty(text: str) -> str:
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, indent=2)
    except (ValueError, RecursionError):
        return text


def prepare_texts(result: CallResult) -> ShownCall:
    """Run in the job: decode and pretty-print what the pane will show."""
    resp = result.record.response
    body = _pretty(resp.text) if resp is not None else ""
    jd = ""
    if result.answer is not None and result.answer.json_data_text is not None:
        jd = _pretty(result.answer.json_data_text)
    headers = ""
    if resp is not None:
        headers = "\n".join(f"{k}: {v}" for k, v in resp.headers.items())
    return ShownCall(result, body, jd, headers)


class ResponsePane(QWidget):
    """Shows a :class:`ShownCall` or a :class:`ClientError`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown: ShownCall | None = None
        self.changes = 0  # counts what was shown (show_*): has anything new come since?
        self._error: ClientError | None = None
        self._cancelled = False  # the last call was cancelled (shown until the next one)
        self._pending = False  # a call is on its way: nothing below is its answer yet
        self._screen_sign = ""  # the sign the sign view showed when Send was pressed
        self._from_history_ms: int | None = None  # what is shown was reopened from the history
        self.status = StatusLine(self)
        self.retried_note = StatusLine(self)
        self.http = QLabel(self)
        self.http.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.platform_code = QLabel(self)
        self.platform_code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.platform_explained = CodeExplanation(self)
        self.biz_code = QLabel(self)
        self.biz_code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The business CODE belongs to the service called: its own meaning, never a P9 table.
        self.biz_explained = QLabel(self)
        self.biz_explained.setWordWrap(True)
        self.biz_explained.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.biz_explained.setVisible(False)
        self.biz_seq = QLineEdit(self)
        self.biz_seq.setReadOnly(True)
        self.consumer_seq = QLineEdit(self)
        self.consumer_seq.setReadOnly(True)
        biz_row = QHBoxLayout()
        biz_row.addWidget(self.biz_seq, 1)
        biz_row.addWidget(CopyButton(lambda: self.biz_seq.text(), self))
        con_row = QHBoxLayout()
        con_row.addWidget(self.consumer_seq, 1)
        con_row.addWidget(CopyButton(lambda: self.consumer_seq.text(), self))

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.http_label = QLabel(self)
        self.platform_label = QLabel(self)
        self.biz_label = QLabel(self)
        self.biz_seq_label = QLabel("BizSeqNo", self)
        self.consumer_seq_label = QLabel("ConsumerSeqNo", self)
        self.form.addRow(self.http_label, self.http)
        self.form.addRow(self.platform_label, self.platform_code)
        self.form.addRow("", self.platform_explained)
        self.form.addRow(self.biz_label, self.biz_code)
        self.form.addRow("", self.biz_explained)
        self.form.addRow(self.biz_seq_label, biz_row)
        self.form.addRow(self.consumer_seq_label, con_row)

        self.details_button = QToolButton(self)
        self.details_button.setCheckable(True)
        self.details_button.setVisible(False)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.details_button.toggled.connect(self.details.setVisible)

        self.tabs = QTabWidget(self)
        self.body = JsonEditor(self, read_only=True)
        self.json_data = JsonEditor(self, read_only=True)
        self.headers = QPlainTextEdit(self)
        self.headers.setReadOnly(True)
        self.tabs.addTab(self.body, "")
        self.tabs.addTab(self.json_data, "")
        self.tabs.addTab(self.headers, "")

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.status)
        box.addWidget(self.retried_note)
        box.addLayout(self.form)
        box.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addWidget(self.details)
        box.addWidget(self.tabs, 1)
        set_guide_tooltip(self.platform_code, "code", self.platform_label)
        set_guide_tooltip(self.json_data, "jsonData")
        set_guide_tooltip(self.biz_seq, "BizSeqNo", self.biz_seq_label)
        set_guide_tooltip(self.consumer_seq, "ConsumerSeqNo", self.consumer_seq_label)
        self.retranslate()

    def retranslate(self) -> None:
        self.http_label.setText(self.tr("HTTP"))
        self.platform_label.setText(self.tr("Platform code"))
        self.biz_label.setText(self.tr("Business code"))
        self.details_button.setText(self.tr("Details"))
        self.tabs.setTabText(0, self.tr("Body"))
        self.tabs.setTabText(1, self.tr("jsonData (decoded)"))
        self.tabs.setTabText(2, self.tr("Headers"))
        # never elide the tab names: the pane is at least as wide as the three tabs need
        bar = self.tabs.tabBar()
        need = sum(bar.tabSizeHint(i).width() for i in range(bar.count()))
        self.tabs.setMinimumWidth(need + self.fontMetrics().horizontalAdvance("M") * 2)
        self._render()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- input -----------------------------------------------------------------------------

    def show_pending(self) -> None:
        """A new call is on its way: the previous answer goes (it is not this call's)."""
        self.changes += 1
        self._clear()
        self._pending = True
        self._render()

    def show_cancelled(self) -> None:
        """Clear the pane after a cancel: what it showed was the call before."""
        self.changes += 1
        self._clear()
        self._cancelled = True
        self._render()

    def _clear(self) -> None:
        self.shown = None
        self._error = None
        self._cancelled = self._pending = False
        self._from_history_ms = None
        self.body.setPlainText("")
        self.json_data.setPlainText("")
        self.headers.setPlainText("")
        self.details.setPlainText("")

    def snapshot(self) -> tuple[Any, ...]:
        """What the pane shows, for :meth:`restore` (Undo of a Reopen puts it back)."""
        return (
            self.shown,
            self._error,
            self._screen_sign,
            self._from_history_ms,
            self._cancelled,
            self._pending,
        )

    def restore(self, snapshot: tuple[Any, ...]) -> None:
        shown, error, screen_sign, from_history_ms, cancelled, pending = snapshot
        if pending:  # that call has answered since, or will: its answer is the one to show
            return
        if error is not None:
            self.show_error(error)
        elif shown is not None:
            self.show_call(shown, screen_sign=screen_sign, from_history_ms=from_history_ms)
        elif cancelled:
            self.show_cancelled()
        elif from_history_ms is not None:
            self.show_no_stored_answer(from_history_ms)
        else:
            self._clear()
            self._render()

    def show_no_stored_answer(self, created_ms: int) -> None:
        """A history entry reopened that kept no answer (the call failed before one came)."""
        self.changes += 1
        self._clear()
        self._from_history_ms = created_ms
        self._render()

    def show_call(
        self, shown: ShownCall, *, screen_sign: str = "", from_history_ms: int | None = None
    ) -> None:
        """``screen_sign``: the sign on screen when Send was pressed (a different sign sent is
        explained); ``from_history_ms``: the answer is a stored one, reopened from the history."""
        self.changes += 1
        self._cancelled = self._pending = False
        self.shown = shown
        self._error = None
        self._screen_sign = screen_sign
        self._from_history_ms = from_history_ms
        self.body.set_text_lazy(shown.body_text)
        self.json_data.set_text_lazy(shown.json_data_text)
        self.headers.setPlainText(shown.headers_text)
        self.tabs.setCurrentIndex(1 if shown.json_data_text else 0)
        self._render()

    def show_error(self, error: ClientError) -> None:
        self.changes += 1
        self._cancelled = self._pending = False
        self._from_history_ms = None
        self._error = error
        self.shown = None
        self.details.setPlainText(error.detail)
        resp = error.record.response if error.record is not None else None
        self.body.set_text_lazy(resp.text if resp is not None else "")
        self.json_data.setPlainText("")
        self.headers.setPlainText(
            "\n".join(f"{k}: {v}" for k, v in resp.headers.items()) if resp is not None else ""
        )
        self._render()

    # -- rendering -------------------------------------------------------------------------

    def _render(self) -> None:
        error = self._error
        if error is not None:
            self.status.set_status(StatusLine.FAILED, error.text)
            self.details_button.setVisible(bool(error.detail))
            self.retried_note.clear()
            self._render_answer(None)
            return
        self.details_button.setVisible(False)
        self.details_button.setChecked(False)
        shown = self.shown
        if shown is None:
            if self._pending:
                self.status.set_status(
                    StatusLine.PENDING,
                    self.tr("Sending… The answer will show here; the previous one was cleared."),
                )
            elif self._cancelled:
                self.status.set_status(StatusLine.WARNING, self.tr("Cancelled."))
            elif self._from_history_ms is not None:
                self.status.set_status(
                    StatusLine.NONE,
                    self.tr("From the history: no answer was stored for this request."),
                )
            else:
                self.status.clear()
            self.retried_note.clear()
            self._render_answer(None)
            return
        result = shown.result
        answer = result.answer
        if answer is None:
            self.status.set_status(StatusLine.FAILED, self._not_an_answer(shown))
        elif answer.code == "60840000":
            self.status.set_status(StatusLine.OK, self.tr("The platform accepted the request."))
        else:
            self.status.set_status(
                StatusLine.FAILED,
                self.tr("The platform refused the request: {code} {msg}").format(
                    code=answer.code, msg=answer.msg
                ),
            )
        self.retried_note.set_status(*self._note(result))
        if not self.retried_note.text():
            self.retried_note.clear()
        self._render_answer(shown)

    def _note(self, result: CallResult) -> tuple[str, str]:
        """The line above the answer: from the history, or why the sign sent is not the one on
        screen (the ticket was refreshed), with both signs."""
        if self._from_history_ms is not None:
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self._from_history_ms / 1000))
            return StatusLine.NONE, self.tr(
                "From the history: the answer stored for the request sent at {when} (local "
                "time), not a new one."
            ).format(when=when)
        sent = result.record.request.sign
        sent_sign = sent.sign if sent is not None else ""
        if result.retried:
            first = result.first_answer.code if result.first_answer else "?"
            why = self.tr(
                "the first attempt got {first} (the ticket was no longer valid), so a new sign "
                "ticket was fetched, the request re-signed and sent once more (guide 4.3). "
                "What is shown is the answer to the second attempt."
            ).format(first=first)
        elif self._screen_sign and sent_sign and sent_sign != self._screen_sign:
            why = self.tr(
                "the sign ticket on screen was missing or no longer usable, so a new one was "
                "fetched and the request signed with it."
            )
        else:
            return StatusLine.NONE, ""
        if not (self._screen_sign and sent_sign and sent_sign != self._screen_sign):
            return StatusLine.WARNING, self.tr("Re-signed: {why}").format(why=why)
        return StatusLine.WARNING, self.tr(
            "The sign sent ({sent}) is not the one on screen when Send was pressed "
            "({screen}): {why}"
        ).format(sent=_short(sent_sign), screen=_short(self._screen_sign), why=why)

    def _not_an_answer(self, shown: ShownCall) -> str:
        """Why the body is not a platform answer, in the words that tell the user what to do."""
        resp = shown.result.record.response
        status = resp.status if resp is not None else 0
        if status >= 400:
            return self.tr(
                "HTTP {status} with a page that is not a platform answer: something in front of "
                "the platform (a gateway or proxy) failed."
            ).format(status=status)
        if shown.body_text.lstrip().startswith("{"):
            return self.tr(
                "The answer was cut off (incomplete JSON): the platform may still have carried "
                "out the request, so check before sending it again."
            )
        return self.tr("The answer is not a platform answer (no JSON code).")

    def _render_answer(self, shown: ShownCall | None) -> None:
        resp = shown.result.record.response if shown is not None else None
        answer = shown.result.answer if shown is not None else None
        if resp is not None:
            self.http.setText(
                self.tr("{status} {reason} · {ms} ms").format(
                    status=resp.status, reason=resp.reason, ms=f"{resp.elapsed_ms:.0f}"
                )
            )
        else:
            self.http.setText("")
        if answer is not None:
            self.platform_code.setText(f"{answer.code}  {answer.msg}")
            self.platform_explained.set_code(answer.code, platform_layer(answer.code))
            biz = answer.biz_code
            self.biz_code.setText(f"{biz}  {answer.biz_desc}" if biz else self.tr("(none)"))
            url = shown.result.record.request.url if shown is not None else ""
            service = explain_service_code(biz, url, answer.biz_desc) if biz else None
            self.biz_explained.setText(pick(service.meaning) if service else "")
            self.biz_explained.setVisible(service is not None)
            self.biz_seq.setText(answer.biz_seq_no)
            self.consumer_seq.setText(answer.consumer_seq_no)
        else:
            self.platform_code.setText("")
            self.platform_explained.set_code("")
            self.biz_code.setText("")
            self.biz_explained.setText("")
            self.biz_explained.setVisible(False)
            self.biz_seq.setText("")
            self.consumer_seq.setText("")

    def verdict_state(self) -> str:
        """The StatusLine state of what is shown (OK only for an accepted request)."""
        return self.status.state

    def verdict_text(self) -> str:
        """The verdict sentence in the current language (a callable for another StatusLine)."""
        self._render()  # re-picks the sentence with this pane's tr(), whatever ran first
        return self.status.text()

    def summary(self) -> str:
        """One line of what is shown (tests, screen readers)."""
        parts = (self.status.text(), self.platform_code.text(), self.biz_code.text())
        return " | ".join(x for x in parts if x)
