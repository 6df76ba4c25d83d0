"""The Environment tab: the list, the form, saving, TLS warnings and the connection check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from workbench.ui.token_dialogs import KickOutWarning
from workbench.ui.widgets.common import ERROR_COLOUR


def _names(tab: Any) -> list[str]:
    return [tab.env_list.item(i).text() for i in range(tab.env_list.count())]


def test_lists_the_bank_environments_and_the_sandbox(window: Any) -> None:
    assert _names(window.env_tab) == [
        "F · dev",
        "F1 · test",
        "G1 · test",
        "Production",
        "Local sandbox",
    ]
    window.env_tab.show_environment("F")
    form = window.env_tab.form
    assert form.api_base.text() == "https://f-capapi-v2.test.webank.com"
    assert form.app_id.text() == "wbvyujjilf9ws6uxwp"  # the guide's test account (PROTOCOL P1)
    assert form.secret.edit.echoMode() == form.secret.edit.EchoMode.Password
    assert not window.env_tab.delete_button.isEnabled()  # the bank's entries stay


def test_add_rename_delete_a_custom_environment(qtbot: Any, window: Any, monkeypatch: Any) -> None:
    tab = window.env_tab
    answers = iter(["Staging", "Staging 2"])
    monkeypatch.setattr(tab, "ask_name", lambda *_a: next(answers))
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert "Staging" in _names(tab)
    assert window.env_combo.findText("Staging") >= 0
    tab.form.secret.edit.setText("s3cr3t")
    tab.form.secret.edited.emit()
    tab.commit_edits()
    qtbot.mouseClick(tab.rename_button, Qt.MouseButton.LeftButton)
    assert "Staging 2" in _names(tab) and "Staging" not in _names(tab)
    secrets = window.services.secrets
    # the new name has it at once (in memory); the old one loses it when the keyring job ran
    assert secrets.get("Staging 2", "secret") == "s3cr3t"
    qtbot.waitUntil(lambda: secrets.get("Staging", "secret") == "", timeout=5000)
    assert secrets.get("Staging 2", "secret") == "s3cr3t"
    tab.delete_environment("Staging 2")
    assert "Staging 2" not in _names(tab)
    assert window.env_combo.findText("Staging 2") == -1


def test_edits_are_saved_after_a_pause_and_announced(
    qtbot: Any, window: Any, profile_dir: Path
) -> None:
    services = window.services
    services.set_active_environment("F1")
    tab = window.env_tab
    tab.show_environment("F1")
    with qtbot.waitSignal(services.environment_changed, timeout=3000) as blocker:
        tab.form.app_id.setText("my-app-id")
        tab.form.app_id.textEdited.emit("my-app-id")
    assert blocker.args[0].app_id == "my-app-id"
    path = profile_dir / "settings.json"

    def saved() -> bool:
        if not path.exists():
            return False
        data = json.loads(path.read_text(encoding="utf-8"))
        return any(e["name"] == "F1" and e["app_id"] == "my-app-id" for e in data["environments"])

    qtbot.waitUntil(saved, timeout=5000)


def test_tls_verification_off_shows_a_red_warning_in_the_form_and_status_bar(
    qtbot: Any, window: Any
) -> None:
    services = window.services
    services.set_active_environment("G1")
    tab = window.env_tab
    tab.show_environment("G1")
    assert window.tls_warning.isHidden()
    tab.form.verify.setChecked(False)
    assert tab.form.verify_warning.isVisibleTo(tab)
    assert "TLS verification is OFF" in tab.form.verify_warning.text()
    tab.commit_edits()
    assert not window.tls_warning.isHidden()
    assert window.tls_warning.text() == "TLS verification OFF"
    for warning in (tab.form.verify_warning, window.tls_warning):  # red and bold once shown
        assert warning.font().bold()
        text_colour = warning.palette().color(QPalette.ColorRole.WindowText)
        assert text_colour.name() == ERROR_COLOUR
    tab.form.verify.setChecked(True)
    tab.commit_edits()
    assert window.tls_warning.isHidden()


def test_sandbox_environment_is_read_only_except_timeouts(qtbot: Any, window: Any) -> None:
    tab = window.env_tab
    tab.show_environment("Local sandbox")
    form = tab.form
    assert form.api_base.isReadOnly() and form.app_id.isReadOnly()
    assert form.secret.edit.isReadOnly() and not form.cert_mode.isEnabled()
    assert form.api_base.text().startswith("https://127.0.0.1:")
    assert not form.read_only_note.isHidden()
    form.read_timeout.setValue(12.5)
    tab.commit_edits()
    env = window.services.active_environment()
    assert env.read_timeout_s == 12.5
    assert env.api_base.startswith("https://127.0.0.1:")  # still the running sandbox's


def test_check_connection_lists_each_step(qtbot: Any, window: Any) -> None:
    tab = window.env_tab
    tab.show_environment("Local sandbox")
    qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.check_summary.state != tab.check_summary.PENDING, timeout=15000)
    texts = [line.text() for line in tab.check_steps]
    assert tab.check_summary.text() == "The connection works.", texts
    assert len(texts) >= 4
    assert all(line.mark.text() == "✓" for line in tab.check_steps)


def test_a_platform_error_is_explained(qtbot: Any, window: Any, monkeypatch: Any) -> None:
    """A copy of the sandbox with an unknown app_id: Fetch anyway, and 60851009 is explained."""
    tab = window.env_tab
    tab.show_environment("Local sandbox")
    monkeypatch.setattr(tab, "ask_name", lambda *_a: "Wrong app")
    qtbot.mouseClick(tab.duplicate_button, Qt.MouseButton.LeftButton)
    tab.form.app_id.setText("no-such-app")
    tab.form.app_id.textEdited.emit("no-such-app")
    tab.commit_edits()
    window.services.set_active_environment("Wrong app")
    tokens = window.tokens_tab

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, KickOutWarning):
            box.fetch_button.click()
        else:
            QTimer.singleShot(30, answer)

    QTimer.singleShot(30, answer)
    with qtbot.waitSignal(window.services.refresher.fetch_failed, timeout=10000):
        tokens.request_fetch("access_token")
    assert tokens.status.mark.text() == "✗"
    assert "60851009" in tokens.explanation.text()


def test_changing_the_secret_forgets_the_tokens_made_from_it(qtbot: Any, window: Any) -> None:
    services = window.services
    services.set_active_environment("F1")
    services.book().paste("access_token", "TOKEN-FROM-OLD-SECRET", 3600)
    tab = window.env_tab
    tab.show_environment("F1")
    tab.form.secret.edit.setText("a-new-secret")
    tab.form.secret.edited.emit()
    tab.commit_edits()
    assert services.book().snapshot().access_token is None  # PROTOCOL P2
    assert services.active_secrets().secret == "a-new-secret"
    assert window.tokens_tab.token_row.value.shown_text() == ""


def test_a_host_without_https_is_named_by_check_and_fetch(
    qtbot: Any, window: Any, monkeypatch: Any
) -> None:
    """ "127.0.0.1:1" without https:// used to read "no API host" / "Could not talk to ?:80"."""
    tab = window.env_tab
    monkeypatch.setattr(tab, "ask_name", lambda *_a: "Typo")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    for edit, text in ((tab.form.api_base, "127.0.0.1:1"), (tab.form.app_id, "app1")):
        edit.setText(text)
        edit.textEdited.emit(text)
    tab.form.secret.edit.setText("s3cr3t")
    tab.form.secret.edited.emit()
    qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.check_summary.state != tab.check_summary.PENDING, timeout=15000)
    assert [line.text() for line in tab.check_steps] == [
        "The API host address 127.0.0.1:1 must start with https://."
    ]
    assert window.services.settings.active_name != "Typo"  # a check chooses nothing
    qtbot.mouseClick(tab.use_button, Qt.MouseButton.LeftButton)  # the user does
    tokens = window.tokens_tab
    monkeypatch.setattr(tokens, "confirm_fetch", lambda: "fetch")
    refresher = window.services.refresher
    with qtbot.waitSignal(refresher.fetch_failed, timeout=10000):
        qtbot.mouseClick(tokens.fetch_token_button, Qt.MouseButton.LeftButton)
    assert tokens.status.text() == "The API host address 127.0.0.1:1 must start with https://."


def test_moving_to_another_environment_during_a_check_keeps_its_steps_away(
    qtbot: Any, window: Any
) -> None:
    """The sandbox's ✓ steps and "The connection works." used to land under the next one shown."""
    tab = window.env_tab
    tab.show_environment("Local sandbox")
    handle_done: list[bool] = []
    qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    tab._check_handle.finished.connect(lambda: handle_done.append(True))
    tab.show_environment("F")
    qtbot.waitUntil(lambda: bool(handle_done), timeout=15000)
    QApplication.processEvents()
    assert [line.text() for line in tab.check_steps] == []
    assert tab.check_summary.text() == ""
    assert tab.check_button.isEnabled()
    assert "<b>F · dev</b>" in tab.title.text()


def test_a_file_that_is_no_pkcs12_is_not_called_a_wrong_password(
    qtbot: Any, window: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """A PEM (or any other file) picked as PKCS#12 used to read "The PKCS#12 password is wrong."."""
    tab = window.env_tab
    tab.show_environment("Local sandbox")
    monkeypatch.setattr(tab, "ask_name", lambda *_a: "Sandbox copy")
    qtbot.mouseClick(tab.duplicate_button, Qt.MouseButton.LeftButton)
    form = tab.form
    not_p12 = tmp_path / "client.p12"
    not_p12.write_bytes(Path(form.cert_path.text()).read_bytes())  # a PEM under a .p12 name
    form.cert_mode.setCurrentIndex(form.cert_mode.findData("p12"))
    form.p12_path.set_text(str(not_p12))
    form.p12_path.edited.emit()
    qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.check_summary.state != tab.check_summary.PENDING, timeout=15000)
    assert tab.check_steps[-1].text() == f"{not_p12} is not a PKCS#12 file."


def test_check_connection_names_a_certificate_with_the_wrong_key(
    qtbot: Any, window: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    from workbench.sandbox import certs as C

    _, other = C.issue_cert(*C.make_ca("elsewhere"), "someone")
    (tmp_path / "other.key").write_bytes(C.key_pem(other))
    tab = window.env_tab
    tab.show_environment("Local sandbox")
    monkeypatch.setattr(tab, "ask_name", lambda *_a: "Wrong key")
    qtbot.mouseClick(tab.duplicate_button, Qt.MouseButton.LeftButton)
    tab.form.key_path.edit.clear()
    qtbot.keyClicks(tab.form.key_path.edit, str(tmp_path / "other.key"))
    tab.form.key_path.edited.emit()
    qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.check_summary.state != tab.check_summary.PENDING, timeout=15000)
    failed = [line.text() for line in tab.check_steps if line.mark.text() == "✗"]
    assert len(failed) == 1, [line.text() for line in tab.check_steps]
    assert "do not belong together" in failed[0] and "other.key" in failed[0]
    assert "SSLError" not in failed[0] and "KEY_VALUES" not in failed[0]
    assert tab.check_summary.text().startswith("The connection does not work yet")


def test_an_edit_here_keeps_the_auto_refresh_set_on_the_tokens_tab(window: Any) -> None:
    services, tab = window.services, window.env_tab
    tab.show_environment("F")
    services.set_active_environment("F")
    wanted = not services.environment("F").auto_refresh
    services.refresher.set_auto_enabled(wanted)  # the Tokens tab's checkbox
    tab.form.proxy.setText("http://proxy.example:8080")  # then any edit in this tab
    tab.commit_edits()
    saved = services.environment("F")
    assert saved.proxy == "http://proxy.example:8080"
    assert saved.auto_refresh == wanted  # not put back to what the form loaded earlier


def test_a_renamed_environment_shows_its_secrets_while_the_keyring_is_busy(
    qtbot: Any, window: Any, monkeypatch: Any
) -> None:
    import threading

    from workbench.qt.workers import QUEUE_SECRETS

    tab, services = window.env_tab, window.services
    answers = iter(["Slow", "Slow 2"])
    monkeypatch.setattr(tab, "ask_name", lambda *_a: next(answers))
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    tab.form.secret.edit.setText("s3cr3t")
    tab.form.secret.edited.emit()
    tab.commit_edits()
    qtbot.waitUntil(lambda: services.secrets.get("Slow", "secret") == "s3cr3t")
    busy = threading.Event()  # the keyring queue is held: the rename's job must wait
    services.runner.submit("keyring busy", lambda _c: busy.wait(10), queue=QUEUE_SECRETS)
    try:
        qtbot.mouseClick(tab.rename_button, Qt.MouseButton.LeftButton)
        assert tab.form.secret_value("secret") == "s3cr3t"  # not an empty field to re-type
    finally:
        busy.set()
    qtbot.waitUntil(lambda: services.secrets.get("Slow", "secret") == "")
    assert services.secrets.get("Slow 2", "secret") == "s3cr3t"
    assert tab.form.secret_value("secret") == "s3cr3t"


def test_duplicate_waits_for_the_secrets(window: Any) -> None:
    tab, services = window.env_tab, window.services
    tab.show_environment("F1")
    services.environments_controller.secrets_ready = False  # the keyring has not answered
    tab._render_title()
    assert not tab.duplicate_button.isEnabled()  # a copy now would have no secrets
    assert tab.duplicate_button.toolTip() == "Reading the secrets…"
    services.environments_controller.secrets_ready = True
    services.secrets_loaded.emit()
    assert tab.duplicate_button.isEnabled()


def test_tab_goes_through_the_buttons_in_the_order_they_are_shown(window: Any) -> None:
    tab = window.env_tab
    buttons = [tab.use_button, tab.add_button, tab.duplicate_button]
    buttons += [tab.rename_button, tab.delete_button]
    shown = sorted(buttons, key=lambda b: b.mapTo(tab, b.rect().topLeft()).y())
    assert shown == buttons  # "Use this environment" on top
    chain, widget = [], tab.env_list.nextInFocusChain()
    while widget is not tab.env_list:  # Qt's Tab order
        if widget in buttons:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain == shown
