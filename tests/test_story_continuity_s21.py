"""Session 21: the round-41 readings. The corridor every route of a family walks (the hatch, the
intrusion, the inquiries) now has a paragraph per route, and three choices that had no late echo
(the credentials, the note in Rudy's bourbon, Dev's seat 1A) are remembered."""

from __future__ import annotations

from game.engine import Engine, GameState
from tests.test_story_continuity import engine, story
from tests.test_story_continuity_s12 import games
from tests.test_story_continuity_s18 import _seen, _text

__all__ = ["engine", "games", "story"]  # the fixtures, shared


def _at(states: list[GameState], scene: str) -> GameState:
    return next(s for s in states if s.scene == scene)


def _shows_only(text: str, marks: dict[str, str], key: str) -> None:
    """Assert that `text` holds the mark of `key` and no other route's mark."""
    for other, mark in marks.items():
        assert (mark in text) == (other == key), (key, other)


def test_the_three_ways_in_open_the_intrusion_three_ways(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Two of the three hack methods shared a4_in_control's opening (round-41 Mars reader)."""
    openings = {
        "keyboard": "You read; she types.",
        "slow": "Twelve handshakes in three hours.",
        "single": 'One handshake. Aleida opens the door and says "Now,"',
    }
    seen = dict.fromkeys(openings, 0)
    for states in games:
        if not _seen(states, "a4_in_control"):
            continue
        values = _at(states, "a4_in_control").values
        method = (
            "keyboard" if values["aleida_keyboard"] else "slow" if values["slow_hack"] else "single"
        )
        text = _text(engine, states, "a4_in_control")
        for name, opening in openings.items():
            assert text.startswith(opening) == (name == method), (method, text[:80])
        seen[method] += 1
    assert min(seen.values()) >= 3, seen


def test_the_intrusion_room_holds_what_each_side_brought_into_it(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The Helios loyalist has Dev's boarding card in a pocket, the NASA source Jamestown's
    frequency on a spare receiver, the player on their own nothing to report to."""
    marks = {
        "helios": "Dev's boarding card is in your breast pocket",
        "nasa": "Jamestown's frequency is on the spare receiver",
        "own": "Tonight there is no one to report to",
    }
    seen = dict.fromkeys(marks, 0)
    for states in games:
        if not _seen(states, "a4_in_control"):
            continue
        side = str(_at(states, "a4_in_control").values["side"])
        text = _text(engine, states, "a4_in_control")
        _shows_only(text, marks, side)
        seen[side] += 1
    assert min(seen.values()) >= 3, seen


def test_the_hatch_knows_whose_the_player_is(engine: Engine, games: list[list[GameState]]) -> None:
    marks = {
        "helios": "Behind that door, as far as Kessler knows, are the three people",
        # session 28: the hatch is read by side (writers)
        "nasa": "Danielle knows your voice on the line from Helios",
        "own": "All three sides have you in view",
    }
    seen = dict.fromkeys(marks, 0)
    for states in games:
        if not _seen(states, "a3_the_hatch"):
            continue
        at = _at(states, "a3_the_hatch")
        side = str(at.values["side"])
        text = _text(engine, states, "a3_the_hatch")
        _shows_only(text, marks, side)
        if side == "helios":
            hideout = at.values["hideout"]
            assert ("standing guard over a pantry" in text) == (hideout == "moved")
            # round 42: 'are the three people ..., and Ed and Dev are, and Aleida with them'
            assert "and Ed and Dev are" not in text
            assert ("for once he is right" in text) == (hideout not in ("moved", "ducts"))
        if side == "own":
            # audit hh: 'no one's errand: not Jamestown's' to a player who told Jamestown
            told = bool(at.values["told_danielle"])
            marked = bool(at.values["marked_room"])
            # audit ii: only a player who marked Sato's plan 'drew Jamestown this door'
            assert ("You drew Jamestown the doors behind this one" in text) == (told and marked)
            assert ("which section this door was in" in text) == (told and not marked)
            assert ("You are here on your own account" in text) == (not told)
        seen[side] += 1
    assert min(seen.values()) >= 5, seen


def test_the_mars_inquiry_has_the_record_of_the_night_the_player_made(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Every Mars inquiry showed one staging; now the table holds Lee's empty chair for a burn
    from his dish, the traffic log as each method left it, and the fault record after a botch."""
    seen = {"lee": 0, "botched": 0, "clean": 0}
    for states in games:
        if not _seen(states, "a5_mars_inquiry"):
            continue
        text = _text(engine, states, "a5_mars_inquiry")
        lee = _seen(states, "a4_lee_dish")
        botched = _seen(states, "a4_botched")
        assert ("LEE J. (D.P.R.K.)" in text) == lee
        assert ("ENG 3 GIMBAL LIMIT" in text) == botched
        assert ("flew that burn by hand" in text) == botched
        assert ("wrote that burn" in text) == (not botched)
        seen["lee" if lee else "botched" if botched else "clean"] += 1
    assert min(seen.values()) >= 2, seen


def test_the_credentials_typed_in_the_storeroom_come_out_at_the_inquiry(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Hand Aleida your credentials' was never heard of again (round-41 readers): the login is
    in the guidance's memory, at the Mars inquiry, the Earth one, and behind Aleida's glass."""
    places = {
        "a5_mars_inquiry": "your login opens every one of Aleida's February sessions",
        "a5_earth_inquiry": "the login you typed in for her in the storeroom",
        "a5_aleida_cell": "Your own login came out of the guidance's memory",
    }
    seen = {(scene, lent): 0 for scene in places for lent in (True, False)}
    for states in games:
        for scene, mark in places.items():
            if not _seen(states, scene):
                continue
            lent = bool(_at(states, scene).values["lent_credentials"])
            assert (mark in _text(engine, states, scene)) == lent, (scene, lent)
            seen[scene, lent] += 1
    assert min(seen.values()) >= 1, seen


def test_ed_answers_the_note_in_rudys_bourbon(engine: Engine, games: list[list[GameState]]) -> None:
    seen = {True: 0, False: 0}
    for states in games:
        if not _seen(states, "a2_hideout"):
            continue
        values = _at(states, "a2_hideout").values
        sent = bool(values["sent_ed_note"])
        text = _text(engine, states, "a2_hideout")
        assert ("its cork slit down the side" in text) == sent
        if sent:
            assert ("Best advice I had all month" in text) == (not values["gave_rudy"])
        seen[sent] += 1
    assert min(seen.values()) >= 5, seen


def test_dev_s_seat_1a_is_flown_or_kept_empty_on_the_mars_line(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Dev's boarding card for seat 1A had no echo in any ending (round-41 Mars reader)."""
    seen = 0
    for states in games:
        if not _seen(states, "a6_2012_mars"):
            continue
        values = _at(states, "a6_2012_mars").values
        text = _text(engine, states, "a6_2012_mars")
        expect = values["side"] == "helios"
        assert ("seat 1A" in text) == expect
        if expect:
            kept_empty = values["blamed"] == "you"
            # session 28: Dev's own note says it now
            assert ("Kept 1A empty to the dock" in text) == kept_empty
            # Dev in Pennsylvania when the first tender flew: you took 1A and left his seat empty
            assert ("kept 1B empty to the dock" in text) == (values["blamed"] == "dev")
            seen += 1
    assert seen >= 2


def test_the_committee_asks_each_earth_witness_for_what_only_they_saw(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The committee's telex closed with one paragraph on every Earth route (round-41 reader)."""
    marks = {
        "flew": "who opened the guidance for you",
        "pulled": "whose lead you pulled that night",
        "called": "what you told Commander Poole that night",
    }
    seen = dict.fromkeys(marks, 0)
    for states in games:
        if not _seen(states, "a5_earth_inquiry"):
            continue
        route = (
            "flew"
            if _seen(states, "a4_in_control")
            else "pulled"
            if _seen(states, "a4_the_hack")
            else "called"
        )
        text = _text(engine, states, "a5_earth_inquiry")
        _shows_only(text, marks, route)
        assert "A committee that feels it's been told everything" not in text
        seen[route] += 1
    assert min(seen.values()) >= 2, seen


def test_round_42_contradictions_hold_on_the_paths_that_showed_them(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Round 42: the plotters' welcome and Dev's card for a player who turned Dev down; Aleida's
    card for a player who sat at Sato's table; Rudy's card from a man the player sold."""
    seen = dict.fromkeys(("refused", "sato", "rudy_sold", "irina_own"), 0)
    for states in games:
        last = states[-1].values
        if _seen(states, "a2_hideout") and _at(states, "a2_hideout").values["side"] == "helios":
            refused = _seen(states, "a1_jamestown")
            text = _text(engine, states, "a2_hideout")
            assert ('"You told me no in January,"' in text) == refused
            seen["refused"] += refused
        if _seen(states, "a4_countdown") and _at(states, "a4_countdown").values["side"] == "helios":
            text = _text(engine, states, "a4_countdown")
            values = _at(states, "a4_countdown").values
            if _seen(states, "a1_jamestown") and not values["told_danielle"]:
                assert "Dev has not doubted for a day" not in text
                assert "Dev, whom you turned down to his face in January" in text
        if _seen(states, "a3_aftermath"):
            told = bool(_at(states, "a3_aftermath").values["told_danielle"])
            text = _text(engine, states, "a3_aftermath")
            assert ("I can guess who sat at Sato's table" in text) == told
            seen["sato"] += told
        if states[-1].scene == "end_iridium":
            text = _text(engine, states, "end_iridium")
            if last["raid_hurt"] == "rudy":
                sold = bool(last["gave_rudy"])
                assert ("STILL NOT FOR SALE" in text) == (not sold)
                assert ("PAID IN FULL" in text) == sold
                seen["rudy_sold"] += sold
            if last["side"] == "own":
                said_yes = bool(last["irina_deal"])
                assert ("You belonged to nobody that winter" in text) == (not said_yes)
                seen["irina_own"] += said_yes
    assert all(seen.values()), seen


def test_the_lie_tarasova_can_disprove_is_not_offered(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Round 42: 'a rounding error' lowered suspicion after Tarasova said she had read the
    player's own answer to Moscow, sent the night they found the reserve."""
    seen = 0
    for states in games:
        if not _seen(states, "a2_interview"):
            continue
        at = _at(states, "a2_interview")
        view = engine.view(at)
        lie = next(c for c in view.choices if c.label.startswith("Tell them the reserve"))
        if at.values["margo_contact"]:
            assert not lie.enabled
            assert "Tarasova has read your answer to Moscow" in lie.reason
            seen += 1
    assert seen >= 5


def test_danielle_never_settles_which_winter_was_the_lie(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'She has not decided which of the two was the lie' at the Mars inquiry was never answered
    (round-42 Mars reader): in 2012 it is the subject both of them walk round."""
    seen = 0
    for states in games:
        if not _seen(states, "a6_2012_mars"):
            continue
        values = _at(states, "a6_2012_mars").values
        expect = bool(values["told_danielle"]) and values["side"] != "nasa"
        text = _text(engine, states, "a6_2012_mars")
        walked_round = (
            "set beside the console, she has kept out of everything she has said to you since",
            "which she holds against you, the night at Sato's table or the night at the console",
            "What she decided about Sato's table and the console stays in whatever drawer",
            "Of Sato's table and the console she has spoken once",
        )
        assert any(line in text for line in walked_round) == expect
        seen += expect
    assert seen


def test_round_43_lines_hold_on_the_paths_that_showed_them(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Round 43: the auditors who have read the player's answer to Moscow do not fish for the
    reserve; Sato, in a shot commander's chair, has a reason to leave one message; the hours
    since the refused call are counted from T-8h; the galley is down the Sump stairs."""
    seen = dict.fromkeys(("read", "sato", "refused", "galley"), 0)
    for states in games:
        if _seen(states, "a2_interview"):
            read = bool(_at(states, "a2_interview").values["margo_contact"])
            text = _text(engine, states, "a2_interview")
            assert ("with your own answer to Moscow in Tarasova's folder" in text) == read
            assert ("they mean to find out what" in text) == (not read)
            seen["read"] += read
        if _seen(states, "a3_aftermath"):
            values = _at(states, "a3_aftermath").values
            if values["side"] == "helios":
                shot = values["raid_hurt"] == "danielle"
                text = _text(engine, states, "a3_aftermath")
                assert ("her commander in surgery" in text) == shot
                seen["sato"] += shot
        if _seen(states, "a4_in_control") and _seen(states, "a4_danielle_refuses"):
            text = _text(engine, states, "a4_in_control")
            if _at(states, "a4_in_control").values["side"] == "own":
                assert "heard you out at nine hours to the burn" in text
                assert "five hours ago" not in text
                seen["refused"] += 1
        if _seen(states, "a4_burn_mars"):
            text = _text(engine, states, "a4_burn_mars")
            assert "down the Sump stairs" in text or "Down the Sump stairs" in text
            seen["galley"] += 1
    assert all(seen.values()), seen


def test_working_the_intrusion_beside_aleida_is_in_her_sessions(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Work the intrusion beside her' was never heard of again, even by a witness who then
    testified against Aleida for that intrusion (round-43 Earth reader)."""
    seen = {True: 0, False: 0}
    for states in games:
        if not _seen(states, "a5_earth_inquiry"):
            continue
        values = _at(states, "a5_earth_inquiry").values
        beside = bool(values["worked_beside"])
        text = _text(engine, states, "a5_earth_inquiry")
        assert ("will find your reasoning in them, if not your name" in text) == beside
        if _seen(states, "a5_aleida_cell"):
            cell = _text(engine, states, "a5_aleida_cell")
            assert ("They describe the way past the fault monitor" in cell) == beside
        seen[beside] += 1
    assert seen[True] and seen[False], seen


def test_round_44_lines_hold_on_the_paths_that_showed_them(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Round 44: Danielle, left bleeding while the player moved the plotters, does not ask for
    them by name; Lee remembers a shoulder taken at his hatch; Aleida's keyboard is not credited
    after a burn flown by hand."""
    seen = dict.fromkeys(("left", "stayed", "shoulder", "hand_flown"), 0)
    for states in games:
        if _seen(states, "a3_danielle_down") and _seen(states, "a3_aftermath"):
            text = _text(engine, states, "a3_aftermath")
            # from the choice itself (audit kk: after a warning, 'hideout' cannot tell)
            left = any(
                step.label == "Use the chaos to get the plotters out" for step in states[-1].history
            )
            assert ("whose hands came off her back in the tunnel" in text) == left
            assert ("has asked for you by name" in text) == (not left)
            seen["left" if left else "stayed"] += 1
        if _seen(states, "a4_countdown"):
            values = _at(states, "a4_countdown").values
            text = _text(engine, states, "a4_countdown")
            rice = "rice to the infirmary for the shoulder you took" in text
            expect = (
                values["raid_hurt"] == "you"
                and not values["lee_promise"]
                and not _seen(states, "a3_hideout_warned")
            )
            assert rice == expect
            seen["shoulder"] += rice
        if _seen(states, "a4_botched") and _seen(states, "a4_burn_mars"):
            text = _text(engine, states, "a4_burn_mars")
            assert "Her hands flew it in on your tables" not in text
            assert "whose voice read the tables into it" not in text
            seen["hand_flown"] += 1
    assert all(seen.values()), seen


def test_a_refusal_to_dev_is_remembered_in_the_storeroom_and_the_audit_room(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Round 44: a loner who turned Dev down to his face and told Danielle was welcomed with no
    word in the storeroom, and told at the interview that nobody outside would vouch for them."""
    seen = dict.fromkeys(("storeroom", "interview"), 0)
    for states in games:
        refused = _seen(states, "a1_jamestown")
        if _seen(states, "a2_hideout") and _at(states, "a2_hideout").values["side"] == "own":
            text = _text(engine, states, "a2_hideout")
            # an informer hears Ed on Rudy instead
            expect = refused and not _at(states, "a2_hideout").values["gave_rudy"]
            assert ("Dev, who heard your no in January" in text) == expect
            seen["storeroom"] += expect
        if _seen(states, "a2_interview") and _at(states, "a2_interview").values["side"] == "own":
            text = _text(engine, states, "a2_interview")
            assert ("Danielle heard you out in January" in text) == refused
            seen["interview"] += refused
    assert all(seen.values()), seen


def test_round_45_lines_hold_on_the_paths_that_showed_them(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Round 45: a loner who stood behind Danielle or in the miners' front rank came on their own
    errand; a loyalist who drew Sato the plan is reminded at the hatch; the tape holds Oksana's
    breathing, not the sound it was started too late to catch."""
    seen = dict.fromkeys(("own_errand", "plan", "tape"), 0)
    for states in games:
        if _seen(states, "a3_the_hatch"):
            at = _at(states, "a3_the_hatch")
            text = _text(engine, states, "a3_the_hatch")
            if at.values["side"] == "own" and not at.values["told_danielle"]:
                near = _seen(states, "a3_danielle_line") or bool(at.values["crossed"])
                # session 28: every loner is here on their own account; the near ones say where
                assert ("You are here on your own account, " in text) == near
                seen["own_errand"] += near
            if at.values["side"] == "helios":
                told = bool(at.values["told_danielle"])
                assert ("The rifles found this door on a plan you sat over" in text) == told
                seen["plan"] += told
        if _seen(states, "a5_mars_inquiry") and _at(states, "a5_mars_inquiry").values["tape"]:
            text = _text(engine, states, "a5_mars_inquiry")
            assert "and then Oksana's breathing" in text and "and then the sound" not in text
            seen["tape"] += 1
    assert all(seen.values()), seen


def test_the_statement_on_satos_tape_is_not_pulp(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Round 46: a NASA source who gave Sato a recorded statement was told everything they had
    told Jamestown was pulp in a basement recycler."""
    seen = 0
    for states in games:
        if not _seen(states, "a5_earth_inquiry"):
            continue
        values = _at(states, "a5_earth_inquiry").values
        if values["side"] != "nasa":
            continue
        text = _text(engine, states, "a5_earth_inquiry")
        said = bool(values["gave_statement"])
        recorded = "the only part of it with your name on is seventy minutes on Sato's recorder"
        assert (recorded in text) == said
        seen += said
    assert seen
