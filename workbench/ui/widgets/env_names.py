"""How an environment is named on screen: the built-in ones say what they are, in the user's
language (the saved name stays the key in settings and the keyring)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from workbench.core.environment import KIND_BANK, KIND_SANDBOX, EnvironmentConfig


def environment_label(env: EnvironmentConfig) -> str:
    """``F · dev``, ``F1 · test``, ``Local sandbox`` (本地沙箱) …; a user's own name as typed."""
    if env.kind == KIND_SANDBOX:
        return QCoreApplication.translate("EnvironmentNames", "Local sandbox")
    if env.kind == KIND_BANK:
        # the guide's environments (host table of section 1): F is for development, F1 and G1
        # for testing; the production hosts come from the bank by e-mail
        dev = QCoreApplication.translate("EnvironmentNames", "dev")
        test = QCoreApplication.translate("EnvironmentNames", "test")
        hints = {"F": dev, "F1": test, "G1": test}
        if env.name in hints:
            return f"{env.name} · {hints[env.name]}"
        if env.name == "Production":
            return QCoreApplication.translate("EnvironmentNames", "Production")
    return env.name
