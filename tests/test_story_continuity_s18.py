"""Session 18: what the round-28 and round-29 readers and audits found, each checked on the
seeded random games (as in the s12 to s17 files)."""

from __future__ import annotations

from game.engine import Engine, GameState
from tests.test_story_continuity import engine, story
from tests.test_story_continuity_s12 import games, play_seeded

__all__ = ["engine", "games", "story"]  # the fixtures, shared


def _timeline(engine: Engine, state: GameState) -> str:
    ending = engine.ending_view(state)
    assert ending is not None
    return " ".join(" ".join(item.text for item in ending.consequences).split())


def test_the_mars_timelines_remember_who_the_player_was(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Every Mars ending's timeline shared one block, word for word: Dev's office in the rock,
    Oksana's drilling crew, Ed's first shuttle at seventy-four (round-28 reader). Each now
    answers something the player did: took the blame, told the galley, saw Rudy shot."""
    seen = {"prison": 0, "galley": 0, "rudy": 0, "margo": 0}
    for states in games:
        last = states[-1]
        values = last.values
        if values["destination"] != "mars":
            continue
        timeline = _timeline(engine, last)
        prison = values["blamed"] == "you"
        # session 28: Dev answers the sentence by side (the commissary money is the mole's)
        sentence = {
            "nasa": "Hale's prison commissary account",
            "helios": "kept Hale's desk in its flight office empty through the whole sentence",
            "own": "printed the line of Hale's statement that said no officer of Helios",
        }[str(values["side"])]
        assert (sentence in timeline) == prison
        # (his letters to the prison are end_fido's since round 47; since session 30 the margins
        # are too: the coda tells them, and the timeline no longer repeats them)
        assert "Hale's margins" not in timeline
        # session 28: and answers Margo's confession by side too
        confession = {
            "helios": "paid Margo Madison's lawyers",
            "nasa": "left by Margo Madison's confession to run",
            "own": "whom no one charged once Margo Madison had confessed",
        }[str(values["side"])]
        assert (confession in timeline) == (values["blamed"] == "margo")
        rudy = values["raid_hurt"] == "rudy"
        # round 30: he was never a driller; session 28: Oksana's crew no longer keeps his stores
        assert ("He used a cane for the rest of his life" in timeline) == rudy
        # session 28: the galley is told once per timeline, in the 2012 contracts or council entry,
        # in each ending's own words (round 59: Oksana's one clause was in eight runs of twelve)
        told = [
            "the night Hale came down the stairs with the burn",
            "an engineer came down to their galley with the numbers",
            "the engineer who had come down to the galley in 2003",
            "the one Hale had come down to in 2003 with the burn",
            "told in their own galley in 2003 by an engineer",
            "had heard of the burn from that engineer, at their galley table",
            "The crews still dated their grievances from",
            "who had come down to their galley with the news",
        ]
        assert sum(line in timeline for line in told) == (1 if values["told_galley"] else 0)
        galley = bool(values["told_galley"]) and not rudy
        seen["prison"] += prison
        seen["galley"] += galley
        seen["rudy"] += rudy
        seen["margo"] += values["blamed"] == "margo"
    assert all(seen.values()), seen


def test_a_simile_shape_is_not_the_house_style(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'the way you would check a tyre / a loaded gun / a solution somebody else had signed': the
    round-28 readers counted five to seven 'the way X would' similes a playthrough. At most
    three now, on any seeded game."""
    worst = 0
    for states in games:
        seen_text = " ".join(" ".join(engine.view(s).text.split()) for s in states)
        count = sum(
            seen_text.count(f"the way {who} {verb}")
            for who in ("you", "he", "she", "a", "another", "children", "dogs")
            for verb in ("would", "know", "talk", "holds", "waits", "might", "used", "made")
        )
        worst = max(worst, count)
    assert worst <= 3


# -- round 29 (readers e29, m29) and audit v ------------------------------------------------------


def _seen(states: list[GameState], scene: str) -> bool:
    return any(s.scene == scene for s in states)


def _text(engine: Engine, states: list[GameState], scene: str) -> str:
    return " ".join(engine.view(next(s for s in states if s.scene == scene)).text.split())


def test_the_mars_line_is_not_credited_to_a_player_who_kept_their_own_counsel(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'The Mars line ... you have spent two months making honest' to a player who gave Aleida a
    page of arithmetic and kept their own counsel (round-29 Mars reader)."""
    seen = 0
    for states in games:
        if not _seen(states, "a4_in_control"):
            continue
        values = states[-1].values
        text = _text(engine, states, "a4_in_control")
        own = values["side"] == "own" and not values["told_danielle"]
        # (with the login lent to Aleida, "with your login, and with whatever else": see s22; a
        # player who sat the second stool beside her gave more than that, round 54)
        beside = own and values["worked_beside"] and not values["lent_credentials"]
        assert ("the nights you gave her from the second stool" in text) == beside
        assert ("you were willing to give her" in text) == (own and not beside)
        if own:
            seen += 1
            assert "you have spent two months making honest" not in text
    assert seen


def test_the_informer_is_not_forgotten_by_ed_rudy_or_the_miners(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A player who gave the auditors Rudy heard Ed say so in February, then at T-9h Ed forgot it,
    Rudy sold Tarasova chilli paste, and the miners' front row linked arms with them (round 29)."""
    seen = {"countdown": 0, "stall": 0, "line": 0}
    for states in games:
        values = states[-1].values
        informer = bool(values["gave_rudy"])
        plain_call = (values["side"] == "helios" and not values["told_danielle"]) or (
            values["side"] not in ("helios", "nasa")
            and values["hideout"] not in ("moved", "barricade")
        )
        if _seen(states, "a4_countdown") and plain_call:
            text = _text(engine, states, "a4_countdown")
            assert ("Rudy's cousin still says you gave them Rudy" in text) == informer
            seen["countdown"] += informer
        if _seen(states, "a3_aftermath") and values["raid_hurt"] == "none":
            text = _text(engine, states, "a3_aftermath")
            assert ("buying a jar of chilli paste at full price" in text) == (not informer)
            seen["stall"] += informer
        at = next((n for n, s in enumerate(states) if s.scene == "a3_danielle_line"), None)
        if at is not None and states[at + 1].scene == "a3_the_hatch":
            reply = " ".join(engine.reply(states[at + 1]).split())
            if "You cross at a quarter to four" in reply:
                assert ("links her arm through yours" in reply) == (not informer)
                seen["line"] += informer
    assert all(seen.values()), seen


def test_aleida_never_knows_where_the_key_went(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Only the player and Danielle knew the crypto module went to Jamestown, yet Aleida said so
    (audit v); she knows only that it never came."""
    told = 0
    for states in games:
        seen_text = " ".join(" ".join(engine.view(s).text.split()) for s in states)
        assert "The key is in Jamestown" not in seen_text
        assert "I know where the key is" not in seen_text
        assert "knows why" not in seen_text or not states[-1].values["key_to_danielle"]
        if states[-1].values["key_to_danielle"] and _seen(states, "a3_hideout_warned"):
            told += "The key is not in this room" in _text(engine, states, "a3_hideout_warned")
    assert told


def test_no_historian_where_a_review_declassified_the_tape(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'made the career of the historian who published it' on the one branch with no historian
    (audit v)."""
    seen = 0
    for states in games:
        last = states[-1]
        if not (last.scene == "end_detained" and last.values["tape"]):
            continue
        timeline = _timeline(engine, last)
        if "A declassification review made public" in timeline:
            seen += 1
            assert "historian" not in timeline
    assert seen


def test_danielles_informant_was_not_trying_to_save_the_colony(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The night desk: 'the end you were stopped at a hatch trying to prevent' to a player who
    carried the key as Danielle's cover (round-29 Earth reader)."""
    seen = 0
    for states in games:
        last = states[-1]
        if last.scene != "end_detained" or last.values["coda"] != "leave":
            continue
        text = " ".join(engine.view(last).text.split())
        nasa = last.values["side"] == "nasa"
        assert ("trying to prevent" in text) == (not nasa)
        seen += nasa
    assert seen


def test_choices_once_forgotten_are_remembered_at_the_inquiry(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Scrubbing the console logs, standing shot until the agents left, and walking Kessler to the
    airlock changed only numbers (round-29 Mars reader): the Mars inquiry now says each."""
    seen = {"scrubbed": 0, "stood": 0, "walked": 0}
    for states in games:
        if not _seen(states, "a5_mars_inquiry"):
            continue
        values = states[-1].values
        text = _text(engine, states, "a5_mars_inquiry")
        # rounds 30-31: the scrub took the January logs, nothing after (session 19: it was at
        # two in the morning after the auditors' first day, so the fourth of February)
        # round 50: the scrub argues with a confession instead of backing it
        scrub = "the fourth of February you scrubbed yourself out of the raw records"  # s32
        # round 52: not beside a login the guidance finds all through February
        scrubbed = bool(values["scrubbed_logs"]) and not values["lent_credentials"]
        assert (scrub in text) == scrubbed
        stood = bool(values["stood_up"]) and values["raid_hurt"] == "you"
        assert ("and he was the ninth man to walk past" in text) == stood
        walked = bool(values["walked_kessler"]) and values["raid_hurt"] == "none"
        assert ("who walked him to the airlock" in text) == walked
        seen["scrubbed"] += bool(values["scrubbed_logs"])
        seen["stood"] += stood
        seen["walked"] += walked
    assert all(seen.values()), seen


def test_the_trusteeship_town_has_one_size(engine: Engine, games: list[list[GameState]]) -> None:
    """'By the end there are five thousand of you' beside 'more than a thousand people by 2040'
    (round-29 Earth reader)."""
    seen = 0
    for states in games:
        last = states[-1]
        if last.scene != "end_shared_sky":
            continue
        seen += 1
        text = " ".join(engine.view(last).text.split()) + " " + _timeline(engine, last)
        assert "five thousand" not in text
    assert seen


def test_the_endings_say_whose_the_player_was(engine: Engine, games: list[list[GameState]]) -> None:
    """Two Iridium Dawn epilogues, a loyalist's and a loner's, read nearly alike, and the Engineer's
    Name never said whose Hale had been (round-29 readers): each side now has its paragraph."""
    seen = {"own": 0, "helios": 0}
    for states in games:
        last = states[-1]
        values = last.values
        text = " ".join(engine.view(last).text.split())
        if last.scene == "end_iridium":
            own = values["side"] == "own"
            # not to one who told Moscow yes (round 42)
            said_yes = bool(values["irina_deal"])
            assert ("You belonged to nobody that winter" in text) == (own and not said_yes)
            seen["own"] += own
        if last.scene == "end_fido":
            helios = values["side"] == "helios" and not values["gave_rudy"]
            assert ("Ed never thanked you for signing" in text) == helios
            seen["helios"] += helios
    assert all(seen.values()), seen


def test_the_wall_holds_differently_for_the_informer_the_loyalist_and_the_witness(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Four Earth runs met the same 'wall holds' scene nearly word for word (round-29 Earth reader):
    the informer, the loyalist whose friends are behind the hatch, and the player who told Danielle
    each see something of their own."""
    seen = {"informer": 0, "loyalist": 0, "witness": 0}
    for states in games:
        if not _seen(states, "a3_wall_holds"):
            continue
        values = states[-1].values
        text = _text(engine, states, "a3_wall_holds")
        informer = bool(values["gave_rudy"])
        loyalist = not informer and values["side"] == "helios" and values["hideout"] != "moved"
        witness = not informer and not loyalist and bool(values["told_danielle"])
        assert ("he turns away from you before he turns away from Kessler" in text) == informer
        assert ("Ed's face shows at the port" in text) == loyalist
        assert ("puts it away in the marines' document case, unopened" in text) == witness
        seen["informer"] += informer
        seen["loyalist"] += loyalist
        seen["witness"] += witness
    assert all(seen.values()), seen


# -- round 30 (readers e30, m30) and audit w ------------------------------------------------------


def test_lee_and_danielle_answer_the_night_at_the_hatch(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A player who warned the hideout and stood at Lee's hatch was told at T-9h that they 'gave him
    no reason' to turn his dish, and Danielle's 'We'll talk about it' was never kept (round-30 Earth
    reader)."""
    seen = {"lee": 0, "danielle": 0}
    for states in games:
        warned = _seen(states, "a3_hideout_warned")
        values = states[-1].values
        if _seen(states, "a4_countdown") and not values["lee_promise"]:
            text = _text(engine, states, "a4_countdown")
            assert ("He owes you for the night you stood in front of his hatch" in text) == warned
            seen["lee"] += warned
        if _seen(states, "a5_poole_office"):
            text = _text(engine, states, "a5_poole_office")
            # only where she promised it: the hatch held without a shot (audit x)
            promised = warned and _seen(states, "a3_wall_holds")
            assert ("SOURCE WARNED THE HIDEOUT" in text) == promised
            seen["danielle"] += promised
    assert all(seen.values()), seen


def test_an_outsider_is_not_written_as_the_plotters_own(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A player who turned Dev down to his face and then chose to do his arithmetic without telling
    him read that 'Ed and Aleida need you to be boring' (round-30 Mars reader)."""
    seen = 0
    for states in games:
        if not (_seen(states, "a2_interview") and states[-1].values["side"] == "helios"):
            continue
        text = _text(engine, states, "a2_interview")
        outsider = _seen(states, "a1_jamestown")
        assert ("Ed and Aleida need you to be boring" in text) == (not outsider)
        seen += outsider
    assert seen


def test_the_way_the_guidance_went_in_leaves_a_mark(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Push it through in a single handshake' and 'Work it slowly' gave the same text after, in
    success and in arrest (round-30 Mars reader): the three hours of bursts are now in the room, in
    the arrest and at the inquiry."""
    seen = {"in": 0, "caught": 0, "inquiry": 0}
    for states in games:
        slow = bool(states[-1].values["slow_hack"])
        if _seen(states, "a4_in_control"):
            text = _text(engine, states, "a4_in_control")
            assert ("Twelve handshakes in three hours" in text) == slow
            seen["in"] += slow
        if _seen(states, "a4_caught"):
            text = _text(engine, states, "a4_caught")
            assert ("an hour of short handshakes in" in text) == slow  # begun at T-4h (audit y)
            seen["caught"] += slow
        if _seen(states, "a5_mars_inquiry"):
            text = _text(engine, states, "a5_mars_inquiry")
            # not from Lee's dish, whose traffic went to Pyongyang (round 32)
            logged = slow and not _seen(states, "a4_lee_dish")
            assert ("one of them circled for every table you sent" in text) == logged
            seen["inquiry"] += logged
    assert all(seen.values()), seen


# -- round 32 (readers e32, m32) and audit y ------------------------------------------------------


def test_dev_is_placed_and_danielle_keeps_the_folder(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Dev spoke 'from wherever Lee has hidden him' to a player standing in Lee's own room, and the
    Daylight epilogue gave Danielle two warm terms with no word of the mole who flew the rock past
    her (round-32 Mars reader)."""
    seen = 0
    for states in games:
        if _seen(states, "a4_in_control"):
            text = _text(engine, states, "a4_in_control")
            assert "wherever Lee has hidden him" not in text
    # seed 911, past the shared games, is a mole who reaches Daylight with Danielle's trust
    for states in [*games, play_seeded(engine, 911)]:
        last = states[-1]
        if last.scene == "end_free_mars":
            text = " ".join(engine.view(last).text.split())
            if "Danielle runs the colony for two terms" in text:
                nasa = last.values["side"] == "nasa"
                assert ("a box of matches" in text) == nasa
                seen += nasa
    assert seen


def test_danielle_knows_the_face_she_spoke_to_at_the_line(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Half an hour after asking the player how they were sleeping, Danielle 'reads the badge on
    your coveralls before she looks at your face' (round-33 Earth reader); and a loner sat under the
    title 'The loyal engineer' at the Earth inquiry."""
    seen = {"badge": 0, "own": 0}
    for states in games:
        if _seen(states, "a3_wall_holds"):
            text = _text(engine, states, "a3_wall_holds")
            # session 19 (audit ee): she looks at the badge and then the face, checking they match
            if "She looks at the badge on your coveralls" in text:
                assert not _seen(states, "a3_danielle_line")
                seen["badge"] += 1
        if _seen(states, "a5_earth_inquiry") and states[-1].values["side"] == "own":
            view = engine.view(next(s for s in states if s.scene == "a5_earth_inquiry"))
            assert view.title == "Nobody's engineer"
            seen["own"] += 1
    assert all(seen.values()), seen


def test_the_loyalist_via_jamestown_told_them_in_february(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A Helios plotter who first turned Dev down and drove to Jamestown 'threw in with all three of
    them in January' at the inquiry, though act 2 says nobody behind the hatch knew yet; round 33
    and audits z and aa pulled the line both ways. Both halves are now said."""
    seen = 0
    for states in games:
        values = states[-1].values
        if not (_seen(states, "a5_earth_inquiry") and values["side"] == "helios"):
            continue
        text = _text(engine, states, "a5_earth_inquiry")
        # told only where they met at the hideout in February (audit bb)
        late = _seen(states, "a1_jamestown") and _seen(states, "a2_hideout")
        assert ("heard your yes in February, after your no in January" in text) == late
        seen += late
    assert seen


def test_a_refused_tape_is_not_given_away_offscreen(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A player who refused to give the committee the tape read in the timeline that Hale gave it to
    a historian in 2031, costing Tarasova, their Trusteeship ally, her pension (round-34 Earth
    reader): on those routes it stays in a drawer."""
    seen = 0
    for states in games:
        last = states[-1]
        values = last.values
        if last.scene not in ("end_rosales", "end_shared_sky") or not values["evidence"]:
            continue
        if values["tape_in_court"]:
            continue
        timeline = _timeline(engine, last)
        assert "gave a historian" not in timeline
        assert "unlabelled at the back of a desk drawer" in timeline
        seen += 1
    assert seen


def test_the_night_desk_is_in_houston_in_the_timeline_too(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Stopped at the Hatch: a player who took the night desk in Houston read the Houston epilogue
    and a timeline that sent them to Denver (audit bb)."""
    seen = 0
    for states in games:
        last = states[-1]
        if last.scene != "end_detained" or last.values["coda"] != "leave":
            continue
        timeline = _timeline(engine, last)
        assert "went to work nights at the Houston relay" in timeline
        assert "took a job in Denver" not in timeline
        seen += 1
    assert seen
