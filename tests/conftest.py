"""Test-wide setup: headless Qt, a UTF-8 locale, and an in-memory keyring.

Qt aborts the whole process when there is no display and no ``QT_QPA_PLATFORM`` (ENGINEERING.md),
so the platform is chosen here, before any test module can create a QApplication. No test may
touch the real keyring of the machine running it: every test gets a fresh in-memory backend.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if not os.environ.get("LANG") or os.environ.get("LANG") in ("C", "POSIX"):
    os.environ["LANG"] = "C.UTF-8"

import sys  # after the environment above: Qt reads it on import
from collections.abc import Iterator
from pathlib import Path

# The checkout itself is importable without installing the package (pip install -e is optional).
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import keyring  # noqa: E402
import pytest  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from keyring.errors import PasswordDeleteError  # noqa: E402


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in a dict: what tests read back is what the app stored."""

    priority = 1  # type: ignore[assignment]  # keyring declares it as a classproperty

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.items:
            raise PasswordDeleteError(username)
        del self.items[(service, username)]


@pytest.fixture(autouse=True)
def memory_keyring(request: pytest.FixtureRequest) -> Iterator[MemoryKeyring]:
    """Installed for every test; tests that need a broken keyring install their own.

    Tests marked ``keyring`` install the real Secret Service themselves (they get this backend,
    unused, so that the machine's keyring is only touched where a test says so).
    """
    previous = keyring.get_keyring()
    if request.node.get_closest_marker("keyring"):
        yield MemoryKeyring()
        return
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    """An empty profile folder (settings, history, sandbox state) for one test."""
    path = tmp_path / "profile"
    path.mkdir()
    return path
