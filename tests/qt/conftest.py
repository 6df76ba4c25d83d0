"""Fixtures for controller tests: no widgets, jobs run inline (the runner's synchronous mode).

Fixtures:
    qt_sandbox (module): a running :class:`workbench.sandbox.Sandbox` in a tmp folder.
    sync_services: :class:`AppServices` on a fresh profile with ``TaskRunner(synchronous=True)``,
        the sandbox adopted as "Local sandbox"; the secrets are loaded before the test starts.
    bank_env: the name of a *bank* environment (not marked sandbox) pointed at that sandbox,
        with its app_id and secret, made active: a fetch there is a real one, counted in the
        sandbox's request log, and the kick-out policy applies to it.
    fetches: a function counting the token and ticket requests the sandbox received so far.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench.core.credentials import ManualClock
from workbench.core.environment import KIND_CUSTOM
from workbench.qt.i18n import LANG_EN, install_language
from workbench.qt.services import AppServices, make_services
from workbench.qt.workers import TaskRunner

FETCH_PATHS = ("/api/oauth2/access_token", "/api/oauth2/api_ticket")


@pytest.fixture(scope="module")
def qt_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from workbench.sandbox import Sandbox

    sandbox = Sandbox(tmp_path_factory.mktemp("qt-sandbox"))
    sandbox.start()
    yield sandbox
    sandbox.stop()


@pytest.fixture
def sync_services(
    qapp: Any, profile_dir: Path, qt_sandbox: Any, memory_keyring: Any
) -> Iterator[AppServices]:
    install_language(LANG_EN)
    svc = make_services(
        profile_dir,
        clock=ManualClock(1_800_000_000_000),
        sandbox=qt_sandbox,
        runner=TaskRunner(synchronous=True),
    )
    svc.refresher.stop()  # the tests tick it by hand
    qapp.processEvents()  # the startup job (secrets) runs on the first turn of the loop
    assert svc.secrets_ready
    yield svc
    svc.shutdown()


@pytest.fixture
def bank_env(sync_services: AppServices) -> str:
    svc = sync_services
    live = svc.active_environment()
    assert live.is_sandbox and live.api_base
    secrets = svc.secrets_for(live.name)
    live = live._replace(name="Bank via sandbox", kind=KIND_CUSTOM)
    svc.add_environment(live, secrets)
    svc.set_active_environment(live.name)
    assert not svc.active_environment().is_sandbox
    return live.name


@pytest.fixture
def fetches(qt_sandbox: Any) -> Callable[[], int]:
    def count() -> int:
        return sum(1 for entry in qt_sandbox.log() if entry.path in FETCH_PATHS)

    return count
