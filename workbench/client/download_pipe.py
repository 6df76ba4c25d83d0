"""The download's inner loop: the network read on one thread, the disk write and MD5 on another.

Why: read, write and hash one after the other, and the socket waits while the disk and MD5
work (PROTOCOL P6 checks the whole file's MD5). Here the calling thread reads the answer body
straight into a few reused buffers (``readinto`` of the HTTP response: no new object per piece),
and a writer thread writes each filled buffer to the file and hashes it, in order, then hands it
back. Reading (TLS decryption), writing and ``hashlib`` all release the GIL on big pieces, so
the network read overlaps the other two.

A body with a Content-Encoding (the file host sends none), or a response without the standard
library's HTTP response beneath it, goes through ``requests``' own ``iter_content`` instead; the
writer thread still overlaps it.
"""

from __future__ import annotations

import hashlib
import http.client
import queue
import threading
from collections.abc import Callable, Iterator

import requests

PIECE = 1024 * 1024  # bytes per read: one C-level loop of socket reads, one Python step per MiB
BUFFERS = 4  # one being read, one being written and hashed, two spare: 4 MiB in all

_Item = tuple[bytearray | bytes, int, bool] | None  # (data, length, a reused buffer)


class DiskWriter:
    """Writes pieces with ``write`` (a raw file's: it may write less than given) and hashes
    them on its own thread, in the order given.

    :meth:`buffer` hands out one of BUFFERS reused buffers (blocking while all are in use, which
    also bounds memory); :meth:`put` queues a filled one. :attr:`error` holds the first
    ``OSError`` of a write (later pieces are then dropped). :meth:`finish` waits for the last
    write; it must be called in every case (a ``finally``)."""

    def __init__(self, write: Callable[[memoryview], int | None]) -> None:
        self._write = write
        self.md5 = hashlib.md5()
        self.error: OSError | None = None
        self._free: queue.SimpleQueue[bytearray] = queue.SimpleQueue()
        for _ in range(BUFFERS):
            self._free.put(bytearray(PIECE))
        self._full: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="download writer", daemon=True)
        self._thread.start()

    def buffer(self) -> bytearray:
        return self._free.get()

    def give_back(self, buffer: bytearray) -> None:
        self._free.put(buffer)

    def put(self, data: bytearray | bytes, length: int, *, reused: bool = True) -> None:
        self._full.put((data, length, reused))

    def finish(self) -> None:
        self._full.put(None)
        self._thread.join()

    def _run(self) -> None:
        while True:
            item = self._full.get()
            if item is None:
                return
            data, length, reused = item
            if self.error is None:
                with memoryview(data) as whole, whole[:length] as view:
                    try:
                        written = 0
                        while written < length:
                            written += self._write(view[written:]) or 0
                        self.md5.update(view)
                    except OSError as exc:
                        self.error = exc
            if reused:
                self._free.put(data)  # type: ignore[arg-type]


def raw_reader(response: requests.Response) -> Callable[[bytearray], int] | None:
    """``readinto`` of the HTTP response beneath ``response`` when the body can be read raw
    (no Content-Encoding to undo); None otherwise."""
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    if encoding not in ("", "identity"):
        return None
    fp = getattr(response.raw, "_fp", None)  # urllib3 keeps the http.client response here
    if not isinstance(fp, http.client.HTTPResponse):
        return None

    def read_into(buffer: bytearray) -> int:
        try:
            return fp.readinto(buffer)
        except http.client.IncompleteRead:
            return 0  # the connection closed early: the caller's size check says so
        except TimeoutError as exc:  # worded like requests' own, whatever the TLS layer said
            raise requests.exceptions.ReadTimeout(f"Read timed out. ({exc})") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise requests.exceptions.ConnectionError(exc) from exc

    return read_into


def pump(
    response: requests.Response,
    writer: DiskWriter,
    on_piece: Callable[[int], None],
) -> None:
    """Read the whole body into ``writer``; ``on_piece(n)`` after each piece (it may raise to
    stop: a cancel). Network errors are raised as ``requests`` exceptions; a write error stops
    the reading (the caller reads :attr:`DiskWriter.error`)."""
    read_into = raw_reader(response)
    if read_into is None:
        for chunk in _chunks(response):
            if writer.error is not None:
                return
            writer.put(chunk, len(chunk), reused=False)
            on_piece(len(chunk))
        return
    while writer.error is None:
        buffer = writer.buffer()
        n = read_into(buffer)
        if n <= 0:
            writer.give_back(buffer)
            return
        writer.put(buffer, n)
        on_piece(n)


def _chunks(response: requests.Response) -> Iterator[bytes]:
    yield from response.iter_content(PIECE)
