"""Settings: a small versioned JSON file in the profile folder, written atomically.

It holds what the user would expect to find again after a restart: the environments (without
their secrets, which live in :mod:`workbench.store.secrets`), which one is active, the language,
and remembered UI state (window geometry, splitter sizes, last choices, drafts).

The file carries a schema version; :data:`UPGRADES` moves an older file forward one step at a
time, so a profile written by an older build opens in a newer one. No Qt here: the window decides
when to save (debounced, off the GUI thread); this module only makes each save safe.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from workbench.core.environment import (
    KIND_SANDBOX,
    EnvironmentConfig,
    bank_environments,
)

log = logging.getLogger(__name__)

APP_DIR_NAME = "webank-workbench"
FILE_NAME = "settings.json"
SCHEMA_VERSION = 2
SANDBOX_ENV_NAME = "Local sandbox"

# Keys an environment dict may never carry (PROTOCOL P1: secrets are per environment, but kept in
# the secret store). Settings written by hand or by a bug lose them on load and on save.
FORBIDDEN_KEYS = frozenset({"secret", "salt", "key_password", "p12_password", "password"})


def default_profile_dir() -> Path:
    """The per-user folder (``~/.config/webank-workbench`` on Linux)."""
    return Path(user_config_dir(APP_DIR_NAME, appauthor=False))


def sandbox_placeholder() -> EnvironmentConfig:
    """The sandbox entry before the sandbox runs: its hosts and certificates come from it later."""
    return EnvironmentConfig(name=SANDBOX_ENV_NAME, kind=KIND_SANDBOX, auto_refresh=True)


def default_environments() -> list[EnvironmentConfig]:
    return [*bank_environments(), sandbox_placeholder()]


def _upgrade_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 kept the language under ``lang`` and had no sandbox entry."""
    data["language"] = data.pop("lang", None)
    envs = data.setdefault("environments", [])
    if not any(e.get("kind") == KIND_SANDBOX for e in envs if isinstance(e, dict)):
        envs.append(sandbox_placeholder().to_dict())
    return data


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _upgrade_1_to_2}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a loaded file to :data:`SCHEMA_VERSION` (files from a newer build are kept as is)."""
    version = int(data.get("schema_version", 1))
    while version < SCHEMA_VERSION:
        data = UPGRADES[version](data)
        version += 1
        data["schema_version"] = version
    return data


def _scrub(env: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in env.items() if k not in FORBIDDEN_KEYS}


class SettingsStore:
    """The settings of one profile folder. Thread-safe: the GUI edits, a job saves.

    ``first_start`` is true when no settings file existed (the window then selects the sandbox).
    A damaged file is kept aside as ``settings.json.broken`` and defaults are used, with
    ``load_problem`` saying so (the window shows it).
    """

    def __init__(self, profile_dir: Path) -> None:
        self.profile_dir = Path(profile_dir)
        self.path = self.profile_dir / FILE_NAME
        self._lock = threading.RLock()
        self.first_start = False
        self.load_problem = ""
        self._data = self._load()

    # ----------------------------------------------------------------- load and save
    def _defaults(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "environments": [e.to_dict() for e in default_environments()],
            "active": SANDBOX_ENV_NAME,
            "language": None,
            "ui_state": {},
        }

    def _load(self) -> dict[str, Any]:
        if not self.path.exists():
            self.first_start = True
            return self._defaults()
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("not a JSON object")
            data = upgrade(raw)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self.load_problem = f"{self.path}: {exc}"
            log.warning("settings unreadable, using defaults: %s", exc)
            with contextlib.suppress(OSError):
                os.replace(self.path, self.path.with_suffix(".json.broken"))
            self.first_start = True
            return self._defaults()
        defaults = self._defaults()
        for key, value in defaults.items():
            data.setdefault(key, value)
        data["environments"] = [
            _scrub(e) for e in data.get("environments", []) if isinstance(e, dict) and e.get("name")
        ]
        if not any(e.get("kind") == KIND_SANDBOX for e in data["environments"]):
            data["environments"].append(sandbox_placeholder().to_dict())
        if not isinstance(data.get("ui_state"), dict):
            data["ui_state"] = {}
        return data

    def snapshot_json(self) -> str:
        """The file's text as it would be written now (taken on the GUI thread, cheap)."""
        with self._lock:
            data = copy.deepcopy(self._data)
        data["environments"] = [_scrub(e) for e in data["environments"]]
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)

    def save(self, text: str | None = None) -> None:
        """Write atomically: a temp file in the same folder, fsync, then ``os.replace``.

        A crash mid-write leaves the previous file intact, never half a file.
        """
        payload = self.snapshot_json() if text is None else text
        self.profile_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=self.profile_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        self.first_start = False

    # ----------------------------------------------------------------- environments
    def environments(self) -> list[EnvironmentConfig]:
        with self._lock:
            return [EnvironmentConfig.from_dict(e) for e in self._data["environments"]]

    def environment(self, name: str) -> EnvironmentConfig | None:
        return next((e for e in self.environments() if e.name == name), None)

    def put_environment(self, env: EnvironmentConfig) -> None:
        """Add ``env`` or replace the one with its name, keeping the list's order."""
        with self._lock:
            envs = self._data["environments"]
            data = _scrub(env.to_dict())
            for i, existing in enumerate(envs):
                if existing.get("name") == env.name:
                    envs[i] = data
                    return
            envs.append(data)

    def remove_environment(self, name: str) -> None:
        with self._lock:
            self._data["environments"] = [
                e for e in self._data["environments"] if e.get("name") != name
            ]
            if self._data.get("active") == name:
                self._data["active"] = SANDBOX_ENV_NAME

    def rename_environment(self, old: str, new: str) -> None:
        with self._lock:
            for e in self._data["environments"]:
                if e.get("name") == old:
                    e["name"] = new
            if self._data.get("active") == old:
                self._data["active"] = new

    @property
    def active_name(self) -> str:
        with self._lock:
            name = str(self._data.get("active") or SANDBOX_ENV_NAME)
            names = [e.get("name") for e in self._data["environments"]]
        return name if name in names else SANDBOX_ENV_NAME

    @active_name.setter
    def active_name(self, name: str) -> None:
        with self._lock:
            self._data["active"] = name

    # ----------------------------------------------------------------- language and UI state
    @property
    def language(self) -> str | None:
        with self._lock:
            lang = self._data.get("language")
        return lang if lang in ("en", "zh") else None

    @language.setter
    def language(self, lang: str | None) -> None:
        with self._lock:
            self._data["language"] = lang

    def ui_state(self, key: str, default: Any = None) -> Any:
        with self._lock:
            return copy.deepcopy(self._data["ui_state"].get(key, default))

    def set_ui_state(self, key: str, value: Any) -> None:
        """``value`` must be JSON-serialisable (lists, dicts, str, numbers, bools, None)."""
        json.dumps(value)  # fail here, in the caller, not later in the saving job
        with self._lock:
            self._data["ui_state"][key] = copy.deepcopy(value)
