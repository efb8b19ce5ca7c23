"""Slips the readers of session 11 found, fixed in session 12, each played on the path that used
to show it (or, where no one path is short to write, on the seeded random games that reach it)."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from game.engine import Engine, GameState
from tests.test_story_continuity import (
    HELIOS_ACT1,
    HELIOS_ACT2,
    TO_THE_BURN,
    ending_text,
    engine,
    story,
    take,
    text_at,
    walk,
)

__all__ = ["engine", "story"]  # the fixtures, shared

SEEDS = 600


@pytest.fixture(scope="module")
def games(engine: Engine) -> list[list[GameState]]:
    """Every state of 600 seeded random games, each played to an ending."""
    played = []
    for seed in range(SEEDS):
        picker = random.Random(seed)
        states = [engine.new_game(seed=seed)]
        while engine.view(states[-1]).ending is None:
            view = engine.view(states[-1])
            number = picker.choice([c.number for c in view.choices if c.enabled])
            states.append(engine.choose(states[-1], number - 1))
        played.append(states)
    return played


def _first(
    games: list[list[GameState]], wanted: Callable[[list[GameState]], bool]
) -> list[GameState]:
    found = next((states for states in games if wanted(states)), None)
    assert found is not None, "no seeded game reaches the case"
    return found


def _seen(states: list[GameState], scene: str) -> bool:
    return any(s.scene == scene for s in states)


def test_irinas_offer_is_not_offered_to_a_player_who_never_met_her(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Take Irina's trusteeship offer [unavailable]' used to be listed to players who had never
    heard of the offer; it is there only for those who took Irina's back channel."""
    shown = hidden = 0
    for states in games:
        for state in states:
            if state.scene != "a5_earth_inquiry":
                continue
            labels = [c.label for c in engine.view(state).choices]
            offered = any("Irina's trusteeship" in label for label in labels)
            assert offered == state.values["irina_deal"]
            shown += offered
            hidden += not offered and not _seen(states, "a2_tarasova_offer")
    assert shown and hidden  # both cases were played


def test_the_lost_rock_says_why_the_colony_contracted(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """In the Long Dark, Kelly and Alex left on the 2005 contraction flights with no reason
    given: those flights fly 'only if the colony contracts', and the rock went to neither world."""
    states = _first(
        games,
        lambda s: s[-1].scene == "end_long_dark" and s[-1].values["blamed"] != "you",
    )
    assert "Helios lost its capture contracts" in ending_text(engine, states[-1])
    assert "Helios lost its capture contracts and the colony lost its budget" in text_at(
        engine, states, "a6_2012_lost"
    )


def test_the_long_dark_dates_the_reckoning_to_the_night_of_the_burn(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The burn was on 9 March; the rock's return used to be 'worked out in April 2003, in the
    week after the burn'. And a confessed Hale goes uncharged for a stated reason."""
    states = _first(
        games,
        lambda s: s[-1].scene == "end_long_dark" and s[-1].values["blamed"] == "you",
    )
    text = ending_text(engine, states[-1])
    assert "in the week after the burn" not in text
    assert "You worked out the date on the night of the burn" in text
    assert "a lost rock was punishment enough" in text_at(engine, states, "a6_2012_lost")


def test_the_nasa_history_names_hale_only_where_the_losing_has_a_name(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The 2035 history said Hale was 'not in it under any name' even where Hale had confessed and
    'doing a Hale' was what flight-dynamics rooms called losing something big."""
    states = _first(
        games,
        lambda s: (
            s[-1].scene == "end_long_dark"
            and s[-1].values["blamed"] == "you"
            and s[-1].values["side"] == "nasa"
        ),
    )
    text = ending_text(engine, states[-1])
    assert "doing a Hale" in text
    assert 'has one line in it, under "losses"' in text
    assert "not in it under any name" not in text


def test_madisons_interview_keeps_alexs_question_private_on_a_live_link(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'You never learn what his question was' while sitting beside him on the link: the question
    is now asked where only she hears it."""
    for coda, private in (("stay", "into his ear alone"), ("leave", "which only she hears")):
        states = _first(
            games, lambda s, c=coda: s[-1].scene == "end_madison" and s[-1].values["coda"] == c
        )
        assert private in ending_text(engine, states[-1])


def test_rudys_cheap_stall_does_not_sell_to_a_helios_badge_he_was_given_up_by(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: (
            _seen(s, "a3_aftermath")
            and s[-1].values["gave_rudy"]
            and s[-1].values["raid_hurt"] != "rudy"
        ),
    )
    text = text_at(engine, states, "a3_aftermath")
    assert "no stall will sell to a Helios badge" in text
    assert "selling everything at cost to anyone with ore dust on their boots" in text


def test_warning_the_hideout_is_not_told_twice_and_lee_blames_no_one(engine: Engine) -> None:
    """'Go dark' told Kelly's 22:04 call again, 'the night before'; Lee then said 'You brought
    them to my house' to the player who had come to warn him."""
    act2 = [s if s != "Keep Kelly out" else "Tell Kelly what is coming" for s in HELIOS_ACT2]
    states = walk(engine, [*HELIOS_ACT1, *act2, *TO_THE_BURN[:3]])
    warned = text_at(engine, states, "a3_hideout_warned")
    assert "the night before" not in warned and "four minutes past ten" not in warned
    assert "twenty-six minutes after Kelly's call" in warned
    hatch = text_at(engine, states, "a3_the_hatch")
    assert "You brought them" not in hatch
    assert '"Your friends are in my house.' in hatch


def test_a_statement_to_danielle_is_given_and_her_talk_is_had(engine: Engine) -> None:
    """'Give Danielle a statement' was credited in endings and never shown; Danielle's 'We'll talk
    about it. Not today' at the hatch never came back."""
    to_aftermath = TO_THE_BURN[: TO_THE_BURN.index("Go straight to Aleida")]
    states = walk(engine, [*HELIOS_ACT1, *HELIOS_ACT2, *to_aftermath])
    assert states[-1].scene == "a3_aftermath"
    assert "asking for a statement about the tunnel" in text_at(engine, states, "a3_aftermath")
    given = take(engine, states[-1], "Give Danielle a statement")
    reply = " ".join(engine.view(given).reply.split())
    assert "into Sato's recorder" in reply
    assert "\"So that's the talk." in reply
    straight = take(engine, states[-1], "Go straight to Aleida")
    assert "will have to wait until after the burn" in engine.view(straight).reply


def test_margos_soviet_key_is_used_by_the_player_who_asked_for_it(engine: Engine) -> None:
    act2 = [
        "Scrub your console logs",
        "Pay Rudy",
        "Walk away",
        "Give them nothing",
        "Read Margo's new message first",
        "Ask Margo for the Soviet guidance keys",
        "Promise Lee",
        "Work the intrusion beside her",
        "Keep Kelly out",
        "Carry the key through the hatch yourself",
    ]
    act1 = [s if s != "Forward the message to Dev" else "Answer Margo" for s in HELIOS_ACT1]
    to_the_hack = TO_THE_BURN[: TO_THE_BURN.index("Get to work") + 1]
    states = walk(engine, [*act1, *act2, *to_the_hack])
    assert "Soviet half of the handshake" in text_at(engine, states, "a2_hideout")
    assert "Margo's Soviet key goes in first" in text_at(engine, states, "a4_the_hack")
    plain = walk(engine, [*HELIOS_ACT1, *HELIOS_ACT2])
    assert "Soviet half of the handshake" not in text_at(engine, plain, "a2_hideout")


def test_the_leak_is_of_the_film_when_there_is_no_tape(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Leak the tapes', a scene called 'The tapes' and 'the man on the tape' on paths where the
    player only ever had a strip of negatives."""
    states = _first(
        games,
        lambda s: _seen(s, "a5_tapes_leak") and s[-1].values["film"] and not s[-1].values["tape"],
    )
    leak = next(s for s in states if s.scene == "a5_tapes_leak")
    assert engine.view(leak).title == "The film"
    step = next(st for st in states[-1].history if st.before.scene == "a5_mars_inquiry")
    assert step.label == "Leak the film and give them nobody"
    assert "The man in the pictures is never named" in text_at(engine, states, "a6_2012_mars")
    text = ending_text(engine, states[-1])
    assert "The strip of negatives Kelly held under the station camera" in text
    assert "on the tape" not in text and "playing the tape" not in text
    # the 'because' lines name the scene by the title the player saw, not its template
    end = engine.view(states[-1]).ending
    assert end is not None
    because = [*end.because, *(b for item in end.consequences for b in item.because)]
    assert not any("{%" in line for line in because)
    assert any("(The film, turn" in line for line in because)


def test_a_nasa_mole_caught_with_the_key_hears_why_danielle_cannot_help(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games, lambda s: s[-1].scene == "end_detained" and s[-1].values["side"] == "nasa"
    )
    text = ending_text(engine, states[-1])
    assert "cannot get you out without telling Kessler whose you are" in text


def test_aleidas_note_knows_the_player_turned_dev_down(engine: Engine) -> None:
    states = walk(
        engine,
        [
            "Trace who wrote",
            "Copy her branch",
            "Turn him down",
            "Tell Danielle everything",
            "Forward the message to Dev",
            "Work the plot from inside",
        ],
    )
    assert "You turned Dev down to his face" in text_at(engine, states, "a1_vanishing")


def test_custody_keeps_its_folding_chair(engine: Engine, games: list[list[GameState]]) -> None:
    states = _first(
        games,
        lambda s: s[-1].scene == "end_caught" and s[-1].values["destination"] == "lost",
    )
    text = ending_text(engine, states[-1])
    assert "a folding chair between the shelves" in text
    assert "You sit on the folding chair" in text and "You sit on the bench" not in text


def test_the_helios_fall_names_dev_at_his_death(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: s[-1].scene == "end_helios_fall" and s[-1].values["coda"] == "stay",
    )
    text = ending_text(engine, states[-1])
    assert "Dev dies in 2037 without having set foot on the station" in text


def test_the_rounding_error_lie_is_heard(engine: Engine, games: list[list[GameState]]) -> None:
    states = _first(
        games,
        lambda s: any(step.label.startswith("Tell them the reserve was") for step in s[-1].history),
    )
    after = next(
        states[n + 1]
        for n, step in enumerate(states[-1].history)
        if step.label.startswith("Tell them the reserve was")
    )
    assert "writes *rounding error* in his notebook" in engine.view(after).reply


def test_margos_fate_is_not_credited_to_a_blame_she_could_not_have_taken(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """In a lost-rock ending, staying at the console (taking the blame) was credited for Margo's
    2012 fate, which would have read the same had the player gone home."""
    checked = 0
    for states in games:
        end = engine.view(states[-1]).ending
        assert end is not None
        for item in end.consequences:
            if item.text.startswith("Margo Madison, still dead in NASA's records, was never named"):
                assert not any("Stay at the console" in b for b in item.because)
                checked += 1
    assert checked
