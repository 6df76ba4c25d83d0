"""Fixtures for every GUI test (window, composer, files, callbacks).

Fixtures:
    shared_sandbox (session): one running :class:`workbench.sandbox.Sandbox` in a tmp folder,
        shared by the whole test session (about 0.5 s to start). Its clock only moves forward:
        a test that advances it affects later tests, so prefer ``own_sandbox_services`` then.
    clock: a :class:`ManualClock` (the services' injected clock; move it with ``clock.advance``).
    services: :class:`AppServices` on a fresh profile folder (``profile_dir``), in English, with
        the in-memory keyring of ``tests/conftest.py``, a real TaskRunner (pool threads), and the
        shared sandbox adopted as the "Local sandbox" environment, which is active and running.
        Torn down with ``services.shutdown()`` (the shared sandbox keeps running).
    window: a shown :class:`MainWindow` on ``services`` (registered with qtbot).
    own_sandbox_services: like ``services`` but the services start their own sandbox under the
        profile folder, as the app does at first start; the fixture waits until it runs.
    wait_idle(services): helper fixture, a function that processes events until no job runs.

All GUI tests run offscreen (``QT_QPA_PLATFORM`` is set in ``tests/conftest.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench.core.credentials import ManualClock
from workbench.qt.i18n import LANG_EN, install_language


@pytest.fixture(scope="session")
def shared_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from workbench.sandbox import Sandbox

    sandbox = Sandbox(tmp_path_factory.mktemp("shared-sandbox"))
    sandbox.start()
    yield sandbox
    sandbox.stop()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(1_800_000_000_000)


def _english(qapp: Any) -> None:
    install_language(LANG_EN)


@pytest.fixture
def services(
    qapp: Any, profile_dir: Path, clock: ManualClock, shared_sandbox: Any, memory_keyring: Any
) -> Iterator[Any]:
    from workbench.qt.services import make_services

    _english(qapp)
    svc = make_services(profile_dir, clock=clock, sandbox=shared_sandbox)
    svc.runner.wait_idle(5000)
    qapp.processEvents()
    yield svc
    svc.shutdown()


@pytest.fixture
def own_sandbox_services(
    qapp: Any, qtbot: Any, profile_dir: Path, clock: ManualClock, memory_keyring: Any
) -> Iterator[Any]:
    from workbench.qt.services import make_services

    _english(qapp)
    svc = make_services(profile_dir, clock=clock)
    qtbot.waitUntil(lambda: svc.sandbox().state in ("running", "failed"), timeout=20000)
    assert svc.sandbox().state == "running", svc.sandbox().error
    yield svc
    svc.shutdown()


@pytest.fixture
def show_window(qtbot: Any) -> Callable[[Any], Any]:
    """A function that opens a main window on the given services, shown, closed by qtbot."""
    from workbench.ui.main_window import MainWindow

    def show(svc: Any) -> Any:
        win = MainWindow(svc)
        qtbot.addWidget(win)
        win.show()
        return win

    return show


@pytest.fixture
def window(qtbot: Any, services: Any, show_window: Callable[[Any], Any]) -> Iterator[Any]:
    win = show_window(services)
    qtbot.waitExposed(win)
    yield win
    win.close()


@pytest.fixture
def wait_idle(qtbot: Any) -> Callable[[Any], None]:
    def wait(svc: Any, timeout: int = 10000) -> None:
        qtbot.waitUntil(lambda: not svc.runner.running(), timeout=timeout)

    return wait
