"""Settings survive a restart, upgrade from an older file, and never hold a secret."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
    files = sorted(p.name for p in profile_dir.iterdir())
    assert files == [".settings.lock", "settings.json"]  # the lock file stays, empty
    assert (profile_dir / ".settings.lock").stat().st_size == 0


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
    copies = list(profile_dir.glob("settings.json.broken-*"))
    assert [c.read_text() for c in copies] == ["{not json"]
    assert store.active_name == SANDBOX_ENV_NAME
    assert len(store.notices) == 1 and copies[0].name in store.notices[0].en
    assert copies[0].name in store.notices[0].zh and "\n" not in store.notices[0].en


def test_two_damages_keep_two_copies(profile_dir: Path) -> None:
    for text in ("{first damage", "{second damage"):
        (profile_dir / "settings.json").write_text(text)
        SettingsStore(profile_dir).save()
    copies = sorted(p.read_text() for p in profile_dir.glob("settings.json.broken-*"))
    assert copies == ["{first damage", "{second damage"]


def _custom(name: str, **extra: object) -> dict[str, object]:
    return {"name": name, "kind": KIND_CUSTOM, "api_base": "https://x.example", **extra}


def test_wrongly_typed_values_are_replaced_one_by_one_and_named(profile_dir: Path) -> None:
    data = {
        "schema_version": SCHEMA_VERSION,
        "environments": [
            _custom("Mine", app_id="keep-me", connect_timeout_s="abc", tls={"verify": "no"}),
        ],
        "active": "Mine",
    }
    original = json.dumps(data)
    (profile_dir / "settings.json").write_text(original)
    store = SettingsStore(profile_dir)
    env = store.environment("Mine")
    assert env is not None and env.app_id == "keep-me" and store.active_name == "Mine"
    assert env.connect_timeout_s == 10.0 and env.tls.verify is True
    (notice,) = store.notices
    assert "Mine.connect_timeout_s" in notice.en and "Mine.tls.verify" in notice.en
    assert "\n" not in notice.en and "Mine.tls.verify" in notice.zh
    copies = list(profile_dir.glob("settings.json.broken-*"))
    assert [c.read_text() for c in copies] == [original]
    assert copies[0].name in notice.en
    store.save()
    again = SettingsStore(profile_dir)
    assert again.notices == [] and again.environment("Mine").connect_timeout_s == 10.0  # type: ignore[union-attr]


def test_an_infinite_or_zero_timeout_is_replaced_and_the_check_command_runs(
    profile_dir: Path,
) -> None:
    """1e999 reads as infinity and passed the ">= 0" check: the first request then crashed
    the check command (exit 70, OverflowError); 0 made every request fail at once."""
    data = {
        "schema_version": SCHEMA_VERSION,
        "environments": [
            _custom("Q", api_base="https://127.0.0.1:9", connect_timeout_s=0, app_id="a"),
        ],
        "active": "Q",
    }
    text = json.dumps(data).replace('"api_base"', '"read_timeout_s": 1e999, "api_base"')
    (profile_dir / "settings.json").write_text(text)
    store = SettingsStore(profile_dir)
    env = store.environment("Q")
    assert env is not None
    assert env.read_timeout_s == 30.0 and env.connect_timeout_s == 10.0
    (notice,) = store.notices
    assert "Q.read_timeout_s = Infinity should be a number from 0.5 to 600" in notice.en
    assert "Q.connect_timeout_s = 0 should be a number from 0.5 to 600" in notice.en
    assert "0.5 到 600 之间的数字" in notice.zh
    done = subprocess.run(
        [sys.executable, "-m", "workbench", "--profile-dir", str(profile_dir), "check"]
        + ["--env", "Q", "--secret-env", "Q_SECRET"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "Q_SECRET": "s"},
    )
    assert done.returncode == 1, done.stderr  # port 9 refuses: a finding, not a crash
    assert "unexpected error" not in done.stderr and "Traceback" not in done.stderr


def test_a_dict_of_environments_is_kept_aside_not_silently_replaced(profile_dir: Path) -> None:
    data = {"schema_version": SCHEMA_VERSION, "environments": {"Mine": _custom("Mine")}}
    original = json.dumps(data)
    (profile_dir / "settings.json").write_text(original)
    store = SettingsStore(profile_dir)
    assert [c.read_text() for c in profile_dir.glob("settings.json.broken-*")] == [original]
    assert "environments" in store.notices[0].en
    assert any(e.is_sandbox for e in store.environments())


def test_stale_temp_files_of_killed_saves_are_removed_at_start(profile_dir: Path) -> None:
    SettingsStore(profile_dir).save()
    for i in range(3):
        (profile_dir / f".settings-killed{i}.tmp").write_text("{half a fi")
    SettingsStore(profile_dir)
    assert list(profile_dir.glob(".settings-*.tmp")) == []
    assert (profile_dir / "settings.json").exists()


def test_a_later_save_keeps_the_other_windows_new_environment(profile_dir: Path) -> None:
    SettingsStore(profile_dir).save()
    first, second = SettingsStore(profile_dir), SettingsStore(profile_dir)
    first.put_environment(EnvironmentConfig(name="From first", kind=KIND_CUSTOM))
    first.save()
    second.put_environment(EnvironmentConfig(name="From second", kind=KIND_CUSTOM))
    second.remove_environment("G1")
    second.save()
    names = [e.name for e in SettingsStore(profile_dir).environments()]
    assert "From first" in names and "From second" in names and "G1" not in names
    assert "From first" in [e.name for e in second.environments()]


@pytest.mark.parametrize(
    "damage",
    ["folder", "not utf-8", "a list", "truncated", "deep"],
)
def test_any_unreadable_settings_file_is_set_aside_with_one_sentence(
    profile_dir: Path, damage: str
) -> None:
    path = profile_dir / "settings.json"
    SettingsStore(profile_dir).save()
    whole = path.read_text()
    if damage == "folder":
        path.unlink()
        path.mkdir()
    elif damage == "not utf-8":
        path.write_bytes(b'{"language": "\xff\xfe"}')
    elif damage == "a list":
        path.write_text("[1, 2]")
    elif damage == "truncated":
        path.write_text(whole[: len(whole) // 2])
    else:
        path.write_text("[" * 100_000 + "]" * 100_000)
    store = SettingsStore(profile_dir)
    assert any(e.is_sandbox for e in store.environments())
    (notice,) = store.notices
    assert "\n" not in notice.en and "settings.json.broken-" in notice.en
    assert len(list(profile_dir.glob("settings.json.broken-*"))) == 1
    store.save()
    assert json.loads(path.read_text())["environments"]


def test_a_timeout_of_hundreds_of_digits_is_replaced_not_a_crash(profile_dir: Path) -> None:
    data = {"schema_version": SCHEMA_VERSION, "environments": [_custom("Q")], "active": "Q"}
    text = json.dumps(data).replace('"api_base"', '"read_timeout_s": ' + "9" * 400 + ', "api_base"')
    (profile_dir / "settings.json").write_text(text)
    store = SettingsStore(profile_dir)  # OverflowError here stopped every command (exit 70)
    env = store.environment("Q")
    assert env is not None and env.read_timeout_s == 30.0
    assert "Q.read_timeout_s" in store.notices[0].en
