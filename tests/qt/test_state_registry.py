"""The registry of remembered window state: one declaration per value, typed reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.qt.services import AppServices
from workbench.qt.window_state import (
    CALLBACKS_RULES,
    COMPOSER_DRAFT,
    FILES_TYPE_IN_SIGN,
    REGISTRY,
    WINDOW_TAB,
    StateKey,
    state_key,
)


def test_a_value_of_another_type_reads_as_the_default(sync_services: AppServices) -> None:
    sync_services.set_ui_state(WINDOW_TAB.name, "three")  # e.g. a hand-edited settings file
    assert sync_services.state(WINDOW_TAB) == 0
    sync_services.set_ui_state(WINDOW_TAB.name, True)  # a bool is no tab index
    assert sync_services.state(WINDOW_TAB) == 0
    sync_services.set_ui_state(FILES_TYPE_IN_SIGN.name, 0)
    assert sync_services.state(FILES_TYPE_IN_SIGN) is True


def test_values_are_saved_under_their_declared_names(
    sync_services: AppServices, profile_dir: Path
) -> None:
    sync_services.set_state(WINDOW_TAB, 3)
    sync_services.set_state(CALLBACKS_RULES, [{"trans_name": "x"}])
    sync_services.save_now()
    saved = json.loads((profile_dir / "settings.json").read_text(encoding="utf-8"))["ui_state"]
    assert saved["window/tab"] == 3 and saved["callbacks/rules"] == [{"trans_name": "x"}]
    assert sync_services.state(WINDOW_TAB) == 3


def test_the_default_is_a_fresh_copy(sync_services: AppServices) -> None:
    draft = sync_services.state(COMPOSER_DRAFT)
    draft["body"] = "changed"
    assert sync_services.state(COMPOSER_DRAFT) == {}


def test_each_name_is_declared_once() -> None:
    assert state_key("window/tab") is WINDOW_TAB
    assert all(key.name == name for name, key in REGISTRY.items())
    with pytest.raises(ValueError, match="declared twice"):
        StateKey[int]("window/tab", int, 0)
