"""Session 18: what the round-28 and round-29 readers and audits found, each checked on the
seeded random games (as in the s12 to s17 files)."""

from __future__ import annotations

from game.engine import Engine, GameState
from tests.test_story_continuity import engine, story
from tests.test_story_continuity_s12 import games

__all__ = ["engine", "games", "story"]  # the fixtures, shared


def _timeline(engine: Engine, state: GameState) -> str:
    ending = engine.ending_view(state)
    assert ending is not None
    return " ".join(" ".join(item.text for item in ending.consequences).split())


def test_the_mars_timelines_remember_who_the_player_was(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Every Mars ending's timeline shared one block, word for word: Dev's office in the rock,
    Oksana's drilling crew, Ed's first shuttle at seventy-four (round-28 reader). Each now
    answers something the player did: took the blame, told the galley, saw Rudy shot."""
    seen = {"prison": 0, "galley": 0, "rudy": 0, "margo": 0}
    for states in games:
        last = states[-1]
        values = last.values
        if values["destination"] != "mars":
            continue
        timeline = _timeline(engine, last)
        prison = values["blamed"] == "you"
        assert ("a station calendar" in timeline) == prison
        assert ("wrote to Hale in prison about that flight" in timeline) == prison
        assert ("paid Margo Madison's lawyers" in timeline) == (values["blamed"] == "margo")
        rudy = values["raid_hurt"] == "rudy"
        assert ("taught the drill by Rudy Ocampo" in timeline) == rudy
        galley = bool(values["told_galley"]) and not rudy
        assert ("turning up the galley radio the night Hale came down" in timeline) == galley
        seen["prison"] += prison
        seen["galley"] += galley
        seen["rudy"] += rudy
        seen["margo"] += values["blamed"] == "margo"
    assert all(seen.values()), seen


def test_a_simile_shape_is_not_the_house_style(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'the way you would check a tyre / a loaded gun / a solution somebody else had signed': the
    round-28 readers counted five to seven 'the way X would' similes a playthrough. At most
    three now, on any seeded game."""
    worst = 0
    for states in games:
        seen_text = " ".join(" ".join(engine.view(s).text.split()) for s in states)
        count = sum(
            seen_text.count(f"the way {who} {verb}")
            for who in ("you", "he", "she", "a", "another", "children", "dogs")
            for verb in ("would", "know", "talk", "holds", "waits", "might", "used", "made")
        )
        worst = max(worst, count)
    assert worst <= 3
