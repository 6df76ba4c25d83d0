"""Screenshots of every tab in every language, taken offscreen against the sandbox.

    python -m workbench.screenshots OUT_DIR [--lang en zh] [--check]

Starts the app on a fresh profile (``<temp>/webank-workbench``) with the local sandbox, fetches
a token and ticket, fills the composer with the guide's sample request (section 4.4) and sends
it, then grabs each tab to ``OUT_DIR/<tab>-<lang>.png`` (plus the protocol notes as
``notes-<lang>.png``). ``--check`` also lists text that a layout cuts off. Only public entry
points of the window and tabs are used; a tab that is missing from the build is grabbed as it is
(its placeholder).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROFILE_NAME = "webank-workbench"  # the profile folder the pictures show, under the temp folder
TAB_NAMES = ("environment", "tokens", "composer", "files", "callbacks")
WAIT_S = 30.0


def _wait(app: Any, done: Callable[[], bool], timeout_s: float = WAIT_S) -> bool:
    """Run the event loop until ``done()`` or the timeout (this is a script, not a slot)."""
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            return False
        app.processEvents()
        time.sleep(0.01)
    return True


def _settle(app: Any, rounds: int = 10) -> None:
    for _ in range(rounds):
        app.processEvents()
        time.sleep(0.005)


def prepare(app: Any, window: Any, services: Any, log: Callable[[str], None]) -> None:
    """Sandbox running and selected, credentials fetched, the guide's sample sent."""
    from workbench.qt.services import SANDBOX_ENV_NAME

    if not _wait(app, lambda: services.sandbox().state in ("running", "failed")):
        log("the sandbox did not start in time: the tabs are grabbed without data")
        return
    if services.sandbox().state != "running":
        error = services.sandbox().error
        log("the sandbox failed to start" + (f": {error.text.en}" if error else ""))
        return
    services.set_active_environment(SANDBOX_ENV_NAME)
    _settle(app)

    outcome: dict[str, Any] = {}
    services.refresher.fetched.connect(lambda result: outcome.setdefault("ok", result))
    services.refresher.fetch_failed.connect(lambda error: outcome.setdefault("error", error))
    services.refresher.refresh_all()
    if not _wait(app, lambda: bool(outcome)):
        log("no token within the time limit")
    elif "error" in outcome:
        log(f"fetching the token failed: {getattr(outcome['error'], 'text', outcome['error'])}")

    composer = window.tabs.widget(2)
    apply_template = getattr(composer, "apply_template", None)
    send = getattr(composer, "send", None)
    if callable(apply_template) and callable(send):
        from workbench.core.templates import GUIDE_TEMPLATES

        window.tabs.setCurrentIndex(2)
        apply_template(GUIDE_TEMPLATES[0])
        _settle(app)
        send()
        action = getattr(composer, "send_action", None)
        if action is not None and not _wait(app, action.isEnabled):
            log("the sample request got no answer in time")
    else:
        log("the composer tab has no apply_template/send: grabbed as it is")
    _show_a_file_upload(app, window, log)
    _show_a_verified_callback(app, window, log)
    _settle(app, 30)


def _show_a_file_upload(app: Any, window: Any, log: Callable[[str], None]) -> None:
    """Upload a small generated PNG so that the Files tab shows its hash check."""
    from PySide6.QtGui import QColor, QImage

    files = window.files_tab
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f65ca"))
    folder = Path(tempfile.gettempdir()) / PROFILE_NAME / "samples"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "身份证-正面.png"
    image.save(str(path))
    files.upload.picker.add_paths([str(path)])
    _wait(app, lambda: bool(files.upload.picker.ready_paths()), 5)  # checked in a job
    files.upload.file_type.setCurrentIndex(max(0, files.upload.file_type.findData("001")))
    files.upload.start_upload()
    if not _wait(app, lambda: files.upload.handle is None):
        log("the sample upload got no answer in time")


def _show_a_verified_callback(app: Any, window: Any, log: Callable[[str], None]) -> None:
    """Paste a sample callback signed with the sandbox's salt: the verifier shows it valid."""
    callbacks = window.callbacks_tab
    callbacks.verifier.fill_sample()
    _settle(app, 20)


def _shows_text(browser: Any, needle: str) -> Callable[[], bool]:
    return lambda: needle in browser.toPlainText()


def capture(
    app: Any,
    window: Any,
    out_dir: Path,
    langs: list[str],
    *,
    notes: Callable[[], Any] | None = None,
    check: bool = False,
    log: Callable[[str], None] = print,
) -> list[Path]:
    """Grab every tab of ``window`` in each language; returns the PNGs written."""
    from workbench.qt.i18n import install_language

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for lang in langs:
        install_language(lang)
        _settle(app)
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            _settle(app)
            name = TAB_NAMES[index] if index < len(TAB_NAMES) else f"tab{index}"
            path = out_dir / f"{name}-{lang}.png"
            if not window.grab().save(str(path)):
                log(f"could not write {path}")
                continue
            written.append(path)
            if check:
                from workbench.ui.guide.layout_check import cut_text

                for problem in cut_text(window):
                    log(f"cut off ({lang}, {name}): {problem}")
        if notes is not None:
            view = notes()
            _wait(app, _shows_text(view.browser, "sign"), 5)
            path = out_dir / f"notes-{lang}.png"
            if view.grab().save(str(path)):
                written.append(path)
            view.hide()
    return written


def _use_dark_palette(app: Any) -> None:
    """What a desktop in dark mode hands the app: Fusion with a dark palette."""
    from PySide6.QtGui import QColor, QPalette

    app.setStyle("Fusion")
    pal = QPalette()
    role = QPalette.ColorRole
    for r, colour in (
        (role.Window, "#2b2b2b"),
        (role.WindowText, "#e6e6e6"),
        (role.Base, "#1e1e1e"),
        (role.AlternateBase, "#262626"),
        (role.Text, "#e6e6e6"),
        (role.Button, "#353535"),
        (role.ButtonText, "#e6e6e6"),
        (role.Highlight, "#2f65ca"),
        (role.HighlightedText, "#ffffff"),
        (role.ToolTipBase, "#353535"),
        (role.ToolTipText, "#e6e6e6"),
        (role.PlaceholderText, "#8a8a8a"),
        (role.Link, "#6ea8fe"),
    ):
        pal.setColor(r, QColor(colour))
    pal.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor("#7a7a7a"))
    pal.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor("#7a7a7a"))
    app.setPalette(pal)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m workbench.screenshots",
        description="Grab every tab in each language, offscreen.",
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--lang", nargs="+", choices=("en", "zh"), default=["en", "zh"])
    parser.add_argument("--check", action="store_true", help="list text that is cut off")
    parser.add_argument(
        "--size", default="1280x840", help="window size WIDTHxHEIGHT (the window's default size)"
    )
    parser.add_argument(
        "--dark",
        action="store_true",
        help="a dark palette (Fusion style), to check the look in dark mode",
    )
    args = parser.parse_args(argv)

    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # same pictures on every machine, no display
    if os.environ.get("LANG", "C") in ("C", "POSIX", ""):
        os.environ["LANG"] = "C.UTF-8"
    from PySide6.QtWidgets import QApplication

    from workbench.qt.services import make_services
    from workbench.ui.guide import apply_tab_icons, apply_theme, install_guide
    from workbench.ui.guide.install import GUIDE_DONE_KEY
    from workbench.ui.main_window import MainWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    if args.dark:
        _use_dark_palette(app)
    apply_theme(app)
    # A fixed, neutral folder (the pictures show the profile's paths: no /tmp/wb-shots-x8a…),
    # emptied first and removed after; so two runs at once would share it: run one at a time.
    profile = Path(tempfile.gettempdir()) / PROFILE_NAME
    shutil.rmtree(profile, ignore_errors=True)
    profile.mkdir(parents=True)
    try:
        services = make_services(profile, start_sandbox=True)
        services.set_ui_state(GUIDE_DONE_KEY, True)  # no walkthrough panel over the pictures
        window = MainWindow(services)
        apply_tab_icons(window.tabs)
        guide = install_guide(window, services)
        window.show()
        width, _, height = args.size.partition("x")
        window.resize(int(width), int(height))  # the offscreen screen is small: size it here
        _settle(app)

        def log(line: str) -> None:
            print(line, file=sys.stderr)

        try:
            prepare(app, window, services, log)
            written = capture(
                app,
                window,
                args.out_dir,
                args.lang,
                notes=guide.show_notes,
                check=args.check,
                log=log,
            )
        finally:
            window.close()
            services.shutdown()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    for path in written:
        print(path)
    return 0 if written else 1


if __name__ == "__main__":
    raise SystemExit(main())
