"""Session 23: the round-49 readings. The raid's outcomes say what set them off on each route, the
miners' empty hands are seen, Danielle's informant gets a scene of their own before the burn, Kelly
can bury the intrusion's traffic, and the Earth inquiry no longer accuses a player of what the
record does not show (each test plays seeded games and reads what a player would read)."""

from __future__ import annotations

from game.engine import Engine, GameState
from tests.test_story_continuity import ending_text, engine, story, take
from tests.test_story_continuity_s12 import games
from tests.test_story_continuity_s18 import _seen, _text
from tests.test_story_continuity_s22 import _at, _labels

__all__ = ["engine", "games", "story"]  # the fixtures, shared

IN_PERSON = "Take Danielle your statement in person"
STATEMENT = "Give Danielle a statement before you go"


def test_the_miners_empty_hands_are_seen_at_the_hatch(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Ask them to link arms and leave the tools' left no trace in the tunnel (round-49 Earth
    reader). The hatch shows the empty hands; with the drills it shows the trolley instead."""
    empty = armed = 0
    for states in games:
        if not _seen(states, "a3_miners_gather") or not _seen(states, "a3_the_hatch"):
            continue
        drills = bool(_at(states, "a3_the_hatch").values["drills"])
        text = _text(engine, states, "a3_the_hatch")
        assert ("Their hands are empty." in text) == (not drills)
        assert ("The drill trolley stands at the front of them" in text) == drills
        empty += not drills
        armed += drills
    assert empty and armed


def test_the_shot_at_the_hatch_has_a_cause_the_route_made(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The raid was a dice roll whose results read the same on every route (round-49 readers).
    The drills and the barricade raise the odds of a shot, and now the shot is what they set off."""
    causes: set[str] = set()
    for states in games:
        if not _seen(states, "a3_danielle_down"):
            continue
        values = _at(states, "a3_danielle_down").values
        text = _text(engine, states, "a3_danielle_down")
        if values["drills"]:
            cause = "drill trolley's air tank vents"
        elif values["hideout"] == "barricade":
            cause = "a second shelf goes over behind the red hatch"
        elif values["miners"] < 5:
            cause = "the three thin rows give way"
        else:
            cause = "The front row surges after the sixth flash."
        assert cause in text
        causes.add(cause)
    assert len(causes) >= 3


def test_danielle_s_informant_takes_the_statement_to_her_in_person(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The informant's drama happened off-page ('Your calls to Jamestown go on'); the round-49 Mars
    reader asked for a face-to-face where Danielle states the cost. Her source (unless she is in the
    infirmary) takes the statement to Jamestown, hears both halves of her price list, and decides
    whether the tape keeps their name; the countdown remembers it."""
    met = 0
    for states in games:
        if not _seen(states, "a3_aftermath"):
            continue
        after = _at(states, "a3_aftermath")
        source = after.values["side"] == "nasa" and after.values["raid_hurt"] != "danielle"
        labels = _labels(engine, after)
        assert any(IN_PERSON in label for label in labels) == source
        assert any(STATEMENT in label for label in labels) == (not source)
        if not source or met >= 3:
            continue
        met += 1
        office = take(engine, after, IN_PERSON)
        assert office.scene == "a3_jamestown_debrief"
        view = " ".join(engine.view(office).text.split())
        assert "This is what tonight costs if you call me" in view
        assert "And this is what it costs if you don't." in view
        kept = take(engine, office, "Leave your name on the tape")
        dropped = take(engine, office, "Ask her to take your name off it")
        assert kept.values["danielle_trust"] > dropped.values["danielle_trust"]
        assert kept.values["suspicion"] > dropped.values["suspicion"]
        # only a signed statement is one Sato's report can print (timeline, 2009)
        assert kept.values["gave_statement"] and not dropped.values["gave_statement"]
        assert kept.scene == "a4_countdown"
        countdown = " ".join(engine.view(kept).text.split())
        assert "You have her price list by heart" in countdown
    assert met


def test_kelly_buries_the_traffic_for_a_player_who_told_her(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Telling Kelly only ever raised suspicion (round-49 Mars reader). Told, she slows every cable
    with the player's name in it (suspicion falls), and on the night she moves the weather
    satellite's dump into the window; the intrusion says so to that player only."""
    for states in games:
        if _seen(states, "a2_kelly_manifest"):
            manifest = _at(states, "a2_kelly_manifest")
            before = manifest.values["suspicion"]
            after = take(engine, manifest, "Tell Kelly what is coming").values["suspicion"]
            assert after == max(0, before - 1)
    told = untold = 0
    for states in games:
        if not _seen(states, "a4_the_hack"):
            continue
        knows = bool(_at(states, "a4_the_hack").values["kelly_knows"])
        text = _text(engine, states, "a4_the_hack")
        # at Lee's dish the traffic goes through Pyongyang's relay, which she cannot bury it in
        # (round 54: she buried it there anyway)
        dish = _seen(states, "a4_lee_dish")
        assert ("Unless Kelly buries it." in text) == (knows and not dish)
        assert ("Kelly can't help with that." in text) == (knows and dish)
        told += knows
        untold += not knows
    assert told and untold


def test_the_earth_inquiry_does_not_say_the_player_broke_into_the_guidance(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'the engineer Moscow's file says broke into the guidance' to a player who kept their
    credentials and pulled the lead (round-49 Earth reader). The file says what the record shows:
    the player's login where they lent it, their seat beside the intrusion where they did not."""
    seen = 0
    for states in games:
        if not (_seen(states, "a5_earth_inquiry") and _seen(states, "a4_the_hack")):
            continue
        inquiry = _at(states, "a5_earth_inquiry")
        text = _text(engine, states, "a5_earth_inquiry")
        if not _seen(states, "a4_burn_earth") or _seen(states, "a4_in_control"):
            continue
        seen += 1
        assert "says broke into the guidance" not in text
        lent = bool(inquiry.values["lent_credentials"])
        assert ("whose login Moscow's file finds" in text) == lent
        assert ("sat beside the guidance while it was broken into" in text) == (not lent)
    assert seen


# -- round 50 (readers e50, m50) and audit nn ------------------------------------------------------


def _ends(games: list[list[GameState]], ending: str) -> list[list[GameState]]:
    return [states for states in games if states[-1].scene == ending]


def test_the_sump_s_welcome_after_aleida_s_sentence_follows_february(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The Rosales ending told a player who spoke to the Sump after Aleida's sentence that 'nobody
    refused to sell you anything', though Rudy had stood them a drink and, for an informer, the
    Sump had stopped selling to Helios (round-50 Earth reader, audit nn)."""
    told = 0
    for states in _ends(games, "end_rosales"):
        values = states[-1].values
        text = ending_text(engine, states[-1])
        assert "nobody\nrefused to sell you anything" not in text
        assert "nobody refused to sell you anything" not in text
        if values["sent_page"]:
            assert "told the night shift yourself" not in text
            continue
        told += 1
        # session 27 (round 59): the night on the dryer is told once, in the choice's reply
        assert "After the night on the dryer housing the Sump never raised it again." in text
        assert (
            "It did\nnot sell you anything either" in text
            or "It did not sell you anything either" in text
        ) == bool(values["gave_rudy"])
        assert "Rudy stood you a drink" not in text
    assert told


def test_the_timeline_keeps_its_facts_straight(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Rudy was 'the miner shot in the hip' beside 'Sump trader Rudy Ocampo'; the tape was played at
    the sentencing, at the trial and at a hearing; Oksana was 'never told' of a tape a later entry
    publishes; a player who signed the leak was 'never given' a statement (round 50, audit nn)."""
    checked = 0
    for states in games:
        last = states[-1]
        if engine.view(last).ending is None:
            continue
        text = ending_text(engine, last)
        checked += 1
        assert "the miner shot in the hip" not in text
        assert "at the sentencing of Dev Ayesa" not in text
        assert "nobody ever told her so" not in text
        assert "never told her there was a tape" not in text
        if last.values["signed_leak"]:
            assert "asked for a statement and never given one" not in text
    assert checked


def test_danielle_s_source_is_not_told_it_is_their_first_daylight_visit(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'the first time you've been in this room in daylight' to a source who had driven out to
    Jamestown in January (round-50 Earth reader, audit nn)."""
    seen = 0
    for states in games:
        if not _seen(states, "a3_aftermath"):
            continue
        after = _at(states, "a3_aftermath")
        if IN_PERSON not in " ".join(_labels(engine, after)):
            continue
        office = take(engine, after, IN_PERSON)
        text = " ".join(engine.view(office).text.split())
        assert "in this room in daylight" not in text
        seen += 1
    assert seen


def test_the_intrusion_does_not_recall_a_promise_kelly_never_made(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Kelly had the night shift 'as she said she would' for a player who told her in January and
    then asked her to stay clear of it (audit nn); Dev's 'first thing since January' to a player who
    spent the raid night in the storeroom with him (round-50 Mars reader)."""
    seen = 0
    for states in games:
        if _seen(states, "a4_the_hack"):
            text = _text(engine, states, "a4_the_hack")
            assert "as she said she would" not in text
            seen += "Unless Kelly buries it." in text
        if _seen(states, "a4_in_control"):
            text = _text(engine, states, "a4_in_control")
            assert "the first thing he has said to you since you turned him down" not in text
    assert seen


def test_the_iridium_tour_remembers_a_yes_given_in_that_office(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The Iridium tour said 'this is where the answer turned out to be no' to a player who told
    Dev yes in that office and betrayed him later (round-50 Earth reader)."""
    yes = 0
    for states in _ends(games, "end_iridium"):
        last = states[-1]
        if last.values["coda"] != "stay" or last.values["side"] == "helios":
            continue
        text = " ".join(engine.view(last).text.split())
        if last.values["side"] == "nasa":
            # session 27: the NASA stay coda keeps the night radio, not a tour
            assert "You are the guide" not in text and "this is where" not in text
            continue
        said_yes = _seen(states, "a1_rover_ride")
        assert ("this is where you said yes" in text) == said_yes
        assert ("this is where the answer turned out to be no" in text) == (not said_yes)
        yes += said_yes
    assert yes


# -- round 51 (readers e51, m51) ---------------------------------------------------------------


def test_round_51_lines_hold_on_the_paths_that_showed_them(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Lee's dish 'holding the rock' after he had turned it back to Pyongyang; Rudy's stall 'stays
    open' the evening after it was shuttered at ten past three; 'which side you were on in March',
    the month the burn settled it; a signed confession counted as a statement 'never given'; the
    hands that came off Danielle's back never mentioned at her bedside (round-51 readers)."""
    seen = {"abort at Lee's": 0, "informer's stall": 0, "bedside": 0, "confession": 0}
    for states in games:
        if _seen(states, "a4_burn_earth") and _seen(states, "a4_lee_dish"):
            text = _text(engine, states, "a4_burn_earth")
            turned = not _seen(states, "a4_in_control")
            # session 29: the dish is told by side
            away = {
                "helios": "Overhead the dish ticks along its rails toward Pyongyang",
                "nasa": "the dish's motors carry it back toward Pyongyang",
                "own": "carrying it away from the rock",
            }[str(states[-1].values["side"])]
            assert (away in text) == turned
            assert ("for a country that will get no seat out of it" in text) == (not turned)
            seen["abort at Lee's"] += turned
        if _seen(states, "a3_aftermath"):
            after = _at(states, "a3_aftermath")
            text = _text(engine, states, "a3_aftermath")
            informer = bool(after.values["gave_rudy"])
            assert ("stall is open again" in text) == informer
            seen["informer's stall"] += informer
            if after.values["left_danielle"] and after.values["raid_hurt"] == "danielle":
                labels = _labels(engine, after)
                if any(STATEMENT in label for label in labels):
                    bedside = take(engine, after, STATEMENT)
                    reply = " ".join(engine.view(bedside).reply.split())
                    assert "And then you took your hands off." in reply
                    seen["bedside"] += 1
        if _seen(states, "a5_mars_inquiry"):
            text = _text(engine, states, "a5_mars_inquiry")
            assert "which side you were on in March" not in text
        last = states[-1]
        if engine.view(last).ending is not None and last.values["blamed"] == "you":
            assert "asked for a statement and never given one" not in ending_text(engine, last)
            seen["confession"] += 1
    assert all(seen.values()), seen


def test_round_52_lines_hold_on_the_paths_that_showed_them(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Aleida 'has gone in on a maintenance account ever since' beside 'she walks in the front',
    and the line cut Aleida's 'That part is yours' from its answer; the Mars inquiry found 'no
    trace of your login' and then 'The guidance would back it'; Tarasova's cards 'sent since
    February' where only one came; Kessler walked out 'through the Sump' from a tunnel (round
    52)."""
    seen = {"hack": 0, "inquiry": 0}
    for states in games:
        if _seen(states, "a4_the_hack"):
            text = _text(engine, states, "a4_the_hack")
            # session 28: the answer to 'That part is yours' is told by side (round 60)
            assert 'That part is yours." ' in text
            assert "a new steering law, the four percent spent in one long burn" in text
            assert "maintenance account ever since" not in text
            seen["hack"] += 1
        if _seen(states, "a5_mars_inquiry"):
            text = _text(engine, states, "a5_mars_inquiry")
            assert not ("no trace of your login" in text and "The guidance would back it" in text)
            seen["inquiry"] += 1
        if _seen(states, "a5_earth_inquiry"):
            text = _text(engine, states, "a5_earth_inquiry")
            assert "like the ones she has sent you since" not in text
        last = states[-1]
        if engine.view(last).ending is not None:
            assert "through the Sump the year before" not in ending_text(engine, last)
    assert all(seen.values()), seen


def test_lee_answers_in_pyongyang_for_the_dish_he_lent(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Lee's warning that Pyongyang would ask why his dish ran late went nowhere: his ending was
    the one a player who flew from the Helios dish saw (round-52 Mars reader)."""
    lent = 0
    for states in games:
        last = states[-1]
        if engine.view(last).ending is None or not last.values["lee_promise"]:
            continue
        if last.values["destination"] not in ("mars", "cycler"):
            continue
        text = ending_text(engine, last)
        # session 29: each ending tells his 2004 in Pyongyang its own way
        ran_late = {
            "end_cycler": "a night Pyongyang kept him most of 2004 explaining",
            "end_madison": "most of 2004 in Pyongyang, answering for a dish that ran late",
            "end_fido": "holding him most of 2004 over the night his ran late",
            "end_helios_fall": "through most of 2004 over the dish that Dev Ayesa's plea left out",
            "end_free_mars": "in Pyongyang, through most of 2004, over a dish that ran late",
        }[last.scene]
        assert (ran_late in text) == _seen(states, "a4_lee_dish")
        lent += _seen(states, "a4_lee_dish")
    assert lent
