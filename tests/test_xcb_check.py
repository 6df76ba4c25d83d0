"""Starting on an X display that lacks Qt's xcb libraries: one sentence naming the packages,
never Qt's abort with a core dump (exit 134)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import xcb_check

ROOT = Path(__file__).resolve().parent.parent
LIBDIR = Path("/lib/x86_64-linux-gnu")


def test_xcb_is_expected_only_on_an_x_display_without_wayland_or_another_platform() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("xcb is the Linux platform plugin")
    assert xcb_check.uses_xcb({"DISPLAY": ":0"})
    assert not xcb_check.uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"})
    assert not xcb_check.uses_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"})
    assert xcb_check.uses_xcb({"QT_QPA_PLATFORM": "xcb:dpi=96"})
    assert not xcb_check.uses_xcb({})


@pytest.mark.skipif(shutil.which("cc") is None, reason="needs a C compiler to build a plugin")
def test_a_plugin_whose_library_is_gone_names_that_library(tmp_path: Path) -> None:
    (tmp_path / "gone.c").write_text("int gone_symbol(void) { return 1; }\n")
    (tmp_path / "plugin.c").write_text(
        "int gone_symbol(void);\nint plugin_entry(void) { return gone_symbol(); }\n"
    )
    cc = ["cc", "-shared", "-fPIC"]
    subprocess.run([*cc, "-o", "libgone.so", "gone.c"], cwd=tmp_path, check=True)
    subprocess.run([*cc, "-o", "libqxcb.so", "plugin.c", "-L.", "-lgone"], cwd=tmp_path, check=True)
    (tmp_path / "libgone.so").unlink()

    missing = xcb_check.missing_libraries(tmp_path / "libqxcb.so", loads=lambda _name: True)

    assert missing == ["libgone.so"]
    sentence = xcb_check.refusal(["libxcb-cursor.so.0", "libxcb-icccm.so.4"], "en")
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in sentence
    assert "\n" not in sentence
    assert "libxcb-cursor0" in xcb_check.refusal(["libxcb-cursor.so.0"], "zh")


def test_the_installed_plugin_loads_when_its_libraries_are_present() -> None:
    plugin = xcb_check.xcb_plugin()
    if plugin is None or not (LIBDIR / "libxcb-cursor.so.0").exists():
        pytest.skip("PySide6's xcb plugin or the xcb libraries are not installed here")
    assert xcb_check.missing_libraries(plugin) == []


def _can_hide_a_library() -> bool:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    if os.geteuid() != 0 or not (LIBDIR / "libxcb-cursor.so.0").exists():
        return False
    done = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    return done.returncode == 0


@pytest.mark.skipif(not _can_hide_a_library(), reason="needs root, unshare and libxcb-cursor0")
def test_the_start_command_refuses_in_one_sentence_instead_of_aborting(tmp_path: Path) -> None:
    # A private mount namespace hides libxcb-cursor0 from this one process, as on a machine
    # where it was never installed; Qt itself would abort with exit 134 here.
    hidden = LIBDIR / "libxcb-cursor.so.0"
    script = (
        f"mount --bind /dev/null {hidden} && exec {sys.executable} -m workbench "
        f"--profile-dir {tmp_path / 'profile'}"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=":98", LANG="C.UTF-8")
    done = subprocess.run(
        ["unshare", "-m", "bash", "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "sudo apt install libxcb-cursor0" in lines[0]
    assert not (tmp_path / "profile").exists()  # refused before anything was created
