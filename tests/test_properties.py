"""Random walks never crash, keep every variable in bounds, and replay the same from a seed."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import STARTER
from game.engine import Engine, GameState, load_story
from game.engine.model import Story

SHIPPED = Path(__file__).resolve().parent.parent / "scenes"


def walk(engine: Engine, seed: int, picks: list[int]) -> tuple[GameState, list[str]]:
    """Play picks (each taken modulo the enabled choices) until an ending or picks run out."""
    state = engine.new_game(seed=seed)
    scenes = [state.scene]
    for pick in picks:
        view = engine.view(state)
        if view.ending is not None:
            break
        enabled = [c for c in view.choices if c.enabled]
        state = engine.choose(state, enabled[pick % len(enabled)].number - 1)
        scenes.append(state.scene)
        assert_in_bounds(engine.story, state)
    return state, scenes


def assert_in_bounds(story: Story, state: GameState) -> None:
    for name, value in state.variables:
        var = story.variables[name]
        assert type(value) is type(var.initial)
        if var.min is not None:
            assert isinstance(value, int) and value >= var.min
        if var.max is not None:
            assert isinstance(value, int) and value <= var.max
        if var.values is not None:
            assert value in var.values


def synthetic_story(tmp: Path, size: int, seed: int) -> Path:
    """A generated story of `size` scenes with conditions, effects and random outcomes."""
    import random

    rng = random.Random(seed)
    (tmp / "story.yaml").write_text(
        "title: Generated\nstart: s0\nvars:\n"
        "  a: {initial: 0, min: 0, max: 5}\n  b: {initial: 3, min: -2, max: 4}\n"
        "  f: {initial: false}\nendings:\n  e1: {title: One}\n  e2: {title: Two}\n"
    )
    lines = []
    for i in range(size):
        lines.append(
            f"s{i}:\n  title: Scene {i}\n  text: 'a={{{{ a }}}} b={{{{ b }}}}'\n  choices:"
        )
        later = [j for j in range(i + 1, size)] or [size]
        targets = [f"s{rng.choice(later)}" if later[0] < size else "end1" for _ in range(3)]
        lines.append(f"    - {{label: Go, goto: {targets[0]}, add: {{a: {rng.randint(-3, 3)}}}}}")
        lines.append(
            f"    - {{label: Maybe, goto: {targets[1]}, enabled_if: 'a > {rng.randint(0, 4)}', "
            f"add: {{b: {rng.randint(-3, 3)}}}, set: {{f: true}}}}"
        )
        lines.append(
            "    - label: Chance\n      if: 'not f or b > 0'\n      outcomes:\n"
            f"        - {{weight: 'a + 1', goto: {targets[2]}, add: {{b: 5}}}}\n"
            "        - {weight: 1, goto: end2}"
        )
    lines.append("end1:\n  title: End one\n  end: e1\nend2:\n  title: End two\n  end: e2\n")
    (tmp / "scenes.yaml").write_text("\n".join(lines) + "\n")
    return tmp


STARTER_ENGINE = Engine(load_story(STARTER))
picks = st.lists(st.integers(min_value=0, max_value=8), max_size=40)


@given(seed=st.integers(min_value=0, max_value=2**31), picks=picks)
def test_random_walks_on_the_starter_story_stay_in_bounds(seed: int, picks: list[int]) -> None:
    walk(STARTER_ENGINE, seed, picks)


@given(seed=st.integers(min_value=0, max_value=2**31), picks=picks)
def test_walks_replay_identically_from_the_same_seed(seed: int, picks: list[int]) -> None:
    first = walk(STARTER_ENGINE, seed, picks)
    second = walk(STARTER_ENGINE, seed, picks)
    assert first[1] == second[1]
    assert first[0] == second[0]
    assert first[0].history == second[0].history


@given(seed=st.integers(min_value=0, max_value=2**31), picks=picks)
def test_undo_all_the_way_back_gives_the_start(seed: int, picks: list[int]) -> None:
    state, _ = walk(STARTER_ENGINE, seed, picks)
    while state.history:
        state = STARTER_ENGINE.undo(state)
    assert state == STARTER_ENGINE.new_game(seed=seed)


@settings(max_examples=25, deadline=None)
@given(
    story_seed=st.integers(min_value=0, max_value=10_000),
    size=st.integers(min_value=1, max_value=12),
    seed=st.integers(min_value=0, max_value=2**31),
    picks=picks,
)
def test_random_walks_on_generated_stories_never_crash(
    story_seed: int, size: int, seed: int, picks: list[int]
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        engine = Engine(load_story(synthetic_story(Path(tmp), size, story_seed)))
        first = walk(engine, seed, picks)
        again = walk(engine, seed, picks)
        assert (again[0], again[1]) == (first[0], first[1])


def shipped_engine() -> Engine | None:
    try:
        return Engine(load_story(SHIPPED))
    except Exception:
        return None


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**31), picks=st.lists(st.integers(0, 8), max_size=80)
)
def test_random_walks_on_the_shipped_story_stay_in_bounds(seed: int, picks: list[int]) -> None:
    engine = SHIPPED_ENGINE
    assert engine is not None, "the shipped story must load"
    state, _ = walk(engine, seed, picks)
    replay, _ = walk(engine, seed, picks)
    assert replay == state


SHIPPED_ENGINE = shipped_engine()
