"""Saves that can evolve: a current version and a minimum loadable one, with migrations between.

The shipped game has one save format, so these tests make up an older one (version 0, where a
snapshot's variables were called `vars`) and register the migration a future change would add."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from game.engine import Engine, save_file
from game.engine.saves import SaveError, SaveStore

SLOT = "old game"


def _vars_renamed(document: dict[str, Any]) -> dict[str, Any]:
    """The made-up migration 0 -> 1: a snapshot's `vars` became `variables`."""
    state = dict(document["state"])
    state["variables"] = state.pop("vars")
    state["history"] = [
        {**step, "before": {**step["before"], "variables": step["before"]["vars"]}}
        for step in state["history"]
    ]
    for step in state["history"]:
        del step["before"]["vars"]
    return {**document, "state": state}


def _as_version_0(data: bytes) -> bytes:
    document = json.loads(data)
    state = document["state"]
    state["vars"] = state.pop("variables")
    for step in state["history"]:
        step["before"]["vars"] = step["before"].pop("variables")
    document["version"] = 0
    return json.dumps(document, indent=1).encode()


@pytest.fixture
def old_save(tmp_path: Path, starter_engine: Engine) -> tuple[SaveStore, Path, Any]:
    store = SaveStore(tmp_path / "saves", starter_engine.story)
    state = starter_engine.choose(starter_engine.new_game(seed=3), 0)
    store.save(SLOT, state)
    path = store.path(SLOT)
    path.write_bytes(_as_version_0(path.read_bytes()))
    return store, path, state


def test_an_older_save_is_migrated_in_memory_and_written_anew_only_on_the_next_save(
    old_save: tuple[SaveStore, Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, path, state = old_save
    monkeypatch.setattr(save_file, "MIN_LOADABLE_VERSION", 0)
    monkeypatch.setattr(save_file, "MIGRATIONS", {0: _vars_renamed})
    before = path.read_bytes()
    loaded = store.load(SLOT)
    assert loaded.state.variables == state.variables
    assert loaded.state.scene == state.scene and len(loaded.state.history) == 1
    assert path.read_bytes() == before  # loading never rewrites the file
    store.save(SLOT, loaded.state)
    assert json.loads(path.read_bytes())["version"] == save_file.SAVE_VERSION
    backup = path.with_name(path.stem + ".json.bak")
    assert backup.read_bytes() == before  # the old file is kept beside the new one


def test_a_save_older_than_the_oldest_loadable_version_is_refused_in_one_line(
    old_save: tuple[SaveStore, Path, Any],
) -> None:
    store, path, _ = old_save
    before = path.read_bytes()
    with pytest.raises(SaveError) as refused:
        store.load(SLOT)
    message = str(refused.value)
    assert "too old for this one to read (save format 0; this one reads formats 1 to 1)" in message
    assert "\n" not in message
    assert path.read_bytes() == before


def test_a_loadable_version_without_its_migration_is_refused_not_crashed(
    old_save: tuple[SaveStore, Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _, _ = old_save
    monkeypatch.setattr(save_file, "MIN_LOADABLE_VERSION", 0)
    monkeypatch.setattr(save_file, "MIGRATIONS", {})
    with pytest.raises(SaveError, match="has no migration for it"):
        store.load(SLOT)


def test_a_migration_that_meets_a_damaged_document_is_one_clear_refusal(
    old_save: tuple[SaveStore, Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, path, _ = old_save
    document = json.loads(path.read_bytes())
    del document["state"]["vars"]
    path.write_text(json.dumps(document))
    monkeypatch.setattr(save_file, "MIN_LOADABLE_VERSION", 0)
    monkeypatch.setattr(save_file, "MIGRATIONS", {0: _vars_renamed})
    with pytest.raises(SaveError) as refused:
        store.load(SLOT)
    assert "could not be brought up to 1: KeyError" in str(refused.value)


def test_a_save_from_a_newer_game_says_to_update(
    old_save: tuple[SaveStore, Path, Any],
) -> None:
    store, path, _ = old_save
    document = json.loads(path.read_bytes())
    document["version"] = save_file.SAVE_VERSION + 1
    path.write_text(json.dumps(document))
    with pytest.raises(SaveError, match=r"made by a newer Goldilocks .*update the game to load it"):
        store.load(SLOT)
