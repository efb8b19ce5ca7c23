"""Session 26: round 55's readers found the middle every run passes through, and the two codas of
two Mars endings, telling the same paragraphs whatever the player had done. Each test puts the game
in the state of a path and asserts what the player now reads there, side by side."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from game.engine import Engine, GameState
from game.engine.loader import load_story

SCENES = Path(__file__).resolve().parent.parent / "scenes"
SIDES = ("helios", "nasa", "own")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_story(SCENES))


def _state(
    engine: Engine, scene: str, visits: tuple[str, ...], values: dict[str, Any]
) -> GameState:
    start = engine.new_game(seed=1)
    merged = dict(start.variables)
    merged.update(values)
    return dataclasses.replace(
        start,
        scene=scene,
        variables=tuple(merged.items()),
        visits=tuple((v, 1) for v in (*visits, scene)),
    )


def _text(engine: Engine, scene: str, visits: tuple[str, ...] = (), **values: Any) -> str:
    return " ".join(engine.view(_state(engine, scene, visits, values)).text.split())


def _only_on(engine: Engine, scene: str, marks: dict[str, str], **values: Any) -> None:
    """Each side's mark is in that side's text and in no other side's."""
    texts = {side: _text(engine, scene, side=side, **values) for side in SIDES}
    for side, mark in marks.items():
        for other, text in texts.items():
            assert (mark in text) == (other == side), (scene, side, other)


def test_nine_hours_closes_where_the_player_is(engine: Engine) -> None:
    marks = {
        "helios": "the nod comes round again in front of Aleida's empty chair",
        "nasa": "You hang the receiver back on the commissary wall.",
        "own": "The receiver by your bed nods once more",
    }
    _only_on(engine, "a4_countdown", marks)
    for side in SIDES:
        assert "smooth and indifferent" not in _text(engine, "a4_countdown", side=side)


def test_nasa_players_heard_the_two_dishes_from_danielle_not_at_a_table(engine: Engine) -> None:
    """A NASA source may never have been to Jamestown in January: the dishes come by phone."""
    text = _text(engine, "a4_countdown", side="nasa")
    assert "Danielle put it to you on the phone a month ago" in text
    assert "Jamestown menu" not in text


def test_the_intrusion_ends_on_each_sides_own_line(engine: Engine) -> None:
    marks = {
        "helios": '"It is also not."',
        "nasa": "Spend them on whatever you came up here to do.",
        "own": "I have done it in sixty. I did not enjoy it.",
    }
    _only_on(engine, "a4_the_hack", marks)


def test_devs_pitch_is_made_to_the_side_he_is_talking_to(engine: Engine) -> None:
    marks = {
        "helios": "That's a birth certificate.",
        "nasa": "I'm asking which of those you'd rather have typed.",
        "own": '"I won\'t sell it to you," he says.',
    }
    _only_on(engine, "a4_in_control", marks, access=6)
    for side in SIDES:
        # Ed's line at nine hours is the only 'whose you are' in a run
        assert "whose you are" not in _text(engine, "a4_in_control", side=side)


def test_the_earth_inquiry_reads_by_side(engine: Engine) -> None:
    marks = {
        "helios": "looks away first, which is not like her",
        "nasa": "They'll make you say it forty times.",
        "own": "Plain is the only thing that survives a telex.",
    }
    _only_on(engine, "a5_earth_inquiry", marks)
    telex = {
        "helios": "The printer stops, clacks twice and starts again",
        "nasa": "Sato, who is thorough, leaves one too.",
        "own": "Sato tears the sheet off at the perforation",
    }
    _only_on(engine, "a5_earth_inquiry", telex)


def test_each_free_mars_coda_has_its_own_ohio(engine: Engine) -> None:
    values = {"destination": "mars", "ending": "free_mars", "tape": True}
    stay = _text(engine, "end_free_mars", coda="stay", **values)
    leave = _text(engine, "end_free_mars", coda="leave", **values)
    # the station only ever has her letters; the house on Earth has her kitchen and her call
    assert "seven months behind its Ohio postmark" in stay and "tomatoes" not in stay
    assert "You drive to Ohio." in leave and "tomatoes" in leave
    assert "I don't know what I want from you" in stay
    assert "I don't know what I want from you" not in leave
    assert "You'll have heard by now." in stay and "He died on Tuesday" not in stay
    assert "He died on Tuesday" in leave


def test_each_helios_fall_coda_tells_the_portrait_its_own_way(engine: Engine) -> None:
    values = {"destination": "mars", "ending": "helios_fall", "lee_promise": True}
    stay = _text(engine, "end_helios_fall", coda="stay", **values)
    leave = _text(engine, "end_helios_fall", coda="leave", **values)
    assert "*They have taken my portrait off the lobby wall in Houston." in stay
    assert "she thinks a picture fell" in leave and "my portrait" not in leave
    assert "in the voice of a man reporting a fault" in stay
    assert "Dev says Lee has the wrong man" in leave
    for line in ("He never told you. Lee did.", "New hires assume something fell."):
        assert line not in stay and line not in leave
