"""Settings survive a restart, upgrade from an older file, and never hold a secret."""

from __future__ import annotations

import json
from pathlib import Path

from workbench.core.environment import KIND_CUSTOM, EnvironmentConfig
from workbench.store.settings import SANDBOX_ENV_NAME, SCHEMA_VERSION, SettingsStore


def test_first_start_has_bank_and_sandbox_environments(profile_dir: Path) -> None:
    store = SettingsStore(profile_dir)
    assert store.first_start
    names = [e.name for e in store.environments()]
    assert names == ["F", "F1", "G1", "Production", SANDBOX_ENV_NAME]
    assert store.active_name == SANDBOX_ENV_NAME
    assert store.language is None


def test_values_survive_a_restart(profile_dir: Path) -> None:
    store = SettingsStore(profile_dir)
    store.put_environment(EnvironmentConfig(name="Mine", kind=KIND_CUSTOM, app_id="abc"))
    store.active_name = "Mine"
    store.language = "zh"
    store.set_ui_state("window/tab", 3)
    store.save()
    again = SettingsStore(profile_dir)
    assert not again.first_start
    assert again.environment("Mine") is not None
    assert again.environment("Mine").app_id == "abc"  # type: ignore[union-attr]
    assert again.active_name == "Mine"
    assert again.language == "zh"
    assert again.ui_state("window/tab") == 3
    assert (
        json.loads((profile_dir / "settings.json").read_text())["schema_version"] == SCHEMA_VERSION
    )


def test_save_is_atomic_and_leaves_no_temp_files(profile_dir: Path) -> None:
    store = SettingsStore(profile_dir)
    for i in range(5):
        store.set_ui_state("n", i)
        store.save()
    assert sorted(p.name for p in profile_dir.iterdir()) == ["settings.json"]


def test_version_1_file_is_upgraded(profile_dir: Path) -> None:
    old = {
        "schema_version": 1,
        "lang": "zh",
        "active": "F",
        "environments": [{"name": "F", "kind": "bank", "api_base": "https://x"}],
    }
    (profile_dir / "settings.json").write_text(json.dumps(old))
    store = SettingsStore(profile_dir)
    assert store.language == "zh"
    assert [e.name for e in store.environments()] == ["F", SANDBOX_ENV_NAME]
    assert store.active_name == "F"


def test_secret_keys_in_a_hand_edited_file_are_dropped(profile_dir: Path) -> None:
    data = {"schema_version": 2, "environments": [{"name": "F", "secret": "TOPSECRET"}]}
    (profile_dir / "settings.json").write_text(json.dumps(data))
    store = SettingsStore(profile_dir)
    store.save()
    assert "TOPSECRET" not in (profile_dir / "settings.json").read_text()


def test_damaged_file_is_kept_aside_and_defaults_used(profile_dir: Path) -> None:
    (profile_dir / "settings.json").write_text("{not json")
    store = SettingsStore(profile_dir)
    assert store.load_problem
    assert (profile_dir / "settings.json.broken").exists()
    assert store.active_name == SANDBOX_ENV_NAME
