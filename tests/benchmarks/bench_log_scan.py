"""Log scan speed: a 50 MB partner log (callbacks of every kind, answers, requests, noise).

Run: .venv/bin/python -m tests.benchmarks.bench_log_scan [MEGABYTES]
     .venv/bin/python -m tests.benchmarks.bench_log_scan --one-line [MEGABYTES]
The log is a block of the tests' mixed log (about a third of its lines hold an item: single-line,
pretty-printed and escaped envelopes, partner answers, signed URLs, platform answers, non-UTF-8
lines) repeated up to the size, written to a temporary file and scanned from disk with the salt,
as ``callback scan`` does. Prints the median of three scans, the items found and the peak memory
the scan added (the process's high-water mark, before and after).

``--one-line`` writes a log without a single line break instead (default 150 MB): a few hundred
callbacks, partner answers and escaped callbacks between long runs of other text, as a logger
that never ends a line leaves it, and scans it with ``callback scan`` in a fresh process; prints
the items found and that process's peak memory (the scan must not hold the whole line).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bench(megabytes: float, noise_per_item: int) -> None:
    from tests.core.log_samples import OFFSET_S, SALT, mixed_log
    from workbench.core.log_scan import scan_stream

    block = mixed_log(3000, seed=1, noise_per_item=noise_per_item).text()
    repeats = max(1, int(megabytes * 1024 * 1024 // len(block)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "partner.log"
        with path.open("wb") as out:
            for _ in range(repeats):
                out.write(block)
        size_mb = path.stat().st_size / 1024 / 1024
        before = _rss_mb()
        times: list[float] = []
        cpu: list[float] = []
        found = lines = 0
        for _ in range(3):
            started, started_cpu = time.perf_counter(), time.process_time()
            with path.open("rb") as stream:
                result = scan_stream(stream, SALT, offset_s=OFFSET_S)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            found, lines = len(result.items), result.lines
            del result
        after = _rss_mb()
    median = statistics.median(times)
    print(
        f"log: {size_mb:.1f} MB, {lines:,} lines, {found:,} items ({found / size_mb:,.0f} per MB)"
    )
    print(f"  scan time, median of 3: {median:.2f} s ({size_mb / median:.1f} MB/s)")
    print(f"  CPU time, median of 3: {statistics.median(cpu):.2f} s")
    print(f"  peak memory: {after:.0f} MB (before the scans {before:.0f} MB)")


def _one_line_log(path: Path, megabytes: float) -> int:
    """A log of about ``megabytes`` without a line break; returns how many items it holds."""
    from tests.core.log_samples import LogBuilder

    b = LogBuilder(5)
    for _ in range(150):
        trans, seq = b.callback("valid")
        b.answer(trans, seq)
        b.callback("escaped")
    items = [line.decode() for line in b.lines]
    filler = "GET /health 200 3ms [pool-3] 用户 status=ok elapsed=12 " * 2000  # about 110 KB
    gap = max(0, int(megabytes * 1024 * 1024 // len(items)) - 1000)
    with path.open("w", encoding="utf-8") as out:
        for text in items:
            out.write(filler * (gap // len(filler)) + filler[: gap % len(filler)])
            out.write(" " + text + " ")
    return len(items)


def _bench_one_line(megabytes: float) -> None:
    from tests.core.log_samples import SALT

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one-line.log"
        written = _one_line_log(path, megabytes)
        size_mb = path.stat().st_size / 1024 / 1024
        code = (
            "import json, resource, sys, time\n"
            "from workbench.cli import main\n"
            "started = time.perf_counter()\n"
            "status = main(sys.argv[1:])\n"
            "took = time.perf_counter() - started\n"
            "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
            "print(json.dumps({'status': status, 'peak_mb': peak, 's': took}), file=sys.stderr)\n"
        )
        argv = ["callback", "scan", "--file", str(path), "--salt-env", "BENCH_SALT", "--json"]
        env = {**os.environ, "BENCH_SALT": SALT, "TZ": "Asia/Shanghai"}
        run = subprocess.run(
            [sys.executable, "-c", code, *argv], env=env, capture_output=True, check=False
        )
    found = json.loads(run.stdout)["items"]
    measured = json.loads(run.stderr.decode().strip().splitlines()[-1])
    print(f"one-line log: {size_mb:.1f} MB, 1 line, {written} items written, {len(found)} found")
    print(f"  callback scan: {measured['s']:.1f} s, peak memory {measured['peak_mb']:.0f} MB")


def main() -> int:
    if sys.argv[1:2] == ["--one-line"]:
        _bench_one_line(float(sys.argv[2]) if len(sys.argv) > 2 else 150.0)
        return 0
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 50.0
    _bench(megabytes, noise_per_item=2)  # an item on about every third line
    _bench(megabytes, noise_per_item=20)  # a busier server: items among much more noise
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
