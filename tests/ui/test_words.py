"""The words users read: no citation of a document they do not have, Chinese with full-width
punctuation and Chinese reasons, no English field left in a Chinese sentence."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from workbench.qt.i18n import LANG_EN, LANG_ZH, install_language

ROOT = Path(__file__).resolve().parents[2]
CJK = "[\u3400-\u9fff]"
HALF_WIDTH_NEXT_TO_CHINESE = re.compile(f"{CJK}\\s?[,:;()]|[,:;()]\\s?{CJK}")


def _non_docstring_strings(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            docs.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            yield node.lineno, node.value


def test_no_user_sentence_cites_the_protocol_document() -> None:
    """Users have the bank's guide, not PROTOCOL.md: sentences cite "guide 4.4" or nothing."""
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text[:80]!r}"
        for path in sorted((ROOT / "workbench").rglob("*.py"))
        for line, text in _non_docstring_strings(path)
        if re.search(r"PROTOCOL P\d|\(P\d+(\.\d+)?\)", text)
    ]
    for ts in sorted((ROOT / "resources" / "i18n").glob("*.ts")):
        for match in re.finditer(r"<(source|translation)[^>]*>(.*?)</\1>", ts.read_text(), re.S):
            if re.search(r"PROTOCOL P\d|\(P\d+(\.\d+)?\)|（P\d", match.group(2)):
                found.append(f"{ts.name}: {match.group(2)[:80]!r}")
    assert found == []


@pytest.fixture
def chinese(qapp: Any) -> Iterator[None]:
    install_language(LANG_ZH)
    yield
    install_language(LANG_EN)


def _shown_texts(root: QWidget) -> list[str]:
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            texts.append(widget.placeholderText())
        texts.append(widget.toolTip())
    return [t for t in texts if t]


def test_the_callbacks_tab_uses_full_width_punctuation_in_chinese(
    qtbot: Any, services: Any, chinese: None
) -> None:
    from workbench.ui.callbacks.tab import CallbacksTab

    tab = CallbacksTab(services)
    qtbot.addWidget(tab)
    tab.resize(1280, 840)
    tab.show()
    texts = _shown_texts(tab)
    assert any("盐值" in t for t in texts)  # it is Chinese
    # a formula keeps its ASCII brackets: SHA256(Plain + 盐值 + 时间戳); so do file filters (*.pem)
    prose = [re.sub(r"[A-Za-z0-9]\([^()]*\)|\(\*[^)]*\)", "", t) for t in texts]
    bad = [t for t in prose if HALF_WIDTH_NEXT_TO_CHINESE.search(t)]
    assert bad == [], "\n".join(bad)


def test_the_composer_says_version_in_chinese(qtbot: Any, services: Any, chinese: None) -> None:
    from workbench.ui.composer.tab import ComposerTab

    tab = ComposerTab(services)
    qtbot.addWidget(tab)
    text = tab.editor.env_info.text()
    assert "版本 " in text and "version" not in text
    assert "Local sandbox" not in text and "本地沙箱" in text


def test_an_os_reason_inside_a_chinese_sentence_is_chinese(
    qtbot: Any, services: Any, chinese: None, tmp_path: Path
) -> None:
    from workbench.ui.composer.tab import ComposerTab

    tab = ComposerTab(services)
    qtbot.addWidget(tab)
    tab.load_body_file(tmp_path / "missing.json")
    qtbot.waitUntil(lambda: tab.status.state == "failed", timeout=5000)
    assert "文件或文件夹不存在" in tab.status.text()
    assert "No such file" not in tab.status.text()


def test_the_answer_rules_title_uses_full_width_brackets_in_chinese(
    qtbot: Any, services: Any, chinese: None
) -> None:
    from workbench.ui.callbacks.rules import RulesEditor

    editor = RulesEditor(services)
    qtbot.addWidget(editor)
    # "(* ...)" here is prose, not a file filter: the general check above lets it pass
    assert editor.title.text() == "按 transName 的应答规则（* 表示其余全部）"


# the sandbox's own platform answers copy the bank's msg texts, half-width as the bank writes them
BANK_TEXTS = ("sandbox/api.py", "sandbox/common.py", "sandbox/services.py")


def test_chinese_sentences_below_qt_use_full_width_punctuation() -> None:
    """Error sentences built in client/, receiver/, qt/... (Text values) are read in the window."""
    found = []
    for path in sorted((ROOT / "workbench").rglob("*.py")):
        if path.relative_to(ROOT / "workbench").as_posix() in BANK_TEXTS:
            continue
        for line, text in _non_docstring_strings(path):
            prose = re.sub(r"[A-Za-z0-9]\([^()]*\)|\(\*[^)]*\)|https?://\S+", "", text)
            if re.search(CJK, text) and HALF_WIDTH_NEXT_TO_CHINESE.search(prose):
                found.append(f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}")
    assert found == [], "\n".join(found)
