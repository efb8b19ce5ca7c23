"""Continuity slips found by independent reader rd1 (acts 1-3 and the timeline), each played on
the path that used to show it."""

from __future__ import annotations

from game.engine import Engine
from game.engine.model import Story
from tests.test_story_continuity import (
    Step,
    ending_text,
    engine,
    story,
    text_at,
    walk,
)

__all__ = ["engine", "story"]  # the fixtures, shared

# The shipped "detained" golden path: Kelly told, Margo answered and asked for her keys, Lee told
# the truth, the crypto module carried through the hatch with the player's name on the list.
DETAINED: list[Step] = [
    "Trace who wrote",
    "Copy her branch",
    "Ask for one night",
    "Tell Kelly what Dev asked",
    "Answer Margo honestly",
    "Do the arithmetic for Dev and Ed",
    "Keep the note",
    "Leave the logs",
    "Tell Rudy to shut his stall",
    "Record it through the vent",
    "Give them nothing",
    "Read Margo's new message",
    "Ask Margo for the Soviet guidance keys",
    "Tell Lee nobody can promise",
    "Keep your credentials",
    "Tell Kelly what is coming",
    "Carry the key through anyway",
    "Serve your sentence",
    "Stay in Denver",
]


def test_kelly_in_the_doorway_was_not_last_night(engine: Engine) -> None:
    """Alex's orbits is the night of 14 January; the Star City message lands on the 16th. And she
    was told at the kitchen table, where she only nodded (round 42: not 'in your doorway')."""
    states = walk(engine, DETAINED[:5])
    signal = text_at(engine, states, "a1_margo_signal")
    assert "You think of Kelly at the kitchen table the other night" in signal
    assert "in your doorway" not in signal
    assert "last night" not in signal


def test_alex_is_introduced_once_and_his_drawing_keeps_the_curve_you_showed_him(
    engine: Engine,
) -> None:
    seen = walk(engine, [*DETAINED[:4], "Wipe it from the buffer"])
    commit = text_at(engine, seen, "a1_commit")
    assert "Alex's rock is still on your whiteboard" in commit
    assert "the curve you showed him how to draw" in commit
    assert "Kelly's seven-year-old from next door" not in commit
    assert "a curve that goes the wrong way" not in commit
    # whoever never stood at that whiteboard with him meets Alex here, by name and family
    unseen = walk(
        engine,
        ["Trace who wrote", "Ask Aleida", "Tell Dev you're in", "Ask Ed who pays", "Wipe it"],
    )
    first = text_at(engine, unseen, "a1_commit")
    assert "drawn by Alex, seven, who lives next door with his mother Kelly, Ed Baldwin's" in first
    assert "the curve you showed him" not in first


def test_kessler_says_the_fire_alarm_to_the_jug(engine: Engine) -> None:
    """The line used to have his eyes on the jug 'the whole time he is watching you'."""
    states = walk(engine, [*DETAINED[:9], "Pull the fire alarm"])
    interview = text_at(engine, states, "a2_interview")
    assert "He says it to the jug, not to you." in interview
    assert "watching you" not in interview


def test_a_detained_player_learns_what_became_of_margo_and_lee(engine: Engine) -> None:
    """Margo, who offered her keys, and Lee, who was told the truth, had no line in this ending."""
    end = walk(engine, DETAINED)[-1]
    assert end.scene == "end_detained"
    text = ending_text(engine, end)
    assert (
        "Margo Madison's cadets in Moscow, who knew her by a name that was not hers, had learned"
        " low-thrust transfers from a Helios engineer's paper" in text
    )
    assert (
        "every year its author was in prison, and in 2012, the spring the author came out" in text
    )
    assert "never saw the exit permit for his wife that Dev Ayesa had talked of" in text
    # one 'every month' in a timeline (Ed's letters), not two
    ending = engine.view(end).ending
    assert ending is not None
    timeline = " ".join(c.text for c in ending.consequences)
    assert timeline.count("every month") <= 1
    assert "At nine Alex learned to walk again in Houston, in braces" in timeline


def test_a_promise_to_lee_keeps_its_own_line_and_no_second_one(engine: Engine) -> None:
    steps = [s if s != "Tell Lee nobody can promise" else "Promise Lee" for s in DETAINED]
    end = walk(engine, steps)[-1]
    assert end.scene == "end_detained"
    text = ending_text(engine, end)
    assert "The promise made to Lee Jung-gil in 2003 was never kept" in text
    assert "never saw the exit permit" not in text


def test_margo_gets_no_fate_line_from_a_player_who_sent_her_away(engine: Engine) -> None:
    steps = [
        s if s != "Ask Margo for the Soviet guidance keys" else "Tell Margo to keep her name out"
        for s in DETAINED
    ]
    end = walk(engine, steps)[-1]
    assert end.scene == "end_detained"
    text = ending_text(engine, end)
    # not the fate of a Margo still in touch (teaching from this player's paper) but her own
    assert "from a Helios engineer's paper" not in text
    assert (
        "Margo Madison was still keeping her name out of it in 2012, as Hale had asked her" in text
    )


def test_oksana_remembers_the_interview_as_it_was_served(engine: Engine) -> None:
    """The interview sets out a jug of water and two glasses; Oksana used to say 'with coffee'."""
    states = walk(
        engine,
        [
            "Trace who wrote",
            "Ask Aleida",
            "Tell Dev you're in",
            "Ask Ed who pays",
            "Forward the message",
            "Do the arithmetic for Dev",
            "Keep the note",
            "Leave the logs",
            "Tell Rudy to shut",
            "Pull the fire alarm",
            "Give them Rudy",
            "Slip into the North Korean section",
            "Tell Lee nobody",
            "Keep your credentials",
            "Keep Kelly out",
            "Leave the key in the vault",
            "Wake the miners",
        ],
    )
    assert "a jug of water and two clean glasses" in text_at(engine, states, "a2_interview")
    gather = text_at(engine, states, "a3_miners_gather")
    # this player pulled the alarm that stopped Oksana's interrogation: she says so, then names them
    assert "That one rang the bell that stopped them." in gather
    assert "Then they asked that one with a glass of water." in gather
    assert "coffee" not in gather


def test_ed_explains_fido_once(engine: Engine) -> None:
    """The rover ride explains the Apollo-era name; the storeroom used to explain it again."""
    rim = walk(
        engine,
        [
            "Trace who wrote",
            "Ask Aleida",
            "Tell Dev you're in",
            "Promise Ed",
            "Wipe it",
            "Do the arithmetic for Dev",
            "Keep the note",
            "Leave the logs",
            "Tell Rudy to shut",
            "Walk away",
            "Give them nothing",
            "Slip into the North Korean section",
            "Tell Lee nobody",
        ],
    )
    assert "since the Apollo years" in text_at(engine, rim, "a1_rover_ride")
    storeroom = text_at(engine, rim, "a2_hideout")
    assert (
        '"FIDO," Ed says from the floor, not stopping, as he has since the crater rim.' in storeroom
    )
    assert "Apollo-era" not in storeroom
    # without the ride, the storeroom is where the name is first heard, and explained
    home = walk(engine, [*DETAINED[:12], "Ask Margo for the Soviet", "Tell Lee nobody"])
    assert "using the Apollo-era name" in text_at(engine, home, "a2_hideout")


def test_the_last_crew_out_is_told_once(story: Story) -> None:
    """A player who stayed to the end saw 2040 'on the last crew to leave' and then 2043 'came
    down with the last crew in 2040' one line apart."""
    told = [c for c in story.manifest.consequences if "last crew" in c.text]
    assert [c.year for c in told] == [2040]
    assert "Hale left Happy Valley with its last crew" in " ".join(told[0].text.split())
    (death,) = [c for c in story.manifest.consequences if c.year == 2043]
    # the death is told without the flight again (the 2040 line says 'last flight' on two sides)
    assert "last flight" not in death.text
    # session 30: each side of the rosales stay has its own death, none of them the flight again
    assert "and ending == 'rosales' %}Hale died in Houston{% if side == 'helios' %}" in " ".join(
        death.text.split()
    )
