"""Settings checked field by field against their schema, so one bad value costs one value.

A hand-edited or damaged ``settings.json`` may hold a string where a number belongs
(``connect_timeout_s: "abc"``), a string where a switch belongs (``tls.verify: "no"``), or a dict
where the list of environments belongs. Each such value is replaced by its default and named in a
:class:`Problem`; whatever cannot be used as it is (a whole environment, the environments
themselves) is named too, so that the caller keeps a copy of the file before saving over it.
"""

from __future__ import annotations

import json
import math
from typing import Any, NamedTuple

from workbench.core.environment import EnvironmentConfig, TlsConfig
from workbench.core.text import Text


class Problem(NamedTuple):
    """One value that was not used: ``where`` names it as in the file (``F.tls.verify``)."""

    where: str
    text: Text


_KINDS = {
    "bool": Text("true or false", "true 或 false"),
    "number": Text("a number of zero or more", "不小于零的数字"),
    "str": Text("text", "文本"),
    "dict": Text("a group of settings", "设置组"),
    "NoneType": Text("en or zh", "en 或 zh"),
}


def _kind(value: Any) -> Text:
    if isinstance(value, bool):
        return _KINDS["bool"]
    if isinstance(value, int | float):
        return _KINDS["number"]
    return _KINDS.get(type(value).__name__, Text("a value of another type", "其他类型的值"))


# numbers with a range of their own: the form's (the timeouts' spin boxes take 0.5 to 600 s).
# An infinite or huge timeout got past ">= 0" and crashed the first request (Python's
# float("inf") is what json reads for 1e999); 0 made every request fail at once.
RANGES: dict[str, tuple[float, float]] = {
    "connect_timeout_s": (0.5, 600.0),
    "read_timeout_s": (0.5, 600.0),
}


def _fits(value: Any, default: Any, key: str = "") -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int | float):
        if not isinstance(value, int | float) or isinstance(value, bool):
            return False
        low, high = RANGES.get(key, (0, float("inf")))
        try:
            return math.isfinite(value) and low <= value <= high
        except OverflowError:  # an integer of hundreds of digits: no float holds it
            return False
    if isinstance(default, str):
        return isinstance(value, str)
    return True


def _json(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _replaced(where: str, value: Any, default: Any, key: str = "") -> Problem:
    kind = _kind(default)
    if key in RANGES and not isinstance(default, bool):
        low, high = RANGES[key]
        kind = Text(f"a number from {low:g} to {high:g}", f"{low:g} 到 {high:g} 之间的数字")
    return Problem(
        where,
        Text(
            f"{where} = {_json(value)} should be {kind.en}; {_json(default)} is used instead",
            f"{where} = {_json(value)} 应为{kind.zh}，已改用 {_json(default)}",
        ),
    )


def _defaults_of(cls: type[EnvironmentConfig] | type[TlsConfig]) -> dict[str, Any]:
    return dict(cls._field_defaults)


def _check_fields(
    raw: dict[str, Any], defaults: dict[str, Any], where: str, problems: list[Problem]
) -> dict[str, Any]:
    out = dict(raw)
    for key, default in defaults.items():
        if key in out and not _fits(out[key], default, key):
            problems.append(_replaced(f"{where}.{key}", out[key], default, key))
            out[key] = default
    return out


def check_environment(raw: Any, index: int, problems: list[Problem]) -> dict[str, Any] | None:
    """A usable environment dict, or None (named in ``problems``) when there is none to use."""
    name = raw.get("name") if isinstance(raw, dict) else None
    if not isinstance(name, str) or not name.strip():
        problems.append(
            Problem(
                f"environments[{index}]",
                Text(
                    f"environment number {index + 1} has no name and was left out",
                    f"第 {index + 1} 个环境没有名称，已略去",
                ),
            )
        )
        return None
    assert isinstance(raw, dict)
    defaults = _defaults_of(EnvironmentConfig)
    defaults.pop("tls", None)
    defaults.pop("file_tls", None)
    env = _check_fields(raw, defaults, name, problems)
    for key in ("tls", "file_tls"):
        tls = env.get(key)
        if tls is None:
            continue
        if not isinstance(tls, dict):
            problems.append(_replaced(f"{name}.{key}", tls, _defaults_of(TlsConfig)))
            env.pop(key)
            continue
        env[key] = _check_fields(tls, _defaults_of(TlsConfig), f"{name}.{key}", problems)
    return env


def check_settings(data: dict[str, Any], defaults: dict[str, Any]) -> list[Problem]:
    """Repair ``data`` (an upgraded settings dict) in place; returns what was replaced."""
    problems: list[Problem] = []
    envs = data.get("environments", defaults["environments"])
    if not isinstance(envs, list):
        problems.append(
            Problem(
                "environments",
                Text(
                    "the list of environments was not a list; the default environments are used",
                    "环境列表格式不对，已改用默认环境",
                ),
            )
        )
        envs = defaults["environments"]
    checked = [check_environment(e, i, problems) for i, e in enumerate(envs)]
    data["environments"] = [e for e in checked if e is not None]
    for key, default in (("active", defaults["active"]), ("ui_state", {})):
        value = data.get(key, default)
        if not isinstance(value, type(default)):
            problems.append(_replaced(key, value, default))
            value = default
        data[key] = value
    language = data.get("language")
    if language not in (None, "en", "zh"):
        problems.append(_replaced("language", language, None))
        data["language"] = None
    return problems
