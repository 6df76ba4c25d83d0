"""The main window: five tabs, the environment switcher, TLS and sandbox state, language menu.

The window is only layout and wiring of widgets; everything it shows comes from
:class:`~workbench.qt.services.AppServices`, passed in (no globals).
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench import __version__
from workbench.core.environment import CA_BUNDLE, CERT_NONE, CERT_P12, CERT_PEM
from workbench.qt.i18n import LANG_EN, LANG_ZH, current_language, install_language, pick
from workbench.qt.sandbox_controller import FAILED, RUNNING, STARTING
from workbench.ui.env_tab import EnvironmentTab
from workbench.ui.tokens_tab import TokensTab
from workbench.ui.widgets.common import ERROR_COLOUR, OK_COLOUR, WARN_COLOUR

log = logging.getLogger(__name__)

# (module, class) of the tabs written in other areas; a placeholder shows until they exist.
OPTIONAL_TABS = (
    ("workbench.ui.composer.tab", "ComposerTab"),
    ("workbench.ui.files.tab", "FilesTab"),
    ("workbench.ui.callbacks.tab", "CallbacksTab"),
)


class PlaceholderTab(QWidget):
    """Stands in for a tab whose module is missing from this build."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.label)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("This part of the workbench is not available in this build."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _load_tab(module: str, cls: str, services: Any, parent: QWidget) -> QWidget:
    try:
        tab_class = getattr(importlib.import_module(module), cls)
    except (ImportError, AttributeError):
        log.info("%s.%s not available: placeholder shown", module, cls)
        return PlaceholderTab(parent)
    return tab_class(services, parent)


class MainWindow(QMainWindow):
    """Environment, Tokens & tickets, Composer, Files, Callbacks."""

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.env_tab = EnvironmentTab(services, self.tabs)
        self.tokens_tab = TokensTab(services, self.tabs)
        self.extra_tabs = [_load_tab(m, c, services, self.tabs) for m, c in OPTIONAL_TABS]
        for tab in (self.env_tab, self.tokens_tab, *self.extra_tabs):
            self.tabs.addTab(tab, "")
        self.setCentralWidget(self.tabs)
        self._build_status_bar()
        self._build_menus()
        self._restore_state()
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        services.environment_changed.connect(self._on_services_environment_changed)
        services.environments_listed.connect(self._fill_env_combo)
        services.sandbox_state_changed.connect(self._on_services_sandbox_state_changed)
        self._fill_env_combo()
        self.retranslate()

    # ----------------------------------------------------------------- building
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.env_label = QLabel(self)
        self.env_combo = QComboBox(self)
        self.env_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.env_combo.currentIndexChanged.connect(self._on_env_combo_current_index_changed)
        self.tls_label = QLabel(self)
        self.tls_warning = QLabel(self)
        self.sandbox_label = QLabel(self)
        bar.addPermanentWidget(self.env_label)
        bar.addPermanentWidget(self.env_combo)
        bar.addPermanentWidget(self.tls_label)
        bar.addPermanentWidget(self.tls_warning)
        bar.addPermanentWidget(self.sandbox_label, 1)

    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)

        self.view_menu = self.menuBar().addMenu("")
        self.language_menu = self.view_menu.addMenu("")
        group = QActionGroup(self)
        group.setExclusive(True)
        self.lang_actions: dict[str, QAction] = {}
        for lang, label in ((LANG_ZH, "中文"), (LANG_EN, "English")):
            action = QAction(label, self)  # each language is named in itself, never translated
            action.setCheckable(True)
            action.setChecked(current_language() == lang)
            action.triggered.connect(lambda _checked=False, lg=lang: self.set_language(lg))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.lang_actions[lang] = action
        # A tab's own actions (with shortcuts) get a menu named after the tab; they are also
        # added to the window so that their shortcuts work whichever tab is shown.
        self.tab_actions: list[QAction] = []
        self.tab_menus: dict[int, Any] = {}
        for index, tab in enumerate(self.extra_tabs, start=2):
            if isinstance(tab, PlaceholderTab):
                continue
            try:
                found = [a for a in tab.actions() if isinstance(a, QAction)]
            except TypeError:
                found = []
            if not found:
                continue
            menu = self.menuBar().addMenu("")
            self.tab_menus[index] = menu
            for action in found:
                menu.addAction(action)
                self.addAction(action)
                self.tab_actions.append(action)
        self.help_menu = self.menuBar().addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

    def _restore_state(self) -> None:
        geometry = self.services.ui_state("window/geometry")
        if isinstance(geometry, str) and geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        else:
            fm = self.fontMetrics()
            width, height = fm.averageCharWidth() * 150, fm.height() * 45
            screen = self.screen()
            if screen is not None:  # never open larger than the screen
                avail = screen.availableGeometry()
                width, height = min(width, avail.width()), min(height, avail.height())
            self.resize(width, height)
        tab = self.services.ui_state("window/tab", 0)
        if isinstance(tab, int) and 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)

    # ----------------------------------------------------------------- text
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("WeBank open platform workbench"))
        titles = [
            self.tr("Environment"),
            self.tr("Tokens && tickets"),
            self.tr("Composer"),
            self.tr("Files"),
            self.tr("Callbacks"),
        ]
        for i, title in enumerate(titles[: self.tabs.count()]):
            self.tabs.setTabText(i, title)
        for index, menu in self.tab_menus.items():
            menu.setTitle(self.tabs.tabText(index))
        self.file_menu.setTitle(self.tr("&File"))
        self.quit_action.setText(self.tr("&Quit"))
        self.quit_action.setToolTip(
            self.tr("Quit ({key})").format(
                key=self.quit_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About"))
        self.env_label.setText(self.tr("Environment:"))
        self._render_tls()
        self._render_sandbox()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, lang: str) -> None:
        """Switch while running; remembered for the next start."""
        self.services.settings.language = lang
        self.services.schedule_save()
        install_language(lang)
        for key, action in self.lang_actions.items():
            action.setChecked(key == lang)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About"),
            self.tr(
                "<b>WeBank open platform workbench</b> {version}<br><br>"
                "Sign, send, transfer and verify requests of the WeBank credit open platform, "
                "against the bank's environments or a local sandbox."
            ).format(version=__version__),
        )

    # ----------------------------------------------------------------- status bar
    def _fill_env_combo(self) -> None:
        self.env_combo.blockSignals(True)
        self.env_combo.clear()
        active = self.services.settings.active_name
        for env in self.services.environments():
            self.env_combo.addItem(env.name, env.name)
        self.env_combo.setCurrentIndex(max(0, self.env_combo.findData(active)))
        self.env_combo.blockSignals(False)
        self._render_tls()

    def _on_env_combo_current_index_changed(self, index: int) -> None:
        name = self.env_combo.itemData(index)
        if name:
            self.services.set_active_environment(str(name))

    def _on_services_environment_changed(self, env: Any) -> None:
        index = self.env_combo.findData(env.name)
        if index >= 0 and index != self.env_combo.currentIndex():
            self.env_combo.blockSignals(True)
            self.env_combo.setCurrentIndex(index)
            self.env_combo.blockSignals(False)
        self._render_tls()

    def _on_services_sandbox_state_changed(self, _state: str) -> None:
        self._render_sandbox()
        self._render_tls()

    def _render_tls(self) -> None:
        env = self.services.active_environment()
        tls = env.tls
        mode = {
            CERT_PEM: self.tr("mTLS (PEM)"),
            CERT_P12: self.tr("mTLS (PKCS#12)"),
            CERT_NONE: self.tr("no client certificate"),
        }.get(tls.cert_mode, tls.cert_mode)
        if tls.ca_mode == CA_BUNDLE and tls.ca_path:
            ca = self.tr("CA: {file}").format(
                file=tls.ca_path.replace("\\", "/").rsplit("/", 1)[-1]
            )
            self.tls_label.setToolTip(tls.ca_path)
        else:
            ca = self.tr("CA: system store")
            self.tls_label.setToolTip("")
        self.tls_label.setText(f"{mode} · {ca}")
        off = not tls.verify or not env.file_tls.verify
        self.tls_warning.setVisible(off)
        self.tls_warning.setText(self.tr("TLS verification OFF"))
        self.tls_warning.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")

    def _render_sandbox(self) -> None:
        controller = self.services.sandbox()
        state = controller.state
        if state == RUNNING:
            where = ""
            info = controller.info
            base = getattr(info, "api_base", "") or getattr(info, "api_url", "")
            if base:
                where = " " + str(base)
            text, colour = self.tr("Sandbox: running") + where, OK_COLOUR
        elif state == STARTING:
            text, colour = self.tr("Sandbox: starting…"), WARN_COLOUR
        elif state == FAILED:
            text, colour = self.tr("Sandbox: failed"), ERROR_COLOUR
            if controller.error is not None:
                self.sandbox_label.setToolTip(pick(controller.error.text))
        else:
            text, colour = self.tr("Sandbox: stopped"), ""
        self.sandbox_label.setText(text)
        self.sandbox_label.setStyleSheet(f"color: {colour};" if colour else "")

    # ----------------------------------------------------------------- state
    def _on_tabs_current_changed(self, index: int) -> None:
        self.services.set_ui_state("window/tab", index)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        self.services.set_ui_state("window/geometry", geometry)
        for tab in (self.env_tab, self.tokens_tab, *self.extra_tabs):
            shutdown = getattr(tab, "shutdown", None)
            if callable(shutdown):
                try:
                    shutdown()
                except Exception:  # noqa: BLE001 - closing must go on
                    log.exception("tab shutdown failed")
        super().closeEvent(event)
