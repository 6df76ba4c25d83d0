"""Every piece of remembered window state, declared once: its name, its type and its default.

The values live in the settings file's ``ui_state`` section (plain JSON, never a secret). A
widget reads ``services.state(KEY)`` and gets a value of the declared type: a missing value, or
one of another type (a hand-edited or older settings file), reads as the default.
"""

from __future__ import annotations

import copy
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")

REGISTRY: dict[str, StateKey[Any]] = {}


class StateKey(Generic[T]):
    """One remembered value: ``name`` in the settings, ``kind`` its JSON type, ``default``.

    A plain class, not a dataclass: this module is loaded before the window is shown, and the
    dataclass machinery costs start-up time (see ``workbench.core.environment``)."""

    __slots__ = ("name", "kind", "default", "__orig_class__")

    def __init__(self, name: str, kind: type | tuple[type, ...], default: T) -> None:
        if name in REGISTRY:
            raise ValueError(f"window state {name!r} is declared twice")
        self.name, self.kind, self.default = name, kind, default
        REGISTRY[name] = self

    def __repr__(self) -> str:
        return f"StateKey({self.name!r}, {self.kind!r}, {self.default!r})"

    def read(self, raw: object) -> T:
        """``raw`` when it has the declared type (a bool is no int here), else the default."""
        kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        if isinstance(raw, bool) and bool not in kinds:
            return copy.deepcopy(self.default)
        if isinstance(raw, kinds):
            return cast(T, raw)
        return copy.deepcopy(self.default)


# the window
WINDOW_GEOMETRY = StateKey[str]("window/geometry", str, "")  # QMainWindow.saveGeometry, base64
WINDOW_TAB = StateKey[int]("window/tab", int, 0)
GUIDE_DONE = StateKey[bool]("guide_done", bool, False)  # the walkthrough was finished or closed
ENV_SPLITTER = StateKey[list[int]]("env_tab/splitter", list, [])

# the Composer
COMPOSER_DRAFT = StateKey[dict[str, Any]]("composer.draft", dict, {})  # path, type, nonce, body
COMPOSER_SPLIT_H = StateKey[list[int]]("composer.split_h", list, [])
COMPOSER_SPLIT_V = StateKey[list[int]]("composer.split_v", list, [])
COMPOSER_EXPORT_FORMAT = StateKey[str]("composer.export_format", str, "curl")

# Files
FILES_PAGE = StateKey[int]("files.page", int, 0)  # upload, upload with notice, download
FILES_SPLITTER = StateKey[list[int]]("files.splitter", list, [])
FILES_LAST_DIR = StateKey[str]("files.last_dir", str, "")
FILES_DOWNLOAD_DIR = StateKey[str]("files.download_dir", str, "")
FILES_FILE_TYPE = StateKey[str]("files.file_type", str, "999")
FILES_TYPE_IN_SIGN = StateKey[bool]("files.type_in_sign", bool, True)
FILES_NOTICE_MODE = StateKey[str]("files.notice_mode", str, "form")

# Callbacks
CALLBACKS_PAGE = StateKey[int]("callbacks/page", int, 0)  # verifier, responder, listener
CALLBACKS_VERIFIER_SPLIT = StateKey[list[int]]("callbacks/verifier_split", list, [])
CALLBACKS_RESPONDER_KIND = StateKey[str]("callbacks/responder_kind", str, "response")
CALLBACKS_SALT_SOURCE = StateKey[str]("callbacks/salt_source", str, "env")
CALLBACKS_WINDOW_MIN = StateKey[int]("callbacks/window_min", int, 5)
# the zone of a log's times written without one: "" this computer's, else "UTC" or "+08:00"
CALLBACKS_LOG_ZONE = StateKey[str]("callbacks/log_zone", str, "")
CALLBACKS_RULES = StateKey[list[Any]]("callbacks/rules", list, [])
CALLBACKS_SENDER = StateKey[dict[str, Any]]("callbacks/sender", dict, {})
CALLBACKS_LISTENER = StateKey[dict[str, Any]]("callbacks/listener", dict, {})
# Test my endpoint: the partner's URL and transName (no secret: the salt stays in the salt box)
CALLBACKS_ENDPOINT = StateKey[dict[str, Any]]("callbacks/endpoint", dict, {})


def state_key(name: str) -> StateKey[Any]:
    """The declared key called ``name`` (KeyError for a name nobody declared)."""
    return REGISTRY[name]
