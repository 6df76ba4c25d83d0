"""A running sandbox for the whole session, a fresh account and client per test.

Every test gets its own app_id, so that kick-outs, rotations and used tickets of one test never
reach another; the clock is shared (moving it forward only ages credentials of other accounts,
which each test fetches fresh).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from workbench.client.platform import PlatformClient
from workbench.core.environment import EnvironmentConfig, EnvironmentSecrets
from workbench.sandbox.server import Sandbox


@dataclass
class Account:
    app_id: str
    secret: str
    salt: str
    env: EnvironmentConfig
    secrets: EnvironmentSecrets


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    sb = Sandbox(tmp_path_factory.mktemp("sandbox-client"))
    sb.start()
    yield sb
    sb.stop()


def make_account(sandbox: Sandbox) -> Account:
    app_id = "wbt" + secrets.token_hex(6)
    secret, salt = secrets.token_hex(24), secrets.token_hex(8)
    sandbox.add_account(app_id, secret, salt)
    env = sandbox.environment()._replace(app_id=app_id)
    sec = EnvironmentSecrets(secret=secret, salt=salt, p12_password=sandbox.secrets().p12_password)
    return Account(app_id, secret, salt, env, sec)


@pytest.fixture
def account(sandbox: Sandbox) -> Account:
    return make_account(sandbox)


@pytest.fixture
def client(sandbox: Sandbox, account: Account) -> Iterator[PlatformClient]:
    c = PlatformClient(account.env, account.secrets, clock=sandbox.clock)
    yield c
    c.close()


@pytest.fixture
def certs_dir(sandbox: Sandbox) -> Path:
    return Path(sandbox.info().ca_cert).parent
