"""The app's secrets in a real Secret Service (gnome-keyring), read back with ``secret-tool``.

Runs in CI (``.ci/run``) under ``dbus-run-session`` with an unlocked gnome-keyring. Elsewhere it
is skipped when no Secret Service answers, unless ``WORKBENCH_REQUIRE_KEYRING=1`` (set by CI),
which turns the skip into a failure so that CI can never pass without running it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest

from workbench.core.environment import KIND_CUSTOM, EnvironmentConfig, EnvironmentSecrets
from workbench.store.secrets import SERVICE

pytestmark = pytest.mark.keyring

SECRETS = EnvironmentSecrets(
    secret="app-secret-Zq81" + os.urandom(6).hex(),
    salt="callback-salt-Pw3" + os.urandom(6).hex(),
    key_password="key-pass-Lm5" + os.urandom(6).hex(),
    p12_password="p12-pass-Rt7" + os.urandom(6).hex(),
)
FIELDS = ("secret", "salt", "key_password", "p12_password")


def _unavailable(why: str) -> None:
    if os.environ.get("WORKBENCH_REQUIRE_KEYRING") == "1":
        pytest.fail(f"a real Secret Service is required here: {why}")
    pytest.skip(f"no real Secret Service: {why}")


@pytest.fixture
def secret_service() -> Iterator[Any]:
    """The real SecretService backend, installed instead of the tests' in-memory one."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        _unavailable("no D-Bus session (DBUS_SESSION_BUS_ADDRESS unset)")
    if shutil.which("secret-tool") is None:
        _unavailable("secret-tool is not installed (libsecret-tools)")
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    try:
        backend.priority  # noqa: B018 - raises when the service is missing or locked
        backend.get_password(SERVICE, "probe/none")
    except Exception as exc:  # any failure means: no usable service
        _unavailable(f"{type(exc).__name__}: {exc}")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def lookup(env_name: str, field: str, profile: Path | None = None) -> str | None:
    """What ``secret-tool`` (not our code, not the keyring library) finds for the entry: under
    ``[<profile folder>] `` for a profile other than the default one."""
    scope = f"[{profile.resolve()}] " if profile is not None else ""
    done = subprocess.run(
        ["secret-tool", "lookup", "service", SERVICE, "username", f"{scope}{env_name}/{field}"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return done.stdout if done.returncode == 0 else None


def _profile_bytes(profile: Path) -> bytes:
    return b"".join(p.read_bytes() for p in profile.rglob("*") if p.is_file())


def test_secrets_are_stored_renamed_and_deleted_in_the_real_keyring(
    qapp: Any, qtbot: Any, tmp_path: Path, secret_service: Any
) -> None:
    from workbench.qt.services import make_services

    profile = tmp_path / "profile"
    services = make_services(profile, start_sandbox=False)
    try:
        qtbot.waitUntil(lambda: services.secrets_ready, timeout=20000)
        assert services.secrets.persistent, services.secrets.reason.en

        env = EnvironmentConfig(name="Partner UAT", kind=KIND_CUSTOM, app_id="wbkeyring01")
        services.add_environment(env, SECRETS)
        assert services.runner.wait_idle(20000)
        for field in FIELDS:
            assert lookup("Partner UAT", field, profile) == getattr(SECRETS, field)

        services.rename_environment("Partner UAT", "Partner PROD")
        assert services.runner.wait_idle(20000)
        for field in FIELDS:
            assert lookup("Partner PROD", field, profile) == getattr(SECRETS, field)
            assert lookup("Partner UAT", field, profile) is None

        services.save_now()
        saved = _profile_bytes(profile)
        assert b"Partner PROD" in saved  # the settings are there...
        for field in FIELDS:  # ...and none of the secrets
            assert getattr(SECRETS, field).encode() not in saved

        services.delete_environment("Partner PROD")
        assert services.runner.wait_idle(20000)
        for field in FIELDS:
            assert lookup("Partner PROD", field, profile) is None
    finally:
        services.shutdown()
    for field in FIELDS:
        assert getattr(SECRETS, field).encode() not in _profile_bytes(profile)
