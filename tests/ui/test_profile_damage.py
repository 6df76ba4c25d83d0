"""A damaged profile and a second window on one profile, as the user sees them.

Screenshots of the messages go to ``$WORKBENCH_SHOTS`` when it is set (looked at by hand).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLockFile, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from workbench.app import LOCK_NAME, _SmokeTest, show_profile_notices, take_profile
from workbench.qt.i18n import install_language
from workbench.store.history import HistoryStore, HistoryWriteError


def _shot(widget: Any, name: str) -> None:
    folder = os.environ.get("WORKBENCH_SHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def _notice(window: Any) -> QMessageBox | None:
    box = window.findChild(QMessageBox, "profileNotice")
    return box if isinstance(box, QMessageBox) else None


def _damage(profile: Path) -> None:
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "settings.json").write_text(
        '{"schema_version": 2, "environments": [{"name": "Mine", "connect_timeout_s": "abc",'
        ' "tls": {"verify": "no"}}], "active": "Mine"}'
    )
    (profile / "history.sqlite3").write_bytes(b"garbage, not a database" * 50)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_damaged_profile_is_named_in_one_message_and_every_tab_builds(
    qapp: Any, qtbot: Any, tmp_path: Path, shared_sandbox: Any, memory_keyring: Any, lang: str
) -> None:
    from workbench.qt.services import make_services
    from workbench.ui.lazy_tab import LazyTab, PlaceholderTab
    from workbench.ui.main_window import MainWindow

    profile = tmp_path / "profile"
    _damage(profile)
    install_language(lang)
    services = make_services(profile, sandbox=shared_sandbox)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    try:
        show_profile_notices(window, services)
        qtbot.waitUntil(lambda: _notice(window) is not None, timeout=10000)
        box = _notice(window)
        assert box is not None
        assert box.isVisible()
        details = box.informativeText()
        settings_copy = next(profile.glob("settings.json.broken-*")).name
        history_copy = next(profile.glob("history.sqlite3.broken-*")).name
        assert settings_copy in details and history_copy in details
        assert "Mine.connect_timeout_s" in details and "Mine.tls.verify" in details
        assert "Traceback" not in details
        if lang == "zh":
            assert "已另存为" in details and "另存一旁" in box.text()
        else:
            assert "kept as" in details and "set aside" in box.text()
        _shot(box, f"profile-notice-{lang}")
        box.accept()
        # Composer and Files read the history: they build, none stays on "Loading…"
        for page in window.extra_tabs:
            assert not isinstance(page, LazyTab | PlaceholderTab)
        qtbot.waitUntil(lambda: window.composer_tab.history.loaded >= 1, timeout=10000)
    finally:
        window.close()
        services.shutdown()
        install_language("en")


def test_a_history_write_that_fails_is_shown_in_the_status_bar(
    qtbot: Any, window: Any, services: Any, monkeypatch: Any
) -> None:
    from workbench.core.text import Text

    def refuse(_self: HistoryStore, _entry: Any) -> int:
        raise HistoryWriteError(Text("This exchange was not kept in history: locked.", "未保存"))

    monkeypatch.setattr(HistoryStore, "add", refuse)
    show_profile_notices(window, services)
    services.add_history("call", "GET /x", None, {})
    qtbot.waitUntil(lambda: "not kept in history" in window.statusBar().currentMessage())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_second_start_on_a_profile_in_use_says_so_and_offers_another(
    qapp: Any, qtbot: Any, tmp_path: Path, lang: str
) -> None:
    profile, other = tmp_path / "profile", tmp_path / "other"
    profile.mkdir()
    first = QLockFile(str(profile / LOCK_NAME))  # the first window's lock
    assert first.tryLock(0)
    install_language(lang)
    seen: dict[str, str] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen["text"], seen["info"] = box.text(), box.informativeText()
        _shot(box, f"profile-in-use-{lang}")
        another = next(b for b in box.buttons() if "…" in b.text())
        another.click()

    QTimer.singleShot(0, answer)
    try:
        taken = take_profile(profile, ask=True, choose=lambda _start: str(other))
    finally:
        install_language("en")
    assert taken is not None
    lock, used = taken
    assert used == other and lock.isLocked()
    expected = "另一个工作台窗口" if lang == "zh" else "already open in another workbench window"
    assert expected in seen["text"] and str(profile) in seen["info"]
    assert seen["text"].count("。" if lang == "zh" else ".") == 1  # one sentence
    lock.unlock()
    first.unlock()


def test_quitting_at_the_profile_in_use_message_opens_nothing(qapp: Any, tmp_path: Path) -> None:
    first = QLockFile(str(tmp_path / LOCK_NAME))
    assert first.tryLock(0)

    def quit_box() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, quit_box)
            return
        next(b for b in box.buttons() if "…" not in b.text()).click()

    QTimer.singleShot(0, quit_box)
    assert take_profile(tmp_path, ask=True, choose=lambda _s: "unused") is None
    first.unlock()


def test_a_second_process_on_a_profile_in_use_exits_with_one_line(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    profile.mkdir()
    first = QLockFile(str(profile / LOCK_NAME))
    assert first.tryLock(0)
    done = subprocess.run(
        [sys.executable, "-m", "workbench", "--profile-dir", str(profile), "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    first.unlock()
    assert done.returncode == 3
    lines = [line for line in done.stderr.splitlines() if "propagateSizeHints" not in line]
    assert lines == [f"webank-workbench: the profile {profile} is already open in another window."]
    assert not (profile / "settings.json").exists()  # nothing of the first window's touched


def test_the_in_use_line_speaks_the_language_saved_in_the_profile(tmp_path: Path) -> None:
    """Switched to Chinese in the window (View → Language), the profile says so; a second start
    on it says "already open" in Chinese too, under an English locale, unless --lang says."""
    profile = tmp_path / "profile"
    profile.mkdir()
    (profile / "settings.json").write_text('{"language": "zh"}', encoding="utf-8")
    first = QLockFile(str(profile / LOCK_NAME))
    assert first.tryLock(0)

    def start(*extra: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-m", "workbench", *extra, "--profile-dir", str(profile)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"},
        )
        assert done.returncode == 3
        return [line for line in done.stderr.splitlines() if "propagateSizeHints" not in line]

    try:
        saved = start("--smoke-test")
        told = start("--smoke-test", "--lang", "en")
    finally:
        first.unlock()
    assert saved == [f"webank-workbench：配置文件夹 {profile} 已在另一个工作台窗口中打开。"]
    assert told == [f"webank-workbench: the profile {profile} is already open in another window."]


class _App:
    def __init__(self) -> None:
        self.quit_called = False

    def quit(self) -> None:
        self.quit_called = True


def test_the_smoke_test_fails_when_a_tab_cannot_be_built(
    qtbot: Any, window: Any, services: Any, monkeypatch: Any
) -> None:
    import workbench.ui.files.tab as files_tab

    def broken(*_a: Any, **_k: Any) -> None:
        raise RuntimeError("the files tab is broken")

    monkeypatch.setattr(files_tab.FilesTab, "__init__", broken)
    outcome: dict[str, Any] = {"code": 0}
    app = _App()
    smoke = _SmokeTest(services, app, outcome, window)
    qtbot.waitUntil(lambda: smoke.done, timeout=10000)
    assert outcome["code"] == 1 and app.quit_called
    files = window.files_tab
    assert "could not be opened (RuntimeError: the files tab is broken)" in files.label.text()


def test_the_lock_of_a_killed_window_does_not_block_the_next_start(
    qapp: Any, tmp_path: Path
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from PySide6.QtCore import QLockFile\n"
            f"lock = QLockFile({str(tmp_path / LOCK_NAME)!r})\n"
            "assert lock.tryLock(0)\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.kill()  # a crash: the lock file stays behind
    holder.wait()
    holder.stdout.close()
    assert (tmp_path / LOCK_NAME).exists()
    taken = take_profile(tmp_path, ask=False)
    assert taken is not None and taken[0].isLocked()
    taken[0].unlock()


def test_an_old_history_with_a_full_token_is_masked_once_the_window_has_started(
    qapp: Any, qtbot: Any, tmp_path: Path, shared_sandbox: Any, memory_keyring: Any
) -> None:
    import json
    import sqlite3

    from workbench.core.credentials import mask
    from workbench.qt.services import make_services
    from workbench.ui.main_window import MainWindow

    token, ticket = "7f" * 32, "Tk" + "9a" * 20
    profile = tmp_path / "profile"
    profile.mkdir()
    old = sqlite3.connect(profile / "history.sqlite3")  # as the previous version left it
    old.executescript(
        "CREATE TABLE exchange (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,"
        " env_name TEXT NOT NULL, created_ms INTEGER NOT NULL, title TEXT NOT NULL,"
        " data TEXT NOT NULL); PRAGMA user_version = 1;"
    )
    for body in (
        {"code": "60850000", "msg": "ok", "access_token": token, "expire_in": "3600"},
        {"code": "60850000", "msg": "ok", "tickets": [{"value": ticket, "expire_in": "3600"}]},
    ):
        data = {
            "request": {"url": "https://h/api/oauth2/x"},
            "response": {"body": json.dumps(body)},
        }
        old.execute(
            "INSERT INTO exchange(kind, env_name, created_ms, title, data) VALUES (?,?,?,?,?)",
            ("credential", "F", 1, "token", json.dumps(data)),
        )
    old.commit()
    old.close()

    services = make_services(profile, sandbox=shared_sandbox)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    try:
        show_profile_notices(window, services)
        qtbot.waitUntil(lambda: not services.runner.running(), timeout=10000)
        assert _notice(window) is None  # an upgrade, not a damage: nothing to tell
        shown = json.dumps([e.data for e in services.history.search()], ensure_ascii=False)
        assert token not in shown and ticket not in shown
        assert mask(token) in shown and mask(ticket) in shown
    finally:
        window.close()
        services.shutdown()
    stored = (profile / "history.sqlite3").read_bytes()
    assert token.encode() not in stored and ticket.encode() not in stored


def test_what_is_said_before_the_window_exists_is_in_the_users_language(tmp_path: Path) -> None:
    """--lang zh (or a Chinese locale) before the window exists: no display, a profile folder
    that cannot be used, a profile open in another window."""
    root = Path(__file__).resolve().parents[2]

    def start(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
        clean = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        for name in ("QT_QPA_PLATFORM", "LC_ALL", "LC_MESSAGES", "LANG"):
            clean.pop(name, None)  # only what the case gives
        clean.update(env)
        return subprocess.run(
            [sys.executable, "-m", "workbench", *argv],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=root,
            env=clean,
        )

    def said(done: subprocess.CompletedProcess[str]) -> list[str]:
        return [line for line in done.stderr.splitlines() if "propagateSizeHints" not in line]

    no_display = start("--lang", "zh", "--profile-dir", str(tmp_path / "a"))
    assert no_display.returncode == 2
    assert said(no_display)[0].startswith("webank-workbench：找不到显示")
    by_locale = start("--profile-dir", str(tmp_path / "a"), LANG="zh_CN.UTF-8")
    assert said(by_locale) == said(no_display)
    by_lc_all = start("--profile-dir", str(tmp_path / "a"), LANG="C", LC_ALL="zh_CN.UTF-8")
    assert said(by_lc_all) == said(no_display)  # LC_ALL wins, as for the C library
    english = start("--lang", "en", "--profile-dir", str(tmp_path / "a"), LANG="zh_CN.UTF-8")
    assert said(english)[0].startswith("webank-workbench: no display found")

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    unusable = start(
        "--lang",
        "zh",
        "--smoke-test",
        "--profile-dir",
        str(blocker / "p"),
        QT_QPA_PLATFORM="offscreen",
    )
    assert unusable.returncode == 1
    assert said(unusable)[0] == (
        f"webank-workbench：配置文件夹 {blocker / 'p'} 无法使用：路径中的某一段不是文件夹"
    )  # the system's reason in Chinese too, not "[Errno 20] Not a directory"

    profile = tmp_path / "profile"
    profile.mkdir()
    first = QLockFile(str(profile / LOCK_NAME))
    assert first.tryLock(0)
    try:
        in_use = start(
            "--lang",
            "zh",
            "--smoke-test",
            "--profile-dir",
            str(profile),
            QT_QPA_PLATFORM="offscreen",
        )
    finally:
        first.unlock()
    assert in_use.returncode == 3
    assert said(in_use) == [f"webank-workbench：配置文件夹 {profile} 已在另一个工作台窗口中打开。"]
