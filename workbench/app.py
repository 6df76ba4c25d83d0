"""The one place that wires the window together: application, language, services, main window.

``run_gui(args)`` is called by :mod:`workbench.cli` with ``profile_dir``, ``lang`` and
``smoke_test``. The window is shown before the sandbox has started: the sandbox starts in a job
and the status bar follows it.

``WORKBENCH_STARTUP_PROBE=<epoch seconds>`` (used by tests/benchmarks/bench_startup.py) prints the
time from that moment until the window is shown and the event loop idle, then quits.
``WORKBENCH_PSEUDO_LOCALE=1`` runs the window in the pseudo-locale (workbench.qt.pseudo).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SMOKE_TIMEOUT_MS = 30_000
PROBE_ENV = "WORKBENCH_STARTUP_PROBE"
PSEUDO_ENV = "WORKBENCH_PSEUDO_LOCALE"  # set (to anything): the pseudo-locale, to find cut-off text


def _has_display() -> bool:
    if sys.platform != "linux":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(args: Any) -> int:
    """Open the window; returns the process exit code."""
    smoke = bool(getattr(args, "smoke_test", False))
    probe = os.environ.get(PROBE_ENV)
    if smoke or probe or not _has_display():
        # Without a display Qt would abort the process (ENGINEERING.md): run offscreen instead.
        if not _has_display() and not (smoke or probe) and "QT_QPA_PLATFORM" not in os.environ:
            print(
                "webank-workbench: no display found (DISPLAY / WAYLAND_DISPLAY unset); "
                "set QT_QPA_PLATFORM=offscreen to run headless, or start it in a desktop "
                "session.",
                file=sys.stderr,
            )
            return 2
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.environ.get("LANG", "C") in ("C", "POSIX", ""):
        os.environ["LANG"] = "C.UTF-8"  # under C, Qt warns and switches by itself
    from workbench import xcb_check

    if xcb_check.uses_xcb(os.environ):
        missing = xcb_check.missing_libraries()
        if missing:  # Qt would abort with a core dump (exit 134): say what to install instead
            lang = getattr(args, "lang", None) or (
                "zh" if os.environ.get("LANG", "").startswith("zh") else "en"
            )
            print(xcb_check.refusal(missing, lang), file=sys.stderr)
            return 2

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from workbench import __version__
    from workbench.qt.i18n import install_language, system_language
    from workbench.qt.services import make_services
    from workbench.store.settings import default_profile_dir

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("webank-workbench")
    app.setApplicationVersion(__version__)
    from workbench.ui.guide.theme import apply_theme

    apply_theme(app)  # code font, app icon: before any widget exists
    profile = (
        Path(args.profile_dir).expanduser()
        if getattr(args, "profile_dir", None)
        else (default_profile_dir())
    )
    try:
        services = make_services(profile, start_sandbox=not probe)
    except OSError as exc:
        print(
            f"webank-workbench: the profile folder {profile} cannot be used: {exc}", file=sys.stderr
        )
        return 1
    lang = getattr(args, "lang", None) or services.settings.language or system_language()
    install_language(lang)
    if os.environ.get(PSEUDO_ENV):
        # after the real language, so that it wins: every tr() string comes back stretched
        from workbench.qt.pseudo import install_pseudo_locale

        install_pseudo_locale(app)

    from workbench.ui.main_window import MainWindow

    window = MainWindow(services)
    window.setWindowIcon(app.windowIcon())
    from workbench.ui.guide.icons import apply_tab_icons

    apply_tab_icons(window.tabs)
    window.show()
    if not (smoke or probe):
        from workbench.ui.guide.install import install_guide

        # Help menu entries and the first-run walkthrough: right after the first paint
        QTimer.singleShot(0, window, lambda: install_guide(window, services))
    if services.settings.first_start:
        services.schedule_save()  # the first start's choices (sandbox selected) are kept

    outcome: dict[str, Any] = {"code": 0}
    keep: list[Any] = []  # the smoke test must live as long as the event loop
    if probe:

        def report() -> None:
            print(f"startup {time.time() - float(probe):.3f}")
            app.quit()

        QTimer.singleShot(0, report)
    elif smoke:
        keep.append(_SmokeTest(services, app, outcome))
    code = app.exec()
    window.close()
    services.shutdown()
    return int(outcome["code"] or code)


class _SmokeTest:
    """Waits for the sandbox, fetches a token, prints one line, quits (non-zero on failure)."""

    def __init__(self, services: Any, app: Any, outcome: dict[str, Any]) -> None:
        from PySide6.QtCore import QTimer

        self.services, self.app, self.outcome = services, app, outcome
        self.started = time.monotonic()
        self.done = False
        services.sandbox_state_changed.connect(self._on_sandbox_state_changed)
        services.refresher.fetched.connect(self._on_fetched)
        services.refresher.fetch_failed.connect(self._on_failed)
        QTimer.singleShot(SMOKE_TIMEOUT_MS, self._on_timeout)
        if services.sandbox().running:
            self._on_sandbox_state_changed("running")

    def _finish(self, code: int, line: str) -> None:
        if self.done:
            return
        self.done = True
        print(line, file=sys.stdout if code == 0 else sys.stderr, flush=True)
        self.outcome["code"] = code
        self.app.quit()

    def _on_sandbox_state_changed(self, state: str) -> None:
        if state == "running":
            self.services.set_active_environment("Local sandbox")
            self.services.refresher.fetch_access_token()
        elif state == "failed":
            error = self.services.sandbox().error
            self._finish(
                1, "smoke test failed: " + (error.text.en if error else "the sandbox did not start")
            )

    def _on_fetched(self, _results: Any) -> None:
        token = self.services.book().snapshot().access_token
        took = time.monotonic() - self.started
        if token is None:
            self._finish(1, "smoke test failed: no token came back")
        else:
            self._finish(
                0,
                f"smoke test ok: window shown, sandbox running, access token "
                f"received ({token.expire_in_s} s) in {took:.1f} s",
            )

    def _on_failed(self, error: Any) -> None:
        self._finish(1, f"smoke test failed: {error.text.en}")

    def _on_timeout(self) -> None:
        if not self.done:
            self._finish(1, f"smoke test failed: no token within {SMOKE_TIMEOUT_MS // 1000} s")
