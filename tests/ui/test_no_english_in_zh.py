"""With 中文 selected, no visible text of the window is English (protocol names and values aside).

Two ways in: a running window that did some work in English and is switched to Chinese (texts
set by earlier events must follow), and a fresh window started in Chinese. Every tab and every
inner tab page is visited; labels, buttons, group titles, tab texts, menu titles, placeholders
and tooltips are read. What the user typed or the platform sent (line edits, text editors,
environment names) is not language and is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenuBar,
    QTabBar,
    QTabWidget,
    QWidget,
)

from tests.english import english_words
from workbench.qt.i18n import LANG_EN, LANG_ZH, install_language
from workbench.ui.guide.layout_check import describe


def _visible(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def _user_data(widget: QWidget) -> bool:
    """Labels that show a value rather than a sentence (set by the tabs through objectName or
    a dynamic property ``userData``)."""
    return bool(widget.property("userData"))


def offenders(root: QWidget, skip: tuple[str, ...]) -> list[str]:
    """Every visible piece of English under ``root`` (inclusive), as 'widget path: text'."""
    found: list[str] = []

    def check(widget: QWidget, what: str, text: str) -> None:
        words = english_words(text, skip)
        if words:
            found.append(f"{describe(widget)} [{what}] {text[:90]!r} -> {words}")

    for widget in [root, *root.findChildren(QWidget)]:
        if not _visible(widget) or _user_data(widget):
            continue
        if widget.toolTip():
            check(widget, "tooltip", widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton):
            check(widget, "text", widget.text())
        elif isinstance(widget, QGroupBox):
            check(widget, "title", widget.title())
        elif isinstance(widget, QLineEdit):
            check(widget, "placeholder", widget.placeholderText())
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                if widget.isTabVisible(i):
                    check(widget, f"tab {i}", widget.tabText(i))
                    check(widget, f"tab {i} tooltip", widget.tabToolTip(i))
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                check(widget, "menu", action.text())
    return found


def _settle(qapp: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        qapp.processEvents()


def visit_everything(window: Any, qapp: QApplication) -> list[str]:
    """Every main tab, and in each every inner tab page (one level of nesting, and the next)."""
    skip = tuple(env.name for env in window.services.environments())
    problems: list[str] = []
    tabs = window.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        _settle(qapp)
        problems += offenders(window, skip)
        page = tabs.widget(index)
        for inner in page.findChildren(QTabWidget):
            if not inner.isVisible():
                continue
            keep = inner.currentIndex()
            for sub in range(inner.count()):
                inner.setCurrentIndex(sub)
                _settle(qapp)
                problems += offenders(window, skip)
            inner.setCurrentIndex(keep)
    return sorted(set(problems))


def _report(problems: list[str]) -> str:
    return "English shown with 中文 selected:\n" + "\n".join(problems)


@pytest.fixture
def chinese_window(qtbot: Any, services: Any, show_window: Callable[[Any], Any]) -> Iterator[Any]:
    install_language(LANG_ZH)
    win = show_window(services)
    qtbot.waitExposed(win)
    yield win
    win.close()
    install_language(LANG_EN)


def test_english_words_are_found_and_protocol_names_pass() -> None:
    assert english_words("获取 access_token 令牌（app_id wbvyujjilf9ws6uxwp）") == []
    assert english_words("已接受 sign 票据, 见 https://a.example/x?y=1 与 /tmp/ca.pem") == []
    assert english_words("双向 TLS (PEM) · CA：ca.pem，PKCS#12 文件，bizPath 与 USER_ID") == []
    assert english_words("<b>Local sandbox</b>（使用中）", ("Local sandbox",)) == []
    assert english_words("The platform accepted the request.") == [
        "The",
        "platform",
        "accepted",
        "the",
        "request",
    ]
    assert english_words("App secret 密钥") == ["App"]  # secret: the guide's own word (P1)
    assert english_words("Application key 密钥") == ["Application", "key"]
    assert english_words("fileFormat，例如 jpg；F1 环境", ("F",)) == []
    assert english_words("打开… (Ctrl+Shift+O)；服务器：O=WeBank sandbox, CN=x；如 cgy") == []


def test_switching_a_running_window_to_chinese_leaves_no_english(
    qtbot: Any, qapp: QApplication, window: Any
) -> None:
    # some work in English first: texts set by events must follow the switch too
    with qtbot.waitSignal(window.services.refresher.fetched, timeout=10000):
        window.tokens_tab.request_fetch("all")
    composer = window.composer_tab
    apply_template = getattr(composer, "apply_template", None)
    if callable(apply_template):
        from workbench.core.templates import GUIDE_TEMPLATES

        window.tabs.setCurrentWidget(composer)
        apply_template(GUIDE_TEMPLATES[0])
        composer.send()
        qtbot.waitUntil(lambda: composer.send_action.isEnabled(), timeout=10000)
    window.env_tab.check_connection()
    qtbot.waitUntil(lambda: not window.services.runner.running(), timeout=10000)
    window.extra_tabs  # noqa: B018 - every tab built before the switch
    try:
        window.set_language(LANG_ZH)
        qtbot.waitUntil(lambda: window.tabs.tabText(0) == "环境")
        problems = visit_everything(window, qapp)
    finally:
        window.set_language(LANG_EN)
    assert problems == [], _report(problems)


def test_a_window_started_in_chinese_shows_no_english(
    qapp: QApplication, chinese_window: Any
) -> None:
    assert chinese_window.tabs.tabText(0) == "环境"
    problems = visit_everything(chinese_window, qapp)
    assert problems == [], _report(problems)


def test_the_sandboxs_templates_are_described_in_chinese() -> None:
    from workbench.core.templates import sandbox_templates
    from workbench.sandbox.services import SERVICES

    described = [(s.system, s.service_code, s.description) for s in SERVICES]
    for template in sandbox_templates(described, {}):
        assert english_words(template.title.zh) == [], template.title.zh
