"""Look, feel and first-run help: icons, theme, the walkthrough and the protocol notes.

Entry points for the window (wired in app.py / main_window.py):
``apply_theme(app)``, ``icon(name)``, ``install_guide(window, services)``.
"""
