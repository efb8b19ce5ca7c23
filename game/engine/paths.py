"""The shortest way to every scene, so an author can start play at any scene in a real state.

Twine's "test from here" starts a passage with every variable undefined; here `--at SCENE` replays
the shortest path of choices that reaches SCENE, so the state is one a player could really be in.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from game.engine.machine import Engine
from game.engine.state import GameState


@dataclass(frozen=True)
class PathStep:
    """A choice (0-based among the visible ones) and, for random choices, the outcome forced."""

    choice: int
    outcome: int | None = None

    def __str__(self) -> str:
        return (
            f"{self.choice + 1}"
            if self.outcome is None
            else f"{self.choice + 1}/{self.outcome + 1}"
        )


def successors(engine: Engine, state: GameState) -> list[tuple[PathStep, GameState]]:
    """Every state one choice away: each enabled choice, and each outcome that can happen."""
    if engine.is_over(state):
        return []
    result = []
    for choice in engine.view(state).choices:
        if not choice.enabled:
            continue
        index = choice.number - 1
        if choice.random:
            for outcome, weight in enumerate(engine.weights(state, index)):
                if weight > 0:
                    result.append(
                        (PathStep(index, outcome), engine.choose_outcome(state, index, outcome))
                    )
        else:
            result.append((PathStep(index), engine.choose(state, index)))
    return result


def shortest_paths(
    engine: Engine, seed: int = 0, max_states: int = 100_000
) -> dict[str, tuple[PathStep, ...]]:
    """For each reachable scene, a shortest list of choices from the start that reaches it.

    Two passes. The first expands each scene once, from the first state that reached it: on a
    story whose variables multiply the states (five 0-10 stats make millions), that still finds
    a short path to almost every scene in milliseconds. Scenes it misses (reachable only with
    values the first arrival did not have) are looked for by a full search over distinct states.
    """
    paths = _search(engine, seed, max_states, lambda state: (state.scene,), per_scene=1)
    for per_scene in (20, 200):
        if len(paths) == len(engine.story.scenes):
            break
        wider = _search(
            engine, seed, max_states, lambda s: (s.scene, s.variables), per_scene=per_scene
        )
        for scene, route in wider.items():
            if scene not in paths:
                paths[scene] = route
    return paths


def _search(
    engine: Engine,
    seed: int,
    max_states: int,
    identity: Callable[[GameState], Hashable],
    per_scene: int,
) -> dict[str, tuple[PathStep, ...]]:
    """Breadth-first search from a new game, merging states with the same `identity` and
    keeping at most `per_scene` distinct states at each scene (a beam, not the whole space)."""
    start = engine.new_game(seed=seed)
    paths: dict[str, tuple[PathStep, ...]] = {start.scene: ()}
    seen = {identity(start)}
    kept: dict[str, int] = {start.scene: 1}
    queue: deque[tuple[GameState, tuple[PathStep, ...]]] = deque([(start, ())])
    while queue and len(seen) < max_states:
        state, path = queue.popleft()
        for step, after in successors(engine, state):
            key = identity(after)
            if key in seen or kept.get(after.scene, 0) >= per_scene:
                continue
            seen.add(key)
            kept[after.scene] = kept.get(after.scene, 0) + 1
            route = (*path, step)
            paths.setdefault(after.scene, route)
            queue.append((after, route))
    return paths


def replay(engine: Engine, path: tuple[PathStep, ...], seed: int = 0) -> GameState:
    """The state a path of choices produces from a new game."""
    state = engine.new_game(seed=seed)
    for step in path:
        if step.outcome is None:
            state = engine.choose(state, step.choice)
        else:
            state = engine.choose_outcome(state, step.choice, step.outcome)
    return state
