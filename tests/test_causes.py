"""'Because you chose ...': the player's own choices that led to an ending and to each item of its
timeline, worked out by the engine from the history and shown by both front ends."""

from __future__ import annotations

import random
import re
from pathlib import Path

from conftest import STARTER, playtest
from game.engine import Engine, GameState, load_story
from game.tui.app import build_app
from game.tui.screens.ending import EndingScreen

CONSEQUENCES = Path(__file__).parent / "fixtures" / "consequences"
SHIPPED = Path(__file__).resolve().parent.parent / "scenes"


def play(engine: Engine, picks: list[int], seed: int = 1) -> GameState:
    state = engine.new_game(seed=seed)
    for pick in picks:
        state = engine.choose(state, pick)
    return state


def test_each_timeline_item_names_the_choice_that_set_what_it_reads() -> None:
    engine = Engine(load_story(CONSEQUENCES))
    # copy the branch, kick the bin over (noise 2), walk out
    ending = engine.ending_view(play(engine, [0, 0, 0]))
    assert ending is not None
    because = {item.year: item.because for item in ending.consequences}
    assert because["2004"] == (
        'Because you chose "Copy Aleida\'s branch" (The cold aisle, turn 1)',
    )
    assert because["2005"] == ('Because you chose "Kick a bin over" (The corridor, turn 2)',)


def test_a_choice_that_changed_nothing_read_is_never_a_cause() -> None:
    engine = Engine(load_story(CONSEQUENCES))
    # leave the branch, stamp your feet (noise 1, and a mood nothing reads), kick... no: walk out
    ending = engine.ending_view(play(engine, [1, 1, 0]))
    assert ending is not None
    told = " ".join(b for item in ending.consequences for b in item.because)
    assert "Stamp your feet" not in told and "Leave it" not in told
    assert ending.because == ()


def test_an_ending_names_the_choice_that_opened_the_way_there() -> None:
    engine = Engine(load_story(STARTER))
    ending = engine.ending_view(play(engine, [0, 1, 0], seed=1))
    assert ending is not None and ending.title == "Red Harbour"
    assert ending.because == (
        'Because you chose "Back Dev\'s plan" (The capture briefing, turn 1)',
    )


def test_plain_mode_prints_because_lines_under_the_ending_and_its_items() -> None:
    import io

    from game.plain import PlainSession

    engine = Engine(load_story(CONSEQUENCES))
    out = io.StringIO()
    PlainSession(engine, engine.new_game(seed=1), iter(["1", "1", "1"]), out).run()
    text = out.getvalue()
    after = text[text.index("What came after:") :]
    lines = [line.strip() for line in after.splitlines()]
    copied = lines.index("2004  The copied branch turns up in court.")
    assert lines[copied + 1] == (
        'Because you chose "Copy Aleida\'s branch" (The cold aisle, turn 1)'
    )


def test_because_lines_on_shipped_paths_name_choices_of_that_path() -> None:
    engine = Engine(load_story(SHIPPED))
    told = 0
    for seed in range(8):
        rng = random.Random(seed)
        state = engine.new_game(seed=seed)
        while not engine.is_over(state):
            view = engine.view(state)
            options = [c.number - 1 for c in view.choices if c.enabled]
            state = engine.choose(state, rng.choice(options))
        ending = engine.ending_view(state)
        assert ending is not None
        steps = {
            (step.label, engine.story.scenes[step.before.scene].title, step.before.turn + 1)
            for step in state.history
        }
        lines = [*ending.because, *(b for item in ending.consequences for b in item.because)]
        for line in lines:
            found = re.fullmatch(r'Because you chose "(.*)" \((.*), turn (\d+)\)', line)
            assert found is not None, line
            assert (found[1], found[2], int(found[3])) in steps, line
        for group in [ending.because, *(item.because for item in ending.consequences)]:
            assert len(group) <= 3
            turns = [int(re.findall(r"turn (\d+)", b)[0]) for b in group]
            assert turns == sorted(turns)  # in story order
        told += len(lines)
    assert told > 8


@playtest
async def test_the_tui_ending_shows_because_lines_beside_the_timeline(tmp_path: Path) -> None:
    app = build_app(STARTER, display_root="starter", seed=1, saves_dir=tmp_path / "saves")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "1", "2", "1")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        because = str(app.screen.query_one("#ending-because").render())
        assert because == 'Because you chose "Back Dev\'s plan" (The capture briefing, turn 1)'
        under = [str(w.render()) for w in app.screen.query(".timeline-because")]
        # Dev's plan set the course for Mars already; steering for Mars set it again, last
        assert under == ['Because you chose "Steer for Mars" (The burn, turn 3)']
