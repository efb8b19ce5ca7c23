"""The shipped story's balance: what `goldilocks check`'s random playthroughs reach, and what a
player who steers for one world at every turn reaches (the story issue's 'every ending earned')."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from game.engine import Engine, GameState, load_story
from game.engine.model import Choice, Story

SCENES = Path(__file__).resolve().parent.parent / "scenes"

# What a player steering for one world values in a choice's effects: the stats that make the
# hack or the handover possible, and never a line that sends the rock the other way.
LEANINGS = {
    "mars": {"access": 3, "trust_helios": 2, "miners": 1, "suspicion": -2},
    "earth": {"danielle_trust": 3, "suspicion": -2},
}


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(SCENES)


def steer_score(choice: Choice, world: str) -> int:
    """How much a player who wants the rock at `world` likes this choice (ties broken at random)."""
    score = 0
    effects = [(choice.set_, choice.add)]
    destination = choice.set_.get("destination")
    if destination is not None:
        score += 100 if destination == world else -100
    if choice.goto is not None and choice.goto in ("a2_detained",):
        score -= 50
    if world == "mars" and choice.set_.get("own_model"):
        score += 3
    for _, add in effects:
        score += sum(LEANINGS[world].get(name, 0) * amount for name, amount in add.items())
    return score


def steer(engine: Engine, seed: int, world: str) -> GameState:
    """Play to an ending, at every turn taking the enabled choice that best serves `world`."""
    picker = random.Random(seed)
    state = engine.new_game(seed=seed)
    for _ in range(200):
        view = engine.view(state)
        if view.ending is not None:
            return state
        visible = engine.visible_choices(state)
        options = [
            (steer_score(choice, world), picker.random(), number)
            for number, ((_, choice), shown) in enumerate(zip(visible, view.choices, strict=True))
            if shown.enabled
        ]
        state = engine.choose(state, max(options)[2])
    raise AssertionError(f"no ending after 200 choices (seed {seed})")


@pytest.mark.parametrize("world", ["mars", "earth"])
def test_a_player_who_steers_for_one_world_gets_there_at_least_half_the_time(
    story: Story, world: str
) -> None:
    engine = Engine(story)
    kinds = Counter()
    for seed in range(20):
        state = steer(engine, seed, world)
        ending = story.scenes[state.scene].end
        assert ending is not None
        kinds[story.endings[ending].kind] += 1
    assert kinds[world] >= 10, f"steering for {world}: {dict(kinds)} over 20 seeds"


def test_random_playthroughs_spread_over_mars_earth_and_failure(story: Story) -> None:
    """`goldilocks check`'s 1,000 random playthroughs: each family between 15% and 50%."""
    run = subprocess.run(
        [sys.executable, "-m", "game", "check", str(SCENES), "--json", "--random", "1000"],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(run.stdout)
    families = Counter()
    for ending, count in report["ending_frequency"].items():
        families[story.endings[ending].kind] += count
    total = sum(families.values())
    assert total == 1000
    for kind in ("mars", "earth", "failure"):
        share = families[kind] / total
        assert 0.15 <= share <= 0.50, (
            f"{kind} takes {share:.1%} of random playthroughs: {dict(families)}"
        )
