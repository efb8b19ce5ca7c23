"""Session 28: round 59's readers found the 2012 scenes and the Rosales and cycler codas reading the
same on every side, and round 60's found new slips in the rewritten text: a promise kept at the pad
that was never made, a file that never learned what a label in a safe said, a warrant that named the
wrong people, Kelly knowing 'since January' what she learned in February. Each test puts the game in
the state of a path and asserts what the player now reads there."""

from __future__ import annotations

import pytest

from game.engine import Engine
from game.engine.loader import load_story
from tests.test_story_continuity_s25 import _text
from tests.test_story_continuity_s25 import _timeline as _joined
from tests.test_story_continuity_s26 import SCENES, SIDES, _only_on


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_story(SCENES))


PROMISE = "she finishes what she began at the hatch"


@pytest.mark.parametrize("hurt", ["rudy", "danielle", "you"])
def test_the_pad_keeps_no_promise_the_hatch_never_made(engine: Engine, hurt: str) -> None:
    """Danielle promises a talk only in 'The wall holds', where no one is shot: a player who saw
    Rudy, Danielle or themselves hit is asked the old question at the ramp instead."""
    text = _text(engine, "a5_your_statement", ("a3_hideout_warned",), side="own", raid_hurt=hurt)
    assert PROMISE not in text
    assert '"How are you sleeping?"' in text


def test_the_pad_keeps_the_promise_the_hatch_made(engine: Engine) -> None:
    for side in ("helios", "own"):
        text = _text(
            engine, "a5_your_statement", ("a3_hideout_warned",), side=side, raid_hurt="none"
        )
        assert PROMISE in text
        assert '"You stood at that door for them," she says.' in text
        assert '"How are you sleeping?"' not in text
    nasa = _text(engine, "a5_your_statement", ("a3_hideout_warned",), side="nasa", raid_hurt="none")
    assert PROMISE not in nasa


def test_the_morning_after_owes_no_talk_to_a_player_who_saw_rudy_shot(engine: Engine) -> None:
    owed = "The talk she promised you at the hatch she does not start"
    visits = ("a3_hideout_warned",)
    assert owed in _text(engine, "a3_aftermath", visits, side="nasa", raid_hurt="none")
    assert owed not in _text(engine, "a3_aftermath", visits, side="nasa", raid_hurt="rudy")


@pytest.mark.parametrize("labelled", [True, False])
def test_the_source_label_is_heard_at_the_inquiry(engine: Engine, labelled: bool) -> None:
    """'Leave your name on the tape' (HALE) or 'Ask her to take your name off it' (SOURCE): the
    NASA player who sat with Danielle and Sato hears which at the inquiry, from Kessler's pad."""
    text = _text(
        engine, "a5_mars_inquiry", ("a3_jamestown_debrief",), side="nasa", gave_statement=labelled
    )
    assert ("with HALE on the label" in text) == labelled
    assert ("with SOURCE on the label" in text) == (not labelled)
    assert ("HALE, underlined" in text) == labelled


@pytest.mark.parametrize("labelled", [True, False])
def test_tarasova_learns_what_the_label_in_the_safe_said(engine: Engine, labelled: bool) -> None:
    """At a HALE player's inquiry Kessler read the label with Tarasova at the table: her last file
    cannot say she never learned that Hale was Poole's."""
    text = _joined(
        engine,
        "end_madison",
        ("a3_jamestown_debrief",),
        destination="mars",
        ending="madison",
        blamed="margo",
        side="nasa",
        gave_statement=labelled,
    )
    # session 31: her fate moved into the 2003 Soviet-inquiry entry; the label is still what she
    # learned, and an unlabelled tape gives her nothing to take home
    # session 32 (round 67): the word Kessler printed on his pad, where he printed it
    assert ("the word Kessler printed on his pad at the inquiry" in text) == labelled
    assert "Yelena Tarasova, the officer Moscow had sent to Mars" in text
    assert "she never learned" not in text


@pytest.mark.parametrize("side", SIDES)
def test_devs_plea_lapses_the_warrant_it_was_meant_for(engine: Engine, side: str) -> None:
    """Kessler's new warrant named Ed and Aleida; the plea cannot lapse one that named Hale."""
    text = _joined(
        engine, "end_helios_fall", destination="mars", ending="helios_fall", blamed="dev", side=side
    )
    assert "Kessler's warrant for Ed Baldwin and Aleida Rosales lapsed with it" in text
    assert "the two who had been inside the guidance" not in text
    assert "That included the engineer" not in text


def test_the_own_inquiry_says_why_dev_is_free_to_come_in(engine: Engine) -> None:
    text = _text(engine, "a5_mars_inquiry", side="own")
    # session 33 (round 68): the warrant is not 'new' to a player who never saw one name Dev
    assert "once Kessler's warrant turned out to name Ed and Aleida and not him" in text


def test_aleida_only_hears_of_satos_plan(engine: Engine) -> None:
    """The raid never got past the hatch: Aleida cannot know what Kessler's team carried."""
    text = _text(
        engine,
        "a4_the_hack",
        side="nasa",
        told_danielle=True,
        marked_room=True,
        key_to_danielle=False,
    )
    assert "Ed hears Sato drew Kessler's team a plan of my storeroom" in text
    assert "team came with a plan" not in text


@pytest.mark.parametrize(
    ("ending", "scene", "blamed", "destination", "knew"),
    [
        ("rosales", "end_rosales", "aleida", "earth", "she had known the plan since that winter"),
        (
            "shared_sky",
            "end_shared_sky",
            "nobody",
            "earth",
            "Kelly had known the plan since that winter",
        ),
        (
            "detained",
            "end_detained",
            "nobody",
            "earth",
            "Kelly had known the plan since that winter",
        ),
    ],
)
def test_kelly_knew_since_that_winter_not_since_january(
    engine: Engine, ending: str, scene: str, blamed: str, destination: str, knew: str
) -> None:
    """kelly_knows is set in January ('Alex's orbits') or in February ('The return manifest')."""
    text = _joined(
        engine, scene, ending=ending, blamed=blamed, destination=destination, kelly_knows=True
    )
    assert knew in text
    # session 29: Margo's 'since January 2003' is her own date; Kelly's is never January
    assert "known the plan since January" not in text


def test_danielle_keeps_no_source_on_paper_and_the_timeline_does_not_retell_2012(
    engine: Engine,
) -> None:
    """The iridium coda: 'Danielle never mentions the calls again, in person or on paper'; and the
    2012 scene now tells how her office opens no files, so the iridium timeline does not; the
    Rosales timeline has Danielle answer Houston herself (not Sato), with nothing on paper."""
    values = dict(destination="earth", blamed="dev", side="nasa", danielle_trust=7)
    scene = _text(engine, "a6_2012_earth", **values)
    iridium = _joined(engine, "end_iridium", ending="iridium", **values)
    rosales = _joined(engine, "end_rosales", ending="rosales", **{**values, "blamed": "aleida"})
    assert "Her office opens no files on anybody who lives here." in scene
    assert "opened no file on any resident" not in iridium
    # session 31: neither Earth timeline retells her 2012 (round 65); the Rosales coda keeps
    # what became of Jamestown's file on the player
    for text in (iridium, rosales):
        assert "administrator" not in text and "Houston asked her" not in text
    for text in (iridium, rosales):
        assert "she had kept one once, on one resident" not in text


def test_the_rosales_review_comes_from_a_tug_firm_not_devs(engine: Engine) -> None:
    """Dev's own company hired everyone from the old flight office but one: the job offered in
    2012 is a tug firm's in Houston (for a NASA player, the one the coda puts by the NASA fence)."""
    nasa = _text(engine, "a6_2012_earth", blamed="aleida", side="nasa")
    assert "a tug firm in Houston, the one that bids against Dev's company for every lease" in nasa
    own = _text(engine, "a6_2012_earth", blamed="aleida", side="own")
    assert "answerable to the consortium and to neither Dev's company nor NASA" in own
    for text in (nasa, own):
        assert "The trade magazine" not in text
        assert "the tug company in Houston" not in text


def test_lees_silence_in_2012_is_each_endings_own(engine: Engine) -> None:
    shared = "You both know whose promise it was."
    rosales = _text(engine, "a6_2012_earth", blamed="aleida", lee_promise=True)
    iridium = _text(engine, "a6_2012_earth", blamed="dev", lee_promise=True)
    trust = _text(engine, "a6_2012_earth", blamed="nobody", lee_promise=True)
    assert "He showed you Pyongyang's first refusal, in 2004, and none of the ones since" in rosales
    assert shared not in rosales
    assert "went to trial with Dev and did not come back" in iridium and shared not in iridium
    assert shared in trust


def test_the_2012_ore_run_has_a_beat_per_side(engine: Engine) -> None:
    marks = {
        "helios": "you told her he had been held up",
        "nasa": '"Same hour as ever, Hale."',
        "own": "spent an hour first trying to learn whose you had been",
    }
    _only_on(engine, "a6_2012_mars", marks, blamed="dev")


def test_the_rosales_coda_is_its_own_on_each_side(engine: Engine) -> None:
    marks = {
        "helios": "Row thirty-one is wrong.",
        "nasa": "I know what time you used to call.",
        "own": "You're still your own.",
    }
    _only_on(engine, "end_rosales", marks, coda="leave", ending="rosales", blamed="aleida")


def test_the_landing_field_does_not_retell_the_fame_the_coda_tells(engine: Engine) -> None:
    text = _text(engine, "a6_2012_mars", blamed="nobody", signed_leak=True)
    assert "Strangers on the field still stop you over the name on the header card" in text
    assert "For a year your name was on the front of every paper" not in text


@pytest.mark.parametrize(
    ("scene", "values", "marks"),
    [
        (
            "a3_the_hatch",
            {},
            {
                "helios": "each flash whitens the steel ribs and makes the front rank lean",
                "nasa": "eight rifles, twelve marines, three thin rows of miners",
                "own": "Tarasova, having seen what she came to see, turns her collar up",
            },
        ),
        (
            "a4_in_control",
            {},
            {
                "helios": "Fly it and you keep your job, and lose the reason you took it.",
                "nasa": "Jamestown's frequency is on the spare receiver by Aleida's elbow",
                "own": "Your own columns lie by the keyboard, pencil on squared paper",
            },
        ),
        (
            "a6_2012_cycler",
            {},
            {
                "helios": "Dev sells them from behind his chart without leaving the rock",
                "nasa": "has known since 2003 whose calls filled Danielle's file",
                "own": "You are on no company's books",
            },
        ),
        (
            "a6_2012_earth",
            {"blamed": "dev"},
            {
                "helios": "a payroll of three: you, and two pump fitters",
                "nasa": "he is selling policies against the sky",
                "own": "You watch from your place in the middle of the long table",
            },
        ),
        (
            "a6_2012_earth",
            {"blamed": "aleida"},
            {
                "helios": "in the one room of the Helios tower still on the heating loop",
                "nasa": "on which Jamestown has had no view",
                "own": "Outside hangs the colony's pressure plan, every section inked in black",
            },
        ),
    ],
)
def test_the_spine_and_the_2012_scenes_read_by_side(
    engine: Engine, scene: str, values: dict[str, str], marks: dict[str, str]
) -> None:
    """Round 60: the hatch, the console and the Earth and cycler 2012 scenes shared half their
    sentences across sides; each side now has passages of its own."""
    _only_on(engine, scene, marks, **values)
