"""Secrets go to the keyring, or to session memory with a reason when there is none."""

from __future__ import annotations

import keyring
from keyring.backends import fail
from keyring.errors import KeyringLocked

from workbench.core.environment import EnvironmentSecrets
from workbench.store.secrets import SERVICE, SecretStore


def test_secrets_are_stored_in_the_keyring_per_environment(memory_keyring) -> None:
    store = SecretStore()
    assert store.persistent
    store.save("F", EnvironmentSecrets(secret="s1", salt="salt1"))
    assert memory_keyring.items[(SERVICE, "F/secret")] == "s1"
    assert memory_keyring.items[(SERVICE, "F/salt")] == "salt1"
    fresh = SecretStore()
    loaded = fresh.load("F")
    assert (loaded.secret, loaded.salt, loaded.key_password) == ("s1", "salt1", "")


def test_empty_value_deletes_and_rename_moves(memory_keyring) -> None:
    store = SecretStore()
    store.set("A", "secret", "x")
    store.rename_environment("A", "B")
    assert (SERVICE, "A/secret") not in memory_keyring.items
    assert memory_keyring.items[(SERVICE, "B/secret")] == "x"
    store.set("B", "secret", "")
    assert (SERVICE, "B/secret") not in memory_keyring.items


def test_no_keyring_keeps_secrets_for_the_session() -> None:
    keyring.set_keyring(fail.Keyring())
    store = SecretStore()
    assert not store.persistent
    assert "no keyring" in store.reason.en
    store.set("F", "secret", "abc")
    assert store.get("F", "secret") == "abc"
    assert store.cached("F").secret == "abc"


class _LockedKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Prompt dismissed")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Prompt dismissed")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("Prompt dismissed")


def test_keyring_failing_midway_falls_back_to_memory_without_losing_values() -> None:
    keyring.set_keyring(_LockedKeyring())
    store = SecretStore()
    assert store.persistent
    store.set("F", "salt", "pepper")
    assert not store.persistent
    assert "Prompt dismissed" in store.reason.en
    assert store.get("F", "salt") == "pepper"


def test_each_profile_folder_keeps_its_own_secrets(
    memory_keyring,
    tmp_path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    """The shipped environments exist in every profile: with one user name for all profiles,
    one profile used another's app secret and deleting an environment in one wiped the other's."""
    import workbench.store.settings as settings

    default = tmp_path / "default-profile"
    monkeypatch.setattr(settings, "default_profile_dir", lambda: default)
    a = SecretStore(profile_dir=tmp_path / "client-a")
    b = SecretStore(profile_dir=tmp_path / "client-b")
    a.save("Production", EnvironmentSecrets(secret="a-secret"))
    assert memory_keyring.items[(SERVICE, f"[{tmp_path / 'client-a'}] Production/secret")]
    assert b.load("Production").secret == ""  # not client A's
    b.delete_environment("Production")
    assert SecretStore(profile_dir=tmp_path / "client-a").load("Production").secret == "a-secret"
    # the default folder keeps the names it always had, however it is written
    SecretStore(profile_dir=default / ".").save("F", EnvironmentSecrets(secret="d"))
    assert memory_keyring.items[(SERVICE, "F/secret")] == "d"
    assert SecretStore().load("F").secret == "d"


def test_a_profile_folder_from_before_keeps_its_saved_secrets_once_then_its_own(
    memory_keyring,
    tmp_path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    """A --profile-dir folder made before entries were scoped finds its secret under the old
    shared name once (copied to its own), is then marked, and a delete there no longer reaches
    the shared entry; a folder made now never reads the shared names."""
    import workbench.store.settings as settings
    from workbench.store.secrets import SCOPED_MARK

    monkeypatch.setattr(settings, "default_profile_dir", lambda: tmp_path / "default")
    older = tmp_path / "older"
    older.mkdir()
    (older / "settings.json").write_text("{}", encoding="utf-8")  # made by the old version
    memory_keyring.items[(SERVICE, "Bank/secret")] = "saved-before"
    store = SecretStore(profile_dir=older)
    assert store.load("Bank").secret == "saved-before"
    store.finish_carry_over()
    assert (older / SCOPED_MARK).exists()
    assert memory_keyring.items[(SERVICE, f"[{older}] Bank/secret")] == "saved-before"
    again = SecretStore(profile_dir=older)
    again.delete_environment("Bank")
    assert memory_keyring.items[(SERVICE, "Bank/secret")] == "saved-before"  # not touched
    assert SecretStore(profile_dir=older).load("Bank").secret == ""  # not read again

    newer = tmp_path / "newer"  # no settings yet: made by this version
    fresh = SecretStore(profile_dir=newer)
    newer.mkdir()
    (newer / "settings.json").write_text("{}", encoding="utf-8")
    assert fresh.load("Bank").secret == ""
    fresh.finish_carry_over()
    assert SecretStore(profile_dir=newer).load("Bank").secret == ""  # marked: never shared


def test_a_profile_made_in_a_session_without_a_keyring_never_reads_the_shared_names(
    memory_keyring,
    tmp_path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    """Made while no keyring answered, the folder was left unmarked; the next session, with
    a keyring, took it for an older folder and copied the default profile's secrets."""
    import workbench.store.settings as settings

    monkeypatch.setattr(settings, "default_profile_dir", lambda: tmp_path / "default")
    memory_keyring.items[(SERVICE, "Production/secret")] = "default-profile-secret"
    folder = tmp_path / "client-test"
    keyring.set_keyring(fail.Keyring())
    first = SecretStore(profile_dir=folder)  # a new folder: no settings yet
    folder.mkdir()
    (folder / "settings.json").write_text("{}", encoding="utf-8")
    first.load("Production")
    assert not first.persistent
    first.finish_carry_over()
    keyring.set_keyring(memory_keyring)
    assert SecretStore(profile_dir=folder).load("Production").secret == ""
