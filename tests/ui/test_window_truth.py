"""The window changes only what the user asked to change, and says which clock a time is on."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def test_check_connection_leaves_the_active_environment_alone(qtbot: Any, window: Any) -> None:
    services = window.services
    assert services.settings.active_name == "Local sandbox"
    tab = window.env_tab
    tab.show_environment("F")
    tab.check_token.setChecked(False)
    qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    assert services.settings.active_name == "Local sandbox"
    qtbot.waitUntil(lambda: tab.check_button.isEnabled(), timeout=30000)
    assert services.settings.active_name == "Local sandbox"
    # the steps are about F, the environment shown and checked
    texts = " ".join(line.text() for line in tab.check_steps)
    assert "f-capapi-v2.test.webank.com" in texts, texts
    assert tab.check_steps, tab.check_summary.text()


def test_times_say_which_clock_they_are_on(qtbot: Any, services: Any) -> None:
    """The sandbox's credentials are timed on its own clock (which the Tokens tab moves); the
    history and the files list show this computer's local time, and say so."""
    from workbench.qt.files import FilesContext
    from workbench.ui.composer.history import HistoryPanel
    from workbench.ui.files.history_list import COL_TIME, UploadedFilesList
    from workbench.ui.tokens_tab import TokensTab

    tokens = TokensTab(services)
    qtbot.addWidget(tokens)
    tokens.show()
    assert "sandbox clock" in tokens.env_label.text()
    history = HistoryPanel(services)
    qtbot.addWidget(history)
    assert "local time" in history.times_note.text()
    files = UploadedFilesList(FilesContext(services))
    qtbot.addWidget(files)
    assert "local time" in files.title.text()
    assert files.table.horizontalHeaderItem(COL_TIME).text() == "Uploaded"
    # a bank environment's credentials are on this computer's clock
    services.set_active_environment("F")
    qtbot.waitUntil(lambda: "local time" in tokens.env_label.text())
    assert "sandbox clock" not in tokens.env_label.text()
