"""The JSON editor: colours appear, big texts show at once and get coloured in chunks."""

from __future__ import annotations

import json
from typing import Any

from workbench.ui.widgets.json_view import JsonEditor


def _formats_of_line(editor: JsonEditor, n: int) -> list:
    return editor.document().findBlockByNumber(n).layout().formats()


def test_keys_and_strings_are_coloured(qtbot) -> None:
    editor = JsonEditor()
    qtbot.addWidget(editor)
    editor.setPlainText('{\n  "name": "张三",\n  "n": 12\n}')
    fmts = _formats_of_line(editor, 1)
    colours = {f.format.foreground().color().name() for f in fmts}
    assert len(colours) >= 2  # key and string differ


def test_emoji_before_a_key_keeps_colours_aligned(qtbot) -> None:
    editor = JsonEditor()
    qtbot.addWidget(editor)
    editor.setPlainText('"😀": "x"')
    starts = sorted((f.start, f.length) for f in _formats_of_line(editor, 0))
    # "😀" is 4 UTF-16 units including the quotes; then ':' at 4, the string at 6..9
    assert starts[0] == (0, 4)
    assert (6, 3) in starts


def test_lazy_text_is_shown_at_once_and_coloured_later(qtbot) -> None:
    editor = JsonEditor(read_only=True)
    qtbot.addWidget(editor)
    editor.resize(600, 400)
    editor.show()
    text = json.dumps([{"id": i, "name": f"n{i}"} for i in range(4000)], indent=2)
    editor.set_text_lazy(text)
    assert not editor.highlighting_done()
    assert _formats_of_line(editor, editor.blockCount() - 3) == []
    qtbot.waitUntil(editor.highlighting_done, timeout=20000)
    assert editor.toPlainText() == text
    assert _formats_of_line(editor, editor.blockCount() - 3) != []


def test_huge_text_is_coloured_where_it_is_scrolled(qtbot) -> None:
    editor = JsonEditor(read_only=True)
    qtbot.addWidget(editor)
    editor.resize(600, 400)
    editor.show()
    text = json.dumps([{"id": i, "name": f"n{i}"} for i in range(20000)], indent=2)
    editor.set_text_lazy(text)
    qtbot.waitUntil(editor.highlighting_done, timeout=20000)
    assert editor.toPlainText() == text
    assert _formats_of_line(editor, 2) != []
    last = editor.blockCount() - 3
    assert _formats_of_line(editor, last) == []  # 80,000 lines: only what is on screen
    editor.verticalScrollBar().setValue(editor.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: _formats_of_line(editor, last) != [], timeout=5000)


def test_line_numbers_widen_for_more_lines(qtbot) -> None:
    editor = JsonEditor()
    qtbot.addWidget(editor)
    narrow = editor.line_number_width()
    editor.setPlainText("\n" * 12000)
    assert editor.line_number_width() > narrow


def test_loaded_is_emitted_once_all_text_is_in(qtbot: Any) -> None:
    from workbench.ui.widgets.json_view import FILL_CHUNK, JsonEditor

    viewer = JsonEditor(read_only=True)
    qtbot.addWidget(viewer)
    big = "[\n" + ",\n".join(f'{{"id": {i}}}' for i in range(3 * FILL_CHUNK // 10)) + "\n]"
    with qtbot.waitSignal(viewer.loaded, timeout=20000):
        viewer.set_text_lazy(big)
        assert viewer.toPlainText() != big  # shown in parts: the signal is what says "done"
    assert viewer.toPlainText() == big
    with qtbot.waitSignal(viewer.loaded, timeout=5000):
        viewer.set_text_lazy("{}")  # short: still announced from the event loop
    assert viewer.toPlainText() == "{}"


def test_a_very_long_line_wraps_and_a_short_one_does_not(qtbot: Any) -> None:
    from workbench.ui.widgets.json_view import LONG_LINE, JsonEditor

    editor = JsonEditor()
    qtbot.addWidget(editor)
    editor.setPlainText('{"A": 1}')
    assert not editor.long_lines
    with qtbot.waitSignal(editor.long_lines_changed):
        editor.setPlainText('{"A": "' + "x" * LONG_LINE + '"}')
    assert editor.long_lines
    assert editor.lineWrapMode() == editor.LineWrapMode.WidgetWidth
    editor.setPlainText('{"A": 1}')
    assert not editor.long_lines
