"""Running the command line in this process, as a terminal would (shared by the CLI tests)."""

from __future__ import annotations

import io
import sys


def run_inline(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """``cli.main`` in this process, with strict UTF-8 streams over bytes (as a terminal)."""
    from workbench import cli

    saved = sys.stdin, sys.stdout, sys.stderr
    streams = [io.TextIOWrapper(io.BytesIO(b), encoding="utf-8") for b in (stdin, b"", b"")]
    sys.stdin, sys.stdout, sys.stderr = streams
    try:
        status = cli.main(list(argv))
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    for stream in streams:
        stream.flush()
    out, err = (s.buffer.getvalue().decode() for s in streams[1:])
    return status, out, err
