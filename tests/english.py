"""English words a Chinese user should not meet: the window's test (tests/ui) and the command
line's tests share this judge, so "no English left" means the same in both."""

from __future__ import annotations

import html
import re

# Protocol names and values, and names of things that are not translated.
_ALLOWED_TEXT = (
    "app_id nonce sign type token ticket access_token version Plain Signature Timestamp "
    "transName SeqNo user user_data mechant_id cURL Python Java H5 msg code "
    "fileType fileFormat bizPath bizContent uploadJson uploadForm jsonData contentType "
    "fileId hashValue fileName fileList grant_type expire_in expire_time transactionTime "
    "Content-Type multipart form-data json base64 utf-8 UTF-8 "
    "curl Linux macOS Windows GitHub "
    # the guide's own Chinese wording, quoted in the field tooltips (workbench.core.fields)
    "secret salt file body httpbody hash url dev cap-up string union id "
    "jpg jpeg png gif zip pdf txt "  # fileFormat values
    # key names as the keyboard shows them, in shortcut hints: (Ctrl+Shift+F)
    "Ctrl Shift Alt Meta Cmd Return Enter Esc Tab Space Backspace Del Ins Home End PgUp PgDown"
)
ALLOWED = {word.lower() for word in _ALLOWED_TEXT.split()}
_TAG = re.compile(r"<[^<>]*>")
_NOT_WORDS = re.compile(
    r"https?://\S+"  # URLs
    r"|(?:[A-Za-z]:)?[\\/][\w.\-\\/~]+"  # paths
    r"|\b[\w\-]+(?:\.[\w\-]+)+\b"  # hosts, file names, dotted names (ca.pem, a.b.c)
    r"|\b[0-9A-Fa-f]{8,}\b"  # hex
    r"|\{.*?\}|\[.*?\]"  # JSON fragments and placeholders
    r"|\b\w+=[^,;，；。)）]*"  # parameters and certificate names: type=user, O=WeBank sandbox
    r"|[A-Za-z0-9_.\-~]*/[A-Za-z0-9_.\-~/]*"  # paths and service codes: yh/10002
    r"|(?:例如|如|e\.g\.)\s*[A-Za-z0-9_]+"  # an example value: 例如 cgy
    r"|%\w+|&\w+;"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_#\-]*")


def english_words(text: str, skip: tuple[str, ...] = ()) -> list[str]:
    """The English words of ``text`` that a Chinese user should not meet."""
    plain = html.unescape(_TAG.sub(" ", text)).replace("&", "")
    for name in sorted(skip, key=len, reverse=True):
        if name:  # environment names are the user's (F, G1, Local sandbox...)
            plain = re.sub(rf"(?<![\w]){re.escape(name)}(?![\w])", " ", plain)
    plain = _NOT_WORDS.sub(" ", plain)
    found = []
    for word in _WORD.findall(plain):
        if word.lower() in ALLOWED or len(word) < 2:
            continue
        if word.isupper() or "_" in word or any(ch.isdigit() for ch in word):
            continue  # acronyms and codes: API, TLS, USER_ID, SHA256, PKCS#12
        if any(ch.isupper() for ch in word[1:]):
            continue  # camelCase protocol names: bizPath, BizSeqNo, mTLS
        found.append(word)
    return found


_CLI_NOT_WORDS = re.compile(
    # the program and its command words, and the stable prefixes scripts grep for
    r"webank-workbench(?: [a-z][\w-]*)*(?:: (?:error|note):)?"
    r"|^note: "
    r"|--?[A-Za-z][\w-]*"  # options: --body-file, -h
    r"|'[^']*'|\"[^\"]*\"|“[^”]*”"  # values as given, quoted: 'frob', “/tmp/b.json”
)


def english_in_cli_text(text: str) -> list[str]:
    """The English words of the command line's ``text`` (each line judged on its own), once
    its stable prefixes, options and quoted values are set aside."""
    found: list[str] = []
    for line in text.splitlines():
        found += english_words(_CLI_NOT_WORDS.sub(" ", line.strip()))
    return found
