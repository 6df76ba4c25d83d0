"""JSON mistakes named as whole phrases in both languages, never Python's cut-off English."""

from __future__ import annotations

import pytest

from workbench.core.json_errors import json_problem


@pytest.mark.parametrize(
    ("text", "en", "zh"),
    [
        ('{"a": "x', "a string that starts here is never closed", "字符串没有结束引号"),
        ("{a:1}", "a property name in double quotes", "属性名"),
        ('{"a" 1}', "a ':' was expected", "“:”"),
        ('{"a":1 "b":2}', "a ',' was expected", "“,”"),
        ("[1,]", "a value was expected", "应为一个值"),
        ('"a\tb"', "raw control character", "控制字符"),
        ("1 2", "more text follows", "多余的内容"),
        ("[" * 100_000, "nested too deeply", "嵌套层数过深"),
    ],
)
def test_every_usual_mistake_is_a_whole_phrase(text: str, en: str, zh: str) -> None:
    problem = json_problem(text)
    assert problem is not None
    line, column, phrase = problem
    assert line >= 1 and column >= 1
    assert en in phrase.en
    assert zh in phrase.zh
    assert not phrase.en.endswith(" at")  # "Unterminated string starting at" read cut off
    assert not any(
        "a" <= ch.lower() <= "z"
        for ch in phrase.zh.replace("JSON", "")
        .replace("\\t", "")
        .replace("\\n", "")
        .replace("\\u", "")
    )


def test_valid_json_has_no_problem_and_the_position_is_where_it_goes_wrong() -> None:
    assert json_problem('{"a": [1, 2, {"b": null}]}') is None
    problem = json_problem('{\n  "a": 1,\n  "b": "open\n}')  # a line end inside a string
    assert problem is not None and problem[:2] == (3, 13)
    assert "control character" in problem[2].en
