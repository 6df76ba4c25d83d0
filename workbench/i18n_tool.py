"""Developer tool for the translations (Qt Linguist ``.ts`` sources -> ``.qm``).

    python -m workbench.i18n_tool update          # lupdate: collect tr() strings per area
    python -m workbench.i18n_tool fill AREA FILE  # set zh_CN translations from {"English": "中文"}
    python -m workbench.i18n_tool missing [AREA]  # list strings with no finished translation
    python -m workbench.i18n_tool compile         # lrelease: .ts -> .qm (committed, tested)

Each area has its own ``.ts`` file so that people working on different tabs never edit the same
file. Sources per area are listed in :data:`AREA_SOURCES`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from workbench.paths import resource_dir

PACKAGE = Path(__file__).resolve().parent
AREA_SOURCES: dict[str, list[str]] = {
    "window": ["app.py", "qt/*.py", "ui/*.py", "ui/widgets/*.py"],
    "composer": ["ui/composer/*.py"],
    "files": ["ui/files/*.py"],
    "callbacks": ["ui/callbacks/*.py"],
    "guide": ["ui/guide/*.py"],
}
LANG = "zh_CN"


def ts_path(area: str) -> Path:
    return resource_dir() / "i18n" / f"{area}_{LANG}.ts"


def qm_path(area: str) -> Path:
    return resource_dir() / "i18n" / f"{area}_{LANG}.qm"


def _tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}") or str(Path(sys.executable).parent / f"pyside6-{name}")
    return found


def area_files(area: str) -> list[Path]:
    files: list[Path] = []
    for pattern in AREA_SOURCES[area]:
        files.extend(sorted(PACKAGE.glob(pattern)))
    return [f for f in files if f.name != "__init__.py" or f.stat().st_size > 0]


def update(areas: list[str], ts_dir: Path | None = None) -> dict[str, Path]:
    """Run lupdate for ``areas``; returns the .ts written for each (``ts_dir`` for checks)."""
    out: dict[str, Path] = {}
    for area in areas:
        files = area_files(area)
        if not files:
            continue
        target = (ts_dir / ts_path(area).name) if ts_dir else ts_path(area)
        if ts_dir and ts_path(area).exists():
            shutil.copy(ts_path(area), target)
        target.parent.mkdir(parents=True, exist_ok=True)
        cmd = [
            _tool("lupdate"),
            "-locations",
            "none",
            "-no-obsolete",
            *map(str, files),
            "-target-language",
            LANG,
            "-ts",
            str(target),
        ]
        subprocess.run(cmd, check=True, capture_output=True)
        out[area] = target
    return out


def messages(ts: Path) -> list[tuple[str, str, str, bool]]:
    """(context, source, translation, finished) for every message in ``ts``."""
    root = ET.parse(ts).getroot()
    rows = []
    for ctx in root.iter("context"):
        name = ctx.findtext("name", "")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            text = tr.text or "" if tr is not None else ""
            finished = tr is not None and tr.get("type") not in (
                "unfinished",
                "obsolete",
                "vanished",
            )
            rows.append((name, msg.findtext("source", ""), text, finished and bool(text)))
    return rows


def fill(area: str, mapping: dict[str, str]) -> int:
    """Set translations by source text; returns how many were set."""
    path = ts_path(area)
    tree = ET.parse(path)
    count = 0
    for msg in tree.getroot().iter("message"):
        src = msg.findtext("source", "")
        if src in mapping:
            tr = msg.find("translation")
            if tr is None:
                tr = ET.SubElement(msg, "translation")
            tr.text = mapping[src]
            tr.attrib.pop("type", None)
            count += 1
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return count


def missing(areas: list[str]) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for area in areas:
        if ts_path(area).exists():
            rows.extend((area, c, s) for c, s, _t, ok in messages(ts_path(area)) if not ok)
    return rows


def compile_all(areas: list[str], out_dir: Path | None = None) -> list[Path]:
    made = []
    for area in areas:
        if not ts_path(area).exists():
            continue
        target = (out_dir / qm_path(area).name) if out_dir else qm_path(area)
        subprocess.run(
            [_tool("lrelease"), "-silent", str(ts_path(area)), "-qm", str(target)],
            check=True,
            capture_output=True,
        )
        made.append(target)
    return made


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print(__doc__)
        return 2
    cmd, rest = args[0], args[1:]
    all_areas = list(AREA_SOURCES)
    if cmd == "update":
        for area, path in update(rest or all_areas).items():
            print(f"{area}: {path}")
    elif cmd == "fill":
        area, file = rest
        mapping = json.loads(Path(file).read_text(encoding="utf-8"))
        print(f"{fill(area, mapping)} translations set in {ts_path(area).name}")
    elif cmd == "missing":
        rows = missing(rest or all_areas)
        for area, ctx, src in rows:
            print(f"{area}\t{ctx}\t{src}")
        return 1 if rows else 0
    elif cmd == "compile":
        for path in compile_all(rest or all_areas):
            print(path)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
