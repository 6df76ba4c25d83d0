"""What is wrong with a JSON text, as a sentence in the user's language.

Python's ``json`` module says it in English, and some of its messages only make sense followed by
the position it formats after them ("Unterminated string starting at"): shown alone, inside a
Chinese sentence, they read cut off. Here each known message becomes a whole phrase in both
languages; the line and column are given by the caller's sentence.
"""

from __future__ import annotations

import json

from workbench.core.text import Text

_PHRASES: dict[str, Text] = {
    "Expecting value": Text("a value was expected here", "此处应为一个值"),
    "Expecting property name enclosed in double quotes": Text(
        "a property name in double quotes was expected here (or a comma too many)",
        "此处应为用双引号括起的属性名（或多了一个逗号）",
    ),
    "Expecting ':' delimiter": Text("a ':' was expected here", "此处应为“:”"),
    "Expecting ',' delimiter": Text("a ',' was expected here", "此处应为“,”"),
    "Unterminated string starting at": Text(
        "a string that starts here is never closed", "从此处开始的字符串没有结束引号"
    ),
    "Invalid control character at": Text(
        "a raw control character (a tab or line end) inside a string: write it as \\t or \\n",
        "字符串中有未转义的控制字符（制表符或换行），应写作 \\t 或 \\n",
    ),
    "Invalid \\escape": Text("an invalid \\ escape", "无效的 \\ 转义"),
    "Invalid \\uXXXX escape": Text(
        "an invalid \\u escape (four hex digits are needed)",
        "无效的 \\u 转义（需要四位十六进制数）",
    ),
    "Extra data": Text("more text follows the JSON value", "JSON 值之后还有多余的内容"),
}
_TOO_DEEP = Text("nested too deeply to read", "嵌套层数过深，无法解析")


def json_error_phrase(message: str) -> Text:
    """A known ``JSONDecodeError.msg`` as a phrase in both languages; others as they are."""
    return _PHRASES.get(message, Text(message, message))


def json_problem(text: str) -> tuple[int, int, Text] | None:
    """(line, column, phrase) of the first JSON error in ``text``, or None when it parses."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return exc.lineno, exc.colno, json_error_phrase(exc.msg)
    except RecursionError:
        return 1, 1, _TOO_DEEP
    return None
