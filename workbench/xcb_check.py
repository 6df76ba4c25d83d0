"""Refuse to start on an X display whose xcb libraries are missing, before Qt aborts.

Qt's xcb platform plugin needs a dozen small X libraries that a minimal Linux install lacks.
When one is missing, Qt prints "could not load the Qt platform plugin" and aborts the whole
process with a core dump (exit 134), naming libxcb-cursor0 whatever is missing
(ENGINEERING.md). So before the QApplication exists we load the plugin ourselves: the dynamic
loader then says which library is missing, and we name the Debian packages in one sentence.

Imports no Qt: only the location of the PySide6 package is looked up.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path

# soname -> the Debian/Ubuntu package that ships it (the list Qt's xcb plugin links against)
XCB_PACKAGES: dict[str, str] = {
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def uses_xcb(environ: dict[str, str] | os._Environ[str]) -> bool:
    """Whether Qt will pick its xcb plugin in this environment (Linux only)."""
    if not sys.platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    # Qt 6 prefers Wayland when a compositor is announced, and falls back to xcb by itself.
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def xcb_plugin() -> Path | None:
    """The xcb platform plugin of the installed PySide6 (inside a bundle too), if present."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        plugin = Path(base) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def _loads(name: str) -> bool:
    import ctypes  # only where the xcb platform is used

    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def missing_libraries(
    plugin: Path | None = None, loads: Callable[[str], bool] = _loads
) -> list[str]:
    """Sonames the xcb plugin needs and the loader cannot find; empty when the plugin loads."""
    plugin = plugin or xcb_plugin()
    if plugin is None:
        return []
    import ctypes

    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        reason = str(exc)
    else:
        return []
    missing = [name for name in XCB_PACKAGES if not loads(name)]
    # The loader names the first missing library; it may be one this table does not know.
    first = os.path.basename(reason.split(":")[0].strip())
    if ".so" in first and first != plugin.name and first not in missing:
        missing.insert(0, first)
    return missing or [reason]


def refusal(missing: list[str], lang: str) -> str:
    """One sentence naming the packages to install, in the user's language."""
    packages = sorted({XCB_PACKAGES.get(name, name) for name in missing})
    listed = " ".join(packages)
    if lang == "zh":
        return (
            f"webank-workbench：缺少 Qt 在 X 显示上运行所需的库（{'、'.join(missing)}），"
            f"请先安装：sudo apt install {listed}（或设置 QT_QPA_PLATFORM=offscreen 无界面运行）。"
        )
    return (
        f"webank-workbench: the X display needs libraries Qt cannot find ({', '.join(missing)}); "
        f"install them with: sudo apt install {listed} (or set QT_QPA_PLATFORM=offscreen to run "
        "without a display)."
    )
