"""What a runnable export needs: the request's inputs, not one signed instance of it.

A replay of one signed URL works once (the platform refuses a nonce it has seen, PROTOCOL P4.1),
so the Python and Java exports carry the sign *inputs* and sign at run time with a fresh nonce.
The API base, certificate paths and every secret can be changed through environment variables
named at the top of the program; secrets are only written into it when the user asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

from workbench.core.environment import TlsConfig

API_BASE_ENV = "WEBANK_API_BASE"
TICKET_ENV = "WEBANK_SIGN_TICKET"
KEY_PASSWORD_ENV = "WEBANK_KEY_PASSWORD"
P12_PASSWORD_ENV = "WEBANK_P12_PASSWORD"
CLIENT_CERT_ENV = "WEBANK_CLIENT_CERT"
CLIENT_KEY_ENV = "WEBANK_CLIENT_KEY"
P12_FILE_ENV = "WEBANK_P12_FILE"
CA_FILE_ENV = "WEBANK_CA_FILE"
PROXY_ENV = "WEBANK_PROXY"

JAVA_CLASS = "WebankCall"


@dataclass
class ProgramSpec:
    """The inputs of one business call (PROTOCOL P4), as a program needs them.

    ``ticket``, ``key_password`` and ``p12_password`` are written into a program only with
    ``include_secrets``; otherwise the program reads them from the variables named here.
    """

    api_base: str
    app_id: str
    version: str
    system: str
    service_code: str
    body: str
    type: str | None = None
    ticket: str = ""
    tls: TlsConfig = field(default_factory=TlsConfig)
    key_password: str = ""
    p12_password: str = ""
    ticket_env: str = TICKET_ENV
    key_password_env: str = KEY_PASSWORD_ENV
    p12_password_env: str = P12_PASSWORD_ENV


def spec_from_url(url: str, body: bytes) -> ProgramSpec | None:
    """The inputs of a business request read back from its URL, or None when it is not one.

    Only ``/api/s/{system}/{service_code}`` with ``app_id`` and ``version`` qualifies; the body is
    decoded as UTF-8 (the platform's charset, PROTOCOL P1), with any stray byte replaced.
    """
    parts = urlsplit(url)
    pieces = parts.path.split("/")
    if len(pieces) != 5 or pieces[:3] != ["", "api", "s"] or not all(pieces[3:]):
        return None
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if "app_id" not in query or "version" not in query:
        return None
    return ProgramSpec(
        api_base=f"{parts.scheme}://{parts.netloc}",
        app_id=query["app_id"],
        version=query["version"],
        system=unquote(pieces[3]),
        service_code=unquote(pieces[4]),
        body=body.decode("utf-8", "replace"),
        type=query.get("type"),
    )


_SLOT = re.compile(r"@([A-Z][A-Z0-9_]*)@")


def fill(template: str, values: dict[str, str]) -> str:
    """``template`` with each ``@NAME@`` slot replaced in one pass, so a value that itself holds
    ``@NAME@`` (a body, a path) is never filled again."""
    return _SLOT.sub(lambda m: values.get(m.group(1), m.group(0)), template)
