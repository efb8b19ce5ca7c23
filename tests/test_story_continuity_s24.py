"""Session 24: round 53's readers found these lines untrue on the paths that showed them. Each
test puts the game in the state of that path (the scene, the values, the visits the text reads)
and asserts what the player now reads there."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from game.engine import Engine, GameState
from game.engine.loader import load_story

SCENES = Path(__file__).resolve().parent.parent / "scenes"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_story(SCENES))


def _text(engine: Engine, scene: str, visits: tuple[str, ...] = (), **values: Any) -> str:
    start = engine.new_game(seed=1)
    merged = dict(start.variables)
    merged.update(values)
    state: GameState = dataclasses.replace(
        start,
        scene=scene,
        variables=tuple(merged.items()),
        visits=tuple((v, 1) for v in visits),
    )
    return engine.view(state).text


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_earth_line_read_into_aleidas_hands_is_typed_by_her(engine: Engine) -> None:
    """'Give Aleida the keyboard and read her the tables', then the Earth line: the burn scene
    said 'You load the treaty's solution' and the inquiry 'in your hands'
    (round-53 Earth reader)."""
    flown = ("a4_the_hack", "a4_in_control")
    text = _flat(_text(engine, "a4_burn_earth", flown, aleida_keyboard=True, side="helios"))
    assert "Aleida's hands type it into a stack" in text
    assert "You load the treaty's solution" not in text
    assert "she reads back the checksum, every digit" in text  # the rest of the night is still told
    typed = _flat(_text(engine, "a4_burn_earth", flown, aleida_keyboard=False, side="helios"))
    assert "You load the treaty's solution" in typed and "Aleida's hands type it" not in typed
    inquiry = _flat(_text(engine, "a5_earth_inquiry", flown, aleida_keyboard=True, side="helios"))
    assert "the whole guidance at your word, with Rosales typing" in inquiry
    assert "the whole guidance in your hands" not in inquiry


def test_ed_watched_the_console_he_never_wrote_about(engine: Engine) -> None:
    text = _flat(_text(engine, "a6_2012_gate", side="helios"))
    assert "He never once wrote about the night at that console" in text
    assert "never asked what you had been doing" not in text


def test_the_statement_by_danielles_bed_is_not_seventy_minutes_in_satos_room(
    engine: Engine,
) -> None:
    bedside = _flat(
        _text(engine, "a4_countdown", side="own", gave_statement=True, raid_hurt="danielle")
    )
    assert "held her recorder over Danielle's blanket for you this morning" in bedside
    assert "seventy minutes" not in bedside
    room = _flat(_text(engine, "a4_countdown", side="own", gave_statement=True, raid_hurt="none"))
    assert "seventy minutes this morning" in room


def test_the_custody_note_puts_the_statement_in_the_morning(engine: Engine) -> None:
    text = _flat(_text(engine, "a4_custody", side="nasa", gave_statement=True))
    assert "seventy minutes on the tunnel yesterday morning" in text


def test_danielle_grabbed_at_the_hatch_answers_the_grab_and_the_door(engine: Engine) -> None:
    both = _flat(_text(engine, "a3_wall_holds", ("a3_hideout_warned",), pulled_danielle=True))
    assert "You ever grab me like that again" in both
    assert "I saw which side of that door you came out of" in both
    door = _flat(_text(engine, "a3_wall_holds", ("a3_hideout_warned",), pulled_danielle=False))
    assert "You ever grab me" not in door and "I saw which side of that door" in door


def test_the_moved_hideout_is_not_priced_twice_for_a_helios_plotter(engine: Engine) -> None:
    helios = _flat(_text(engine, "a3_the_hatch", hideout="moved", side="helios"))
    assert "goes wrong for nothing" not in helios
    assert "standing guard over a pantry" in helios
    own = _flat(_text(engine, "a3_the_hatch", hideout="moved", side="own"))
    assert "If it goes wrong here, it goes wrong for nothing." in own


def test_the_relay_desk_waits_on_manifests_not_on_light(engine: Engine) -> None:
    """'The printer rests eleven minutes' read as a light delay beside 'six minutes late' on the
    same date; and the paragraph no longer opens on a stray space without the galley legend."""
    text = _text(
        engine, "a6_2012_mars", blamed="margo", told_galley=False, gave_rudy=True, side="own"
    )
    assert "eleven minutes" not in text
    assert "the printer waits on the ore manifests" in _flat(text)
    assert "\n " not in text


def test_the_storeroom_was_kept_back_only_by_a_mole_who_was_asked(engine: Engine) -> None:
    asked = _flat(_text(engine, "a2_raid_order", ("a2_danielle_office",), side="nasa"))
    assert "the storeroom was the one thing you kept back" in asked
    never = _flat(_text(engine, "a2_raid_order", side="nasa"))
    assert "The storeroom never reached Jamestown from you" in never
    assert "kept back" not in never


def test_the_burn_is_fifteen_days_from_the_morning_after(engine: Engine) -> None:
    for side in ("nasa", "helios", "own"):
        text = _flat(_text(engine, "a3_aftermath", side=side))
        assert "ifteen days" in text and "ixteen days" not in text


def test_the_earth_burn_is_watched_differently_on_each_route(engine: Engine) -> None:
    """The burn paragraph read word for word the same on three Earth routes (round-53 reader)."""
    flew = _flat(_text(engine, "a4_burn_earth", ("a4_the_hack", "a4_in_control"), side="helios"))
    pulled = _flat(_text(engine, "a4_burn_earth", ("a4_the_hack",), side="helios"))
    called = _flat(_text(engine, "a4_burn_earth", ("a4_danielle_refuses",), side="helios"))
    watched = _flat(_text(engine, "a4_burn_earth", side="nasa"))
    assert "exactly where you put it" in flew
    assert "without a hand in this room on it" in pulled
    assert "a column of figures climbing" in called
    assert "on the line Hobson's people initialled, within a hair" in watched
    for text in (flew, pulled, called):
        assert "on the line Hobson's people initialled, within a hair" not in text
    assert "asks who chose the line" in flew
    assert "a burn that very nearly went somewhere else" in pulled
    assert "wait for September" in called and "wait for September" not in flew + pulled
