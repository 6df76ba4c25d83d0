"""The window as a user meets it: first start, restart, language, secrets never on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keyring
from keyring.backends import fail
from PySide6.QtCore import Qt

from workbench.qt.services import make_services
from workbench.ui.main_window import MainWindow


def _all_bytes(folder: Path) -> list[tuple[Path, bytes]]:
    return [(p, p.read_bytes()) for p in folder.rglob("*") if p.is_file()]


def test_first_start_shows_the_sandbox_and_a_token_fetch_fills_the_board(
    qtbot: Any, own_sandbox_services: Any, show_window: Any
) -> None:
    services = own_sandbox_services
    win = show_window(services)
    assert win.env_combo.currentText() == "Local sandbox"
    assert "Sandbox: running" in win.sandbox_label.text()
    assert "mTLS (PEM)" in win.tls_label.text()
    assert win.tabs.tabText(1).replace("&&", "&") == "Tokens & tickets"  # && shows as &
    tab = win.tokens_tab
    win.tabs.setCurrentWidget(tab)
    assert tab.token_row.value.shown_text() == ""
    with qtbot.waitSignal(services.refresher.fetched, timeout=10000):
        qtbot.mouseClick(tab.fetch_token_button, Qt.MouseButton.LeftButton)
    token = services.book().snapshot().access_token
    assert token is not None
    assert tab.token_row.value.shown_text() == token.value[:4] + "…" + token.value[-4:]
    assert tab.token_row.countdown_text() == "1:00:00"
    assert "Received 1 credential" in tab.status.text()
    win.close()


def test_settings_survive_a_restart(
    qtbot: Any, qapp: Any, profile_dir: Path, clock: Any, shared_sandbox: Any, show_window: Any
) -> None:
    services = make_services(profile_dir, clock=clock, sandbox=shared_sandbox)
    win = show_window(services)
    win.env_combo.setCurrentIndex(win.env_combo.findData("G1"))
    win.tabs.setCurrentIndex(2)
    win.resize(win.width() - 37, win.height() - 23)
    qtbot.waitUntil(lambda: win.isVisible())
    qapp.processEvents()
    size = (win.width(), win.height())
    win.close()
    services.shutdown()

    again = make_services(profile_dir, clock=clock, sandbox=shared_sandbox)
    win2 = MainWindow(again)
    qtbot.addWidget(win2)
    assert again.active_environment().name == "G1"
    assert win2.env_combo.currentData() == "G1"
    assert win2.env_combo.currentText() == "G1 · test"
    assert win2.tabs.currentIndex() == 2
    win2.show()
    assert (win2.width(), win2.height()) == size
    win2.close()
    again.shutdown()


def test_language_switch_changes_visible_labels(qtbot: Any, window: Any) -> None:
    assert window.tabs.tabText(0) == "Environment"
    window.set_language("zh")
    try:
        qtbot.waitUntil(lambda: window.tabs.tabText(0) == "环境")
        assert window.tokens_tab.fetch_token_button.text() == "获取 access_token"
        assert window.lang_actions["zh"].isChecked()
        assert window.services.settings.language == "zh"
    finally:
        window.set_language("en")
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "Environment")


def test_no_secret_in_any_file_under_the_profile_after_a_session(
    qtbot: Any, window: Any, profile_dir: Path, wait_idle: Any
) -> None:
    services = window.services
    env_tab = window.env_tab
    env_tab.show_environment("F1")
    env_tab.form.secret.edit.setText("TopSecret-4711-xyz")
    env_tab.form.secret.edited.emit()
    env_tab.form.salt.edit.setText("Salty-0815-abc")
    env_tab.form.salt.edited.emit()
    env_tab.form.api_base.setText("https://f1.example.test")
    env_tab.form.api_base.textEdited.emit("https://f1.example.test")
    env_tab.commit_edits()
    services.set_active_environment("Local sandbox")
    with qtbot.waitSignal(services.refresher.fetched, timeout=10000):
        window.tokens_tab.request_fetch("all")
    wait_idle(services)
    assert services.secrets.get("F1", "secret") == "TopSecret-4711-xyz"
    window.close()
    services.save_now()
    files = _all_bytes(profile_dir)
    assert any(p.name == "settings.json" and b"f1.example.test" in data for p, data in files)
    for path, data in files:
        for secret in (b"TopSecret-4711-xyz", b"Salty-0815-abc"):
            assert secret not in data, f"{secret!r} found in {path}"


def test_without_a_keyring_secrets_are_session_only_and_never_written(
    qtbot: Any, qapp: Any, profile_dir: Path, clock: Any, shared_sandbox: Any, show_window: Any
) -> None:
    keyring.set_keyring(fail.Keyring())
    services = make_services(profile_dir, clock=clock, sandbox=shared_sandbox)
    win = show_window(services)
    notice = win.env_tab.secrets_notice
    qtbot.waitUntil(notice.isVisible)  # known once the startup job has looked at the keyring
    assert notice.text().startswith(
        "Secrets are kept for this session only: no keyring is "
        "available (no keyring service was found"
    )
    win.env_tab.show_environment("G1")
    win.env_tab.form.secret.edit.setText("OnlyInMemory-99")
    win.env_tab.form.secret.edited.emit()
    win.env_tab.commit_edits()
    qtbot.waitUntil(lambda: services.secrets.cached("G1").secret == "OnlyInMemory-99")
    win.close()
    services.shutdown()
    for path, data in _all_bytes(profile_dir):
        assert b"OnlyInMemory-99" not in data, path


def test_the_app_writes_no_secret_outside_the_sandbox_database(
    qtbot: Any, own_sandbox_services: Any, profile_dir: Path, show_window: Any
) -> None:
    """A first start on the built-in sandbox: after fetching and sending, the sandbox's app
    secret, salt and PKCS#12 password are found only in the sandbox's own folder (the local
    bank's database, `<profile>/sandbox/`), never in settings, history or anything else."""
    services = own_sandbox_services
    win = show_window(services)
    with qtbot.waitSignal(services.refresher.fetched, timeout=10000):
        win.tokens_tab.request_fetch("all")
    composer = win.composer_tab
    composer.send()
    qtbot.waitUntil(lambda: not composer.is_sending(), timeout=10000)
    services.runner.wait_idle(5000)
    win.close()
    services.save_now()
    info = services.sandbox().info
    assert info is not None
    secrets = [info.secret, info.salt, info.client_p12_password]
    assert all(len(s) >= 8 for s in secrets)
    sandbox_dir = profile_dir / "sandbox"
    assert sandbox_dir.is_dir()
    checked = 0
    for path, data in _all_bytes(profile_dir):
        if sandbox_dir in path.parents:
            continue
        checked += 1
        for secret in secrets:
            assert secret.encode() not in data, f"a sandbox secret is in {path}"
    assert checked >= 2  # settings and history at least
