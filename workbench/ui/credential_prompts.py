"""The window's side of the kick-out policy (PROTOCOL P3): the question and the paste dialog.

Installed by the main window before its first paint; the dialogs' module (and the Qt dialog
types it needs) is imported when one is first shown, not at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from workbench.core.environment import EnvironmentConfig
    from workbench.qt.credentials import Credentials


def install_credential_dialogs(credentials: Credentials, parent: QWidget) -> None:
    """Give the kick-out policy (PROTOCOL P3) the window's question and paste dialog."""

    def ask(env: EnvironmentConfig, _kind: str) -> str:
        from workbench.ui.token_dialogs import KickOutWarning
        from workbench.ui.widgets.env_names import environment_label

        box = KickOutWarning(environment_label(env), env.app_id, parent)
        box.exec()
        choice = box.choice
        box.deleteLater()
        return choice

    def paste(kind: str) -> bool:
        from PySide6.QtWidgets import QDialog

        from workbench.ui.token_dialogs import PasteDialog

        dialog = PasteDialog(credentials.now_ms(), parent, kind)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted:
            credentials.put_pasted(dialog.chosen_kind(), dialog.value.text(), dialog.expire_in_s())
        dialog.deleteLater()
        return accepted

    credentials.set_dialogs(ask, paste)
