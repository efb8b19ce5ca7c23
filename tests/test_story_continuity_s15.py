"""Session 15: what the round-14 readers and the Mars-route audit found, each checked on a path that
used to show it (seeded random games, as in the s12 to s14 files)."""

from __future__ import annotations

import re

from game.engine import Engine, GameState
from tests.test_story_continuity import SCENES, engine, story
from tests.test_story_continuity_s12 import games

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
    ending (round 13)."""
    lines: dict[str, str] = {}
    for states in games:
        last = states[-1]
        if last.values["destination"] in ("mars", "cycler") and last.scene not in lines:
            view = engine.view(last)
            assert view.ending is not None
            alex = [c.text for c in view.ending.consequences if c.text.startswith("Alex")]
            assert len(alex) == 1, last.scene
            lines[last.scene] = " ".join(alex[0].split())
    assert {"end_fido", "end_free_mars", "end_madison", "end_helios_fall"} <= set(lines)
    assert len(set(lines.values())) == len(lines)


def test_no_two_endings_share_a_visit_year() -> None:
    """Four endings each had someone 'come once, in 2019' (round 13)."""
    text = (SCENES / "act6_after.yaml").read_text(encoding="utf-8")
    years = re.findall(r"comes [^.]*?once, in (\d{4})", text)
    assert len(years) >= 2
    assert len(years) == len(set(years)), years
