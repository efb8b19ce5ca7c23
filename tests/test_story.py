"""The shipped story, held to what the story issue promises a player."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from jinja2 import nodes

from game.engine import Engine, GameState, load_story
from game.engine.expressions import parse_expression, parse_template
from game.engine.model import Effects, Story

SCENES = Path(__file__).resolve().parent.parent / "scenes"


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(SCENES)


@pytest.fixture(scope="module")
def engine(story: Story) -> Engine:
    return Engine(story)


def words(text: str) -> int:
    prose = re.sub(r"\{[%#].*?[%#]\}", " ", text, flags=re.DOTALL)
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’-]*", prose))


def play(engine: Engine, seed: int, pick: str) -> GameState:
    """Play to an ending with a simple policy: 'first', 'last', or 'cycle' over enabled choices."""
    state = engine.new_game(seed=seed)
    for turn in range(300):
        view = engine.view(state)
        if view.ending is not None:
            return state
        enabled = [c.number - 1 for c in view.choices if c.enabled]
        index = {"first": 0, "last": -1, "cycle": turn % len(enabled)}[pick]
        if pick == "cycle":
            index = (turn + seed) % len(enabled)
        state = engine.choose(state, enabled[index])
    raise AssertionError(f"no ending after 300 choices (seed {seed}, {pick})")


def test_the_story_is_a_novella_not_a_demo(story: Story) -> None:
    total = sum(words(scene.text) for scene in story.scenes.values())
    assert len(story.scenes) >= 50
    assert len(story.endings) >= 9
    assert total >= 18_000


def test_every_ending_family_is_there(story: Story) -> None:
    kinds = defaultdict(int)
    for ending in story.endings.values():
        kinds[ending.kind] += 1
    assert kinds["mars"] >= 2 and kinds["earth"] >= 2 and kinds["failure"] >= 2


def _names_read(story: Story) -> set[str]:
    read: set[str] = set()
    sources: list[tuple[str, bool]] = []
    for scene in story.scenes.values():
        sources += [(scene.text, False), (scene.title, False)]
        for choice in scene.choices:
            sources += [(choice.label, False)]
            sources += [(c, True) for c in (choice.if_, choice.enabled_if) if c]
            sources += [
                (o.weight, True) for o in choice.outcomes or [] if isinstance(o.weight, str)
            ]
    for item in story.manifest.consequences:
        sources += [(item.text, False)] + ([(item.if_, True)] if item.if_ else [])
    for source, is_expression in sources:
        tree = parse_expression(source) if is_expression else parse_template(source)
        read |= {n.name for n in [tree, *tree.find_all(nodes.Name)] if isinstance(n, nodes.Name)}
    return read


def _names_set(story: Story) -> set[str]:
    effects: list[Effects] = []
    for scene in story.scenes.values():
        effects.append(scene.on_enter)
        for choice in scene.choices:
            effects.append(choice.effects)
            effects += [o.effects for o in choice.outcomes or []]
    return {name for e in effects for name in (*e.set_, *e.add)}


def test_at_least_ten_variables_are_each_set_somewhere_and_read_elsewhere(story: Story) -> None:
    both = _names_read(story) & _names_set(story) & set(story.variables)
    assert len(both) >= 10, sorted(both)


def test_earlier_choices_close_doors_with_a_reason(story: Story) -> None:
    gated = [
        (scene_id, choice.label)
        for scene_id, scene in story.scenes.items()
        for choice in scene.choices
        if choice.enabled_if and choice.disabled_reason
    ]
    assert len(gated) >= 4


def test_randomness_only_where_the_story_needs_risk(story: Story) -> None:
    """Dice only at the raid, on the night of the burn and at the console: the call to Danielle
    and, when she refuses it, the drive out to her (session 22) are the same night's risk."""
    random_scenes = {
        scene_id
        for scene_id, scene in story.scenes.items()
        if any(choice.outcomes for choice in scene.choices)
    }
    assert random_scenes == {"a3_the_hatch", "a4_countdown", "a4_danielle_refuses", "a4_the_hack"}
    for scene_id in random_scenes:
        weights = [o.weight for c in story.scenes[scene_id].choices for o in c.outcomes or []]
        assert any(isinstance(w, str) for w in weights), f"{scene_id}: odds no stat can move"


@pytest.mark.parametrize("seed", range(1, 9))
def test_always_picking_the_first_choice_reaches_an_ending(engine: Engine, seed: int) -> None:
    assert engine.is_over(play(engine, seed, "first"))


def test_different_walks_reach_different_endings(engine: Engine) -> None:
    endings = set()
    for seed in range(40):
        for pick in ("first", "last", "cycle"):
            state = play(engine, seed, pick)
            endings.add(engine.story.scenes[state.scene].end)
    assert len(endings) >= 5, endings


def test_no_ending_comes_in_fewer_than_ten_choices_except_early_failures(engine: Engine) -> None:
    for seed in range(60):
        for pick in ("first", "last", "cycle"):
            state = play(engine, seed, pick)
            ending = engine.story.endings[engine.story.scenes[state.scene].end or ""]
            if ending.kind != "failure":
                assert state.turn >= 10, (seed, pick, state.turn)


def test_the_same_ending_by_different_paths_has_a_different_timeline(engine: Engine) -> None:
    timelines: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for seed in range(60):
        for pick in ("first", "last", "cycle"):
            view = engine.view(play(engine, seed, pick))
            assert view.ending is not None
            timelines[view.ending.id].add(tuple(c.text for c in view.ending.consequences))
            years = {c.year for c in view.ending.consequences}
            assert "2003" in years and "2012" in years, view.ending.id
    assert any(len(variants) >= 2 for variants in timelines.values())


def test_check_finds_nothing_wrong_and_reaches_everything() -> None:
    import json
    import subprocess
    import sys

    result = subprocess.run(
        [
            *(sys.executable, "-m", "game", "check", str(SCENES)),
            *("--exhaustive", "--json", "--random", "200"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["errors"] == [] and report["warnings"] == []
    assert report["complete"] is True
    assert report["reachable_scenes"] == report["scenes"]
    assert report["reachable_endings"] == report["endings"]
    assert sum(report["ending_frequency"].values()) == 200
