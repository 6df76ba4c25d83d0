"""The callback listener's plumbing for its view: the thread bridge, the clock, start, history.

Why apart from :mod:`workbench.ui.callbacks.receiver_view`: none of this lays out widgets;
it connects the receiver's server threads and the history store to the GUI thread's view.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from workbench.core.credentials import Clock

_HISTORY_BODY = 256 * 1024  # a received body over this is cut in history


STATE_KEY = "callbacks/listener"


@dataclass(frozen=True)
class ListenerSettings:
    """What the listener form remembers between runs (no key password: that is a secret)."""

    host: str = "127.0.0.1"
    port: int = 8765
    path: str = "/callback"
    https: bool = False
    cert: str = ""
    key: str = ""
    limit_kb: int = 1024

    @classmethod
    def load(cls, services: Any) -> ListenerSettings:
        """The saved settings; a missing or mistyped value falls back to its default."""
        s = services.ui_state(STATE_KEY, {})
        s = s if isinstance(s, dict) else {}
        return cls(
            host=str(s.get("host", cls.host)),
            port=int(s["port"]) if str(s.get("port", "")).isdigit() else cls.port,
            path=str(s.get("path", cls.path)),
            https=bool(s.get("https")),
            cert=str(s.get("cert", "")),
            key=str(s.get("key", "")),
            limit_kb=int(s["limit_kb"]) if str(s.get("limit_kb", "")).isdigit() else cls.limit_kb,
        )

    def save(self, services: Any) -> None:
        services.set_ui_state(STATE_KEY, asdict(self))


class EventBridge(QObject):
    """Carries receiver events from the server's threads to the GUI thread (queued signal)."""

    received = Signal(object)


class ServicesClock:
    """The clock of the active environment (the sandbox's, moved forward, when on the sandbox)."""

    def __init__(self, services: Any) -> None:
        self._services = services

    def now_ms(self) -> int:
        clock: Clock = getattr(self._services, "credential_clock", lambda: self._services.clock)()
        return clock.now_ms()


def start_receiver(receiver: Any) -> str:
    """Job: bind and serve; a ReceiverError becomes a ClientError carrying its sentence."""
    from workbench.client.errors import CONFIG, ClientError
    from workbench.receiver.server import ReceiverError

    try:
        return str(receiver.start())
    except ReceiverError as exc:
        raise ClientError(CONFIG, exc.text, detail=exc.detail) from None


def received_history(event: Any) -> tuple[str, None, dict[str, Any]]:
    """Title, record (none) and extra of a received callback's history entry (body cut short)."""
    verdict = event.verdict
    body = event.body_text()
    extra = {
        "method": event.method,
        "path": event.path,
        "remote": event.remote,
        "headers": dict(event.headers),
        "body_size": event.body_size,
        "body": body if len(body) <= _HISTORY_BODY else body[:_HISTORY_BODY] + "\n…",
        "verdict": verdict.status if verdict else "refused",
        "reasons": [r.text.en for r in verdict.reasons]
        if verdict
        else [event.problem.en]
        if event.problem
        else [],
        "answer": {
            "status": event.answer.status,
            "code": event.answer.code,
            "mode": event.answer.mode,
            "body": event.answer.body.decode("utf-8", "replace"),
        },
    }
    title = f"{event.trans_name or event.method} {event.seq_no} → {event.answer.code}".strip()
    return title, None, extra
