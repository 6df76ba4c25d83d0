"""The local callback listener (PROTOCOL P7): receives the bank's callbacks, verifies them with
the salt, answers with a signed envelope, and replays received callbacks to another server.

Replay lives in :mod:`workbench.receiver.replay` (it needs requests; import it where used).
No Qt here: the window marshals :class:`ReceivedCallback` events to its own thread.
"""

from __future__ import annotations

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
