"""The callback verifier: paste an envelope (or its fields), see what it says and whether it holds.

Like jwt.io for PROTOCOL P7: Plain is decoded at once, with no salt; with a salt the sign input
(salt masked), the computed SHA256 and the given Signature are shown with their differences
marked, and a verdict says valid / signature mismatch / timestamp outside the window / malformed.
Checking a big paste (megabytes) runs in a job so that typing never stalls, and starts from the
pasted text itself, not once the editor has finished laying it out (see body_editor).
"""

from __future__ import annotations

import html
import json
from typing import Any

from PySide6.QtCore import QDateTime, QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.core.callback import CallbackVerdict
from workbench.qt.i18n import pick
from workbench.qt.window_state import CALLBACKS_VERIFIER_SPLIT
from workbench.ui.callbacks.body_editor import BodyEditor
from workbench.ui.callbacks.salt import SaltBox
from workbench.ui.callbacks.verdict_banner import (
    SALT_MISSING_ENV,
    SALT_MISSING_TYPED,
    EmptyHint,
    VerdictBanner,
    VerdictWords,
)
from workbench.ui.callbacks.verify_checks import check, diff_html, sample_envelope, sign_input_html
from workbench.ui.widgets.common import CopyButton, StatusLine, set_guide_tooltip
from workbench.ui.widgets.json_view import JsonEditor

DEBOUNCE_MS = 200
BIG_INPUT = 200_000  # characters: above this the check runs in a job


class VerifierView(QWidget):
    """Input (whole body or fields) on the left, the verdict and the decoded Plain on the right.

    Signals:
        answer_requested(str, str, str): transName, SeqNo and the partner code to answer with.
    """

    answer_requested = Signal(str, str, str)

    def __init__(self, services: Any, salt_box: SaltBox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._salt_box = salt_box
        self._verdict: CallbackVerdict | None = None
        self._generation = 0
        self._pending = False
        self._pretty = ""
        self._last_key: tuple[object, ...] | None = None
        self._salt_missing = False  # a salt source is chosen but holds no salt
        self._words = VerdictWords(self)

        self.inputs = QTabWidget(self)
        self.body = BodyEditor(self)
        self.inputs.addTab(self.body, "")
        fields_page = QWidget(self)
        form = QFormLayout(fields_page)
        self.plain = QPlainTextEdit(fields_page)
        self.signature = QLineEdit(fields_page)
        self.timestamp = QLineEdit(fields_page)
        self.trans_name = QLineEdit(fields_page)
        self.seq_no = QLineEdit(fields_page)
        form.addRow("Plain", self.plain)
        form.addRow("Signature", self.signature)
        form.addRow("Timestamp", self.timestamp)
        form.addRow("transName", self.trans_name)
        form.addRow("SeqNo", self.seq_no)
        self.inputs.addTab(fields_page, "")

        out = QWidget(self)
        self.status = VerdictBanner(out)
        self.hint = EmptyHint(out)
        self.reasons = QLabel(out)
        self.reasons.setWordWrap(True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.age = QLabel(out)
        self.age.setWordWrap(True)
        self.answer_hint = QLabel(out)
        self.answer_hint.setWordWrap(True)
        self.answer_button = QPushButton(out)
        self.decoded_box = QGroupBox(out)
        self.decoded = JsonEditor(self.decoded_box, read_only=True)
        self.decoded_copy = CopyButton(self.decoded.toPlainText, self.decoded_box)
        dbox = QVBoxLayout(self.decoded_box)
        dbox.addWidget(self.decoded)
        dbox.addWidget(self.decoded_copy, 0, Qt.AlignmentFlag.AlignRight)
        self.sign_box = QGroupBox(out)
        grid = QGridLayout(self.sign_box)
        self.sign_input_label = QLabel(self.sign_box)
        self.sign_input = QLabel(self.sign_box)
        self.expected_label = QLabel(self.sign_box)
        self.expected = QLabel(self.sign_box)
        self.given_label = QLabel(self.sign_box)
        self.given = QLabel(self.sign_box)
        for label in (self.sign_input, self.expected, self.given):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.expected_copy = CopyButton(lambda: self._verdict_attr("expected_signature"), self)
        self.given_copy = CopyButton(lambda: self._verdict_attr("given_signature"), self)
        grid.addWidget(self.sign_input_label, 0, 0)
        grid.addWidget(self.sign_input, 0, 1, 1, 2)
        grid.addWidget(self.expected_label, 1, 0)
        grid.addWidget(self.expected, 1, 1)
        grid.addWidget(self.expected_copy, 1, 2)
        grid.addWidget(self.given_label, 2, 0)
        grid.addWidget(self.given, 2, 1)
        grid.addWidget(self.given_copy, 2, 2)
        grid.setColumnStretch(1, 1)
        self.diagnostics = QLabel(out)
        self.diagnostics.setWordWrap(True)
        self.diagnostics.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        col = QVBoxLayout(out)
        col.addWidget(self.status)
        col.addWidget(self.hint)
        col.addWidget(self.reasons)
        col.addWidget(self.age)
        hint_row = QHBoxLayout()
        hint_row.addWidget(self.answer_hint, 1)
        hint_row.addWidget(self.answer_button)
        col.addLayout(hint_row)
        col.addWidget(self.sign_box)
        col.addWidget(self.diagnostics)
        col.addWidget(self.decoded_box, 1)
        col.addStretch(0)  # takes the room only while the decoded box is hidden

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.inputs)
        self.splitter.addWidget(out)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        sizes = services.state(CALLBACKS_VERIFIER_SPLIT)
        if isinstance(sizes, list) and len(sizes) == 2:
            self.splitter.setSizes([int(s) for s in sizes])
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_debounce_timeout)
        self.body.textChanged.connect(self.schedule)
        self.body.big_text_pasted.connect(self._on_body_big_text_pasted)
        loaded = getattr(self.body, "loaded", None)  # JsonEditor's signal, once it has one
        self._body_signals_loaded = loaded is not None
        if loaded is not None:
            loaded.connect(self.schedule)
        self.hint.sample_requested.connect(self._on_hint_sample_requested)
        self.plain.textChanged.connect(self.schedule)
        for edit in (self.signature, self.timestamp, self.trans_name, self.seq_no):
            edit.textChanged.connect(self.schedule)
        self.inputs.currentChanged.connect(self.schedule)
        salt_box.changed.connect(self.schedule)
        self.answer_button.clicked.connect(self._on_answer_clicked)
        for widget, field in (
            (self.plain, "Plain"),
            (self.signature, "Signature"),
            (self.timestamp, "Timestamp"),
            (self.trans_name, "transName"),
            (self.seq_no, "SeqNo"),
        ):
            set_guide_tooltip(widget, field)
        set_guide_tooltip(self.expected, "Signature", self.expected_label)
        self.retranslate()
        self._render()

    def retranslate(self) -> None:
        self.inputs.setTabText(0, self.tr("Whole body (JSON envelope)"))
        self.inputs.setTabText(1, self.tr("Fields"))
        self._set_body_placeholder()
        self.plain.setPlaceholderText(self.tr("Plain exactly as in the body (URL-encoded)"))
        self.timestamp.setPlaceholderText(self.tr("epoch milliseconds"))
        self.decoded_box.setTitle(self.tr("Plain, decoded"))
        self.sign_box.setTitle(self.tr("Signature (SHA256, lower-case hex)"))
        self.sign_input_label.setText(self.tr("Plain + salt + Timestamp:"))
        self.expected_label.setText(self.tr("Computed:"))
        self.given_label.setText(self.tr("Given:"))
        self.answer_button.setText(self.tr("Answer it in the responder"))
        self.answer_button.setToolTip(
            self.tr(
                "Open the responder with this transName, SeqNo and the code a partner would answer"
            )
        )
        self._render()

    def _set_body_placeholder(self) -> None:
        if self.body.held_size():
            self.body.setPlaceholderText(
                self.tr(
                    "Checking the {n} pasted characters: they appear here once checked…"
                ).format(n=f"{self.body.held_size():,}")
            )
        else:
            self.body.setPlaceholderText(
                self.tr(
                    'Paste the callback body here: {"Plain": "...", "Signature": "...", '
                    '"Timestamp": "...", "transName": "...", "SeqNo": "..."}'
                )
            )

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # public -----------------------------------------------------------------------------
    def verdict(self) -> CallbackVerdict | None:
        return self._verdict

    def load_body(self, text: str) -> None:
        """Show a whole body (e.g. a received callback) and check it."""
        self.inputs.setCurrentIndex(0)
        self._timer.stop()
        if len(text) > BIG_INPUT:
            self.body.hold(text)  # checked first, shown once the verdict is in
        else:
            self.body.set_text_lazy(text)
        self._run_check(True, text, {})
        self._set_body_placeholder()

    def schedule(self, *_args: object) -> None:
        self._timer.start()

    def check_now(self) -> None:
        self._timer.stop()
        self._last_key = None  # asked for: check again even if nothing changed
        self._on_debounce_timeout()

    def fill_sample(self) -> None:
        """Put a sample callback, signed now with the chosen salt, in the body and check it."""
        envelope = sample_envelope(self._salt_box.salt(), self._services.clock.now_ms())
        # re-indenting the envelope is harmless: the signature covers Plain, not the envelope
        self.inputs.setCurrentIndex(0)
        self.body.setPlainText(json.dumps(envelope.to_dict(), ensure_ascii=False, indent=2))
        self.check_now()
        self.body.setFocus()

    # checking ---------------------------------------------------------------------------
    def _on_body_big_text_pasted(self, text: str) -> None:
        """Check a big paste straight away, while the editor is still taking it in."""
        self.inputs.setCurrentIndex(0)
        self._timer.stop()
        self._run_check(True, text, {})
        self._set_body_placeholder()

    def _on_hint_sample_requested(self) -> None:
        self.fill_sample()

    def _on_debounce_timeout(self) -> None:
        if self.inputs.currentIndex() == 0 and self.body.loading():
            # a big text is still going in: it was checked when pasted (or loaded); look again
            # once it is all in, in case it was edited meanwhile
            if not self._body_signals_loaded:
                self._timer.start()
            return
        mode_body = self.inputs.currentIndex() == 0
        body = self.body.toPlainText() if mode_body else ""
        fields = (
            {}
            if mode_body
            else {
                "Plain": self.plain.toPlainText(),
                "Signature": self.signature.text(),
                "Timestamp": self.timestamp.text(),
                "transName": self.trans_name.text(),
                "SeqNo": self.seq_no.text(),
            }
        )
        self._run_check(mode_body, body, fields)

    def _run_check(self, mode_body: bool, body: str, fields: dict[str, str]) -> None:
        chosen = self._salt_box.salt()
        # An empty salt is no salt: decode only, and ask for one (never check with "").
        self._salt_missing = chosen == ""
        salt = chosen or None
        now = self._services.clock.now_ms()
        window = self._salt_box.window_s()
        # no clock in the key: a big text that finished loading is not checked a second time
        key = (mode_body, body, tuple(fields.items()), chosen, self._salt_box.source_key(), window)
        if key == self._last_key:
            return
        self._last_key = key
        self._generation += 1
        generation = self._generation
        if mode_body and not body.strip():
            self._verdict = None
            self._pretty = ""
            self._render()
            return
        size = len(body) + sum(len(v) for v in fields.values())
        if size <= BIG_INPUT:
            try:
                result = check(mode_body, body, fields, salt, now, window)
            except Exception as exc:  # a verdict must never outlive its input
                self._on_check_failed(generation, f"{type(exc).__name__}: {exc}")
                return
            self._show(generation, result)
            return
        self._pending = True
        self.hint.setVisible(False)
        self.status.set_status(
            StatusLine.PENDING, self.tr("Checking {n} characters…").format(n=f"{size:,}")
        )
        self._services.runner.submit(
            "verify callback",
            lambda _ctx: check(mode_body, body, fields, salt, now, window),
            on_result=lambda result, g=generation: self._show(g, result),
            on_error=lambda error, g=generation: self._on_check_failed(g, pick(error.text)),
            on_finished=lambda g=generation: self._on_check_finished(g),
        )

    def _on_check_finished(self, generation: int) -> None:
        if generation == self._generation or not self._pending:
            self.body.start_fill()  # a held-back paste goes in once its verdict is shown
            self._set_body_placeholder()

    def _show(self, generation: int, result: tuple[CallbackVerdict, str]) -> None:
        if generation != self._generation:
            return  # a newer edit is being checked
        self._pending = False
        self._verdict, self._pretty = result
        self._render()

    def _on_check_failed(self, generation: int, why: str) -> None:
        """A check that failed clears the old verdict: it must not stay up for new input."""
        if generation != self._generation:
            return
        self._pending = False
        self._verdict, self._pretty = None, ""
        self._render()
        self.hint.setVisible(False)
        self.status.set_status(
            StatusLine.FAILED, self.tr("This input could not be checked: {why}").format(why=why)
        )

    def _verdict_attr(self, name: str) -> str:
        return str(getattr(self._verdict, name, "") or "")

    # showing ----------------------------------------------------------------------------
    def _render(self) -> None:
        if self._pending:
            return
        v = self._verdict
        has = v is not None
        for w in (
            self.reasons,
            self.age,
            self.answer_hint,
            self.answer_button,
            self.sign_box,
            self.diagnostics,
            self.decoded_box,
        ):
            w.setVisible(has)
        self.hint.setVisible(not has)
        if v is None:
            self.status.set_status(
                StatusLine.NONE,
                self.tr("Paste a callback body, or fill in the fields: the verdict appears here."),
            )
            self.hint.set_salt_note(self._sample_salt_note())
            if self.decoded.toPlainText():
                self.decoded.setPlainText("")
            return
        salt_state = (
            SALT_MISSING_TYPED if self._salt_box.source_key() == "typed" else SALT_MISSING_ENV
        )
        self.status.set_status(
            *self._words.headline(
                v,
                salt_missing=salt_state if self._salt_missing else None,
                window_min=self._salt_box.window_box.value(),
            )
        )
        self.reasons.setText("\n".join("• " + pick(r.text) for r in v.reasons))
        self.reasons.setVisible(bool(v.reasons))
        if v.age_ms is not None and v.envelope is not None:
            when = QDateTime.fromMSecsSinceEpoch(int(v.envelope.timestamp.strip()))
            self.age.setText(
                self.tr("Timestamp {ts} is {when}: {age}.").format(
                    ts=v.envelope.timestamp.strip(),
                    when=when.toString("yyyy-MM-dd HH:mm:ss.zzz"),
                    age=pick(v.age_text) if v.age_text else "",
                )
            )
        else:
            self.age.setVisible(False)
        self.answer_hint.setText(self._words.answer(v))
        self.answer_button.setVisible(v.status != "unchecked")  # decode only: no answer claimed
        self._render_signature(v)
        notes = [pick(d.text) for d in v.diagnostics]
        self.diagnostics.setText("\n".join("ⓘ " + n for n in notes))
        self.diagnostics.setVisible(bool(notes))
        if self.decoded.toPlainText() != self._pretty:
            self.decoded.set_text_lazy(self._pretty)
        self.decoded_box.setVisible(True)

    def _sample_salt_note(self) -> str:
        salt = self._salt_box.salt()
        if salt is None:
            return self.tr("No salt is chosen above: the sample is only decoded.")
        if not salt:
            return self.tr("The salt above is empty: the sample will not match until one is set.")
        return self.tr("Signed with the salt chosen above, so it checks as valid.")

    def _render_signature(self, v: CallbackVerdict) -> None:
        self.sign_box.setVisible(v.envelope is not None)
        if v.envelope is None:
            return
        self.sign_input.setText(sign_input_html(v.sign_input_masked))
        given = v.given_signature or ""
        if v.expected_signature is None:
            self.expected.setText(self.tr("(no salt: not computed)"))
            self.given.setText(f"<code>{html.escape(given)}</code>")
        else:
            self.expected.setText(f"<code>{v.expected_signature}</code>")
            self.given.setText(
                diff_html(given, v.expected_signature) if given else self.tr("(empty)")
            )
        self.expected_copy.setEnabled(bool(v.expected_signature))

    def _on_answer_clicked(self) -> None:
        v = self._verdict
        if v is None:
            return
        env = v.envelope
        self.answer_requested.emit(
            env.trans_name if env else "", env.seq_no if env else "", v.partner_code
        )

    def _on_splitter_moved(self, *_args: object) -> None:
        self._services.set_state(CALLBACKS_VERIFIER_SPLIT, self.splitter.sizes())
