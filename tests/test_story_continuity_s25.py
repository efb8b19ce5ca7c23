"""Session 25: round 54's readers found these lines untrue on the paths that showed them. Each
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


def _timeline(engine: Engine, scene: str, visits: tuple[str, ...] = (), **values: Any) -> str:
    ending = engine.ending_view(_state(engine, scene, visits, values))
    assert ending is not None
    return " ".join(" ".join(item.text.split()) for item in ending.consequences)


def _reply(engine: Engine, scene: str, label: str, visits: tuple[str, ...], **values: Any) -> str:
    state = _state(engine, scene, visits, values)
    view = engine.view(state)
    number = next(c.number for c in view.choices if c.label == label)
    return " ".join(engine.view(engine.choose(state, number - 1)).reply.split())


def test_the_nasa_history_does_not_know_what_went_into_the_recycler(engine: Engine) -> None:
    """'What it bought': Hale feeds the folder to the recycler alone, with the marine's eyes on the
    corridor; the 2035 history then 'recorded' that it went through a basement recycler."""
    text = _timeline(
        engine, "end_iridium", side="nasa", folder="shredded", blamed="dev", destination="earth"
    )
    assert "basement recycler" not in text
    # session 30: the 2035 entry is Dev's review, which cites no Jamestown file either way
    assert "Its one unnamed source was a footnote" in text
    history = text[text.index("NASA published its official history") :]
    assert "file" not in history[: history.index("on the witness list of his trial")]


def test_a_one_armed_single_handshake_is_typed_with_one_hand(engine: Engine) -> None:
    """The intrusion warns that 'a single handshake wants two quick hands, and tonight you have
    one'; the single handshake then had 'your own hands, which have started to shake'."""
    hack = ("a4_the_hack",)
    shot = _text(engine, "a4_in_control", hack, raid_hurt="you", side="helios")
    assert "under one hand, the left, slow and exact" in shot
    assert "your one good hand, which has started to shake" in shot
    assert "your own hands" not in shot
    whole = _text(engine, "a4_in_control", hack, raid_hurt="none", side="helios")
    assert "your own hands, which have started to shake" in whole


def test_kelly_does_not_bury_traffic_that_goes_through_pyongyang(engine: Engine) -> None:
    dish = _text(engine, "a4_the_hack", ("a4_lee_dish",), kelly_knows=True, side="own")
    assert "Kelly can't help with that" in dish and "Unless Kelly buries it" not in dish


def test_the_module_she_walked_in_with_ends_the_slow_way(engine: Engine) -> None:
    """'The crypto module you got to her in February ... she walks in the front', then 'all that
    month she went in on a maintenance account, the slow way'."""
    delivered = _text(engine, "a4_the_hack", ("a2_hideout",), side="helios")
    assert "she walks in the front" in delivered
    assert "until the module reached her she went in on a maintenance account" in delivered
    assert "all that month" not in delivered
    kept = _text(engine, "a4_the_hack", ("a2_hideout",), side="helios", key_in_vault=True)
    assert "all that month she went in on a maintenance account" in kept


def test_the_helios_inquiry_does_not_hide_ed_and_aleida_in_a_sump_that_shuns_helios(
    engine: Engine,
) -> None:
    shunned = _text(engine, "a5_mars_inquiry", side="helios", gave_rudy=True)
    assert "down in the Sump" not in shunned
    assert "will not sell a Helios badge so much as a match" in shunned
    sheltered = _text(engine, "a5_mars_inquiry", side="helios", gave_rudy=False)
    assert "has a fair idea which rooms" in sheltered


def test_danielles_promise_under_oath_is_answered_at_the_inquiry(engine: Engine) -> None:
    """'I will say so under oath, and your name will be in the sentence', then nothing: the
    inquiry now says what she did with it, where the player left their name on the tape."""
    debrief = ("a3_jamestown_debrief",)
    named = _text(
        engine, "a5_mars_inquiry", debrief, side="nasa", gave_statement=True, raid_hurt="none"
    )
    assert "not one word about a source" in named and "with HALE on the label" in named
    # session 27 (round 58): the player who had the name taken off the tape heard the oath too
    unnamed = _text(
        engine, "a5_mars_inquiry", debrief, side="nasa", gave_statement=False, raid_hurt="none"
    )
    assert "what I'd say under oath" in unnamed and "not one word about a source" in unnamed
    assert "with HALE on the label" not in unnamed
    never = _text(engine, "a5_mars_inquiry", side="nasa", gave_statement=True, raid_hurt="none")
    assert "not one word about a source" not in never


def test_the_cyclers_defendant_is_tried_for_something(engine: Engine) -> None:
    """'A theft needs a thing stolen', then a trial with no charge named."""
    hearing = _text(engine, "a5_cycler_hearing", side="own")
    assert "What is left to try anyone for is the door" in hearing
    text = _timeline(engine, "end_cycler", blamed="you", destination="cycler")
    assert "for entering a treaty vessel's guidance without authority" in text


def test_the_witness_who_flew_home_for_the_trial_is_remembered(engine: Engine) -> None:
    """'Testify for the prosecution in person' flew the player to Houston in 2004; the NASA coda
    then had a place set 'when you landed in 2012' as the first, and Dev reading the name off an
    attendance sheet as if the courtroom had never happened."""
    seen = ("a5_dev_trial",)
    values = {"side": "nasa", "coda": "leave", "blamed": "dev", "destination": "earth"}
    testified = _text(engine, "end_iridium", seen, wrote_ed=False, **values)
    assert "in 2004, when the prosecution flew you to Houston" in testified
    assert "she was still on Mars" in testified
    assert "watching you from the defence table" in testified
    wrote = _text(engine, "end_iridium", seen, wrote_ed=True, **values)
    assert "she was still on Mars" not in wrote and "defence table" not in wrote


def test_the_handover_burn_is_not_told_as_the_aborted_one(engine: Engine) -> None:
    """A Helios player who handed the dish to Danielle got the abort's closing line ('a clean burn
    and a very quiet room') and Aleida not looking round for a player who sat beside her all
    February."""
    text = _text(engine, "a4_burn_earth", side="helios", worked_beside=True, raid_hurt="you")
    assert "nine hours out you handed them to Danielle" in text
    assert "a clean burn and a very quiet room" not in text
    assert "looked once at the second stool" in text
    assert "she looks at your sling" in text
    aborted = _text(engine, "a4_burn_earth", ("a4_the_hack",), side="helios")
    assert "a clean burn and a very quiet room" in aborted


def test_aleida_told_to_her_face_answers_the_night_she_had(engine: Engine) -> None:
    label = "Tell Aleida to her face"
    control = _reply(
        engine, "a4_burn_earth", label, ("a4_the_hack", "a4_in_control"), side="helios"
    )
    assert "the printout of the checksum" in control and "pens" not in control
    aborted = _reply(engine, "a4_burn_earth", label, ("a4_the_hack",), side="helios")
    assert "three hours fifty" in aborted and "pens" not in aborted
    handed = _reply(engine, "a4_burn_earth", label, (), side="helios")
    assert "keep her pens" in handed


def test_the_talk_promised_at_the_hatch_is_not_forgotten_on_the_phone(engine: Engine) -> None:
    text = _text(engine, "a3_aftermath", ("a3_hideout_warned",), side="nasa", raid_hurt="none")
    assert "The talk she promised you at the hatch she does not start" in text
    assert "a little shorter each time" not in text


def test_the_trusteeship_colony_fills_again_when_danielle_is_elected(engine: Engine) -> None:
    """Round 54: not 'few enough left' on the trust's colony; round 57: not yet 'growing' either,
    in the winter the 2012 scene still has the valley folding itself up."""
    values = {"danielle_trust": 8, "raid_hurt": "none", "destination": "earth", "blamed": "nobody"}
    text = _timeline(engine, "end_shared_sky", **values)
    # session 31: her election is the 2012 scene's to tell (the timeline retold it, round 65)
    scene = _text(engine, "a6_2012_earth", ending="shared_sky", side="helios", **values)
    assert "The commissary voted Danielle in this winter to run what the trust pays for" in scene
    assert "was growing" not in text and "was growing" not in scene
    assert "few enough by then to hold the vote" not in text + scene
    assert "it was not clear that either signatory would own it" in text


def test_the_rounding_error_told_to_the_auditors_comes_back_at_the_inquiry(engine: Engine) -> None:
    """'Kessler writes *rounding error* in his notebook and underlines it', and it never came back
    (round 54's Mars reader, and every round before it)."""
    lied = _text(engine, "a5_mars_inquiry", side="own", lied_rounding=True)
    assert "where *rounding error* is still underlined" in lied
    honest = _text(engine, "a5_mars_inquiry", side="own", lied_rounding=False)
    assert "rounding error" not in honest
    state = _state(engine, "a2_interview", (), {"access": 4, "margo_contact": False})
    number = next(
        c.number for c in engine.view(state).choices if c.label.endswith("a rounding error")
    )
    assert engine.choose(state, number - 1).values["lied_rounding"] is True


def test_margo_forwarded_to_dev_knows_it(engine: Engine) -> None:
    """'Forward the message to Dev' and 'Wipe it from the buffer' gave the same Margo entry word
    for word (both round-54 readers)."""
    values = {"blamed": "dev", "destination": "earth", "side": "nasa"}
    forwarded = _timeline(engine, "end_iridium", forwarded_margo=True, **values)
    assert (
        "the relay receipt showed her one message opened by Dev Ayesa within the minute"
        in forwarded
    )
    wiped = _timeline(engine, "end_iridium", forwarded_margo=False, **values)
    assert (
        "She had sent nothing to Mars since January 2003 and never put what else she knew of the"
        " reserve in the capture numbers on paper" in wiped
    )
    assert "relay receipt" not in wiped


def test_round_55_timeline_facts_hold_on_the_endings_that_show_them(engine: Engine) -> None:
    """The madison timeline named a trusteeship that never happened; the fido one had the engineer
    'still in transit' in 2004; the Kessler entry put a shot engineer in charge of the flight
    office Aleida ran; the 2041 strikes fell at a 'fourth renewal' of ten-year contracts."""
    mars = {"destination": "mars", "miners": 2, "miners_in_deal": False}
    madison = _timeline(engine, "end_madison", blamed="margo", **mars)
    assert "trusteeship" not in madison
    assert "which the station's crews were never asked to read" in madison
    # session 27: each ending's strikes have their own opening; madison's met in the school
    assert "crews that had never elected a council to meet for them" in madison
    fido = _timeline(engine, "end_fido", blamed="you", **mars)
    assert "still in transit" not in fido and "stood trial on Earth" in fido
    fall = _timeline(engine, "end_helios_fall", blamed="dev", raid_hurt="you", **mars)
    # session 27: the head-of-security offer that carried that line is gone from helios_fall
    assert "whose engineer" not in fall and "head of security" not in fall


def test_round_55_lines_follow_the_run_that_shows_them(engine: Engine) -> None:
    """Sato phoned a player in the infirmary at the tram stop; Kelly's weather-dump cover was
    announced and then ignored; Dev told a NASA source 'You knew that' of an offer made only to
    the other sides; the Earth burn was 'never known to be chosen twice' by a committee that then
    read the record."""
    shot = _text(engine, "a3_aftermath", side="nasa", raid_hurt="you")
    assert "over the phone by your infirmary bed" in shot and "tram-stop phone" not in shot
    assert "For the rest of the fifteen days, once they let you out" in shot
    hack = ("a4_the_hack",)
    covered = _text(engine, "a4_in_control", hack, slow_hack=True, kelly_knows=True, side="own")
    assert "it looks like weather" in covered and "for anyone who cares to read it" not in covered
    # the antenna's own log has every burst, weather dump or not: the inquiry says why it can
    log = _text(engine, "a5_mars_inquiry", slow_hack=True, kelly_knows=True, side="own")
    assert "which kept count whatever the spectrum displays showed" in log
    nasa = _text(engine, "a5_dev_falls", side="nasa")
    assert "You knew that" not in nasa and "Poole's file will say" in nasa
    assert "You knew that" in _text(engine, "a5_dev_falls", side="own")
    # session 27: the Helios player met him on the bench, where he said nothing of volunteering
    helios = _text(engine, "a5_dev_falls", side="helios")
    assert "You knew that" not in helios and "I'd have told you on the bench" in helios
    burn = _text(engine, "a4_burn_earth", (*hack, "a4_in_control"), side="helios")
    assert "never know was chosen twice" not in burn
    assert "it will be three weeks before anyone asks who chose the line" in burn


def test_nine_hours_opens_where_the_player_is(engine: Engine) -> None:
    """'Nine hours' opened on the same 96 words in every run (round 55's Earth reader)."""
    openings = {
        side: _text(engine, "a4_countdown", side=side)[:120] for side in ("helios", "nasa", "own")
    }
    assert "set up in front of Aleida's chair" in openings["helios"]
    assert "commissary television" in openings["nasa"]
    assert "little receiver in your quarters" in openings["own"]
