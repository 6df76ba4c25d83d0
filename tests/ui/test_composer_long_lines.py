"""A body on one very long line: shown in pieces, but signed, copied and edited as written."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor

from workbench.core.sign import sign_request
from workbench.ui.composer.tab import ComposerTab
from workbench.ui.widgets.json_view import LONG_LINE, JsonEditor


def _one_line(size: int) -> str:
    # distinct characters everywhere, so an edit in the wrong place shows in the text
    digits = "".join(str(i % 10) for i in range(size))
    return json.dumps({"DATA": digits, "N": 1})


def _editor(qtbot: Any, text: str) -> JsonEditor:
    editor = JsonEditor()
    qtbot.addWidget(editor)
    editor.resize(700, 400)
    editor.show()
    editor.setPlainText(text)
    return editor


def _put_cursor(editor: JsonEditor, position: int) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(position)
    editor.setTextCursor(cursor)


def _piece_start(editor: JsonEditor, n: int) -> int:
    """Document position where the n-th piece of the first line starts (n >= 1)."""
    return editor.document().findBlockByNumber(n).position()


def _expected_sign(tab: ComposerTab, body: str) -> str:
    env = tab.services.active_environment()
    return sign_request(
        app_id=env.app_id,
        version=env.version,
        nonce=tab.editor.nonce.text(),
        ticket="",
        body=body,
        type=tab.editor.type_value(),
    ).sign


def test_keys_typed_in_a_long_line_are_signed_exactly_where_typed(
    qtbot: Any, services: Any
) -> None:
    tab = ComposerTab(services)
    qtbot.addWidget(tab)
    tab.resize(1280, 840)
    tab.show()
    body = _one_line(3 * LONG_LINE)
    tab.editor.replace_body(body)
    editor = tab.editor.body
    assert editor.long_lines and editor.blockCount() > 3  # shown in pieces
    assert editor.toPlainText() == body
    editor.setFocus()

    # the start of the second piece is, in the text, right after the first piece's last char
    boundary = _piece_start(editor, 1)
    text_at = boundary - 2  # the first piece's mark and break are not in the text
    _put_cursor(editor, boundary)
    qtbot.keyClick(editor, Qt.Key.Key_Z)
    body = body[:text_at] + "z" + body[text_at:]
    assert editor.toPlainText() == body

    # Backspace at a piece's start removes the character before it, not the soft break
    boundary = _piece_start(editor, 2)
    text_at = boundary - 4
    _put_cursor(editor, boundary)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    body = body[: text_at - 1] + body[text_at:]
    assert editor.toPlainText() == body

    # Delete at a piece's end removes the character after it
    boundary = _piece_start(editor, 2)
    text_at = boundary - 4
    _put_cursor(editor, boundary - 2)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    body = body[:text_at] + body[text_at + 1 :]
    assert editor.toPlainText() == body

    # Enter in the middle of a piece is a real line break, exactly there
    _put_cursor(editor, 20)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    body = body[:20] + "\n" + body[20:]
    assert editor.toPlainText() == body

    # the arrow keys step over a soft break as over nothing: Right at a piece's end, then a key
    boundary = _piece_start(editor, 2)
    text_at = boundary - 4 + 1  # one more line break before it now, counted in both
    _put_cursor(editor, boundary - 2)
    qtbot.keyClick(editor, Qt.Key.Key_Right)
    qtbot.keyClick(editor, Qt.Key.Key_Y)
    body = body[: text_at + 1] + "y" + body[text_at + 1 :]
    assert editor.toPlainText() == body

    qtbot.waitUntil(lambda: tab.sign_view.sign.text() == _expected_sign(tab, body))
    tab.shutdown()


def test_a_pasted_long_line_goes_in_whole_and_undo_takes_it_out(qtbot: Any) -> None:
    editor = _editor(qtbot, '{"A": 1}')
    body = _one_line(2 * LONG_LINE)
    QGuiApplication.clipboard().setText(body)
    cursor = editor.textCursor()
    cursor.select(QTextCursor.SelectionType.Document)
    editor.setTextCursor(cursor)
    editor.paste()
    assert editor.toPlainText() == body
    assert editor.long_lines and editor.blockCount() > 2
    editor.undo()
    assert editor.toPlainText() == '{"A": 1}'
    editor.redo()
    assert editor.toPlainText() == body


def test_copying_across_a_soft_break_copies_the_text_as_written(qtbot: Any) -> None:
    body = _one_line(2 * LONG_LINE)
    editor = _editor(qtbot, body)
    boundary = _piece_start(editor, 1)
    cursor = editor.textCursor()
    cursor.setPosition(boundary - 12)
    cursor.setPosition(boundary + 10, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.copy()
    start = boundary - 12
    assert QGuiApplication.clipboard().text() == body[start : start + 20]
    editor.selectAll()
    editor.copy()
    assert QGuiApplication.clipboard().text() == body


def test_a_pasted_word_joiner_stays_in_the_text(qtbot: Any) -> None:
    # U+2060 marks the soft breaks on screen: a text's own U+2060 is kept, line breaks and all
    body = _one_line(2 * LONG_LINE)
    editor = _editor(qtbot, body)
    _put_cursor(editor, 3)
    QGuiApplication.clipboard().setText("a\u2060\nb")
    editor.paste()
    assert editor.toPlainText() == body[:3] + "a\u2060\nb" + body[3:]


def test_short_lines_keep_their_colours_beside_a_long_one(qtbot: Any) -> None:
    long_line = _one_line(2 * LONG_LINE)
    editor = _editor(qtbot, '{"A": 1}\n' + long_line + '\n{"B": 2}')
    doc = editor.document()
    last = doc.lastBlock()
    assert doc.firstBlock().layout().formats() != []  # coloured
    assert last.layout().formats() != []
    piece = doc.findBlockByNumber(2)  # a piece in the middle of the long line
    assert piece.text() and piece.layout().formats() == []  # lexed alone it would be wrong
    assert editor.toPlainText() == '{"A": 1}\n' + long_line + '\n{"B": 2}'
