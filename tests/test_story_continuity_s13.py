"""Slips the readers of session 12's last round found, and the shared Earth blocks they asked to
see vary, fixed in session 13; each played on the path that used to show it."""

from __future__ import annotations

import pytest

from game.engine import Engine, GameState
from tests.test_story_continuity import (
    HELIOS_ACT1,
    HELIOS_ACT2,
    TO_THE_WATER_PLANT,
    ending_text,
    engine,
    story,
    text_at,
    walk,
)
from tests.test_story_continuity_s12 import _first, _seen, games

__all__ = ["engine", "games", "story"]  # the fixtures, shared


def test_the_seller_who_has_not_come_out_is_the_one_found_in_the_filter_room(
    engine: Engine,
) -> None:
    """'One hasn't come out' named a third seller nobody ever heard of again; it is Oksana, whom
    the player finds that night, photographed for Kessler's file (the film the raid spills)."""
    states = walk(engine, [*TO_THE_WATER_PLANT, "Walk away"])
    sump = text_at(engine, states, "a2_sump")
    assert "The third is Rudy's supplier, a Soviet driller called Oksana Belova" in sump
    assert "hasn't come out" in sump and "One hasn't come out" not in sump
    plant = next(s for s in states if "Oksana Belova is strapped" in engine.view(s).text)
    assert "takes a picture, for the file" in engine.view(plant).text


def test_kelly_is_not_assumed_to_know_the_player_joined_her_father(engine: Engine) -> None:
    states = walk(engine, [*HELIOS_ACT1, *HELIOS_ACT2[:7]])
    text = text_at(engine, states, "a2_kelly_manifest")
    assert "does not ask you how that is going" not in text
    assert "it is the one thing about her father you cannot tell her" in text


def test_danielle_who_heard_about_ocampo_is_not_said_to_have_learned_to_believe(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: any(
            x.scene == "a3_the_hatch" and x.values["gave_rudy"] and x.values["danielle_trust"] >= 6
            for x in s
        ),
    )
    text = text_at(engine, states, "a3_the_hatch")
    assert "trusts your figures, whatever she heard about Ocampo" in text
    assert "has learned to" not in text


def test_an_earth_burn_in_lees_room_gives_lee_his_part(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A burn for Earth flown from Lee's room left Lee out entirely, and the marines walked into
    the North Korean section with no one to open the hatch."""
    states = _first(games, lambda s: _seen(s, "a4_lee_dish") and _seen(s, "a4_burn_earth"))
    text = text_at(engine, states, "a4_burn_earth")
    assert "Lee says nothing at all" in text or "Lee stays." in text
    assert "Lee has gone down to open the red hatch for them himself" in text
    helios = _first(
        games,
        lambda s: (
            _seen(s, "a4_the_hack") and not _seen(s, "a4_lee_dish") and _seen(s, "a4_burn_earth")
        ),
    )
    assert "red hatch" not in text_at(engine, helios, "a4_burn_earth")


def test_custody_at_lees_dish_is_walked_out_through_his_section(
    engine: Engine, games: list[list[GameState]]
) -> None:
    at_lee = _first(games, lambda s: s[-1].scene == "end_caught" and _seen(s, "a4_lee_dish"))
    at_helios = _first(games, lambda s: s[-1].scene == "end_caught" and not _seen(s, "a4_lee_dish"))
    assert '"Slow was all I had."' in ending_text(engine, at_lee[-1])
    assert "Lee's ladder" not in ending_text(engine, at_helios[-1])


def test_the_wiped_guidance_has_its_own_future_not_the_long_darks(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The wipe used to be followed by the Long Dark's 2012 and 2039: a rock that had never made a
    capture burn passed Earth and came back past Mars as if the botched burn had bent it."""
    wiped = _first(
        games,
        lambda s: s[-1].scene == "end_caught" and s[-1].values["destination"] == "lost",
    )
    text = ending_text(engine, wiped[-1])
    assert "swung past Earth uncaptured in October 2003" in text
    assert "came back by Earth for the first time since 2003" in text
    assert "independent prospectors" not in text
    dark = _first(games, lambda s: s[-1].scene == "end_long_dark")
    assert "independent prospectors" in ending_text(engine, dark[-1])


@pytest.mark.parametrize("first", [True, False])
def test_2012_on_the_earth_line_opens_its_own_way_for_each_blame(
    engine: Engine, games: list[list[GameState]], first: bool
) -> None:
    """The three Earth endings opened 2012 with the same five paragraphs; each blame now opens on
    its own news, and keeps the colony's count."""
    openings = {}
    for blamed in ("aleida", "dev", "nobody"):
        states = _first(
            games,
            lambda s, b=blamed: _seen(s, "a6_2012_earth") and s[-1].values["blamed"] == b,
        )
        text = text_at(engine, states, "a6_2012_earth")
        assert "286" in text or "eighty-six" in text
        openings[blamed] = text[:200] if first else text[200:600]
    assert len(set(openings.values())) == 3


def test_the_earth_inquiry_seats_the_player_by_what_they_did(
    engine: Engine, games: list[list[GameState]]
) -> None:
    seats = {
        "a4_in_control": "a chair at the table itself",
        "a4_the_hack": "halfway between the witness chair and the door",
        "": "the witness and not the accused",
    }
    for scene, seat in seats.items():

        def route(s: list[GameState], scene: str = scene) -> bool:
            if not _seen(s, "a5_earth_inquiry"):
                return False
            if scene == "a4_the_hack":
                return _seen(s, scene) and not _seen(s, "a4_in_control")
            return _seen(s, scene) if scene else not _seen(s, "a4_the_hack")

        text = text_at(engine, _first(games, route), "a5_earth_inquiry")
        assert seat in text
        assert all(other in (seat,) or other not in text for other in seats.values())


def test_free_mars_tells_of_a_party_the_player_was_not_at_as_hearsay(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: (
            s[-1].scene == "end_free_mars"
            and s[-1].values["kelly_knows"]
            and not s[-1].values["signed_leak"]
        ),
    )
    text = ending_text(engine, states[-1])
    assert "Alex tells you, years later, that she told him once, at a party in the Sump" in text


def test_a_botched_burn_says_what_the_players_own_model_saw(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(games, lambda s: _seen(s, "a4_botched") and s[-1].values["own_model"])
    assert "Your own model, running beside the live stack, never saw it coming" in text_at(
        engine, states, "a4_botched"
    )
