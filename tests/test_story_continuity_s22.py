"""Session 22: the round-46 readings. Margo's offered name at the cycler hearing, a drive to
Jamestown when Danielle will not move on a phone call, and the continuity slips both readers
found (each test plays the paths that showed them and reads the corrected text)."""

from __future__ import annotations

from game.engine import Engine, GameState
from tests.test_story_continuity import ending_text, engine, story, take
from tests.test_story_continuity_s12 import games
from tests.test_story_continuity_s18 import _seen, _text

__all__ = ["engine", "games", "story"]  # the fixtures, shared

MARGO = "Give them Margo Madison's name"
DRIVE = "Write it out and take a crawler to Jamestown"


def _at(states: list[GameState], scene: str) -> GameState:
    return next(s for s in states if s.scene == scene)


def _labels(engine: Engine, state: GameState) -> list[str]:
    return [c.label for c in engine.view(state).choices]


def _to_the_end(engine: Engine, state: GameState) -> GameState:
    """Play on from `state`, always the first enabled choice, to an ending."""
    while engine.view(state).ending is None:
        first = next(c for c in engine.view(state).choices if c.enabled)
        state = engine.choose(state, first.number - 1)
    return state


def test_margo_s_offered_name_is_an_answer_at_the_cycler_hearing(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Margo offered her name ("Let it be my name") and sent her keys; at the cycler hearing Irina
    asks for an author and the only answers were the player's name or Kuznetzov's (round-46 Mars
    reader). The option is there only for a player Margo made the offer to, and it is remembered."""
    offered = refused = 0
    for states in games:
        if not _seen(states, "a5_cycler_hearing"):
            continue
        hearing = _at(states, "a5_cycler_hearing")
        made = bool(hearing.values["margo_contact"]) and _seen(states, "a2_margo_reply")
        assert any(MARGO in label for label in _labels(engine, hearing)) == made
        text = _text(engine, states, "a5_cycler_hearing")
        assert ("*there must be a name. Let it be my name.*" in text) == made
        if not made:
            refused += 1
            continue
        offered += 1
        after = take(engine, hearing, MARGO)
        assert after.values["blamed"] == "margo"
        view = " ".join(engine.view(after).text.split())
        assert "Soviet textbooks call it the Madison orbit" in view
        assert "She lives in Moscow under a name that is not hers" not in view
        assert "The textbooks call it the Kuznetzov orbit" not in view
        end = ending_text(engine, _to_the_end(engine, after))
        assert "signed a two-page statement in Moscow claiming sole authorship" in end
        assert "arrested on the steps of the studio" not in end
        assert "federal prison" not in end and "Margo Madison's lawyers" not in end
    assert offered and refused


def test_danielle_s_refusal_leaves_a_drive_to_jamestown(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Danielle's refusal on the phone ended in one forced option whatever her trust (round-46
    Mars reader). Four signed pages driven out by crawler can still give her the dish; the odds
    are her trust and the miners' goodwill, and the burn is watched from her office."""
    seen = 0
    for states in games:
        if not _seen(states, "a4_danielle_refuses"):
            continue
        refused = _at(states, "a4_danielle_refuses")
        assert any(DRIVE in label for label in _labels(engine, refused))
        seen += 1
        if seen > 4:
            continue
        there = take(engine, refused, (DRIVE, "a4_burn_earth"))
        text = " ".join(engine.view(there).text.split())
        assert text.startswith("You watch it from Danielle's office at Jamestown")
        assert "at seven hours out" in text and "as Danielle's guest" not in text
        if there.values["side"] == "own":
            assert (
                "In the end you gave the dish to Danielle, in four pages, by hand, and what" in text
            )
        back = take(engine, refused, (DRIVE, "a4_the_hack"))
        assert "counting the crawlers out" in " ".join(engine.view(back).reply.split())
        # the failed drive costs time, not suspicion: the odds at the console are unchanged
        assert (
            back.values["suspicion"]
            == take(engine, refused, "Go to the antenna room").values["suspicion"]
        )
    assert seen


def test_round_46_lines_hold_on_the_paths_that_showed_them(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Round 46: the trodden pennant Rudy took down himself; Lee's unspoken promise; Ed's hands on
    the chair a scene early; Aleida's line to whoever drew her doors; the strip chart in the
    antenna room; the carried or standing player; Tarasova's card before the burn."""
    seen = dict.fromkeys(("pennant", "lee", "doors", "carried", "stood", "card"), 0)
    for states in games:
        if _seen(states, "a2_crossroads"):
            at = _at(states, "a2_crossroads")
            text = _text(engine, states, "a2_crossroads")
            warned = bool(at.values["gave_rudy"]) and not at.values["sent_ed_note"]
            assert ("which he took down himself when you warned him" in text) == warned
            seen["pennant"] += warned
        if _seen(states, "a3_hideout_warned"):
            promised = bool(_at(states, "a3_hideout_warned").values["lee_promise"])
            text = _text(engine, states, "a3_hideout_warned")
            assert ("He does not mention what you promised him about her" in text) == promised
            seen["lee"] += promised
        if _seen(states, "a4_in_control"):
            assert "his hands on its back" not in _text(engine, states, "a4_in_control")
        if _seen(states, "a4_the_hack"):
            at = _at(states, "a4_the_hack")
            drew = bool(at.values["marked_room"])
            text = _text(engine, states, "a4_the_hack")
            assert ("a plan of my storeroom, both its doors marked in pencil" in text) == drew
            seen["doors"] += drew
        for scene in ("a4_botched", "a4_lost"):
            if _seen(states, scene):
                assert "On the strip chart" not in _text(engine, states, scene)
        if _seen(states, "a3_you_down"):
            text = _text(engine, states, "a3_aftermath")
            stood = bool(_at(states, "a3_aftermath").values["stood_up"])
            assert ("a Helios engineer who stood against the tunnel wall" in text) == stood
            assert ("door the miners carried you down on" in text) == (not stood)
            seen["stood" if stood else "carried"] += 1
        if _seen(states, "a4_countdown"):
            deal = bool(_at(states, "a4_countdown").values["irina_deal"])
            text = _text(engine, states, "a4_countdown")
            assert ("*She turns sixty-two in October. Y.T.*" in text) == deal
            seen["card"] += deal
    assert all(seen.values()), seen


def test_round_46_timelines_hold_on_the_endings_that_showed_them(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The Long Dark's conspirators are no longer simply 'never charged'; Rudy is a trader, not a
    miner; a probe from a Helios that lost its contracts; Kelly's year of silence on the route
    where she went quiet is in the timeline that praised her loyalty (round-46 Earth reader)."""
    seen = dict.fromkeys(("long_dark", "rudy", "kelly"), 0)
    for states in games:
        end = states[-1]
        text = ending_text(engine, end)
        values, ending = end.values, end.scene
        assert "a miner's hip" not in text and "A Helios probe" not in text
        if ending == "end_long_dark":
            assert "The warrants for the people behind the red hatch were withdrawn" in text
            seen["long_dark"] += 1
        if "the round his team had put into a Sump trader's hip" in text:
            assert values["raid_hurt"] == "rudy"
            seen["rudy"] += 1
        if ending == "end_iridium" and values["side"] == "nasa" and values["kelly_knows"]:
            # session 28: the coda tells her year of silence (the timeline had it a year later)
            assert "Kelly did not speak to you for a year after the burn" in text
            seen["kelly"] += 1
    assert all(seen.values()), seen


def test_whose_you_are_is_ed_s_alone(engine: Engine, games: list[list[GameState]]) -> None:
    """'Whose you are' came back four times in one run (round-46 Mars reader): it is Ed's line at
    nine hours out now, and no one else's."""
    for states in games[:200]:
        said = [s.scene for s in states if "whose you are" in engine.view(s).text]
        assert set(said) <= {"a4_countdown"}, said


def test_round_47_lines_hold_on_the_paths_that_showed_them(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Round 47 and audit ll: the player who crossed to the miners after Danielle's line stands in
    their front rank; the drill at the hatch; the login lent to Aleida; Dev's first words since a
    January no; a price at Door fourteen only where Tarasova named one; the Sump crews and their
    informer; the place the Earth burn is watched from; the crayon orbit on a path that never
    heard Kelly's question; Danielle's note after a statement."""
    seen = dict.fromkeys(("crossed", "drills", "login", "january", "price", "none", "note"), 0)
    for states in games:
        last = states[-1].values
        if _seen(states, "a3_the_hatch"):
            at = _at(states, "a3_the_hatch").values
            text = _text(engine, states, "a3_the_hatch")
            if at["side"] == "own" and not at["told_danielle"] and at["crossed"]:
                assert "You are here on your own account, in the miners' front rank" in text
                assert "a few metres behind Danielle" not in text
                seen["crossed"] += _seen(states, "a3_danielle_line")
            if "with nothing between them and the rifles" in text:
                assert ("their coveralls and a rock drill" in text) == bool(at["drills"])
                seen["drills"] += bool(at["drills"])
        if _seen(states, "a4_in_control"):
            at = _at(states, "a4_in_control").values
            text = _text(engine, states, "a4_in_control")
            if at["side"] == "own" and not at["told_danielle"]:
                lent = bool(at["lent_credentials"])
                assert ("making honest with your login" in text) == lent
                beside = bool(at["worked_beside"]) and not lent  # more than that (round 54)
                assert ("what you were willing to give her, and no more" in text) == (
                    not lent and not beside
                )
                seen["login"] += lent
            turned = _seen(states, "a1_jamestown") and at["side"] == "own"
            assert ("since you turned him down in January" in text) == turned
            seen["january"] += turned
        if _seen(states, "a5_earth_inquiry") and _seen(states, "a5_zvezda"):
            at = _at(states, "a5_earth_inquiry").values
            text = _text(engine, states, "a5_earth_inquiry")
            if not at["ed_freed"]:
                named = bool(at["evidence"])
                assert ("Moscow has named its price for him" in text) == named
                assert ("found nothing it wants" in text) == (not named)
                seen["price" if named else "none"] += 1
        if states[-1].scene == "end_caught":
            assert "which one was real" not in ending_text(engine, states[-1])
        if _seen(states, "a4_custody") and last["side"] == "nasa":
            text = _text(engine, states, "a4_custody")
            said = bool(last["gave_statement"])
            assert ("and not one word about that dish" in text) == said
            assert ("you stopped telling me things" in text) == (not said)
            seen["note"] += 1
    assert all(seen.values()), seen


def test_the_drive_to_jamestown_is_placed_and_remembered(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Audit ll: the Earth line after the drive was headed 'Helios antenna control room', Aleida
    'didn't look round for you' at a dish forty minutes away, and the Sump crews lent a cab to
    the informer without a word."""
    seen = {True: 0, False: 0}
    for states in games:
        if not _seen(states, "a4_danielle_refuses"):
            continue
        refused = _at(states, "a4_danielle_refuses")
        there = take(engine, refused, (DRIVE, "a4_burn_earth"))
        view = engine.view(there)
        assert view.place == "Danielle's office, Jamestown"
        text = " ".join(view.text.split())
        assert "she did not ask where you were" in text
        assert "she didn't look round for you" not in text
        informer = bool(refused.values["gave_rudy"])
        assert ('"For Poole," he says. "Not for you."' in " ".join(view.reply.split())) == informer
        seen[informer] += 1
    assert seen[True] and seen[False]


def test_the_shared_scenes_carry_the_run_that_reached_them(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Round 47: Kelly's line at T-40m was the same in every run; Aleida never answered what the
    reserve was for; a player who marked the section and not the room was accused of drawing her
    door; a signed leak left no mark on 2012."""
    seen = dict.fromkeys(("dad", "shot", "plain", "answer", "section", "signed"), 0)
    for states in games:
        if _seen(states, "a4_in_control"):
            at = _at(states, "a4_in_control").values
            text = _text(engine, states, "a4_in_control")
            key = "dad" if at["kelly_knows"] else "shot" if at["raid_hurt"] == "you" else "plain"
            # session 32: with Hale's own copy of the model there are three lines, not two
            lines = "all the lines" if at["own_model"] else "both lines"
            marks = {
                "dad": f'"Dad? He drew your rock again before bed, {lines}.',
                "shot": '"He asked if the one who got shot is working tonight.',
                "plain": "\"He drew the rock's orbit again before bed, "
                + ("all the lines." if at["own_model"] else "both the lines."),
            }
            for name, mark in marks.items():
                assert (mark in text) == (name == key), (key, name)
            seen[key] += 1
        if _seen(states, "a1_dev_office"):
            view = engine.view(_at(states, "a1_dev_office"))
            asked = '"For Mars," Aleida says' in view.reply
            seen["answer"] += asked
            named = "Aleida Rosales wrote half that guidance" in " ".join(view.text.split())
            assert named == (not _seen(states, "a1_server_room"))
        if _seen(states, "a4_the_hack"):
            at = _at(states, "a4_the_hack").values
            text = _text(engine, states, "a4_the_hack")
            if at["told_danielle"] and not at["marked_room"] and not at["key_to_danielle"]:
                assert "and a pencil waiting to be told which door" in text
                assert "Sato had a plan of my storeroom" not in text
                seen["section"] += 1
        if _seen(states, "a6_2012_mars") and states[-1].scene == "end_free_mars":
            signed = bool(states[-1].values["signed_leak"])
            text = _text(engine, states, "a6_2012_mars")
            assert ("still stop you over the name on the header card" in text) == signed
            seen["signed"] += signed
    assert all(seen.values()), seen


def test_round_48_lines_hold_on_the_paths_that_showed_them(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Round 48 and audit mm: Danielle's refusal never breaks off mid-sentence; the loner who
    named Rudy, or who stood behind Danielle, is not 'the one voice neither side has discounted';
    the card and the rover bay keep the afternoon's clock; Dev's words at the console to a NASA
    source who heard him in the storeroom; Lee's question from his own dish; Margo's broadcast
    admits the keys she never sent; Danielle is seated once."""
    seen = dict.fromkeys(("refuses", "named", "behind", "card", "lee", "margo"), 0)
    for states in games:
        if _seen(states, "a4_danielle_refuses"):
            text = _text(engine, states, "a4_danielle_refuses")
            assert text.count("my marines in the wrong room") == 1
            assert "at noon; the checkpoint logs every badge" in text
            seen["refuses"] += 1
        if _seen(states, "a3_the_hatch"):
            at = _at(states, "a3_the_hatch").values
            text = _text(engine, states, "a3_the_hatch")
            if at["side"] == "own" and not at["told_danielle"]:
                named = bool(at["gave_rudy"])
                behind = _seen(states, "a3_danielle_line") and not at["crossed"] and not named
                # session 28: the informer is written off; the loner behind Danielle is placed
                # there and then hears the plain loner's sentence, 'a voice any side might hear out'
                assert ("Every side has written you off" in text) == named
                placed = "on your own account, a few metres behind Danielle" in text
                assert placed == (_seen(states, "a3_danielle_line") and not at["crossed"])
                plain = "The tunnel could not say who sent you" in text
                assert plain == (not named)
                seen["named"] += named
                seen["behind"] += behind
        if _seen(states, "a4_countdown") and _at(states, "a4_countdown").values["irina_deal"]:
            text = _text(engine, states, "a4_countdown")
            assert "At two a conscript you have never seen stopped you" in text
            seen["card"] += 1
        if _seen(states, "a4_in_control"):
            at = _at(states, "a4_in_control").values
            text = _text(engine, states, "a4_in_control")
            source = _seen(states, "a1_jamestown") and at["side"] == "nasa"
            # session 27 (round 59): a source who met him in the storeroom since hears that instead
            storeroom = source and _seen(states, "a2_hideout")
            assert ("and he leaves January out of it" in text) == (source and not storeroom)
            assert ("and he leaves the storeroom out of it" in text) == storeroom
        if _seen(states, "a4_burn_earth") and _seen(states, "a4_lee_dish"):
            text = _text(engine, states, "a4_burn_earth")
            promised = bool(_at(states, "a4_burn_earth").values["lee_promise"])
            if "Lee stays." in text:
                assert ('"Seo-yeon will not be coming, then,"' in text) == promised
                seen["lee"] += promised
        if _seen(states, "a5_margo_confession"):
            text = _text(engine, states, "a5_margo_confession")
            sent = _seen(states, "a2_margo_reply")
            assert ("she sent no keys to anyone" in text) == (not sent)
            seen["margo"] += 1
        if _seen(states, "a5_mars_inquiry"):
            text = _text(engine, states, "a5_mars_inquiry")
            assert text.count("Danielle sits") <= 1
    assert all(seen.values()), seen


def test_round_49_lines_hold_on_the_paths_that_showed_them(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Round 49: a forwarded message is something done for Dev; the curfew remembers a warned
    Rudy; Ed climbs down from Lee's antenna room; Tarasova's cards were not all slipped into a
    pocket."""
    seen = dict.fromkeys(("forwarded", "warned", "ladder"), 0)
    for states in games:
        if _seen(states, "a1_commit") and _seen(states, "a1_jamestown"):
            commit = _at(states, "a1_commit")
            reasons = " ".join(c.reason or "" for c in engine.view(commit).choices if not c.enabled)
            if "You turned Dev down to his face" in reasons:
                forwarded = bool(commit.values["forwarded_margo"])
                assert ("one forwarded message has not taken that back" in reasons) == forwarded
                # session 24 (round-53 Mars reader): the lock is Helios's trust, and says so, not
                # that nothing was done since (a player who did nothing can find it open)
                assert "with Helios's trust in you where it is" in reasons
                assert "you have done nothing since" not in reasons
                seen["forwarded"] += forwarded
        if _seen(states, "a2_crossroads"):
            at = _at(states, "a2_crossroads").values
            text = _text(engine, states, "a2_crossroads")
            warned = not at["gave_rudy"] and not at["sent_ed_note"]
            assert ("Rudy's stall has been shut since Wednesday, as you told him" in text) == warned
            seen["warned"] += warned
        if _seen(states, "a4_burn_earth") and _seen(states, "a4_in_control"):
            text = _text(engine, states, "a4_burn_earth")
            dish = _seen(states, "a4_lee_dish")
            assert ("Ed goes down the ladder before ignition" in text) == dish
            seen["ladder"] += dish
        if _seen(states, "a5_earth_inquiry"):
            assert "slipped into your pocket in February" not in _text(
                engine, states, "a5_earth_inquiry"
            )
    assert all(seen.values()), seen
