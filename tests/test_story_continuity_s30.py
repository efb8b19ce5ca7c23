"""Session 30: rounds 63 and 64's readers found lines untrue on the paths that showed them (a
stranger's welcome from a Danielle who had just vouched for the player, meals 'in plain view' from
an infirmary bed, a cassette 'nine years' in a drawer in 2031, a commander of Jamestown years after
she left it) and choices that changed nothing (asking Kelly to stay clear, refusing to confirm the
hideout). Each test puts the game in the state of that path and asserts what the player reads."""

from __future__ import annotations

import pytest

from game.engine import Engine
from game.engine.loader import load_story
from tests.test_story_continuity_s25 import _text
from tests.test_story_continuity_s25 import _timeline as _joined
from tests.test_story_continuity_s26 import SCENES


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_story(SCENES))


def _nasa_iridium_timeline(engine: Engine, **extra: object) -> str:
    """The consequences timeline of a NASA mole whose testimony sent Dev to trial."""
    iridium = {"ending": "iridium", "destination": "earth", "blamed": "dev", "side": "nasa"}
    return _joined(engine, "end_iridium", **iridium, **extra)


def test_kelly_asked_to_stay_clear_calls_anyway_and_says_so(engine: Engine) -> None:
    asked = _text(engine, "a2_raid_order", kelly_knows=True, kelly_clear=True)
    # session 31: and says she keeps the shift anyway, which the intrusion's weather dump then
    # shows (round 66: the request was overruled without a word on the page)
    assert "\"You told me to stay clear. I said I'd call. And I'm keeping the night shift" in asked
    assert "on the shift you asked her last week to give up" in asked
    told = _text(engine, "a2_raid_order", kelly_knows=True, kelly_clear=False)
    assert "stay clear" not in told and "Kelly calls at 22:04" in told


def test_a_hideout_nobody_gave_away_is_found_some_other_way(engine: Engine) -> None:
    found = "his people counted the meals Lee's kitchen sends through the red hatch"
    refused = _text(engine, "a2_raid_order", ("a2_danielle_office",), side="helios")
    assert found in refused and "The week Danielle bought you ran to a fortnight" in refused
    assert found in _text(engine, "a2_raid_order", side="own")
    gave = _text(engine, "a2_raid_order", side="helios", told_danielle=True)
    assert found not in gave and "You gave Danielle the hideout" in gave


@pytest.mark.parametrize("values", [{"gave_statement": True}, {"danielle_trust": 7}])
def test_danielle_nine_hours_out_remembers_where_the_player_stood(
    engine: Engine, values: dict[str, object]
) -> None:
    text = _text(engine, "a4_countdown", side="helios", raid_hurt="none", **values)
    assert "one more Helios badge" not in text
    assert "she has seen where you stood when it counted. But a tunnel is not a burn." in text
    assert ("which she has chosen to believe" in text) == ("gave_statement" in values)


def test_a_stranger_to_danielle_is_still_one_more_badge(engine: Engine) -> None:
    text = _text(engine, "a4_countdown", side="helios", raid_hurt="none", danielle_trust=4)
    assert "To her you are one more Helios badge" in text


def test_meals_in_plain_view_start_when_the_infirmary_lets_you_out(engine: Engine) -> None:
    shot = _text(engine, "a4_countdown", side="nasa", raid_hurt="you")
    assert "every meal in plain view since the infirmary let you out" in " ".join(shot.split())
    unhurt = _text(engine, "a4_countdown", side="nasa", raid_hurt="none")
    assert "every meal in plain view since February" in unhurt


def test_ed_knows_who_and_aleida_will_not_let_him_say_it(engine: Engine) -> None:
    values = {"told_danielle": True, "marked_room": True, "hideout": "barricade"}
    nasa = _text(engine, "a4_the_hack", side="nasa", **values)
    assert "Ed says he knows who. Tonight I need your hands" in nasa
    assert "I do not ask whose" not in nasa
    helios = _text(engine, "a4_the_hack", side="helios", **values)
    assert "tonight I do not ask whose" in helios


def test_the_water_plant_evidence_kept_in_a_drawer_until_2031_is_twenty_eight_years_old(
    engine: Engine,
) -> None:
    mars = {"ending": "madison", "destination": "mars", "blamed": "margo", "evidence": True}
    for tape, film in ((True, False), (False, True), (True, True)):
        # session 31: on Mars for a Hale who stayed; in a Maryland drawer for one who left
        text = _joined(engine, "end_madison", tape=tape, film=film, coda="stay", **mars)
        assert "after twenty-eight years on Mars" in text, (tape, film)
        assert "nine years on Mars" not in text


def test_the_fido_locker_rent_is_paid_after_the_sentence_too(engine: Engine) -> None:
    text = _joined(
        engine,
        "end_fido",
        ending="fido",
        destination="mars",
        blamed="you",
        evidence=True,
        tape=True,
    )
    assert "a rent she had paid through the sentence and Hale had paid since" in text
    assert "Wade Kessler kept the commendation Hale's confession had earned him" in text


def test_poole_is_no_commander_after_jamestown_went_to_sato(engine: Engine) -> None:
    # session 32: iridium tells Tarasova's 2014 only where Hale dealt with her (here, Irina's card)
    text = _nasa_iridium_timeline(engine, lee_promise=True, irina_deal=True)
    assert "Jamestown" in text and "Commander Poole about it once" not in text
    assert "sent Commander Poole one line" not in text
    assert "sent Danielle Poole one line" in text


def test_aleida_told_to_her_face_did_not_learn_it_from_the_prosecution(engine: Engine) -> None:
    text = _nasa_iridium_timeline(engine)
    assert "she had worked beside a source of NASA's once already, and once was enough" in text
    assert "the prosecution's papers had shown her" not in text


def test_the_own_rosales_witness_is_not_the_only_one_taken_at_their_word(engine: Engine) -> None:
    text = _text(engine, "end_rosales", ending="rosales", side="own", coda="stay")
    assert "she is one of the very few who took your word" in text
    assert "the only one who took your word" not in text


def test_dev_makes_his_third_offer_after_the_consortiums(engine: Engine) -> None:
    """The 2012 scene counts the consortium's offer as the third since 2006; Dev's third comes
    that autumn, after it."""
    text = _joined(
        engine, "end_rosales", ending="rosales", destination="earth", blamed="aleida", side="own"
    )
    assert "In the autumn of 2012 Dev Ayesa offered Hale a job at his tug company" in text


def test_satos_sealed_report_has_no_blacked_out_lines_before_2033(engine: Engine) -> None:
    text = _nasa_iridium_timeline(engine)
    assert "filed that spring under seal, gave two lines to Dev Ayesa's office window" in text
    assert "blacked out" not in text
