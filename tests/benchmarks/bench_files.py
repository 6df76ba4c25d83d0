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
from typing import Any
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


def run_child(spec: dict[str, object], *argv: str, root: str | None = None) -> dict[str, object]:
    os.sync()  # see run_curl
    env = dict(os.environ, BENCH_CODE_ROOT=root) if root else None
    proc = subprocess.run(
        [sys.executable, __file__, *argv],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if proc.returncode != 0:
        raise SystemExit(f"client child failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


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
    "print(rc, s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
)


def run_curl(cmd: list[str]) -> tuple[float, float]:
    # Dirty pages of the previous step are flushed first, so that no transfer pays for the
    # writeback of another and the order of the rows does not decide the comparison.
    os.sync()
    out = subprocess.run(
        [sys.executable, "-c", _RUSAGE_WRAPPER, *cmd], capture_output=True, text=True, check=False
    ).stdout.split()
    rc, seconds, peak = int(out[0]), float(out[1]), float(out[2])
    if rc != 0:
        raise SystemExit(f"curl failed ({rc}): {' '.join(cmd[:3])}")
    return seconds, peak


Row = tuple[str, int, str, float, float, str]
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
        (
            label,
            size,
            "upload",
            float(up["seconds"]),
            float(up["peak_mb"]),
            f"MD5 ok={up['md5_ok']} base={up['baseline_mb']:.0f} MB "
            f"updates={up['progress_updates']}",
        ),
        (
            label,
            size,
            "download",
            float(down["seconds"]),
            float(down["peak_mb"]),
            f"MD5 ok={down['md5_ok']} cpu={down['cpu_s']:.2f} s",
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
    up_secs, up_peak = run_curl([*up_cmd, "-F", f"file=@{src}", f"{base}/upload?{query}"])
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
    down_secs, down_peak = run_curl([*down_cmd, f"{base}/download?{query}"])
    # The same work as the client's: PROTOCOL P6 has the file's MD5 checked, which curl does
    # not do; a curl user checks it after (md5sum). A second anchor, not the first's stand-in.
    md5_secs, _ = run_curl(["sh", "-c", 'md5sum "$0" >/dev/null', str(dst)])
    return [
        ("curl", size, "upload", up_secs, up_peak, ""),
        ("curl", size, "download", down_secs, down_peak, ""),
        (MD5_ANCHOR, size, "download", down_secs + md5_secs, down_peak, f"md5sum {md5_secs:.2f} s"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=500)
    parser.add_argument("--small-mb", type=int, default=50)
    parser.add_argument("--no-curl", action="store_true")
    parser.add_argument("--before", help="another checkout whose client is measured too")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (medians shown)")
    parser.add_argument("--child", choices=("upload", "download"), help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--file-id", help=argparse.SUPPRESS)
    parser.add_argument("--hash", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

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

    if args.repeat > 1:  # one row per tool, size and operation: the median seconds and peak
        grouped: dict[tuple[str, int, str], list[tuple[float, float, str]]] = {}
        for tool, size, op, secs, peak, notes in rows:
            grouped.setdefault((tool, size, op), []).append((secs, peak, notes))
        rows = [
            (
                tool,
                size,
                op,
                statistics.median(r[0] for r in runs),
                max(r[1] for r in runs),
                f"median of {len(runs)}: " + " ".join(f"{r[0]:.2f}" for r in runs),
            )
            for (tool, size, op), runs in grouped.items()
        ]
    curl = {(size, op): secs for tool, size, op, secs, _p, _n in rows if tool == "curl"}
    print(
        f"{'tool':<9}{'MB':>4}  {'op':<9}{'seconds':>9}{'MB/s':>9}{'peak RSS MB':>13}"
        f"{'x curl':>8}  notes"
    )
    for tool, size, op, secs, peak, notes in rows:
        rate = size / secs if secs > 0 else float("inf")
        # throughput against curl's in the same run: above 1 is faster than curl
        ratio = f"{curl[(size, op)] / secs:>8.2f}" if (size, op) in curl and secs > 0 else " " * 8
        print(f"{tool:<9}{size:>4}  {op:<9}{secs:>9.2f}{rate:>9.0f}{peak:>13.0f}{ratio}  {notes}")
    checked = {size: secs for tool, size, op, secs, _p, _n in rows if tool == MD5_ANCHOR}
    for tool, size, op, secs, _p, _n in rows:
        if op == "download" and tool in ("client", "before") and size in checked and secs > 0:
            print(
                f"{tool} download, {size} MB, with its MD5 check: {checked[size] / secs:.2f}x "
                f"curl then md5sum ({checked[size]:.2f} s)"
            )
    print(
        "Peak RSS of the client is measured in a fresh Python process per transfer (it "
        "includes the interpreter and imports: see base=); flat across sizes = streamed."
    )


if __name__ == "__main__":
    main()
