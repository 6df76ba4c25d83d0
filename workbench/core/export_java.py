"""The Java export: one public class that signs the guide's way at run time and sends the request.

It compiles with ``javac --release 8`` and needs only the JDK. The sign is the guide's own
``SignUtils.sign(values, signTicket)`` (guide 4.3): drop nulls, add the ticket,
``Collections.sort``, concatenate, SHA-1, upper-case hex; ``type`` is added once (the guide's 4.4
sample adds it twice, PROTOCOL P4). The client certificate is presented through a
``KeyStore.getInstance("PKCS12")``: read from the .p12 file, or built in memory from PEM files.

Every string literal is pure ASCII: non-ASCII as ``\\uXXXX`` UTF-16 units, line ends as ``\\n``
and ``\\r`` (javac turns a ``\\u000A`` escape into a real line end before parsing,
ENGINEERING.md), other control characters as octal escapes. Long texts are split into pieces
appended at run time, since one constant string may not exceed 65535 bytes in a class file.
"""

from __future__ import annotations

from workbench.core.environment import CA_BUNDLE, CERT_P12, CERT_PEM
from workbench.core.export_java_source import JAVA_SOURCE
from workbench.core.export_program import (
    API_BASE_ENV,
    CA_FILE_ENV,
    CLIENT_CERT_ENV,
    CLIENT_KEY_ENV,
    JAVA_CLASS,
    P12_FILE_ENV,
    ProgramSpec,
    fill,
)

_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
PIECE_UNITS = 8000  # UTF-16 units per literal: at most 24,000 bytes in the class file


def java_string(text: str) -> str:
    """A Java string literal holding exactly ``text``, written in ASCII only."""
    out = ['"']
    data = text.encode("utf-16-be", "surrogatepass")
    for i in range(0, len(data), 2):
        unit = data[i] << 8 | data[i + 1]
        ch = chr(unit)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif 0x20 <= unit < 0x7F:
            out.append(ch)
        elif unit < 0x20 or unit == 0x7F:
            out.append(f"\\{unit:03o}")  # never \u000A / \u000D: javac reads those as line ends
        else:
            out.append(f"\\u{unit:04X}")
    out.append('"')
    return "".join(out)


def _java_value(text: str | None) -> str:
    return "null" if text is None else java_string(text)


def java_text_expression(text: str, indent: str = "            ") -> str:
    """``text`` as a Java expression: one literal, or pieces appended at run time."""
    units = text.encode("utf-16-be", "surrogatepass")
    if len(units) <= PIECE_UNITS * 2:
        return java_string(text)
    pieces = []
    for i in range(0, len(units), PIECE_UNITS * 2):
        piece = units[i : i + PIECE_UNITS * 2].decode("utf-16-be", "surrogatepass")
        pieces.append(f"{indent}{java_string(piece)},")
    # an array of literals, not a chain of .append(...): javac walks a chain recursively and
    # ran out of stack on a 10 MB body (1,261 appends); an array initializer is flat
    return 'String.join("", new String[] {\n' + "\n".join(pieces) + f"\n{indent}}})"


def _password(value: str, include: bool) -> str:
    return java_string(value) if include and value else '""'


def java_program(
    spec: ProgramSpec, *, include_secrets: bool = False, class_name: str = JAVA_CLASS
) -> str:
    """The program's source text; save it as ``{class_name}.java``."""
    tls = spec.tls
    cert_mode = {CERT_PEM: "pem", CERT_P12: "p12"}.get(tls.cert_mode, "none")
    ca = tls.ca_path if tls.ca_mode == CA_BUNDLE else ""
    fills = {
        "CLASS": class_name,
        "API_BASE_ENV": java_string(API_BASE_ENV),
        "API_BASE": java_string(spec.api_base),
        "APP_ID": java_string(spec.app_id),
        "VERSION": java_string(spec.version),
        "SYSTEM": java_string(spec.system),
        "SERVICE_CODE": java_string(spec.service_code),
        "TYPE": _java_value(spec.type),
        "CERT_MODE": java_string(cert_mode),
        "CLIENT_CERT_ENV": java_string(CLIENT_CERT_ENV),
        "CLIENT_CERT": java_string(tls.cert_path),
        "CLIENT_KEY_ENV": java_string(CLIENT_KEY_ENV),
        "CLIENT_KEY": java_string(tls.key_path),
        "P12_FILE_ENV": java_string(P12_FILE_ENV),
        "P12_FILE": java_string(tls.p12_path),
        "CA_FILE_ENV": java_string(CA_FILE_ENV),
        "CA_FILE": java_string(ca),
        "TICKET_ENV": java_string(spec.ticket_env),
        "TICKET": java_string(spec.ticket) if include_secrets and spec.ticket else "null",
        "KEY_PASSWORD_ENV": java_string(spec.key_password_env),
        "KEY_PASSWORD": _password(spec.key_password, include_secrets),
        "P12_PASSWORD_ENV": java_string(spec.p12_password_env),
        "P12_PASSWORD": _password(spec.p12_password, include_secrets),
        "BODY": java_text_expression(spec.body),
    }
    return fill(JAVA_SOURCE, fills)
