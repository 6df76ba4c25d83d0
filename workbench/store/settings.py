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

from workbench.core.environment import (
    KIND_SANDBOX,
    EnvironmentConfig,
    bank_environments,
)
from workbench.core.json_errors import json_error_phrase
from workbench.core.os_errors import os_reason
from workbench.core.text import Text
from workbench.store.aside import copy_aside, set_aside
from workbench.store.file_lock import locked
from workbench.store.settings_check import Problem, check_settings

log = logging.getLogger(__name__)

APP_DIR_NAME = "webank-workbench"
FILE_NAME = "settings.json"
LOCK_NAME = ".settings.lock"
SCHEMA_VERSION = 2
SANDBOX_ENV_NAME = "Local sandbox"

# Keys an environment dict may never carry (PROTOCOL P1: secrets are per environment, but kept in
# the secret store). Settings written by hand or by a bug lose them on load and on save.
FORBIDDEN_KEYS = frozenset({"secret", "salt", "key_password", "p12_password", "password"})


def default_profile_dir() -> Path:
    """The per-user folder (``~/.config/webank-workbench`` on Linux)."""
    from platformdirs import user_config_dir  # only without --profile-dir: not a startup cost

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
    if isinstance(envs, list) and not any(
        e.get("kind") == KIND_SANDBOX for e in envs if isinstance(e, dict)
    ):
        envs.append(sandbox_placeholder().to_dict())
    return data


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _upgrade_1_to_2}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a loaded file to :data:`SCHEMA_VERSION` (files from a newer build are kept as is)."""
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        version = 1  # hand-edited: the oldest layout's upgrades are harmless on a newer one
    while version < SCHEMA_VERSION:
        data = UPGRADES[version](data)
        version += 1
        data["schema_version"] = version
    return data


def _scrub(env: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in env.items() if k not in FORBIDDEN_KEYS}


def merge_environments(
    theirs: list[Any], ours: list[dict[str, Any]], touched: set[str], removed: set[str]
) -> list[dict[str, Any]]:
    """Another window's list (``theirs``, on disk) with this window's own changes applied.

    Environments this window added or edited (``touched``) are ours, those it deleted stay
    deleted; every other one is as the other window left it (new ones included).
    """
    ours_by_name = {e.get("name"): e for e in ours}
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for env in theirs:
        name = env.get("name") if isinstance(env, dict) else None
        if not isinstance(name, str) or not name or name in seen or name in removed:
            continue
        seen.add(name)
        out.append(ours_by_name[name] if name in touched and name in ours_by_name else _scrub(env))
    for env in ours:
        name = env.get("name")
        if isinstance(name, str) and name not in seen and name in touched:
            seen.add(name)
            out.append(env)
    if not any(e.get("kind") == KIND_SANDBOX for e in out):
        out.append(sandbox_placeholder().to_dict())
    return out


class SettingsStore:
    """The settings of one profile folder. Thread-safe: the GUI edits, a job saves.

    ``first_start`` is true when no settings file existed (the window then selects the sandbox).
    A file that cannot be read is moved aside as ``settings.json.broken-<timestamp>`` and the
    defaults are used; values of the wrong type are replaced by their defaults one by one, and a
    copy of the file as it was is kept beside it. :attr:`notices` says what was set aside and
    where (the window shows it). Temporary files left by a save that was killed are removed.

    Two windows (or the command line) on one profile: each save happens under a lock file and
    merges with what is on disk, so one window's save never drops another's new environment.
    """

    def __init__(self, profile_dir: Path) -> None:
        self.profile_dir = Path(profile_dir)
        self.path = self.profile_dir / FILE_NAME
        self._lock_path = self.profile_dir / LOCK_NAME
        self._lock = threading.RLock()
        self.first_start = False
        self.load_problem = ""
        self.notices: list[Text] = []
        self._disk_text: str | None = None  # the file as last read or written by this process
        self._touched: set[str] = set()  # environments this process added or edited
        self._removed: set[str] = set()  # and those it deleted
        self._remove_stale_temp_files()
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

    def _remove_stale_temp_files(self) -> None:
        """Saves killed mid-write leave ``.settings-*.tmp``; a running save holds the lock."""
        if not self.profile_dir.is_dir():
            return
        try:
            with locked(self._lock_path):
                for tmp in self.profile_dir.glob(".settings-*.tmp"):
                    with contextlib.suppress(OSError):
                        tmp.unlink()
        except OSError as exc:
            log.warning("temporary files not cleaned: %s", exc)

    def _set_aside_whole(self, why: Text) -> dict[str, Any]:
        log.warning("settings unreadable, using defaults: %s", why.en)
        self.load_problem = f"{self.path}: {why.en}"
        try:
            target = set_aside(self.path)
        except OSError as exc:
            failed = os_reason(exc)
            self.notices.append(
                Text(
                    f"The settings file {self.path} could not be read ({why.en}) nor kept aside "
                    f"({failed.en}); the default environments are used.",
                    f"无法读取设置文件 {self.path}（{why.zh}），也无法另存（{failed.zh}）；"
                    f"已使用默认环境。",
                )
            )
        else:
            self.notices.append(
                Text(
                    f"The settings file could not be read ({why.en}). It was kept as {target} and "
                    f"the default environments are used.",
                    f"无法读取设置文件（{why.zh}）。原文件已另存为 {target}，现使用默认环境。",
                )
            )
        self.first_start = True
        return self._defaults()

    def _load(self) -> dict[str, Any]:
        if not self.path.exists():
            self.first_start = True
            return self._defaults()
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as exc:  # a folder, no permission
            return self._set_aside_whole(os_reason(exc))
        except ValueError:
            return self._set_aside_whole(Text("it is not UTF-8 text", "它不是 UTF-8 文本"))
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            phrase = json_error_phrase(exc.msg)
            return self._set_aside_whole(
                Text(
                    f"not valid JSON: line {exc.lineno}, column {exc.colno}: {phrase.en}",
                    f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{phrase.zh}",
                )
            )
        except RecursionError:
            return self._set_aside_whole(Text("it is nested too deeply", "嵌套层数过多"))
        if not isinstance(raw, dict):
            return self._set_aside_whole(Text("it is not a JSON object", "它不是 JSON 对象"))
        defaults = self._defaults()
        data = upgrade(raw)
        problems = check_settings(data, defaults)
        self._disk_text = text
        if problems:
            self._keep_copy(text, problems)
        for key, value in defaults.items():
            data.setdefault(key, value)
        data["environments"] = [_scrub(e) for e in data["environments"]]
        if not any(e.get("kind") == KIND_SANDBOX for e in data["environments"]):
            data["environments"].append(sandbox_placeholder().to_dict())
        return data

    def _keep_copy(self, text: str, problems: list[Problem]) -> None:
        """Values were replaced: keep the file as it was (never over an earlier copy)."""
        for p in problems:
            log.warning("settings: %s", p.text.en)
        self.load_problem = f"{self.path}: " + "; ".join(p.text.en for p in problems)
        listed_en = "; ".join(p.text.en for p in problems[:5])
        listed_zh = "；".join(p.text.zh for p in problems[:5])
        more = len(problems) - 5
        if more > 0:
            listed_en += f"; and {more} more"
            listed_zh += f"；另有 {more} 项"
        try:
            target = copy_aside(self.path, text)
        except OSError as exc:
            failed = os_reason(exc)
            where_en = f"No copy could be kept ({failed.en})"
            where_zh = f"无法保存副本（{failed.zh}）"
        else:
            where_en = f"The file as it was is kept as {target}"
            where_zh = f"原文件已另存为 {target}"
        self.notices.append(
            Text(
                f"Some settings could not be used: {listed_en}. {where_en}.",
                f"部分设置无法使用：{listed_zh}。{where_zh}。",
            )
        )

    def snapshot_json(self) -> str:
        """The file's text as it would be written now (taken on the GUI thread, cheap)."""
        with self._lock:
            data = copy.deepcopy(self._data)
        data["environments"] = [_scrub(e) for e in data["environments"]]
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)

    def save(self, text: str | None = None) -> None:
        """Write atomically: a temp file in the same folder, fsync, then ``os.replace``.

        A crash mid-write leaves the previous file intact, never half a file. Under the lock
        file, what another process saved since is merged in first (:func:`merge_environments`).
        """
        payload = self.snapshot_json() if text is None else text
        self.profile_dir.mkdir(parents=True, exist_ok=True)
        with locked(self._lock_path):
            payload = self._merge_with_disk(payload)
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
            self._disk_text = payload
        self.first_start = False

    def _merge_with_disk(self, payload: str) -> str:
        """``payload`` with another process's changes on disk merged in (and into memory)."""
        try:
            disk = self.path.read_text(encoding="utf-8")
            theirs = json.loads(disk)
        except (OSError, ValueError, RecursionError):
            return payload  # nothing there, or nothing usable: ours is all there is
        if disk == self._disk_text or not isinstance(theirs, dict):
            return payload
        their_envs = theirs.get("environments")
        if not isinstance(their_envs, list):
            return payload
        ours = json.loads(payload)
        with self._lock:
            touched, removed = set(self._touched), set(self._removed)
            ours["environments"] = merge_environments(
                their_envs, ours["environments"], touched, removed
            )
            self._data["environments"] = merge_environments(
                their_envs, self._data["environments"], touched, removed
            )
        log.info("settings merged with another window's save")
        return json.dumps(ours, ensure_ascii=False, indent=2, sort_keys=True)

    # ----------------------------------------------------------------- environments
    def environments(self) -> list[EnvironmentConfig]:
        with self._lock:
            return [EnvironmentConfig.from_dict(e) for e in self._data["environments"]]

    def environment(self, name: str) -> EnvironmentConfig | None:
        # only the one asked for is built (the window asks for one many times a second)
        with self._lock:
            found = next((e for e in self._data["environments"] if e.get("name") == name), None)
        return EnvironmentConfig.from_dict(found) if found is not None else None

    def put_environment(self, env: EnvironmentConfig) -> None:
        """Add ``env`` or replace the one with its name, keeping the list's order."""
        with self._lock:
            envs = self._data["environments"]
            data = _scrub(env.to_dict())
            self._touched.add(env.name)
            self._removed.discard(env.name)
            for i, existing in enumerate(envs):
                if existing.get("name") == env.name:
                    envs[i] = data
                    return
            envs.append(data)

    def remove_environment(self, name: str) -> None:
        with self._lock:
            self._removed.add(name)
            self._touched.discard(name)
            self._data["environments"] = [
                e for e in self._data["environments"] if e.get("name") != name
            ]
            if self._data.get("active") == name:
                self._data["active"] = SANDBOX_ENV_NAME

    def rename_environment(self, old: str, new: str) -> None:
        with self._lock:
            self._removed.add(old)
            self._touched.discard(old)
            self._touched.add(new)
            self._removed.discard(new)
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
