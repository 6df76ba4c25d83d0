"""The callback listener's lifecycle, the callbacks it received, and replaying one.

:class:`CallbackListener` owns the local HTTP(S) receiver (:mod:`workbench.receiver.server`):
starting it (binding, reading the certificate) and stopping it run in jobs; each callback it
answers arrives on one of its server threads and is carried to the GUI thread by a queued signal,
appended to :attr:`CallbackListener.events` (a Qt model, capped: the oldest go first) and stored
in the history. Widgets show the model and forward the user's intent; no widget owns a server.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from workbench.core.credentials import Clock
from workbench.core.environment import CA_BUNDLE, TlsConfig
from workbench.qt.errors import CONFIG, ClientError
from workbench.qt.history import KIND_CALLBACK_IN
from workbench.qt.window_state import CALLBACKS_LISTENER, StateKey
from workbench.receiver.answers import MAX_DELAY_MS, MODES, AnswerRule

T = TypeVar("T")

if TYPE_CHECKING:
    from workbench.client.models import ExchangeRecord
    from workbench.qt.workers import TaskHandle, TaskRunner
    from workbench.receiver.replay import ReplayResult
    from workbench.receiver.server import CallbackReceiver, ReceivedCallback

MAX_EVENTS = 1000  # callbacks kept on screen; the history keeps every one
_HISTORY_BODY = 256 * 1024  # a received body over this is cut in history


def replay_ca(tls: TlsConfig) -> bool | str:
    """What a replay trusts, as the client does: nothing checked when the environment turned the
    check off, its chosen CA bundle, or the system's CAs."""
    if not tls.verify:
        return False
    return tls.ca_path if tls.ca_mode == CA_BUNDLE and tls.ca_path else True


class ListenerServices(Protocol):
    """What the listener needs of the window's services (ListenerServices has it)."""

    @property
    def runner(self) -> TaskRunner: ...

    def state(self, key: StateKey[T]) -> T: ...

    def set_state(self, key: StateKey[T], value: T) -> None: ...

    @property
    def clock(self) -> Clock: ...

    def add_history(
        self,
        kind: str,
        title: str,
        record: ExchangeRecord | None,
        extra: dict[str, Any] | None = None,
    ) -> None: ...


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
    def load(cls, services: ListenerServices) -> ListenerSettings:
        """The saved settings; a missing or mistyped value falls back to its default."""
        s = services.state(CALLBACKS_LISTENER)
        return cls(
            host=str(s.get("host", cls.host)),
            port=int(s["port"]) if str(s.get("port", "")).isdigit() else cls.port,
            path=str(s.get("path", cls.path)),
            https=bool(s.get("https")),
            cert=str(s.get("cert", "")),
            key=str(s.get("key", "")),
            limit_kb=int(s["limit_kb"]) if str(s.get("limit_kb", "")).isdigit() else cls.limit_kb,
        )

    def save(self, services: ListenerServices) -> None:
        services.set_state(CALLBACKS_LISTENER, asdict(self))


class EventsModel(QAbstractListModel):
    """The received callbacks, oldest first, at most ``cap`` of them."""

    def __init__(self, cap: int = MAX_EVENTS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cap = cap
        self._events: list[ReceivedCallback] = []

    def rowCount(  # Qt's name
        self, parent: QModelIndex | QPersistentModelIndex | None = None
    ) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._events)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._events):
            return None
        event = self._events[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{event.trans_name or event.method} {event.seq_no}".strip()
        if role == Qt.ItemDataRole.UserRole:
            return event
        return None

    def append(self, event: ReceivedCallback) -> None:
        if len(self._events) >= self.cap:
            drop = len(self._events) - self.cap + 1
            self.beginRemoveRows(QModelIndex(), 0, drop - 1)
            del self._events[:drop]
            self.endRemoveRows()
        row = len(self._events)
        self.beginInsertRows(QModelIndex(), row, row)
        self._events.append(event)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._events.clear()
        self.endResetModel()

    def event_at(self, row: int) -> ReceivedCallback | None:
        return self._events[row] if 0 <= row < len(self._events) else None

    def events(self) -> list[ReceivedCallback]:
        return list(self._events)


class _ServicesClock:
    """This computer's clock (the window's own): callbacks are judged on it, and the sandbox
    stamps its own with the bank's time, never with its moved-forward clock (that clock is for
    tokens and tickets; a partner's server judges a callback on its real clock)."""

    def __init__(self, services: ListenerServices) -> None:
        self._services = services

    def now_ms(self) -> int:
        return self._services.clock.now_ms()


def _start(receiver: CallbackReceiver) -> str:
    """Job: bind and serve; a ReceiverError becomes a ClientError carrying its sentence."""
    from workbench.receiver.server import ReceiverError

    try:
        return str(receiver.start())
    except ReceiverError as exc:
        raise ClientError(CONFIG, exc.text, detail=exc.detail) from None


def received_history(event: ReceivedCallback) -> tuple[str, None, dict[str, Any]]:
    """Title, record (none) and extra of a received callback's history entry (body cut short)."""
    verdict = event.verdict
    body = event.body_text()
    if verdict is not None:
        reasons = [r.text.en for r in verdict.reasons]
    else:
        reasons = [event.problem.en] if event.problem else []
    extra = {
        "method": event.method,
        "path": event.path,
        "remote": event.remote,
        "headers": dict(event.headers),
        "body_size": event.body_size,
        "body": body if len(body) <= _HISTORY_BODY else body[:_HISTORY_BODY] + "\n…",
        "verdict": verdict.status if verdict else "refused",
        "reasons": reasons,
        "answer": {
            "status": event.answer.status,
            "code": event.answer.code,
            "mode": event.answer.mode,
            "body": event.answer.body.decode("utf-8", "replace"),
        },
    }
    title = f"{event.trans_name or event.method} {event.seq_no} → {event.answer.code}".strip()
    return title, None, extra


class CallbackListener(QObject):
    """Start, stop and watch the local callback receiver (one per window).

    Signals:
        started(str): listening on that URL.
        start_failed(object): the ClientError that kept it from starting.
        stopped(): the port is free again.
        busy_changed(bool): a start or stop job began (True) or ended (False).
        received(object): a ReceivedCallback, on the GUI thread (already in :attr:`events`).
    """

    started = Signal(str)
    start_failed = Signal(object)
    stopped = Signal()
    busy_changed = Signal(bool)
    received = Signal(object)
    _arrived = Signal(object)  # from the receiver's threads (queued to the GUI thread)

    def __init__(self, services: ListenerServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._receiver: CallbackReceiver | None = None
        self._busy = False
        self.events = EventsModel(MAX_EVENTS, self)
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)

    # ----------------------------------------------------------------- state
    @property
    def running(self) -> bool:
        return self._receiver is not None and self._receiver.running

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def url(self) -> str:
        return self._receiver.url if self._receiver is not None and self.running else ""

    @property
    def https(self) -> bool:
        return self._receiver is not None and self.running and self._receiver.config.https

    # ----------------------------------------------------------------- start and stop
    def start(
        self,
        settings: ListenerSettings,
        *,
        key_password: str,
        salt: str,
        window_s: int,
        rules: Iterable[AnswerRule],
    ) -> bool:
        """Bind and serve in a job (False when already running or busy). Remembers ``settings``."""
        if self._busy or self.running:
            return False
        from workbench.receiver.server import CallbackReceiver, ReceiverConfig

        settings.save(self._services)
        config = ReceiverConfig(
            host=settings.host,
            port=settings.port,
            path=settings.path,
            cert_path=settings.cert if settings.https else "",
            key_path=settings.key if settings.https else "",
            key_password=key_password,
            max_body=settings.limit_kb * 1024,
        )
        receiver = CallbackReceiver(
            config,
            salt=salt,
            window_s=window_s,
            clock=_ServicesClock(self._services),
            on_event=self._arrived.emit,
        )
        receiver.rules.replace(list(rules))
        self._set_busy(True)
        self._services.runner.submit(
            "start callback listener",
            lambda _ctx: _start(receiver),
            on_result=lambda url: self._on_started(receiver, url),
            on_error=self.start_failed.emit,
            on_finished=lambda: self._set_busy(False),
        )
        return True

    def stop(self) -> bool:
        """Stop in a job (False when not running or busy)."""
        receiver = self._receiver
        if receiver is None or self._busy:
            return False
        self._set_busy(True)
        self._services.runner.submit(
            "stop callback listener", lambda _ctx: receiver.stop(), on_finished=self._on_stopped
        )
        return True

    def shutdown(self) -> None:
        """Stop at once (window closing): frees the port."""
        if self._receiver is not None:
            self._receiver.stop()
            self._receiver = None

    def set_salt(self, salt: str, window_s: int) -> None:
        if self._receiver is not None:
            self._receiver.set_salt(salt)
            self._receiver.set_window(window_s)

    def set_rules(self, rules: Iterable[AnswerRule]) -> None:
        if self._receiver is not None:
            self._receiver.rules.replace(list(rules))

    # ----------------------------------------------------------------- replay
    def replay(
        self,
        url: str,
        body: bytes,
        *,
        salt: str,
        window_s: int,
        now_ms: int,
        verify: bool | str,
        on_result: Any,
        on_error: Any,
        on_finished: Any = None,
        proxy: str = "",
    ) -> TaskHandle:
        """Send a received callback's exact body again to ``url`` (a job) and check the answer.
        ``verify`` and ``proxy`` follow the client's rules (see :func:`replay_ca`)."""

        def job(_ctx: object) -> ReplayResult:
            from workbench.receiver.replay import replay_callback

            return replay_callback(
                url,
                body,
                salt=salt,
                now_ms=now_ms,
                window_s=window_s,
                verify=verify,
                proxy=proxy,
            )

        return self._services.runner.submit(
            "replay callback", job, on_result=on_result, on_error=on_error, on_finished=on_finished
        )

    # ----------------------------------------------------------------- slots
    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_changed.emit(busy)

    def _on_started(self, receiver: CallbackReceiver, url: str) -> None:
        self._receiver = receiver
        self.started.emit(url)

    def _on_stopped(self) -> None:
        self._receiver = None
        self._set_busy(False)
        self.stopped.emit()

    def _on_arrived(self, event: ReceivedCallback) -> None:
        self.events.append(event)
        self._services.add_history(KIND_CALLBACK_IN, *received_history(event))
        self.received.emit(event)


__all__ = [
    "MAX_DELAY_MS",
    "MAX_EVENTS",
    "MODES",
    "AnswerRule",
    "CallbackListener",
    "EventsModel",
    "ListenerSettings",
    "received_history",
]
