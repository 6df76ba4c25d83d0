"""The kick-out policy (PROTOCOL P3): nothing fetches a token or ticket for a bank environment
without asking first.

Tokens and tickets are global per app_id: a fetch from the workbench logs a partner server that
uses the same app_id out within 5 minutes. So every path that could fetch (Send in the Composer,
a file call, the automatic refresh, Check connection with "also fetch a token", the Tokens tab's
buttons) asks :class:`Credentials` first. It answers at once for the sandbox, and when the
credential the path needs is already in the book (fetched earlier or pasted); otherwise it asks
the window's question (the kick-out warning), which may end in a pasted value instead.

The question is a widget, so the window hands it in (:meth:`Credentials.set_dialogs`); until it
does, the answer is "cancel": a path never fetches because nobody could be asked.

The platform clients the window builds for a bank environment have ``auto_fetch`` off; a path
gets one that may fetch only from :meth:`Credentials.client` with a :class:`Permit` that says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from PySide6.QtCore import QObject, Signal

from workbench.core.credentials import KIND_ACCESS_TOKEN, KIND_SIGN_TICKET, KIND_USER_TICKET, Clock
from workbench.core.environment import EnvironmentConfig, EnvironmentSecrets

if TYPE_CHECKING:
    from workbench.client.book import CredentialBook
    from workbench.client.platform import PlatformClient
    from workbench.qt.workers import TaskHandle

CHOICE_FETCH = "fetch"
CHOICE_PASTE = "paste"
CHOICE_CANCEL = "cancel"

# the window's kick-out warning: (environment, kind about to be fetched) -> CHOICE_*
AskFn = Callable[[EnvironmentConfig, str], str]
# the window's paste dialog: kind -> True when a value was pasted into the active book
PasteFn = Callable[[str], bool]


class CredentialServices(Protocol):
    """What :class:`Credentials` needs of the window's services (AppServices has it)."""

    def active_environment(self) -> EnvironmentConfig: ...

    def environment(self, name: str) -> EnvironmentConfig | None: ...

    def secrets_for(self, name: str) -> EnvironmentSecrets: ...

    def book(self) -> CredentialBook: ...

    def book_for(self, name: str) -> CredentialBook: ...

    def client(self, *, auto_fetch: bool | None = None) -> PlatformClient: ...

    def credential_clock(self) -> Clock: ...

    @property
    def clock(self) -> Clock: ...

    def run_preflight(
        self,
        *,
        fetch_token: bool,
        on_step: Any,
        on_result: Any,
        on_error: Any,
        on_finished: Any = None,
        name: str | None = None,
    ) -> TaskHandle: ...


class Permit(NamedTuple):
    """What a path may do after asking: ``fetch`` True lets its client fetch by itself."""

    fetch: bool


class Credentials(QObject):
    """Asks before fetching and hands out clients accordingly (one per window).

    Signals:
        asked(str, str): the kick-out question was answered: (environment name, CHOICE_*).
    """

    asked = Signal(str, str)

    def __init__(self, services: CredentialServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._ask: AskFn | None = None
        self._paste: PasteFn | None = None
        self._asking = False
        self._paste_into: str | None = None  # the paste dialog's book, when not the active one

    def set_dialogs(self, ask: AskFn, paste: PasteFn) -> None:
        """The window's kick-out warning and paste dialog (both modal, on the GUI thread)."""
        self._ask, self._paste = ask, paste

    @property
    def asking(self) -> bool:
        """True while the question is on screen (a timer must not ask a second time)."""
        return self._asking

    def now_ms(self) -> int:
        """Now on the credential clock of the environment pasted into (a paste dialog's
        lifetimes): the active one's, or this computer's for another (a bank environment's,
        never the sandbox's moved clock)."""
        if self._paste_into is not None:
            return int(self._services.clock.now_ms())
        return int(self._services.credential_clock().now_ms())

    def put_pasted(self, kind: str, value: str, expire_in_s: int) -> None:
        """A token or ticket from elsewhere, used as it is and never refreshed here."""
        name = self._paste_into
        book = self._services.book_for(name) if name else self._services.book()
        book.paste(kind, value, expire_in_s)  # the book announces it

    # ----------------------------------------------------------------- the question
    def ask(self, kind: str = KIND_ACCESS_TOKEN, env: EnvironmentConfig | None = None) -> str:
        """The kick-out warning for ``env`` (default: the active environment); CHOICE_FETCH at
        once for the sandbox.

        Returns the raw choice: on CHOICE_PASTE the caller shows its own paste dialog.
        """
        env = env if env is not None else self._services.active_environment()
        if env.is_sandbox:
            return CHOICE_FETCH
        if not env.app_id or not self._services.secrets_for(env.name).secret:
            # nothing can be fetched, so nobody can be kicked out: the fetch itself says at
            # once what to fill in, instead of a warning about an app_id that is not there
            return CHOICE_FETCH
        if self._ask is None or self._asking:
            return CHOICE_CANCEL
        self._asking = True
        try:
            choice = self._ask(env, kind)
        finally:
            self._asking = False
        self.asked.emit(env.name, choice)
        return choice

    def paste(self, kind: str) -> bool:
        """The window's paste dialog for ``kind`` (False when there is none or it was closed)."""
        return self._paste is not None and self._paste(kind)

    def permit(self, kind: str = KIND_SIGN_TICKET) -> Permit | None:
        """Before a call signed with ``kind``: ``None`` when the user cancelled.

        No question when the sandbox is active or a usable ``kind`` is already in the book (a
        client without a permit to fetch then reports a refused ticket instead of replacing it).
        On "paste instead" the paste dialog follows; closing it cancels.
        """
        env = self._services.active_environment()
        if env.is_sandbox:
            return Permit(fetch=True)
        if kind == KIND_USER_TICKET:
            return Permit(fetch=False)  # never fetched by a call: it needs the user's data
        if self._services.book().usable(kind) is not None:
            return Permit(fetch=False)
        choice = self.ask(kind)
        if choice == CHOICE_FETCH:
            return Permit(fetch=True)
        if choice == CHOICE_PASTE and self.paste(kind):
            return Permit(fetch=False)
        return None

    def client(self, permit: Permit) -> PlatformClient:
        """The active environment's client; it fetches by itself only with ``permit.fetch``."""
        return self._services.client(auto_fetch=permit.fetch)

    # ----------------------------------------------------------------- check connection
    def check_connection(
        self,
        *,
        fetch_token: bool,
        on_step: Callable[[Any], None],
        on_result: Callable[[list[Any]], None],
        on_error: Callable[[Any], None],
        on_finished: Callable[[], None] | None = None,
        name: str | None = None,
    ) -> TaskHandle | None:
        """Preflight of environment ``name`` (default: the active one), which stays as active
        or inactive as it was; with ``fetch_token`` it asks first (bank only).

        ``None`` when the user cancelled the question. "Paste instead" shows the paste dialog
        for that environment's own book (it may not be the active one), then checks without
        fetching.
        """
        active = self._services.active_environment()
        env = self._services.environment(name) if name is not None else None
        env = env if env is not None else active
        if fetch_token and not env.is_sandbox:
            choice = self.ask(KIND_ACCESS_TOKEN, env)
            if choice == CHOICE_PASTE:
                self._paste_into = None if env.name == active.name else env.name
                try:
                    if not self.paste(KIND_ACCESS_TOKEN):
                        return None
                finally:
                    self._paste_into = None
                fetch_token = False
            elif choice != CHOICE_FETCH:
                return None
        return self._services.run_preflight(
            fetch_token=fetch_token,
            on_step=on_step,
            on_result=on_result,
            on_error=on_error,
            on_finished=on_finished,
            name=env.name,
        )


__all__ = [
    "CHOICE_CANCEL",
    "CHOICE_FETCH",
    "CHOICE_PASTE",
    "AskFn",
    "Credentials",
    "PasteFn",
    "Permit",
]
