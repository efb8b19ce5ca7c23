"""Saving and loading in the TUI: the slot dialogs, quicksave and quickload, `--load`, failures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList, Static

from conftest import playtest, record_notices
from game.tui.app import GoldilocksApp, build_app, run_tui
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.load_game import LoadGameScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.save_game import SaveGameScreen
from game.tui.widgets.scene_header import SceneHeader

STARTER = Path(__file__).parent / "fixtures" / "starter"


def make_app(saves: Path, **options: Any) -> GoldilocksApp:
    return build_app(STARTER, display_root="starter", seed=1, saves_dir=saves, **options)


def scene_title(app: GoldilocksApp) -> str:
    return app.screen.query_one(SceneHeader).title


def slot_file(saves: Path, slot: str) -> Path:
    return saves / "goldilocks-starter" / f"{slot}.json"


@playtest
async def test_quicksave_and_quickload_with_f5_and_f9(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "1", "f5", "1")
        assert scene_title(app) == "Codes in hand"
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert scene_title(app) == "The hangar"
        assert "Saved to 'quicksave'." in notices
        assert "Loaded 'quicksave'." in notices
        await pilot.press("u")  # undo still works after loading
        assert scene_title(app) == "The capture briefing"


@playtest
async def test_save_dialog_saves_under_the_name_typed(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "1", "s")
        assert isinstance(app.screen, SaveGameScreen)
        await pilot.press(*"Before-Burn", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert "Saved to 'before-burn'." in notices
        assert slot_file(tmp_path, "before-burn").is_file()


@playtest
async def test_save_dialog_refuses_a_name_that_cannot_be_a_file(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "s", *"../evil", "enter")
        assert isinstance(app.screen, SaveGameScreen)
        error = app.screen.query_one("#save-error")
        assert error.display
        assert "cannot be a save name" in str(error.render())
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)
    assert not (tmp_path / "evil.json").exists()


@playtest
async def test_overwriting_a_save_asks_first(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "s", *"mine", "enter", "1")
        before = slot_file(tmp_path, "mine").read_bytes()
        await pilot.press("s", *"mine", "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, SaveGameScreen)
        assert slot_file(tmp_path, "mine").read_bytes() == before
        await pilot.press("enter")  # the name is still typed in
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert slot_file(tmp_path, "mine").read_bytes() != before


@playtest
async def test_load_dialog_lists_slots_newest_first_and_marks_damaged_ones(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "s", *"first", "enter", "1", "f5", "escape")
        assert app.shelf is not None
        app.shelf.flush()
        damaged = slot_file(tmp_path, "broken")
        damaged.write_text('{"format": "goldilocks-save", "vers', encoding="utf-8")
        await pilot.press("l")
        assert isinstance(app.screen, LoadGameScreen)
        options = app.screen.query_one("#slots", OptionList).options
        ids = [option.id for option in options]
        assert ids[0] == "broken" and set(ids) == {"broken", "autosave", "quicksave", "first"}
        assert "damaged:" in str(options[0].prompt) and "cut short" in str(options[0].prompt)
        await pilot.press("enter")  # the cursor starts on the newest good save
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
    assert damaged.read_text(encoding="utf-8") == '{"format": "goldilocks-save", "vers'


@playtest
async def test_a_damaged_or_hostile_save_is_not_loaded_but_can_be_deleted_from_the_list(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "s", *"good", "enter")
        assert app.shelf is not None
        app.shelf.flush()
        hostile = slot_file(tmp_path, "hostile")
        hostile.write_text(
            '{"format": "goldilocks-save", "version": 1, "state": {"scene": "\\u001b[2J", '
            '"vars": {"x": 1e999999}}}',
            encoding="utf-8",
        )
        await pilot.press("l")
        assert isinstance(app.screen, LoadGameScreen)
        menu = app.screen.query_one("#slots", OptionList)
        ids = [option.id for option in menu.options]
        assert "hostile" in ids
        menu.highlighted = ids.index("hostile")
        await pilot.press("enter")  # refused, with what to do instead
        await pilot.pause()
        assert isinstance(app.screen, LoadGameScreen)
        said = str(app.screen.query_one("#slots-error", Static).render())
        assert "cannot be loaded" in said and "d deletes it" in said
        assert hostile.exists()
        await pilot.press("d", "y")
        await pilot.pause()
        assert not hostile.exists()
        assert [o.id for o in menu.options if o.id == "hostile"] == []
        assert "good" in [o.id for o in menu.options]


@playtest
async def test_a_save_name_may_have_spaces(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "1", "s", *"Before the burn", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
    assert slot_file(tmp_path, "before the burn").is_file()


@playtest
async def test_the_load_list_deletes_a_save_after_asking(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "1", "f5", "l")
        await pilot.pause()
        slots = app.screen.query_one("#slots", OptionList)
        assert slots.get_option_at_index(slots.highlighted or 0).id == "quicksave"
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: nothing goes
        assert slot_file(tmp_path, "quicksave").is_file()
        await pilot.press("d", "y")
        await pilot.pause()
        assert isinstance(app.screen, LoadGameScreen)
        ids = [o.id for o in app.screen.query_one("#slots", OptionList).options]
        assert ids == ["autosave"]
    assert not slot_file(tmp_path, "quicksave").exists()


@playtest
async def test_the_load_list_renames_a_save_but_never_over_another(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "1", "f5", "l")
        await pilot.pause()
        await pilot.press("r")
        name = app.screen.query_one("#slot-name", Input)
        name.value = ""
        await pilot.press(*"autosave", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LoadGameScreen)
        error = app.screen.query_one("#slots-error")
        assert "already a save named 'autosave'" in str(error.render())
        await pilot.press("r")
        app.screen.query_one("#slot-name", Input).value = ""
        await pilot.press(*"Night shift", "enter")
        await pilot.pause()
        slots = app.screen.query_one("#slots", OptionList)
        assert {o.id for o in slots.options} == {"night shift", "autosave"}
        assert slots.get_option_at_index(slots.highlighted or 0).id == "night shift"
    assert slot_file(tmp_path, "night shift").is_file()


@playtest
async def test_a_slots_summary_wraps_under_itself_on_a_narrow_screen(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(44, 20)) as pilot:
        await pilot.press("n", "1", "f5", "l")
        await pilot.pause()
        slots = app.screen.query_one("#slots", OptionList)
        lines = [slots.render_line(y).text.rstrip() for y in range(slots.size.height)]
        first = next(i for i, line in enumerate(lines) if "The hangar" in line)
        assert lines[first + 1].strip()  # the summary goes on on the next line...
        indent = lines[first].index("The hangar")
        assert lines[first + 1].index(lines[first + 1].strip()) == indent  # ...under itself


@playtest
async def test_load_picks_the_slot_chosen(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "s", *"start", "enter", "1", "1", "l")
        menu = app.screen.query_one("#slots", OptionList)
        menu.highlighted = [option.id for option in menu.options].index("start")
        await pilot.press("enter")
        await pilot.pause()
        assert scene_title(app) == "The capture briefing"


@playtest
async def test_load_option_starts_in_the_saved_game(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "2", "f5")
    loaded = make_app(tmp_path, load_slot="quicksave")
    async with loaded.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(loaded.screen, PlayScreen)
        assert scene_title(loaded) == "Reported"


def test_loading_a_damaged_save_at_start_is_refused_and_the_file_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = slot_file(tmp_path, "bad")
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(b"not json at all")
    status = run_tui(STARTER, "starter", None, tmp_path, None, "bad", False)
    assert status == 1
    assert "bad.json: not valid JSON" in capsys.readouterr().err
    assert damaged.read_bytes() == b"not json at all"


@playtest
async def test_a_save_folder_that_cannot_be_written_is_reported_and_the_game_goes_on(
    tmp_path: Path,
) -> None:
    blocked = tmp_path / "saves"
    blocked.write_text("a file where the save folder should be", encoding="utf-8")
    app = make_app(blocked)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "1")
        assert app.shelf is not None
        app.shelf.flush()
        await pilot.press("f5")
        await pilot.pause()
        assert scene_title(app) == "The hangar"
        assert any(n.startswith("cannot save to") for n in notices), notices
        await pilot.press("1")
        assert scene_title(app) == "Codes in hand"


@playtest
async def test_save_and_load_are_in_the_command_palette(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "ctrl+p", *"save game", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveGameScreen)
        assert app.screen.query_one("#slot-name", Input).has_focus


@playtest
async def test_quitting_right_after_a_choice_still_writes_its_autosave(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        app.choose(0)  # the move a key makes...
        app.exit()  # ...and quitting before the next frame is drawn
    again = make_app(tmp_path, load_slot="autosave")
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert scene_title(again) == "The hangar"
