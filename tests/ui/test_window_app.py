"""The app as a process (``--smoke-test``) and quitting: the sandbox's ports are given back."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]


def test_smoke_test_shows_the_window_fetches_a_token_and_exits_zero(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), LANG="C.UTF-8")
    env.pop("QT_QPA_PLATFORM", None)  # --smoke-test must go offscreen by itself
    env.pop("DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-m", "workbench", "--profile-dir", str(tmp_path / "p"), "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("smoke test ok: window shown, sandbox running, access token")
    assert "Traceback" not in done.stderr
    assert (tmp_path / "p" / "settings.json").exists()
    assert (tmp_path / "p" / "sandbox").is_dir()  # the sandbox's state lives in the profile


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def test_quitting_stops_the_sandbox_and_frees_its_ports(own_sandbox_services: Any) -> None:
    services = own_sandbox_services
    env = services.active_environment()
    ports = [urlsplit(env.api_base).port, urlsplit(env.file_base).port]
    assert all(ports) and not any(_port_free(p) for p in ports)  # type: ignore[arg-type]
    services.shutdown()
    assert services.sandbox().state == "stopped"
    assert all(_port_free(p) for p in ports)  # type: ignore[arg-type]
