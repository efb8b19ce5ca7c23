"""Slips the readers of session 10 found, fixed in session 11, each played on the path that used
to show it."""

from __future__ import annotations

import random
import re

from game.engine import Engine, GameState
from game.engine.model import Story
from tests.test_story_continuity import (
    HELIOS_ACT1,
    HELIOS_ACT2,
    TO_THE_BURN,
    Step,
    engine,
    story,
    take,
    text_at,
    walk,
)

__all__ = ["engine", "story"]  # the fixtures, shared

TO_LEES_DISH = TO_THE_BURN[: TO_THE_BURN.index("Get to work") + 1]
TO_HELIOS_DISH = [
    "Use the Helios dish" if step == "Take the burn to Lee's antenna" else step
    for step in TO_LEES_DISH
    if step != "Get to work"
]


LONG_DARK = [2, 1, 1, 2, 1, 3, 1, 1, 1, 3, 1, 1, 1, 3, 2, 3, 3, 2, 2, 1, 2, 2, 1, 1, 1, 1, 2]


def _because(engine: Engine, states: list[GameState]) -> list[str]:
    view = engine.view(states[-1])
    assert view.ending is not None
    return [*view.ending.because, *(b for item in view.ending.consequences for b in item.because)]


def test_a_choice_that_was_the_only_one_on_offer_is_never_credited(engine: Engine) -> None:
    """With no copy of the model and no deep access, 'Cut the engines' is the only choice left
    after a botched burn; the Long Dark used to credit it a dozen times. The handshake that
    risked the botch is credited instead."""
    # a reader's path: no model of one's own and too little access to hand-fly the burn
    states = [engine.new_game(seed=15)]
    for number in LONG_DARK:
        states.append(engine.choose(states[-1], number - 1))
    assert states[-1].scene == "end_long_dark"
    botched = engine.view(next(s for s in states if s.scene == "a4_botched"))
    assert [c.enabled for c in botched.choices] == [True, False]  # the path is the forced one
    because = _because(engine, states)
    assert because and not any("Cut the engines" in line for line in because)
    assert any("Push it through in a single handshake" in line for line in because)


def test_caught_at_lees_dish_the_agents_come_in_on_pyongyangs_leave(engine: Engine) -> None:
    """a1_vanishing says no government's police may enter the North Korean section without
    Pyongyang's leave; the agents used to walk into Lee's antenna room regardless, and Tarasova
    said the room's traffic gave away a player who had sent a single handshake."""
    states = walk(engine, [*HELIOS_ACT1, *HELIOS_ACT2, *TO_LEES_DISH, ("Push it", "a4_caught")])
    dish = text_at(engine, states, "a4_lee_dish")
    assert "Slow is all I have to lend you" in dish
    caught = text_at(engine, states, "a4_caught")
    assert "Pyongyang's leave, asked for nicely" in caught
    assert "Mister Lee's dish has one job, and its job is Pyongyang" in caught
    assert "traffic from this room" not in caught and "as if the room were hers" not in caught
    assert "Lee's steward is being slow with a hatch" in text_at(engine, states, "a4_the_hack")


def test_caught_at_the_helios_dish_is_told_by_the_dish_not_by_lee(engine: Engine) -> None:
    states = walk(engine, [*HELIOS_ACT1, *HELIOS_ACT2, *TO_HELIOS_DISH, ("Push it", "a4_caught")])
    assert not any(s.scene == "a4_lee_dish" for s in states)
    caught = text_at(engine, states, "a4_caught")
    assert "your dish left its schedule" in caught and "Pyongyang" not in caught
    assert "slow with a hatch" not in text_at(engine, states, "a4_the_hack")


def test_the_wall_holds_knows_who_warned_the_hideout(engine: Engine) -> None:
    """A player who ran to warn the hideout and dragged Danielle clear used to hear that 'it was
    your voice' and get Danielle's fond 'tell me before you have it'."""
    warned: list[Step] = [*HELIOS_ACT1, *HELIOS_ACT2, *TO_THE_BURN[:3]]
    assert "Run to warn the hideout" in warned
    dragged = [*warned[:-1], ("Drag Danielle out", "a3_wall_holds")]
    for path in (warned, dragged):
        holds = text_at(engine, walk(engine, path), "a3_wall_holds")
        assert "it was your voice" not in holds
        assert "I saw which side of that door you came out of" in holds
        assert "tell me about it before you have it" not in holds


def test_place_lines_say_where_the_player_is(engine: Engine, story: Story) -> None:
    """Places used to hedge ('Kuznetzov Station, and Earth') whichever world the player chose."""
    for scene in ("end_madison", "end_helios_fall", "end_free_mars"):
        assert "and Earth" not in story.scenes[scene].place
    states = walk(engine, [*HELIOS_ACT1, *HELIOS_ACT2, *TO_LEES_DISH])
    # the hack's room is the one the player took the burn to (readers of session 11)
    assert engine.view(states[-1]).place == "Lee's antenna room, crater rim"
    assert "soldered on her knee ten minutes ago, with Lee's iron" in text_at(
        engine, states, "a4_the_hack"
    )
    helios = walk(engine, [*HELIOS_ACT1, *HELIOS_ACT2, *TO_HELIOS_DISH])
    assert engine.view(helios[-1]).place == "Helios antenna control room"
    assert "soldered in the storeroom at lunch" in text_at(engine, helios, "a4_the_hack")
    assert engine.view(states[-2]).place == "Lee's antenna, North Korean section"
    at_the_dish = take(engine, states[-2], "Get to work")
    assert at_the_dish.scene == "a4_the_hack"


def test_forwarding_margo_to_dev_is_not_followed_by_dev_ignoring_your_calls(engine: Engine) -> None:
    """Forwarding Margo's message to Dev raised his trust; if it stayed low, the next scene said
    he had 'stopped returning your calls', right after he got your message."""
    states = walk(
        engine,
        [
            "Trace who wrote",
            "Copy her branch",
            "Turn him down",
            "Tell Danielle everything",
            "Forward the message to Dev",
        ],
    )
    commit = text_at(engine, states, "a1_commit")
    assert "stopped returning your calls" not in commit
    assert "has not said a word to you since you turned him down" in commit


def test_every_player_who_heard_from_margo_learns_what_became_of_her(engine: Engine) -> None:
    """Readers found no word of Margo in five endings' timelines when the player had forwarded
    her message, wiped it, told her to keep out, or taken Irina's channel that closed her line."""
    fates: set[str] = set()
    for seed in range(250):
        picker = random.Random(seed)
        state = engine.new_game(seed=seed)
        heard, epilogue = False, []
        while not engine.is_over(state):
            heard = heard or state.scene == "a1_margo_signal"
            view = engine.view(state)
            if state.scene.startswith("a6_"):
                epilogue.append(view.text)
            state = engine.choose(
                state, picker.choice([c.number - 1 for c in view.choices if c.enabled])
            )
        ending = engine.view(state).ending
        assert ending is not None
        margo = [c.text for c in ending.consequences if "Margo Madison" in c.text]
        told = margo or any("Margo" in text for text in [*epilogue, engine.view(state).text])
        if heard:
            assert told, f"seed {seed}: Margo has no fate in {state.scene}"
        fates.update(" ".join(text.split()) for text in margo)
    # the new fates, for a line Irina closed and for a message never answered, are both reached
    assert any(
        "for time on the Soviet relay to Mars, shut to her since the week Irina's back channel"
        in fate
        for fate in fates
    )
    assert any("She had sent nothing to Mars since January 2003" in fate for fate in fates)


def _random_endings(engine: Engine, seeds: range) -> list[tuple[str, list[str]]]:
    """(ending scene, the texts of every scene on the way) for random playthroughs."""
    played = []
    for seed in seeds:
        picker = random.Random(seed)
        state = engine.new_game(seed=seed)
        texts = []
        while True:
            view = engine.view(state)
            texts.append(" ".join(view.text.split()))
            if view.ending is not None:
                break
            state = engine.choose(
                state, picker.choice([c.number - 1 for c in view.choices if c.enabled])
            )
        played.append((state.scene, texts))
    return played


def test_three_codas_no_longer_close_on_a_card_or_a_letter(engine: Engine) -> None:
    """Readers found helios_fall, iridium and long_dark closing on a card, a letter, a postcard
    or a recording sent; each now closes on something the player does or sees."""
    closings: dict[str, set[str]] = {}
    for scene, texts in _random_endings(engine, range(300)):
        if scene in ("end_helios_fall", "end_iridium", "end_long_dark"):
            closings.setdefault(scene, set()).add(texts[-1][-400:])
    assert set(closings) == {"end_helios_fall", "end_iridium", "end_long_dark"}
    for scene, endings in closings.items():
        for closing in endings:
            last = closing.rsplit(". ", 3)[-3:]
            assert not any(
                re.search(r"\b(card|letter|postcard|photograph|recording)s?\b", s) for s in last
            ), f"{scene} closes on: {closing[-200:]}"


def test_the_simile_tic_is_thinned(engine: Engine) -> None:
    """'as if', 'as though' and 'the way a ... does' came 8 to 16 times a playthrough; readers
    asked for at most about six."""
    simile = re.compile(
        r"\b(as if|as though|the way (a|an|another|anyone|children|dogs|sleeping|you would))\b",
        re.I,
    )
    counts = [
        sum(len(simile.findall(text)) for text in texts)
        for _, texts in _random_endings(engine, range(200))
    ]
    assert sum(counts) / len(counts) <= 6
    assert max(counts) <= 10


def test_a_mole_who_gave_danielle_the_hideout_plans_the_raid_instead_of_visiting_it(
    engine: Engine,
) -> None:
    """Every route used to pass through 'Guests of the Republic', so a mole who had just
    confirmed the hideout to Danielle was next offered the intrusion by the plotters. That mole
    now spends the night over Sato's plans at Jamestown; one who refused still goes in."""
    from tests.test_story_continuity_co import AFTER_DANIELLE, NASA_TO_DANIELLE

    plans = [
        "Mark the section, not the room" if s == "Hand Aleida your credentials" else s
        for s in AFTER_DANIELLE
    ]
    told = walk(engine, [*NASA_TO_DANIELLE, "Confirm it", *plans])
    scenes = [s.scene for s in told]
    assert "a2_jamestown_plans" in scenes and "a2_hideout" not in scenes
    table = text_at(engine, told, "a2_jamestown_plans")
    assert "Look, don't touch" in table
    assert "you told Lee that nobody could promise him anything" in table  # the answer given Lee
    assert scenes.index("a2_jamestown_plans") + 1 == scenes.index("a2_kelly_manifest")
    refused = walk(engine, [*NASA_TO_DANIELLE, "Refuse to confirm", *AFTER_DANIELLE])
    scenes = [s.scene for s in refused]
    assert "a2_hideout" in scenes and "a2_jamestown_plans" not in scenes


def test_the_keyboard_is_a_third_way_through_the_door_and_is_credited(engine: Engine) -> None:
    """Aleida driving is a gamble of its own: reaching the console that way names it."""
    states = walk(
        engine,
        [
            *HELIOS_ACT1,
            *HELIOS_ACT2,
            *TO_HELIOS_DISH,
            ("Give Aleida the keyboard", "a4_in_control"),
        ],
    )
    hack = text_at(engine, states, "a4_the_hack")
    assert "give her the keyboard" in hack
    states.append(take(engine, states[-1], "Burn for Mars"))
    assert states[-1].scene == "a4_burn_mars"


def test_an_anonymous_leak_is_credited_in_daylight(engine: Engine) -> None:
    """Signing the leak was credited; letting it go out anonymously, as much a choice, was not."""
    found = 0
    for seed in range(400):
        picker = random.Random(seed)
        state = engine.new_game(seed=seed)
        labels = []
        while not engine.is_over(state):
            view = engine.view(state)
            number = picker.choice([c.number - 1 for c in view.choices if c.enabled])
            labels.append(view.choices[number].label)
            state = engine.choose(state, number)
        if state.scene != "end_free_mars":
            continue
        ending = engine.view(state).ending
        assert ending is not None
        leak = [c for c in ending.consequences if "reached Earth's networks" in c.text]
        assert len(leak) == 1
        if "Let it go out anonymously" in labels:
            found += 1
            assert "from a sender never publicly identified" in leak[0].text
            assert any("Let it go out anonymously" in b for b in leak[0].because)
    assert found >= 1
