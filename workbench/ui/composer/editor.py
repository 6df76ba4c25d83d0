"""The request fields: service path, environment facts, nonce, type, and the JSON body.

Nothing here blocks: a nonce that is not 32 letters and digits and a body that is not JSON get
a warning, because exploring what the platform does with them is part of debugging (P4.1, P4.5).
"""

from __future__ import annotations

import json

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.environment import EnvironmentConfig
from workbench.core.json_errors import json_problem
from workbench.core.json_layout import relayout
from workbench.core.sign import is_valid_nonce, make_nonce
from workbench.core.templates import RequestTemplate
from workbench.core.text import Text
from workbench.qt.i18n import pick
from workbench.ui.widgets.common import StatusLine, set_guide_tooltip, set_shortcut_tooltip
from workbench.ui.widgets.env_names import environment_label
from workbench.ui.widgets.json_view import JsonEditor

TYPES = ("sign", "user")


class RequestEditor(QWidget):
    """The composer's left column.

    Signals:
        changed(): anything that enters the sign or the URL changed.
        template_chosen(object): a RequestTemplate was picked from the menu.
        open_file_requested(): "Open body file…" was chosen (the tab reads it in a job).
        change_environment_requested(): the user wants to change app_id/version.
    """

    changed = Signal()
    template_chosen = Signal(object)
    open_file_requested = Signal()
    change_environment_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self._templates: list[RequestTemplate] = []

        self.path = QLineEdit(self)
        self.path.setFont(mono)
        self.path.textChanged.connect(self.changed)
        self.templates_button = QToolButton(self)
        self.templates_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.templates_menu = QMenu(self)
        self.templates_button.setMenu(self.templates_menu)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.templates_button)

        self.env_info = QLabel(self)
        self.env_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_env = QLabel(self)
        self.change_env.linkActivated.connect(lambda _l: self.change_environment_requested.emit())
        env_row = QHBoxLayout()
        env_row.addWidget(self.env_info, 1)
        env_row.addWidget(self.change_env)

        self.nonce = QLineEdit(make_nonce(), self)
        self.nonce.setFont(mono)
        self.nonce.textChanged.connect(self._on_nonce_text_changed)
        self.new_nonce = QPushButton(self)
        self.new_nonce.clicked.connect(self.regenerate_nonce)
        nonce_row = QHBoxLayout()
        nonce_row.addWidget(self.nonce, 1)
        nonce_row.addWidget(self.new_nonce)
        self.nonce_warning = StatusLine(self)

        self.send_type = QCheckBox(self)
        self.type = QComboBox(self)
        self.type.setEditable(True)
        self.type.addItems(TYPES)
        self.type.setEnabled(False)
        self.send_type.toggled.connect(self._on_send_type_toggled)
        self.type.currentTextChanged.connect(self.changed)
        type_row = QHBoxLayout()
        type_row.addWidget(self.send_type)
        type_row.addWidget(self.type, 1)

        self.body = JsonEditor(self)
        self.body.textChanged.connect(self.changed)
        self.format_action = QAction(self)
        self.format_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.format_action.triggered.connect(self.format_body)
        self.compact_action = QAction(self)
        self.compact_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.compact_action.triggered.connect(self.compact_body)
        self.open_action = QAction(self)
        self.open_action.setShortcut(QKeySequence("Ctrl+O"))
        self.open_action.triggered.connect(self.open_file_requested)
        for action in (self.format_action, self.compact_action, self.open_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.format_button = QToolButton(self)
        self.format_button.setDefaultAction(self.format_action)
        self.compact_button = QToolButton(self)
        self.compact_button.setDefaultAction(self.compact_action)
        self.open_button = QToolButton(self)
        self.open_button.setDefaultAction(self.open_action)
        self.body_label = QLabel(self)
        body_row = QHBoxLayout()
        body_row.addWidget(self.body_label, 1)
        body_row.addWidget(self.format_button)
        body_row.addWidget(self.compact_button)
        body_row.addWidget(self.open_button)
        self.body_status = StatusLine(self)
        self.long_line_note = StatusLine(self)
        self.body.long_lines_changed.connect(self._on_body_long_lines_changed)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.path_label = QLabel(self)
        self.nonce_label = QLabel(self)
        self.type_label = QLabel(self)
        form.addRow(self.path_label, path_row)
        form.addRow("", env_row)
        form.addRow(self.nonce_label, nonce_row)
        form.addRow("", self.nonce_warning)
        form.addRow(self.type_label, type_row)

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(form)
        box.addLayout(body_row)
        box.addWidget(self.body, 1)
        box.addWidget(self.body_status)
        box.addWidget(self.long_line_note)
        self._env: EnvironmentConfig | None = None
        set_guide_tooltip(
            self.path,
            "service_path",
            self.path_label,
            extra=lambda: self.tr("Sent to /api/s/system/service_code"),
        )
        set_guide_tooltip(self.nonce, "nonce", self.nonce_label)
        set_guide_tooltip(self.type, "type", self.type_label)
        set_guide_tooltip(self.body, "body", self.body_label)
        self.retranslate()
        self._on_nonce_text_changed(self.nonce.text())

    # -- translation -----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.path_label.setText(self.tr("Service path"))
        self.path.setPlaceholderText(self.tr("system/service_code, e.g. yh/10002"))
        self.templates_button.setText(self.tr("Templates"))
        change = self.tr("Change…")
        self.change_env.setText(f"<a href='env'>{change}</a>")
        self.change_env.setToolTip(self.tr("app_id and version come from the active environment"))
        self.nonce_label.setText(self.tr("nonce"))
        self.new_nonce.setText(self.tr("New nonce"))
        self.type_label.setText(self.tr("type"))
        self.send_type.setText(self.tr("Send type"))
        self.send_type.setToolTip(self.tr("Unticked: no type in the URL and none in the sign"))
        self.body_label.setText(self.tr("Body (JSON, signed exactly as written)"))
        for action, text in (
            (self.format_action, self.tr("Format")),
            (self.compact_action, self.tr("Compact")),
            (self.open_action, self.tr("Open body file…")),
        ):
            action.setText(text)
            set_shortcut_tooltip(action, text)
        self.format_action.setStatusTip(
            self.tr("Indents the JSON: the text changes, so the sign does")
        )
        self.compact_action.setStatusTip(
            self.tr(
                "Removes the spaces between the JSON's tokens (values stay as written): the text "
                "changes, so the sign does"
            )
        )
        self._render_env()
        self._render_templates()
        self._on_nonce_text_changed(self.nonce.text())

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- environment and templates ---------------------------------------------------------

    def set_environment(self, env: EnvironmentConfig) -> None:
        self._env = env
        self._render_env()

    def _render_env(self) -> None:
        env = self._env
        if env is None:
            self.env_info.setText("")
            return
        self.env_info.setText(
            self.tr("Environment {name} · app_id {app_id} · version {version}").format(
                name=environment_label(env),
                app_id=env.app_id or self.tr("(none)"),
                version=env.version,
            )
        )

    def set_templates(self, templates: list[RequestTemplate]) -> None:
        self._templates = list(templates)
        self._render_templates()

    def _render_templates(self) -> None:
        self.templates_menu.clear()
        for template in self._templates:
            action = self.templates_menu.addAction(f"{template.path} — {pick(template.title)}")
            action.triggered.connect(lambda _c=False, t=template: self.template_chosen.emit(t))

    # -- values ----------------------------------------------------------------------------

    def type_value(self) -> str | None:
        """None when type is not sent (then it is not signed either, PROTOCOL P4.2)."""
        return self.type.currentText() if self.send_type.isChecked() else None

    def set_type(self, value: str | None) -> None:
        self.send_type.setChecked(value is not None)
        if value is not None:
            self.type.setCurrentText(value)

    def regenerate_nonce(self) -> None:
        self.nonce.setText(make_nonce())

    def replace_body(self, text: str) -> None:
        """Replace the body as one undoable edit (Format/Compact/templates can be undone)."""
        self.body.replace_text(text)

    def format_body(self) -> None:
        self._relayout(indent=2)

    def compact_body(self) -> None:
        self._relayout(indent=None)

    def _relayout(self, indent: int | None) -> None:
        """Only the whitespace between tokens changes: every value stays as written (a sign
        changes with the layout, never with the content: core.json_layout)."""
        text = self.body.toPlainText()
        try:
            json.loads(text)
        except ValueError:
            problem = json_problem(text)
            where = f"{problem[0]}:{problem[1]}" if problem else "?"
            self.body_status.set_status(
                StatusLine.WARNING,
                lambda: self.tr("Not JSON (at line:column {where}): left as it is.").format(
                    where=where
                ),
            )
            return
        self.replace_body(relayout(text, indent))

    def show_body_check(self, text: str, problem: tuple[int, int, Text] | None) -> None:
        """The body's state: invalid JSON, empty, or replacement characters from a bad paste.

        Sentences are passed as callables so that the status line re-renders them in the new
        language on a switch."""
        if not text:
            self.body_status.set_status(
                StatusLine.WARNING,
                lambda: self.tr(
                    "The body is empty: it is signed as an empty string, which adds nothing."
                ),
            )
        elif "\ufffd" in text:
            self.body_status.set_status(
                StatusLine.WARNING,
                lambda: self.tr(
                    "The body holds U+FFFD replacement characters: text that was not valid "
                    "UTF-8 was pasted, and those characters are what will be signed and sent."
                ),
            )
        elif problem is not None:
            line, col, msg = problem
            self.body_status.set_status(
                StatusLine.WARNING,
                lambda: self.tr(
                    "Not valid JSON at line {line}, column {col} ({msg}). It is still signed "
                    "and sent exactly as written."
                ).format(line=line, col=col, msg=pick(msg)),
            )
        else:
            self.body_status.set_status(StatusLine.OK, lambda: self.tr("Valid JSON"))

    def _on_body_long_lines_changed(self, on: bool) -> None:
        if not on:
            self.long_line_note.clear()
            return
        self.long_line_note.set_status(
            StatusLine.WARNING,
            lambda: self.tr(
                "A line of this body is very long, so lines wrap and no colours are shown; "
                "it is still signed and sent exactly as written, on one line."
            ),
        )

    def _on_send_type_toggled(self, on: bool) -> None:
        self.type.setEnabled(on)
        self.changed.emit()

    def _on_nonce_text_changed(self, text: str) -> None:
        if is_valid_nonce(text):
            self.nonce_warning.clear()
        else:
            self.nonce_warning.set_status(
                StatusLine.WARNING,
                lambda: self.tr(
                    "A nonce should be 32 letters and digits; the platform will likely refuse "
                    "this one (60840002)."
                ),
            )
        self.changed.emit()
