"""Session 17: what the round-25 readers and audit r found, each checked on the seeded random
games (as in the s12 to s16 files)."""

from __future__ import annotations

import re

from game.engine import Engine, GameState
from tests.test_story_continuity import ending_text, engine, story, text_at
from tests.test_story_continuity_s12 import _seen, games

__all__ = ["engine", "games", "story"]  # the fixtures, shared


def test_ed_does_not_say_hours_to_spare_when_the_plotters_left_in_the_raid(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A Helios plotter who told Danielle and then got the plotters out, at T-9h: Ed said they
    left 'with hours to spare', false when they went in the ten minutes after Danielle was shot
    (audit r, seed 3785)."""
    during_raid = 0
    for states in games:
        last = states[-1].values
        if not (_seen(states, "a4_countdown") and last["side"] == "helios"):
            continue
        if not (last["told_danielle"] and last["hideout"] == "moved"):
            continue
        text = text_at(engine, states, "a4_countdown")
        assert "got us out of that room anyway" in text
        assert "hours to spare" not in text
        during_raid += not _seen(states, "a3_hideout_warned")
    assert during_raid


def test_dev_is_not_said_never_to_have_doubted_a_plotter_who_told_danielle(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The boarding card at T-9h said Dev 'has not doubted for a day how this ends' to a player who
    had confirmed the hideout to Danielle, in the scene where Ed says somebody sat with Sato
    (round-25 reader)."""
    seen = {True: 0, False: 0}
    for states in games:
        last = states[-1].values
        if not (_seen(states, "a4_countdown") and last["side"] == "helios"):
            continue
        told = bool(last["told_danielle"])
        text = text_at(engine, states, "a4_countdown")
        assert ("has decided not to believe" in text) == told
        refused = _seen(states, "a1_jamestown")  # turned Dev down to his face (round 42)
        assert ("Dev has not doubted for a day" in text) == (not told and not refused)
        assert ("Dev, whom you turned down to his face" in text) == (refused and not told)
        seen[told] += 1
    assert seen[True] and seen[False]


def test_kelly_hears_that_the_player_drew_the_door_when_they_did(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A Helios plotter who drew Sato the storeroom's doors was told 'you sat at Sato's table
    while she drew a map': the blame moved to Sato just where it should sting (round-25 reader)."""
    seen = {True: 0, False: 0}
    for states in games:
        last = states[-1].values
        if not (_seen(states, "a2_kelly_manifest") and last["side"] == "helios"):
            continue
        if not last["told_danielle"]:
            continue
        drew = bool(last["marked_room"])
        text = text_at(engine, states, "a2_kelly_manifest")
        assert ("you drew Sato the door he sleeps behind" in text) == drew
        # the plan was drawn before the player sat down (audit t): over it, not while she drew it
        assert ("you sat at Sato's table over a map of where he sleeps" in text) == (not drew)
        seen[drew] += 1
    assert seen[True] and seen[False]


def test_the_receivers_needle_never_runs_out_of_ink(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """On Lee's receiver the beacon is a needle, which has no ink (round-25 reader). Since round 46
    the Helios antenna room shows it on a receiver too: the strip chart, pen and ink, is in the
    flight dynamics room, where neither burn is flown."""
    seen = {True: 0, False: 0}
    for states in games:
        if not _seen(states, "a4_lost"):
            continue
        dish = _seen(states, "a4_lee_dish")
        text = text_at(engine, states, "a4_lost")
        assert "out of ink" not in text and "strip chart" not in text
        assert "the receiver has died" in text
        assert ("On Lee's receiver" if dish else "On the tracking receiver") in text
        seen[dish] += 1
    assert seen[True] and seen[False]


def test_both_recordings_given_to_the_committee_stay_both_to_the_end(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A player holding the cassette and the BELOVA negatives gave the committee 'the cassette',
    and the negatives were never mentioned again, in the trial, the ending or the timeline
    (round-26 readers)."""
    both = 0
    for states in games:
        last = states[-1]
        values = last.values
        if not values["tape_in_court"]:
            continue
        inquiry = " ".join(engine.reply(_after(states, "a5_earth_inquiry")).split())
        assert ("the BELOVA negatives beside it" in inquiry) == bool(
            values["tape"] and values["film"]
        )
        ending = engine.ending_view(last)
        assert ending is not None
        timeline = " ".join(item.text for item in ending.consequences)
        if values["tape"] and values["film"]:
            both += 1
            assert "The recording and the film Hale gave" in timeline
            if last.scene == "end_iridium":
                assert "The tape and the negatives are in a federal evidence room" in ending_text(
                    engine, last
                )
        else:
            assert "The recording and the film" not in timeline
    assert both


def test_ed_sends_no_drink_to_a_plotter_whose_table_drew_the_map(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Ed owed a Helios plotter who told Danielle 'a drink on Goldilocks' the morning after the
    raid, then at T-9h says somebody sat with Sato (round-26 reader)."""
    seen = 0
    for states in games:
        values = states[-1].values
        if not (_seen(states, "a3_aftermath") and values["side"] == "helios"):
            continue
        if values["told_danielle"]:
            seen += 1
            assert "owes you a drink" not in text_at(engine, states, "a3_aftermath")
    assert seen


def _after(states: list[GameState], scene: str) -> GameState:
    """The state right after the choice made at `scene`."""
    at = next(n for n, state in enumerate(states) if state.scene == scene)
    return states[at + 1]


def test_the_trial_names_what_a_nasa_mole_told_dev_in_january(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Whatever you told Dev in his window office' hedged for a mole who had said yes to his face
    (round-26 and round-27 readers): the trial now says which answer it was."""
    seen = {"yes": 0, "night": 0}
    for states in games:
        if not (_seen(states, "a5_dev_trial") and states[-1].values["side"] == "nasa"):
            continue
        if _seen(states, "a1_jamestown"):
            continue
        text = text_at(engine, states, "a5_dev_trial")
        assert "Whatever you told Dev" not in text
        said_yes = _seen(states, "a1_rover_ride")
        assert ("You told Dev you were in" in text) == said_yes
        assert ("never went back to him with an answer" in text) == (not said_yes)
        seen["yes" if said_yes else "night"] += 1
    assert seen["yes"] and seen["night"]


def test_tarasova_is_never_promoted_once_the_rock_goes_to_mars(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """On the Mars routes the rock her audit was to keep on the treaty line was lost, yet she
    retired a colonel (round-27 reader); she retires a major wherever the rock reached Mars.
    Session 29 tells it once, in fido, as "never promoted", no longer as a closing tag on every
    Mars ending (round 61); none of them may make her a colonel."""
    seen = 0
    for states in games:
        last = states[-1]
        if last.values["destination"] != "mars":
            continue
        seen += 1
        text = ending_text(engine, last)
        near = [text[m.start() : m.start() + 400] for m in re.finditer("Yelena Tarasova", text)]
        if last.scene == "end_fido":  # the one Mars ending where the rank is the consequence
            assert any("was never promoted after the rock went to Mars" in n for n in near)
        assert not any(re.search(r"\bcolonel\b", n) for n in near)
    assert seen


def test_the_trial_keeps_both_recordings_in_the_defence_exhibits(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The trial showed only the tape to a player who had given the committee both (round 27), and
    said the judge ruled on it in front of the jury, then the sentencing heard it again."""
    both = 0
    for states in games:
        values = states[-1].values
        if not (values["tape_in_court"] and _seen(states, "a5_dev_trial")):
            continue
        text = text_at(engine, states, "a5_dev_trial")
        # round 28: the judge hears it alone, with the jury sent out first, and rules once
        assert "The judge sends the jury out first" in text
        assert "rules that" in text and "on sentence, not on guilt" in text
        assert "keeps it for the sentencing hearing" not in text
        if values["tape"] and values["film"]:
            both += 1
            assert "Your tape and negatives are on the defence's list of exhibits" in text
            assert "BELOVA frames on an easel" in text
    assert both


# -- round 28 (readers e28, m28) and audit u ------------------------------------------------------


def test_rudy_sees_the_negatives_the_player_picked_up_off_him(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """On Free Mars, a player who picked the BELOVA canister up off the grating Rudy lay on
    never heard from Rudy about it: the museum shows the negatives and Rudy answers (round 28)."""
    seen = 0
    for states in games:
        last = states[-1]
        if last.scene != "end_free_mars":
            continue
        # not to the informer who gave his name, whom Rudy never forgives (audit v)
        rudy_and_film = (
            last.values["raid_hurt"] == "rudy"
            and bool(last.values["film"])
            and not last.values["gave_rudy"]
        )
        text = ending_text(engine, last)
        assert ("Fair trade. I'd have made it." in text) == rudy_and_film
        if rudy_and_film:
            seen += 1
            assert "the strip of negatives Kelly held under the station camera" in text or (
                not last.values["tape"]
            )
    assert seen


def test_the_bigger_share_shows_in_the_trusteeship_numbers(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Fight for a bigger share' was said to buy a fourth percent, yet 2012 counted the same four
    tons and twelve seats (round 28): the numbers now follow the fight."""
    seen = {True: 0, False: 0}
    for states in games:
        last = states[-1]
        bigger = bool(last.values.get("bigger_share"))
        if _seen(states, "a6_2012_earth") and last.values["blamed"] not in ("aleida", "dev"):
            text = text_at(engine, states, "a6_2012_earth")
            # session 29: by side, the chalked, typed or inked figure after the colony's 286
            assert ("+16" in text) == bigger
            assert ("+12" in text) == (not bigger)
            seen[bigger] += 1
        if last.scene == "end_shared_sky":
            text = ending_text(engine, last)
            assert ("sixteen a year and then twenty-five" in text) == bigger
    assert seen[True] and seen[False]


def test_sato_at_the_earth_inquiry_knows_who_drew_her_the_doors(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A player who marked the storeroom's doors on Sato's plan sat through her reading of the
    committee's telexes with no sign she knew (audit u)."""
    seen = {True: 0, False: 0}
    for states in games:
        if not _seen(states, "a5_earth_inquiry"):
            continue
        marked = bool(states[-1].values.get("marked_room"))
        text = text_at(engine, states, "a5_earth_inquiry")
        # session 29: the room is told by side
        doors = {
            "helios": "the storeroom's two doors on it are in your blue pencil",
            "nasa": "Her plan of the section, with the storeroom's doors in your blue pencil",
            "own": "The one thing you ever drew for Jamestown is on her plan",
        }[str(states[-1].values["side"])]
        assert (doors in text) == marked
        seen[marked] += 1
    assert seen[True] and seen[False]


def test_ed_and_aleida_come_to_the_dish_from_where_they_are_hidden(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """After the plotters were moved to the pump room, Ed and Aleida simply 'came up the ladder'
    at Lee's dish (round 28): they are brought back along the freight tunnel."""
    seen = {True: 0, False: 0}
    for states in games:
        if not _seen(states, "a4_lee_dish"):
            continue
        moved = states[-1].values["hideout"] == "moved"
        text = text_at(engine, states, "a4_lee_dish")
        assert ("brought back from the pump room by Lee's steward" in text) == moved
        seen[moved] += 1
    assert seen[True] and seen[False]
