"""Acts 5 and 6 keep their promises: each test reads the shipped text an ending shows.

Helpers and the paths come from tests/test_story_continuity.py."""

from __future__ import annotations

from game.engine import Engine
from game.engine.model import Story
from tests.test_story_continuity import (
    HELIOS_ACT1,
    HELIOS_ACT2,
    TO_THE_BURN,
    Step,
    ending_text,
    engine,
    story,
    text_at,
    value,
    walk,
)

__all__ = ["engine", "story"]  # the fixtures, shared


def _plain(story: Story, scene: str) -> str:
    return " ".join(story.scenes[scene].text.split())


def test_no_act6_place_line_hedges_between_two_places(story: Story) -> None:
    """`place` is shown as written on every path: "Happy Valley, or Earth" was never true."""
    for name, scene in story.scenes.items():
        if name.startswith(("a6_", "end_")) and scene.place:
            assert ", or " not in scene.place, f"{name}: {scene.place}"


def test_at_most_three_endings_close_on_a_kept_object(story: Story) -> None:
    """Eight of eleven endings used to close on a thing kept or a letter, often once a year.
    The re-ended six close on a line, a sound, a sight or a deed instead."""
    gone = {
        "end_long_dark": ["kept the form", "incident form"],
        "end_fido": ["flight jacket", "back of the classroom door"],
        "end_free_mars": ["clipping", "not for keeping"],
        "end_shared_sky": ["box under your bunk", "refrigerator", "underlined it twice"],
        "end_cycler": ["numbered list", "*1. Correct.*", "*1. None needed.*"],
        "end_rosales": ["desk drawer", "soft at the creases"],
    }
    for scene, phrases in gone.items():
        text = _plain(story, scene)
        for phrase in phrases:
            assert phrase not in text, f"{scene} still keeps {phrase!r}"
    assert '"Still right,"' in _plain(story, "end_cycler")
    assert "you don't count them" in _plain(story, "end_shared_sky")
    assert "whether FIDO is a dog's name" in _plain(story, "end_fido")


def test_danielle_administrator_is_not_a_credit_the_player_earned(story: Story) -> None:
    """danielle_trust >= 6 is no choice the player saw: the text gives her the job for her own
    reasons, not as the colony's first free pick."""
    for scene in ("a6_2012_mars", "a6_2012_cycler"):
        text = _plain(story, scene)
        assert "first administrator" not in text and "picked for itself" not in text
    assert "Danielle stayed on Mars when the crews thinned, and Happy Valley made her" in _plain(
        story, "a6_2012_cycler"
    )


def test_the_2034_call_on_the_station_comes_over_the_relay(engine: Engine) -> None:
    act2 = [s if s != "Walk away" else "Record it through the vent" for s in HELIOS_ACT2]
    steps = HELIOS_ACT1 + act2 + TO_THE_BURN + ["give them nobody", "Put your own name on the leak"]
    station = walk(engine, [*steps, "Ride the shuttle up"])[-1]
    assert station.scene == "end_free_mars"
    text = ending_text(engine, station)
    # the station hears of his death from the relay's digest, and the letters cross
    assert "In 2034 the relay's news digest" in text and "*You'll have heard by now.*" in text
    assert '"He died on Tuesday," she says.' not in text
    assert "clipping" not in text


# To the cycler hearing; Margo's reply read and the keys asked for; Lee promised nothing.
CYCLER_WITH_KEYS: list[Step] = [
    "Trace who wrote",
    "Copy her branch",
    "Ask for one night",
    "Tell Kelly what Dev asked",
    "Answer Margo honestly",
    "Do the arithmetic for Dev and Ed",
    "Burn the note",
    "Scrub your console logs",
    "Pay Rudy",
    "Walk away",
    "Give them Rudy",
    "Read Margo's new message first",
    "Ask Margo for the Soviet guidance keys",
    "Tell Lee nobody can promise",
    "Work the intrusion beside her",
    "Ask Kelly to stay clear",
    "Leave the key in the vault",
    "Find Danielle before it starts",
    "Stay on Danielle's side",
    ("Drag Danielle out of the line of fire", "a3_rudy_down"),
    "Carry Rudy to the infirmary",
    "Go straight to Aleida",
    "Use the Helios dish",
    ("Push it through in a single handshake", "a4_in_control"),
    "Burn for a cycler orbit",
    "Send it to the miners first",
    "Sign the orbit with your own name",
]


def test_the_cycler_years_give_margo_kelly_and_lee_a_fate(engine: Engine) -> None:
    """Margo's Soviet keys were set up in February and never paid off on the cycler path; Kelly
    and Lee (without the promise) had no fate there at all."""
    states = walk(engine, CYCLER_WITH_KEYS)
    assert states[-1].scene == "a6_2012_cycler"
    text = text_at(engine, states, "a6_2012_cycler")
    assert "The Soviet guidance keys Margo Madison sent you in February" in text
    assert "Kelly, his mother, keeps the relay, and bills Dev for it by the word" in text
    assert "Dev buys a crate from his greenhouse at every pass, at Lee's price" in text
    # told Margo to keep her name out: no keys were ever sent
    refused = [
        s if s != "Ask Margo for the Soviet guidance keys" else "Tell Margo to keep her name out"
        for s in CYCLER_WITH_KEYS
    ]
    text = text_at(engine, walk(engine, refused), "a6_2012_cycler")
    assert "Soviet guidance keys" not in text
    # never read her February message: still in touch, but nothing was asked for
    skipped = [
        "Slip into the North Korean" if s == "Read Margo's new message first" else s
        for s in CYCLER_WITH_KEYS
        if s != "Ask Margo for the Soviet guidance keys"
    ]
    states = walk(engine, skipped)
    assert value(states[-1], "margo_contact") is True
    assert "Soviet guidance keys" not in text_at(engine, states, "a6_2012_cycler")


def test_a_player_who_named_rudy_is_not_offered_the_sump_for_margos_broadcast(
    engine: Engine,
) -> None:
    act1 = [
        s if s != "Forward the message to Dev" else "Answer Margo honestly" for s in HELIOS_ACT1
    ]
    kept_quiet = walk(engine, act1 + HELIOS_ACT2 + TO_THE_BURN + ["Let Margo take it"])
    assert kept_quiet[-1].scene == "a5_margo_confession"
    labels = [c.label for c in engine.view(kept_quiet[-1]).choices]
    assert any("Go down to the Sump" in label for label in labels)
    act2 = [s if s != "Give them nothing" else "Give them Rudy" for s in HELIOS_ACT2]
    named = walk(engine, act1 + act2 + TO_THE_BURN + ["Let Margo take it"])
    assert named[-1].scene == "a5_margo_confession"
    assert value(named[-1], "gave_rudy") is True
    choices = engine.view(named[-1]).choices
    # since session 13 the Sump is shown locked, with its reason, not hidden: a reader took a
    # menu of one choice for a broken one
    sump = [c for c in choices if "Sump" in c.label]
    assert len(sump) == 1 and not sump[0].enabled
    assert "for giving the auditors Rudy's name" in (sump[0].reason or "")
    assert any("Send Margo a message" in c.label and c.enabled for c in choices)
