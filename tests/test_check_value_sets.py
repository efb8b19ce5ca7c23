"""The value-set analysis: a sound over-approximation, so what it rules out never happens."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import StoryErrors, load_story
from game.tools.explore import Explorer
from game.tools.value_sets import value_sets

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
STORIES = [
    FIXTURES / name
    for name in (
        "starter",
        "lint_clean",
        "lint_conditions",
        "lint_template",
        "lint_reach",
        "lint_visits",
        "lint_loop",
        "lint_duplicate",
        "lint_variables",
    )
]


@pytest.mark.parametrize("folder", STORIES, ids=lambda p: p.name)
def test_everything_play_can_do_the_value_sets_allow(folder: Path) -> None:
    story = load_story(folder)
    explorer = Explorer(story)
    explorer.explore()
    assert explorer.complete
    sets = value_sets(story)
    assert explorer.reached_scenes() <= sets.reached()
    for place, seen in explorer.seen.conditions.items():
        assert seen <= sets.conditions[place], place
    for place, seen in explorer.seen.branches.items():
        assert seen <= sets.branches[place], place
    assert explorer.taken_edges() <= sets.taken


@pytest.mark.parametrize("folder", STORIES, ids=lambda p: p.name)
def test_on_small_stories_the_value_sets_are_exact_about_scenes(folder: Path) -> None:
    story = load_story(folder)
    explorer = Explorer(story)
    explorer.explore()
    assert value_sets(story).reached() == explorer.reached_scenes()


def test_a_scene_behind_a_condition_that_never_holds_is_not_reached() -> None:
    sets = value_sets(load_story(FIXTURES / "lint_reach"))
    assert sets.reached() == {"start", "home"}
    assert sets.conditions[("start", ("choices", 1, "if"))] == {False}


def test_numbers_follow_adds_and_clamping() -> None:
    sets = value_sets(load_story(FIXTURES / "lint_softlock"))
    assert sets.at["pad"]["fuel"] == frozenset({0, 1})
    assert sets.conditions[("pad", ("choices", 0, "enabled_if"))] == {True, False}


def test_helpers_such_as_visits_make_a_condition_go_either_way() -> None:
    sets = value_sets(load_story(FIXTURES / "lint_visits"))
    assert sets.conditions[("phone", ("choices", 0, "if"))] == {True, False}


def test_shipped_story_every_scene_is_possible() -> None:
    try:
        story = load_story(ROOT / "scenes")
    except StoryErrors:
        pytest.skip("the shipped story does not load yet")
    explorer = Explorer(story)
    explorer.explore(max_states=3_000)
    sets = value_sets(story)
    assert explorer.reached_scenes() <= sets.reached()
    for place, seen in explorer.seen.conditions.items():
        assert seen <= sets.conditions[place], place
