"""Where the callback salt comes from, and the timestamp window (PROTOCOL P7.2, P7.6).

One box for the whole tab: the verifier, the responder and the listener all sign and check with
the same salt. The typed salt stays in memory only; the choice of source and the window are
remembered as window state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from workbench.qt.window_state import CALLBACKS_SALT_SOURCE, CALLBACKS_WINDOW_MIN
from workbench.ui.widgets.common import FitLabel, set_guide_tooltip
from workbench.ui.widgets.env_names import environment_label

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

SOURCE_ENV = "env"
SOURCE_TYPED = "typed"
SOURCE_NONE = "none"


class SaltBox(QWidget):
    """Salt source (active environment / typed / none) and the ± window in minutes.

    Signals:
        changed(): the salt or the window changed.
    """

    changed = Signal()

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.salt_label = QLabel(self)
        self.source = QComboBox(self)
        for key in (SOURCE_ENV, SOURCE_TYPED, SOURCE_NONE):
            self.source.addItem("", key)
        self.typed = QLineEdit(self)
        self.typed.setEchoMode(QLineEdit.EchoMode.Password)
        self.reveal = QToolButton(self)
        self.reveal.setCheckable(True)
        self.reveal.setAutoRaise(True)
        # one line when there is room, wrapped on a narrow window (the box fits 1024 px); it
        # asks for one line's height, so the slot it shares keeps its height on every page
        self.env_hint = FitLabel(self)
        self.env_hint.setMinimumWidth(self.fontMetrics().averageCharWidth() * 16)
        self.window_label = QLabel(self)
        self.window_box = QSpinBox(self)
        self.window_box.setRange(0, 7 * 24 * 60)
        # The three sources' controls share one slot of constant size, so that choosing
        # "No salt" (an empty page) never moves the window controls on the right.
        typed_page = QWidget(self)
        typed_row = QHBoxLayout(typed_page)
        typed_row.setContentsMargins(0, 0, 0, 0)
        typed_row.addWidget(self.typed, 1)
        typed_row.addWidget(self.reveal)
        self.source_pages = QStackedWidget(self)
        self.source_pages.addWidget(self.env_hint)  # SOURCE_ENV
        self.source_pages.addWidget(typed_page)  # SOURCE_TYPED
        self.source_pages.addWidget(QWidget(self))  # SOURCE_NONE
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.salt_label)
        row.addWidget(self.source)
        row.addWidget(self.source_pages, 1)
        row.addSpacing(self.fontMetrics().horizontalAdvance("MM"))
        row.addWidget(self.window_label)
        row.addWidget(self.window_box)

        source = services.state(CALLBACKS_SALT_SOURCE)
        index = self.source.findData(source)
        self.source.setCurrentIndex(max(index, 0))
        minutes = services.state(CALLBACKS_WINDOW_MIN)
        self.window_box.setValue(int(minutes) if isinstance(minutes, int | float) else 5)
        self.source.currentIndexChanged.connect(self._on_source_changed)
        self.typed.textChanged.connect(self._on_typed_changed)
        self.reveal.toggled.connect(self._on_reveal_toggled)
        self.window_box.valueChanged.connect(self._on_window_changed)
        services.environment_changed.connect(self._on_environment_changed)
        services.sandbox_state_changed.connect(self._on_environment_changed)
        if hasattr(services, "secrets_loaded"):
            services.secrets_loaded.connect(self._on_environment_changed)
        set_guide_tooltip(self.source, "salt", self.salt_label, self.typed)
        set_guide_tooltip(
            self.window_box,
            "Timestamp",
            self.window_label,
            extra=lambda: self.tr(
                "Guide 5.5: timestamps older or newer than this are answered with 0012"
            ),
        )
        self.retranslate()
        self._update_visibility()

    def retranslate(self) -> None:
        self.salt_label.setText(self.tr("Salt:"))
        self.source.setItemText(0, self.tr("Active environment's salt"))
        self.source.setItemText(1, self.tr("Typed salt"))
        self.source.setItemText(2, self.tr("No salt (decode only)"))
        self.typed.setPlaceholderText(self.tr("callback salt (kept in memory only)"))
        self.reveal.setText(self.tr("Hide") if self.reveal.isChecked() else self.tr("Reveal"))
        self.reveal.setToolTip(self.tr("Show or hide the typed salt"))
        self.window_label.setText(self.tr("Timestamp window ±"))
        self.window_box.setSuffix(self.tr(" min"))
        self._render_env_hint()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # what the others read ------------------------------------------------------------------
    def source_key(self) -> str:
        return str(self.source.currentData())

    def salt(self) -> str | None:
        """The salt to check and sign with; ``None`` when the user chose to decode only."""
        key = self.source_key()
        if key == SOURCE_NONE:
            return None
        if key == SOURCE_TYPED:
            return self.typed.text()
        return self._services.active_secrets().salt

    def window_s(self) -> int:
        return self.window_box.value() * 60

    def use_typed(self, salt: str) -> None:
        self.source.setCurrentIndex(self.source.findData(SOURCE_TYPED))
        self.typed.setText(salt)

    # slots -------------------------------------------------------------------------------
    def _on_source_changed(self, _index: int) -> None:
        self._services.set_state(CALLBACKS_SALT_SOURCE, self.source_key())
        self._update_visibility()
        self.changed.emit()

    def _on_typed_changed(self, _text: str) -> None:
        self.changed.emit()

    def _on_reveal_toggled(self, on: bool) -> None:
        self.typed.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.retranslate()

    def _on_window_changed(self, minutes: int) -> None:
        self._services.set_state(CALLBACKS_WINDOW_MIN, minutes)
        self.changed.emit()

    def _on_environment_changed(self, *_args: object) -> None:
        self._render_env_hint()
        if self.source_key() == SOURCE_ENV:
            self.changed.emit()

    def _update_visibility(self) -> None:
        key = self.source_key()
        pages = {SOURCE_ENV: 0, SOURCE_TYPED: 1, SOURCE_NONE: 2}
        self.source_pages.setCurrentIndex(pages.get(key, 0))
        self._render_env_hint()

    def _render_env_hint(self) -> None:
        env = self._services.active_environment()
        has_salt = bool(self._services.active_secrets().salt)
        if has_salt:
            text = self.tr("from {env} (set)").format(env=environment_label(env))
        else:
            text = self.tr("{env} has no salt yet: set it in the environment, or type one").format(
                env=environment_label(env)
            )
        self.env_hint.setText(text)
