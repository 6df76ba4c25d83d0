"""The request composer: write a business request, watch its sign being built, send it, read
both layers of the answer, find it again in the history, export it exactly as sent.

The sign is recomputed on the GUI thread because it is cheap (a 1 MB body takes about 6 ms: one
copy of the text, one SHA1); a zero-delay single-shot timer folds a burst of keystrokes into one
computation, and the JSON check waits for a pause in typing (in a job for big bodies).
Everything that waits on the network or the disk is a job: sending and fetching a ticket live
in sending.py, the dialogs and body files in body_files.py, the draft in workbench.qt.draft.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.templates import GUIDE_TEMPLATES, RequestTemplate, sandbox_templates, split_path
from workbench.qt.draft import DraftKeeper
from workbench.qt.history import CUT_MARK, HistoryEntry, stored_call
from workbench.qt.window_state import COMPOSER_DRAFT, COMPOSER_SPLIT_H, COMPOSER_SPLIT_V
from workbench.ui.composer.body_files import ComposerDialogs
from workbench.ui.composer.check_dialog import CheckSignDialog
from workbench.ui.composer.draft_undo import DraftUndo
from workbench.ui.composer.editor import RequestEditor, json_problem
from workbench.ui.composer.export_dialog import ExportDialog
from workbench.ui.composer.history import HistoryPanel
from workbench.ui.composer.response import ResponsePane, prepare_texts
from workbench.ui.composer.sending import CallSender
from workbench.ui.composer.sign_view import SignView
from workbench.ui.widgets.common import StatusLine

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

VALIDATE_DELAY_MS = 250
VALIDATE_IN_JOB = 256 * 1024  # bodies longer than this are parsed off the GUI thread


def _shortcut_tip(action: QAction) -> None:
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{action.text()} ({keys})" if keys else action.text())


class ComposerTab(QWidget):
    """The composer tab (see the module docstring)."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.composer = services.composer
        self._body_text = ""
        self._sized = False
        self.sign_updates = 0  # how many times the sign view was recomputed (tests, benchmark)

        self.editor = RequestEditor(self)
        self.sign_view = SignView(self)
        self.response = ResponsePane(self)
        self.history = HistoryPanel(services, self)
        self.status = StatusLine(self, reserve_space=True)  # the toolbar never reflows
        self.calls = CallSender(self, self)
        self.dialogs = ComposerDialogs(self, self)

        self.send_action = QAction(self)
        self.send_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.send_action.triggered.connect(self.calls.send)
        self.cancel_action = QAction(self)
        self.cancel_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.cancel_action.setEnabled(False)
        self.cancel_action.triggered.connect(self.calls.cancel)
        self.export_sent_action = QAction(self)
        self.export_sent_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_sent_action.setEnabled(False)
        self.export_sent_action.triggered.connect(lambda: self.open_export(sent=True))
        self.export_draft_action = QAction(self)
        self.export_draft_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_draft_action.triggered.connect(lambda: self.open_export(sent=False))
        self.check_action = QAction(self)
        self.check_action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.check_action.triggered.connect(self.open_check)
        self._actions = [
            self.send_action,
            self.cancel_action,
            self.export_draft_action,
            self.export_sent_action,
            self.check_action,
        ]
        for action in self._actions:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

        self.send_button = QToolButton(self)
        self.send_button.setDefaultAction(self.send_action)
        self.send_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setDefaultAction(self.cancel_action)
        self.export_button = QPushButton(self)
        export_menu = QMenu(self)
        export_menu.addAction(self.export_draft_action)
        export_menu.addAction(self.export_sent_action)
        self.export_button.setMenu(export_menu)
        self.check_button = QToolButton(self)
        self.check_button.setDefaultAction(self.check_action)
        bar = QHBoxLayout()
        bar.addWidget(self.send_button)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.export_button)
        bar.addWidget(self.check_button)
        bar.addWidget(self.status, 1)
        # Reopen and templates replace the draft: one click puts the replaced draft back
        self.undo_button = QToolButton(self)
        bar.addWidget(self.undo_button)

        self.left = QSplitter(Qt.Orientation.Vertical, self)
        self.left.addWidget(self.editor)
        self.left.addWidget(self.sign_view)
        self.right = QTabWidget(self)
        self.right.addTab(self.response, "")
        self.right.addTab(self.history, "")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.right)
        # Extra width is shared evenly (the answer needs room as much as the request); extra
        # height goes to the body, while the sign view keeps the height of its rows.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.left.setStretchFactor(0, 1)
        self.left.setStretchFactor(1, 0)
        self.left.setChildrenCollapsible(False)
        self.splitter.setChildrenCollapsible(False)
        for key, splitter in ((COMPOSER_SPLIT_H, self.splitter), (COMPOSER_SPLIT_V, self.left)):
            sizes = services.state(key)
            if (
                isinstance(sizes, list)
                and len(sizes) == splitter.count()
                and all(isinstance(s, int) and s > 0 for s in sizes)
            ):
                splitter.setSizes(sizes)
            splitter.splitterMoved.connect(
                lambda _p, _i, k=key, s=splitter: services.set_state(k, s.sizes())
            )
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(self.splitter, 1)

        self._compute = QTimer(self)
        self._compute.setSingleShot(True)
        self._compute.setInterval(0)
        self._compute.timeout.connect(self.update_sign)
        self._validate = QTimer(self)
        self._validate.setSingleShot(True)
        self._validate.setInterval(VALIDATE_DELAY_MS)
        self._validate.timeout.connect(self._on_validate_timeout)
        self.draft = DraftKeeper(services, self._draft_snapshot, self)
        self.undo = DraftUndo(self._draft_snapshot, self._apply_draft, self.undo_button)
        self.undo_button.clicked.connect(self._on_undo_clicked)
        # Undo of a Reopen puts back the draft and what the answer pane showed for it (unless
        # something newer was shown since): the count of things shown then, and the pane
        self._pane_before_reopen: tuple[int, tuple[Any, ...]] | None = None

        self.editor.changed.connect(self._on_editor_changed)
        self.editor.template_chosen.connect(self.apply_template)
        self.editor.open_file_requested.connect(self.dialogs.choose_body_file)
        self.editor.change_environment_requested.connect(self._on_change_environment_requested)
        self.sign_view.fetch_ticket_requested.connect(self.calls.fetch_ticket)
        self.history.reopen_requested.connect(self.reopen)
        services.environment_changed.connect(self._on_services_environment_changed)
        services.credentials_changed.connect(self._compute.start)
        services.sandbox_state_changed.connect(lambda _s: self._refresh_templates())

        self.editor.set_environment(services.active_environment())
        self._refresh_templates()
        self.retranslate()
        if not services.state(COMPOSER_DRAFT):  # a first start: nothing of the user's to undo
            self._fill_template(GUIDE_TEMPLATES[0])
        self.draft.restore(self._apply_draft)
        self.update_sign()

    # -- menus, translation, shutdown ------------------------------------------------------

    def actions(self) -> list[QAction]:
        # the body editor's Format / Compact / Open too: every shortcut is found in a menu
        editor = self.editor
        return [*self._actions, editor.format_action, editor.compact_action, editor.open_action]

    def retranslate(self) -> None:
        self.send_action.setText(self.tr("Send"))
        self.cancel_action.setText(self.tr("Cancel"))
        self.export_draft_action.setText(self.tr("Export current draft…"))
        self.export_sent_action.setText(self.tr("Export last sent request…"))
        self.check_action.setText(self.tr("Check a sign…"))
        for action in self._actions:
            _shortcut_tip(action)
        self.export_button.setText(self.tr("Export"))
        self.undo_button.setText(self.tr("Undo"))
        self.undo_button.setToolTip(self.tr("Put back the draft that was replaced"))
        self.right.setTabText(0, self.tr("Response"))
        self.right.setTabText(1, self.tr("History"))

    def showEvent(self, event: Any) -> None:  # Qt override
        super().showEvent(event)
        if self._sized:
            return
        self._sized = True
        # First show without remembered sizes: request and answer get half the width each,
        # the sign view the height of its content and the body all the rest.
        if not self.services.state(COMPOSER_SPLIT_H):
            width = sum(self.splitter.sizes())
            self.splitter.setSizes([width // 2, width - width // 2])
        if not self.services.state(COMPOSER_SPLIT_V):
            height = sum(self.left.sizes())
            sign = self.sign_view.sizeHint().height()
            self.left.setSizes([max(height - sign, height // 2), sign])

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def shutdown(self) -> None:
        if self.calls.send_handle is not None:
            self.calls.send_handle.cancel()
        self.draft.save_now()

    # -- what the helpers call (and tests) -------------------------------------------------

    def send(self) -> None:
        self.calls.send()

    def cancel(self) -> None:
        self.calls.cancel()

    def fetch_ticket(self) -> None:
        self.calls.fetch_ticket()

    def is_sending(self) -> bool:
        return self.calls.send_handle is not None

    def is_fetching(self) -> bool:
        return self.calls.fetch_handle is not None

    def open_export(self, *, sent: bool) -> ExportDialog | None:
        return self.dialogs.open_export(sent=sent)

    def open_check(self) -> CheckSignDialog:
        return self.dialogs.open_check()

    def load_body_file(self, path: Path) -> None:
        self.dialogs.load_body_file(path)

    def current_body(self) -> str:
        """The body as it is now, with the sign view brought up to date first."""
        self._compute.stop()
        self.update_sign()
        return self._body_text

    # -- the live sign ---------------------------------------------------------------------

    def _on_editor_changed(self) -> None:
        self.undo.edited()  # an edit of a reopened or template draft ends its Undo
        self._compute.start()

    def update_sign(self) -> None:
        """Recompute the sign view from the fields (one copy of the body text).

        The URL and sign come from the Composer controller's preview: the same builder the
        client sends with, so what is shown is what Send sends (with this nonce and ticket).
        """
        body = self.editor.body.toPlainText()
        self._body_text = body
        type_value = self.editor.type_value()
        nonce = self.editor.nonce.text()
        path = split_path(self.editor.path.text())
        # an unusable path still shows the sign (it does not cover the path): previewed with a
        # placeholder path, the URL left empty
        system, service_code = path if path is not None else ("_", "_")
        preview = self.composer.preview(
            system, service_code, body, type_value=type_value, nonce=nonce
        )
        result, ticket_missing = preview.sign, preview.ticket_missing
        if path is None:
            self.sign_view.show_result(result, "", ticket_missing=ticket_missing)
            self.sign_view.show_problem(
                lambda: self.tr(
                    "The service path must be system/service_code: two parts of letters, digits, "
                    "'-', '_' or '.', no spaces (e.g. yh/10002)."
                )
            )
        else:
            self.sign_view.show_result(result, preview.url, ticket_missing=ticket_missing)
        self.sign_updates += 1
        self._validate.start()
        self.draft.schedule()

    def _on_validate_timeout(self) -> None:
        body = self._body_text
        if len(body) <= VALIDATE_IN_JOB:
            self.editor.show_body_check(body, json_problem(body) if body else None)
            return

        def check(_ctx: object) -> tuple[str, Any]:
            return body, json_problem(body)

        def done(result: tuple[str, Any]) -> None:
            if result[0] is self._body_text:  # still the text on screen
                self.editor.show_body_check(result[0], result[1])

        self.services.runner.submit("check body", check, on_result=done)

    # -- templates, environment ------------------------------------------------------------

    def _refresh_templates(self) -> None:
        templates: list[RequestTemplate] = list(GUIDE_TEMPLATES)
        controller = self.services.sandbox()
        sandbox = getattr(controller, "sandbox", None)
        if sandbox is not None and getattr(controller, "state", "") == "running":
            services = sandbox.services()
            samples = {(s, c): sandbox.service_sample(s, c) for s, c, _d in services}
            known = {t.path for t in templates}
            templates += [t for t in sandbox_templates(services, samples) if t.path not in known]
        self.editor.set_templates(templates)

    def _fill_template(self, template: RequestTemplate) -> None:
        with self.undo.replacing_draft():
            self.editor.path.setText(template.path)
            self.editor.set_type(template.type)
            self.editor.replace_body(template.body)

    def apply_template(self, template: RequestTemplate) -> None:
        before = self._draft_snapshot()
        self._fill_template(template)
        if self.undo.offer(before):
            self._pane_before_reopen = None  # a template leaves the answer pane as it is
            self.status.set_status(
                StatusLine.NONE,
                lambda: self.tr("Template loaded in place of your draft: Undo puts it back."),
            )

    def _on_services_environment_changed(self, env: Any) -> None:
        self.editor.set_environment(env)
        self.history.refresh()
        self._compute.start()

    def _on_change_environment_requested(self) -> None:
        window = self.window()
        for name in ("show_environments", "focus_environment_tab"):
            handler = getattr(window, name, None)
            if callable(handler):
                handler()
                return
        self.status.set_status(
            StatusLine.NONE,
            lambda: self.tr(
                "app_id and version belong to the environment: change them in the Environments tab."
            ),
        )

    # -- draft and history -----------------------------------------------------------------

    def _draft_snapshot(self) -> dict[str, Any]:
        return {
            "path": self.editor.path.text(),
            "type": self.editor.type_value(),
            "type_text": self.editor.type.currentText(),
            "nonce": self.editor.nonce.text(),
            "body": self.editor.body.toPlainText(),
        }

    def _apply_draft(self, draft: dict[str, Any]) -> None:
        self.editor.path.setText(str(draft.get("path", "")))
        self.editor.type.setCurrentText(str(draft.get("type_text") or "sign"))
        self.editor.set_type(draft.get("type"))
        if draft.get("nonce"):
            self.editor.nonce.setText(str(draft["nonce"]))
        self.editor.replace_body(str(draft.get("body", "")))
        self.update_sign()

    def reopen(self, entry: HistoryEntry) -> None:
        """Refill path, type, nonce and body from a history entry; show its stored answer."""
        data = entry.data
        request = data.get("request") or {}
        body = data.get("body_text", request.get("body", ""))
        # a body too long for the history was not kept (older entries: cut, with a mark)
        cut = bool(data.get("body_cut")) or (
            not body and str(request.get("body", "")).endswith(CUT_MARK)
        )
        masked = bool(data.get("body_masked"))
        before = self._draft_snapshot()
        pane_before = self.response.snapshot()
        with self.undo.replacing_draft():
            self.editor.path.setText(f"{data.get('system', '')}/{data.get('service_code', '')}")
            self.editor.set_type(data.get("type"))
            self.editor.nonce.setText(data.get("nonce") or request.get("nonce", ""))
            if not cut:
                self.editor.replace_body(body)
        self.update_sign()
        undo = self.undo.offer(before)
        stored = stored_call(data)
        if stored is not None:
            self.response.show_call(prepare_texts(stored), from_history_ms=entry.created_ms)
        else:
            self.response.show_no_stored_answer(entry.created_ms)
        self._pane_before_reopen = (self.response.changes, pane_before) if undo else None
        self.right.setCurrentWidget(self.response)
        self.status.set_status(
            StatusLine.WARNING,
            lambda: (
                self.tr(
                    "Reopened from history with its nonce, which the platform has seen: press "
                    "New nonce before sending it again."
                )
                + (
                    " "
                    + self.tr(
                        "Its body was too long to keep in history: the editor keeps the body "
                        "it had."
                    )
                    if cut
                    else ""
                )
                + (
                    " "
                    + self.tr(
                        "Values in its body that look like a token or ticket were masked in "
                        "history: check the body before sending."
                    )
                    if masked
                    else ""
                )
                + (" " + self.tr("Undo puts your draft back.") if undo else "")
            ),
        )

    # -- undo of a replaced draft ----------------------------------------------------------

    def _on_undo_clicked(self) -> None:
        if self._pane_before_reopen is not None:
            shown_then, pane = self._pane_before_reopen
            if self.response.changes == shown_then:  # nothing newer came meanwhile
                self.response.restore(pane)  # not the reopened exchange's answer
            self._pane_before_reopen = None
        self.status.set_status(StatusLine.NONE, lambda: self.tr("Your draft is back."))
