"""Typed client errors, each with a plain sentence in both languages (ENGINEERING.md, TLS)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.core.text import Text

if TYPE_CHECKING:  # annotations only: the window's start-up imports this module, not the models
    from workbench.client.models import ExchangeRecord, PlatformAnswer

# kinds
CLIENT_CERT_REJECTED = "client_cert_rejected"
CLIENT_CERT_MISSING = "client_cert_missing"
CLIENT_KEY_ENCRYPTED = "client_key_encrypted"
CLIENT_CERT_UNREADABLE = "client_cert_unreadable"
KEY_MISMATCH = "key_mismatch"  # the client certificate and the key are not one pair
P12_BAD_PASSWORD = "p12_bad_password"
SERVER_UNTRUSTED = "server_untrusted"
HOSTNAME_MISMATCH = "hostname_mismatch"
CERT_EXPIRED = "cert_expired"
CERT_NOT_YET_VALID = "cert_not_yet_valid"  # its validity starts later: this computer's clock?
TLS_OTHER = "tls_other"
TIMEOUT = "timeout"
CONNECTION_REFUSED = "connection_refused"
DNS_FAILED = "dns_failed"
PROXY_FAILED = "proxy_failed"
NETWORK_OTHER = "network_other"
CANCELLED = "cancelled"
PLATFORM = "platform"  # the platform answered with a failure code
BAD_ANSWER = "bad_answer"  # not a platform answer (HTML, truncated, not JSON)
NO_TOKEN = "no_token"
NO_TICKET = "no_ticket"
LOCAL_FILE = "local_file"  # a local file could not be read or written
CONFIG = "config"  # the environment is incomplete (no API host, no app_id, ...)
BAD_INPUT = "bad_input"  # what was asked cannot be sent as it is (nothing was sent)
HASH_MISMATCH = "hash_mismatch"  # a download's MD5 is not the hashValue asked for (PROTOCOL P6)


class ClientError(Exception):
    """A failure the user can act on.

    Attributes:
        kind: one of the module's kinds.
        text: the plain sentence, in English and Chinese.
        detail: the technical cause (the library's message), for a "details" fold.
        record: what was sent, when something was.
        answer: the platform's answer, for ``PLATFORM`` errors.
    """

    def __init__(
        self,
        kind: str,
        text: Text,
        *,
        detail: str = "",
        record: ExchangeRecord | None = None,
        answer: PlatformAnswer | None = None,
    ) -> None:
        super().__init__(text.en)
        self.kind = kind
        self.text = text
        self.detail = detail
        self.record = record
        self.answer = answer


class CancelledByUser(ClientError):
    def __init__(self, record: ExchangeRecord | None = None) -> None:
        super().__init__(CANCELLED, Text("Cancelled.", "已取消。"), record=record)
