"""A ``multipart/form-data`` body produced while it is sent (PROTOCOL P6).

requests-toolbelt's ``MultipartEncoder`` builds the body lazily from the open files; this thin
wrapper reads it in pieces as big as urllib3 asks for (the adapter's ``blocksize``, 1 MiB: see
:mod:`workbench.client.tls`) and reports the bytes handed out after every read. Read through
toolbelt's ``MultipartEncoderMonitor`` instead, urllib3 pulls 16 KiB at a time and the callback
fires ~19,000 times for 300 MiB (ENGINEERING.md); in 1 MiB pieces a 200 MiB upload runs at
curl's speed on loopback (tests/benchmarks/bench_transfer_client.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from requests_toolbelt.multipart.encoder import MultipartEncoder


class StreamedMultipart:
    """The body of one multipart request. ``len`` is what is left; ``total`` the whole.

    Args:
        fields: ``(name, text)`` for a form field, ``(name, (file_name, reader, content_type))``
            for a file; a reader has ``len`` (bytes left) and ``read(size)``, as toolbelt expects.
        on_read: called with the number of body bytes handed out so far, after every read.
    """

    def __init__(
        self, fields: list[tuple[str, Any]], on_read: Callable[[int], None] | None = None
    ) -> None:
        self._encoder = MultipartEncoder(fields=fields)
        self.content_type: str = self._encoder.content_type
        self.total: int = self._encoder.len
        self.len = self.total
        self.sent = 0
        self._on_read = on_read

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (all that is left for -1); ``b""`` at the end."""
        data: bytes = self._encoder.read(size if size is not None else -1)
        self.sent += len(data)
        self.len = self.total - self.sent
        if self._on_read is not None:
            self._on_read(self.sent)
        return data
