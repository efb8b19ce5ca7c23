"""Session 16: what the round-19 readers and audit l found, and the mole's reckoning with Danielle
after the burn, each checked on the seeded random games (as in the s12 to s15 files)."""

from __future__ import annotations

import re

from game.engine import Engine, GameState, Story
from tests.test_story_continuity import ending_text, engine, story, text_at
from tests.test_story_continuity_s12 import _seen, games

__all__ = ["engine", "games", "story"]  # the fixtures, shared


def _text_by_in_control(
    engine: Engine, games: list[list[GameState]], scene: str
) -> list[tuple[str, bool]]:
    """The text of `scene` in every seeded game that reaches it, with whether that game's hack went
    on into the guidance (a4_in_control); both kinds of game must be among them."""
    found = [
        (text_at(engine, states, scene), _seen(states, "a4_in_control"))
        for states in games
        if _seen(states, scene)
    ]
    assert {opened for _, opened in found} == {True, False}, scene
    return found


def test_only_the_mole_is_called_to_danielles_office_after_the_earth_burn(
    games: list[list[GameState]],
) -> None:
    """Readers asked for the NASA mole to face Danielle after the burn (rounds 16 and 17)."""
    met = {True: 0, False: 0}
    for states in games:
        if not _seen(states, "a4_burn_earth"):
            continue
        mole = states[-1].values["side"] == "nasa"
        assert _seen(states, "a5_poole_office") == mole
        met[mole] += 1
    assert met[True] and met[False]


def test_what_the_mole_did_with_danielles_folder_is_what_the_ending_says(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The folder left with Danielle is in an archive; the one shredded has nothing behind the word.
    Kelly never reads a sealed file (round 20): she works the mole out for herself either way."""
    seen = {"kept": 0, "shredded": 0}
    for states in games:
        last = states[-1]
        folder = last.values["folder"]
        if folder == "none":
            assert not _seen(states, "a5_poole_office")
            continue
        seen[folder] += 1
        inquiry = text_at(engine, states, "a5_earth_inquiry")
        assert ("in a locked drawer at Jamestown, in a folder marked SOURCE H" in inquiry) == (
            folder == "kept"
        )
        assert ("until you fed it to the basement recycler" in inquiry) == (folder == "shredded")
        text = ending_text(engine, last)
        if last.scene == "end_rosales":
            assert ("NASA archive" in text) == (folder == "kept")
            assert ("The folder went through a basement recycler in 2003" in text) == (
                folder == "shredded"
            )
        if last.scene == "end_iridium" and last.values["coda"] == "leave":
            assert "NASA file" not in text and "whose calls had put it there" in text
    assert seen["kept"] and seen["shredded"]


def test_a_note_aleida_burned_is_not_found_when_the_player_is_searched(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Aleida burned the kept note; Kessler then found it on the player (round 19)."""
    burned = 0
    for states in games:
        if not (_seen(states, "a2_hideout") and _seen(states, "a2_detained")):
            continue
        hideout = text_at(engine, states, "a2_hideout")
        if "hot plate under the rice pot" in hideout:
            burned += 1
            assert "graph paper drops out" not in text_at(engine, states, "a2_detained")
    assert burned


def test_ed_does_not_remember_an_answer_a_player_never_gave_dev(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'I was at the window when you gave Dev your answer' reached a player who asked for a night
    and never went back (round 19, both readers and the audit)."""
    checked = 0
    for states in games:
        if _seen(states, "a1_hab_ring") and _seen(states, "a4_countdown"):
            checked += 1
            assert "gave Dev your answer" not in text_at(engine, states, "a4_countdown")
    assert checked


def test_oksana_does_not_learn_to_drill_with_the_hand_kessler_broke(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Kessler broke two fingers of her left hand; her 2005 line had her drilling left-handed."""
    told = 0
    for states in games:
        last = states[-1]
        if last.values["destination"] not in ("mars", "cycler"):
            continue
        view = engine.view(last)
        assert view.ending is not None
        for item in view.ending.consequences:
            if item.text.startswith("Oksana"):
                told += 1
                assert "left-handed" not in item.text
    assert told


def test_aleida_and_the_checkpoint_agree_on_the_crypto_modules(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Aleida said she held one of two keys; the checkpoint said they were in Houston and the vault,
    and that she could get in without one (round 19)."""
    checked = 0
    for states in games:
        if _seen(states, "a2_hideout") and _seen(states, "a2_checkpoint"):
            checked += 1
            hideout = text_at(engine, states, "a2_hideout")
            assert "I have one" not in hideout
            assert "Houston" in hideout and "back stairs" in hideout
            # round 20: the checkpoint does not explain them again to a player who heard Aleida
            checkpoint = text_at(engine, states, "a2_checkpoint")
            assert "One is in Houston" not in checkpoint and "the one Aleida meant" in checkpoint
    assert checked


def test_the_inquiry_dates_a_signature_given_at_the_burn_to_march(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'The line you initialled in January' for a player who chose the burn's line on 9 March."""
    for text, signed in _text_by_in_control(engine, games, "a5_earth_inquiry"):
        assert ("chose on the ninth of March" in text) == signed
        # session 29: the Helios witness initialled it for Helios
        assert (re.search(r"initialled (for Helios )?in January", text) is not None) == (not signed)


def test_danielles_office_and_the_inquiry_agree_with_what_she_promised(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Danielle's report names no one, yet the Administrator quoted it as naming the mole; the room
    called an aborted hack 'hours inside the guidance'; a shot Danielle's notes were all in her hand
    though Sato took the calls after the raid (round 20)."""
    checked = 0
    for states in games:
        if not _seen(states, "a5_poole_office"):
            continue
        checked += 1
        office = text_at(engine, states, "a5_poole_office")
        assert "no name" in office and "hours you spent inside the guidance" not in office
        assert ("Sato's neater hand" in office) == (states[-1].values["raid_hurt"] == "danielle")
        # since session 19 the Administrator does mention her reports, to say they name no one
        inquiry = text_at(engine, states, "a5_earth_inquiry")
        if "Commander Poole's report" in inquiry:
            assert "an inside source at Helios, and no name" in inquiry
    assert checked


def test_aleida_corrects_the_handshake_time_only_when_the_door_was_opened(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'It was twenty-six minutes', to one who pulled the lead before any handshake (audit m)."""
    for text, opened in _text_by_in_control(engine, games, "a5_aleida_cell"):
        assert ("two hours and fifty-one minutes" in text) == opened


def test_the_official_history_names_a_mole_who_testified_as_a_witness(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The 2035 history had the mole 'without a name' after testimony read out in open court
    (round 20): now it has them twice, by name as a witness and unnamed as a source, and each
    ending says what the witness did (round 41)."""
    seen = 0
    for states in games:
        last = states[-1]
        if last.values["side"] == "nasa" and last.scene in ("end_rosales", "end_iridium"):
            seen += 1
            text = ending_text(engine, last)
            twice = (
                "has you on two pages that never refer to each other: by name, in the chapter on"
                " the trial, as the witness against her, and without a name"
                if last.scene == "end_rosales"
                else "you are in it twice, forty pages apart: by name, on the witness list of the"
                " Ayesa trial, and without one"
                if last.values["coda"] == "leave"
                # session 28: the stay coda does not tell the history; its timeline entry does
                else "the same engineer was in it by name as well, on the witness list of his trial"
            )
            assert twice in text, (last.scene, last.values["coda"])
            assert "is in it without a name" not in text
    assert seen


def test_round_twenty_two_lines_hold_on_the_paths_that_show_them(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Round 22 and audit o: miners who saw the player on the catwalk open their doors; a failed
    intrusion says why no T-40 choice came; the red hatch is not 'shut to anyone from Helios' for a
    player who stood at it; Margo's broadcast in the Sump is the midnight repeat."""
    seen = {"catwalk": 0, "botched": 0, "lee": 0}
    for states in games:
        values = states[-1].values
        if _seen(states, "a3_miners_gather") and values["kelly_knows"]:
            text = text_at(engine, states, "a3_miners_gather")
            opened = "the two who helped Oksana up the filter-room stairs" in text
            # not for an informer (audit p): that scene names the player as a warning
            assert opened == bool(values["pulled_alarm"] and not values["gave_rudy"])
            seen["catwalk"] += opened
        if _seen(states, "a4_botched"):
            seen["botched"] += 1
            # round 44: not 'no moment at T minus forty', a moment only the clean hack reaches
            assert "There is no choosing a line tonight" in text_at(engine, states, "a4_botched")
        view = engine.view(states[-1])
        if view.ending is not None:
            for item in view.ending.consequences:
                if item.text.startswith("Lee Jung-gil never saw the exit permit"):
                    seen["lee"] += 1
                    assert "stayed shut" not in item.text
    assert all(seen.values()), seen


def test_margos_broadcast_in_the_sump_is_the_repeat(story: Story) -> None:
    sump = next(c for c in story.scenes["a5_margo_confession"].choices if "Sump" in c.label)
    assert "midnight repeat" in sump.label and "again at midnight" in (sump.reply or "")


def test_ed_at_t9h_remembers_the_player_who_got_the_plotters_out(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Round 23: Ed at T-9h forgot the player who got the plotters out of the storeroom."""
    moved = 0
    for states in games:
        values = states[-1].values
        if _seen(states, "a4_countdown") and values["side"] != "helios":
            got_out = values["hideout"] == "moved"
            moved += got_out
            assert ("You got us out" in text_at(engine, states, "a4_countdown")) == got_out
    assert moved


def test_a_leak_with_both_cassette_and_negatives_sends_both(engine: Engine) -> None:
    """Round 23 (seed 73): the player who recorded the water plant and pocketed the camera leaked
    only the cassette; the negatives they left Rudy bleeding for did nothing."""
    state = engine.new_game(seed=73)
    for number in [
        2,
        1,
        3,
        2,
        3,
        1,
        2,
        2,
        1,
        1,
        2,
        3,
        1,
        2,
        1,
        1,
        2,
        2,
        1,
        2,
        2,
        2,
        3,
        1,
        2,
        1,
        2,
        4,
    ]:
        state = engine.choose(state, number - 1)
    assert state.scene == "a5_tapes_leak"
    assert state.values["tape"] and state.values["film"]
    assert "sends those too" in " ".join(engine.view(state).text.split())
