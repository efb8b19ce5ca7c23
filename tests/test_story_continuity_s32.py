"""Session 32: round 66's readers found the middle acts and the last choice read nearly the same
for a Helios loyalist, a NASA source and an engineer of their own, and a few lines that a path
contradicted. Each test puts the game in the state of that path and asserts what the player now
reads there, side by side with what another side reads."""

from __future__ import annotations

from typing import Any

import pytest
from test_story_continuity_s25 import _reply, _state, _text, _timeline
from test_story_continuity_s31 import engine

from game.engine import Engine

__all__ = ["engine"]

SIDES = ("helios", "nasa", "own")


def _choices(engine: Engine, scene: str, visits: tuple[str, ...] = (), **values: Any) -> list:
    state = _state(engine, scene, visits, values)
    return [
        (c.label, choice.set_)
        for c, (_, choice) in zip(
            engine.view(state).choices, engine.visible_choices(state), strict=True
        )
    ]


@pytest.mark.parametrize("blamed", ["aleida", "dev", "nobody"])
def test_each_side_meets_its_own_last_choice_on_earth(engine: Engine, blamed: str) -> None:
    """'Stay with what's left of Happy Valley' or 'Go home to Earth', whoever Hale had been: the
    labels now name the offer that side's 2012 scene makes, and still set stay or leave."""
    labels = {}
    for side in SIDES:
        choices = _choices(engine, "a6_2012_earth", side=side, blamed=blamed, destination="earth")
        assert [s["coda"] for _, s in choices] == ["stay", "leave"]
        labels[side] = tuple(label for label, _ in choices)
        assert not any("Stay with what's left" in label for label in labels[side])
    assert len(set(labels.values())) == 3
    assert len({label for pair in labels.values() for label in pair}) == 6


def test_the_helios_offer_named_in_the_label_is_the_one_in_the_scene(engine: Engine) -> None:
    values = {"side": "helios", "blamed": "dev", "destination": "earth"}
    text = _text(engine, "a6_2012_earth", **values)
    assert "After that the payroll of Helios Aerospace on Mars is one" in text
    assert "two of the names are your pump fitters'" in text
    (stay, _), (leave, _) = _choices(engine, "a6_2012_earth", **values)
    assert "a payroll of one" in stay and "pump fitters" in leave


def test_aleida_says_something_different_to_each_side_when_the_lead_comes_out(
    engine: Engine,
) -> None:
    """'You had it, and you let go', word for word, for all three sides at three hours fifty."""
    said = {
        side: _text(engine, "a4_burn_earth", ("a4_the_hack",), side=side, destination="earth")
        for side in SIDES
    }
    assert "you kept the last one back for yourself" in said["helios"]
    assert "I hope they were worth the two months" in said["nasa"]
    assert '"You had it, and you let go."' not in said["helios"] + said["nasa"]
    assert "You had it, and you let go." in said["own"]


def test_who_tells_aleida_depends_on_whose_engineer_she_took_hale_for(engine: Engine) -> None:
    label = "Let Danielle's people do the telling"
    told = {
        side: _reply(engine, "a4_burn_earth", label, (), side=side, destination="earth")
        for side in SIDES
    }
    assert "whether Dev's flight dynamics lead sent them" in told["helios"]
    assert "how long Jamestown has had someone inside Helios" in told["nasa"]
    assert "whose side you were on all winter" in told["own"]
    office = _text(engine, "a5_poole_office", ("a4_burn_earth",), side="nasa", told_aleida=False)
    assert "Rosales asked Sato how long we'd had someone inside Helios" in office
    assert "whether you'd sent them" not in office


def test_a_helios_witness_carries_devs_note_into_the_committee(engine: Engine) -> None:
    values = {"destination": "earth", "blamed": "nobody"}
    helios = _text(engine, "a5_earth_inquiry", ("a4_burn_earth",), side="helios", **values)
    assert "*Say what you like about me. Leave the company its crews. D.*" in helios
    assert "Helios's contract crews are carried on the 2005 manifests" in helios
    for side in ("nasa", "own"):
        assert "Leave the company its crews" not in _text(
            engine, "a5_earth_inquiry", ("a4_burn_earth",), side=side, **values
        )


@pytest.mark.parametrize("evidence", [True, False])
def test_tarasova_tells_a_helios_and_an_own_hale_different_things_at_door_fourteen(
    engine: Engine, evidence: bool
) -> None:
    values = {"destination": "earth", "evidence": evidence, "tape": evidence}
    helios = _text(engine, "a5_zvezda", ("a4_burn_earth",), side="helios", **values)
    own = _text(engine, "a5_zvezda", ("a4_burn_earth",), side="own", **values)
    assert "Your company has not asked for him at all" in helios
    assert "By your name, not your title" in own and "belonged to nobody" in own
    assert "Your company has not asked" not in own


def test_kelly_asks_each_side_its_own_question_before_the_leak(engine: Engine) -> None:
    values = {"destination": "mars", "tape": True, "evidence": True}
    text = {side: _text(engine, "a5_tapes_leak", **values, side=side) for side in SIDES}
    assert '"Helios signs your pay slip," Kelly says' in text["helios"]
    assert '"Is this for Jamestown?" Kelly asks' in text["nasa"]
    assert '"Whose is this, then?" Kelly asks' in text["own"]


def test_margos_broadcast_is_watched_from_each_side(engine: Engine) -> None:
    values = {"destination": "mars", "raid_hurt": "none"}
    helios = _text(engine, "a5_margo_confession", **values, side="helios")
    own = _text(engine, "a5_margo_confession", **values, side="own")
    nasa = _text(engine, "a5_margo_confession", **values, side="nasa")
    assert "his company's name was never said" in helios
    assert "Nobody under the television looks at you" in own
    assert "Danielle will read the transcript in the morning" in nasa
    assert "Helios tower" not in own + nasa


def test_the_long_dark_post_on_the_net_follows_hales_own_last_choice(engine: Engine) -> None:
    """'Aleida offered the first post on the net to Hale ... and was turned down': the player had
    never been asked. It now follows where Hale chose to spend the years."""
    values = {"destination": "lost", "ending": "long_dark", "side": "helios"}
    stay = _timeline(engine, "end_long_dark", coda="stay", **values)
    leave = _timeline(engine, "end_long_dark", coda="leave", **values)
    assert "Hale kept its Mars end from the Happy Valley dome for twenty years" in stay
    assert "until Hale's transfer to Earth came through" in leave
    assert "was turned down" not in stay + leave


def test_margo_silent_on_mars_is_not_told_in_the_earth_words(engine: Engine) -> None:
    values = {"margo_contact": False, "irina_deal": False, "blamed": "nobody"}
    mars = _timeline(engine, "end_free_mars", destination="mars", ending="free_mars", **values)
    assert "she never sent, and Mars never thought to ask her" in mars
    assert "She had sent nothing to Mars since January 2003" not in mars


def test_pages_that_never_reached_jamestown_are_said_never_to_have_come(engine: Engine) -> None:
    """A Mars run never delivered the four pages, yet 'the four pages she sat up for' read as if
    Danielle had them (round 66)."""
    visits = ("a4_danielle_refuses", "a4_the_hack")
    for blamed in ("margo", "dev", "nobody"):
        text = _text(
            engine, "a6_2012_mars", visits, destination="mars", blamed=blamed, raid_hurt="none"
        )
        assert "four pages" in text
        assert "never came" in text or "never got" in text


EARTH = {"destination": "earth", "raid_hurt": "none", "coda": "stay"}


def test_earth_timelines_keep_oksana_only_where_a_choice_ties_her_to_hale(engine: Engine) -> None:
    """Round 66: every Earth run told Oksana's 2005, Tarasova's 2014 and Sato's 2009, whatever
    the player had done; as on Mars since session 31, each now shows where a choice caused it."""
    values = {**EARTH, "ending": "rosales", "blamed": "aleida", "side": "own"}
    assert "Oksana Belova" not in _timeline(engine, "end_rosales", pulled_alarm=False, **values)
    alarm = _timeline(engine, "end_rosales", pulled_alarm=True, **values)
    assert "THANK YOU FOR THE BELL" in alarm
    iridium = {**EARTH, "ending": "iridium", "blamed": "dev", "side": "own"}
    court = _timeline(
        engine, "end_iridium", tape_in_court=True, evidence=True, tape=True, **iridium
    )
    assert "her own night in the water plant had taken years off it" in court


@pytest.mark.parametrize("side", SIDES)
def test_tarasova_has_an_earth_fate_and_her_own_entry_only_if_hale_dealt_with_her(
    engine: Engine, side: str
) -> None:
    values = {**EARTH, "ending": "rosales", "blamed": "aleida", "side": side}
    plain = _timeline(engine, "end_rosales", **values)
    # her fate is one sentence of Kessler's entry, not an entry of its own
    assert "His Soviet counterpart, Yelena Tarasova, retired the same year" in plain
    assert "the samovar" not in plain and "forty-page report" not in plain
    freed = _timeline(engine, "end_rosales", ed_freed=True, **values)
    assert "which put Ed Baldwin on the May flight home" in freed
    assert "His Soviet counterpart" not in freed
    card = _timeline(engine, "end_rosales", irina_deal=True, **values)
    assert "*Name no one*, was the last thing she ever sent" in card


def test_tarasova_who_offered_ed_for_the_tape_is_remembered_for_it(engine: Engine) -> None:
    values = {**EARTH, "ending": "rosales", "blamed": "aleida", "evidence": True, "tape": True}
    offered = _timeline(engine, "end_rosales", ("a5_zvezda",), side="helios", **values)
    assert "had offered Ed Baldwin's exit stamp for it and been refused" in offered
    never = _timeline(engine, "end_rosales", ("a5_poole_office",), side="nasa", **values)
    assert "never learned what had been under the thermals" in never


def test_satos_shared_sky_report_is_told_to_the_source_it_leaves_out(engine: Engine) -> None:
    values = {**EARTH, "ending": "shared_sky", "blamed": "nobody", "irina_deal": True}
    nasa = _timeline(engine, "end_shared_sky", side="nasa", **values)
    assert "NASA's source inside Helios not at all, though they were one engineer" in nasa
    for side in ("helios", "own"):
        assert "Lt. Sato was given Jamestown" not in _timeline(
            engine, "end_shared_sky", side=side, **values
        )


# ---------------------------------------------------------------- round 67 (Mars reader)

MARS = {"destination": "mars", "raid_hurt": "none"}


def test_margo_who_wrote_to_mars_once_is_not_said_never_to_have_sent_it(engine: Engine) -> None:
    """'What she had seen of the reserve ... she never sent to Mars', though her January message
    was about the reserve, and with the relay receipt of it in the same sentence."""
    values = {**MARS, "ending": "fido", "blamed": "you", "margo_contact": False}
    for forwarded in (True, False):
        text = _timeline(engine, "end_fido", forwarded_margo=forwarded, **values)
        assert "She had sent Mars one message, in January 2003" in text
        assert "what else she had seen of the reserve in the capture numbers she never sent" in text
        assert ("opened by Dev Ayesa within the minute" in text) == forwarded


def test_tarasova_learns_the_label_only_where_kessler_read_it(engine: Engine) -> None:
    values = {
        **MARS,
        "ending": "madison",
        "blamed": "margo",
        "side": "nasa",
        "gave_statement": True,
    }
    read = _timeline(engine, "end_madison", ("a3_jamestown_debrief",), **values)
    assert "the word Kessler printed on his pad at the inquiry" in read
    assert "as well as Ayesa's" not in read
    unread = _timeline(engine, "end_madison", ("a5_your_statement",), **values)
    assert "printed on his pad" not in unread and "label" not in unread


def test_lees_dish_traffic_is_read_by_pyongyang_not_helios(engine: Engine) -> None:
    rim = _text(engine, "a4_the_hack", ("a4_lee_dish",), side="helios")
    assert "which Pyongyang's relay clerks will read in the morning" in rim
    assert "Helios security will read" not in rim
    tower = _text(engine, "a4_the_hack", (), side="helios")
    assert "which Helios security will read in the morning" in tower


def test_an_own_side_informant_is_not_told_nasa_had_no_record(engine: Engine) -> None:
    values = {**MARS, "ending": "free_mars", "blamed": "nobody", "side": "own", "tape": True}
    informer = _text(engine, "a6_2012_mars", told_danielle=True, **values)
    assert "NASA had no record of you" not in informer
    loner = _text(engine, "a6_2012_mars", told_danielle=False, gave_statement=False, **values)
    assert "NASA had no record of you" in loner
    end = _text(engine, "end_free_mars", told_danielle=True, coda="stay", **values)
    assert "You were no one's engineer that winter" not in end
    assert "No one owned you that winter, whatever you chose to tell anyone" in end


def test_alex_draws_three_lines_when_there_are_three(engine: Engine) -> None:
    visits = ("a4_the_hack",)
    three = _text(engine, "a4_in_control", visits, kelly_knows=True, own_model=True, side="own")
    assert "He drew your rock again before bed, all the lines" in three
    two = _text(engine, "a4_in_control", visits, kelly_knows=True, own_model=False, side="own")
    assert "He drew your rock again before bed, both lines" in two


def test_small_round_67_slips(engine: Engine) -> None:
    values = {**MARS, "ending": "helios_fall", "blamed": "dev", "lee_promise": True}
    lee = _timeline(engine, "end_helios_fall", ("a4_lee_dish",), side="nasa", **values)
    assert "whose doing it had been he learned only later" in lee
    rim = _timeline(engine, "end_helios_fall", ("a4_lee_dish",), side="helios", **values)
    assert "the plot of 9 March 2003 from Lee's room on the rim" in rim
    pages = _text(engine, "a6_2012_mars", side="helios", blamed="margo", destination="mars")
    assert "has been since March 2003: seat 1A" in pages
    falls = _text(engine, "a5_dev_falls", side="own", destination="mars")
    assert "within the hour of your naming him" in falls


def test_the_wall_holds_differently_when_hale_dragged_danielle_clear(engine: Engine) -> None:
    """Round 67: 'Step into the gap' and 'Drag Danielle out' gave the same 04:12, word for word,
    but for one rumour and her last line."""
    visits = ("a3_the_hatch",)
    dragged = _text(engine, "a3_wall_holds", visits, pulled_danielle=True, side="own")
    stood = _text(engine, "a3_wall_holds", visits, pulled_danielle=False, side="own")
    assert "Kessler looking at Danielle, flat against the rock where you put her" in dragged
    assert "your engineer has just saved me a very long report" in dragged
    assert "When not to throw" not in dragged and "looking past you" not in dragged
    assert "When not to throw" in stood and "What stops it is Kessler looking past you" in stood


def test_lee_and_danielle_open_each_earth_2012_their_own_way(engine: Engine) -> None:
    """Round 67: 'Lee Jung-gil still lives behind the red hatch, with two of his people and the
    lemon tree' in seven runs; Danielle elected 'in January' on a show of hands in most."""
    lee = {
        blamed: _text(
            engine, "a6_2012_earth", blamed=blamed, lee_promise=True, side="own", danielle_trust=8
        )
        for blamed in ("aleida", "dev", "nobody")
    }
    assert "still lives behind the red hatch, with two of his people" in lee["aleida"]
    assert "keeps the red hatch now for a section of three" in lee["dev"]
    assert "into the trust's greenhouse, where it gets the good light" in lee["nobody"]
    assert "chose her on names written on the backs of ration cards" in lee["dev"]
    assert "on a show of hands" in lee["aleida"] and "on a show of hands" not in lee["dev"]


def test_round_67_small_lines(engine: Engine) -> None:
    """'There's a cassette. The video is nine days old.' stumbled; a boy who lived next door to
    Hale and Aleida asked 'whether you knew her before the inquiry, or only there'."""
    offer = _text(engine, "a2_tarasova_offer")
    assert "Tarasova puts a videocassette into the deck, nine days old by the label" in offer
    assert "There's a cassette." not in offer
    scene = _text(engine, "a6_2012_earth", side="nasa", blamed="aleida", destination="earth")
    assert "whether it was hard to say it about someone you had worked beside every day" in scene
    assert "or only there" not in scene
