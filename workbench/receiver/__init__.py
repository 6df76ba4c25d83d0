"""The local callback listener (PROTOCOL P7): receives the bank's callbacks, verifies them with
the salt, answers with a signed envelope, and replays received callbacks to another server.

Importing this package is cheap on purpose: the server (werkzeug, ~140 ms) loads only when one
of its names is first used (PEP 562 ``__getattr__``), so the window can import
:mod:`workbench.receiver.answers` for the rules table without paying for the HTTP server.
Replay lives in :mod:`workbench.receiver.replay` (it needs requests; import it where used).
No Qt here: the window marshals :class:`ReceivedCallback` events to its own thread.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.receiver.answers import (
        MODE_BAD_SIGNATURE,
        MODE_EMPTY,
        MODE_GARBLED,
        MODE_SIGNED,
        MODE_UNSIGNED,
        MODES,
        AnswerRule,
        RuleBook,
    )
    from workbench.receiver.server import (
        DEFAULT_MAX_BODY,
        CallbackReceiver,
        ReceivedCallback,
        ReceiverConfig,
        ReceiverError,
    )

_ANSWERS = (
    "MODES",
    "MODE_BAD_SIGNATURE",
    "MODE_EMPTY",
    "MODE_GARBLED",
    "MODE_SIGNED",
    "MODE_UNSIGNED",
    "AnswerRule",
    "RuleBook",
)
_SERVER = (
    "DEFAULT_MAX_BODY",
    "CallbackReceiver",
    "ReceivedCallback",
    "ReceiverConfig",
    "ReceiverError",
)

__all__ = [
    "DEFAULT_MAX_BODY",
    "MODES",
    "MODE_BAD_SIGNATURE",
    "MODE_EMPTY",
    "MODE_GARBLED",
    "MODE_SIGNED",
    "MODE_UNSIGNED",
    "AnswerRule",
    "CallbackReceiver",
    "ReceivedCallback",
    "ReceiverConfig",
    "ReceiverError",
    "RuleBook",
]


def __getattr__(name: str) -> Any:
    """Load the module that defines ``name`` on first use (keeps werkzeug out of startup)."""
    if name in _ANSWERS:
        module = "workbench.receiver.answers"
    elif name in _SERVER:
        module = "workbench.receiver.server"
    else:
        raise AttributeError(f"module 'workbench.receiver' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
