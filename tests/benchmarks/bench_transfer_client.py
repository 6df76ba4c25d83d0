"""Throughput and peak memory of the client's streamed transfers, next to curl doing the same.

A script, not a test::

    .venv/bin/python tests/benchmarks/bench_transfer_client.py --size-mb 200
    .venv/bin/python tests/benchmarks/bench_transfer_client.py --size-mb 500

The sandbox runs in its own process (the ``sandbox`` command), and every transfer runs in a fresh
child process, so each peak RSS (the child's ``VmHWM``) belongs to one transfer alone. The sign
ticket is fetched once and pasted into each child. The client's rows give the child's wall time
(interpreter start, imports and certificate loading included, as curl's row does) and, below it,
the transfer alone as timed inside the child.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def run_child(cmd: list[str]) -> tuple[float, float, str]:
    """Run ``cmd``; its wall time, its peak RSS in MB, and its stdout.

    The peak is the child's own ``VmHWM`` read from /proc while it runs (``ru_maxrss`` would
    include the high-water mark this Python process passes on through fork).
    """
    # Dirty pages left by the previous step (the payload, the stored upload) are flushed first:
    # otherwise whichever transfer runs next pays for their writeback, and the comparison with
    # curl depends on the order of the rows.
    os.sync()
    started = time.perf_counter()
    peak_kb = 0
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
        status_file = Path(f"/proc/{proc.pid}/status")
        while proc.poll() is None:
            try:
                for line in status_file.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak_kb = max(peak_kb, int(line.split()[1]))
            except (OSError, ValueError):
                pass
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"child failed: {' '.join(cmd[:3])}...\n{err}")
    return elapsed, peak_kb / 1024, text


def child(args: argparse.Namespace) -> None:
    """One transfer with the PlatformClient, inside a fresh process."""

    from workbench.client.platform import PlatformClient
    from workbench.core.environment import EnvironmentConfig, EnvironmentSecrets

    info = json.loads(args.info)
    env = EnvironmentConfig.from_dict(info["env"])
    env = env._replace(read_timeout_s=300.0)
    client = PlatformClient(env, EnvironmentSecrets(secret=info["secret"]), auto_fetch=False)
    client.book.paste("sign_ticket", info["ticket"], 3600)
    started = time.perf_counter()  # the transfer alone: no interpreter start, no imports
    cpu_started = time.process_time()  # every thread of the child: MD5 helpers included
    if args.phase == "upload":
        result = client.upload(args.file, "008", "zip")
        f = result.files[0]
        out = {"file_id": f.file_id, "hash": f.hash_value}
    else:
        client.download(info["file_id"], info["hash"], args.file, content_type="application/zip")
        out = {}
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(json.dumps({**out, "seconds": seconds, "cpu": cpu}))
    client.close()


def curl_urls(info: dict, ticket: str, file_id: str, hash_value: str) -> tuple[str, str]:
    from workbench.core.sign import make_nonce, sign_request

    def query(extra: list[tuple[str, str]]) -> str:
        nonce = make_nonce()
        sign = sign_request(
            app_id=info["app_id"], version="1.0.0", nonce=nonce, ticket=ticket, type="sign"
        ).sign
        base = [("app_id", info["app_id"]), ("nonce", nonce), ("sign", sign)]
        return urlencode([*base, ("version", "1.0.0"), ("type", "sign"), *extra])

    up = f"{info['file_base']}/api/s/up/upload?" + query(
        [("fileType", "008"), ("fileFormat", "zip")]
    )
    down = f"{info['file_base']}/api/s/up/download?" + query(
        [("fileId", file_id), ("hashValue", hash_value), ("contentType", "application/zip")]
    )
    return up, down


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--phase", choices=("upload", "download"), help=argparse.SUPPRESS)
    parser.add_argument("--info", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        child(args)
        return

    from workbench.client.platform import PlatformClient
    from workbench.core.environment import (
        CA_BUNDLE,
        CERT_PEM,
        EnvironmentConfig,
        EnvironmentSecrets,
        TlsConfig,
    )

    work = Path(tempfile.mkdtemp(prefix="bench-transfer-"))
    sandbox = subprocess.Popen(
        [sys.executable, "-m", "workbench.sandbox.cli", "sandbox", "--state-dir", str(work / "sb")],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        info = json.loads(sandbox.stdout.readline())
        src = work / "payload.zip"
        with open(src, "wb") as f:
            block = os.urandom(1024 * 1024)
            for _ in range(args.size_mb):
                f.write(block)
        env = EnvironmentConfig(
            name="bench",
            api_base=info["api_base"],
            file_base=info["file_base"],
            app_id=info["app_id"],
            tls=TlsConfig(
                cert_mode=CERT_PEM,
                cert_path=info["client_cert"],
                key_path=info["client_key"],
                ca_mode=CA_BUNDLE,
                ca_path=info["ca_cert"],
            ),
            file_tls=TlsConfig(ca_mode=CA_BUNDLE, ca_path=info["ca_cert"]),
        )
        client = PlatformClient(env, EnvironmentSecrets(secret=info["secret"]))
        client.fetch_tickets(["sign"])
        ticket = client.book.snapshot().sign_ticket.value
        client.close()
        shared = {"env": env.to_dict(), "secret": info["secret"], "ticket": ticket}
        me = [sys.executable, __file__]
        rows = []
        t, rss, out = run_child(
            [*me, "--phase", "upload", "--info", json.dumps(shared), "--file", str(src)]
        )
        uploaded = json.loads(out.strip().splitlines()[-1])
        rows.append(("client upload", t, rss))
        rows.append(("  (in process)", uploaded["seconds"], rss))
        cpu = {"upload": uploaded["cpu"]}
        shared.update(file_id=uploaded["file_id"], hash=uploaded["hash"])
        t, rss, out = run_child(
            [
                *me,
                "--phase",
                "download",
                "--info",
                json.dumps(shared),
                "--file",
                str(work / "back.zip"),
            ]
        )
        rows.append(("client download", t, rss))
        downloaded = json.loads(out.strip().splitlines()[-1])
        rows.append(("  (in process)", downloaded["seconds"], rss))
        cpu["download"] = downloaded["cpu"]
        (work / "back.zip").unlink()
        if shutil.which("curl"):
            up, down = curl_urls(info, ticket, uploaded["file_id"], uploaded["hash"])
            curl = ["curl", "-sS", "--noproxy", "*", "--cacert", info["ca_cert"]]
            t, rss, _ = run_child([*curl, "-F", f"file=@{src};type=application/octet-stream", up])
            rows.append(("curl upload", t, rss))
            t, rss, _ = run_child([*curl, "-o", str(work / "curl.zip"), down])
            rows.append(("curl download", t, rss))
        else:
            print("curl not found: only the client is measured")
        print(f"\n{args.size_mb} MiB over loopback TLS (sandbox in its own process)")
        print(f"{'how':<18}{'time s':>9}{'MiB/s':>10}{'peak RSS MB':>14}")
        for name, seconds, peak in rows:
            print(f"{name:<18}{seconds:>9.2f}{args.size_mb / seconds:>10.0f}{peak:>14.0f}")
        print(", ".join(f"client CPU {op}: {s:.2f} s" for op, s in cpu.items()))
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
