"""A choice compiled once into a transition: the scene it leads to and what it does to the
variables on the way (the choice's `set`/`add`/`when`, its outcome's, then the new scene's
`on_enter`).

`Engine.choose` plays a transition on a `GameState`; the explorer (tools/explore/moves.py) plays the
same transition on the plain tuples it keeps. The rules of a move live here and nowhere else:
computed values (`"{{ 2 * nerve }}"`) and `when` groups are worked out here too, in the story
sandbox, each seeing the variables as the effects before it left them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from game.engine.errors import StoryError, StoryRuntimeError
from game.engine.model import ConditionalEffects, Effects, Story, computed_source
from game.engine.node_path import NodePath
from game.engine.state import Value, next_random

# One `set` or `add`, compiled: (the variable's position in declaration order, the value set, or
# None for an add; the amount added; the lowest and highest value an add may leave). A set value
# is clamped once, when compiled (the variable's own `clamp`); an add is clamped when played.
Op = tuple[int, Value | None, int, int | None, int | None]

Visits = tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True, eq=False)
class Where:
    """Where an effect was written: found in the file only when a message needs it."""

    story: Story
    scene_id: str
    path: NodePath

    def fail(self, message: str, code: str) -> Any:
        file, line, column = self.story.locate(self.scene_id, *self.path)
        message = f"in scene '{self.scene_id}': {message}"
        raise StoryRuntimeError(StoryError(file, line, column, message, code))


@dataclass(frozen=True, slots=True)
class ComputedOp:
    """A `set` or `add` whose value is an expression, worked out when the move is played."""

    position: int
    name: str
    source: str  # the expression inside `{{ }}`
    add: bool
    kind: type  # the variable's type: what the expression must come out as
    values: tuple[str, ...] | None  # a text variable's allowed values
    low: int | None
    high: int | None
    where: Where


@dataclass(frozen=True, slots=True)
class GuardedOps:
    """A `when` group: its effects, played only when its condition holds at that point."""

    condition: str
    ops: tuple[Op | ComputedOp, ...]
    where: Where


Move = Op | ComputedOp | GuardedOps

# Told what a `when` condition came out as: (scene, path of the `if`, its truth).
Observer = Callable[[str, NodePath, bool], None]


@dataclass(frozen=True, slots=True)
class Transition:
    """Where a choice (and outcome) leads and what it does to the variables.

    `names` are the variables in declaration order, which computed values and `when`
    conditions read; `dynamic` says whether there are any (a move of constants only can be
    played without a context, and the explorer compiles it further)."""

    target: str
    ops: tuple[Move, ...]
    names: tuple[str, ...] = ()
    dynamic: bool = False

    def values_after(
        self,
        values: Sequence[Value],
        helpers: Mapping[str, Any] | None = None,
        observe: Observer | None = None,
    ) -> list[Value]:
        """The variables' values after the move, in declaration order, from those before.
        `helpers` are the other names an expression may read (`turn`, `visits`...), as they
        are when the choice is made; `observe` hears what each `when` condition came out as
        (the explorer records it). Raises `StoryRuntimeError` for an expression that fails
        or comes out as a value its variable cannot hold."""
        changed = list(values)
        for op in self.ops:
            if type(op) is tuple:
                _play(op, changed)
            else:
                self._play_dynamic(op, changed, helpers or {}, observe)  # type: ignore[arg-type]
        return changed

    def _play_dynamic(
        self,
        op: ComputedOp | GuardedOps,
        changed: list[Value],
        helpers: Mapping[str, Any],
        observe: Observer | None,
    ) -> None:
        context = {**helpers, **dict(zip(self.names, changed, strict=True))}
        if isinstance(op, ComputedOp):
            _play_computed(op, changed, context)
            return
        holds = _evaluated(op.condition, context, op.where, truth=True)
        if observe is not None:
            observe(op.where.scene_id, op.where.path, holds)
        if not holds:
            return
        for inner in op.ops:
            if type(inner) is tuple:
                _play(inner, changed)  # type: ignore[arg-type]
            else:
                context = {**helpers, **dict(zip(self.names, changed, strict=True))}
                _play_computed(inner, changed, context)  # type: ignore[arg-type]

    def visits_after(self, visits: Visits) -> Visits:
        """The visits after arriving: the target's count one more (sorted by scene id)."""
        counts = dict(visits)
        counts[self.target] = counts.get(self.target, 0) + 1
        return tuple(sorted(counts.items()))


def _play(op: Op, changed: list[Value]) -> None:
    position, value, amount, low, high = op
    if value is not None:
        changed[position] = value
        return
    new = changed[position] + amount  # type: ignore[operator]
    if low is not None and new < low:
        new = low
    elif high is not None and new > high:
        new = high
    changed[position] = new


def _play_computed(op: ComputedOp, changed: list[Value], context: Mapping[str, Any]) -> None:
    value = _evaluated(op.source, context, op.where)
    if type(value) is not (int if op.add else op.kind):
        op.where.fail(
            f"'{{{{ {op.source} }}}}' came out as {value!r}, but '{op.name}' "
            + ("can only be added whole numbers" if op.add else f"holds {KIND_WORDS[op.kind]}"),
            "effect-type",
        )
    if op.values is not None and value not in op.values:
        allowed = ", ".join(op.values)
        op.where.fail(
            f"'{{{{ {op.source} }}}}' came out as {value!r}, which '{op.name}' cannot hold: "
            f"its values are {allowed}",
            "effect-value",
        )
    if op.add:
        value = changed[op.position] + value  # type: ignore[operator]
    if op.kind is int:
        if op.low is not None and value < op.low:  # type: ignore[operator]
            value = op.low
        elif op.high is not None and value > op.high:  # type: ignore[operator]
            value = op.high
    changed[op.position] = value


# A variable's type as messages name it ("'flag' holds true/false").
KIND_WORDS = {bool: "true/false", int: "a whole number", str: "text"}


def _evaluated(source: str, context: Mapping[str, Any], where: Where, truth: bool = False) -> Any:
    """An effect's expression worked out in the story sandbox (its truth for a condition,
    taken inside the guard: a strict undefined value only fails when asked for it)."""
    from game.engine import expressions  # Jinja only once an effect computes something

    try:
        value = expressions.evaluate(source, context)
        return bool(value) if truth else value
    except Exception as exc:  # an expression failing at run time is the story's error
        reason = (str(exc) or type(exc).__name__).splitlines()[0]
        where.fail(f"{source!r} could not be worked out: {reason}", "runtime")


def compile_choice(story: Story, scene_id: str, index: int, outcome: int | None) -> Transition:
    """Choice `index` of a scene's `choices` (with `outcome`, for a random one), compiled."""
    choice = story.scenes[scene_id].choices[index]
    path: NodePath = ("choices", index)
    effects = [(choice.effects, scene_id, path)]
    target = choice.goto
    if outcome is not None:
        assert choice.outcomes is not None
        effects.append((choice.outcomes[outcome].effects, scene_id, (*path, "outcomes", outcome)))
        target = choice.outcomes[outcome].goto
    assert target is not None
    return compile_arrival(story, target, effects)


def compile_arrival(
    story: Story, target: str, before: Iterable[tuple[Effects, str, NodePath]] = ()
) -> Transition:
    """Arriving at `target` (its `on_enter`), after the effects `before` (each with the scene
    and the path where it was written, for messages)."""
    position = {name: i for i, name in enumerate(story.variables)}
    ops: list[Move] = []
    arrival = (story.scenes[target].on_enter, target, ("on_enter",))
    for effect, scene_id, path in (*before, arrival):
        ops.extend(_compiled(story, position, effect, scene_id, path))
        for number, group in enumerate(effect.when):
            at: NodePath = (*path, "when", number)
            inner = tuple(_compiled(story, position, group, scene_id, at))
            where = Where(story, scene_id, (*at, "if"))
            ops.append(GuardedOps(group.if_, inner, where))  # type: ignore[arg-type]
    dynamic = any(type(op) is not tuple for op in ops)
    names = tuple(story.variables) if dynamic else ()
    return Transition(target, tuple(ops), names, dynamic)


def _compiled(
    story: Story,
    position: dict[str, int],
    effect: Effects | ConditionalEffects,
    scene_id: str,
    path: NodePath,
) -> list[Op | ComputedOp]:
    """One `set`/`add` pair compiled: constants as `Op`s, computed values as `ComputedOp`s."""
    ops: list[Op | ComputedOp] = []
    for key, values in (("set", effect.set_), ("add", effect.add)):
        for name, value in values.items():
            var = story.variables[name]
            source = computed_source(value)
            if source is not None:
                where = Where(story, scene_id, (*path, key, name))
                choices = tuple(var.values) if var.values is not None else None
                add = key == "add"
                low, high = var.min, var.max
                op = ComputedOp(
                    position[name], name, source, add, var.kind, choices, low, high, where
                )
                ops.append(op)
            elif key == "set":
                ops.append((position[name], var.clamp(value), 0, None, None))
            else:
                ops.append((position[name], None, value, var.min, var.max))  # type: ignore[arg-type]
    return ops


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
