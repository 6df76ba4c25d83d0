"""Format and Compact of a request body: only the whitespace between JSON tokens changes.

The body is signed exactly as written (PROTOCOL P4.5), so laying it out again must not touch a
value: ``json.dumps(json.loads(text))`` rewrote ``100.00`` as ``100.0``, dropped a repeated key
and turned escapes into characters, all without a word. Here every string, number and literal is
copied as written; ``relayout`` is for text that is already valid JSON (the caller checks).
"""

from __future__ import annotations

import re

_OPEN = {"{": "}", "[": "]"}
# a string (escapes included), a punctuation mark, or a number or literal as written: the
# scanning runs in the regex engine, not a Python loop per character (a 3 MB body is laid out
# while the user waits on the GUI thread)
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


def relayout(text: str, indent: int | None) -> str:
    """``text`` with its whitespace outside strings redone: ``indent`` spaces per level (the
    layout of ``json.dumps(..., indent=indent)``), or none at all with ``indent=None``."""
    tokens = _TOKEN.findall(text)
    out: list[str] = []
    depth = 0

    def newline(level: int) -> str:
        return "" if indent is None else "\n" + " " * (indent * level)

    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok in _OPEN:
            if i + 1 < n and tokens[i + 1] == _OPEN[tok]:  # empty: {} or [] on one line
                out.append(tok + _OPEN[tok])
                i += 2
                continue
            depth += 1
            out.append(tok + newline(depth))
        elif tok in ("}", "]"):
            depth -= 1
            out.append(newline(depth) + tok)
        elif tok == ",":
            out.append("," + newline(depth))
        elif tok == ":":
            out.append(": " if indent is not None else ":")
        else:  # a string, number or literal, as written
            out.append(tok)
        i += 1
    return "".join(out)
