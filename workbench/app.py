"""The one place that wires the window together: application, language, services, main window.

``run_gui(args)`` is called by :mod:`workbench.cli` with ``profile_dir``, ``lang`` and
``smoke_test``. The window is shown before the sandbox has started: the sandbox starts in a job
and the status bar follows it.

``WORKBENCH_STARTUP_PROBE=<epoch seconds>`` (used by tests/benchmarks/bench_startup.py) prints the
time from that moment until the window is shown and the event loop idle, then quits.
``WORKBENCH_PSEUDO_LOCALE=1`` runs the window in the pseudo-locale (workbench.qt.pseudo).

One window per profile: a :class:`QLockFile` in the profile folder is taken before anything reads
or writes it. A second start on the same folder says so in one sentence and offers another
folder (nothing else is opened, so nothing of the first window's can be overwritten). What the
stores set aside at start (a damaged settings file or history) is shown in one message once the
window is up, and a history write that failed is shown in the status bar.
"""

from __future__ import annotations

import errno
import gc
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SMOKE_TIMEOUT_MS = 30_000
PROBE_ENV = "WORKBENCH_STARTUP_PROBE"
PROBE_PAINTED_ENV = "WORKBENCH_STARTUP_PROBE_PAINTED"
PSEUDO_ENV = "WORKBENCH_PSEUDO_LOCALE"  # set (to anything): the pseudo-locale, to find cut-off text
LOCK_NAME = ".workbench.lock"  # QLockFile: one window per profile folder
IN_USE_EXIT = 3  # a second start on a profile in use that was not moved to another one
HISTORY_FAILED_MS = 20_000  # how long "not kept in history" stays in the status bar
START_JOBS_LATEST_MS = 1_000  # the start-up jobs run after the first paint, or after this


def _has_display() -> bool:
    if sys.platform != "linux":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(args: Any) -> int:
    """Open the window; returns the process exit code.

    The cyclic garbage collector is off until the first paint (issue 14). Start-up makes about
    28,000 objects that live on (Qt's enums, the modules, the first tab) and almost no cyclic
    garbage (48 objects, measured at the first paint), so the ~50 passes the collector would make
    over them are pure cost: 5 to 7 ms of 0.17 s here (``bench_startup.py``, with and without
    ``--painted``). Reference counting still frees everything else meanwhile."""
    gc.disable()
    try:
        return _run_gui(args)
    finally:
        gc.enable()  # an early return, or a window that was never painted


def _collector_on() -> None:
    """The collector back on, the start-up's objects set aside first (``gc.freeze``): they live as
    long as the window, so the first collections need not go over them all (the pattern Python's
    documentation gives for ``gc.freeze``: disable early, freeze, enable)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _launch_lang(args: Any, profile: Path | None = None) -> str:
    """The language of what is said before the window exists: ``--lang``, else the language
    saved in ``profile`` once it is known (as the window's), else the locale's (``LC_ALL``, then
    ``LC_MESSAGES``, then ``LANG``, as the C library reads them)."""
    lang = getattr(args, "lang", None)
    if lang in ("en", "zh"):
        return str(lang)
    saved = _saved_language(profile) if profile is not None else None
    if saved is not None:
        return saved
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.startswith("zh") else "en"
    return "en"


def _unusable(args: Any, profile: Path, exc: OSError) -> None:
    from workbench.core.os_errors import os_reason

    reason = os_reason(exc) if exc.errno is not None else None
    _say(
        args,
        f"webank-workbench: the profile folder {profile} cannot be used: "
        + (reason.en if reason is not None else str(exc)),
        f"webank-workbench：配置文件夹 {profile} 无法使用："
        + (reason.zh if reason is not None else str(exc)),
        profile,
    )


def _say(args: Any, en: str, zh: str, profile: Path | None = None) -> None:
    """One line on stderr, before the window exists, in the user's language."""
    _say_in(_launch_lang(args, profile), en, zh)


def _say_in(lang: str, en: str, zh: str) -> None:
    print(zh if lang == "zh" else en, file=sys.stderr)


def _run_gui(args: Any) -> int:
    smoke = bool(getattr(args, "smoke_test", False))
    probe = os.environ.get(PROBE_ENV)
    if smoke or probe or not _has_display():
        # Without a display Qt would abort the process (ENGINEERING.md): run offscreen instead.
        if not _has_display() and not (smoke or probe) and "QT_QPA_PLATFORM" not in os.environ:
            _say(
                args,
                "webank-workbench: no display found (DISPLAY / WAYLAND_DISPLAY unset); "
                "set QT_QPA_PLATFORM=offscreen to run headless, or start it in a desktop "
                "session.",
                "webank-workbench：找不到显示（DISPLAY 和 WAYLAND_DISPLAY 都未设置）。"
                "要无界面运行，请设置 QT_QPA_PLATFORM=offscreen；或在桌面会话中启动。",
            )
            return 2
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.environ.get("LANG", "C") in ("C", "POSIX", ""):
        os.environ["LANG"] = "C.UTF-8"  # under C, Qt warns and switches by itself
    from workbench import xcb_check

    if xcb_check.uses_xcb(os.environ):
        missing = xcb_check.missing_libraries()
        if missing:  # Qt would abort with a core dump (exit 134): say what to install instead
            print(xcb_check.refusal(missing, _launch_lang(args)), file=sys.stderr)
            return 2

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from workbench.qt.source_scan import spare_source_scan

    spare_source_scan()  # before the modules below are imported
    from workbench import __version__
    from workbench.qt.i18n import install_language, system_language
    from workbench.qt.services import make_services
    from workbench.store.settings import default_profile_dir

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("webank-workbench")
    app.setApplicationVersion(__version__)
    from workbench.ui.guide.theme import apply_theme

    apply_theme(app)  # the app icon, before any window exists (the code font: MainWindow)
    profile = (
        Path(args.profile_dir).expanduser()
        if getattr(args, "profile_dir", None)
        else (default_profile_dir())
    )
    install_language(getattr(args, "lang", None) or _saved_language(profile) or system_language())
    try:
        taken = take_profile(profile, ask=not (smoke or probe), lang=_launch_lang(args, profile))
    except OSError as exc:
        _unusable(args, profile, exc)
        return 1
    if taken is None:
        return IN_USE_EXIT
    profile_lock, profile = taken
    try:
        # the keyring and sandbox jobs start after the first paint (below): their imports would
        # compete with the window's for the interpreter while it is being shown
        services = make_services(profile, start_sandbox=not probe, deferred_start=True)
    except OSError as exc:
        _unusable(args, profile, exc)
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
    window.when_painted(_collector_on)
    window.when_painted(services.start_jobs)
    QTimer.singleShot(START_JOBS_LATEST_MS, services, _collector_on)  # never painted
    QTimer.singleShot(START_JOBS_LATEST_MS, services, services.start_jobs)
    window.show()
    outcome: dict[str, Any] = {"code": 0}
    keep: list[Any] = []  # the smoke test must live as long as the event loop
    if probe:

        def report() -> None:
            print(f"startup {time.time() - float(probe):.3f}")
            print(f"collector {'on' if gc.isenabled() else 'off'}")  # on again after the paint
            # PySide builds its Qt namespace on first use, ~15 ms: not before the first paint
            built = "Qt" in vars(sys.modules["PySide6.QtCore"])
            print(f"qt namespace {'built' if built else 'unbuilt'}")  # (ui/widgets/early.py)
            # dataclasses' import and generated code, ~4 ms: none before the window is shown
            print(f"dataclasses {'imported' if 'dataclasses' in sys.modules else 'unimported'}")
            app.quit()

        if os.environ.get(PROBE_PAINTED_ENV):
            # bench_startup.py --painted: the first paint included, and nothing that waits
            # for it but the collector and the start-up jobs' submission (registered above)
            window.when_painted(report)
        else:
            QTimer.singleShot(0, report)
    elif smoke:
        keep.append(_SmokeTest(services, app, outcome, window))
    if not smoke:
        # Help menu entries and the first-run walkthrough: right after the first paint (a
        # zero timer runs before it, and their module and shortcuts build PySide's Qt
        # namespace, about 15 ms: ui/widgets/early.py). The probe lets it wait for the paint
        # too, after its own report: its "qt namespace unbuilt" covers this path as well.
        window.when_painted(lambda: _install_guide(window, services))
    if services.settings.first_start:
        services.schedule_save()  # the first start's choices (sandbox selected) are kept
    show_profile_notices(window, services)
    code = app.exec()
    window.close()
    services.shutdown()
    profile_lock.unlock()
    return int(outcome["code"] or code)


def _install_guide(window: Any, services: Any) -> None:
    from workbench.ui.guide.install import install_guide  # on use: it names Qt's namespace

    install_guide(window, services)


def _saved_language(profile: Path) -> str | None:
    """The language saved in the profile, read without touching anything (before the lock)."""
    try:
        data = json.loads((profile / "settings.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    lang = data.get("language") if isinstance(data, dict) else None
    return lang if lang in ("en", "zh") else None


def take_profile(
    profile: Path, *, ask: bool, choose: Any = None, lang: str = "en"
) -> tuple[Any, Path] | None:
    """Lock ``profile`` (a :class:`QLockFile`); returns the lock and the folder finally used.

    When another window holds it: with ``ask``, a message says so and offers another folder
    (``choose(start)`` picks it; a folder dialog by default); None when the user quits, or at
    once without ``ask`` (smoke test, startup probe), after one line on stderr. Raises OSError
    when the folder cannot be created or locked for another reason.
    """
    from PySide6.QtCore import QLockFile

    while True:
        profile.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(profile / LOCK_NAME))
        lock.setStaleLockTime(0)  # a window open for days keeps it; a dead process frees it
        if lock.tryLock(0):
            return lock, profile
        if lock.error() != QLockFile.LockError.LockFailedError:
            denied = lock.error() == QLockFile.LockError.PermissionError
            code = errno.EACCES if denied else errno.EIO
            raise OSError(code, os.strerror(code), str(profile / LOCK_NAME))
        if not ask:
            _say_in(
                lang,
                f"webank-workbench: the profile {profile} is already open in another window.",
                f"webank-workbench：配置文件夹 {profile} 已在另一个工作台窗口中打开。",
            )
            return None
        other = _ask_other_profile(profile, choose)
        if other is None:
            return None
        profile = other


def _ask_other_profile(profile: Path, choose: Any) -> Path | None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("ProfileInUse", "WeBank open platform workbench"),
        "",
    )
    box.setObjectName("profileInUse")
    box.setText(
        QCoreApplication.translate(
            "ProfileInUse", "This profile is already open in another workbench window."
        )
    )
    box.setInformativeText(
        QCoreApplication.translate("ProfileInUse", "Profile folder: %1").replace("%1", str(profile))
        + "\n"
        + QCoreApplication.translate(
            "ProfileInUse", "Switch to that window, or open another profile folder here."
        )
    )
    other = box.addButton(
        QCoreApplication.translate("ProfileInUse", "Open another profile…"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    box.addButton(
        QCoreApplication.translate("ProfileInUse", "Quit"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(other)
    box.exec()
    if box.clickedButton() is not other:
        return None
    if choose is None:
        folder = QFileDialog.getExistingDirectory(
            None,
            QCoreApplication.translate("ProfileInUse", "Choose a profile folder"),
            str(profile.parent),
        )
        return Path(folder) if folder else None
    picked = choose(profile.parent)
    return Path(picked) if picked else None


def show_profile_notices(window: Any, services: Any) -> None:
    """What the stores set aside at start, in one message; failed history writes in the bar.

    The history is opened in a job (it may have to be set aside or migrated: disk work), and
    the message waits for it so that everything comes in one message.
    """
    from PySide6.QtCore import QCoreApplication

    from workbench.qt.i18n import pick

    notices = list(services.settings.notices)

    def open_history(_ctx: object) -> Any:
        return services.history.notice

    def show(history_notice: Any) -> None:
        found = notices + ([history_notice] if history_notice is not None else [])
        if not found or not window.isVisible():
            return
        from PySide6.QtWidgets import QMessageBox  # on use: its type costs start-up time

        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("ProfileNotice", "WeBank open platform workbench"),
            QCoreApplication.translate(
                "ProfileNotice",
                "Part of your profile could not be used and was set aside. Nothing was deleted.",
            ),
            QMessageBox.StandardButton.Ok,
            window,
        )
        box.setObjectName("profileNotice")  # tests find it by this name
        box.setInformativeText("\n\n".join(pick(n) for n in found))
        box.open()

    def history_failed(text: Any) -> None:
        window.statusBar().showMessage(pick(text), HISTORY_FAILED_MS)

    services.history_failed.connect(history_failed)
    # after the first paint: the job's imports (sqlite3) would compete with it for the GIL
    window.when_painted(
        lambda: services.runner.submit("open history", open_history, on_result=show)
    )


class _SmokeTest:
    """Builds every tab, waits for the sandbox, fetches a token, prints one line, quits
    (non-zero when a tab cannot be built or anything else fails)."""

    def __init__(self, services: Any, app: Any, outcome: dict[str, Any], window: Any) -> None:
        from PySide6.QtCore import QTimer

        self.services, self.app, self.outcome, self.window = services, app, outcome, window
        QTimer.singleShot(0, self._build_tabs)
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

    def _build_tabs(self) -> None:
        from workbench.ui.lazy_tab import PlaceholderTab

        tabs = self.window.tabs
        for index in range(tabs.count()):
            name = tabs.tabText(index) or f"number {index + 1}"
            try:
                page = self.window.ensure_tab(index)
            except Exception as exc:  # reported as the smoke test's failure
                log.exception("tab %s failed", name)
                self._finish(1, f"smoke test failed: the {name} tab could not be built: {exc!r}")
                return
            if isinstance(page, PlaceholderTab):
                why = f"could not be built: {page.error}" if page.error else "is missing"
                self._finish(1, f"smoke test failed: the {name} tab {why}")
                return

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
