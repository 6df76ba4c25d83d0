"""Keyring writes keep the order they were asked in (set, rename, delete on one serial queue).

Before, they went to the four-thread pool: a rename could overtake the write of a secret typed
just before it, and the keyring ended up holding the old name's entry ("Staging/secret").
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from workbench.core.credentials import ManualClock
from workbench.core.environment import EnvironmentConfig
from workbench.qt.services import AppServices, make_services
from workbench.qt.workers import TaskRunner


class SlowFirstWriteKeyring(KeyringBackend):
    """A keyring in a dict whose first write of each key is slow (as one asking to be unlocked)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}
        self.seen: set[str] = set()
        self.operations: list[str] = []
        self._lock = threading.Lock()

    def set_password(self, service: str, username: str, password: str) -> None:
        username = _unscoped(username)
        with self._lock:
            first = username not in self.seen
            self.seen.add(username)
        if first:
            time.sleep(0.05)
        with self._lock:
            self.operations.append(f"set {username}")
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        username = _unscoped(username)
        with self._lock:
            self.operations.append(f"delete {username}")
        if (service, username) not in self.items:
            raise PasswordDeleteError(username)
        del self.items[(service, username)]

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, _unscoped(username)))


def _unscoped(username: str) -> str:
    """``env/field`` without the test profile's ``[<folder>] `` (one profile per test here)."""
    return username.split("] ", 1)[1] if username.startswith("[") else username


def _build(profile_dir: Path, *, synchronous: bool) -> AppServices:
    svc = make_services(
        profile_dir,
        clock=ManualClock(1_800_000_000_000),
        start_sandbox=False,
        runner=TaskRunner(synchronous=synchronous),
    )
    svc.runner.wait_idle(5000)
    return svc


@pytest.fixture
def slow_keyring() -> Iterator[SlowFirstWriteKeyring]:
    previous = keyring.get_keyring()
    backend = SlowFirstWriteKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _stored(backend: SlowFirstWriteKeyring) -> dict[str, str]:
    return {user: value for (_service, user), value in backend.items.items()}


@pytest.mark.parametrize("synchronous", [False, True], ids=["pool", "synchronous"])
def test_a_secret_typed_then_renamed_then_deleted_ends_where_it_was_asked(
    qapp: Any, qtbot: Any, profile_dir: Path, slow_keyring: SlowFirstWriteKeyring, synchronous: bool
) -> None:
    svc = _build(profile_dir, synchronous=synchronous)
    try:
        svc.add_environment(EnvironmentConfig(name="Staging"))
        svc.set_secret("Staging", "secret", "s3cr3t")  # slow: first write of this key
        svc.rename_environment("Staging", "Staging 2")
        svc.set_secret("Staging 2", "salt", "pepper")
        svc.add_environment(EnvironmentConfig(name="Gone"))
        svc.set_secret("Gone", "secret", "old")
        svc.delete_environment("Gone")
        qtbot.waitUntil(lambda: not svc.runner.running(), timeout=10000)
        assert _stored(slow_keyring) == {"Staging 2/secret": "s3cr3t", "Staging 2/salt": "pepper"}
        ops = slow_keyring.operations
        assert ops.index("set Staging/secret") < ops.index("set Staging 2/secret")
        assert ops.index("set Staging 2/secret") < ops.index("set Staging 2/salt")
        assert ops.index("set Gone/secret") < ops.index("delete Gone/secret")
        assert svc.secrets.get("Staging", "secret") == ""
        assert svc.secrets_for("Staging 2").secret == "s3cr3t"
    finally:
        svc.shutdown()


def test_many_renames_in_a_row_leave_one_entry_under_the_last_name(
    qapp: Any, qtbot: Any, profile_dir: Path, slow_keyring: SlowFirstWriteKeyring
) -> None:
    svc = _build(profile_dir, synchronous=False)
    try:
        svc.add_environment(EnvironmentConfig(name="E0"))
        svc.set_secret("E0", "secret", "value")
        for i in range(1, 8):
            svc.rename_environment(f"E{i - 1}", f"E{i}")
        qtbot.waitUntil(lambda: not svc.runner.running(), timeout=10000)
        assert _stored(slow_keyring) == {"E7/secret": "value"}
    finally:
        svc.shutdown()
