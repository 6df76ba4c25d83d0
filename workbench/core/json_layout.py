"""Format and Compact of a request body: only the whitespace between JSON tokens changes.

The body is signed exactly as written (PROTOCOL P4.5), so laying it out again must not touch a
value: ``json.dumps(json.loads(text))`` rewrote ``100.00`` as ``100.0``, dropped a repeated key
and turned escapes into characters, all without a word. Here every string, number and literal is
copied as written; ``relayout`` is for text that is already valid JSON (the caller checks).
"""

from __future__ import annotations

_OPEN = {"{": "}", "[": "]"}
_SPACE = " \t\r\n"


def relayout(text: str, indent: int | None) -> str:
    """``text`` with its whitespace outside strings redone: ``indent`` spaces per level (the
    layout of ``json.dumps(..., indent=indent)``), or none at all with ``indent=None``."""
    out: list[str] = []
    depth, i, n = 0, 0, len(text)

    def newline(level: int) -> None:
        if indent is not None:
            out.append("\n" + " " * (indent * level))

    while i < n:
        ch = text[i]
        if ch in _SPACE:
            i += 1
        elif ch == '"':
            end = i + 1
            while end < n and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            out.append(text[i : end + 1])
            i = end + 1
        elif ch in _OPEN:
            after = i + 1
            while after < n and text[after] in _SPACE:
                after += 1
            if after < n and text[after] == _OPEN[ch]:  # empty: {} or [] on one line
                out.append(ch + _OPEN[ch])
                i = after + 1
            else:
                depth += 1
                out.append(ch)
                newline(depth)
                i += 1
        elif ch in "}]":
            depth -= 1
            newline(depth)
            out.append(ch)
            i += 1
        elif ch == ",":
            out.append(",")
            newline(depth)
            i += 1
        elif ch == ":":
            out.append(": " if indent is not None else ":")
            i += 1
        else:  # a number or a literal, as written
            end = i
            while end < n and text[end] not in _SPACE and text[end] not in ',:{}[]"':
                end += 1
            out.append(text[i:end])
            i = end
    return "".join(out)
