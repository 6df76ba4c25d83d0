"""A sandbox of its own for the sandbox tests (session-scoped, in a temporary folder)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from workbench.sandbox.server import Sandbox


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    sb = Sandbox(tmp_path_factory.mktemp("sandbox-own"))
    sb.start()
    yield sb
    sb.stop()
