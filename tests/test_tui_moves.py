"""A move's new text is drawn first and the header, choices and sidebar follow it: whatever the
timing of the keys, what is left on screen is the scene the game is in."""

from __future__ import annotations

import asyncio
from pathlib import Path

from game.tui.app import build_app
from game.tui.screens.play import PlayScreen
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.prose import SceneText
from game.tui.widgets.scene_header import SceneHeader

STARTER = Path(__file__).parent / "fixtures" / "starter"


def test_two_moves_before_a_frame_leave_the_second_scene_on_screen(tmp_path: Path) -> None:
    async def play() -> None:
        app = build_app(STARTER, display_root="starter", seed=1, saves_dir=tmp_path / "saves")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("n")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, PlayScreen)
            # two picks at once, the second before the first one's frames are all out
            await asyncio.gather(screen.make_choice(0), screen.make_choice(0))
            await pilot.pause()
            view = app.session.view()
            assert view.turn == 2
            header = screen.query_one(SceneHeader)
            assert header.title == view.title == "Codes in hand"
            assert header.turn == "Turn 3"
            text = screen.query_one("#scene-text", SceneText)
            assert text.source == view.text
            assert str(text.render()).startswith(" ".join(view.text.split()[:5]))
            choices = screen.query_one(ChoiceList)
            assert [prompt.split("\n")[0] for prompt in choices.prompts()] == [
                f"{choice.number}. {choice.label}" for choice in view.choices
            ]
            assert not choices.show_vertical_scrollbar

    asyncio.run(play())
