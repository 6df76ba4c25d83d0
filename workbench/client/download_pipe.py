"""The download's inner loop: the network read on one thread, the disk write on a second and the
MD5 on a third.

Why: read, write and hash one after the other, and the socket waits while the disk and MD5
work (PROTOCOL P6 checks the whole file's MD5). Here the calling thread reads the answer body
straight into a few reused buffers (``readinto`` of the HTTP response: no new object per piece);
a writer thread writes each filled buffer to the file and a hasher thread hashes it, each in
order, and the buffer goes back once both are done. Reading (TLS decryption), writing and
``hashlib`` all release the GIL on big pieces, so the three overlap; and because the write and
the hash no longer wait for each other, a wait in one (a slow disk, a burst from the server)
does not hold up the other. Measured in ``tests/benchmarks/bench_files.py``: 300 MB in 0.87 s
against 1.12 s with one thread writing then hashing (README, "Speed and memory").

A body with a Content-Encoding (the file host sends none), or a response without the standard
library's HTTP response beneath it, goes through ``requests``' own ``iter_content`` instead; the
writer and hasher threads still overlap it.
"""

from __future__ import annotations

import errno
import hashlib
import http.client
import queue
import threading
from collections.abc import Callable, Iterator

import requests

PIECE = 1024 * 1024  # bytes per buffer handed to the disk and the MD5
# bytes per read into a buffer: progress and Cancel are served between reads, so that a slow link
# (20 KB/s) does not show a frozen bar and a dead Cancel until a whole MiB has come
STEP = 64 * 1024
# one being read, the others written and hashed (each at its own pace: a disk stall in the
# kernel's writeback does not hold up the MD5, nor the MD5 the disk): 8 MiB in all
BUFFERS = 8


class _Piece:
    """A filled buffer on its way to the disk and to the MD5; back to the free list when both
    are done with it."""

    __slots__ = ("data", "left", "length", "reused")

    def __init__(self, data: bytearray | bytes, length: int, reused: bool) -> None:
        self.data, self.length, self.reused, self.left = data, length, reused, 2


class DiskWriter:
    """Writes pieces with ``write`` (a raw file's: it may write less than given) on one thread
    and hashes them on another, each in the order given.

    :meth:`buffer` hands out one of at most BUFFERS reused buffers (made when first needed;
    blocking while all are in use, which bounds memory); :meth:`put` queues a filled one.
    :attr:`error` holds the first ``OSError`` of a write (later pieces are then not written).
    :meth:`finish` waits for the last write and the last hash; it must be called in every case
    (a ``finally``)."""

    def __init__(self, write: Callable[[memoryview], int | None]) -> None:
        self._write = write
        self.md5 = hashlib.md5()
        self.error: OSError | None = None
        self._free: queue.SimpleQueue[bytearray] = queue.SimpleQueue()
        self._made = 0  # buffers are made when first needed: a small file needs one
        self._lock = threading.Lock()
        self._to_disk: queue.SimpleQueue[_Piece | None] = queue.SimpleQueue()
        self._to_md5: queue.SimpleQueue[_Piece | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._run, args=(self._to_disk, self._store), daemon=True),
            threading.Thread(target=self._run, args=(self._to_md5, self._hash), daemon=True),
        ]
        for thread, name in zip(self._threads, ("download writer", "download MD5"), strict=True):
            thread.name = name
            thread.start()

    def buffer(self) -> bytearray:
        try:
            return self._free.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            make = self._made < BUFFERS
            self._made += make
        return bytearray(PIECE) if make else self._free.get()

    def give_back(self, buffer: bytearray) -> None:
        self._free.put(buffer)

    def put(self, data: bytearray | bytes, length: int, *, reused: bool = True) -> None:
        piece = _Piece(data, length, reused)
        self._to_disk.put(piece)
        self._to_md5.put(piece)

    def finish(self) -> None:
        self._to_disk.put(None)
        self._to_md5.put(None)
        for thread in self._threads:
            thread.join()

    def _run(
        self, todo: queue.SimpleQueue[_Piece | None], work: Callable[[memoryview], None]
    ) -> None:
        while True:
            piece = todo.get()
            if piece is None:
                return
            with memoryview(piece.data) as whole, whole[: piece.length] as view:
                try:
                    work(view)
                except Exception as exc:  # the thread must go on: the reader waits for buffers
                    self._failed(exc)
            with self._lock:
                piece.left -= 1
                back = piece.left == 0 and piece.reused
            if back:
                self._free.put(piece.data)  # type: ignore[arg-type]

    def _store(self, view: memoryview) -> None:
        if self.error is not None:
            return
        written, length = 0, len(view)
        while written < length:
            done = self._write(view[written:])
            if not done:  # a file that takes nothing would loop here for ever
                raise OSError(errno.EIO, "the file took none of the bytes written to it")
            written += done

    def _failed(self, exc: Exception) -> None:
        """The first failure is kept (a write's OSError, or anything else as an I/O error);
        later pieces are then not written, and the download reports it."""
        if self.error is None:
            self.error = exc if isinstance(exc, OSError) else OSError(errno.EIO, str(exc))

    def _hash(self, view: memoryview) -> None:
        self.md5.update(view)  # hashlib lets go of the GIL for a piece this large


def raw_reader(response: requests.Response) -> Callable[[memoryview], int] | None:
    """``readinto`` of the HTTP response beneath ``response`` when the body can be read raw
    (no Content-Encoding to undo); None otherwise."""
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    if encoding not in ("", "identity"):
        return None
    fp = getattr(response.raw, "_fp", None)  # urllib3 keeps the http.client response here
    if not isinstance(fp, http.client.HTTPResponse):
        return None

    def read_into(buffer: memoryview) -> int:
        try:
            return fp.readinto(buffer)
        except http.client.IncompleteRead as exc:
            if fp.chunked:  # no size to check: say the body was cut off, as requests would
                raise requests.exceptions.ChunkedEncodingError(exc) from exc
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
            for start in range(0, len(chunk), PIECE):  # copied into the bounded buffers
                if writer.error is not None:
                    return
                part = chunk[start : start + PIECE]
                buffer = writer.buffer()  # waits while all are in use: memory stays bounded
                buffer[: len(part)] = part
                writer.put(buffer, len(part))
                on_piece(len(part))
        return
    while writer.error is None:
        buffer = writer.buffer()
        got = _fill(buffer, read_into, on_piece)
        if got == 0:
            writer.give_back(buffer)
            return
        writer.put(buffer, got)
        if got < PIECE:  # the body ended inside this buffer
            return


def _fill(
    buffer: bytearray, read_into: Callable[[memoryview], int], on_piece: Callable[[int], None]
) -> int:
    """Fill ``buffer`` STEP bytes at a time (``on_piece`` after each read); the bytes in it."""
    got = 0
    with memoryview(buffer) as whole:
        while got < PIECE:
            with whole[got : got + STEP] as step:
                n = read_into(step)
            if n <= 0:
                break
            got += n
            on_piece(n)
    return got


def _chunks(response: requests.Response) -> Iterator[bytes]:
    yield from response.iter_content(PIECE)
