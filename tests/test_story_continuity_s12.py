"""Slips the readers of session 11 found, fixed in session 12, each played on the path that used
to show it (or, where no one path is short to write, on the seeded random games that reach it)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest

from game.engine import Engine, GameState
from tests.test_story_continuity import (
    HELIOS_ACT1,
    HELIOS_ACT2,
    TO_THE_BURN,
    TO_THE_WATER_PLANT,
    ending_text,
    engine,
    story,
    take,
    text_at,
    walk,
)

__all__ = ["engine", "story"]  # the fixtures, shared

SEEDS = 600


@pytest.fixture(scope="module")
def games(engine: Engine) -> list[list[GameState]]:
    """Every state of 600 seeded random games, each played to an ending."""
    return [play_seeded(engine, seed) for seed in range(SEEDS)]


def play_seeded(engine: Engine, seed: int) -> list[GameState]:
    """Every state of one game played to an ending, uniform over the enabled choices."""
    picker = random.Random(seed)
    states = [engine.new_game(seed=seed)]
    while engine.view(states[-1]).ending is None:
        view = engine.view(states[-1])
        number = picker.choice([c.number for c in view.choices if c.enabled])
        states.append(engine.choose(states[-1], number - 1))
    return states


def _first(
    games: list[list[GameState]], wanted: Callable[[list[GameState]], bool]
) -> list[GameState]:
    found = next((states for states in games if wanted(states)), None)
    assert found is not None, "no seeded game reaches the case"
    return found


def _seen(states: list[GameState], scene: str) -> bool:
    return any(s.scene == scene for s in states)


def test_irinas_offer_is_not_offered_to_a_player_who_never_met_her(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Take Irina's trusteeship offer [unavailable]' used to be listed to players who had never
    heard of the offer; it is there only for those who took Irina's back channel."""
    shown = hidden = 0
    for states in games:
        for state in states:
            if state.scene != "a5_earth_inquiry":
                continue
            labels = [c.label for c in engine.view(state).choices]
            offered = any("Irina's trusteeship" in label for label in labels)
            assert offered == state.values["irina_deal"]
            shown += offered
            hidden += not offered and not _seen(states, "a2_tarasova_offer")
    assert shown and hidden  # both cases were played


def test_the_lost_rock_says_why_the_colony_contracted(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """In the Long Dark, Kelly and Alex left on the 2005 contraction flights with no reason
    given: those flights fly 'only if the colony contracts', and the rock went to neither world."""
    states = _first(
        games,
        lambda s: s[-1].scene == "end_long_dark" and s[-1].values["blamed"] != "you",
    )
    assert "When the colony's budget went past Earth with the rock" in ending_text(
        engine, states[-1]
    )
    assert "Helios lost its capture contracts and the colony lost its budget" in text_at(
        engine, states, "a6_2012_lost"
    )


def test_the_long_dark_dates_the_reckoning_to_the_night_of_the_burn(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The burn was on 9 March; the rock's return used to be 'worked out in April 2003, in the
    week after the burn'. And a confessed Hale goes uncharged for a stated reason."""
    states = _first(
        games,
        lambda s: s[-1].scene == "end_long_dark" and s[-1].values["blamed"] == "you",
    )
    text = ending_text(engine, states[-1])
    assert "in the week after the burn" not in text
    assert "Your own date, worked in pencil on the night of the burn, was four days out" in text
    assert "a lost rock was punishment enough" in text_at(engine, states, "a6_2012_lost")


def test_the_nasa_history_names_hale_only_where_the_losing_has_a_name(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The 2035 history said Hale was 'not in it under any name' even where Hale had confessed and
    'doing a Hale' was what flight-dynamics rooms called losing something big."""
    states = _first(
        games,
        lambda s: (
            s[-1].scene == "end_long_dark"
            and s[-1].values["blamed"] == "you"
            and s[-1].values["side"] == "nasa"
        ),
    )
    text = ending_text(engine, states[-1])
    assert "doing a Hale" in text
    assert "has one line in it, in the chapter on losses" in text
    assert "not in it under any name" not in text


def test_madisons_interview_keeps_alexs_question_private_on_a_live_link(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'You never learn what his question was' while sitting beside him on the link: the question
    is now asked where only she hears it."""
    for coda, private in (("stay", "into his ear alone"), ("leave", "which only she hears")):
        states = _first(
            games, lambda s, c=coda: s[-1].scene == "end_madison" and s[-1].values["coda"] == c
        )
        assert private in ending_text(engine, states[-1])


def test_rudys_cheap_stall_does_not_sell_to_a_helios_badge_he_was_given_up_by(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: (
            _seen(s, "a3_aftermath")
            and s[-1].values["gave_rudy"]
            and s[-1].values["raid_hurt"] != "rudy"
        ),
    )
    text = text_at(engine, states, "a3_aftermath")
    assert "no stall will sell to a Helios badge" in text
    assert "selling everything at cost to anyone with ore dust on their boots" in text


def test_warning_the_hideout_is_not_told_twice_and_lee_blames_no_one(engine: Engine) -> None:
    """'Go dark' told Kelly's 22:04 call again, 'the night before'; Lee then said 'You brought
    them to my house' to the player who had come to warn him."""
    act2 = [s if s != "Keep Kelly out" else "Tell Kelly what is coming" for s in HELIOS_ACT2]
    states = walk(engine, [*HELIOS_ACT1, *act2, *TO_THE_BURN[:3]])
    warned = text_at(engine, states, "a3_hideout_warned")
    assert "the night before" not in warned and "four minutes past ten" not in warned
    assert "twenty-six minutes after Kelly's call" in warned
    hatch = text_at(engine, states, "a3_the_hatch")
    assert "You brought them" not in hatch
    assert '"Your friends are in my house.' in hatch


def test_a_statement_to_danielle_is_given_and_her_talk_is_had(engine: Engine) -> None:
    """'Give Danielle a statement' was credited in endings and never shown; Danielle's 'We'll talk
    about it. Not today' at the hatch never came back."""
    to_aftermath = TO_THE_BURN[: TO_THE_BURN.index("Go straight to Aleida")]
    states = walk(engine, [*HELIOS_ACT1, *HELIOS_ACT2, *to_aftermath])
    assert states[-1].scene == "a3_aftermath"
    assert "asking for a statement about the tunnel" in text_at(engine, states, "a3_aftermath")
    given = take(engine, states[-1], "Give Danielle a statement")
    reply = " ".join(engine.view(given).reply.split())
    assert "into Sato's recorder" in reply
    # round 19: "So that's the talk" was vague, and "believe which side" ungrammatical
    assert "\"So that's your account." in reply and "came out on my side of it" in reply
    straight = take(engine, states[-1], "Go straight to Aleida")
    # round 20: the Earth-line mole is called to Danielle's office after the burn (deferred talk)
    assert "will have to wait until after the burn" in " ".join(engine.view(straight).reply.split())


def test_margos_soviet_key_is_used_by_the_player_who_asked_for_it(engine: Engine) -> None:
    act2 = [
        "Scrub your console logs",
        "Pay Rudy",
        "Walk away",
        "Give them nothing",
        "Read Margo's new message first",
        "Ask Margo for the Soviet guidance keys",
        "Promise Lee",
        "Work the intrusion beside her",
        "Keep Kelly out",
        "Carry the key through the hatch yourself",
    ]
    act1 = [s if s != "Forward the message to Dev" else "Answer Margo" for s in HELIOS_ACT1]
    to_the_hack = TO_THE_BURN[: TO_THE_BURN.index("Get to work") + 1]
    states = walk(engine, [*act1, *act2, *to_the_hack])
    assert "Soviet half of the handshake" in text_at(engine, states, "a2_hideout")
    assert "Margo's Soviet key goes in first" in text_at(engine, states, "a4_the_hack")
    plain = walk(engine, [*HELIOS_ACT1, *HELIOS_ACT2])
    assert "Soviet half of the handshake" not in text_at(engine, plain, "a2_hideout")


def test_the_leak_is_of_the_film_when_there_is_no_tape(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Leak the tapes', a scene called 'The tapes' and 'the man on the tape' on paths where the
    player only ever had a strip of negatives."""
    states = _first(
        games,
        lambda s: _seen(s, "a5_tapes_leak") and s[-1].values["film"] and not s[-1].values["tape"],
    )
    leak = next(s for s in states if s.scene == "a5_tapes_leak")
    assert engine.view(leak).title == "The film"
    step = next(st for st in states[-1].history if st.before.scene == "a5_mars_inquiry")
    assert step.label == "Leak the film and give them nobody"
    assert "The man in the pictures is never named" in text_at(engine, states, "a6_2012_mars")
    text = ending_text(engine, states[-1])
    assert "The strip of negatives Kelly held under the station camera" in text
    assert "on the tape" not in text and "playing the tape" not in text
    # the 'because' lines name the scene by the title the player saw, not its template
    end = engine.view(states[-1]).ending
    assert end is not None
    because = [*end.because, *(b for item in end.consequences for b in item.because)]
    assert not any("{%" in line for line in because)
    assert any("(The film, turn" in line for line in because)


def test_a_nasa_mole_caught_with_the_key_hears_why_danielle_cannot_help(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games, lambda s: s[-1].scene == "end_detained" and s[-1].values["side"] == "nasa"
    )
    text = text_at(engine, states, "a2_detained")
    assert "cannot get you out without telling Kessler whom you report to" in text


def test_aleidas_note_knows_the_player_turned_dev_down(engine: Engine) -> None:
    states = walk(
        engine,
        [
            "Trace who wrote",
            "Copy her branch",
            "Turn him down",
            "Tell Danielle everything",
            "Forward the message to Dev",
            "Work the plot from inside",
        ],
    )
    assert "You turned Dev down to his face" in text_at(engine, states, "a1_vanishing")


def test_custody_keeps_its_folding_chair(engine: Engine, games: list[list[GameState]]) -> None:
    states = _first(
        games,
        lambda s: s[-1].scene == "end_caught" and s[-1].values["destination"] == "lost",
    )
    text = text_at(engine, states, "a4_custody")
    assert "a folding chair between the shelves" in text
    assert "You sit on the folding chair" in text and "You sit on the bench" not in text


def test_the_helios_fall_names_dev_at_his_death(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: s[-1].scene == "end_helios_fall" and s[-1].values["coda"] == "stay",
    )
    text = ending_text(engine, states[-1])
    assert "Dev dies in 2037 without having set foot on the station" in text


def test_the_rounding_error_lie_is_heard(engine: Engine, games: list[list[GameState]]) -> None:
    states = _first(
        games,
        lambda s: any(step.label.startswith("Tell them the reserve was") for step in s[-1].history),
    )
    after = next(
        states[n + 1]
        for n, step in enumerate(states[-1].history)
        if step.label.startswith("Tell them the reserve was")
    )
    assert "writes *rounding error* in his notebook" in engine.view(after).reply


def test_margos_fate_is_not_credited_to_a_blame_she_could_not_have_taken(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """In a lost-rock ending, staying at the console (taking the blame) was credited for Margo's
    2012 fate, which would have read the same had the player gone home."""
    checked = 0
    for states in games:
        end = engine.view(states[-1]).ending
        assert end is not None
        for item in end.consequences:
            if item.text.startswith("In 2012 Margo Madison, whom no court had ever named"):
                assert not any("Stay at the console" in b for b in item.because)
                checked += 1
    assert checked


# ---------------------------------------------------------------- the second reading of session 12


def _reply_after(engine: Engine, states: list[GameState], label: str) -> str:
    """The reply shown after the step whose label starts with `label`."""
    steps = states[-1].history
    number = next(n for n, step in enumerate(steps) if step.label.startswith(label))
    return " ".join(engine.view(states[number + 1]).reply.split())


def test_danielles_answer_at_jamestown_is_shown(engine: Engine) -> None:
    """Whatever the player told Danielle in January, her answer happened off the page."""
    for told, heard in (
        ("Tell Danielle everything", "Tell me before they move, not after."),
        ("Tell Danielle only", '"Then find out what it is,"'),
    ):
        states = walk(engine, ["Trace who wrote", "Ask Aleida", "Turn him down", told])
        assert heard in " ".join(engine.view(states[-1]).reply.split())


def test_the_auditors_name_irina_and_langley(engine: Engine) -> None:
    states = walk(engine, TO_THE_WATER_PLANT[:7])  # to the auditors
    text = text_at(engine, states, "a2_auditors")
    assert "Irina Morozova herself, who runs the Soviet space administration" in text
    assert "the cable traffic calls his people Langley" in text


def test_sato_is_not_said_to_refuse_the_player_who_gave_her_a_statement(
    engine: Engine, games: list[list[GameState]]
) -> None:
    # since session 29 a4_countdown is written by side: each side's Sato takes the call
    said = {
        "helios": "She will take a call, but she cannot move a single marine without Poole's",
        "nasa": (
            "takes your calls now, writing down every word, but she cannot move a single marine"
        ),
        "own": "she would take your call, but she cannot move a marine without Poole's signature",
    }
    for side, line in said.items():
        states = _first(
            games,
            lambda s, side=side: (
                _seen(s, "a4_countdown")
                and s[-1].values["raid_hurt"] == "danielle"
                and s[-1].values["side"] == side
            ),
        )
        text = text_at(engine, states, "a4_countdown")
        assert "does not take calls from Helios engineers" not in text
        assert line in text, side
        assert "her door was open" not in text


def test_the_statement_at_danielles_bedside_is_logged_at_the_infirmary(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: (
            any(st.label.startswith("Give Danielle a statement") for st in s[-1].history)
            and s[-1].values["raid_hurt"] == "danielle"
        ),
    )
    reply = _reply_after(engine, states, "Give Danielle a statement")
    assert "badge at the infirmary door" in reply and "tram pass" not in reply
    assert "So that's the talk" not in reply  # no talk was promised without the wall holding


def test_a_loyal_player_is_left_one_message_by_sato(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: (
            any(st.label.startswith("Go straight to Aleida") for st in s[-1].history)
            and s[-1].values["side"] == "helios"
        ),
    )
    reply = _reply_after(engine, states, "Go straight to Aleida")
    assert "Sato's message where it is" in reply


def test_the_hatch_says_why_the_miners_came_to_a_player_who_only_warned_the_hideout(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(games, lambda s: _seen(s, "a3_hideout_warned") and _seen(s, "a3_the_hatch"))
    assert "Word of the raid has reached the Sump" in text_at(engine, states, "a3_the_hatch")


def test_lee_does_not_say_friends_are_in_a_house_they_left(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: (
            _seen(s, "a3_hideout_warned")
            and _seen(s, "a3_the_hatch")
            and next(st for st in s if st.scene == "a3_the_hatch").values["hideout"] == "moved"
        ),
    )
    hatch = text_at(engine, states, "a3_the_hatch")
    assert '"My house is empty now.' in hatch and "Your friends are in my house" not in hatch


def test_leaving_danielle_to_move_the_plotters_is_shown(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: any(st.label.startswith("Use the chaos") for st in s[-1].history),
    )
    assert "nobody can tell you whether she saw you go" in _reply_after(
        engine, states, "Use the chaos"
    )


def test_the_mole_who_never_entered_the_storeroom_is_not_said_to_have_built_the_burn(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(games, lambda s: _seen(s, "a4_in_control") and s[-1].values["side"] == "nasa")
    text = text_at(engine, states, "a4_in_control")
    assert "watching, and now and then helping, other people make honest" in text


def test_aleida_corrects_the_door_she_opened_not_a_module_she_never_faced(
    engine: Engine, games: list[list[GameState]]
) -> None:
    # the door was opened only where the hack went on into the guidance (an abort pulled the lead
    # before any handshake: audit m, session 16)
    states = _first(games, lambda s: _seen(s, "a5_aleida_cell") and _seen(s, "a4_in_control"))
    text = text_at(engine, states, "a5_aleida_cell")
    handed = _first(games, lambda s: _seen(s, "a5_aleida_cell") and not _seen(s, "a4_the_hack"))
    # a player who handed the dish over never saw her open anything: another error of theirs
    assert "It was the thirtieth of November." in text_at(engine, handed, "a5_aleida_cell")
    assert "got past the crypto module" not in text
    # session 19: she corrects the three hours the player saw in a4_in_control; session 21: the
    # three hours were her typing, the handshakes, or the checking, as the player chose
    for states in games:
        if not (_seen(states, "a5_aleida_cell") and _seen(states, "a4_in_control")):
            continue
        values = next(s for s in states if s.scene == "a5_aleida_cell").values
        said = (
            "You said I typed for three hours. I typed for two hours and fifty-one minutes."
            if values["aleida_keyboard"]
            else "You said three hours of handshakes. It was two hours and fifty-one minutes;"
            if values["slow_hack"]
            else "the checking took three hours. It took two hours and fifty-one minutes."
        )
        assert said in text_at(engine, states, "a5_aleida_cell")


def test_the_2031_history_credits_what_the_player_kept(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A government cannot declassify a cassette in the player's locker."""
    states = _first(
        games,
        lambda s: s[-1].values["evidence"] and s[-1].scene not in ("end_free_mars", "end_detained"),
    )
    text = ending_text(engine, states[-1])
    assert "Hale gave a historian the" in text and "declassification review" not in text


def test_earth_inquiry_hands_ed_over_and_remembers_how_the_mole_signed_up(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games, lambda s: _seen(s, "a5_earth_inquiry") and s[-1].values["side"] == "nasa"
    )
    text = text_at(engine, states, "a5_earth_inquiry")
    assert "taken into the Soviet section" not in text
    assert (
        "Ed is still in the Soviet section on the warrant served the morning after the burn" in text
    )
    # round 19: the mole's line now also says what became of Danielle's notes after the burn
    assert "In January you told Danielle you would work the plot from the inside" in text


def test_eds_message_reaches_him_through_the_one_visitor_he_has(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'No one goes through' the Zvezda door, yet the player knew where Ed pinned a letter.
    Since session 28 the frost on that door is told on the player's own side only."""
    states = _first(
        games,
        lambda s: (
            _seen(s, "a6_2012_earth")
            and s[-1].values["side"] == "own"
            and "pinned over his bunk" in text_at(engine, s, "a6_2012_earth")
        ),
    )
    text = text_at(engine, states, "a6_2012_earth")
    assert (
        "went to him through the Soviet censor in 2004; Lee's steward says they are pinned" in text
    )
    assert "because hardly anyone goes through" in text


def test_own_counsel_after_telling_dev_yes_is_not_called_no_answer(engine: Engine) -> None:
    states = walk(
        engine,
        [
            "Trace who wrote",
            "Ask Aleida",
            "Tell Dev you're in",
            "Ask Ed who pays",
            "Wipe it",
            "Keep your own counsel",
        ],
    )
    text = text_at(engine, states, "a1_vanishing")
    assert "You told Dev yes, and then kept your own counsel" in text
    assert "You never gave Dev an answer" not in text


def test_a_player_who_gave_up_rudy_hears_it_from_ed(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(games, lambda s: _seen(s, "a2_hideout") and s[-1].values["gave_rudy"])
    assert '"Says you gave them Rudy."' in text_at(engine, states, "a2_hideout")


def test_every_errand_at_curfew_leads_to_the_red_door_with_a_reason(
    engine: Engine, games: list[list[GameState]]
) -> None:
    direct = _first(
        games,
        lambda s: (
            _seen(s, "a2_nk_gate")
            and not any(
                _seen(s, x) for x in ("a2_tarasova_offer", "a2_danielle_office", "a2_margo_reply")
            )
        ),
    )
    text = text_at(engine, direct, "a2_nk_gate")
    assert "two hours and three stairwells" in text and "ten past midnight" in text
    later = _first(games, lambda s: _seen(s, "a2_nk_gate") and _seen(s, "a2_tarasova_offer"))
    assert "The next evening you go to the red door" in text_at(engine, later, "a2_nk_gate")


def test_the_film_leak_switches_off_a_camera_not_a_tape_deck(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(games, lambda s: _seen(s, "a5_tapes_leak") and not s[-1].values["tape"])
    text = text_at(engine, states, "a5_tapes_leak")
    assert "Kelly switches the camera off" in text and "stays on the deck" not in text


def test_caught_at_lees_dish_tells_what_became_of_lee(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(games, lambda s: s[-1].scene == "end_caught" and _seen(s, "a4_lee_dish"))
    text = text_at(engine, states, "a4_custody") + ending_text(engine, states[-1])
    assert "Pyongyang has recalled him for lending his dish" in text
    assert "after 2005 he never mentioned it again" not in text
    custody = next(s for s in states if s.scene == "a4_custody")
    assert engine.view(custody).place == "Lee's antenna room, then the Helios vault"


def test_notebooks_left_to_the_school_are_on_its_shelf(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(games, lambda s: s[-1].scene == "end_fido" and s[-1].values["school_notebooks"])
    assert "Your notebooks of 2003 are on" in ending_text(engine, states[-1])


def test_act_four_before_the_burn_is_dated_the_eighth(engine: Engine) -> None:
    """The burn is at two in the morning on 9 March; nine hours before is the 8th."""
    scenes = engine.story.scenes
    for scene in ("a4_countdown", "a4_danielle_refuses", "a4_lee_dish", "a4_the_hack", "a4_caught"):
        assert scenes[scene].date.startswith("2003-03-08, T-"), scene
    assert scenes["a4_in_control"].date.startswith("2003-03-09")


def test_the_light_delay_follows_mars_towards_the_2003_opposition(engine: Engine) -> None:
    """Nineteen or twenty minutes all spring, growing as Mars came closer: about 16 minutes in
    mid-January 2003, 14 in early February, 12 in March, 10 in April, under 6 in March 2012."""
    scenes = engine.story.scenes

    def said(scene: str) -> str:
        return " ".join(scenes[scene].text.split())

    assert "sixteen minutes of light delay" in said("a1_jamestown")
    assert "sixteen minutes old" in said("a1_margo_signal")
    assert "fourteen minutes each way" in said("a2_margo_reply")
    assert "ten minutes of light between Mars and either capital" in said("a5_mars_inquiry")
    assert "the anniversary from Mars with the sound down, six minutes late" in said("a6_2012_mars")
    for scene in scenes:
        assert "nineteen minutes" not in said(scene), scene
    # Session 29 cut March's delay from "Nine hours" (light delay as a repeated conceit was a tic):
    # whatever the countdown says of a delay must still be March's, never another month's.
    for wrong in ("sixteen minutes", "fourteen minutes", "ten minutes", "six minutes"):
        assert wrong not in said("a4_countdown"), wrong


# ---------------------------------------------------------------- the second reading of session 12


def test_the_trial_in_washington_is_a_year_after_the_arrest_on_mars(engine: Engine) -> None:
    """Dev was arrested on Mars on 9 March and tried in Washington on 2 June, with five months
    of transit each way; Ed had been 'two months' in Zvezda."""
    scene = engine.story.scenes["a5_dev_trial"]
    assert str(scene.date).startswith("2004-02")
    assert "housed him for eleven months" in " ".join(scene.text.split())


def test_danielle_refuses_for_a_reason_the_clock_allows(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Forty minutes by rover each way, and the window won't wait' at eight hours out."""
    states = _first(games, lambda s: _seen(s, "a4_danielle_refuses"))
    text = text_at(engine, states, "a4_danielle_refuses")
    assert "locked the Helios rover bay at noon" in text  # T-9h is four in the afternoon
    assert "the window won't wait" not in text
    trusted = _first(
        games,
        lambda s: any(
            st.scene == "a4_danielle_refuses"
            and st.values["danielle_trust"] >= 6
            and st.values["raid_hurt"] != "you"
            for st in s
        ),
    )
    assert "the word of someone I trust" in text_at(engine, trusted, "a4_danielle_refuses")


def test_the_raid_has_danielles_marines_in_it_and_says_whose_it_became(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: (
            _seen(s, "a3_the_hatch")
            and s[-1].values["told_danielle"]
            and s[-1].values["side"] != "nasa"
        ),
    )
    assert "By the twentieth Hobson had it off her desk" in text_at(engine, states, "a2_raid_order")
    assert "with Danielle's marines behind them along the tunnel wall" in text_at(
        engine, states, "a3_the_hatch"
    )


def test_giving_aleida_the_keyboard_is_remembered_at_the_console_and_the_inquiry(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: (
            _seen(s, "a4_in_control")
            and s[-1].values["aleida_keyboard"]
            and _seen(s, "a5_mars_inquiry")
        ),
    )
    control = text_at(engine, states, "a4_in_control")
    assert '"Your tables. My hands."' in control and "It answers to you now" not in control
    assert "your voice read every table into the stack" in text_at(
        engine, states, "a5_mars_inquiry"
    )


def test_a_hand_flown_burn_is_not_watched_from_ignition(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(games, lambda s: _seen(s, "a4_botched") and _seen(s, "a4_burn_mars"))
    text = text_at(engine, states, "a4_burn_mars")
    assert "At T plus twelve there is finally nothing to do but watch" in text
    assert 'Ed hasn\'t said a word since "Talk to me, FIDO"' in text


def test_lees_room_is_not_the_helios_building(engine: Engine, games: list[list[GameState]]) -> None:
    states = _first(games, lambda s: _seen(s, "a4_lee_dish") and _seen(s, "a4_burn_mars"))
    burn = next(s for s in states if s.scene == "a4_burn_mars")
    assert engine.view(burn).place == "Lee's antenna room, crater rim"
    assert "Down Lee's ladder, across the section and down the Sump stairs" in text_at(
        engine, states, "a4_burn_mars"
    )
    assert "Two levels under your feet" not in text_at(engine, states, "a4_burn_mars")


def test_irinas_deal_is_felt_at_a_mars_inquiry(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(games, lambda s: _seen(s, "a5_mars_inquiry") and s[-1].values["irina_deal"])
    assert "You told her yes in February." in text_at(engine, states, "a5_mars_inquiry")


def test_the_2031_history_names_what_the_player_kept_and_where(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'What it showed' of an audio cassette; a locker no one kept for a prisoner."""
    both = _first(
        games,
        lambda s: (
            s[-1].values["tape"]
            and s[-1].values["film"]
            # since round 34 a refused tape stays in a drawer on the Rosales and Trusteeship routes
            # (and evidence handed to the inquiry has its own history)
            and not s[-1].values["tape_in_court"]
            and s[-1].scene
            not in ("end_free_mars", "end_detained", "end_rosales", "end_shared_sky")
        ),
    )
    assert "the cassette and the strip of negatives" in ending_text(engine, both[-1])
    caught = _first(games, lambda s: s[-1].scene == "end_caught" and s[-1].values["evidence"])
    assert "that Kelly had cleared out of Hale's locker" in ending_text(engine, caught[-1])


def test_danielle_kessler_and_tarasova_each_have_a_fate(
    engine: Engine, games: list[list[GameState]]
) -> None:
    for states in games[:200]:
        text = ending_text(engine, states[-1])
        twelve = [s for s in states if s.scene in ("a6_2012_mars", "a6_2012_earth")]
        if states[-1].scene in ("end_rosales", "end_iridium", "end_shared_sky") or (
            states[-1].values["destination"] == "mars"
        ):
            # session 31: in the Mars and Earth endings the 2012 scene tells her 2012, and the
            # timeline no longer repeats it (round 65)
            assert "Danielle" in engine.view(twelve[-1]).text, states[-1].scene
        else:
            assert "Danielle Poole" in text, states[-1].scene
        assert "Kessler" in text, states[-1].scene
        assert "Yelena Tarasova" in text, states[-1].scene
        # her rank at retirement is told where it is a consequence: never promoted once the rock
        # reached Mars, a colonel for the arrest in the failure endings (session 27). Round 59 asked
        # that it stop closing every ending's entry, so the others no longer state it (session 28).
        # Round 61 asked again (rank as a closing tag in every Mars timeline), so since session 29
        # only fido, where it is the consequence, says it: "was never promoted". No Mars ending may
        # make her a colonel; the failure endings still give the colonelcy the arrest earned her.
        values = states[-1].values
        near = [text[m.start() : m.start() + 600] for m in re.finditer("Yelena Tarasova", text)]
        if states[-1].scene == "end_fido" and values["destination"] == "mars":
            assert any("was never promoted" in n for n in near), states[-1].scene
        if values["destination"] == "mars":
            assert not any(re.search(r"\bcolonel\b", n) for n in near), states[-1].scene
        if states[-1].scene in ("end_detained", "end_caught"):
            assert any(re.search(r"\b(colonel|major)\b", n) for n in near), states[-1].scene


def test_hobson_is_introduced_once_on_a_path(engine: Engine, games: list[list[GameState]]) -> None:
    for states in games[:100]:
        shown = " ".join(
            " ".join(engine.view(s).text.split()) for s in states if engine.view(s).ending is None
        )
        assert shown.count("NASA's Administrator") <= 2, states[-1].scene


def test_forwarding_margo_to_dev_gets_an_answer_or_a_silence(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games, lambda s: any(st.label == "Forward the message to Dev" for st in s[-1].history)
    )
    reply = _reply_after(engine, states, "Forward the message to Dev")
    assert "Ghosts are bad for business" in reply or "Nothing comes back." in reply


def test_where_the_player_stood_before_the_hatch_is_shown(engine: Engine) -> None:
    scene = engine.story.scenes["a3_danielle_line"]
    replies = [c.reply for c in scene.choices]
    assert all(replies) and len(set(replies)) == len(replies)
    hatch = " ".join(engine.story.scenes["a3_the_hatch"].text.split())
    assert "spectator" not in hatch


# ---------------------------------------------------------------- the third reading of session 12


def test_dragging_danielle_out_is_shown_and_answered(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: (
            _seen(s, "a3_wall_holds")
            and s[-1].values["pulled_danielle"]
            and not _seen(s, "a3_hideout_warned")
        ),
    )
    assert "you'd better be right again" in text_at(engine, states, "a3_wall_holds")
    assert "it was Danielle's voice" not in text_at(engine, states, "a3_wall_holds")
    reply = _reply_after(engine, states, "Drag Danielle out")
    assert "she swears at you all the way to the tunnel wall" in reply


def test_the_burn_night_and_the_earth_burn_remember_irinas_deal(
    engine: Engine, games: list[list[GameState]]
) -> None:
    control = _first(games, lambda s: _seen(s, "a4_in_control") and s[-1].values["irina_deal"])
    assert "to whom you said yes" in text_at(engine, control, "a4_in_control")
    inquiry = _first(
        games,
        lambda s: (
            _seen(s, "a5_earth_inquiry")
            and s[-1].values["irina_deal"]
            and s[-1].values["side"] == "own"
        ),
    )
    # since session 13 without "answered to nobody", false for a player who called Danielle
    assert "You kept your own counsel in January, and in February took Irina's channel" in text_at(
        engine, inquiry, "a5_earth_inquiry"
    )


def test_one_year_for_danielle_going_home(engine: Engine) -> None:
    scenes = engine.story.scenes
    for scene in ("a6_2012_mars", "a6_2012_earth"):
        text = " ".join(scenes[scene].text.split())
        assert "Danielle went home in 2005." in text
        # 2006 is now the year Dev sold up (a6_2012_earth), never a year of Danielle's
        assert not re.search(r"Danielle[^.]*2006|2006[^.]*Danielle", text), scene
    items = " ".join(" ".join(c.text.split()) for c in engine.story.manifest.consequences)
    assert "home in Houston since her tour at Jamestown ended in 2005" in items


def test_sato_moves_marines_only_with_danielles_signature(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: (
            _seen(s, "a4_the_hack")
            and _seen(s, "a4_burn_earth")
            and s[-1].values["raid_hurt"] == "danielle"
        ),
    )
    text = text_at(engine, states, "a4_burn_earth")
    # Poole was sedated until morning, after the burn (audit z), and Sato cannot move a marine
    # without her signature (audit aa): Sato moves them anyway, and it costs her
    assert "without the signature she is not supposed to move a marine without" in text
    assert "empty chair" not in text


def test_the_cycler_counts_its_crossings_by_its_own_period(engine: Engine) -> None:
    """Thirteen-month legs from March 2003 put May 2012 on the ninth crossing."""
    scene = engine.story.scenes["a6_2012_cycler"]
    assert "Ninth" in scene.title
    assert "Mars is five months astern and Earth eight months ahead, round the long side" in (
        " ".join(scene.text.split())
    )


def test_the_lost_rocks_orbit_is_one_a_cut_short_burn_can_leave(engine: Engine) -> None:
    """Session 12 sent the lost rock out past Jupiter on a nine-year orbit; a reader of session 13
    worked out that the reserve (about 600 m/s) cannot lift a transfer orbit that far. The orbit
    now crosses both worlds' and the dates of its passes are given, not a period."""
    lost = " ".join(engine.story.scenes["a4_lost"].text.split())
    after = " ".join(engine.story.scenes["a6_2012_lost"].text.split())
    assert "crosses the orbits of both worlds" in lost and "by Mars not until 2039" in lost
    for text in (lost, after):
        assert "Jupiter" not in text and "nine years" not in text


def test_telling_kelly_and_the_choices_in_aleidas_cell_are_shown(engine: Engine) -> None:
    for scene, count in (("a2_kelly_manifest", 1), ("a5_aleida_cell", 2)):
        replies = [c.reply for c in engine.story.scenes[scene].choices[:count]]
        assert all(replies), scene
    tell = " ".join(engine.story.scenes["a2_kelly_manifest"].choices[0].reply.split())
    assert "one more thing you will need from the comms centre" in tell


def test_a_wounded_player_is_visited_by_danielle(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games, lambda s: _seen(s, "a3_aftermath") and s[-1].values["raid_hurt"] == "you"
    )
    assert "Danielle comes the first night" in text_at(engine, states, "a3_aftermath")


# ---------------------------------------------------------------- the fourth reading of session 12


def test_ed_knows_who_drew_the_raid_map(engine: Engine, games: list[list[GameState]]) -> None:
    states = _first(
        games,
        lambda s: (
            _seen(s, "a4_countdown")
            and s[-1].values["told_danielle"]
            and s[-1].values["side"] == "helios"
        ),
    )
    text = text_at(engine, states, "a4_countdown")
    assert "Kessler had a floor plan, FIDO." in text and "We'll go where you point" not in text


def test_danielle_is_introduced_on_the_cold_aisle_path(engine: Engine) -> None:
    states = walk(engine, ["Trace who wrote", "Ask Aleida", "Tell Dev you're in"])
    assert "Danielle Poole runs Jamestown for NASA" in text_at(engine, states, "a1_dev_office")


def test_a_refused_call_to_danielle_is_answered_after_all(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: (
            _seen(s, "a4_danielle_refuses")
            and _seen(s, "a4_the_hack")
            and _seen(s, "a4_burn_earth")
            and s[-1].values["raid_hurt"] != "danielle"
        ),
    )
    text = text_at(engine, states, "a4_burn_earth")
    assert "Your call reached Jamestown after all" in text
    assert "Somebody called Jamestown" not in text


def test_the_galley_told_on_burn_night_is_not_forgotten_in_2012(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: (
            s[-1].values["told_galley"]
            and s[-1].values["destination"] == "mars"
            and s[-1].values["miners"] < 6
            and not s[-1].values["miners_in_deal"]
        ),
    )
    text = ending_text(engine, states[-1])
    assert "stopped expecting anyone from Helios to stand with them" not in text
    # ... and, since session 13, it makes no council the 2012 scene does not show
    assert "told in their own galley in 2003 by an engineer who had not been sent" in text
    assert "elected its first miners' council" not in text


def test_the_cycler_send_order_is_answered(engine: Engine) -> None:
    replies = [c.reply for c in engine.story.scenes["a4_burn_cycler"].choices]
    assert all(replies) and len(set(replies)) == 2


def test_kessler_is_commended_only_where_the_rock_went_to_earth(
    engine: Engine, games: list[list[GameState]]
) -> None:
    commended = 0
    for states in games[:300]:
        text = ending_text(engine, states[-1])
        if "with a commendation for the Mars audit" in text:
            assert states[-1].values["destination"] == "earth"
            commended += 1
    assert commended  # the line itself is still told where it fits


def test_danielles_infirmary_stay_fits_the_inquiry_in_april(engine: Engine) -> None:
    items = " ".join(" ".join(c.text.split()) for c in engine.story.manifest.consequences)
    # five weeks since round 29: six put her out on 4 April, after the inquiries (2 April) that call
    # it her first week out of the infirmary
    assert "After five weeks in the Happy Valley infirmary and a month on a cane" in items


def test_danielle_remembers_the_statement_given_that_morning(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: _seen(s, "a4_danielle_refuses") and s[-1].values["gave_statement"],
    )
    # 'in front of Sato's recorder' since round 30: the statement was given at Jamestown; in the
    # morning since round 50, before Kessler's people locked the rover bay at noon
    assert "You sat in front of Sato's recorder this morning" in text_at(
        engine, states, "a4_danielle_refuses"
    )


def test_margos_lock_out_does_not_deny_a_forwarded_message(engine: Engine) -> None:
    reason = " ".join(
        str(engine.story.scenes["a5_mars_inquiry"].choices[1].disabled_reason).split()
    )
    assert "You never answered Margo's message in January, not in your own name." in reason


# ---------------------------------------------------------------- the fifth reading of session 12


def test_stepping_into_the_gap_is_shown(engine: Engine, games: list[list[GameState]]) -> None:
    states = _first(
        games, lambda s: any(st.label.startswith("Step into the gap") for st in s[-1].history)
    )
    reply = _reply_after(engine, states, "Step into the gap")
    assert "You step into the three metres between Danielle and the first rifle" in reply


def test_the_long_dark_at_lees_dish_stays_in_lees_room(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(games, lambda s: _seen(s, "a4_lost") and _seen(s, "a4_lee_dish"))
    lost = next(s for s in states if s.scene == "a4_lost")
    assert engine.view(lost).place == "Lee's antenna room, crater rim"
    text = text_at(engine, states, "a4_lost")
    assert "On Lee's receiver" in text and "strip chart" not in text
    assert "The door of Lee's room stays shut." in text
