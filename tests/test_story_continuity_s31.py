"""Session 31: round 65's readers found these lines untrue on the paths that showed them, and
the Mars timelines cut to what the ending or a choice caused. Each test puts the game in the
state of that path (the scene, the values, the visits the text reads) and asserts what the
player now reads there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_story_continuity_s25 import _state, _text

from game.engine import Engine
from game.engine.loader import load_story

SCENES = Path(__file__).resolve().parent.parent / "scenes"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_story(SCENES))


def _timeline(engine: Engine, scene: str, **values: Any) -> list[tuple[str, str]]:
    ending = engine.ending_view(_state(engine, scene, (), values))
    assert ending is not None
    return [(item.year, " ".join(item.text.split())) for item in ending.consequences]


def _joined(engine: Engine, scene: str, **values: Any) -> str:
    return " ".join(text for _, text in _timeline(engine, scene, **values))


MARS = {"destination": "mars"}


def test_a_hale_on_the_station_sends_dev_the_cassette_he_may_not_come_for(engine: Engine) -> None:
    """helios_fall, stay: Dev is barred from Mars and dies without setting foot on the station,
    yet 'Hale offered Dev Ayesa the cassette' and Dev 'gave it back' in 2031."""
    values = {**MARS, "ending": "helios_fall", "evidence": True, "tape": True, "blamed": "dev"}
    stay = _joined(engine, "end_helios_fall", coda="stay", **values)
    assert "Hale sent Dev Ayesa, by the Earth transfer, the cassette" in stay
    assert "sent it back on the next ship" in stay
    leave = _joined(engine, "end_helios_fall", coda="leave", **values)
    assert "Hale offered Dev Ayesa the cassette" in leave
    assert "gave it back, and told Hale" in leave


def test_tarasovas_proxy_note_finds_hale_where_hale_went(engine: Engine) -> None:
    """helios_fall, Helios side, Irina's yes: her proxy notes went 'to the station's flight office'
    for a Hale who had left it for Virginia in 2012."""
    values = {**MARS, "ending": "helios_fall", "side": "helios", "irina_deal": True}
    leave = _joined(engine, "end_helios_fall", coda="leave", **values)
    assert "care of a post box in Virginia" in leave
    assert "to the station's flight office, care of Ayesa's engineer" not in leave
    stay = _joined(engine, "end_helios_fall", coda="stay", **values)
    assert "to the station's flight office, care of Ayesa's engineer" in stay


def test_a_hale_back_on_mars_empties_the_locker_in_person(engine: Engine) -> None:
    """fido, stay: Hale lives three doors down, yet Kelly emptied the locker 'on Hale's word'."""
    values = {**MARS, "ending": "fido", "blamed": "you", "evidence": True, "tape": True}
    stay = _joined(engine, "end_fido", coda="stay", **values)
    assert "Hale emptied the one where the cassette had sat under a set of old thermals" in stay
    assert "on Hale's word" not in stay
    leave = _joined(engine, "end_fido", coda="leave", **values)
    assert "Kelly emptied the one where the cassette had sat under Hale's thermals" in leave


def test_the_fido_ending_on_earth_is_not_titled_for_a_blackboard(engine: Engine) -> None:
    values = {**MARS, "ending": "fido", "blamed": "you"}
    leave = engine.view(_state(engine, "end_fido", (), {**values, "coda": "leave"}))
    stay = engine.view(_state(engine, "end_fido", (), {**values, "coda": "stay"}))
    assert leave.title == "Red pencil" and "red pencil" in leave.text
    assert stay.title == "Chalk" and "chalk" in stay.text


def test_poole_is_not_said_to_have_waited_for_names_she_was_given(engine: Engine) -> None:
    """shared_sky, NASA side: 'Commander Poole, who had waited all winter for names' after the
    player's calls had given her every name and got the plotters arrested."""
    text = _joined(engine, "end_shared_sky", ending="shared_sky", destination="earth", side="nasa")
    assert "waited all winter for names" not in text
    assert "Commander Poole, who had wanted a trial, got a paid colony instead" in text


def test_the_witness_chair_sentence_has_its_verb(engine: Engine) -> None:
    text = _joined(
        engine, "end_rosales", ending="rosales", destination="earth", side="helios", blamed="aleida"
    )
    assert "checked her father's numbers all winter and sat in the witness chair in April" in text


def test_ed_on_the_countdown_line_is_not_said_to_have_rung_before(engine: Engine) -> None:
    """A NASA player who never took Ed's calls heard he 'has not rung you since January'."""
    text = _text(engine, "a4_countdown", side="nasa", hideout="none")
    assert "not rung you since January" not in text
    assert "You cannot remember when he last rang you" in text


@pytest.mark.parametrize("wrote_ed", [True, False])
def test_ed_tries_the_doors_and_opens_none(engine: Engine, wrote_ed: bool) -> None:
    """iridium, NASA side: the 2012 scene has Ed 'trying the doors' every Sunday; the coda said
    'He never tried the Soviet door'."""
    values = {
        "ending": "iridium",
        "destination": "earth",
        "side": "nasa",
        "blamed": "dev",
        "coda": "stay",
        "wrote_ed": wrote_ed,
    }
    scene = _text(engine, "a6_2012_earth", **values)
    assert "trying the doors" in scene
    coda = _text(engine, "end_iridium", ("a6_2012_earth",), **values)
    assert "He never tried" not in coda
    assert "He tried the section's doors every Sunday and never opened one" in coda


def test_the_trial_away_from_mars_is_longer_than_two_crossings(engine: Engine) -> None:
    """'the trial that took you off Mars for most of a year', with five months in transit each
    way."""
    for side in ("nasa", "own"):
        text = _text(
            engine,
            "a6_2012_earth",
            ending="iridium",
            destination="earth",
            side=side,
            blamed="dev",
            ed_freed=False,
        )
        assert "for most of a year" not in text
        assert "took you off Mars for a year and more" in text, side


def test_aleidas_last_page_hangs_where_it_was_taped(engine: Engine) -> None:
    """rosales, Helios side, gone to Earth: 'the one on Sato's wall', for a page taped over the
    cell bench at Danielle's base in 2003."""
    text = _text(
        engine,
        "end_rosales",
        ending="rosales",
        destination="earth",
        side="helios",
        blamed="aleida",
        coda="leave",
    )
    assert "Sato's wall" not in text
    assert "The last page, the one over the bench in the cell." in text


@pytest.mark.parametrize("ending", ["fido", "madison", "helios_fall", "free_mars"])
def test_watching_the_plot_with_ed_is_remembered_at_his_death(engine: Engine, ending: str) -> None:
    """'Watch the plot with Ed until the engines cut' left one hand on a shoulder and nothing
    after; going down to the galley echoed for decades (round 65)."""
    blamed = {"fido": "you", "madison": "margo", "helios_fall": "dev", "free_mars": "nobody"}
    values = {**MARS, "ending": ending, "blamed": blamed[ending], "evidence": True, "tape": True}
    watched = _joined(engine, f"end_{ending}", told_galley=False, **values)
    galley = _joined(engine, f"end_{ending}", told_galley=True, **values)
    mark = "until the engines cut"
    assert mark in watched, ending
    assert mark not in galley, ending


def test_taking_what_irina_can_get_keeps_her_in_her_chair(engine: Engine) -> None:
    """'Take what Irina can get' had no echo; the bigger share cost her the administration."""
    values = {"ending": "shared_sky", "destination": "earth", "side": "own"}
    took = _joined(engine, "end_shared_sky", bigger_share=False, **values)
    assert "kept the Soviet space administration for six more years" in took
    assert "carried the trust's three percent through the spring plenum" in took
    fought = _joined(engine, "end_shared_sky", bigger_share=True, **values)
    assert "removed as head of the Soviet space administration" in fought
    assert "three percent through the spring plenum" not in fought


def test_mars_timelines_drop_the_slots_nothing_caused(engine: Engine) -> None:
    """Rounds 62-64: every Mars timeline ran the same cast list (Oksana 2005, Sato 2009, Alex
    2012, Tarasova 2014). Each now shows only where the ending or a choice made it a
    consequence; Oksana and Tarasova keep a fate inside entries that are caused."""
    for ending, blamed in (("madison", "margo"), ("free_mars", "nobody"), ("helios_fall", "dev")):
        items = _timeline(
            engine, f"end_{ending}", ending=ending, blamed=blamed, pulled_alarm=False, **MARS
        )
        years = [year for year, _ in items]
        text = " ".join(t for _, t in items)
        assert "2009" not in years, ending  # no Sato file without the player's statement in it
        assert "2014" not in years, ending  # Tarasova's fate is in the Soviet-inquiry entry
        assert "Yelena Tarasova" in text and "Oksana Belova" in text, ending
        alex = [
            t for _, t in items if t.startswith(("Alex", "At sixteen Alex", "Helios's auditors"))
        ]
        assert len(alex) == (1 if ending == "helios_fall" else 0), ending  # his pay: the plea's
    alarm = _timeline(
        engine, "end_madison", ending="madison", blamed="margo", pulled_alarm=True, **MARS
    )
    assert any(year == "2005" and "fire alarm" in t for year, t in alarm)


# ---------------------------------------------------------------- round 66


def test_lee_is_not_said_never_to_learn_what_he_heard_at_the_rim(engine: Engine) -> None:
    """Lee stood at the rim-room door while Aleida and Ed said who had sat at Sato's table; the
    timeline said he 'never learned' it, of an 'it' that was his dish, not the promise."""
    values = {**MARS, "side": "nasa", "lee_promise": True, "blamed": "margo", "ending": "madison"}
    ending = engine.ending_view(_state(engine, "end_madison", ("a4_lee_dish",), values))
    assert ending is not None
    text = " ".join(" ".join(c.text.split()) for c in ending.consequences)
    assert "never learned that the engineer" not in text
    assert "He never asked whether the engineer who had vouched for the promise" in text


def test_the_madison_cassette_comes_out_of_where_it_was_kept(engine: Engine) -> None:
    values = {**MARS, "ending": "madison", "blamed": "margo", "evidence": True, "tape": True}
    stay = _joined(engine, "end_madison", coda="stay", **values)
    assert "out of the locker where it had lain since 2003" in stay
    assert "after twenty-eight years on Mars" in stay
    leave = _joined(engine, "end_madison", coda="leave", **values)
    assert (
        "out of the desk drawer in Maryland where it had lain since Hale left Mars in 2012" in leave
    )
    assert "years on Mars" not in leave


def test_ed_freed_in_may_left_mars_in_may(engine: Engine) -> None:
    values = {"destination": "earth", "ending": "iridium", "ed_freed": True, "tape": True}
    text = _joined(engine, "end_iridium", side="helios", blamed="dev", **values)
    assert "He had left Mars in May 2003, on a Soviet exit stamp" in text
    assert "home since May 2003" not in text


def test_the_parole_word_names_who_was_paroled(engine: Engine) -> None:
    text = _text(
        engine,
        "end_rosales",
        ending="rosales",
        destination="earth",
        side="nasa",
        blamed="aleida",
        coda="stay",
    )
    assert "Sato sends you word that Aleida is out on parole, at forty-seven" in text


def test_danielles_talk_is_not_had_twice(engine: Engine) -> None:
    """A NASA source who warned the hideout had 'the talk' in Danielle's office at the debrief,
    then heard 'I said we'd talk … That's the talk' again at What it bought (round 66)."""
    base = ("a3_hideout_warned", "a3_wall_holds")
    values = {"side": "nasa", "raid_hurt": "none", "hideout": "barricade"}
    again = _text(engine, "a5_poole_office", (*base, "a3_jamestown_debrief"), **values)
    assert "We had our talk in my office. I left one line out of it." in again
    assert "That's the line." in again and "I said we'd talk" not in again
    first = _text(engine, "a5_poole_office", base, **values)
    assert "I said we'd talk." in first and "That's the talk." in first
