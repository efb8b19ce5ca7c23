"""A choice compiled once into a transition: the scene it leads to and what it does to the
variables on the way (the choice's `set`/`add`, its outcome's, then the new scene's `on_enter`).

`Engine.choose` plays a transition on a `GameState`; the explorer (tools/explore/moves.py) plays the
same transition on the plain tuples it keeps. The rules of a move live here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from game.engine.model import Effects, Story
from game.engine.state import Value, next_random

# One `set` or `add`, compiled: (the variable's position in declaration order, the value set, or
# None for an add; the amount added; the lowest and highest value an add may leave). A set value
# is clamped once, when compiled (the variable's own `clamp`); an add is clamped when played.
Op = tuple[int, Value | None, int, int | None, int | None]

Visits = tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Transition:
    """Where a choice (and outcome) leads and what it does to the variables."""

    target: str
    ops: tuple[Op, ...]

    def values_after(self, values: Sequence[Value]) -> list[Value]:
        """The variables' values after the move, in declaration order, from those before."""
        changed = list(values)
        for position, value, amount, low, high in self.ops:
            if value is not None:
                changed[position] = value
            else:
                new = changed[position] + amount  # type: ignore[operator]
                if low is not None and new < low:
                    new = low
                elif high is not None and new > high:
                    new = high
                changed[position] = new
        return changed

    def visits_after(self, visits: Visits) -> Visits:
        """The visits after arriving: the target's count one more (sorted by scene id)."""
        counts = dict(visits)
        counts[self.target] = counts.get(self.target, 0) + 1
        return tuple(sorted(counts.items()))


def compile_choice(story: Story, scene_id: str, index: int, outcome: int | None) -> Transition:
    """Choice `index` of a scene's `choices` (with `outcome`, for a random one), compiled."""
    choice = story.scenes[scene_id].choices[index]
    effects = [choice.effects]
    target = choice.goto
    if outcome is not None:
        assert choice.outcomes is not None
        effects.append(choice.outcomes[outcome].effects)
        target = choice.outcomes[outcome].goto
    assert target is not None
    return compile_arrival(story, target, effects)


def compile_arrival(story: Story, target: str, before: Iterable[Effects] = ()) -> Transition:
    """Arriving at `target` (its `on_enter`), after the effects `before`."""
    position = {name: i for i, name in enumerate(story.variables)}
    ops: list[Op] = []
    for effect in (*before, story.scenes[target].on_enter):
        for name, value in effect.set_.items():
            ops.append((position[name], story.variables[name].clamp(value), 0, None, None))
        for name, amount in effect.add.items():
            var = story.variables[name]
            ops.append((position[name], None, amount, var.min, var.max))
    return Transition(target, tuple(ops))


def draw_outcome(weights: Sequence[float], rng: int) -> tuple[int, int]:
    """The dice's next state and the outcome they land on, each with probability weight / total."""
    rng, draw = next_random(rng)
    return rng, weighted_pick(weights, draw)


def weighted_pick(weights: Sequence[float], draw: float) -> int:
    """The outcome a draw in [0, 1) lands on, each with probability weight / total."""
    total = sum(weights)
    point = draw * total
    running = 0.0
    for index, weight in enumerate(weights):
        running += weight
        if point < running:
            return index
    return max(i for i, w in enumerate(weights) if w > 0)
