"""build.spec, read without building: what goes into the bundle and what stays out.

A real build takes ~35 s and runs in .ci/bundle; here the spec is executed with stand-ins for
PyInstaller's build classes, so a broken filter or a lost executable shows up in the quick suite.
"""

from __future__ import annotations

import re
import runpy
from pathlib import Path
from typing import Any

import pytest

import workbench

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build.spec"


class _Recorder:
    made: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.binaries: list[tuple[str, str, str]] = []
        self.datas: list[tuple[str, str, str]] = []
        self.scripts: list[Any] = []
        self.pure: list[Any] = []
        _Recorder.made.append((type(self).__name__, args, kwargs))


class Analysis(_Recorder):
    pass


class PYZ(_Recorder):
    pass


class EXE(_Recorder):
    pass


class COLLECT(_Recorder):
    pass


class BUNDLE(_Recorder):
    pass


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    _Recorder.made = []
    names = {
        "Analysis": Analysis,
        "PYZ": PYZ,
        "EXE": EXE,
        "COLLECT": COLLECT,
        "BUNDLE": BUNDLE,
        "SPECPATH": str(ROOT),
    }
    result = runpy.run_path(str(SPEC), init_globals=names)
    result["made"] = list(_Recorder.made)
    return result


def _made(spec: dict[str, Any], kind: str) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    return [(a, k) for name, a, k in spec["made"] if name == kind]


def test_two_executables_share_one_folder_named_webank_workbench(spec: dict[str, Any]) -> None:
    exes = _made(spec, "EXE")
    names = sorted(k["name"] for _a, k in exes)
    assert names == ["webank-workbench", "webank-workbench-cli"]
    cli = next(k for _a, k in exes if k["name"].endswith("-cli"))
    assert cli["console"] is True  # the subcommands print to a console, on Windows too
    assert all(k["exclude_binaries"] for _a, k in exes)  # one folder, not one file
    ((args, kwargs),) = _made(spec, "COLLECT")
    assert kwargs["name"] == "webank-workbench"
    assert len([a for a in args if isinstance(a, EXE)]) == 2
    assert spec["VERSION"] == workbench.__version__


def test_the_entry_script_is_the_launcher_of_cli_main(spec: dict[str, Any]) -> None:
    ((args, kwargs),) = _made(spec, "Analysis")
    (scripts,) = args
    assert [Path(s).name for s in scripts] == ["launcher.py"]
    source = (ROOT / "workbench" / "launcher.py").read_text(encoding="utf-8")
    assert "from workbench.cli import main" in source
    assert "workbench.ui.main_window" in kwargs["hiddenimports"]  # imported lazily by the CLI


def test_resources_land_where_paths_py_looks(spec: dict[str, Any]) -> None:
    ((_args, kwargs),) = _made(spec, "Analysis")
    datas = kwargs["datas"]
    dests = {Path(src).relative_to(ROOT / "resources"): Path(dest) for src, dest in datas}
    assert Path("icons/app.svg") in dests
    assert dests[Path("icons/app.svg")] == Path("workbench/resources/icons")
    assert all(dest.parts[:2] == ("workbench", "resources") for dest in dests.values())
    assert not [src for src in dests if src.suffix in (".pyc", ".ts")]
    qm = [src for src in dests if src.suffix == ".qm"]
    assert qm == [
        p.relative_to(ROOT / "resources")
        for p in sorted((ROOT / "resources" / "i18n").glob("*.qm"))
    ]


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6\\Qt6Network.dll",
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/translations/qt_help_zh_CN.qm",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
    ],
)
def test_unused_qt_parts_are_dropped(spec: dict[str, Any], dest: str) -> None:
    assert not spec["keep"](dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/lib/libQt6DBus.so.6",  # libQt6Gui links it
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
        "workbench/resources/i18n/window_zh_CN.qm",
    ],
)
def test_what_the_app_needs_is_kept(spec: dict[str, Any], dest: str) -> None:
    assert spec["keep"](dest)


def test_unused_python_qt_modules_are_excluded(spec: dict[str, Any]) -> None:
    ((_args, kwargs),) = _made(spec, "Analysis")
    excludes = set(kwargs["excludes"])
    assert {"PySide6.QtNetwork", "PySide6.QtDBus", "keyrings.alt", "tkinter"} <= excludes


def test_no_workbench_module_imports_an_excluded_qt_module(spec: dict[str, Any]) -> None:
    """Excluding a Qt module the app imports would break only the bundle: catch it here."""
    excluded = [m.split(".", 1)[1] for m in spec["QT_EXCLUDES"]]
    names = "|".join(excluded)
    pattern = re.compile(rf"^\s*(from|import)\s+PySide6\.({names})\b", re.M)
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "workbench").rglob("*.py"))
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], f"these import a Qt module build.spec excludes: {offenders}"


def test_ci_bundle_script_smoke_tests_the_build() -> None:
    script = (ROOT / ".ci" / "bundle").read_text(encoding="utf-8")
    assert "PYINSTALLER_CONFIG_DIR" in script
    assert re.search(r"timeout 60 \"\$exe\" --smoke-test --profile-dir", script)
    assert "sign --app-id a --version 2.0.0 --nonce n --ticket t --body '{}' --json" in script
