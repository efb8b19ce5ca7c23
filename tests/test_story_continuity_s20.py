"""Session 20: the round-39 readings. Where the player stands at the hatch, what Danielle can see,
who says what over the Earth burn, and timelines that answer the player's own choices."""

from __future__ import annotations

from game.engine import Engine, GameState
from tests.test_story_continuity import engine, story
from tests.test_story_continuity_s12 import games
from tests.test_story_continuity_s18 import _seen, _text, _timeline

__all__ = ["engine", "games", "story"]  # the fixtures, shared


def _marks_follow(
    engine: Engine, games: list[list[GameState]], scene: str, var: str, marks: dict[str, str]
) -> set[str]:
    """Assert that `scene` shows exactly the mark of the final value of `var`; the values seen."""
    found = set()
    for states in games:
        if not _seen(states, scene):
            continue
        value = str(states[-1].values[var])
        text = _text(engine, states, scene)
        for other, mark in marks.items():
            assert (mark in text) == (other == value), (scene, value, other)
        found.add(value)
    return found


def _reply_after(engine: Engine, states: list[GameState], scene: str) -> str:
    """The reply shown for the choice made in `scene`."""
    index = next(i for i, s in enumerate(states) if s.scene == scene)
    return " ".join(engine.view(states[index + 1]).reply.split())


def test_the_player_at_lees_door_goes_through_the_miners_to_reach_danielle(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A player who warned the hideout stands at Lee's door, behind five ranks of miners, and
    then 'got a fist in the back of her armour' without crossing them (round-39 Mars reader)."""
    seen = {True: 0, False: 0}
    for states in games:
        if not _seen(states, "a3_the_hatch"):
            continue
        at_the_door = _seen(states, "a3_hideout_warned")
        reply = _reply_after(engine, states, "a3_the_hatch")
        assert ("through the miners, shoulder first" in reply) == at_the_door
        seen[at_the_door] += 1
    assert seen[True] > 10 and seen[False] > 10


def test_rudy_is_shot_while_the_player_holds_danielle_at_the_wall(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The player hauled Danielle to the tunnel wall, then the camera 'skids up against your
    boot' beside Rudy in the front row (round-39 Mars reader): Danielle now sends them back."""
    seen = 0
    for states in games:
        if not _seen(states, "a3_rudy_down"):
            continue
        text = _text(engine, states, "a3_rudy_down")
        assert text.startswith("You have Danielle pinned against the tunnel wall")
        assert "you go back into the front row on your knees, to Rudy" in text
        seen += 1
    assert seen > 10


def test_danielle_hears_the_barricade_that_costs_her_trust(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Barricading cost Danielle's trust although she was outside and never knew (round 39)."""
    seen = 0
    for states in games:
        if not _seen(states, "a3_the_hatch"):
            continue
        text = _text(engine, states, "a3_the_hatch")
        barricade = states[-1].values["hideout"] == "barricade" or any(
            s.scene == "a3_the_hatch" and s.values["hideout"] == "barricade" for s in states
        )
        assert ("So does Danielle's head" in text) == barricade
        seen += barricade
    assert seen > 5


def test_the_ramp_question_is_not_called_a_habit_nobody_saw(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'The question she asks everyone she is about to lose' on routes where Danielle never
    asked it before (round-39 Mars reader)."""
    seen = 0
    for states in games:
        if not _seen(states, "a5_your_statement"):
            continue
        text = _text(engine, states, "a5_your_statement")
        assert "she asks everyone she is about to lose" not in text
        # session 28: where she promised it at the hatch, she keeps that promise instead of asking
        # (session 29: "finishes what she began at the hatch", statement or not)
        values = states[-1].values
        promised = (
            _seen(states, "a3_hideout_warned")
            and values["raid_hurt"] == "none"
            and values["side"] != "nasa"
        )
        kept = "she finishes what she began at the hatch"
        assert (kept in text) == promised
        if not _seen(states, "a3_danielle_line") and not promised:
            assert "the one question she has come down to the pad to ask" in text
            seen += 1
    assert seen > 3


def test_the_committee_praises_what_the_player_actually_did(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'I don't think people understand yet what that took' to a player who simply flew the
    treaty line, word for word the telex of the patch lead and of the phone call (round 39)."""
    seen = {"control": 0, "hack": 0, "phone": 0}
    for states in games:
        if not _seen(states, "a5_earth_inquiry"):
            continue
        text = _text(engine, states, "a5_earth_inquiry")
        if _seen(states, "a4_in_control"):
            route, words = "control", "That is what we send engineers to Mars for."
        elif _seen(states, "a4_the_hack"):
            route, words = "hack", "what that took. I'd like them to."
        else:
            route, words = "phone", "I know what a call like that costs"
        assert words in text
        assert ("understand yet what that took" in text) == (route == "hack")
        # what Moscow's file says is what the record shows (round-49 Earth reader)
        filed = "sat beside the guidance while it was broken into" in text
        filed |= "whose login Moscow's file finds" in text
        assert filed == (route == "hack")
        assert "says broke into the guidance" not in text
        seen[route] += 1
    assert all(n > 3 for n in seen.values()), seen


# where an Earth-route player watched the burn from, and two lines each side reads there
# (session 29: each route is also told by side); the first route seen wins, None for the rest
BURN_WATCHED: dict[str | None, dict[str, tuple[str, str]]] = {
    "a4_in_control": {
        "helios": ("On your tables the burn fires", "Aleida reads them out, flat"),
        "nasa": (
            "The burn fires on the second on your tables",
            "Aleida reads the words aloud",
        ),
        "own": ("On your tables the burn fires", "Aleida reads them aloud"),
    },
    "a4_the_hack": {
        "helios": ("on the spare console", "Aleida says the words with the screen"),
        "nasa": (
            "On the spare console",
            "Aleida says the three words along with the screen",
        ),
        "own": ("on the spare console", "Aleida says them along with the screen"),
    },
    "a4_danielle_refuses": {
        "helios": (
            "She switches her desk lamp off so you can both see the feed",
            "CUTOFF, BURN NOMINAL. Danielle uncaps a pen and logs the time.",
        ),
        "own": ("With the desk lamp off, the burn fires", "Danielle reads them out"),
    },  # drove four pages out to Jamestown (s22)
    None: {
        "helios": (
            "the marine at the door gives up on you and watches the screen",
            "CUTOFF, BURN NOMINAL. Danielle uncaps a pen and logs the time.",
        ),
        "nasa": (
            "Danielle writes the first figures down on a Jamestown pad",
            "Danielle reads the three words out to the room",
        ),
        "own": ("You check it against your own columns", "Danielle reads them out"),
    },
}


def test_the_earth_burn_is_watched_from_where_the_player_was(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The burn paragraph was one text on every Earth route (round-39 Earth reader)."""
    seen = 0
    for states in games:
        if not _seen(states, "a4_burn_earth"):
            continue
        text = _text(engine, states, "a4_burn_earth")
        side = str(states[-1].values["side"])
        route = next((r for r in BURN_WATCHED if r and _seen(states, r)), None)
        expected = BURN_WATCHED[route][side]
        assert all(words in text for words in expected), (side, expected)
        seen += 1
    assert seen > 20


def test_the_cycler_town_is_boarded_on_the_pass_back(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'The first hundred came up from the Sump on the first pass' of a rock already leaving Mars
    on burn night, and a charter written aboard in 2004 (round-39 Mars reader)."""
    seen = 0
    for states in games:
        if not _seen(states, "a6_2012_cycler"):
            continue
        text = _text(engine, states, "a6_2012_cycler")
        values = states[-1].values
        # session 28: the scene is told by side; each side's says where the charter was typed,
        # and when the first hundred came aboard
        charter, boarded = {
            "helios": (
                "typed by Ed on an ore crate in the Sump",
                "The first hundred came up in 2005",
            ),
            "nasa": ("the charter Ed typed in the Sump in 2004", "on the first pass back, in 2005"),
            "own": (
                "for a town that did not yet have a floor",
                "lift crews from the Sump, in 2005",
            ),
        }[str(values["side"])]
        assert charter in text
        if values["miners_first"]:
            assert boarded in text
        seen += 1
    assert seen > 3


def test_the_auditors_know_the_message_went_to_dev(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Forwarding Margo's message to Dev had no echo at all (round-39 Mars reader); Tarasova's
    relay log has it now."""
    seen = {True: 0, False: 0}
    for states in games:
        if not _seen(states, "a2_auditors"):
            continue
        forwarded = bool(states[-1].values["forwarded_margo"])
        text = _text(engine, states, "a2_auditors")
        assert ("sent it on to Mr Ayesa the same evening" in text) == forwarded
        seen[forwarded] += 1
    assert seen[True] > 10 and seen[False] > 10


def test_the_earth_timelines_answer_kelly_and_the_shot(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Kelly's line was the same stock sentence after 'Tell Kelly what is coming', and
    Kessler's commendation read alike whoever his men shot (round-39 Earth reader)."""
    seen = {"kelly": 0, "kessler": 0}
    for states in games:
        last = states[-1]
        if last.values["destination"] != "earth" or engine.ending_view(last) is None:
            continue
        timeline = _timeline(engine, last)
        if (
            "took Kelly and Alex home to Houston" in timeline
            or "Kelly and Alex went home." in timeline
        ):
            told = bool(last.values["kelly_knows"])
            # session 28: she watched the traffic for Hale, said in the entry of each ending
            assert ("the comms traffic for Hale" in timeline) == told
            seen["kelly"] += told
        if "with a commendation for the Mars audit" in timeline:
            hurt = last.values["raid_hurt"]
            # session 28: the arrest's citation names whom it leaves out after 'nothing before it'
            silent = "that did not mention"
            if last.scene == "end_caught":
                silent = "the arrest at the antenna and nothing before it, not even"
            assert (silent in timeline) == (hurt in ("danielle", "rudy", "you"))
            seen["kessler"] += 1
    assert seen["kelly"] > 3 and seen["kessler"] > 3, seen


def test_the_wound_follows_the_player_home(engine: Engine, games: list[list[GameState]]) -> None:
    """The shoulder wound was forgotten after the sling on Iridium Dawn (round-39 Earth reader)."""
    seen = 0
    for states in games:
        last = states[-1]
        if last.scene != "end_iridium":
            continue
        text = " ".join(engine.view(last).text.split())
        assert ("shoulder" in text) == (last.values["raid_hurt"] == "you")
        seen += last.values["raid_hurt"] == "you"
    assert seen > 0


def test_naming_dev_costs_him_the_volunteering(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Give them Dev Ayesa' opened on a Dev who had volunteered, so naming him cost nothing and
    nothing showed Dev learning it was the player (round-39 Mars reader)."""
    seen = 0
    for states in games:
        if _seen(states, "a5_dev_falls"):
            text = _text(engine, states, "a5_dev_falls")
            assert '"I was going to volunteer," he says.' in text
            seen += 1
    assert seen > 3


def test_the_committee_room_answers_the_players_side(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The committee scene was one template on every Earth route (round-39 Earth reader)."""
    marks = {
        "nasa": "not for her source",
        "helios": "one look takes in you and the corridor to the cells",
        "own": "watch your hands and the printer at once",
    }
    assert _marks_follow(engine, games, "a5_earth_inquiry", "side", marks) == set(marks)


def test_the_mars_timeline_remembers_who_kesslers_men_shot(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Wade Kessler retired quietly' read alike in three of four Mars endings (round 39)."""
    seen = 0
    for states in games:
        last = states[-1]
        if engine.ending_view(last) is None:
            continue
        timeline = _timeline(engine, last)
        if (
            "Wade Kessler went home to Ohio from the Mars audit with no commendation"
            not in timeline
        ):
            continue
        shot = last.values["raid_hurt"] in ("danielle", "rudy", "you")
        held = "which also held the only account of the round his team had put into"
        assert (held in timeline) == shot
        seen += shot
    assert seen > 3


def test_tarasova_remembers_the_yes_to_irina(engine: Engine, games: list[list[GameState]]) -> None:
    """A player who said yes to Irina heard 'You have nothing' at Door fourteen and a card from
    Irina three weeks later; one arrested at the console was never reminded of the yes (round-40
    Earth reader)."""
    seen = {"zvezda": 0, "caught": 0}
    for states in games:
        deal = bool(states[-1].values["irina_deal"])
        if _seen(states, "a5_zvezda") and not states[-1].values["evidence"]:
            text = _text(engine, states, "a5_zvezda")
            if "You have nothing." in text:
                assert ("What Irina owes you is Irina's to pay" in text) == deal
                seen["zvezda"] += deal
        if _seen(states, "a4_caught"):
            text = _text(engine, states, "a4_caught")
            assert ("You told Irina Morozova yes in February." in text) == deal
            seen["caught"] += deal
    assert all(n > 0 for n in seen.values()), seen


def test_the_sato_timeline_line_is_punctuated_on_every_route(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Lt. Sato, Danielle's liaison at Helios in 2003 took command' lost its comma whenever the
    player had not marked the storeroom (round-40 Earth reader)."""
    seen = 0
    for states in games:
        last = states[-1]
        if engine.ending_view(last) is None:
            continue
        timeline = _timeline(engine, last)
        assert "in 2003 took command" not in timeline
        # since session 24 the Sato entry is told by the ending; each still names her
        seen += "Lt. Sato" in timeline
    assert seen > 20


def test_the_relay_log_also_knows_an_answer_in_the_players_name(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Tarasova read the relay log for a player who forwarded Margo's message, and never for one
    who answered it on the same relay in their own name (round-41 Earth reader)."""
    seen = 0
    for states in games:
        if not _seen(states, "a2_auditors"):
            continue
        index = next(i for i, s in enumerate(states) if s.scene == "a2_auditors")
        answered = bool(states[index].values["margo_contact"])
        text = _text(engine, states, "a2_auditors")
        assert ("with your name at the bottom" in text) == answered
        seen += answered
    assert seen > 10


def test_ed_asks_after_whoever_was_shot(engine: Engine, games: list[list[GameState]]) -> None:
    """Ed's questions at Door fourteen were the same greenhouse seals on every route, whoever the
    raid team had shot (round-41 Earth reader)."""
    marks = {
        "you": "whether the shoulder lets you sleep",
        "rudy": "whether Rudy Ocampo is still on the",
        "danielle": "whether Poole is on her feet yet",
        "none": "whether the greenhouse ever got its pump seals",
    }
    found = _marks_follow(engine, games, "a5_zvezda", "raid_hurt", marks)
    assert len(found) >= 3, found
