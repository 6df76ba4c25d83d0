"""A pseudo-locale: every ``tr()`` string comes back accented, ~40% longer and bracketed.

``Send request`` becomes ``[!! Ŝêñð ŕéqúéšţ ~~~~~ !!]``. Layouts that cut text (fixed widths,
elided labels) show it at once, strings that bypass ``tr()`` stay plain and stand out, and the
brackets show where a sentence was truncated. Chinese is usually shorter than English, German
or pseudo text is longer: a window that fits the pseudo-locale fits both real languages.

Placeholders (``{name}``, ``%1``, ``%n``), mnemonics (``&File``, ``&&``), HTML tags and entities
are left as they are so that ``.format()``, shortcuts and rich text still work.
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QCoreApplication, QObject, QTranslator

STRETCH = 0.4
_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçðéƒĝĥîĵķĺɱñöþqŕšţúṽŵẋýžÀƁÇÐÉƑĜĤÎĴĶĹṀÑÖÞQŔŠŢÚṼŴẊÝŽ",
)
# pieces that must survive untouched: tags, entities, placeholders, mnemonics
_PROTECTED = re.compile(
    r"<[^<>]*>"  # HTML tags
    r"|&[A-Za-z]+;|&#\d+;"  # entities
    r"|&&|&[^\s&]"  # a literal ampersand; a mnemonic with its letter (Alt+F stays Alt+F)
    r"|\{[^{}]*\}"  # str.format placeholders
    r"|%L?\d+|%n"  # Qt's arg() and plural placeholders
)


def pseudo(text: str) -> str:
    """The pseudo-locale form of ``text`` (empty stays empty: Qt treats it as "no translation")."""
    if not text:
        return text
    out: list[str] = []
    visible = 0
    pos = 0
    for match in _PROTECTED.finditer(text):
        plain = text[pos : match.start()]
        out.append(plain.translate(_ACCENTS))
        visible += len(plain)
        out.append(match.group(0))
        pos = match.end()
    tail = text[pos:]
    out.append(tail.translate(_ACCENTS))
    visible += len(tail)
    # in words of at most 6: one 60-character run would be a word no real language has, and
    # would stop word-wrapped labels from wrapping (a false "cut-off")
    tildes = max(1, math.ceil(visible * STRETCH))
    padding = " ".join("~" * min(6, tildes - i) for i in range(0, tildes, 6))
    body = "".join(out)
    # keep multi-line text multi-line: pad the first line, bracket the whole
    first, sep, rest = body.partition("\n")
    return f"[!! {first} {padding}{sep}{rest} !!]"


class PseudoTranslator(QTranslator):
    """Translates every source string of every context into the pseudo-locale."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(  # Qt override
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str:
        return pseudo(source_text)

    def isEmpty(self) -> bool:  # Qt override: an empty translator sends no LanguageChange
        return False

    def language(self) -> str:
        return "en_XA"  # the conventional pseudo-locale name


def install_pseudo_locale(app: QCoreApplication | None = None) -> PseudoTranslator:
    """Install the pseudo-locale into ``app``; widgets get ``LanguageChange`` and retranslate.

    Remove it with ``app.removeTranslator(returned)``.
    """
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_pseudo_locale needs a QApplication")
    translator = PseudoTranslator(app)
    app.installTranslator(translator)
    return translator
