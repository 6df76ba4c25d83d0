"""The command line's output never fails on text it cannot encode (lone surrogates).

A lone surrogate reaches the output from a JSON escape (``"\\ud800"`` in a body or a callback),
from an argument that was not valid UTF-8 (Python hands those over as surrogates), or from a
file name. Encoding it strictly raises ``UnicodeEncodeError``; here it is written as a
``\\udXXX`` escape instead. When that happened on standard output, one line on stderr says so
once the command is done (an error line on stderr is itself that one line, escaped the same way).
"""

from __future__ import annotations

import codecs
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress

_OUT_HANDLER = "workbench-cli-escape-out"
_ERR_HANDLER = "workbench-cli-escape-err"
_escaped = [0]  # characters escaped on standard output during the current command


def _escaped_text(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    text = "".join(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}" for c in bad)
    return text, exc.end


def _escape_out(exc: UnicodeError) -> tuple[str, int]:
    text, end = _escaped_text(exc)
    _escaped[0] += 1
    return text, end


codecs.register_error(_OUT_HANDLER, _escape_out)
codecs.register_error(_ERR_HANDLER, _escaped_text)


def _reconfigure(stream: object, errors: str) -> str | None:
    """Set ``errors`` on a text stream that supports it; returns the old value (or None)."""
    if isinstance(stream, io.TextIOWrapper):
        old = stream.errors
        try:
            stream.reconfigure(errors=errors)
        except (ValueError, OSError):  # a closed or detached stream: leave it be
            return None
        return old
    return None


@contextmanager
def escaping_output(prog: str, lang: str = "en") -> Iterator[None]:
    """Within the block, stdout and stderr escape what they cannot encode; one note after, in
    ``lang``."""
    _escaped[0] = 0
    out, err = sys.stdout, sys.stderr
    old_out = _reconfigure(out, _OUT_HANDLER)
    old_err = _reconfigure(err, _ERR_HANDLER)
    try:
        yield
    finally:
        if _escaped[0]:
            from workbench.core.text import Text  # only when needed: on the start-up path

            note = Text(
                "characters that cannot be written as UTF-8 (lone surrogates) are shown as "
                "\\u escapes",
                "无法按 UTF-8 写出的字符（单独的代理字符）显示为 \\u 转义。",
            )
            with suppress(UnicodeError, ValueError, OSError):
                out.flush()
                err.write(f"{prog}: note: {note(lang)}\n")
        if old_out is not None:
            _reconfigure(out, old_out)
        if old_err is not None:
            _reconfigure(err, old_err)
