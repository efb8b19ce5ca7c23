"""The story changed after the save: load with a notice when it still fits, refuse (saying exactly
what no longer fits, touching nothing) when it does not, and follow the author's `renamed:` map."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, STARTER
from game.engine import Engine, GameState, load_story
from game.engine.model import Story
from game.engine.saves import SaveError, SaveStore

ORIGINAL = load_story(STARTER)
ENGINE = Engine(ORIGINAL)


def play(*picks: int, seed: int = 4) -> GameState:
    state = ENGINE.new_game(seed=seed)
    for pick in picks:
        state = ENGINE.choose(state, pick)
    return state


AT_HANGAR = play(0)  # briefing -> hangar
AT_BURN = play(0, 0, 0)  # briefing -> hangar -> hangar_codes -> burn
AT_REPORTED = play(1)  # briefing -> reported
VIA_REPORTED = play(1, 0)  # briefing -> reported -> burn


def edited(tmp_path: Path, *edits: tuple[str, str, str]) -> Story:
    """The starter story with (file, pattern, replacement) regex edits, each of which must apply."""
    folder = tmp_path / "edited"
    shutil.copytree(STARTER, folder)
    for name, pattern, replacement in edits:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        changed = re.sub(pattern, replacement, text, flags=re.MULTILINE | re.DOTALL)
        assert changed != text, f"{pattern!r} did not apply to {name}"
        path.write_text(changed, encoding="utf-8")
    return load_story(folder)


RENAME_HANGAR = [
    ("act1.yaml", r"^hangar:", "workshop:"),
    ("act1.yaml", r"goto: hangar$", "goto: workshop"),
]
RENAME_BRIEFING = [
    ("act1.yaml", r"^briefing:", "intro:"),
    ("story.yaml", r"^start: briefing", "start: intro"),
]
REMOVE_REPORTED = [
    ("act1.yaml", r"^reported:.*?(?=^burn:)", ""),
    ("act1.yaml", r"goto: reported$", "goto: burn"),
]


def saved(tmp_path: Path, state: GameState) -> tuple[SaveStore, Path, bytes]:
    store = SaveStore(tmp_path / "saves", ORIGINAL)
    path = store.save("slot", state).path
    return store, path, path.read_bytes()


def load_with(tmp_path: Path, story: Story) -> tuple[GameState, list[str]]:
    game = SaveStore(tmp_path / "saves", story).load("slot")
    return game.state, game.notices


def refused_with(tmp_path: Path, story: Story) -> str:
    with pytest.raises(SaveError) as caught:
        SaveStore(tmp_path / "saves", story).load("slot")
    return str(caught.value)


# -- fits: load, with a notice --------------------------------------------------------------


def test_a_text_edit_loads_with_a_notice_that_the_story_changed(tmp_path: Path) -> None:
    saved(tmp_path, AT_HANGAR)
    story = edited(tmp_path, ("act1.yaml", r"The cuffs are cold\.", "The cuffs are colder."))
    state, notices = load_with(tmp_path, story)
    assert state == AT_HANGAR and state.history == AT_HANGAR.history
    assert notices == ["The story has changed since this save was made."]


def test_a_variable_added_since_the_save_starts_at_its_initial_value(tmp_path: Path) -> None:
    saved(tmp_path, AT_HANGAR)
    story = edited(tmp_path, ("story.yaml", r"^vars:\n", "vars:\n  fuel: {initial: 7}\n"))
    state, notices = load_with(tmp_path, story)
    assert state.value("fuel") == 7
    assert [name for name, _ in state.variables] == list(story.variables)
    assert "New in the story since this save, at their initial values: 'fuel'." in notices
    undone = Engine(story).undo(state)
    assert undone.value("fuel") == 7  # undo snapshots get it too


def test_a_variable_removed_since_the_save_is_dropped_with_a_notice(tmp_path: Path) -> None:
    with_fuel = edited(tmp_path, ("story.yaml", r"^vars:\n", "vars:\n  fuel: {initial: 7}\n"))
    store = SaveStore(tmp_path / "saves", with_fuel)
    store.save("slot", Engine(with_fuel).new_game(seed=1))
    state, notices = load_with(tmp_path, ORIGINAL)
    assert "fuel" not in state.values
    assert "No longer in the story, so dropped from this save: 'fuel'." in notices


def test_a_number_outside_narrowed_bounds_is_clamped_with_a_notice(tmp_path: Path) -> None:
    saved(tmp_path, AT_HANGAR)  # trust_helios is 4 here
    assert AT_HANGAR.value("trust_helios") == 4
    story = edited(tmp_path, ("story.yaml", r"min: 0, max: 5, label: Helios", "max: 3, label: H"))
    state, notices = load_with(tmp_path, story)
    assert state.value("trust_helios") == 3
    assert "The variable 'trust_helios' was 4, outside its range now; it is 3." in notices


def test_renamed_scene_loads_at_its_new_id(tmp_path: Path) -> None:
    saved(tmp_path, AT_BURN)
    story = edited(
        tmp_path,
        *RENAME_HANGAR,
        ("story.yaml", r"\Z", "renamed:\n  hangar: workshop\n"),
    )
    state, notices = load_with(tmp_path, story)
    assert state.scene == "burn"
    assert state.visit_count("workshop") == 1 and state.visit_count("hangar") == 0
    assert notices == ["The story has changed since this save was made."]
    engine = Engine(story)
    back = engine.undo(engine.undo(state))
    assert back.scene == "workshop"  # undo goes through the renamed scene too


def test_the_saved_scene_renamed_with_renamed_map_loads_with_a_notice(tmp_path: Path) -> None:
    _, path, before = saved(tmp_path, AT_HANGAR)
    story = edited(
        tmp_path, *RENAME_HANGAR, ("story.yaml", r"\Z", "renamed:\n  hangar: workshop\n")
    )
    state, notices = load_with(tmp_path, story)
    assert state.scene == "workshop"
    assert "The scene 'hangar' is now called 'workshop'." in notices
    assert Engine(story).view(state).title == "The hangar"
    assert path.read_bytes() == before  # loading writes nothing, even when adapting


def test_history_through_a_removed_scene_drops_only_the_older_undo_steps(tmp_path: Path) -> None:
    saved(tmp_path, AT_BURN)
    story = edited(tmp_path, *RENAME_BRIEFING)  # no renamed: entry, so 'briefing' is gone
    state, notices = load_with(tmp_path, story)
    assert state.scene == "burn"
    assert len(state.history) == 2
    assert (
        "Undo goes back only 2 steps: before that, the game was at 'briefing', which is no "
        "longer a scene." in notices
    )
    engine = Engine(story)
    assert engine.undo(engine.undo(state)).scene == "hangar"


def test_history_whose_latest_step_is_gone_starts_undo_afresh(tmp_path: Path) -> None:
    saved(tmp_path, VIA_REPORTED)
    story = edited(tmp_path, *REMOVE_REPORTED)
    state, notices = load_with(tmp_path, story)
    assert state.scene == "burn" and state.history == ()
    assert (
        "Undo starts afresh from here: before this point, the game was at 'reported', which is "
        "no longer a scene." in notices
    )


# -- does not fit: refuse, say exactly why, touch nothing ------------------------------------


def test_the_saved_scene_renamed_without_renamed_map_is_refused(tmp_path: Path) -> None:
    _, path, before = saved(tmp_path, AT_HANGAR)
    story = edited(tmp_path, *RENAME_HANGAR)
    message = refused_with(tmp_path, story)
    assert message == (
        f"{path}: the saved scene 'hangar' is no longer in the story; an author can map it "
        "to its new id under 'renamed:' in story.yaml"
    )
    assert path.read_bytes() == before


def test_the_saved_scene_removed_is_refused(tmp_path: Path) -> None:
    _, path, before = saved(tmp_path, AT_REPORTED)
    message = refused_with(tmp_path, edited(tmp_path, *REMOVE_REPORTED))
    assert "the saved scene 'reported' is no longer in the story" in message
    assert path.read_bytes() == before


def test_a_variable_whose_type_changed_is_refused_naming_it(tmp_path: Path) -> None:
    _, path, before = saved(tmp_path, AT_HANGAR)
    story = edited(
        tmp_path,
        ("story.yaml", r"has_codes: \{initial: false", "has_codes: {initial: 0"),
        ("act1.yaml", r"set: \{has_codes: true\}", "set: {has_codes: 1}"),
    )
    message = refused_with(tmp_path, story)
    assert message == (
        f"{path}: the variable 'has_codes' is true/false in this save (false) but the story now "
        "declares it as a whole number"
    )
    assert path.read_bytes() == before


def test_a_save_for_a_retitled_story_is_not_found_among_its_saves(tmp_path: Path) -> None:
    saved(tmp_path, AT_HANGAR)
    story = edited(tmp_path, ("story.yaml", r"^title: .*?$", "title: Something else"))
    assert SaveStore(tmp_path / "saves", story).list() == []


# -- saves made by earlier versions keep loading ---------------------------------------------


def test_a_version_1_save_from_the_fixtures_still_loads() -> None:
    """`saves_v1` holds a save written by format version 1 after choices 1, 1, 1 with seed 4."""
    store = SaveStore(FIXTURES / "saves_v1", ORIGINAL)
    game = store.load("midgame")
    assert game.state == AT_BURN
    assert game.state.history == AT_BURN.history
    assert game.slot.summary is not None and game.slot.summary.scene_title == "The burn"
