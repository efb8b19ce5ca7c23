"""The explorer: every state once, shortest paths, and random playthroughs that replay in play."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import Engine, load_story
from game.engine.paths import replay, shortest_paths
from game.tools.explore import Explorer
from game.tools.sources import helper_use

FIXTURES = Path(__file__).parent / "fixtures"
EXPLORED = ["starter", "lint_clean", "lint_visits", "lint_loop", "lint_template", "lint_reach"]


def explored(name: str, **kwargs: int) -> Explorer:
    explorer = Explorer(load_story(FIXTURES / name))
    explorer.explore(**kwargs)
    return explorer


def write_story(folder: Path, scenes: str, vars_: str = "{}") -> Path:
    folder.mkdir()
    (folder / "story.yaml").write_text(
        f"title: T\nstart: a\nvars: {vars_}\nendings: {{done: {{title: Done}}}}\n"
    )
    (folder / "scenes.yaml").write_text(scenes)
    return folder


@pytest.mark.parametrize("name", EXPLORED)
def test_shortest_paths_agree_with_the_engine_paths(name: str) -> None:
    explorer = explored(name)
    assert explorer.shortest_paths() == shortest_paths(explorer.engine)


@pytest.mark.parametrize("name", EXPLORED)
def test_each_shortest_path_replays_to_its_scene(name: str) -> None:
    explorer = explored(name)
    for scene_id, path in explorer.shortest_paths().items():
        assert replay(explorer.engine, path).scene == scene_id


@pytest.mark.parametrize("name", EXPLORED)
def test_every_edge_is_what_the_engine_does(name: str) -> None:
    """The explorer takes the engine's transition without re-checking the choice: it must land
    exactly where `Engine.choose_outcome` does."""
    explorer = explored(name)
    engine = explorer.engine
    for node in explorer.nodes:
        for edge in node.edges or ():
            if edge.step.outcome is None:
                after = engine.choose(node.state, edge.step.choice)
            else:
                after = engine.choose_outcome(node.state, edge.step.choice, edge.step.outcome)
            assert explorer.normalize(after) == explorer.nodes[edge.target].state


def test_states_that_differ_only_in_history_are_merged(tmp_path: Path) -> None:
    story = write_story(
        tmp_path / "s",
        "a:\n  title: A\n  choices:\n    - {label: Left, goto: b}\n    - {label: Right, goto: c}\n"
        "b:\n  title: B\n  choices:\n    - {label: Onward, goto: d, add: {n: 1}}\n"
        "c:\n  title: C\n  choices:\n    - {label: Onward, goto: d, add: {n: 1}}\n"
        "d:\n  title: D\n  text: '{{ n }}'\n  choices:\n    - {label: End, goto: done}\n"
        "done:\n  title: Done\n  end: done\n",
        vars_="{n: {initial: 0}}",
    )
    explorer = Explorer(load_story(story))
    explorer.explore()
    assert [n.scene for n in explorer.nodes] == ["a", "b", "c", "d", "done"]


def test_a_variable_nothing_reads_any_more_does_not_split_states(tmp_path: Path) -> None:
    story = write_story(
        tmp_path / "s",
        "a:\n  title: A\n  text: '{% if x %}X{% endif %}'\n  choices:\n"
        "    - {label: Set it, goto: b, set: {x: true}}\n    - {label: Leave it, goto: b}\n"
        "b:\n  title: B\n  choices:\n    - {label: End, goto: done}\n"
        "done:\n  title: Done\n  end: done\n",
        vars_="{x: {initial: false}}",
    )
    explorer = Explorer(load_story(story))
    explorer.explore()
    assert explorer.relevance.live["b"] == frozenset()
    assert [n.scene for n in explorer.nodes] == ["a", "b", "done"]


def test_numbers_only_compared_merge_beyond_every_threshold(tmp_path: Path) -> None:
    """`n` is only compared with 5 after 'a', and can rise by at most 1 on the way: 0, 1 and 2
    behave alike from there on (all stay below 5), and so do 7 to 10."""
    story = write_story(
        tmp_path / "s",
        "a:\n  title: A\n  choices:\n"
        + "".join(f"    - {{label: Pick {v}, goto: b, set: {{n: {v}}}}}\n" for v in range(11))
        + "b:\n  title: B\n  choices:\n    - {label: Up, goto: c, add: {n: 1}}\n"
        "    - {label: Stay, goto: c}\n"
        "c:\n  title: C\n  choices:\n    - {label: Win, if: 'n >= 5', goto: done}\n"
        "    - {label: Lose, goto: done}\n"
        "done:\n  title: Done\n  end: done\n",
        vars_="{n: {initial: 0, min: 0, max: 10}}",
    )
    explorer = Explorer(load_story(story))
    explorer.explore()
    at_b = sorted(dict(n.state.variables)["n"] for n in explorer.nodes if n.scene == "b")
    assert at_b == [3, 4, 5, 6]
    at_c = sorted(dict(n.state.variables)["n"] for n in explorer.nodes if n.scene == "c")
    assert at_c == [4, 5, 6]
    assert explorer.seen.conditions[("c", ("choices", 0, "if"))] == {True, False}


def test_a_number_that_is_printed_is_never_merged(tmp_path: Path) -> None:
    story = write_story(
        tmp_path / "s",
        "a:\n  title: A\n  choices:\n"
        + "".join(f"    - {{label: Pick {v}, goto: b, set: {{n: {v}}}}}\n" for v in range(11))
        + "b:\n  title: B\n  text: 'n is {{ n }}'\n  choices:\n"
        "    - {label: Win, if: 'n >= 5', goto: done}\n    - {label: Lose, goto: done}\n"
        "done:\n  title: Done\n  end: done\n",
        vars_="{n: {initial: 0, min: 0, max: 10}}",
    )
    explorer = Explorer(load_story(story))
    explorer.explore()
    assert sum(1 for n in explorer.nodes if n.scene == "b") == 11


def test_visit_counts_tell_states_apart_only_when_the_story_reads_them() -> None:
    use = helper_use(load_story(FIXTURES / "lint_visits"))
    assert use.visits and use.visits_scenes == frozenset({"phone"})
    assert not helper_use(load_story(FIXTURES / "starter")).any_visits
    explorer = explored("lint_visits")
    assert explorer.complete
    counts = {dict(n.state.visits).get("phone", 0) for n in explorer.nodes}
    assert counts == {0, 1, 2, 3, 4}


def test_visited_only_keeps_whether_not_how_often(tmp_path: Path) -> None:
    story = write_story(
        tmp_path / "s",
        "a:\n  title: A\n  text: \"{% if visited('b') %}Back.{% endif %}\"\n"
        "  choices:\n    - {label: Go, goto: b}\n    - {label: Stop, goto: done}\n"
        "b:\n  title: B\n  choices:\n    - {label: Back, goto: a}\n"
        "done:\n  title: Done\n  end: done\n",
    )
    explorer = Explorer(load_story(story))
    explorer.explore()
    assert explorer.complete  # the a <-> b loop would never end if counts were kept
    assert len(explorer.nodes) == 5


def test_turn_read_by_the_story_makes_a_loop_endless(tmp_path: Path) -> None:
    story = write_story(
        tmp_path / "s",
        "a:\n  title: A\n  text: 'Turn {{ turn }}.'\n"
        "  choices:\n    - {label: Wait, goto: a}\n    - {label: Stop, goto: done}\n"
        "done:\n  title: Done\n  end: done\n",
    )
    explorer = Explorer(load_story(story))
    explorer.explore(max_states=50)
    assert helper_use(explorer.story).turn
    assert not explorer.complete


def test_outcome_of_weight_zero_is_never_explored(tmp_path: Path) -> None:
    story = write_story(
        tmp_path / "s",
        "a:\n  title: A\n  choices:\n    - label: Roll\n      outcomes:\n"
        "        - {weight: 0, goto: b}\n        - {weight: 'n', goto: done}\n"
        "b:\n  title: B\n  choices:\n    - {label: Onward, goto: done}\n"
        "done:\n  title: Done\n  end: done\n",
        vars_="{n: {initial: 2}}",
    )
    explorer = Explorer(load_story(story))
    explorer.explore()
    assert explorer.reached_scenes() == {"a", "done"}


def test_bound_stops_exploring_and_says_so() -> None:
    explorer = explored("starter", max_states=4)
    assert not explorer.complete
    assert explorer.expanded < 17


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 17, 99])
def test_random_playthrough_replays_in_play(seed: int) -> None:
    """What `check` counts is what `play --seed S --choices ...` shows."""
    explorer = explored("lint_clean")
    one = explorer.playthrough(seed)
    engine = Engine(explorer.story)
    state = engine.new_game(seed=seed)
    for pick in one.picks:
        state = engine.choose(state, pick - 1)
    assert engine.scene(state).end == one.ending


def test_random_playthroughs_are_reproducible() -> None:
    first = explored("starter").playthroughs(100, seed=3)
    second = Explorer(load_story(FIXTURES / "starter")).playthroughs(100, seed=3)
    assert first.endings == second.endings
    assert first.scenes == second.scenes


def test_random_playthroughs_follow_the_outcome_odds() -> None:
    # lint_clean: 'Roll' has weight luck (1 or 2) against 1; the charm always wins
    runs = explored("lint_clean").playthroughs(2000)
    assert sum(runs.endings.values()) == 2000
    assert 0.55 < runs.endings["win"] / 2000 < 0.8
