"""No single key press loses a game: New game over a game asks first, Enter on an ending does
nothing destructive, and Continue resumes the game last on screen (after a load too)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import playtest
from game.tui.app import GoldilocksApp, build_app
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.title import TitleScreen
from game.tui.widgets.scene_header import SceneHeader

STARTER = Path(__file__).parent / "fixtures" / "starter"
SEED_CAUGHT = 0  # with this seed, "Try the hack" in the hangar is caught: an ending


def make_app(saves: Path, seed: int = SEED_CAUGHT, **options: object) -> GoldilocksApp:
    return build_app(STARTER, display_root="starter", seed=seed, saves_dir=saves, **options)  # type: ignore[arg-type]


def scene_title(app: GoldilocksApp) -> str:
    return app.screen.query_one(SceneHeader).title


def autosaved_scene(saves: Path) -> str:
    data = json.loads((saves / "goldilocks-starter" / "autosave.json").read_text("utf-8"))
    return str(data["state"]["scene"])


@playtest
async def test_new_game_over_a_game_in_progress_asks_and_no_keeps_the_game(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "1", "escape", "n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the focused button is No
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("c")
        await pilot.pause()
        assert scene_title(app) == "The hangar"


@playtest
async def test_new_game_over_a_game_in_progress_starts_over_once_the_player_says_yes(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "1", "escape", "n", "y")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert scene_title(app) == "The capture briefing"


@playtest
async def test_new_game_over_an_autosave_from_an_earlier_run_asks_first(tmp_path: Path) -> None:
    first = make_app(tmp_path)
    async with first.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "1", "ctrl+q")
    again = make_app(tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(again.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert autosaved_scene(tmp_path) == "hangar"


@playtest
async def test_the_first_new_game_with_nothing_to_lose_asks_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)


@playtest
async def test_enter_pressed_again_on_the_ending_keeps_the_ending_and_its_autosave(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "1", "2")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        ending_scene = app.session.current().scene
        await pilot.press("enter", "enter", "space")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert app.session.current().scene == ending_scene
    assert autosaved_scene(tmp_path) == ending_scene


@playtest
async def test_continue_after_loading_a_slot_resumes_the_loaded_game(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "f5", "1")  # quicksave at the briefing, then on to the hangar
        await pilot.pause()
        assert scene_title(app) == "The hangar"
        await pilot.press("f9")  # back to the briefing...
        await pilot.pause()
        assert scene_title(app) == "The capture briefing"
        await pilot.press("ctrl+q")  # ...and quit with no move after the load
    again = make_app(tmp_path, seed=1)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert scene_title(again) == "The capture briefing"


@playtest
async def test_continue_after_starting_with_load_resumes_that_game(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "f5", "1", "ctrl+q")
    loaded = make_app(tmp_path, seed=1, load_slot="quicksave")
    async with loaded.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
    again = make_app(tmp_path, seed=1)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert scene_title(again) == "The capture briefing"
