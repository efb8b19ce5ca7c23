"""Session 27: round 57's readers found the Mars inquiry a frame with state clipped in, the
Trusteeship blind to the player's side, the three iridium 'stay' codas sharing one tour and one
greenhouse, and timeline entries that were templates with a clause changed. Each test puts the game
in the state of a path and asserts what the player now reads there."""

from __future__ import annotations

from typing import Any

import pytest

from game.engine import Engine
from game.engine.loader import load_story
from tests.test_story_continuity_s25 import _text
from tests.test_story_continuity_s26 import SCENES, SIDES, _only_on, _timeline


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_story(SCENES))


def _joined(engine: Engine, scene: str, **values: Any) -> str:
    return " ".join(text for _, text in _timeline(engine, scene, **values))


def _each_its_own(texts: dict[str, str], lines: dict[str, str]) -> None:
    """Each key's line is in that key's text and in no other key's."""
    for key, text in texts.items():
        for other, line in lines.items():
            assert (line in text) == (other == key), (key, other)


def test_the_mars_inquiry_turns_on_one_beat_per_side(engine: Engine) -> None:
    marks = {
        "helios": "Tell me out here and I'll negotiate",
        "nasa": "If you give them Dev, give him to them.",
        "own": "you take your coffee to the slot window, and Tarasova comes to stand beside you.",
    }
    _only_on(engine, "a5_mars_inquiry", marks)


def test_the_light_delay_is_told_once_in_the_mars_inquiry(engine: Engine) -> None:
    for side in SIDES:
        text = _text(engine, "a5_mars_inquiry", side=side, margo_contact=True)
        assert text.count("ten minutes") == 1, side
        for stale in ("ten minutes old", "recording catches up", "ten minutes late"):
            assert stale not in text, (side, stale)
        assert "which from her is a courtesy" not in text


@pytest.mark.parametrize(
    ("values", "line"),
    [
        ({"irina_deal": True}, "I carried that yes to Moscow myself"),
        ({"irina_deal": False}, "There is not a page that says who you belong to."),
    ],
)
def test_tarasova_at_the_window_knows_what_the_player_told_her(
    engine: Engine, values: dict[str, Any], line: str
) -> None:
    """Only the player who said yes to Irina hears Tarasova speak of carrying it."""
    text = _text(engine, "a5_mars_inquiry", side="own", **values)
    assert line in text
    assert ("I carried that yes" in text) == values["irina_deal"]


def test_tarasova_remembers_the_tea_the_player_drank(engine: Engine) -> None:
    text = _text(engine, "a5_mars_inquiry", ("a2_tarasova_offer",), side="own")
    assert "In February you told me you worked for no government" in text
    assert "I kept the water hot until one" not in text


def test_danielles_file_keeps_her_wound_and_her_safe(engine: Engine) -> None:
    hurt = _text(engine, "a5_mars_inquiry", side="nasa", raid_hurt="danielle", gave_statement=True)
    assert "I was under sedation that night" in hurt
    # the last fortnight of calls went to Sato: the file cannot carry Danielle's initials on them
    assert "initialled by Danielle until the raid and by Sato after it" in hurt
    debrief = ("a3_jamestown_debrief",)
    whole = _text(
        engine, "a5_mars_inquiry", debrief, side="nasa", raid_hurt="none", gave_statement=True
    )
    assert "Sato's tape is still in my safe, with HALE on the label, and Kessler's" in whole
    assert "I sat by that radio until the engines cut." in whole
    assert "with Danielle's initials at the foot of every page" in whole


def test_the_trusteeship_is_told_to_the_side_in_the_room(engine: Engine) -> None:
    marks = {
        "helios": "Yelena tells me you are Mr Ayesa's engineer.",
        "nasa": "I know whose telephone you used this winter.",
        "own": "you said yes to a proposal, not to a ministry",
    }
    _only_on(engine, "a5_trusteeship", marks, irina_deal=True)
    for side in SIDES:
        assert "arithmetic" not in _text(engine, "a5_trusteeship", side=side, irina_deal=True)


def test_without_defendants_accounts_for_the_man_moscow_holds(engine: Engine) -> None:
    """'The inquiry closes without defendants' while Ed sits in the Soviet section (round 57)."""
    held = _text(engine, "a5_trusteeship", side="own", irina_deal=True, ed_freed=False)
    assert "He is not a defendant. He is a Soviet matter" in held
    freed = _text(engine, "a5_trusteeship", side="own", irina_deal=True, ed_freed=True)
    assert "Soviet matter" not in freed
    assert "The guardroom stove is two doors along." in freed


def test_the_trusts_2012_reads_by_side(engine: Engine) -> None:
    marks = {
        "helios": "The door of the flight dynamics room still says HELIOS, in stencilled capitals",
        "nasa": "bring it back with Sato's initials on it",
        "own": "The pay comes in dollars one month and roubles the next",
    }
    _only_on(engine, "a6_2012_earth", marks, blamed="nobody", danielle_trust=8)


def test_each_iridium_stay_coda_ends_its_own_way(engine: Engine) -> None:
    texts = {
        side: _text(engine, "end_iridium", side=side, coda="stay", blamed="dev") for side in SIDES
    }
    assert "you write the date" in texts["helios"]
    assert "at the desk where you answered it for six winters" in texts["nasa"]
    assert "You hang the Cyrillic ring on the Soviet side" in texts["own"]
    for side, text in texts.items():
        assert ("from the door inward" in text) == (side == "own"), side
        assert ("you give the tours" in text or "You are the guide" in text) == (side == "own")


def test_the_last_crew_entry_follows_the_coda_the_player_read(engine: Engine) -> None:
    lines = {
        "helios": "Hale handed him the boarding card, dated at last.",
        "nasa": "Hale wrote Helios Aerospace and the Jamestown night radio",
        "own": "Hale had left both rings hanging on Mars, and signed both forms.",
    }
    values = {"ending": "iridium", "destination": "earth", "blamed": "dev", "coda": "stay"}
    texts = {side: _joined(engine, "end_iridium", side=side, **values) for side in lines}
    _each_its_own(texts, lines)


def test_satos_report_is_not_nine_pages_in_every_ending(engine: Engine) -> None:
    """'Her nine-page report … declassified in 2033' opened six endings' 2009 entries."""
    runs = [
        ("end_madison", {"ending": "madison", "destination": "mars"}),
        ("end_fido", {"ending": "fido", "destination": "mars", "blamed": "you"}),
        ("end_helios_fall", {"ending": "helios_fall", "destination": "mars"}),
        ("end_free_mars", {"ending": "free_mars", "destination": "mars"}),
        ("end_long_dark", {"ending": "long_dark", "destination": "lost"}),
    ]
    for scene, values in runs:
        text = _joined(engine, scene, **values)
        assert "nine-page report" not in text, scene
    fido = _joined(
        engine, "end_fido", ending="fido", destination="mars", blamed="you", gave_statement=True
    )
    assert "Her file on the burn had run to a page and a half" in fido
    # session 31: without the player's statement in it, Sato's file is not a Mars timeline entry
    bare = _joined(engine, "end_fido", ending="fido", destination="mars", blamed="you")
    assert "Lt. Sato" not in bare


def test_the_2041_strikes_belong_to_their_ending(engine: Engine) -> None:
    openings = {
        "helios_fall": "over page nine of a contract that still left their terms",
        "madison": "began in the station school at Kuznetzov Station",
        "fido": "The crews working out of Kuznetzov Station struck in 2041",
        "free_mars": "read Helios's contracts for them, struck in 2041",
    }
    values = {"destination": "mars", "miners": 3, "blamed": "you"}
    texts = {e: _joined(engine, f"end_{e}", ending=e, **values) for e in openings}
    _each_its_own(texts, openings)
    # round 59: the strikes' outcome was one sentence shared by every ending
    for ending, text in texts.items():
        assert "pointing weapons at each other across the Belt" not in text, ending
    assert len({text.split("2041")[1][:400] for text in texts.values()}) == 4


def test_tarasova_does_not_retire_in_one_sentence_shape(engine: Engine) -> None:
    """'Yelena Tarasova retired a major/colonel…' opened the 2014 entry in every ending."""
    runs = [
        ("end_detained", {"ending": "detained", "destination": "earth"}),
        ("end_long_dark", {"ending": "long_dark", "destination": "lost"}),
        ("end_helios_fall", {"ending": "helios_fall", "destination": "mars"}),
        ("end_free_mars", {"ending": "free_mars", "destination": "mars"}),
        ("end_rosales", {"ending": "rosales", "destination": "earth", "blamed": "aleida"}),
        ("end_shared_sky", {"ending": "shared_sky", "destination": "earth", "blamed": "nobody"}),
    ]
    for scene, values in runs:
        text = _joined(engine, scene, **values)
        assert "Yelena Tarasova retired a" not in text, scene


def test_eds_last_years_are_not_one_telescope_in_three_endings(engine: Engine) -> None:
    earth = {"destination": "earth", "side": "nasa", "evidence": False}
    iridium = _joined(engine, "end_iridium", ending="iridium", blamed="dev", ed_freed=True, **earth)
    shared = _joined(engine, "end_shared_sky", ending="shared_sky", blamed="nobody", **earth)
    rosales = _joined(engine, "end_rosales", ending="rosales", blamed="aleida", **earth)
    assert "left his telescope to Alex on condition that it stay pointed at Mars" in iridium
    assert "timed by eye to the second" in shared
    assert "to listen to the Happy Valley relay" in rosales
    for text in (iridium, shared, rosales):
        assert "never pointed at anything but Mars" not in text


# ---------------------------------------------------------------- round 59 (tag reader-ready-s27b)


def test_a_shot_source_is_not_owed_the_talk_from_the_hatch(engine: Engine) -> None:
    """'The talk she promised you at the hatch' to a player carried out shot, who never heard it."""
    warned = ("a3_hideout_warned",)
    shot = _text(engine, "a3_aftermath", warned, side="nasa", raid_hurt="you")
    assert "The talk she promised you at the hatch" not in shot
    whole = _text(engine, "a3_aftermath", warned, side="nasa", raid_hurt="none")
    assert "The talk she promised you at the hatch" in whole


def test_tarasovas_file_knows_the_yes(engine: Engine) -> None:
    mars = {"ending": "helios_fall", "destination": "mars", "blamed": "dev", "side": "own"}
    said_yes = _joined(engine, "end_helios_fall", irina_deal=True, **mars)
    assert "Said yes to Moscow in February, burned for Mars in March" in said_yes
    assert "asked nothing for it" not in said_yes
    refused = _joined(engine, "end_helios_fall", irina_deal=False, **mars)
    # session 31: without the yes her fate is told with Irina's inquiry, in the week of the plea
    assert "closed her file in the week of the plea under one line of her own" in refused
    assert "Said yes to Moscow" not in refused


def test_round_59_earth_timeline_facts(engine: Engine) -> None:
    rosales = _joined(engine, "end_rosales", ending="rosales", destination="earth", blamed="aleida")
    # the school shuts when the families leave, not two years before
    assert (
        "since the contraction flights of 2005 had taken the last families and shut the school"
        in rosales
    )
    cycler = _joined(engine, "end_cycler", ending="cycler", destination="cycler", blamed="you")
    # the parole that 'runs out in 2021' is not a lifelong ban
    assert "for as long as the parole ran, never to work on guidance software" in cycler
    nasa_trust = _joined(
        engine,
        "end_shared_sky",
        ending="shared_sky",
        destination="earth",
        blamed="nobody",
        side="nasa",
    )
    assert "only Jamestown knew" not in nasa_trust
