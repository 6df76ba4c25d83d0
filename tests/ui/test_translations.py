"""Every string a user can read has a finished Chinese translation, and the shipped .qm files are
exactly what lrelease makes of the committed .ts files.

Three sources of text: ``tr()`` strings per Linguist area (collected afresh by lupdate into a
temp dir, so a string added without running the i18n tool is caught), the compiled ``.qm``
files, and the ``Text(en, zh)`` pairs of the layers below Qt.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest

import workbench
from workbench import i18n_tool
from workbench.core.text import Text

PACKAGE = Path(workbench.__file__).resolve().parent
# the layers that cannot call tr() and carry their sentences as Text(en, zh)
TEXT_PACKAGES = ("core", "client", "sandbox", "store", "receiver")


def _areas_with_sources() -> list[str]:
    return [area for area in i18n_tool.AREA_SOURCES if i18n_tool.area_files(area)]


@pytest.fixture(scope="module")
def fresh_ts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """lupdate of today's sources over the committed translations, in a temp dir."""
    return i18n_tool.update(_areas_with_sources(), ts_dir=tmp_path_factory.mktemp("ts"))


@pytest.mark.parametrize("area", _areas_with_sources())
def test_every_tr_string_has_a_finished_translation(area: str, fresh_ts: dict[str, Path]) -> None:
    rows = i18n_tool.messages(fresh_ts[area])
    assert rows, f"lupdate found no tr() strings in the {area} area"
    missing = [f"  {ctx}: {src!r}" for ctx, src, _tr, done in rows if not done]
    assert not missing, (
        f"{len(missing)} string(s) of the {area} area have no finished zh_CN translation "
        f"(python -m workbench.i18n_tool update {area}; fill; compile):\n" + "\n".join(missing)
    )


@pytest.mark.parametrize("area", _areas_with_sources())
def test_committed_ts_is_up_to_date(area: str, fresh_ts: dict[str, Path]) -> None:
    """The committed .ts holds every string of the sources (else the .qm lacks them)."""
    committed = i18n_tool.ts_path(area)
    assert committed.exists(), f"{committed.name} is missing: run the i18n tool's update"
    have = {(c, s) for c, s, _t, _ok in i18n_tool.messages(committed)}
    need = {(c, s) for c, s, _t, _ok in i18n_tool.messages(fresh_ts[area])}
    absent = sorted(need - have)
    assert not absent, f"{committed.name} lacks {len(absent)} source string(s), e.g. {absent[:5]}"


@pytest.mark.parametrize("area", _areas_with_sources())
def test_committed_qm_is_what_lrelease_makes(area: str, tmp_path: Path) -> None:
    committed = i18n_tool.qm_path(area)
    assert committed.exists(), f"{committed.name} is missing: run the i18n tool's compile"
    (made,) = i18n_tool.compile_all([area], out_dir=tmp_path)
    assert made.read_bytes() == committed.read_bytes(), (
        f"{committed.name} is stale: run python -m workbench.i18n_tool compile {area}"
    )


# ---------------------------------------------------------------- Text(en, zh) of the core


def _modules() -> Iterator[str]:
    for sub in TEXT_PACKAGES:
        path = PACKAGE / sub
        if not path.is_dir():
            continue
        yield f"workbench.{sub}"
        for info in pkgutil.walk_packages([str(path)], prefix=f"workbench.{sub}."):
            yield info.name


def _texts_in(value: object, where: str, depth: int = 0) -> Iterator[tuple[str, Text]]:
    if depth > 4:
        return
    if isinstance(value, Text):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts_in(item, f"{where}[{key!r}]", depth + 1)
    elif isinstance(value, list | tuple | frozenset | set) and not hasattr(value, "_fields"):
        for i, item in enumerate(value):
            yield from _texts_in(item, f"{where}[{i}]", depth + 1)
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from _texts_in(getattr(value, field.name), f"{where}.{field.name}", depth + 1)


def test_every_text_constant_has_chinese() -> None:
    """Module-level Text values, and those inside tables (dicts, tuples, dataclasses)."""
    found: list[tuple[str, Text]] = []
    for name in _modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if not attr.startswith("__"):
                found.extend(_texts_in(value, f"{name}.{attr}"))
    assert len(found) > 40, "the walk found too few Text values: is it still looking?"
    bad = [
        f"  {where}: {text.en!r}"
        for where, text in found
        if text.en.strip() and not text.zh.strip()
    ]
    assert not bad, "Text values with English but no Chinese:\n" + "\n".join(bad)


def _literal(node: ast.expr) -> str | None:
    """The constant text of a str literal or f-string (placeholders count as text)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
        )
    return None


# English sentences that carry a detail on purpose left out of the Chinese: Python's own words
# for an unforeseen error are English only, and the Chinese says in general what they mean
ENGLISH_ONLY_DETAIL = {"Bad request: {}."}


def test_every_text_call_in_the_source_has_chinese() -> None:
    """Text(...) built inside functions (error sentences) is not reachable by import: read it."""
    bad: list[str] = []
    calls = 0
    for sub in TEXT_PACKAGES:
        for path in sorted((PACKAGE / sub).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "Text"
                    and len(node.args) == 2
                ):
                    continue
                calls += 1
                en, zh = (_literal(arg) for arg in node.args)
                if en and en.strip() and zh is not None and not zh.strip():
                    bad.append(f"  {path.relative_to(PACKAGE)}:{node.lineno}: {en[:70]!r}")
                elif en and zh and en.count("{") != zh.count("{") and en not in ENGLISH_ONLY_DETAIL:
                    bad.append(
                        f"  {path.relative_to(PACKAGE)}:{node.lineno}: placeholders differ "
                        f"between {en[:50]!r} and {zh[:50]!r}"
                    )
    assert calls > 40
    assert not bad, "Text(en, zh) with no Chinese, or different placeholders:\n" + "\n".join(bad)
