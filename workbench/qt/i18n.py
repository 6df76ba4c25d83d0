"""Runtime translation: Qt Linguist ``.qm`` files, one per area, switchable while running.

Widgets call ``self.tr("English")`` and re-read their strings in ``retranslate()``, which the
main window triggers on ``QEvent.LanguageChange``. Text from the layers below Qt arrives as
:class:`workbench.core.text.Text` and is shown with :func:`pick`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from workbench.core.text import Text
from workbench.paths import resource

AREAS = ("window", "composer", "files", "callbacks", "guide")
LANG_EN = "en"
LANG_ZH = "zh"

_state = {"lang": LANG_EN}
_installed: list[QTranslator] = []


def system_language() -> str:
    """``zh`` when the system locale is Chinese, else ``en`` (first start follows it)."""
    name = QLocale.system().name()
    return LANG_ZH if name.lower().startswith("zh") else LANG_EN


def current_language() -> str:
    return _state["lang"]


def pick(text: Text) -> str:
    """A bilingual core sentence in the active language."""
    return text(current_language())


def install_language(lang: str) -> None:
    """Load the translations for ``lang`` into the running application.

    Qt then sends ``LanguageChange`` to every widget, which calls its ``retranslate()``.
    """
    app = QCoreApplication.instance()
    assert app is not None, "install_language needs a QApplication"
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    _state["lang"] = LANG_ZH if lang.startswith("zh") else LANG_EN
    if _state["lang"] == LANG_ZH:
        from PySide6.QtCore import QLibraryInfo  # in Chinese only: its type costs start-up time

        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        base = QTranslator(app)
        if base.load("qtbase_zh_CN", qt_dir):  # Qt's own dialogs and buttons
            app.installTranslator(base)
            _installed.append(base)
        for area in AREAS:
            qm = resource("i18n", f"{area}_zh_CN.qm")
            tr = QTranslator(app)
            if qm.is_file() and tr.load(str(qm)):
                app.installTranslator(tr)
                _installed.append(tr)
