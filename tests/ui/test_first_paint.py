"""Start-up work that the first paint does not need waits for it: the keyring read and the
history's opening start once the window is on screen (issue 14: they started on a zero timer,
which Qt runs before the first paint, and their imports held the interpreter meanwhile)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbench.app import show_profile_notices
from workbench.qt.services import make_services
from workbench.ui.main_window import MainWindow


def test_the_keyring_and_history_jobs_start_after_the_first_paint(
    qapp: Any, qtbot: Any, tmp_path: Path, memory_keyring: Any
) -> None:
    services = make_services(tmp_path / "p", start_sandbox=False, deferred_start=True)
    window = MainWindow(services)
    qtbot.addWidget(window)
    painted: list[bool] = []
    started: list[str] = []
    window.first_painted.connect(lambda: painted.append(True))
    window.when_painted(services.start_jobs)
    show_profile_notices(window, services)
    submit = services.runner.submit

    def watching(name: str, *args: Any, **kwargs: Any) -> Any:
        started.append(f"{name} {'after' if painted else 'before'} the first paint")
        return submit(name, *args, **kwargs)

    services.runner.submit = watching  # type: ignore[method-assign]
    try:
        for _ in range(3):  # event-loop turns before the window is shown: nothing starts
            qapp.processEvents()
        assert not started and not services.secrets_ready
        window.show()
        qtbot.waitUntil(lambda: services.secrets_ready, timeout=10000)
        assert painted
        assert started and all(s.endswith("after the first paint") for s in started), started
        assert any("history" in s for s in started)
        # a caller that comes after the paint is not forgotten: it runs on the next turn
        late: list[bool] = []
        window.when_painted(lambda: late.append(True))
        qtbot.waitUntil(lambda: bool(late), timeout=2000)
    finally:
        window.close()
        services.shutdown()
