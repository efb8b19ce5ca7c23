"""Session 23: the round-49 readings. The raid's outcomes say what set them off on each route, the
miners' empty hands are seen, Danielle's informant gets a scene of their own before the burn, Kelly
can bury the intrusion's traffic, and the Earth inquiry no longer accuses a player of what the
record does not show (each test plays seeded games and reads what a player would read)."""

from __future__ import annotations

from game.engine import Engine, GameState
from tests.test_story_continuity import engine, story, take
from tests.test_story_continuity_s12 import games
from tests.test_story_continuity_s18 import _seen, _text

__all__ = ["engine", "games", "story"]  # the fixtures, shared

IN_PERSON = "Take Danielle your statement in person"
STATEMENT = "Give Danielle a statement before you go"


def _at(states: list[GameState], scene: str) -> GameState:
    return next(s for s in states if s.scene == scene)


def _labels(engine: Engine, state: GameState) -> list[str]:
    return [c.label for c in engine.view(state).choices]


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
        assert ("Unless Kelly buries it." in text) == knows
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
