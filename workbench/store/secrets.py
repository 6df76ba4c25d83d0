"""Secrets (app secret, callback salt, key and PKCS#12 passwords) in the system keyring.

Key layout: service ``webank-workbench``, user name ``<environment name>/<field>`` for the
default profile folder, and ``[<profile folder>] <environment name>/<field>`` for any other
(``--profile-dir``). Why: the shipped environments (F, Production, ...) exist in every profile,
and a user name shared between profiles let one profile use another's app secret and wiped it
when an environment of that name was deleted there. The folder is named in full, as it is
shown in a keyring browser; a profile folder that is moved asks for its secrets again.

A profile folder made before that (it has a settings file and no :data:`SCOPED_MARK`) reads an
entry it lacks under the old shared name once and copies it to its own (:meth:`SecretStore.
finish_carry_over` then marks the folder): its saved secrets are not lost, and from then on
it neither shares nor deletes another profile's.

When no keyring is usable (headless Linux without D-Bus: ``fail.Keyring``; a locked
gnome-keyring: ``InitError``) the secrets are kept in this process's memory for the session and
:attr:`SecretStore.persistent` turns false with a :attr:`reason`, which the window shows as a
plain notice. There is deliberately no file fallback: ``keyrings.alt`` stores secrets as base64
in a plain file (ENGINEERING.md), so it is refused just like a missing keyring.

Keyring calls may block (D-Bus, an unlock prompt): callers run them in a job, never in a slot.
Even importing ``keyring`` and finding the backend takes about 0.1 s, so that too happens on
first use (the window's startup job), not when the store is built.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path
from typing import Any

from workbench.core.environment import EnvironmentSecrets
from workbench.core.text import Text

log = logging.getLogger(__name__)

SERVICE = "webank-workbench"
# in a profile folder: its keyring entries are under its own names (see the module's text)
SCOPED_MARK = ".keyring-scoped"
FIELDS = ("secret", "salt", "key_password", "p12_password")

_NO_BACKEND = Text(
    "no keyring service was found on this system",
    "系统中没有可用的密钥环服务",
)
_PLAIN_FILE = Text(
    "the only keyring found stores secrets in a plain file, which this tool refuses",
    "找到的密钥环会把密钥以明文文件保存，本工具拒绝使用",
)


def secret_scope(profile_dir: Path | None) -> str:
    """What the user names of ``profile_dir``'s secrets start with: nothing for the default
    profile folder (or None), ``[<folder>] `` for another."""
    if profile_dir is None:
        return ""
    from workbench.store.settings import default_profile_dir  # platformdirs: 10 ms, on use

    folder = Path(profile_dir).expanduser().resolve()
    return "" if folder == default_profile_dir().expanduser().resolve() else f"[{folder}] "


def _key(env_name: str, field: str) -> str:
    return f"{env_name}/{field}"


class SecretStore:
    """Per-environment secrets: keyring when it works, session memory when it does not.

    Every value set during the session is also kept in memory, so a read after a write never
    waits on the keyring again and a keyring that fails half-way loses nothing already typed.
    """

    def __init__(self, service: str = SERVICE, profile_dir: Path | None = None) -> None:
        self.service = service
        self._profile_dir = profile_dir
        self._scope: str | None = None  # worked out on first use (see secret_scope)
        # a folder made before scoped entries (read before anything writes its settings): its
        # entries are read under the old shared names too, until finish_carry_over
        folder = Path(profile_dir) if profile_dir is not None else None
        self._carry_over = bool(
            folder is not None
            and (folder / "settings.json").exists()
            and not (folder / SCOPED_MARK).exists()
        )
        self._from_before = self._carry_over  # an older folder: marked only once carried over
        self._lock = threading.RLock()
        self._memory: dict[str, str] = {}
        self._absent: set[str] = set()  # looked up in the keyring and not there
        self._persistent = True
        self.reason: Text = Text("", "")
        self._backend: Any = None
        self.resolved = False  # True once the backend was looked at (see ``persistent``)

    def _user(self, key: str) -> str:
        """The keyring's user name for ``key`` (``env/field``): the profile's scope first. Only
        keyring calls need it (in jobs); the memory serves this one profile and does not."""
        with self._lock:
            if self._scope is None:
                self._scope = secret_scope(self._profile_dir)
                self._carry_over = self._carry_over and bool(self._scope)  # not the default
            return self._scope + key

    def finish_carry_over(self) -> None:
        """Every environment was read (the window's start-up job): mark a profile folder other
        than the default one, so that the old shared names are never read for it (again). A
        folder that cannot be marked reads them next time, nothing worse."""
        with self._lock:
            scoped = self._user("")
            folder = self._profile_dir
            # a folder made now is marked whatever the keyring did (else a session without one
            # would leave it looking older, and the next would read the shared names); an older
            # one only once its entries could be carried over
            if not scoped or folder is None or (self._from_before and not self._persistent):
                return
            mark = Path(folder) / SCOPED_MARK
            with contextlib.suppress(OSError):
                if not mark.exists():
                    mark.write_text(
                        "keyring entries: [<this folder>] <environment>/<field>\n",
                        encoding="utf-8",
                    )
                self._carry_over = False

    def resolve(self) -> Any:
        """Find the keyring backend once (may block: call from a job, or accept the wait)."""
        with self._lock:
            self._user("")  # the profile's scope too, off the GUI thread when in a job
            if not self.resolved:
                import keyring

                self._backend = keyring.get_keyring()
                self.resolved = True
                module = type(self._backend).__module__
                if module.startswith("keyring.backends.fail"):
                    self._go_memory(_NO_BACKEND)
                elif module.startswith("keyrings.alt"):
                    self._go_memory(_PLAIN_FILE)
            return self._backend

    @property
    def persistent(self) -> bool:
        """False when secrets are kept in memory only (:attr:`reason` says why)."""
        self.resolve()
        return self._persistent

    def _go_memory(self, reason: Text) -> None:
        if self._persistent:
            log.warning("secrets kept for this session only: %s", reason.en)
        self._persistent = False
        self.reason = reason

    def _failed(self, exc: Exception) -> None:
        detail = str(exc) or exc.__class__.__name__
        self._go_memory(
            Text(f"the keyring refused access ({detail})", f"密钥环拒绝访问（{detail}）")
        )

    # ----------------------------------------------------------------- single values
    def get(self, env_name: str, field: str) -> str:
        key = _key(env_name, field)
        with self._lock:
            if key in self._memory:
                return self._memory[key]
            backend = self.resolve()
            if not self._persistent or key in self._absent:
                return ""
            from keyring.errors import KeyringError

            try:
                value = backend.get_password(self.service, self._user(key))
                if value is None and self._carry_over:  # once, from the old shared name
                    value = backend.get_password(self.service, key)
                    if value:
                        backend.set_password(self.service, self._user(key), value)
            except KeyringError as exc:
                self._failed(exc)
                return ""
            if value is None:
                self._absent.add(key)
                return ""
            self._memory[key] = value
            return value

    def set(self, env_name: str, field: str, value: str) -> None:
        """Store ``value``; an empty value deletes the entry."""
        if field not in FIELDS:
            raise ValueError(f"unknown secret field {field!r}")
        key = _key(env_name, field)
        with self._lock:
            self._memory[key] = value
            self._absent.discard(key)
            backend = self.resolve()
            if not self._persistent:
                return
            from keyring.errors import KeyringError, PasswordDeleteError

            try:
                if value:
                    backend.set_password(self.service, self._user(key), value)
                else:
                    with contextlib.suppress(PasswordDeleteError):  # already absent: fine
                        backend.delete_password(self.service, self._user(key))
                    self._absent.add(key)
            except KeyringError as exc:
                self._failed(exc)

    def remember(self, env_name: str, field: str, value: str) -> None:
        """Hold ``value`` in memory at once (no keyring call: safe on the GUI thread); the
        caller then runs :meth:`set` in a job to store it."""
        with self._lock:
            self._memory[_key(env_name, field)] = value

    # ----------------------------------------------------------------- whole environments
    def load(self, env_name: str) -> EnvironmentSecrets:
        return EnvironmentSecrets(**{f: self.get(env_name, f) for f in FIELDS})

    def save(self, env_name: str, secrets: EnvironmentSecrets) -> None:
        for f in FIELDS:
            self.set(env_name, f, getattr(secrets, f))

    def cached(self, env_name: str) -> EnvironmentSecrets:
        """What is already in memory, without touching the keyring (safe on the GUI thread)."""
        with self._lock:
            return EnvironmentSecrets(
                **{f: self._memory.get(_key(env_name, f), "") for f in FIELDS}
            )

    def is_loaded(self, env_name: str) -> bool:
        with self._lock:
            return all(
                _key(env_name, f) in self._memory
                or _key(env_name, f) in self._absent
                or not self._persistent
                for f in FIELDS
            )

    def delete_environment(self, env_name: str) -> None:
        for f in FIELDS:
            self.set(env_name, f, "")

    def rename_environment(self, old: str, new: str) -> None:
        """One step for readers: nobody sees the secret under both names, or under neither."""
        with self._lock:
            secrets = self.load(old)
            self.save(new, secrets)
            self.delete_environment(old)
