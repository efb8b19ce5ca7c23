"""Continuity slips the coordinator fixed in session 10, each played on the path that used to show
it: hedged lines that now know what this player did, and lines said twice on one path."""

from __future__ import annotations

import re

from game.engine import Engine
from game.engine.model import Story
from tests.test_story_continuity import (
    HELIOS_ACT1,
    HELIOS_ACT2,
    TO_ALEIDAS_CELL,
    TO_THE_BURN,
    Step,
    ending_text,
    engine,
    story,
    text_at,
    walk,
)

__all__ = ["engine", "story"]  # the fixtures, shared

# A NASA mole's act 1 and 2 that drives out to Danielle and confirms the hideout.
NASA_TO_DANIELLE: list[Step] = [
    "Save it for the morning briefing",
    "Ask about the reserve in front of the NASA liaison",
    "Tell Dev you're in",
    "Ask Ed who pays if it fails",
    "Wipe it from the buffer",
    "Work the plot from inside, for Danielle",
    "Keep the note",
    "Leave the logs as they are",
    "Tell Rudy to shut his stall tonight",
    "Pull the fire alarm to stop it",
    "Give them Rudy Ocampo's name",
    "Drive out to Danielle at Jamestown",
]
OWN_COUNSEL: list[Step] = [
    "Save it for the morning briefing",
    "Ask about the reserve in front of the NASA liaison",
    "Turn him down and drive to Jamestown",
    "Tell Danielle only that something is wrong",
    "Answer Margo honestly",
    "Keep your own counsel",
    "Keep the note",
    "Leave the logs as they are",
    "Tell Rudy to shut his stall tonight",
    "Walk away before they see you",
    "Give them Rudy Ocampo's name",
    "Read Margo's new message first",
    "Tell Margo to keep her name out of this",
    "Promise Lee his wife will come",
    "Keep your credentials",
]
AFTER_DANIELLE: list[Step] = [
    "Tell Lee nobody can promise him that",
    "Hand Aleida your credentials",
    "Tell Kelly what is coming",
    "Take the key to Danielle instead",
]


def test_the_raid_order_knows_whether_this_mole_gave_danielle_the_hideout(engine: Engine) -> None:
    """It used to say 'Hobson has his confirmation, whether or not it came from you'."""
    after_jamestown = [
        "Mark the storeroom" if s == "Hand Aleida your credentials" else s for s in AFTER_DANIELLE
    ]
    told = walk(engine, [*NASA_TO_DANIELLE, "Confirm it", *after_jamestown])
    order = text_at(engine, told, "a2_raid_order")
    assert "whether or not it came from you" not in order
    assert "You gave Danielle the hideout so that the raid would be hers." in order
    refused = walk(engine, [*NASA_TO_DANIELLE, "Refuse to confirm", *AFTER_DANIELLE])
    order = text_at(engine, refused, "a2_raid_order")
    # session 19 (round-37 Mars reader): the line now says the mole kept the storeroom back
    assert "the storeroom was the one thing you kept back. Someone else gave it to Hobson" in order
    assert "You gave Danielle the hideout" not in order


def test_the_photo_lab_man_is_kellys_only_when_kelly_is_in_it(engine: Engine) -> None:
    """A player who kept Kelly out of it was still told 'Kelly knows a man in the photo lab'."""
    kept_out = walk(
        engine,
        [
            *OWN_COUNSEL,
            "Keep Kelly out of it",
            "Carry the key through the hatch yourself",
            "Run to warn the hideout",
            "Help Ed barricade the inner hatch",
            ("Drag Danielle out of the line of fire", "a3_rudy_down"),
            "Pocket the camera",
        ],
    )
    aftermath = text_at(engine, kept_out, "a3_aftermath")
    # developed before anything later calls it negatives (round 28)
    assert "The film came back from the photo lab on the second day" in aftermath
    assert "developed by a man Kelly knows" not in aftermath
    assert "developed by a man the comms crews talk about" in aftermath


def test_the_hack_says_where_the_crypto_module_is(engine: Engine) -> None:
    """'Leave the key in the vault' is credited later; the hack now shows what it cost."""
    to_the_hack = TO_THE_BURN[: TO_THE_BURN.index("Get to work") + 1]
    carried = walk(engine, [*HELIOS_ACT1, *HELIOS_ACT2, *to_the_hack])
    hack = text_at(engine, carried, "a4_the_hack")
    assert "The crypto module you got to her in February" in hack
    assert "she walks in the front" in hack
    vault = [*HELIOS_ACT1, *HELIOS_ACT2[:-1], "Leave the key in the vault", *to_the_hack]
    left = walk(engine, vault)
    hack = text_at(engine, left, "a4_the_hack")
    assert "still in the Helios vault, where you left it" in hack
    assert "she walks in the front" not in hack


def test_handing_over_the_dish_is_watched_from_one_place(engine: Engine, story: Story) -> None:
    """The scene's place line hedged 'Antenna control room, or Jamestown'; the player who hands
    the dish to Danielle now watches the burn from that room, as her guest."""
    assert "or Jamestown" not in story.scenes["a4_burn_earth"].place
    handover = TO_ALEIDAS_CELL.index(
        ("Call Danielle and ask her to take the dish", "a4_burn_earth")
    )
    handed = walk(engine, TO_ALEIDAS_CELL[: handover + 1])
    burn = text_at(engine, handed, "a4_burn_earth")
    assert "You watch it from the antenna control room, as Danielle's guest" in burn
    assert engine.view(handed[-1]).place == "Helios antenna control room"
    assert "from Jamestown" not in burn
    assert "Danielle sits on the corner of the console desk" in burn


def test_the_nasa_history_is_not_quoted_twice_on_one_path(story: Story) -> None:
    """end_rosales and the 2035 timeline line both said 'NASA's history calls you a source'."""
    rosales = story.scenes["end_rosales"].text
    timeline = " ".join(c.text for c in story.manifest.consequences)
    assert "NASA's history calls you a source" not in rosales
    assert "calls you a source" not in timeline
    assert "inside source at Helios" not in timeline


def test_the_letters_are_not_every_month_in_every_ending(story: Story) -> None:
    texts = [s.text for s in story.scenes.values()]
    texts += [c.text for c in story.manifest.consequences]
    assert sum(t.count("every month") for t in texts) <= 1


def test_lee_s_wife_is_not_mourned_three_times_in_the_trusteeship_ending(engine: Engine) -> None:
    """The golden trusteeship path (Lee promised his wife): the 2012 scene, the ending and the
    timeline each said she never came."""
    state = engine.new_game(seed=26)
    golden = [1, 1, 2, 1, 1, 3, 1, 1, 2, 1, 2, 2, 1, 1, 1, 1, 1, 3, 2, 2, 2, 1, 3, 1, 1, 2, 1]
    golden += [1, 3, 1, 1, 2]  # Door fourteen's trade (session 19), the trusteeship, the Sump
    for pick in golden:
        if engine.view(state).ending is not None:
            break
        state = engine.choose(state, pick - 1)
    assert state.scene == "end_shared_sky"
    assert dict(state.variables)["lee_promise"] is True
    end = ending_text(engine, state)
    assert "wife never came" not in end
    assert end.count("wife") == 1  # the timeline's line, once
    assert "Lee Jung-gil thanked you once for the greenhouse" in end


def _runs_of_words(text: str, length: int = 6) -> set[str]:
    words = re.sub(r"\{[%{].*?[%}]\}", " ", text).split()
    return {" ".join(words[i : i + length]) for i in range(len(words) - length + 1)}


def test_the_two_custody_endings_are_told_differently(story: Story) -> None:
    """end_detained and end_caught shared the sample-store cell, the television wheeled to the
    bars, a cup of coffee through them and the April transfer: one ending read twice."""
    detained = story.scenes["a2_detained"].text
    caught = story.scenes["a4_custody"].text
    assert not _runs_of_words(detained) & _runs_of_words(caught)
    for shared in ("sample store", "television", "coffee", "April transfer", "bars"):
        assert shared not in caught, shared
    assert "The only door in the Helios section that locks from the outside" in caught
    assert "then the Helios vault" in story.scenes["a4_custody"].place
    # since round 12 each has its 2012 and its coda: those are told differently too
    assert not _runs_of_words(story.scenes["a6_2012_denver"].text) & _runs_of_words(
        story.scenes["a6_2012_gate"].text
    )
    assert not _runs_of_words(story.scenes["end_detained"].text) & _runs_of_words(
        story.scenes["end_caught"].text
    )


def test_madison_closes_on_margo_not_on_an_appended_line(story: Story) -> None:
    """The Lee census line (or Danielle's visit) came after the coda, as the last words."""
    text = story.scenes["end_madison"].text
    assert text.index("Lee's wife, Seo-yeon, took over his greenhouse") < text.index(
        "Your hair goes grey"
    )
    assert text.rstrip().endswith("{% endif %}")
    assert text.rstrip()[: -len("{% endif %}")].rstrip().endswith("copying out the one word.")


def test_kelly_has_a_life_of_her_own_on_earth(story: Story) -> None:
    lines = [
        c.text for c in story.manifest.consequences if c.year == 2005 and "Kelly and Alex" in c.text
    ]
    assert len(lines) == 1
    line = " ".join(lines[0].split())
    # each Earth ending gives Kelly work of her own, not one sentence for all five
    for job in (
        "walking the bayou path behind his mother's office",
        "and Kelly to a desk at the Houston relay",
        "and Kelly took a relay desk there",
        "and in Houston Kelly took a night desk at the relay",
        # iridium, by what she knew
        "the relay's night shift, the hours she had first kept on Mars",
        "a desk at the relay, on a floor that still talked to Happy Valley",
        "and Kelly to the day shift at the Houston relay",
    ):
        assert line.count(job) == 1, job


FUNNEL = ("a2_sump", "a2_back_room", "a2_interview", "a2_crossroads", "a2_kelly_manifest")


def test_act_two_s_funnel_answers_the_side_the_player_took(engine: Engine) -> None:
    """Every route passes these five scenes; they read word for word alike whatever side the
    player had just chosen in a1_commit."""
    routes = {
        "helios": walk(engine, [*HELIOS_ACT1, *HELIOS_ACT2]),
        "nasa": walk(engine, [*NASA_TO_DANIELLE, "Refuse to confirm", *AFTER_DANIELLE[:3]]),
        "own": walk(engine, [*OWN_COUNSEL, "Keep Kelly out of it"]),
    }
    for side, states in routes.items():
        assert any(dict(s.variables)["side"] == side for s in states), side
    for scene in FUNNEL:
        texts = {side: text_at(engine, states, scene) for side, states in routes.items()}
        assert len(set(texts.values())) == 3, scene
    sump = text_at(engine, routes["nasa"], "a2_sump")
    assert "Danielle calls the Sump the place where the colony keeps" in sump
    interview = text_at(engine, routes["helios"], "a2_interview")
    assert "Ed and Aleida need you to be boring in this room" in interview


def test_a_player_who_told_kelly_is_not_told_they_told_no_one(engine: Engine) -> None:
    """Own counsel, but Kelly told in January: the manifest scene had Kelly say "You told me what
    Dad's in" and the next paragraph say "You have told no one anything"."""
    states = walk(
        engine,
        [
            "Save it for the morning briefing",
            "Ask about the reserve in front of the NASA liaison",
            "Ask for one night",
            "Tell Kelly what Dev asked you",
            "Answer Margo honestly",
            "Keep your own counsel",
            "Burn the note",
            "Scrub your console logs",
            "Tell Rudy to shut his stall",
            "Pull the fire alarm",
            "Give them Rudy Ocampo's name",
            "Slip into the North Korean section",
            "Promise Lee",
            "Keep your credentials",
        ],
    )
    manifest = text_at(engine, states, "a2_kelly_manifest")
    assert "You told me what Dad's in" in manifest
    assert "You have told no one anything" not in manifest
    assert "Kelly is one of the few people you have told anything" in manifest


def test_with_ed_is_not_a_refrain(story: Story) -> None:
    """'With Ed, that means ...' closed three paragraphs in two consecutive scenes."""
    texts = [s.text for s in story.scenes.values()]
    texts += [c.reply or "" for s in story.scenes.values() for c in s.choices]
    assert sum(t.count("With Ed,") for t in texts) <= 1
