"""With 中文 selected, no visible text of the window is English (protocol names and values aside).

Two ways in: a running window that did some work in English and is switched to Chinese (texts
set by earlier events must follow), and a fresh window started in Chinese. Every tab and every
inner tab page is visited; labels, buttons, group titles, tab texts, menu titles, placeholders
and tooltips are read. What the user typed or the platform sent (line edits, text editors,
environment names) is not language and is skipped.
"""

from __future__ import annotations

import html
import re
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

from workbench.qt.i18n import LANG_EN, LANG_ZH, install_language
from workbench.ui.guide.layout_check import describe

# Protocol names and values, and names of things that are not translated.
_ALLOWED_TEXT = (
    "app_id nonce sign type token ticket access_token version Plain Signature Timestamp "
    "transName SeqNo user user_data mechant_id cURL Python Java H5 msg code "
    "fileType fileFormat bizPath bizContent uploadJson uploadForm jsonData contentType "
    "fileId hashValue fileName fileList grant_type expire_in expire_time transactionTime "
    "Content-Type multipart form-data json base64 utf-8 UTF-8 "
    "curl Linux macOS Windows GitHub "
    # the guide's own Chinese wording, quoted in the field tooltips (workbench.core.fields)
    "secret salt file body httpbody hash url dev cap-up string union id "
    "jpg jpeg png gif zip pdf txt "  # fileFormat values
    # key names as the keyboard shows them, in shortcut hints: (Ctrl+Shift+F)
    "Ctrl Shift Alt Meta Cmd Return Enter Esc Tab Space Backspace Del Ins Home End PgUp PgDown"
)
ALLOWED = {word.lower() for word in _ALLOWED_TEXT.split()}
_TAG = re.compile(r"<[^<>]*>")
_NOT_WORDS = re.compile(
    r"https?://\S+"  # URLs
    r"|(?:[A-Za-z]:)?[\\/][\w.\-\\/~]+"  # paths
    r"|\b[\w\-]+(?:\.[\w\-]+)+\b"  # hosts, file names, dotted names (ca.pem, a.b.c)
    r"|\b[0-9A-Fa-f]{8,}\b"  # hex
    r"|\{.*?\}|\[.*?\]"  # JSON fragments and placeholders
    r"|\b\w+=[^,;，；。)）]*"  # parameters and certificate names: type=user, O=WeBank sandbox
    r"|[A-Za-z0-9_.\-~]*/[A-Za-z0-9_.\-~/]*"  # paths and service codes: yh/10002
    r"|(?:例如|如|e\.g\.)\s*[A-Za-z0-9_]+"  # an example value: 例如 cgy
    r"|%\w+|&\w+;"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_#\-]*")


def english_words(text: str, skip: tuple[str, ...] = ()) -> list[str]:
    """The English words of ``text`` that a Chinese user should not meet."""
    plain = html.unescape(_TAG.sub(" ", text)).replace("&", "")
    for name in sorted(skip, key=len, reverse=True):
        if name:  # environment names are the user's (F, G1, Local sandbox...)
            plain = re.sub(rf"(?<![\w]){re.escape(name)}(?![\w])", " ", plain)
    plain = _NOT_WORDS.sub(" ", plain)
    found = []
    for word in _WORD.findall(plain):
        if word.lower() in ALLOWED or len(word) < 2:
            continue
        if word.isupper() or "_" in word or any(ch.isdigit() for ch in word):
            continue  # acronyms and codes: API, TLS, USER_ID, SHA256, PKCS#12
        if any(ch.isupper() for ch in word[1:]):
            continue  # camelCase protocol names: bizPath, BizSeqNo, mTLS
        found.append(word)
    return found


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
