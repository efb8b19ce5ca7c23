"""`goldilocks --watch`: an edited story reloads under the player; a broken edit is shown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import playtest, record_notices
from game.engine import Engine, load_story
from game.tui.app import GoldilocksApp, build_app
from game.tui.reload import StoryWatcher, carry_over
from game.tui.screens.play import PlayScreen
from game.tui.screens.story_problems import StoryProblemsScreen
from game.tui.widgets.scene_header import SceneHeader

STARTER = Path(__file__).parent / "fixtures" / "starter"


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """A copy of the starter story that a test may edit."""
    folder = tmp_path / "story"
    shutil.copytree(STARTER, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def scene_title(app: GoldilocksApp) -> str:
    return app.screen.query_one(SceneHeader).title


# -- carrying a game across an edit (no terminal needed) ---------------------------------------


def test_the_player_stays_in_a_scene_that_still_exists(story: Path) -> None:
    engine = Engine(load_story(story))
    state = engine.choose(engine.new_game(seed=1), 0)
    edit(story / "story.yaml", "max: 5, label: Helios trust", "max: 3, label: Helios trust")
    edit(
        story / "story.yaml",
        "has_codes: {initial: false",
        "mood: {initial: calm}\n  has_codes: {initial: false",
    )
    edited = load_story(story)
    carried = carry_over(edited, state, lambda: Engine(edited).new_game(seed=1))
    assert carried.state is not None
    assert carried.state.scene == "hangar"
    assert carried.state.turn == 1
    assert carried.state.value("trust_helios") == 3  # 4 clamped into the new maximum
    assert carried.state.value("mood") == "calm"  # a new variable takes its initial value
    assert carried.notice == "Story reloaded."
    assert Engine(edited).undo(carried.state).scene == "briefing"


def test_a_variable_whose_type_changed_starts_again_from_its_initial_value(story: Path) -> None:
    engine = Engine(load_story(story))
    state = engine.new_game(seed=1)
    edit(story / "story.yaml", "margo_blamed: {initial: false}", "margo_blamed: {initial: 0}")
    edit(story / "act1.yaml", "set: {margo_blamed: true}", "set: {margo_blamed: 1}")
    edit(story / "story.yaml", 'if: "margo_blamed"', 'if: "margo_blamed == 1"')
    edit(story / "story.yaml", 'if: "not margo_blamed"', 'if: "margo_blamed == 0"')
    edited = load_story(story)
    carried = carry_over(edited, state, lambda: Engine(edited).new_game(seed=1))
    assert carried.state is not None and carried.state.value("margo_blamed") == 0


def test_when_the_scene_is_gone_the_player_goes_back_to_the_last_one_that_exists(
    story: Path,
) -> None:
    engine = Engine(load_story(story))
    state = engine.choose(engine.choose(engine.new_game(seed=1), 0), 0)
    assert state.scene == "hangar_codes"
    text = (story / "act1.yaml").read_text(encoding="utf-8")
    start = text.index("hangar_codes:\n")
    end = text.index("reported:\n")
    text = text[:start] + text[end:]
    text = text.replace("goto: hangar_codes", "goto: burn")
    (story / "act1.yaml").write_text(text, encoding="utf-8")
    edited = load_story(story)
    carried = carry_over(edited, state, lambda: Engine(edited).new_game(seed=1))
    assert carried.state is not None and carried.state.scene == "hangar"
    assert carried.state.turn == 1
    assert carried.notice == "Story reloaded. Scene 'hangar_codes' is gone; back to 'The hangar'."


def test_watcher_notices_an_edited_file_and_a_new_one(story: Path) -> None:
    watcher = StoryWatcher(story)
    assert not watcher.changed()
    edit(story / "act1.yaml", "The hangar", "The hangar bay")
    assert watcher.changed()
    assert not watcher.changed()
    (story / "act2.yaml").write_text("{}\n", encoding="utf-8")
    assert watcher.changed()


# -- in the app --------------------------------------------------------------------------------


@playtest
async def test_an_edit_reloads_the_story_and_keeps_the_players_place(
    story: Path, tmp_path: Path
) -> None:
    app = build_app(story, seed=1, saves_dir=tmp_path / "saves", watch=True)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "1")
        assert scene_title(app) == "The hangar"
        edit(story / "act1.yaml", "title: The hangar\n", "title: The hangar bay\n")
        app.check_story_files()  # what the --watch timer does every half second
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert scene_title(app) == "The hangar bay"
        assert app.screen.query_one(SceneHeader).turn == "Turn 2"
        assert "Story reloaded." in notices
        await pilot.press("u")
        assert scene_title(app) == "The capture briefing"


@playtest
async def test_a_broken_edit_is_shown_in_the_app_and_the_game_goes_on(
    story: Path, tmp_path: Path
) -> None:
    app = build_app(story, display_root="story", seed=1, saves_dir=tmp_path / "s", watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "1")
        edit(story / "act1.yaml", "goto: hangar_codes", "goto: hangar_kodes")
        app.check_story_files()
        await pilot.pause()
        assert isinstance(app.screen, StoryProblemsScreen)
        listed = str(app.screen.query_one("#problems-list").render())
        assert listed.startswith("story/act1.yaml:")
        assert "hangar_kodes" in listed
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)
        assert scene_title(app) == "The hangar"
        edit(story / "act1.yaml", "goto: hangar_kodes", "goto: hangar_codes")
        edit(story / "act1.yaml", "title: Codes in hand", "title: The codes")
        app.check_story_files()
        await pilot.press("1")
        assert scene_title(app) == "The codes"


@playtest
async def test_a_fix_saved_while_the_errors_are_shown_closes_them(
    story: Path, tmp_path: Path
) -> None:
    app = build_app(story, seed=1, saves_dir=tmp_path / "s", watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        edit(story / "story.yaml", "start: briefing", "start: briefin")
        app.check_story_files()
        await pilot.pause()
        assert isinstance(app.screen, StoryProblemsScreen)
        edit(story / "story.yaml", "start: briefin", "start: briefing")
        app.check_story_files()
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert scene_title(app) == "The capture briefing"


def test_without_watch_there_is_no_watcher(tmp_path: Path) -> None:
    app = build_app(STARTER, saves_dir=tmp_path)
    assert app.watcher is None


def test_a_renamed_scene_is_where_the_player_lands(story: Path) -> None:
    """The same `renamed:` entry that lets a save load at the new id carries a game across a
    reload to it (the old id is not treated as gone), with its visits and undo history."""
    engine = Engine(load_story(story))
    state = engine.choose(engine.new_game(seed=1), 0)
    assert state.scene == "hangar"
    act = story / "act1.yaml"
    text = act.read_text(encoding="utf-8").replace("\nhangar:\n", "\nthe_hangar:\n")
    act.write_text(text.replace("goto: hangar\n", "goto: the_hangar\n"), encoding="utf-8")
    with (story / "story.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write("renamed:\n  hangar: the_hangar\n")
    edited = load_story(story)
    carried = carry_over(edited, state, lambda: Engine(edited).new_game(seed=1))
    assert carried.state is not None
    assert carried.state.scene == "the_hangar"
    assert carried.state.turn == 1
    assert carried.state.visit_count("the_hangar") == 1
    assert carried.notice == "Story reloaded. The scene 'hangar' is now called 'the_hangar'."
    assert Engine(edited).undo(carried.state).scene == "briefing"
