"""The main window: five tabs, the environment switcher, TLS and sandbox state, language menu.

The window is only layout and wiring of widgets; everything it shows comes from
:class:`~workbench.qt.services.AppServices`, passed in (no globals).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QMenu,
    QTabWidget,
    QWidget,
)

from workbench import __version__
from workbench.core.environment import CA_BUNDLE, CERT_NONE, CERT_P12, CERT_PEM
from workbench.qt.i18n import LANG_EN, LANG_ZH, current_language, install_language, pick
from workbench.qt.sandbox_controller import FAILED, RUNNING, STARTING
from workbench.qt.window_state import WINDOW_GEOMETRY, WINDOW_TAB
from workbench.ui.credential_prompts import install_credential_dialogs
from workbench.ui.env_tab import EnvironmentTab
from workbench.ui.lazy_tab import LazyTab, TabFactory
from workbench.ui.widgets.common import ERROR_COLOUR, OK_COLOUR, WARN_COLOUR, FitLabel, tint
from workbench.ui.widgets.env_names import environment_label

if TYPE_CHECKING:
    from workbench.qt.services import AppServices

log = logging.getLogger(__name__)


# The tabs at indexes 1-4, each built by its factory after the first paint, or at once when one
# is the remembered tab (see workbench.ui.lazy_tab). Their modules are imported inside the
# factories: a module that fails to import raises, it is never hidden.
def _tokens_tab(services: AppServices, parent: QWidget) -> QWidget:
    from workbench.ui.tokens_tab import TokensTab

    return TokensTab(services, parent)


def _composer_tab(services: AppServices, parent: QWidget) -> QWidget:
    from workbench.ui.composer.tab import ComposerTab

    return ComposerTab(services, parent)


def _files_tab(services: AppServices, parent: QWidget) -> QWidget:
    from workbench.ui.files.tab import FilesTab

    return FilesTab(services, parent)


def _callbacks_tab(services: AppServices, parent: QWidget) -> QWidget:
    from workbench.ui.callbacks.tab import CallbacksTab

    return CallbacksTab(services, parent)


LAZY_TABS: tuple[TabFactory, ...] = (_tokens_tab, _composer_tab, _files_tab, _callbacks_tab)
FIRST_LAZY = 2  # extra_tabs: the tabs of the other areas
# The first start opens this large (when the screen allows); a remembered geometry wins.
DEFAULT_SIZE = (1280, 840)
SCREEN_SHARE = 0.92  # ... and at most this share of the available screen (small laptops)
SHORTCUTS_LATEST_MS = 1_000  # the menus' shortcuts come with the first paint, or after this


class MainWindow(QMainWindow):
    """Environment, Tokens & tickets, Composer, Files, Callbacks.

    Signals:
        first_painted(): the window is on screen (emitted once, right after the first paint;
            the lazy tabs are built after it).
    """

    first_painted = Signal()

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._code_font_set = False  # code views' font: before the first of them (guide.theme)
        # PROTOCOL P3: every path that would fetch for a bank environment asks with these
        install_credential_dialogs(services.credentials, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        # the five tabs are always all in sight: the window is kept wide enough for their
        # titles (a long language included) instead of hiding some behind scroll arrows
        self.tabs.setUsesScrollButtons(False)
        self.env_tab = EnvironmentTab(services, self.tabs)
        self.tabs.addTab(self.env_tab, "")
        for factory in LAZY_TABS:
            self.tabs.addTab(LazyTab(factory, self.tabs), "")
        self.setCentralWidget(self.tabs)
        self._build_status_bar()
        self._build_menus()
        self._restore_state()
        self.ensure_tab(self.tabs.currentIndex())  # the first paint shows the real page
        self._painted = False
        self._on_screen = False  # the first paint is done (when_painted)
        self._waiting_for_paint: list[Callable[[], object]] = []
        self._shortcuts_set = False  # they come with the first paint (_set_shortcuts)
        QTimer.singleShot(SHORTCUTS_LATEST_MS, self, self._ready_for_input)  # never painted
        self.installEventFilter(self)  # until the first paint: then the lazy tabs are built
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        services.environment_changed.connect(self._on_services_environment_changed)
        services.environments_listed.connect(self._fill_env_combo)
        services.sandbox_state_changed.connect(self._on_services_sandbox_state_changed)
        self._fill_env_combo()
        self.retranslate()

    # ----------------------------------------------------------------- lazy tabs
    @property
    def tokens_tab(self) -> Any:
        return self.ensure_tab(1)

    @property
    def composer_tab(self) -> Any:
        return self.ensure_tab(2)

    @property
    def files_tab(self) -> Any:
        return self.ensure_tab(3)

    @property
    def callbacks_tab(self) -> Any:
        return self.ensure_tab(4)

    @property
    def extra_tabs(self) -> list[QWidget]:
        """The Composer, Files and Callbacks tabs (built now if they were not yet)."""
        return [self.ensure_tab(i) for i in range(FIRST_LAZY, self.tabs.count())]

    def built_tabs(self) -> list[QWidget]:
        """Every tab page that is built (no lazy stand-in)."""
        pages = [self.tabs.widget(i) for i in range(self.tabs.count())]
        return [page for page in pages if page is not None and not isinstance(page, LazyTab)]

    def ensure_tab(self, index: int) -> QWidget:
        """The real tab at ``index``: built and put in place of its stand-in on first use."""
        page = self.tabs.widget(index)
        if page is None:
            raise IndexError(f"no tab at {index}")
        if not isinstance(page, LazyTab):
            return page
        self._set_code_font()  # before a tab with code views is made (a remembered one: now)
        real = page.build(self.services, self.tabs)
        current = self.tabs.currentIndex()
        text, icon, tip = (
            self.tabs.tabText(index),
            self.tabs.tabIcon(index),
            self.tabs.tabToolTip(index),
        )
        self.tabs.blockSignals(True)  # the swap is no user's tab change (ui_state stays)
        try:
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, real, icon, text)
            self.tabs.setTabToolTip(index, tip)
            self.tabs.setCurrentIndex(current)
        finally:
            self.tabs.blockSignals(False)
        page.deleteLater()
        self._add_tab_menu(index, real)
        return real

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        # The first UpdateRequest paints the window: once it is on screen, build the lazy tabs
        # one per zero-timer, the shown one first, so input is served between them.
        if watched is self and not self._painted and event.type() == QEvent.Type.UpdateRequest:
            self._painted = True
            self.removeEventFilter(self)
            QTimer.singleShot(0, self, self._after_first_paint)
        return False

    def _set_code_font(self) -> None:
        if not self._code_font_set:
            self._code_font_set = True
            from workbench.ui.guide.theme import apply_code_font

            apply_code_font()

    def _after_first_paint(self) -> None:
        self._on_screen = True
        self.first_painted.emit()
        waiting, self._waiting_for_paint = self._waiting_for_paint, []
        for callback in waiting:
            try:
                callback()
            except Exception:  # one failing caller must not cost the others their turn
                log.exception("a call after the first paint failed")
        self._ready_for_input()
        self._build_next_lazy_tab()

    def _ready_for_input(self) -> None:
        """The menus' shortcuts and the code views' font (guide.theme): after the first paint,
        or after SHORTCUTS_LATEST_MS when the window is never painted."""
        self._set_code_font()
        self._set_shortcuts()

    def when_painted(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once the window is on screen: after its first paint, or on the
        next turn of the event loop when that has happened already. Start-up work that the
        first paint does not need waits here, so that it does not compete with it."""
        if self._on_screen:
            QTimer.singleShot(0, self, callback)
        else:
            self._waiting_for_paint.append(callback)

    def _build_next_lazy_tab(self) -> None:
        if not self.isVisible():
            return  # closed meanwhile: its services may be shut down already
        pending = [i for i in range(self.tabs.count()) if isinstance(self.tabs.widget(i), LazyTab)]
        if not pending:
            return
        current = self.tabs.currentIndex()
        self.ensure_tab(current if current in pending else pending[0])
        if len(pending) > 1:
            QTimer.singleShot(0, self, self._build_next_lazy_tab)

    # ----------------------------------------------------------------- building
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.env_combo = QComboBox(self)
        self.env_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.env_combo.currentIndexChanged.connect(self._on_env_combo_current_index_changed)
        # one line when there is room; two in a narrow window or a long language, never cut
        self.tls_label = FitLabel(self)
        self.tls_warning = QLabel(self)
        self.sandbox_label = FitLabel(self)
        bar.addPermanentWidget(self.env_combo)
        bar.addPermanentWidget(self.tls_label)
        bar.addPermanentWidget(self.tls_warning)
        bar.addPermanentWidget(self.sandbox_label)
        # the spare room goes to an empty end, so that every label gets its one-line width first
        bar.addPermanentWidget(QWidget(self), 1)

    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.quit_action = QAction(self)  # its shortcut comes with the first paint
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
        # A tab's own actions (with shortcuts) get a menu named after the tab, added when the tab
        # is built (_add_tab_menu); they are also added to the window so that their shortcuts
        # work whichever tab is shown.
        self.tab_actions: list[QAction] = []
        self.tab_menus: dict[int, QMenu] = {}
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.setObjectName("menu_help")  # the guide adds its entries to this menu
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

    def _set_shortcuts(self) -> None:
        """The menus' shortcuts, right after the first paint: setting one builds PySide's Qt
        namespace (about 15 ms, widgets/early.py), and no key can reach the window before it is
        on screen."""
        from PySide6.QtGui import QKeySequence

        if self._shortcuts_set:
            return
        self._shortcuts_set = True
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self._quit_tooltip()

    def _quit_tooltip(self) -> None:
        if not self._shortcuts_set:
            return  # set with the shortcut, which it names
        from PySide6.QtGui import QKeySequence

        key = self.quit_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.quit_action.setToolTip(self.tr("Quit ({key})").format(key=key))

    def _add_tab_menu(self, index: int, tab: QWidget) -> None:
        from PySide6.QtCore import Qt  # tabs are built after the first paint (widgets/early.py)

        if not callable(getattr(tab, "actions", None)):
            return
        try:
            found = [a for a in tab.actions() if isinstance(a, QAction)]
        except TypeError:
            found = []
        if not found:
            return
        menu = QMenu(self.tabs.tabText(index), self)
        later = [m for i, m in sorted(self.tab_menus.items()) if i > index]
        before = later[0] if later else self.help_menu  # menus keep the order of the tabs
        self.menuBar().insertMenu(before.menuAction(), menu)
        self.tab_menus[index] = menu
        for action in found:
            menu.addAction(action)
            # A tab-scoped shortcut (Ctrl+Return sends in the composer and starts a transfer in
            # Files) must stay with its tab: on the window too, Qt would find two and run neither.
            if action.shortcutContext() != Qt.ShortcutContext.WidgetWithChildrenShortcut:
                self.addAction(action)
            self.tab_actions.append(action)

    def _restore_state(self) -> None:
        geometry = self.services.state(WINDOW_GEOMETRY)
        if isinstance(geometry, str) and geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        else:
            fm = self.fontMetrics()  # a large UI font asks for more room than the default
            width = max(DEFAULT_SIZE[0], fm.averageCharWidth() * 160)
            height = max(DEFAULT_SIZE[1], fm.height() * 48)
            screen = self.screen()
            if screen is not None:  # never larger than the screen, with room for the frame
                avail = screen.availableGeometry()
                width = min(width, int(avail.width() * SCREEN_SHARE))
                height = min(height, int(avail.height() * SCREEN_SHARE))
            self.resize(width, height)
        tab = self.services.state(WINDOW_TAB)
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
        self._quit_tooltip()
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About"))
        # no "Environment:" caption: the name in the combo says it, the tooltip explains it,
        # and the bar keeps room for TLS and sandbox state in long languages
        self.env_combo.setToolTip(
            self.tr("The active environment: requests, tokens and files go to it")
        )
        self.env_combo.setAccessibleName(self.tr("Active environment"))
        for index in range(self.env_combo.count()):
            env = self.services.environment(str(self.env_combo.itemData(index)))
            if env is not None:
                self.env_combo.setItemText(index, environment_label(env))
        self._render_tls()
        self._render_sandbox()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            self.retranslate()
        elif kind in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._retint_tab_icons()
        super().changeEvent(event)

    def _retint_tab_icons(self) -> None:
        """The line icons take the text colour: draw them again for a new (dark/light) palette."""
        if all(self.tabs.tabIcon(i).isNull() for i in range(self.tabs.count())):
            return  # no icons were given (tests, or a build without the guide)
        from workbench.ui.guide.icons import apply_tab_icons

        apply_tab_icons(self.tabs)

    def set_language(self, lang: str) -> None:
        """Switch while running; remembered for the next start."""
        self.services.settings.language = lang
        self.services.schedule_save()
        install_language(lang)
        for key, action in self.lang_actions.items():
            action.setChecked(key == lang)

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # on use: its type costs startup time

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
            self.env_combo.addItem(environment_label(env), env.name)
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
        if off:  # not before: a bold font costs the window's start-up time (widgets/common.py)
            tint(self.tls_warning, ERROR_COLOUR, bold=True)

    def _render_sandbox(self) -> None:
        controller = self.services.sandbox()
        state = controller.state
        tip = ""
        if state == RUNNING:
            info = controller.info
            base = getattr(info, "api_base", "") or getattr(info, "api_url", "")
            # the address is in the tooltip (and the Environment tab): the bar stays short
            tip = self.tr("Local sandbox at {address}").format(address=base) if base else ""
            text, colour = self.tr("Sandbox: running"), OK_COLOUR
        elif state == STARTING:
            text, colour = self.tr("Sandbox: starting…"), WARN_COLOUR
        elif state == FAILED:
            text, colour = self.tr("Sandbox: failed"), ERROR_COLOUR
            if controller.error is not None:
                tip = pick(controller.error.text)
        else:
            text, colour = self.tr("Sandbox: stopped"), ""
        self.sandbox_label.setText(text)
        self.sandbox_label.setToolTip(tip)
        tint(self.sandbox_label, colour)

    # ----------------------------------------------------------------- state
    def _on_tabs_current_changed(self, index: int) -> None:
        self.services.set_state(WINDOW_TAB, index)
        if isinstance(self.tabs.widget(index), LazyTab):
            self.ensure_tab(index)  # the user asked for it: it cannot wait for the idle chain

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        self.services.set_state(WINDOW_GEOMETRY, geometry)
        for tab in self.built_tabs():
            shutdown = getattr(tab, "shutdown", None)
            if callable(shutdown):
                try:
                    shutdown()
                except Exception:  # closing must go on
                    log.exception("tab shutdown failed")
        super().closeEvent(event)
