"""Bilingual text for the layers below Qt.

The core, client, sandbox and store import no Qt, so they cannot call ``tr()``. Sentences a user
reads (error sentences, code meanings) are carried as :class:`Text` pairs; the window picks the
language that is active, the command line prints English unless told otherwise.
"""

from __future__ import annotations

from typing import NamedTuple

LANGS = ("en", "zh")


class Text(NamedTuple):
    """One user-facing sentence in English and Chinese."""

    en: str
    zh: str

    def __call__(self, lang: str = "en") -> str:
        return self.zh if lang.startswith("zh") else self.en

    def format(self, **kwargs: object) -> Text:
        return Text(self.en.format(**kwargs), self.zh.format(**kwargs))


def is_utf8(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8: not when it holds lone surrogates (bytes that
    were not UTF-8, handed over by the system as U+DC80-U+DCFF, or a ``\\ud800`` JSON escape)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
