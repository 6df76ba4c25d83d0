"""Every path that would fetch a token or ticket for a bank environment shows the kick-out
warning first (PROTOCOL P3); "Cancel" fetches nothing, read from the sandbox's own request log.

The bank environment is a copy of the sandbox's settings that is not marked as the sandbox, so a
fetch there is a real request to the (shared) sandbox.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from workbench.core.credentials import KIND_SIGN_TICKET
from workbench.core.environment import KIND_CUSTOM
from workbench.qt.workers import QUEUE_TRANSFERS
from workbench.ui.token_dialogs import KickOutWarning

FETCH_PATHS = ("/api/oauth2/access_token", "/api/oauth2/api_ticket")
BANK = "Bank via sandbox"


def _fetches(sandbox: Any) -> int:
    return sum(1 for entry in sandbox.log() if entry.path in FETCH_PATHS)


@pytest.fixture
def bank(window: Any) -> Any:
    services = window.services
    live = services.active_environment()
    secrets = services.secrets_for(live.name)
    live = live._replace(name=BANK, kind=KIND_CUSTOM)
    services.add_environment(live, secrets)
    services.set_active_environment(BANK)
    return window


class Warnings:
    """Answers each kick-out warning that opens with one button, and counts them."""

    def __init__(self, button: str) -> None:
        self.button = button
        self.seen: list[str] = []
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _poll(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, KickOutWarning) and box.isVisible():
            self.seen.append(box.text())
            getattr(box, f"{self.button}_button").click()

    def stop(self) -> None:
        self._timer.stop()


@pytest.fixture
def answer() -> Any:
    made: list[Warnings] = []

    def make(button: str) -> Warnings:
        made.append(Warnings(button))
        return made[-1]

    yield make
    for w in made:
        w.stop()


def test_send_in_the_composer_asks_and_cancel_sends_and_fetches_nothing(
    qtbot: Any, bank: Any, shared_sandbox: Any, answer: Callable[[str], Warnings]
) -> None:
    tab = bank.composer_tab
    tab.editor.path.setText("sandbox/echo")
    warnings = answer("cancel")
    before, calls = _fetches(shared_sandbox), len(shared_sandbox.log())
    tab.send_action.trigger()
    assert len(warnings.seen) == 1 and BANK in warnings.seen[0]
    assert "Not sent" in tab.status.text()
    assert not tab.is_sending()
    assert _fetches(shared_sandbox) == before
    assert len(shared_sandbox.log()) == calls  # not even the call left


def test_send_after_fetch_anyway_fetches_then_sends(
    qtbot: Any, bank: Any, shared_sandbox: Any, answer: Callable[[str], Warnings]
) -> None:
    tab = bank.composer_tab
    tab.editor.path.setText("sandbox/echo")
    warnings = answer("fetch")
    before = _fetches(shared_sandbox)
    tab.send_action.trigger()
    qtbot.waitUntil(lambda: not tab.is_sending(), timeout=20000)
    assert len(warnings.seen) == 1
    assert _fetches(shared_sandbox) == before + 2  # token, then the sign ticket
    assert tab.response.shown is not None
    assert bank.services.book().usable(KIND_SIGN_TICKET) is not None


def test_the_composer_s_fetch_button_asks_with_the_same_warning(
    qtbot: Any, bank: Any, shared_sandbox: Any, answer: Callable[[str], Warnings]
) -> None:
    tab = bank.composer_tab
    warnings = answer("cancel")
    before = _fetches(shared_sandbox)
    tab.fetch_ticket()
    assert len(warnings.seen) == 1
    assert not tab.is_fetching()
    assert _fetches(shared_sandbox) == before


def _png(path: Path) -> Path:
    image = QImage(32, 32, QImage.Format.Format_RGB32)
    image.fill(QColor(30, 120, 200))
    assert image.save(str(path), "PNG")
    return path


def test_a_file_upload_asks_and_cancel_fetches_nothing(
    qtbot: Any,
    bank: Any,
    shared_sandbox: Any,
    answer: Callable[[str], Warnings],
    tmp_path: Path,
) -> None:
    panel = bank.files_tab.upload
    bank.files_tab.pages.setCurrentWidget(panel)
    panel.picker.add_paths([str(_png(tmp_path / "a.png"))])
    qtbot.waitUntil(lambda: bool(panel.picker.ready_paths()), timeout=10000)
    warnings = answer("cancel")
    before, calls = _fetches(shared_sandbox), len(shared_sandbox.log())
    panel.start_upload()
    assert len(warnings.seen) == 1
    assert panel.handle is None
    assert "Not sent" in panel.status.text()
    assert _fetches(shared_sandbox) == before
    assert len(shared_sandbox.log()) == calls


def test_a_file_download_asks_and_cancel_fetches_nothing(
    qtbot: Any,
    bank: Any,
    shared_sandbox: Any,
    answer: Callable[[str], Warnings],
    tmp_path: Path,
) -> None:
    panel = bank.files_tab.download
    bank.files_tab.pages.setCurrentWidget(panel)
    panel.file_id.setText("some-file-id")
    panel.hash_value.setText("0" * 32)
    panel.dest.setText(str(tmp_path / "out.jpg"))
    warnings = answer("cancel")
    before = _fetches(shared_sandbox)
    panel.start_download()
    assert len(warnings.seen) == 1
    assert panel.handle is None
    assert _fetches(shared_sandbox) == before
    assert not (tmp_path / "out.jpg").exists()


def test_check_connection_with_a_token_asks_and_cancel_checks_nothing(
    qtbot: Any, bank: Any, shared_sandbox: Any, answer: Callable[[str], Warnings]
) -> None:
    tab = bank.env_tab
    tab.show_environment(BANK)
    tab.check_token.setChecked(True)
    warnings = answer("cancel")
    before = _fetches(shared_sandbox)
    qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    assert len(warnings.seen) == 1
    assert tab.check_summary.text() == "Not checked: no token was fetched."
    assert tab.check_button.isEnabled()
    assert _fetches(shared_sandbox) == before


def test_the_tokens_tab_asks_and_cancel_fetches_nothing(
    qtbot: Any, bank: Any, shared_sandbox: Any, answer: Callable[[str], Warnings]
) -> None:
    warnings = answer("cancel")
    before = _fetches(shared_sandbox)
    qtbot.mouseClick(bank.tokens_tab.refresh_all_button, Qt.MouseButton.LeftButton)
    assert len(warnings.seen) == 1
    assert not bank.services.refresher.busy
    assert _fetches(shared_sandbox) == before


def test_the_sandbox_is_never_asked_about(
    qtbot: Any, window: Any, answer: Callable[[str], Warnings]
) -> None:
    warnings = answer("cancel")
    tab = window.composer_tab
    tab.editor.path.setText("sandbox/echo")
    tab.send_action.trigger()
    qtbot.waitUntil(lambda: not tab.is_sending(), timeout=20000)
    assert warnings.seen == []
    assert window.services.book().usable(KIND_SIGN_TICKET) is not None


def test_a_queued_upload_keeps_the_environment_it_was_allowed_for(
    qtbot: Any, window: Any, shared_sandbox: Any, answer: Callable[[str], Warnings], tmp_path: Path
) -> None:
    """An upload queued behind two running transfers on the sandbox (no question: PROTOCOL P3)
    still goes to the sandbox when the user switches to a bank environment before it starts:
    its client, with the sandbox's permit to fetch, is not taken for the bank environment."""
    services = window.services
    sandbox_name = services.active_environment().name
    assert services.active_environment().is_sandbox
    live = services.active_environment()
    secrets = services.secrets_for(live.name)
    live = live._replace(name=BANK, kind=KIND_CUSTOM)
    services.add_environment(live, secrets)
    gate = threading.Event()
    for _ in range(2):  # the transfers queue runs two at a time: the upload waits its turn
        services.runner.submit("busy", lambda job: gate.wait(10), queue=QUEUE_TRANSFERS)
    panel = window.files_tab.upload
    window.files_tab.pages.setCurrentWidget(panel)
    panel.picker.add_paths([str(_png(tmp_path / "a.png"))])
    qtbot.waitUntil(lambda: bool(panel.picker.ready_paths()), timeout=10000)
    warnings = answer("cancel")
    panel.start_upload()
    assert panel.handle is not None
    services.set_active_environment(BANK)
    gate.set()
    qtbot.waitUntil(lambda: panel.handle is None, timeout=20000)
    assert warnings.seen == []
    assert services.book_for(BANK).usable(KIND_SIGN_TICKET) is None  # nothing fetched for it
    assert services.book_for(sandbox_name).usable(KIND_SIGN_TICKET) is not None
    assert "Uploaded" in panel.status.text(), panel.status.text()
