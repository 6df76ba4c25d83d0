"""History entries are filed under an environment's name: they follow its rename, and a deleted
environment's are set aside, so a new environment given the same name starts with none (its
Files list would otherwise offer to download again the old files by their ids)."""

from __future__ import annotations

from typing import Any

from workbench.core.environment import KIND_CUSTOM, EnvironmentConfig
from workbench.store.history import KIND_CALL, KIND_UPLOAD


def _kinds(services: Any, env_name: str) -> list[str]:
    return sorted(e.kind for e in services.history.search("", env_name=env_name))


def test_history_follows_a_rename_and_is_set_aside_on_delete(sync_services: Any) -> None:
    services = sync_services
    services.add_environment(EnvironmentConfig("Mine", kind=KIND_CUSTOM))
    services.set_active_environment("Mine")
    services.add_history(KIND_CALL, "sandbox/echo", None)
    services.add_history(KIND_UPLOAD, "a.png", None)
    assert _kinds(services, "Mine") == [KIND_CALL, KIND_UPLOAD]
    moved: list[bool] = []
    services.history_changed.connect(lambda: moved.append(True))

    services.rename_environment("Mine", "Mine renamed")
    assert _kinds(services, "Mine renamed") == [KIND_CALL, KIND_UPLOAD]
    assert _kinds(services, "Mine") == []
    assert moved == [True]  # the Composer's History and the Files list read theirs again

    services.delete_environment("Mine renamed")
    services.add_environment(EnvironmentConfig("Mine renamed", kind=KIND_CUSTOM))
    assert _kinds(services, "Mine renamed") == []  # a stranger inherits nothing
    assert len(services.history.search("")) == 2  # set aside, not lost
