"""Session 15: what the round-14 readers and the Mars-route audit found, each checked on a path that
used to show it (seeded random games, as in the s12 to s14 files)."""

from __future__ import annotations

import re

from game.engine import Engine, GameState, Story
from tests.test_story_continuity import SCENES, engine, story, text_at
from tests.test_story_continuity_s12 import _first, _seen, games

__all__ = ["engine", "games", "story"]  # the fixtures, shared


def _last_paragraph(engine: Engine, state: GameState) -> str:
    paragraphs = [p for p in engine.view(state).text.split("\n\n") if p.strip()]
    return " ".join(paragraphs[-1].split())


def test_the_two_denver_codas_close_on_different_beats(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Both failure endings' Denver codas closed on Alex visiting in 2019 (round 13)."""
    closing: dict[str, set[str]] = {"end_detained": set(), "end_caught": set()}
    for states in games:
        last = states[-1]
        if last.scene in closing and last.values["coda"] == "stay":
            closing[last.scene].add(_last_paragraph(engine, last))
    assert closing["end_detained"] and closing["end_caught"]
    detained = " ".join(closing["end_detained"])
    assert "2019" not in detained and "Alex" not in detained
    assert "storm" in detained  # the forecast the 2012 scene said no life turned on
    assert not closing["end_detained"] & closing["end_caught"]


def test_alex_in_2012_is_not_one_line_in_every_mars_epilogue(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'He had not worn leg braces since he was five' closed the same 2012 item in every Mars
    ending (round 13). Since session 31 (round 65) a Mars timeline gives Alex an entry only in
    helios_fall, where Dev's plea (the miners' clause or its absence) set his pay; the 2012 scene
    still shows him in every Mars run, and the cycler keeps its own line."""
    lines: dict[str, str] = {}
    for states in games:
        last = states[-1]
        if last.values["destination"] not in ("mars", "cycler"):
            continue
        view = engine.view(last)
        assert view.ending is not None
        alex = [
            " ".join(c.text.split())
            for c in view.ending.consequences
            if c.text.startswith(("Alex", "At sixteen Alex", "A Soviet journal printed"))
            or c.text.startswith("Helios's auditors queried Alex's pay")
        ]
        if last.scene in ("end_helios_fall", "end_cycler"):
            assert len(alex) == 1, last.scene
            lines.setdefault(last.scene, alex[0])
        else:
            assert alex == [], last.scene
    assert set(lines) == {"end_helios_fall", "end_cycler"}
    assert len(set(lines.values())) == len(lines)


def test_no_two_endings_share_a_visit_year() -> None:
    """Four endings each had someone 'come once, in 2019' (round 13)."""
    text = (SCENES / "act6_after.yaml").read_text(encoding="utf-8")
    years = re.findall(r"comes [^.]*?once, in (\d{4})", text)
    assert len(years) >= 2
    assert len(years) == len(set(years)), years


def _flat(text: str) -> str:
    return " ".join(text.split())


def _after(states: list[GameState], scene: str) -> GameState:
    """The state just after the player's choice at `scene`."""
    index = next(i for i, s in enumerate(states) if s.scene == scene)
    return states[index + 1]


def test_the_drills_the_player_let_through_stand_at_the_hatch(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Let them bring the drills' changed nothing after its reply (round 14)."""
    seen = {True: 0, False: 0}
    for states in games:
        if not _seen(states, "a3_miners_gather") or not _seen(states, "a3_the_hatch"):
            continue
        drills = bool(states[-1].values["drills"])
        hatch = text_at(engine, states, "a3_the_hatch")
        assert ("The drill trolley stands at the front of them" in hatch) == drills
        seen[drills] += 1
    assert seen[True] and seen[False]


def test_sato_s_table_answers_each_choice(engine: Engine, games: list[list[GameState]]) -> None:
    """The three choices at Sato's table read the same afterwards (round 14)."""
    replies = set()
    for states in games:
        if _seen(states, "a2_jamestown_plans"):
            replies.add(_flat(engine.view(_after(states, "a2_jamestown_plans")).reply))
    assert len(replies) == 3 and "" not in replies


def test_kelly_already_told_is_asked_to_stay_clear_and_answers(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Keep Kelly out of it' offered to a player who had told her in January, who then heard
    her call from the comms centre anyway (round 14)."""
    told = _first(
        games,
        lambda s: (
            _seen(s, "a2_kelly_manifest")
            and any(x.scene == "a2_kelly_manifest" and x.values["kelly_knows"] for x in s)
        ),
    )
    manifest = next(s for s in told if s.scene == "a2_kelly_manifest")
    labels = [c.label for c in engine.view(manifest).choices]
    assert "Ask Kelly to stay clear of it" in labels
    assert "Keep Kelly out of it, for her sake" not in labels
    stay_clear = engine.choose(manifest, labels.index("Ask Kelly to stay clear of it"))
    assert "You don't get a vote" in _flat(engine.view(stay_clear).reply)


def test_the_weeks_after_the_raid_read_differently_by_side(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The Morning after was 80% one text for the plotter, the mole and the loner (round 14)."""
    marks = {
        "helios": "through the boxes about the third decimal place",
        "nasa": "is it still the night of the eighth? It is still the night of the eighth.",
        "own": "the page with the three columns at the back of your drawer",
    }
    found = set()
    for states in games:
        if not _seen(states, "a3_aftermath"):
            continue
        side = str(states[-1].values["side"])
        text = text_at(engine, states, "a3_aftermath")
        for other, mark in marks.items():
            assert (mark in text) == (other == side), (side, other)
        found.add(side)
    assert found == set(marks)


def test_lines_round_fourteen_found_untrue(story: Story) -> None:
    flat = {k: _flat(s.text) for k, s in story.scenes.items()}
    # a player who stayed on Mars until 2012 had no place set for them in Houston in 2006
    assert "started setting a place" not in flat["end_iridium"]
    assert "when you landed in 2012 there was a place set for you" in flat["end_iridium"]
    # Ed heard some players tell Dev they were in; others never went back to Dev at all (audit i);
    # he was at the window for every answer given in the pitch (round 18), but a player who asked
    # for a night gave none (round 19), and Dev never asked 'whose' (round 20): Ed names the pitch,
    # and since round 29 not an answer, which the player who asked for a night never gave
    assert "gave Dev your answer" not in flat["a4_countdown"]
    assert "heard what you had to say" not in flat["a4_countdown"]
    # Ed heard the yes at that window, or the question (round 48)
    assert "I was at Dev's window in January when {{ 'you told him yes'" in flat["a4_countdown"]
    # Danielle's 'storeroom' before anyone had named one
    reply = _flat(story.scenes["a2_danielle_office"].choices[0].reply or "")
    assert "behind that hatch" in reply and "storeroom" not in reply
    # the Mars audit: the film was in a Mars locker while its owner was in prison
    timeline = _flat(" ".join(c.text for c in story.manifest.consequences))
    assert "that had been kept since 2003" in timeline
    assert "what Hale had let Dev sign away" in timeline


def test_every_side_chosen_in_january_is_answered(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Only the Danielle choice had a reply at 'Whose arithmetic' (round 15)."""
    replies: dict[str, set[str]] = {}
    for states in games:
        after = _after(states, "a1_commit")
        replies.setdefault(str(after.values["side"]), set()).add(_flat(engine.view(after).reply))
    assert set(replies) == {"helios", "nasa", "own"}
    for side, texts in replies.items():
        assert "" not in texts, side


def test_the_loner_at_nine_hours_has_had_aleidas_card(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'No one has sent you anything today' came a scene after Aleida's card (round 15)."""
    states = _first(games, lambda s: _seen(s, "a4_countdown") and s[-1].values["side"] == "own")
    text = text_at(engine, states, "a4_countdown")
    assert "Apart from Aleida's card this morning" in text
    assert "No one has sent you anything today" not in text


def test_the_galley_does_not_cheer_an_informer(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """A player whose name is on the Sump ladder was toasted in the galley (round 15)."""
    checked = 0
    for states in games:
        if not _seen(states, "a5_mars_inquiry") or not states[-1].values["told_galley"]:
            continue
        reply = _flat(engine.view(_after(states, "a4_burn_mars")).reply)
        informer = bool(states[-1].values["gave_rudy"])
        assert ("Nobody thanks you" in reply) == informer
        assert ("tell it to anyone who will listen" in reply) != informer
        checked += 1
    assert checked


def test_danielle_on_the_couch_does_not_also_post_photographs(
    engine: Engine, games: list[list[GameState]]
) -> None:
    for states in games:
        if not _seen(states, "a6_2012_mars"):
            continue
        values = states[-1].values
        text = text_at(engine, states, "a6_2012_mars")
        if "at the other end of the couch" in text:
            assert "Now and then a photograph comes" not in text
        if values["raid_hurt"] == "danielle" and values["blamed"] == "you":
            assert "She writes that it tells her" not in text


def test_the_mars_inquiry_credits_a_player_who_drew_no_door(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Mark the section, not the room' was never remembered (round 15)."""
    seen = set()
    for states in games:
        if not _seen(states, "a5_mars_inquiry"):
            continue
        text = text_at(engine, states, "a5_mars_inquiry")
        if "In February you sat at Sato's table" not in text:
            continue
        marked = bool(states[-1].values["marked_room"])
        assert ("would not draw her a door" in text) != marked
        seen.add(marked)
    assert seen == {True, False}


def test_lines_round_sixteen_found_untrue(story: Story) -> None:
    flat = {k: _flat(s.text) for k, s in story.scenes.items()}
    # Lee's dish offered in prose right after it was ruled out
    # ... (session 29: written by side, each refusal ending on the one dish that is left)
    countdown = flat["a4_countdown"]
    refusals = [m.start() for m in re.finditer("dish stays on the Pyongyang relay", countdown)]
    assert len(refusals) == 3
    for ruled_out in refusals:
        refusal = countdown[ruled_out : countdown.index("That leaves the", ruled_out)]
        assert "with only Lee" not in refusal and "Lee's dish would mean" not in refusal
    # Danielle, two weeks out of surgery, is not said to snub a caught mole
    assert "Danielle can't come; she is a day out of her second operation." in flat["a4_custody"]
    # Aleida's numbered message at the end of Rosales: she did write, once
    assert "She never writes" not in flat["end_rosales"]
    # the pronoun in Margo's handshake is Margo's
    assert "the half of the handshake Margo wrote" in flat["a4_the_hack"]
    # a player who turned Dev down is not told Dev has had their yes since the rover
    reply = _flat(story.scenes["a1_commit"].choices[0].reply or "")
    assert "{% elif visited('a1_jamestown') %}You don't call Dev." in reply


def test_the_informer_is_looked_at_in_the_antenna_room(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """The plotters knew the player had given Danielle the key or the section, and sat down with
    them without a word (round 16)."""
    checked = 0
    for states in games:
        hack = [s for s in states if s.scene == "a4_the_hack"]
        if not hack:
            continue
        values = hack[0].values
        text = _flat(engine.view(hack[0]).text)
        known = bool(values["key_to_danielle"] or values["told_danielle"])
        assert ("Aleida looks at you once" in text) == known
        checked += known
    assert checked


def test_ed_thanks_only_a_plotter_who_did_not_go_to_danielle(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Ed owed a drink to a Helios plotter who had spent the raid on Danielle's side (round 16), or
    who had sat at Sato's table while she drew the plan he names at T-9h (round 26)."""
    seen = set()
    for states in games:
        if states[-1].values["side"] != "helios" or not _seen(states, "a3_aftermath"):
            continue
        text = text_at(engine, states, "a3_aftermath")
        with_danielle = _seen(states, "a3_danielle_line") or states[-1].values["told_danielle"]
        assert ("he owes you a drink" in text) != with_danielle
        seen.add(with_danielle)
    assert seen == {True, False}


def test_the_contraction_flights_are_dated_2005_in_the_timeline(story: Story) -> None:
    item = next(
        c
        for c in story.manifest.consequences
        if "Kelly and Alex came down on the contraction flights of 2005" in c.text
    )
    assert item.year == 2005


def test_danielle_s_promise_at_the_ramp_is_kept_in_2012(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """'Ask Danielle to keep an eye on Kelly and Alex' was never heard of again (round 16)."""
    marks = (
        "Sato's Christmas letters still carry a line about Alex's marks",
        "because at the foot of a ramp you asked her to keep an eye on him",
        "handed your promise about Kelly and Alex to Sato",
    )
    asked_seen = 0
    for states in games:
        if not _seen(states, "a6_2012_mars"):
            continue
        asked = False
        if _seen(states, "a5_your_statement"):
            reply = _flat(engine.view(_after(states, "a5_your_statement")).reply)
            asked = "Already was" in reply or "I'm on the May transfer" in reply
        text = text_at(engine, states, "a6_2012_mars")
        assert any(m in text for m in marks) == asked
        asked_seen += asked
    assert asked_seen


def test_lines_round_seventeen_found_untrue(story: Story) -> None:
    flat = {k: _flat(s.text) for k, s in story.scenes.items()}
    timeline = _flat(" ".join(c.text for c in story.manifest.consequences))
    # the trusteeship's colony: five thousand in the coda, so not 'about a thousand' beside it
    assert "kept its colony at about a thousand people" not in timeline
    # the plotters came up from where they were hiding, never from the Sump
    assert "else 'the Sump' }} at dusk" not in flat["a4_the_hack"]
    # Aleida's look names nothing Ed said only to a Helios plotter
    assert "whose pencil Ed has been talking about" not in flat["a4_the_hack"]
    # the spin rate and the minutes per revolution agree (half a degree a second: twelve minutes)
    assert "The rate reads half a degree." in flat["a4_botched"]
    # a kept note was behind the badge, not in the locker
    assert "graph paper from behind your badge" in flat["a2_hideout"]
    # a mole Danielle has been running by phone for a month is not read off a badge
    # (and since round 31 is not told to 'call it in first' after doing what she asked at the line)
    assert (
        "{% elif side == 'nasa' %}\"That could have gone the other way, Hale,\""
        in flat["a3_wall_holds"]
    )


def test_alex_comes_off_the_shuttle_differently_in_each_mars_2012(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Alex's arrival and Kelly's braces were one paragraph in every Mars 2012 (round 17)."""
    texts: dict[str, str] = {}
    for states in games:
        blamed = str(states[-1].values["blamed"])
        if _seen(states, "a6_2012_mars") and blamed not in texts:
            texts[blamed] = text_at(engine, states, "a6_2012_mars")
    assert len(texts) == 4, sorted(texts)
    assert sum("works the ore lifts on the station ten days up" in t for t in texts.values()) <= 1
    assert sum("braces in a box under her bunk" in t for t in texts.values()) <= 2


def test_oksana_has_a_fate_on_the_mars_and_cycler_lines(
    engine: Engine, games: list[list[GameState]]
) -> None:
    """Only the Earth endings said what became of Oksana (round 18)."""
    seen = set()
    for states in games:
        last = states[-1]
        if last.values["destination"] in ("mars", "cycler"):
            view = engine.view(last)
            assert view.ending is not None
            timeline = " ".join(c.text for c in view.ending.consequences)
            assert "Oksana Belova" in timeline, last.scene
            seen.add(last.scene)
    assert {"end_fido", "end_madison", "end_cycler"} <= seen
