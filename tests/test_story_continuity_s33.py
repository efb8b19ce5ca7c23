"""Session 33: round 67's readers found the last choice of every Earth ending was the same
decision, stay on Mars or go to Houston, whatever the labels said. Each Earth ending now asks its
own last question after that one (the cover sheet, the Zvezda door, the spare seat), and each
answer is told in its coda. Each test puts the game where the question is asked, takes an
answer, and asserts what the player reads for it."""

from __future__ import annotations

from typing import Any

import pytest
from test_story_continuity import choose_setting, settle
from test_story_continuity_s25 import _state, _timeline
from test_story_continuity_s31 import engine

from game.engine import Engine

__all__ = ["engine"]

SIDES = ("helios", "nasa", "own")
EARTH = {"aleida": "a6_cover_sheet", "dev": "a6_zvezda_door", "nobody": "a6_spare_seat"}
ENDING = {"aleida": "end_rosales", "dev": "end_iridium", "nobody": "end_shared_sky"}


def _at_2012(side: str, blamed: str, **values: Any) -> dict[str, Any]:
    return {"side": side, "blamed": blamed, "destination": "earth", **values}


def _question(engine: Engine, side: str, blamed: str, coda: str, **values: Any):
    state = _state(engine, "a6_2012_earth", (), _at_2012(side, blamed, **values))
    return choose_setting(engine, state, "coda", coda)  # the stay-or-leave choice alone


def _ending_text(engine: Engine, state) -> str:
    return " ".join(engine.view(state).text.split())


def _answer(engine: Engine, side: str, blamed: str, coda: str, last_act: str, **values: Any) -> str:
    state = _state(engine, "a6_2012_earth", (), _at_2012(side, blamed, **values))
    state = settle(engine, state, coda, last_act)
    assert state.scene == ENDING[blamed]
    return _ending_text(engine, state)


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("coda", ["stay", "leave"])
def test_each_earth_ending_asks_its_own_last_question(engine: Engine, side: str, coda: str) -> None:
    labels = {}
    for blamed, scene in EARTH.items():
        state = _question(engine, side, blamed, coda)
        assert state.scene == scene
        view = engine.view(state)
        labels[blamed] = {c.label for c in view.choices}
        assert len(labels[blamed]) >= 2
        for label in labels[blamed]:  # not the stay-or-go question a second time
            assert "stay" not in label.lower() and "Houston" not in label
    assert not labels["aleida"] & labels["dev"]
    assert not labels["dev"] & labels["nobody"]
    assert not labels["aleida"] & labels["nobody"]


def test_the_zvezda_door_is_not_asked_about_a_man_already_home(engine: Engine) -> None:
    """Where Hale traded the water plant's proof for Ed's exit stamp he lives outside Houston:
    the stay-or-leave choice goes straight to the ending."""
    for coda in ("stay", "leave"):
        state = _question(engine, "own", "dev", coda, ed_freed=True)
        assert state.scene == "end_iridium"
        assert "You knocked that night" not in _ending_text(engine, state)


@pytest.mark.parametrize("side", SIDES)
def test_her_name_on_the_cover_sheet_is_struck_and_read_through_the_felt(
    engine: Engine, side: str
) -> None:
    named = _answer(engine, side, "aleida", "stay", "name")
    signed = _answer(engine, side, "aleida", "stay", "sign")
    assert "*ROSALES (struck)*" in named and "ROSALES" not in signed
    assert "the one name from that valley on the sheet is yours" in signed
    assert "reaches you on Mars" in named
    away = _answer(engine, side, "aleida", "leave", "name")
    assert "in a library in Houston" in away and "reaches you on Mars" not in away


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("coda", ["stay", "leave"])
def test_what_hale_did_at_the_zvezda_door_is_told(engine: Engine, side: str, coda: str) -> None:
    knocked = _answer(engine, side, "dev", coda, "knock")
    wrote = _answer(engine, side, "dev", coda, "petition")
    waited = _answer(engine, side, "dev", coda, "wait")
    assert '"Same time next year,"' in knocked
    assert "withdrawn, with effect from the date of your letter" in wrote
    assert "nothing, because he never asked" in waited
    for text in (knocked, waited):
        assert "date of your letter" not in text
    # only NASA's source has Washington's warrant to answer for as well
    assert ("Washington's warrant" in wrote) == (side == "nasa")


def test_a_nasa_source_who_knocked_once_is_not_told_they_never_knocked(engine: Engine) -> None:
    """The NASA Hale who stays listened to Ed's boots through the tunnel wall 'and did not
    knock': not after knocking on the night of the ninth of March."""
    knocked = _answer(engine, "nasa", "dev", "stay", "knock")
    waited = _answer(engine, "nasa", "dev", "stay", "wait")
    assert "and did not knock" not in knocked
    assert "you never knocked again to find out" in knocked
    assert "For five years you listened to his boots" in waited and "and did not knock" in waited


@pytest.mark.parametrize("side", SIDES)
def test_the_spare_seat_goes_where_hale_put_it(engine: Engine, side: str) -> None:
    lee = _answer(engine, side, "nobody", "stay", "lee", lee_promise=True)
    sump = _answer(engine, side, "nobody", "stay", "sump")
    alex = _answer(engine, side, "nobody", "leave", "alex")
    assert "went to Lee Jung-gil's wife, by name" in lee
    assert "welder's daughter from Bakersfield" in lee
    # Pyongyang still never signs: the promise paragraph's "none of them was a permit" holds
    assert "none of them was a permit from Pyongyang" in lee
    assert "Teo Arriaga" in sump and "Teo Arriaga" not in lee + alex
    assert "In 2013 the seat is his" in alex  # round 68: the held seat brings him early
    assert "In 2017 one of the seats has Alex's name on it" in sump
    assert "booked a call to Houston" in _answer(engine, side, "nobody", "leave", "lee")


# Round 67's Mars reader: "fido own against fido NASA, both staying on Earth: 71% identical";
# usually only the last paragraph spoke to whose engineer Hale had been. Each Mars coda now has a
# beat of its own for each side, in the middle of the life and not only at its close.
SIDE_BEATS = {
    ("end_fido", "you", "stay"): {
        "helios": "a box of new chalk on yours",
        "nasa": "watch Sato decide, again, not to tell them",
        "own": "give them all the same homework",
    },
    ("end_fido", "you", "leave"): {
        "helios": "for the first time in sixteen years, pulled out",
        "nasa": "open an account for the miners' school",
        "own": "two books that agree on nothing else",
    },
    ("end_free_mars", "nobody", "stay"): {
        "helios": "*Cheaper, and about time.*",
        "nasa": "It is the only report you still file.",
        "own": "for nine years running they elect you",
    },
    ("end_free_mars", "nobody", "leave"): {
        "helios": "so that the signature will not look bought",
        "nasa": "a tin of the coffee its radio room drank that winter",
        "own": "You tell them the station, which did not exist yet",
    },
    ("end_madison", "margo", "stay"): {
        "helios": "addressed to *Ayesa's engineer*",
        "nasa": "*You were meant to be my eyes.*",
        "own": "You start it.",
    },
    ("end_madison", "margo", "leave"): {
        "helios": "addressed to *Ayesa's engineer*",
        "nasa": "*You were meant to be my eyes.*",
        "own": "who spend the service writing each other down",
    },
    ("end_helios_fall", "dev", "stay"): {
        "helios": "as if you were a room",
        "nasa": "left a NASA pin beside your tray",
        "own": "that is what a third column is for",
    },
    ("end_helios_fall", "dev", "leave"): {
        "helios": "asks whether you want the pieces",
        "nasa": "hand the pass back unused",
        "own": "out of an old habit with third columns",
    },
}


@pytest.mark.parametrize("where", sorted(SIDE_BEATS), ids=lambda w: f"{w[0]}-{w[2]}")
def test_each_mars_coda_has_a_beat_of_its_own_for_each_side(
    engine: Engine, where: tuple[str, str, str]
) -> None:
    scene, blamed, coda = where
    beats = SIDE_BEATS[where]
    for side, beat in beats.items():
        values = {"side": side, "blamed": blamed, "coda": coda, "destination": "mars"}
        text = " ".join(engine.view(_state(engine, scene, (), values)).text.split())
        assert beat in text, (side, beat)
        for other, theirs in beats.items():
            if other != side:
                assert theirs not in text, (side, theirs)


def test_dev_s_present_tense_is_no_longer_said_in_both_helios_fall_codas(engine: Engine) -> None:
    """Round 67: 'Dev's present tense' was a tic heard in the all-hands, the red hatch, the
    visiting room and the census. The coda keeps the idea without the phrase."""
    for coda in ("stay", "leave"):
        values = {"side": "own", "blamed": "dev", "coda": coda, "destination": "mars"}
        text = " ".join(engine.view(_state(engine, "end_helios_fall", (), values)).text.split())
        assert "present tense" not in text


def test_the_earth_line_in_hand_closes_each_side_s_own_way(engine: Engine) -> None:
    """Round 67's Earth reader: 'three weeks before anyone asks who chose the line' in six runs and
    Kelly 'looking at a sleeping boy' in four, from all three sides."""
    done = ("a4_the_hack", "a4_in_control")
    texts = {}
    for side in SIDES:
        view = engine.view(_state(engine, "a4_burn_earth", done, {"side": side}))
        texts[side] = " ".join(view.text.split())
    assert sum("three weeks before anyone" in t for t in texts.values()) == 1
    assert sum("sleeping boy" in t for t in texts.values()) == 2
    assert "She does not call this room." in texts["nasa"]
    assert "each sure the line was its own" in texts["own"]


def test_danielle_finds_the_note_in_rudy_s_bourbon(engine: Engine) -> None:
    """Round 67's Mars reader: a source who warned Ed in Rudy's bourbon ('stay where you are') was
    never found out. Danielle's people read the corks: she lays it on Sato's plan."""
    warned = " ".join(
        engine.view(_state(engine, "a2_jamestown_plans", (), {"sent_ed_note": True})).text.split()
    )
    quiet = " ".join(engine.view(_state(engine, "a2_jamestown_plans", (), {})).text.split())
    assert "*the auditors, Langley, Moscow, stay where you are*" in warned
    assert "she leaves the cork where it is" in warned
    assert "cork" not in quiet


def test_kelly_kept_the_night_shift_against_hale_s_wishes(engine: Engine) -> None:
    """Round 67's Earth reader: 'Ask Kelly to stay clear' was overridden on the night and then
    forgotten; the 2005 timeline told her night shift word for word as if she had been recruited."""
    base = {"side": "own", "blamed": "dev", "destination": "earth", "kelly_knows": True}
    asked = _timeline(engine, "end_iridium", **base, kelly_clear=True)
    recruited = _timeline(engine, "end_iridium", **base)
    assert "to watch the comms traffic for Hale, who had asked her not to" in asked
    assert "who had asked her not to" not in recruited


def _mars_2012(engine: Engine, side: str, blamed: str, **values: Any) -> str:
    state = _state(engine, "a6_2012_mars", (), {"side": side, "blamed": blamed, **values})
    return " ".join(engine.view(state).text.split())


def test_the_ore_run_card_is_dated_since_2005(engine: Engine) -> None:
    """Round 68 (Mars): 'seat 1A, date to follow', then in the next paragraph 'The date on the
    boarding card came in 2005 ... You rode in 1A'."""
    text = _mars_2012(engine, "helios", "dev")
    assert "date to follow" not in text
    assert "seat 1A, punched by a purser in 2005" in text and "You rode in 1A" in text


def test_the_ore_run_thinks_of_dev_each_side_s_way(engine: Engine) -> None:
    """Round 68 (Mars): 'The ore run' was one skeleton for every side, down to 'Dev would have
    talked the bearing cool'."""
    nasa = _mars_2012(engine, "nasa", "dev")
    own = _mars_2012(engine, "own", "dev")
    helios = _mars_2012(engine, "helios", "dev")
    assert "two months of your calls to Jamestown are part of why he is not here" in nasa
    assert "nobody ever mistook you for Dev" in own
    assert "part of why he is not here" not in helios and "mistook you" not in helios
    assert "part of why" not in own and "mistook you" not in nasa


def test_danielle_s_verdict_is_not_the_same_sentence_in_two_endings(engine: Engine) -> None:
    """Round 68 (Mars): 'two months you worked for her, and on the last night you worked for
    Mars' came back almost word for word in helios_fall and free_mars."""
    fall = _mars_2012(engine, "nasa", "dev", danielle_trust=7)
    free = _mars_2012(engine, "nasa", "nobody", danielle_trust=7)
    assert "the last night you worked for Mars" not in fall
    assert "except the one thing that mattered" in fall
    assert "on the last night you worked for Mars" in free


def test_the_timeline_keeps_lee_s_wife_on_the_line_hale_gave_her(engine: Engine) -> None:
    """Round 68 (Earth): the coda put Lee's wife on the spare seat and the timeline of the same run
    still had Lee put forward a seed technician 'and not his wife' as the whole story."""
    base = {"side": "own", "blamed": "nobody", "destination": "earth", "coda": "stay"}
    given = _timeline(engine, "end_shared_sky", **base, last_act="lee")
    other = _timeline(engine, "end_shared_sky", **base, last_act="sump")
    assert "Hale put her on the last line of that manifest anyway" in given
    assert "watched the seat fly empty for four years" in given
    assert "Hale put her on the last line" not in other


def test_each_earth_last_question_has_a_cited_timeline_entry(engine: Engine) -> None:
    """Round 68 (Earth): no timeline ever cited the ending's own last question. The entry it
    opens is credited to it, by its label, in play."""
    for blamed, coda, answer, line in (
        ("aleida", "stay", "name", "*A. Rosales (named 2012, struck, restored)*"),
        ("aleida", "leave", "sign", "as reviewer, to Hale, the one name from Mars in it"),
        ("dev", "stay", "knock", "with *tea* written in the column"),
        ("dev", "leave", "petition", "at the request of a private citizen"),
        ("nobody", "stay", "sump", "under Teo Arriaga's name"),
        ("nobody", "leave", "alex", "The amendment cited one case, without a name"),
    ):
        state = _state(engine, "a6_2012_earth", (), _at_2012("own", blamed))
        state = settle(engine, state, coda, answer)
        ending = engine.ending_view(state)
        assert ending is not None
        items = [item for item in ending.consequences if line in " ".join(item.text.split())]
        assert len(items) == 1, (answer, line)
        assert any("2012: The" in because for because in items[0].because), items[0].because


def test_the_spare_seat_for_alex_brings_him_four_years_early(engine: Engine) -> None:
    """Round 68 (Earth): 'Hold it for Alex' changed one clause; he still came in 2017 at twenty-one
    with a degree. Held for him, the seat brings him at seventeen in 2013."""
    held = _answer(engine, "nasa", "nobody", "stay", "alex")
    other = _answer(engine, "nasa", "nobody", "stay", "lee", lee_promise=True)
    assert "In 2013 the seat is his. He is seventeen, with no degree" in held
    assert "In 2017" not in held
    assert "In 2017 one of the seats has Alex's name on it. He is twenty-one" in other


def test_teo_s_family_are_not_four_on_one_seat(engine: Engine) -> None:
    text = _answer(engine, "own", "nobody", "stay", "sump")
    assert "Your line was one seat; the Sump, shown his letters, found the other three" in text


def test_knocking_then_leaving_is_not_the_same_as_leaving_the_door(engine: Engine) -> None:
    """Round 68 (Earth): Ed's 'Same time next year' had no follow-up for a Hale who then left."""
    left = _answer(engine, "own", "dev", "leave", "knock")
    stayed = _answer(engine, "own", "dev", "stay", "knock")
    assert "Ed kept the appointment on his side of the door, alone" in left
    assert "kept the appointment" not in stayed
    assert "So for a year" not in stayed and "For a year, on Tarasova's errand" in stayed
