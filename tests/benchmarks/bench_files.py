"""Benchmark: file upload and download through the client as the Files tab uses it, next to curl.

    .venv/bin/python tests/benchmarks/bench_files.py [--size-mb 500] [--small-mb 50] [--no-curl]
        [--before DIR]

Starts a sandbox (PROTOCOL P10) in a temp folder, writes a file of --small-mb and of --size-mb, and
for each size uploads it and downloads it back (a) with ``PlatformClient.upload/download`` (with a
progress callback throttled like ``TaskContext.progress``), each in a fresh Python process so that
its peak RSS is its own, and (b) with ``curl`` (``-F file=@...`` and ``-o``), signed the same way,
and (c) for downloads, curl followed by ``md5sum`` of what it wrote (the same work as the client's,
which checks the MD5: PROTOCOL P6). It prints throughput and peak RSS; the client's peak staying
about the same at both sizes shows the transfer streams (ENGINEERING.md, "Transfers"), and each
client transfer's speed as a ratio of curl's. ``--before DIR`` also runs the client children on
another checkout's code (rows "before"), interleaved with the others; with ``--repeat N`` the order
of client, before and curl rotates from one repetition to the next (the first transfer after the
source file is written measured slower, whoever made it), and medians are shown. A script, not a
test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlencode

# BENCH_CODE_ROOT: the client children run another checkout's code (before/after in one run)
ROOT = Path(os.environ.get("BENCH_CODE_ROOT") or Path(__file__).resolve().parents[2])
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHUNK = 1024 * 1024


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def make_file(path: Path, size_mb: int) -> None:
    block = os.urandom(CHUNK)
    with open(path, "wb") as f:
        for _ in range(size_mb):
            f.write(block)


# -- the child: one transfer through the client, in its own process ------------------------
def child(args: argparse.Namespace) -> None:
    from workbench.client.book import CredentialBook
    from workbench.client.platform import PlatformClient
    from workbench.core.credentials import SystemClock
    from workbench.core.environment import EnvironmentConfig, EnvironmentSecrets

    spec = json.loads(sys.stdin.read())
    clock = SystemClock()
    client = PlatformClient(
        EnvironmentConfig.from_dict(spec["env"]),
        EnvironmentSecrets(**spec["secrets"]),
        clock=clock,
        book=CredentialBook(clock),
    )
    client.fetch_tickets(["sign"])  # not timed: the Files tab usually holds a ticket already
    baseline = peak_rss_mb()
    last = [0.0]
    calls = [0]

    def progress(done: int, total: int | None) -> None:  # what TaskContext.progress does
        now = time.monotonic()
        if now - last[0] >= 0.05:
            last[0] = now
            calls[0] += 1

    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    if args.child == "upload":
        result = client.upload(args.path, "999", "bin", progress=progress)
        extra = {
            "file_id": result.files[0].file_id,
            "hash": result.files[0].hash_value,
            "md5_ok": bool(result.hash_matches(result.files[0])),
        }
    else:
        dl = client.download(
            args.file_id,
            args.hash,
            args.path,
            content_type="application/octet-stream",
            progress=progress,
        )
        extra = {"md5_ok": dl.hash_matches}
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    extra["cpu_s"] = round(usage.ru_utime + usage.ru_stime - cpu0, 3)  # all threads
    client.close()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak_rss_mb(),
                "baseline_mb": baseline,
                "progress_updates": calls[0],
                **extra,
            }
        )
    )


def md5_seconds(size_mb: int) -> float:
    """The fastest of three MD5s of ``size_mb`` MiB in 1 MiB pieces, as the client feeds it."""
    import hashlib

    piece = os.urandom(CHUNK)
    best = float("inf")
    for _ in range(3):
        md5 = hashlib.md5()
        start = time.perf_counter()
        for _ in range(size_mb):
            md5.update(piece)
        best = min(best, time.perf_counter() - start)
    return best


# -- the same footing for every transfer -----------------------------------------------------
# MiB to touch and free before each transfer (0: none); set by main() from --size-mb
WARM_MB = 0


def settle() -> None:
    """Flush dirty pages, then touch WARM_MB of memory and free it, before a timed transfer.

    Dirty pages of the previous step are flushed, so that no transfer pays for the writeback of
    another. The memory: on this project's virtual machine a page of RAM touched for the first
    time (or again after a few idle seconds, when the guest has handed it back to the host) costs
    about 2 s per GiB (4 GiB written: 7.8 s the first time, 3.1 s at once again, 6.8 s after 5 s
    idle). A 300 MB download fills 300 MB of page cache, so whether those pages were lately used
    swung one transfer between 0.45 s and 1.15 s, whichever tool made it: the figures measured the
    host, not the tool. Pages freed just before the transfer are the ones its page cache takes."""
    os.sync()
    if WARM_MB:  # in a process of its own: a child started from ours would inherit our peak RSS
        subprocess.run(
            [sys.executable, "-c", f"bytearray(b'\\x01') * {WARM_MB * 1024 * 1024}"], check=True
        )


def own_cpu() -> float:
    """CPU seconds of this process so far: the sandbox's threads, while a child transfers."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_child(spec: dict[str, object], *argv: str, root: str | None = None) -> dict[str, object]:
    settle()
    env = dict(os.environ, BENCH_CODE_ROOT=root) if root else None
    sandbox_cpu = own_cpu()
    proc = subprocess.run(
        [sys.executable, __file__, *argv],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    sandbox_cpu = own_cpu() - sandbox_cpu  # the whole child's, its ticket fetch included
    if proc.returncode != 0:
        raise SystemExit(f"client child failed:\n{proc.stderr[-2000:]}")
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), "sandbox_cpu_s": sandbox_cpu}


# -- curl, signed like the client ------------------------------------------------------------
def signed_query(env: object, ticket: str, extra: list[tuple[str, str]]) -> str:
    from workbench.core.sign import make_nonce, sign_request

    nonce = make_nonce()
    sign = sign_request(
        app_id=env.app_id,
        version=env.file_version,
        nonce=nonce,  # type: ignore[attr-defined]
        ticket=ticket,
        type="sign",
    )
    return urlencode(
        [
            ("app_id", env.app_id),
            ("nonce", nonce),  # type: ignore[attr-defined]
            ("sign", sign.sign),
            ("version", env.file_version),  # type: ignore[attr-defined]
            ("type", "sign"),
            *extra,
        ]
    )


_RUSAGE_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter(); rc = subprocess.run(sys.argv[1:]).returncode\n"
    "s = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(rc, s, u.ru_maxrss / 1024, u.ru_utime + u.ru_stime)\n"
)


class Took(NamedTuple):
    seconds: float
    peak_mb: float
    cpu_s: float  # the tool's own CPU, all its threads
    sandbox_cpu_s: float  # the sandbox's, over the same time


def run_curl(cmd: list[str]) -> Took:
    settle()
    sandbox_cpu = own_cpu()
    out = subprocess.run(
        [sys.executable, "-c", _RUSAGE_WRAPPER, *cmd], capture_output=True, text=True, check=False
    ).stdout.split()
    sandbox_cpu = own_cpu() - sandbox_cpu
    rc, seconds, peak, cpu = int(out[0]), float(out[1]), float(out[2]), float(out[3])
    if rc != 0:
        raise SystemExit(f"curl failed ({rc}): {' '.join(cmd[:3])}")
    return Took(seconds, peak, cpu, sandbox_cpu)


class Row(NamedTuple):
    tool: str
    size: int
    op: str
    seconds: float
    peak_mb: float
    cpu_s: float
    sandbox_cpu_s: float
    notes: str


MD5_ANCHOR = "curl+md5"  # curl, then md5sum of what it wrote


def client_pair(
    spec: dict[str, object], label: str, root: str | None, src: Path, dst: Path, size: int
) -> list[Row]:
    """Upload ``src`` and download it back, each in a fresh child process."""
    up = run_child(spec, "--child", "upload", "--path", str(src), root=root)
    down = run_child(
        spec,
        "--child",
        "download",
        "--path",
        str(dst),
        "--file-id",
        str(up["file_id"]),
        "--hash",
        str(up["hash"]),
        root=root,
    )
    return [
        Row(
            label,
            size,
            "upload",
            float(up["seconds"]),
            float(up["peak_mb"]),
            float(up["cpu_s"]),
            float(up["sandbox_cpu_s"]),
            f"MD5 ok={up['md5_ok']} base={up['baseline_mb']:.0f} MB "
            f"updates={up['progress_updates']}",
        ),
        Row(
            label,
            size,
            "download",
            float(down["seconds"]),
            float(down["peak_mb"]),
            float(down["cpu_s"]),
            float(down["sandbox_cpu_s"]),
            f"MD5 ok={down['md5_ok']}",
        ),
    ]


def curl_pair(env: Any, secrets: Any, tmp: Path, src: Path, dst: Path, size: int) -> list[Row]:
    """The same two transfers with curl, signed like the client; the download takes the file
    curl itself uploaded."""
    from workbench.client.book import CredentialBook
    from workbench.client.platform import PlatformClient
    from workbench.core.credentials import KIND_SIGN_TICKET, SystemClock

    clock = SystemClock()
    client = PlatformClient(env, secrets, clock=clock, book=CredentialBook(clock))
    try:
        client.fetch_tickets(["sign"])
        credential = client.book.usable(KIND_SIGN_TICKET)
        assert credential is not None
        ticket = credential.value
    finally:
        client.close()
    base = f"{env.file_base}/api/s/up"
    answer = tmp / "curl-up.json"
    query = signed_query(env, ticket, [("fileType", "999"), ("fileFormat", "bin")])
    up_cmd = ["curl", "-sS", "--cacert", env.file_tls.ca_path, "-o", str(answer)]
    up = run_curl([*up_cmd, "-F", f"file=@{src}", f"{base}/upload?{query}"])
    data = json.loads(answer.read_text(encoding="utf-8"))
    listed = data["jsonData"]
    listed = json.loads(listed) if isinstance(listed, str) else listed
    stored = listed["FILE_LIST"][0]
    query = signed_query(
        env,
        ticket,
        [
            ("fileId", str(stored["FILE_ID"])),
            ("hashValue", str(stored["HASH_VALUE"])),
            ("contentType", "application/octet-stream"),
        ],
    )
    down_cmd = ["curl", "-sS", "--cacert", env.file_tls.ca_path, "-o", str(dst)]
    down = run_curl([*down_cmd, f"{base}/download?{query}"])
    # The same work as the client's: PROTOCOL P6 has the file's MD5 checked, which curl does
    # not do; a curl user checks it after (md5sum). A second anchor, not the first's stand-in.
    md5 = run_curl(["sh", "-c", 'md5sum "$0" >/dev/null', str(dst)])
    return [
        Row("curl", size, "upload", *up, ""),
        Row("curl", size, "download", *down, ""),
        Row(
            MD5_ANCHOR,
            size,
            "download",
            down.seconds + md5.seconds,
            down.peak_mb,
            down.cpu_s + md5.cpu_s,
            down.sandbox_cpu_s,
            f"md5sum {md5.seconds:.2f} s",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=500)
    parser.add_argument("--small-mb", type=int, default=50)
    parser.add_argument("--no-curl", action="store_true")
    parser.add_argument("--before", help="another checkout whose client is measured too")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (medians shown)")
    parser.add_argument(
        "--no-warm",
        action="store_true",
        help="do not touch and free memory before each transfer (see settle())",
    )
    parser.add_argument("--child", choices=("upload", "download"), help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--file-id", help=argparse.SUPPRESS)
    parser.add_argument("--hash", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    global WARM_MB
    # the transfer's page cache (the file, and the sandbox's copy of an upload) and the child
    WARM_MB = 0 if args.no_warm else 2 * max(args.size_mb, args.small_mb) + 200

    from workbench.sandbox import Sandbox

    with tempfile.TemporaryDirectory(prefix="bench-files-") as tmp_name:
        tmp = Path(tmp_name)
        sandbox = Sandbox(tmp / "sandbox")
        sandbox.start()
        try:
            env, secrets = sandbox.environment(), sandbox.secrets()
            spec = {
                "env": env.to_dict(),
                "secrets": {
                    "secret": secrets.secret,
                    "salt": secrets.salt,
                    "key_password": secrets.key_password,
                    "p12_password": secrets.p12_password,
                },
            }
            rows: list[Row] = []
            sizes = sorted({args.small_mb, args.size_mb})
            for rep, size in enumerate(size for size in sizes for _ in range(args.repeat)):
                src = tmp / f"file-{size}.bin"
                make_file(src, size)
                dst = tmp / f"back-{size}.bin"
                takers = [("client", None)] + ([("before", args.before)] if args.before else [])
                takers += [] if args.no_curl else [("curl", None)]
                # Who goes first changes from one repetition to the next: the first transfer
                # after the source file is written measured slower, whoever made it.
                for label, root in takers[rep % len(takers) :] + takers[: rep % len(takers)]:
                    if label == "curl":
                        rows.extend(curl_pair(env, secrets, tmp, src, dst, size))
                    else:
                        rows.extend(client_pair(spec, label, root, src, dst, size))
                    dst.unlink(missing_ok=True)
                src.unlink()
        finally:
            sandbox.stop()

    if args.repeat > 1:  # one row per tool, size and operation: the medians, the highest peak
        grouped: dict[tuple[str, int, str], list[Row]] = {}
        for row in rows:
            grouped.setdefault((row.tool, row.size, row.op), []).append(row)
        rows = [
            Row(
                tool,
                size,
                op,
                statistics.median(r.seconds for r in runs),
                max(r.peak_mb for r in runs),
                statistics.median(r.cpu_s for r in runs),
                statistics.median(r.sandbox_cpu_s for r in runs),
                f"median of {len(runs)}: " + " ".join(f"{r.seconds:.2f}" for r in runs),
            )
            for (tool, size, op), runs in grouped.items()
        ]
    curl = {(r.size, r.op): r for r in rows if r.tool == "curl"}
    print(
        f"{'tool':<9}{'MB':>4}  {'op':<9}{'seconds':>9}{'MB/s':>9}{'peak RSS MB':>13}"
        f"{'x curl':>8}{'CPU s':>7}{'sandbox':>8}  notes"
    )
    for r in rows:
        rate = r.size / r.seconds if r.seconds > 0 else float("inf")
        # throughput against curl's in the same run: above 1 is faster than curl
        anchor = curl.get((r.size, r.op))
        ratio = f"{anchor.seconds / r.seconds:>8.2f}" if anchor and r.seconds > 0 else " " * 8
        print(
            f"{r.tool:<9}{r.size:>4}  {r.op:<9}{r.seconds:>9.2f}{rate:>9.0f}{r.peak_mb:>13.0f}"
            f"{ratio}{r.cpu_s:>7.2f}{r.sandbox_cpu_s:>8.2f}  {r.notes}"
        )
    checked = {r.size: r.seconds for r in rows if r.tool == MD5_ANCHOR}
    cores = len(os.sched_getaffinity(0))
    for r in rows:
        if r.op != "download" or r.tool not in ("client", "before") or r.seconds <= 0:
            continue
        if r.size in checked:
            print(
                f"{r.tool} download, {r.size} MB, with its MD5 check: "
                f"{checked[r.size] / r.seconds:.2f}x curl then md5sum ({checked[r.size]:.2f} s)"
            )
        anchor = curl.get((r.size, "download"))
        if anchor is None:
            continue
        # What the machine allows: curl's own work plus the MD5 (PROTOCOL P6), beside the
        # sandbox's serving, spread over every core at once; a client can be no faster.
        md5_s = md5_seconds(r.size)
        floor = max(md5_s, (anchor.cpu_s + md5_s + anchor.sandbox_cpu_s) / cores)
        print(
            f"{r.tool} download, {r.size} MB: the MD5 alone takes {md5_s:.2f} s on one core; "
            f"curl's CPU {anchor.cpu_s:.2f} s + that MD5 + the sandbox's "
            f"{anchor.sandbox_cpu_s:.2f} s over {cores} cores: doing curl's work and the MD5 "
            f"cannot take under {floor:.2f} s, "
            f"{anchor.seconds / floor:.2f}x curl (this client: {r.cpu_s:.2f} s CPU)"
        )
    print(
        "Peak RSS of the client is measured in a fresh Python process per transfer (it "
        "includes the interpreter and imports: see base=); flat across sizes = streamed."
    )


if __name__ == "__main__":
    main()
