"""Slips the readers of session 12's last round found, and the shared Earth blocks they asked to
see vary, fixed in session 13; each played on the path that used to show it."""

from __future__ import annotations

import dataclasses
import re

import pytest

from game.engine import Engine, GameState, Story
from tests.test_story_continuity import (
    HELIOS_ACT1,
    HELIOS_ACT2,
    TO_THE_WATER_PLANT,
    ending_text,
    engine,
    settle,
    story,
    take,
    text_at,
    walk,
)
from tests.test_story_continuity_s12 import _first, _seen, games

__all__ = ["engine", "games", "story"]  # the fixtures, shared


def test_the_seller_who_has_not_come_out_is_the_one_found_in_the_filter_room(
    engine: Engine,
) -> None:
    """'One hasn't come out' named a third seller nobody ever heard of again; it is Oksana, whom
    the player finds that night, photographed for Kessler's file (the film the raid spills)."""
    states = walk(engine, [*TO_THE_WATER_PLANT, "Walk away"])
    sump = text_at(engine, states, "a2_sump")
    assert "The third is Rudy's supplier, a Soviet driller called Oksana Belova" in sump
    assert "hasn't come out" in sump and "One hasn't come out" not in sump
    plant = next(s for s in states if "Oksana Belova is strapped" in engine.view(s).text)
    assert "takes a picture, for the file" in engine.view(plant).text


def test_kelly_is_not_assumed_to_know_the_player_joined_her_father(engine: Engine) -> None:
    states = walk(engine, [*HELIOS_ACT1, *HELIOS_ACT2[:7]])
    text = text_at(engine, states, "a2_kelly_manifest")
    assert "does not ask you how that is going" not in text
    assert "there is nothing you can promise her about it yet" in text


def test_danielle_who_heard_about_ocampo_is_not_said_to_have_learned_to_believe(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: any(
            x.scene == "a3_the_hatch" and x.values["gave_rudy"] and x.values["danielle_trust"] >= 6
            for x in s
        ),
    )
    text = text_at(engine, states, "a3_the_hatch")
    assert "trusts your figures, whatever she heard about Ocampo" in text
    assert "has learned to" not in text


def test_an_earth_burn_in_lees_room_gives_lee_his_part(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A burn for Earth flown from Lee's room left Lee out entirely, and the marines walked into
    the North Korean section with no one to open the hatch."""
    states = _first(games, lambda s: _seen(s, "a4_lee_dish") and _seen(s, "a4_burn_earth"))
    text = text_at(engine, states, "a4_burn_earth")
    assert "Lee waits until Ed has gone down the ladder" in text or "Lee stays." in text
    assert "Lee has gone down to open the red hatch for them himself" in text
    helios = _first(
        games,
        lambda s: (
            _seen(s, "a4_the_hack") and not _seen(s, "a4_lee_dish") and _seen(s, "a4_burn_earth")
        ),
    )
    assert "red hatch" not in text_at(engine, helios, "a4_burn_earth")


def test_custody_at_lees_dish_is_walked_out_through_his_section(
    engine: Engine, games: list[list[GameState]]
) -> None:
    at_lee = _first(games, lambda s: s[-1].scene == "end_caught" and _seen(s, "a4_lee_dish"))
    at_helios = _first(games, lambda s: s[-1].scene == "end_caught" and not _seen(s, "a4_lee_dish"))
    assert '"Slow was all I had."' in text_at(engine, at_lee, "a4_custody")
    assert "Lee's ladder" not in text_at(engine, at_helios, "a4_custody")


def test_the_wiped_guidance_has_its_own_future_not_the_long_darks(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The wipe used to be followed by the Long Dark's 2012 and 2039: a rock that had never made a
    capture burn passed Earth and came back past Mars as if the botched burn had bent it."""
    wiped = _first(
        games,
        lambda s: s[-1].scene == "end_caught" and s[-1].values["destination"] == "lost",
    )
    text = ending_text(engine, wiped[-1])
    assert "swung past Earth uncaptured in October 2003" in text
    assert "came back by Earth for the first time since 2003" in text
    assert "independent prospectors" not in text
    dark = _first(games, lambda s: s[-1].scene == "end_long_dark")
    assert "independent prospectors" in ending_text(engine, dark[-1])


@pytest.mark.parametrize("first", [True, False])
def test_2012_on_the_earth_line_opens_its_own_way_for_each_blame(
    engine: Engine, games: list[list[GameState]], first: bool
) -> None:
    """The three Earth endings opened 2012 with the same five paragraphs; each blame now opens on
    its own news. (Round 15: the commissary's chalked count of 286 then closed all three; it is
    kept in one.)"""
    openings = {}
    chalked = 0
    for blamed in ("aleida", "dev", "nobody"):
        states = _first(
            games,
            lambda s, b=blamed: _seen(s, "a6_2012_earth") and s[-1].values["blamed"] == b,
        )
        text = text_at(engine, states, "a6_2012_earth")
        chalked += "286" in text
        openings[blamed] = text[:200] if first else text[200:600]
    assert len(set(openings.values())) == 3
    assert chalked == 1


def test_the_earth_inquiry_seats_the_player_by_what_they_did(
    engine: Engine, games: list[list[GameState]]
) -> None:
    seats = {
        "a4_in_control": "a chair at the table itself",
        "a4_the_hack": "halfway between the witness chair and the door",
        "": "the witness and not the accused",
    }
    for scene, seat in seats.items():

        def route(s: list[GameState], scene: str = scene) -> bool:
            if not _seen(s, "a5_earth_inquiry"):
                return False
            if scene == "a4_the_hack":
                return _seen(s, scene) and not _seen(s, "a4_in_control")
            return _seen(s, scene) if scene else not _seen(s, "a4_the_hack")

        text = text_at(engine, _first(games, route), "a5_earth_inquiry")
        assert seat in text
        assert all(other in (seat,) or other not in text for other in seats.values())


def test_free_mars_tells_of_a_party_the_player_was_not_at_as_hearsay(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: (
            s[-1].scene == "end_free_mars"
            and s[-1].values["kelly_knows"]
            and not s[-1].values["signed_leak"]
        ),
    )
    text = ending_text(engine, states[-1])
    assert "Alex tells you, years later, that she told him once, at a party in the Sump" in text


def test_a_botched_burn_says_what_the_players_own_model_saw(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(games, lambda s: _seen(s, "a4_botched") and s[-1].values["own_model"])
    assert "Your own model, running beside the live stack, never saw it coming" in text_at(
        engine, states, "a4_botched"
    )


# ---------------------------------------------------------------- session 13, round 6 (tag s13)


def test_danielles_fate_says_what_the_credited_choice_decided(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Danielle finished her tour ... Because you chose "Step into the gap"' read as if stepping
    in had sent her home; the credited choice decided how the raid went for her. Round 61 asked
    that the tunnel clause tagged on her 2012 entry go (a state readout, not a consequence of the
    election), so since session 29 the entry tells no raid: it must then credit neither choice
    that decided it, and never call her "unhurt" (round 54)."""
    raid_choices = ("Step into the gap and talk them down", "Drag Danielle out of the line of fire")
    checked = 0
    for states in games:
        end = states[-1]
        if end.values["raid_hurt"] in ("pending", "danielle"):
            continue
        ending = engine.ending_view(end)
        assert ending is not None
        for item in ending.consequences:
            # session 27: the fate opens its own way by ending
            if (
                item.year == "2012"
                and "Danielle Poole" in item.text
                and ("2005" in item.text or "administrator" in item.text or "ballot" in item.text)
            ):
                assert "unhurt" not in item.text
                if "tunnel" not in item.text:
                    assert not any(c in b for b in item.because for c in raid_choices), item
                checked += 1
    assert checked


def test_ed_who_found_sato_s_floor_plan_keeps_it_to_himself_at_the_console(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: (
            _seen(s, "a4_in_control")
            and s[-1].values["side"] == "helios"
            and s[-1].values["told_danielle"]
        ),
    )
    text = text_at(engine, states, "a4_in_control")
    # his own call at T-9h, not the player's to Jamestown, which no one there knows of (round 25)
    assert "hasn't mentioned Sato's floor plan since he rang you at nine hours out" in text


def test_2012_watched_from_clear_lake_is_titled_and_told_from_there(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(games, lambda s: _seen(s, "a6_2012_mars") and s[-1].values["blamed"] == "you")
    at = next(s for s in states if s.scene == "a6_2012_mars")
    view = engine.view(at)
    # since session 24 each Mars 2012 has its own place: the parolee is among Houston's tourists
    assert view.title == "2012: The visitor hall"
    assert view.place == "Space center visitor hall, Houston"
    text = " ".join(view.text.split())
    assert "one parolee from Clear Lake on a day ticket" in text
    assert "landing field" not in text


def test_the_miners_council_remembers_a_handshake_that_left_them_on_page_nine(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: (
            s[-1].scene == "end_helios_fall"
            and not s[-1].values["miners_in_deal"]
            and any("miners' council" in i.text for i in engine.ending_view(s[-1]).consequences)
        ),  # type: ignore[union-attr]
    )
    assert "what Hale had let Dev sign away" in ending_text(engine, states[-1])


def test_kelly_and_alex_are_not_drawn_the_same_way_twice_on_a_path(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Alex is asleep across two chairs' on the burn night and again a month later; Kelly
    'asks nothing' three times on one path."""
    for states in games:
        text = " ".join(" ".join(engine.view(s).text.split()) for s in states)
        assert text.count("across two chairs") <= 1
        assert "asks for nothing" not in text and "asks nothing" not in text


def test_the_morning_after_knows_who_was_shot(engine: Engine, games: list[list[GameState]]) -> None:
    shot = _first(
        games,
        lambda s: (
            s[-1].values["gave_rudy"]
            and s[-1].values["raid_hurt"] == "you"
            and _seen(s, "a3_aftermath")
        ),
    )
    assert "Someone crosses it out" in text_at(engine, shot, "a3_aftermath")
    poole = _first(
        games, lambda s: s[-1].values["raid_hurt"] == "danielle" and _seen(s, "a3_aftermath")
    )
    assert "It mentions Commander Poole once, in the passive voice" in text_at(
        engine, poole, "a3_aftermath"
    )


def test_round_six_one_line_slips(story: Story) -> None:
    scenes = story.scenes
    flat = {k: " ".join(s.text.split()) for k, s in scenes.items()}
    timeline = " ".join(" ".join(c.text.split()) for c in story.manifest.consequences)
    assert "This is the hour you went inside for" not in flat["a4_countdown"]
    assert "hear you out" not in flat["a4_countdown"]
    assert "would have made your name famous for something else" in flat["a4_burn_earth"]
    assert "He has not held it against you" in flat["a4_countdown"]
    assert "He walked you back to the hatch in silence" not in flat["a4_countdown"]
    assert "no one else alive has flown that rock" not in flat["a6_2012_earth"]
    assert "his mother's son" not in flat["end_shared_sky"] + flat["end_iridium"]
    assert "inside of your wrist" not in flat["a3_hideout_warned"]
    assert "in the three metres between the raid team" not in timeline
    assert "that had sat in a locker since 2003" not in timeline
    assert "kept since 2003" in timeline
    assert "whatever the console logs say you did that night" in flat["a5_earth_inquiry"]
    labels = [c.label for c in scenes["a4_countdown"].choices]
    assert "Call Danielle and ask her to take the dish and the plotters" in labels


def test_evidence_can_be_given_to_the_earth_inquiry_instead_of_a_name(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A reader carried a tape of the water plant into the Earth inquiry and was offered only
    Aleida's name or Dev's: the evidence did nothing for twenty-eight years. It can now be put on
    the table instead of a name; the trial, 2012 and the timeline follow it."""
    states = _first(games, lambda s: _seen(s, "a5_earth_inquiry") and s[-1].values["evidence"])
    inquiry = next(s for s in states if s.scene == "a5_earth_inquiry")
    trial = take(engine, inquiry, "instead of a name")
    assert trial.scene == "a5_dev_trial" and trial.values["blamed"] == "dev"
    text = " ".join(engine.view(trial).text.split())
    assert "Your name is nowhere in the prosecution's opening" in text
    assert "it takes you a full sentence to recognise it as yours" not in text
    state = take(engine, trial, "Testify for the prosecution in person")
    assert "asked you about a water plant" in " ".join(engine.view(state).reply.split())
    state = settle(engine, state, "leave")
    end = ending_text(engine, state)
    # a recording is played in court, a film shown (a round-13 reader)
    shown = "played" if state.values["tape"] else "shown"
    assert f"instead of a name was {shown} at the trial of Dev Ayesa" in end
    assert "Hale gave a historian" not in end
    assert "In April you gave a committee Dev's name" not in end
    without = _first(games, lambda s: _seen(s, "a5_earth_inquiry") and not s[-1].values["evidence"])
    at = next(s for s in without if s.scene == "a5_earth_inquiry")
    assert not any("instead of a name" in c.label for c in engine.view(at).choices)


# ---------------------------------------------------------------- session 13, round 7 (tag s13b)


def test_the_timeline_is_told_in_year_order(story: Story) -> None:
    """The tape's 2004 line was printed after 2014's: the timeline is told as written."""
    years = [int(str(item.year)[:4]) for item in story.manifest.consequences]
    assert years == sorted(years)


def test_a_helios_player_who_gave_evidence_instead_of_a_name_is_not_told_dev_knows(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'You have never settled whether that was the betrayal ... So does Dev.'"""
    states = _first(games, lambda s: _seen(s, "a5_earth_inquiry") and s[-1].values["evidence"])
    inquiry = next(s for s in states if s.scene == "a5_earth_inquiry")
    inquiry = dataclasses.replace(
        inquiry,
        variables=tuple((k, "helios" if k == "side" else v) for k, v in inquiry.variables),
    )
    trial = take(engine, inquiry, "instead of a name")
    for coda in ("stay", "leave"):
        state = settle(engine, take(engine, trial, "Testify"), coda)
        text = ending_text(engine, state)
        assert "You have never settled whether that was the betrayal" in text
        assert "So does Dev" not in text and "Neither has Dev" in text


def test_clear_lake_watches_lee_and_danielle_from_texas(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: (
            _seen(s, "a6_2012_mars")
            and s[-1].values["blamed"] == "you"
            and s[-1].values["lee_promise"]
        ),
    )
    text = text_at(engine, states, "a6_2012_mars")
    # the reunion itself is the free-Mars field's; in Houston it is news in Alex's letter
    assert "Lee Jung-gil's wife is on the transfer ship" in text
    assert "say her name twice" not in text
    assert "He no longer rations it" not in text


def test_round_seven_one_line_slips(story: Story) -> None:
    flat = {k: " ".join(s.text.split()) for k, s in story.scenes.items()}
    replies = {
        f"{k}.{i}": " ".join((c.reply or "").split())
        for k, s in story.scenes.items()
        for i, c in enumerate(s.choices)
    }
    assert "you've kept your own counsel since" not in flat["a4_countdown"]
    assert "he calls you by your console, FIDO" not in flat["a4_countdown"]  # said twice before
    assert "Three people you promised your arithmetic to" not in flat["a2_raid_order"]
    assert "This is it, and tonight it is also how they could be helped" in flat["a2_checkpoint"]
    # a mole who skipped Danielle's coffee has not heard of a raid (round 26): Jamestown's search
    assert (
        "{% if side == 'nasa' %}You tell her: Jamestown is looking for her father"
        in replies["a2_kelly_manifest.0"]
    )
    assert "we have sixteen" not in flat["a3_hideout_warned"]
    assert "it turns out, the KGB" not in flat["a2_tarasova_offer"]
    assert "The warrants lapsed with it" in flat["a5_cycler_hearing"]
    assert "Alex has been asleep on the cot since ten" in flat["a5_tapes_leak"]
    assert "Dev came out of hiding the morning after the burn" in flat["a5_mars_inquiry"]
    assert "it was off by four days" not in flat["end_long_dark"]
    assert "retired in January" not in flat["a6_2012_earth"] + flat["a6_2012_mars"]
    assert "She doesn't ask how it went" not in flat["a5_aleida_cell"]
    assert "and says nothing at all. It is the first thing" not in flat["a4_custody"]


def test_margos_letters_are_set_apart_in_plain_text(story: Story) -> None:
    """Plain text drops italics, so a letter set in italics mid-paragraph ran on from the
    narration ("...release in February. They say a year, ..."); her letters are quotes now."""
    for scene, opening in (
        ("a6_2012_mars", "> They say a year"),
        ("a5_mars_inquiry", "> If it must be a name"),
    ):
        text = story.scenes[scene].text
        assert f"\n{opening}" in text, scene
        assert "*They say a year" not in text and "*If it must be a name" not in text


# ---------------------------------------------------------------- session 13, round 8 (tag s13c)


def test_no_line_says_the_player_answered_to_no_one_after_calling_danielle(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A history auditor found an own-side player who had called Danielle, or given her the
    hideout, told 'You answered to no one to the end' on the same page as 'Your call reached
    Jamestown after all'."""
    called = 0
    for states in games:
        if states[-1].values["side"] != "own":
            continue
        for scene in ("a4_burn_earth", "a5_earth_inquiry"):
            if _seen(states, scene):
                text = text_at(engine, states, scene)
                assert "answered to no one" not in text and "answered to nobody" not in text
                # ("You kept your own counsel in January" is the a1_commit choice itself, true)
                assert "kept your own counsel until" not in text
                assert "kept your own counsel, and Irina's" not in text
                called += _seen(states, "a4_danielle_refuses") or states[-1].values["told_danielle"]
    assert called


def test_a_player_who_sat_at_satos_table_is_not_said_to_have_drawn_her_map(
    story: Story,
) -> None:
    flat = {k: " ".join(s.text.split()) for k, s in story.scenes.items()}
    # the plan was already drawn when the player sat down (audit t, session 17)
    assert "you sat at Sato's table over a map of where he sleeps" in flat["a2_kelly_manifest"]
    assert "lay on the table in front of you, in Sato's pencil" in flat["a2_raid_order"]
    assert "You have told Kelly nothing, on principle" in flat["a2_kelly_manifest"]
    assert "You ate kimchi out of a jar" not in flat["a5_earth_inquiry"]


def test_aleidas_page_reaches_houston_only_if_the_player_sends_it(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(games, lambda s: _seen(s, "a5_aleida_cell"))
    cell = next(s for s in states if s.scene == "a5_aleida_cell")
    sent = text_at(engine, [take(engine, cell, "Promise to look after her work")], "a6_2012_earth")
    kept = text_at(engine, [take(engine, cell, "Tell the miners")], "a6_2012_earth")
    # the first game to reach the cell is on NASA's side; a6_2012_earth is written by side
    assert (
        "Fault eleven is fixed the way she told you, through the glass, to make them fix it" in sent
    )
    # 'nobody' thinned (round 30); all nineteen faults still open (round 62)
    assert "and so are the other eighteen on her page, because it never left your drawer" in kept
    assert "Fault eleven is fixed the way she told you" not in kept


def test_round_eight_one_line_slips(story: Story) -> None:
    flat = {k: " ".join(s.text.split()) for k, s in story.scenes.items()}
    timeline = " ".join(" ".join(c.text.split()) for c in story.manifest.consequences)
    reply = " ".join((story.scenes["a5_aleida_cell"].choices[1].reply or "").split())
    # present tense since round 21, like every other reply
    assert "{% if gave_rudy %}Rudy listens from behind his shutter" in reply
    assert "informant's name anyway" not in timeline
    assert "about five thousand people" not in timeline
    assert "that crossed neither world's" not in timeline
    assert "He called it the cheapest thing he ever bought" not in timeline
    assert "a week after the" not in timeline  # Kessler's name never printed in Daylight
    assert "dead for twenty years" not in flat["end_long_dark"]
    assert "the lifts have been stopped for fifteen days" in flat["a4_countdown"]
    assert "and his dish stays on the Pyongyang relay" not in flat["a4_countdown"]
    # her full name where the route has not met her in the server aisle (s22 plays both routes)
    assert "else 'Aleida Rosales' }} wrote half that guidance" in flat["a1_dev_office"]
    assert "Lt. Sato at Jamestown" not in flat["a3_aftermath"]
    assert "the colony census of 2012" not in flat["end_madison"]
    assert "You are on Earth by then. He calls you" in flat["end_shared_sky"]
    nasa = next(c for c in story.scenes["a1_commit"].choices if "for Danielle" in c.label)
    assert "Keep calling" in " ".join((nasa.reply or "").split())


def test_the_earth_endings_remember_the_body_and_the_evidence(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A reader shot in the raid found 'Nineteen faults' never mentioned the shoulder, and
    'Cheap metal' word for word the same after handing over the tape."""
    shot = _first(
        games, lambda s: s[-1].scene == "end_rosales" and s[-1].values["raid_hurt"] == "you"
    )
    assert "The round they left in your shoulder in 2003" in ending_text(engine, shot[-1])
    unhurt = _first(
        games, lambda s: s[-1].scene == "end_rosales" and s[-1].values["raid_hurt"] != "you"
    )
    assert "The round they left in your shoulder" not in ending_text(engine, unhurt[-1])
    flat = " ".join(engine.story.scenes["end_iridium"].text.split())
    # both recordings, when both were given (round 26)
    assert (
        "{% if tape_in_court %} {{ 'The tape and the negatives are' if tape and film else" in flat
    )
    assert "You sat on a rice sack" not in " ".join(engine.story.scenes["end_rosales"].text.split())


def test_ed_does_not_die_in_the_same_bunk_in_every_mars_ending(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Ed's 2015 line, 'made up with military corners', closed every Mars ending alike; since
    session 24 each Mars ending has its own 2015 entry for him."""
    deaths: dict[str, str] = {}
    for states in games:
        ending = engine.ending_view(states[-1])
        assert ending is not None
        for item in ending.consequences:
            mars = ending.id in ("fido", "free_mars", "helios_fall", "madison")
            if mars and item.text.startswith("Ed Baldwin"):
                deaths[ending.id] = item.text
    assert {"fido", "free_mars", "helios_fall", "madison"} <= set(deaths)
    assert len(set(deaths.values())) == 4


# ---------------------------------------------------------------- session 13, round 9 (tag s13d)


def test_a_page_never_sent_is_not_said_to_have_flown(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(games, lambda s: _seen(s, "a5_aleida_cell"))
    cell = next(s for s in states if s.scene == "a5_aleida_cell")
    state = take(engine, cell, "Tell the miners")
    for coda in ("stay", "leave"):
        text = ending_text(engine, settle(engine, state, coda))
        assert "left nine years in your drawer before you copied them in" in text
        assert "her nineteen fixes, which had reached it that spring, nine years late" in text
        assert "which had come to it by way of Houston" not in text


def test_an_arrested_engineer_is_in_nasas_history(
    engine: Engine, games: list[list[GameState]]
) -> None:
    states = _first(
        games,
        lambda s: s[-1].scene in ("end_detained", "end_caught") and s[-1].values["side"] == "nasa",
    )
    text = ending_text(engine, states[-1])
    assert "Its account of the arrest at the antenna runs to eleven pages" in text
    assert "is not in it under any name" not in text


def test_round_nine_one_line_slips(story: Story) -> None:
    flat = {k: " ".join(s.text.split()) for k, s in story.scenes.items()}

    def reply(scene: str, label: str) -> str:
        choice = next(c for c in story.scenes[scene].choices if label in c.label)
        return " ".join((choice.reply or "").split())

    assert "The same folks who pay if it works" in reply("a1_rover_ride", "Ask Ed who pays")
    assert "Narrowly" in reply("a1_rover_ride", "Promise Ed")
    assert "hung up on someone" in reply("a1_margo_signal", "Wipe it")
    # the reply keeps its thanks, without the "which is how he..." explaining (a round-12 reader)
    assert "the nearest Ed comes to thanks." in reply("a4_burn_mars", "Watch the plot with Ed")
    assert '"Aleida overruled me," he says' in flat["a2_hideout"]
    assert "You wrote most of it" not in flat["a4_burn_earth"]
    assert "tens of millions of kilometres" not in flat["a5_earth_inquiry"]
    assert "if you know where to point" not in flat["a6_2012_lost"]
    assert flat["end_rosales"].index("She comes out in 2015") < flat["end_rosales"].index(
        "In 2027 a university textbook"
    )


def test_no_sentence_starts_in_lowercase_or_shows_template_code(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A rewrite left the old tail of a sentence behind ("...in Sato's pencil. helped Sato
    draw."), on a branch no golden transcript plays. Every page of 600 seeded games, its reply
    and its ending's timeline are checked for a sentence that starts in lowercase."""
    lowercase = re.compile(r"(?<![A-Z])[.!?]\s+[a-z]")  # not after an initial: "M.M. will"
    for states in games:
        for state in states:
            view = engine.view(state)
            for header in (view.title, view.place or "", view.date or ""):
                assert "{%" not in header and "{{" not in header, (state.scene, header)
            texts = [view.text, view.reply or ""]
            if view.ending is not None:
                texts += [item.text for item in view.ending.consequences]
            for text in texts:
                flat = " ".join(text.split())
                assert not lowercase.search(flat), (state.scene, lowercase.search(flat))
                assert "{%" not in flat and "{{" not in flat, state.scene


def test_round_nine_audits(story: Story) -> None:
    """History auditors A and B (tag s13d): lines true only on some of the paths they show on."""
    flat = {k: " ".join(s.text.split()) for k, s in story.scenes.items()}
    timeline = " ".join(" ".join(c.text.split()) for c in story.manifest.consequences)
    assert "You promised nobody anything" not in flat["a2_danielle_office"]
    assert "which promise you are keeping" not in flat["a3_hideout_warned"]
    assert "who passes messages both ways" not in flat["a2_checkpoint"]
    assert "and owes you, a little" not in flat["a2_checkpoint"]
    assert "behind Lee's hatch" not in flat["a2_back_room"]
    assert "answered nothing of yours" not in flat["a1_commit"]
    assert "how little you have told anyone" not in flat["a1_margo_signal"]
    assert "she was the one who broke in" not in flat["end_rosales"]
    assert "your message from 2003" not in flat["a6_2012_earth"]
    assert "draw it one more time" not in flat["end_iridium"]
    assert "the tenth crossing, and the eleventh" in flat["end_cycler"]
    assert "CIA and KGB officers" not in timeline
    # audit j: a moved hideout wins over the red hatch Danielle drew; the plotters are not there
    assert "{% elif told_danielle %}back through a red hatch" in flat["a4_danielle_refuses"]
    assert "{% if hideout == 'moved' %}to wherever the three of them" in flat["a4_danielle_refuses"]
    # the date, and the days left, follow Kelly's call (a reader of round 10 found 03:15 over "half
    # past ten, twenty-six minutes after Kelly's call")
    assert story.scenes["a3_hideout_warned"].date == "2003-02-20 to 21, night"
    assert "{{ 'seventeen' if kelly_knows else 'sixteen' }}" in flat["a3_hideout_warned"]


def test_the_timeline_lines_every_ending_shares_differ_by_ending(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A reader found Tarasova's retirement, Danielle's years in Houston and Ed's death in Clear
    Lake word for word in most endings; each now ends its own way by ending."""
    seen: dict[str, set[str]] = {
        "Yelena Tarasova": set(),
        "Danielle Poole, who": set(),
        "Ed Baldwin": set(),
    }
    danielle_openings: set[str] = set()
    for states in games:
        ending = engine.ending_view(states[-1])
        assert ending is not None
        for item in ending.consequences:
            for start, texts in seen.items():
                if item.text.startswith(start) and (
                    start != "Ed Baldwin" or "Clear Lake" in item.text
                ):
                    texts.add(item.text.split(",")[-1])
            if item.year == "2012" and "Danielle Poole" in item.text:
                danielle_openings.add(item.text[:30])
    assert len(seen["Yelena Tarasova"]) >= 3
    # session 27: her fate no longer opens "Danielle Poole, who…" in every ending
    assert len(danielle_openings) >= 3
    assert len(seen["Ed Baldwin"]) >= 2


# ---------------------------------------------------------------- session 13, round 10 (tag s13e)


def test_go_dark_is_dated_by_when_the_player_got_there(
    engine: Engine, games: list[list[GameState]]
) -> None:
    for kelly, days in ((True, "seventeen"), (False, "sixteen")):
        states = _first(
            games,
            lambda s, k=kelly: _seen(s, "a3_hideout_warned") and s[-1].values["kelly_knows"] == k,
        )
        at = next(s for s in states if s.scene == "a3_hideout_warned")
        assert engine.view(at).date == "2003-02-20 to 21, night"  # dates are not templates
        assert f"and we have {days}." in " ".join(engine.view(at).text.split())


def test_ed_dies_once_on_the_fido_path(engine: Engine, games: list[list[GameState]]) -> None:
    states = _first(games, lambda s: s[-1].scene == "end_fido")
    text = ending_text(engine, states[-1])
    assert "in the bunk with the military corners" in text
    assert "the first row of windows" not in text


def test_oksana_has_a_fate_where_the_rock_does_not_go_to_mars(
    engine: Engine, games: list[list[GameState]]
) -> None:
    fates = {
        "end_rosales": (
            "Oksana Belova went home on the contraction flights of 2005, to Soviet papers"
        ),
        "end_iridium": "Oksana Belova's next job, from 2005, was at a platinum mine in Norilsk",
        "end_long_dark": "Oksana Belova was on the first of the contraction flights home",
        "end_caught": "From 2005 Oksana Belova taught drilling at a mining institute",
    }
    for ending, fate in fates.items():
        states = _first(games, lambda s, e=ending: s[-1].scene == e)
        assert fate in ending_text(engine, states[-1]), ending


def test_round_ten_one_line_slips(story: Story) -> None:
    flat = {k: " ".join(s.text.split()) for k, s in story.scenes.items()}

    def reply(scene: str, label: str) -> str:
        choice = next(c for c in story.scenes[scene].choices if label in c.label)
        return " ".join((choice.reply or "").split())

    assert '"Inventory," he tells the queue' in reply("a2_sump", "Tell Rudy to shut")
    # the 'It is also' reversal cut as a tic in session 19 (round-36 Mars reader)
    assert "That is a position. A cold one." in reply("a2_tarasova_offer", "work for no government")
    assert "You never did settle on a side" not in flat["a2_raid_order"]
    assert "take the dish and the storeroom" not in flat["a4_countdown"]
    assert "{% if side == 'nasa' or told_danielle %}you have spent two" in flat["a4_in_control"]
    assert "and the code behind it better than you do" not in flat["a4_the_hack"]
    # tonight's call, not February's map, which Aleida has worked out (round 26)
    assert "Of tonight's call to Jamestown, this room knows nothing" in flat["a4_the_hack"]
    assert "Lee's answer came at noon" not in flat["a4_countdown"]
    assert "numbers are what you have" not in flat["a4_botched"]
    assert "Dad hasn't been to dinner" not in flat["a2_kelly_manifest"]
    assert "rings off before your answer" not in flat["end_cycler"]
    assert "Until the contraction flights of 2005 he lived two sections over" in flat["end_iridium"]


# ---------------------------------------------------------------- session 13, round 11 (tag s13f)


def test_round_eleven_one_line_slips(story: Story) -> None:
    flat = {k: " ".join(s.text.split()) for k, s in story.scenes.items()}
    timeline = " ".join(" ".join(c.text.split()) for c in story.manifest.consequences)
    assert "a hiding place I'll give you" not in flat["a4_danielle_refuses"]
    assert "{% else %}back through that red hatch, the moment" in flat["a4_danielle_refuses"]
    assert "whatever the cable traffic assumes" not in flat["a2_tarasova_offer"]
    assert "most of an hour watching the clock" not in flat["a2_margo_reply"]
    assert "so far you have told her about neither" in flat["a2_kelly_manifest"]
    assert "North Korean refugees" not in timeline
    assert "seventeen years after he promised" not in flat["end_helios_fall"]
    galley = next(c for c in story.scenes["a4_burn_mars"].choices if "galley" in c.label)
    assert "the galley stairs' }} two at a time" in " ".join((galley.reply or "").split())


def test_round_eleven_earth_slips(story: Story) -> None:
    flat = {k: " ".join(s.text.split()) for k, s in story.scenes.items()}
    timeline = " ".join(" ".join(c.text.split()) for c in story.manifest.consequences)
    # end_rosales says the history leaves the mole unnamed; the timeline no longer says "not in it"
    assert "is not in it under any name" not in timeline
    assert "I know you told Poole where we were" in flat["a4_countdown"]
    assert "skipped out on one tab" not in flat["a3_miners_gather"]
    # a name was given, not an address (a round-12 reader)
    assert "man whose name you gave the auditors in February 2003" in flat["end_iridium"]
    assert "She is not one of those either" not in flat["a6_2012_earth"]
    assert "The simulator in the server aisle is still running" in flat["a5_aleida_cell"]
    assert "kisses the orbit of Mars" not in flat["a4_burn_cycler"]
