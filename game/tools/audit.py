"""The consequence audit: choices whose taking nobody can ever observe, and effects nothing reads.

Two values of a variable are *alike* on arriving at a scene when nothing from there on can
tell them apart: the relevance analysis's partition of each variable's values (relevance.py,
`observed_alike`), counting every observation a player can make: conditions, weights, texts,
titles, labels, disabled reasons, the timeline at an ending, a value printed as it is, and the
sidebar (`show: true`). A variable with too many values to list falls back to whether anything
ahead mentions it at all (`live_on_arrival`). Both are worked out over every way between scenes,
reachable or not, so they may say "observed" too often but never "never observed" wrongly.

- A **dead effect** is one `set`/`add` of a choice (or of an outcome) such that, whatever the
  variable held before, the value with it and the value without it are alike on arriving at
  every scene the choice can lead to (say, nothing reads it before the next scene's `on_enter`
  sets it again, or it only raises a stat compared with 8 from 0 to 1).
- An **inert choice** is a choice with a sibling that goes to the same scene, leaves every
  variable alike there, and is on offer whenever it is (the sibling's `if` and `enabled_if` are
  absent or the same text): taking one or the other changes nothing a player can see. The
  same for an outcome of a random choice against a sibling outcome. Of a group
  of such choices, the first is kept as the one the others are compared with.
- A choice marked `flavour: true` is one the author means to change nothing: it is counted,
  never reported.

The audit decides only what it can prove: a choice it cannot decide (say, a sibling offered under
a different condition) is not reported.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from game.engine import Story, StoryError
from game.engine.model import Choice, Effects, Variable
from game.engine.node_path import NodePath
from game.engine.once_only import is_hidden_variable
from game.tools.relevance import domain_of, observed_alike
from game.tools.sources import names_read, story_sources


@dataclass(frozen=True)
class Finding:
    """One choice, outcome or effect the audit reports, with where it is and why."""

    scene: str
    choice: int  # 1-based, in the scene's list
    label: str
    file: str
    line: int
    column: int
    why: str
    outcome: int | None = None  # 1-based, for an outcome of a random choice
    effect: str | None = None  # "set NAME" or "add NAME", for a dead effect

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "scene": self.scene,
            "choice": self.choice,
            "label": self.label,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "why": self.why,
        }
        if self.outcome is not None:
            data["outcome"] = self.outcome
        if self.effect is not None:
            data["effect"] = self.effect
        return data

    def warning(self, code: str) -> StoryError:
        return StoryError(self.file, self.line, self.column, self.why, code, "warning")


@dataclass(frozen=True)
class Audit:
    """What the consequence audit found in one story."""

    inert_choices: list[Finding] = field(default_factory=list)
    dead_effects: list[Finding] = field(default_factory=list)
    flavour_choices: list[Finding] = field(default_factory=list)

    def warnings(self) -> list[StoryError]:
        return [f.warning("inert-choice") for f in self.inert_choices] + [
            f.warning("dead-effect") for f in self.dead_effects
        ]


# A way out of a scene: (the scene it leads to, the effects on the way, the next scene's
# `on_enter` last).
Route = tuple[str, list[Effects]]


def scene_reads(story: Story) -> dict[str, set[str]]:
    """The declared variables each scene's Jinja2 mentions; an ending also has the timeline's."""
    declared = story.variables
    reads: dict[str, set[str]] = {s: set() for s in story.scenes}
    timeline: set[str] = set()
    for source in story_sources(story):
        names = names_read(source.text, source.kind) & declared.keys()
        if source.scene is None:
            timeline |= names
        else:
            reads[source.scene] |= names
    for scene_id, scene in story.scenes.items():
        if scene.end is not None:
            reads[scene_id] |= timeline
    return reads


def routes(story: Story, scene_id: str, choice: Choice) -> Iterator[tuple[int | None, Route]]:
    """Each way a choice can go: (outcome index or None, (target, effects in the order applied))."""
    if choice.outcomes is None:
        if choice.goto is not None and choice.goto in story.scenes:
            yield None, (choice.goto, [choice.effects, story.scenes[choice.goto].on_enter])
        return
    for index, outcome in enumerate(choice.outcomes):
        if outcome.goto in story.scenes:
            on_enter = story.scenes[outcome.goto].on_enter
            yield index, (outcome.goto, [choice.effects, outcome.effects, on_enter])


def live_on_arrival(story: Story) -> dict[str, frozenset[str]]:
    """For each scene, the variables that may still be read from the moment play arrives there
    (its `on_enter` done), on some path, before a `set` forgets them."""
    reads = scene_reads(story)
    shown = {name for name, var in story.variables.items() if var.show}
    live: dict[str, set[str]] = {s: reads[s] | shown for s in story.scenes}
    before: dict[str, list[tuple[str, set[str]]]] = {s: [] for s in story.scenes}
    for scene_id, scene in story.scenes.items():
        for choice in scene.choices:
            for _, (target, effects) in routes(story, scene_id, choice):
                forgotten = {name for e in effects for name in e.set_}
                before[target].append((scene_id, forgotten))
    queue = deque(story.scenes)
    queued = set(story.scenes)
    while queue:
        target = queue.popleft()
        queued.discard(target)
        for scene_id, forgotten in before[target]:
            new = live[target] - forgotten - live[scene_id]
            if new:
                live[scene_id] |= new
                if scene_id not in queued:
                    queue.append(scene_id)
                    queued.add(scene_id)
    return {s: frozenset(v) for s, v in live.items()}


class Observer:
    """Whether two ways of changing a variable can ever be told apart after arriving somewhere:
    by value, where the variable's values can be listed (`relevance.observed_alike`), else by
    whether anything ahead mentions the variable at all."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.alike = observed_alike(story)
        self.live = live_on_arrival(story)
        self.domains = {name: domain_of(story, name, var) for name, var in story.variables.items()}

    def same(self, name: str, route: Route, one: list[Effects], other: list[Effects]) -> bool:
        """Whether effects `one` and `other` (each in the order applied) leave `name` alike on
        arriving at `route`'s scene, whatever it held before."""
        target = route[0]
        if any(e.dynamic_on(name) for e in (*one, *other)):
            # worked out in play (a computed value, a `when`): not provably alike while
            # anything ahead may still read it, and never "dead" only for being computed
            return name not in self.live[target]
        blocks = self.alike[name]
        var = self.story.variables[name]
        if blocks is None:
            if name not in self.live[target]:
                return True
            return _steps(name, one) == _steps(name, other)
        block = blocks[target]
        for value in self.domains[name] or ():
            after_one, after_other = _apply(var, name, one, value), _apply(var, name, other, value)
            if after_one == after_other:
                continue
            if after_one not in block or after_other not in block:
                return False
            if block[after_one] != block[after_other]:
                return False
        return True

    def effect_is_read(self, name: str, kind: str, position: int, route: Route) -> bool:
        """Whether the `kind` ("set"/"add") of `name` by `route`'s effects at `position` can
        ever be observed: the way with it and the way without it differ somewhere ahead."""
        effects = route[1]
        without = list(effects)
        held = effects[position]
        if kind == "set":
            rest = {k: v for k, v in held.set_.items() if k != name}
            without[position] = Effects(set_=rest, add=held.add, when=held.when)
        else:
            rest_add = {k: v for k, v in held.add.items() if k != name}
            without[position] = Effects(set_=held.set_, add=rest_add, when=held.when)
        return not self.same(name, route, effects, without)

    def alike_routes(self, one: Route, other: Route) -> bool:
        """Whether two ways to the same scene leave every variable alike there."""
        names = {n for e in (*one[1], *other[1]) for n in e.changes()}  # hidden too
        return all(self.same(name, one, one[1], other[1]) for name in names)


def _steps(name: str, effects: list[Effects]) -> list[tuple[str, Any]]:
    steps: list[tuple[str, Any]] = []
    for e in effects:
        if name in e.set_:
            steps.append(("set", e.set_[name]))
        if name in e.add:
            steps.append(("add", e.add[name]))
    return steps


def _apply(var: Variable, name: str, effects: list[Effects], value: Any) -> Any:
    """What effects make of a value, as the engine applies them (`set`, then `add`, clamped)."""
    for e in effects:
        if name in e.set_:
            value = var.clamp(e.set_[name])
        if name in e.add:
            value = var.clamp(value + e.add[name])
    return value


def _effect_names(effects: Effects) -> list[tuple[str, str]]:
    """The effects an author wrote: a `once: true` choice's own hidden variable is the
    loader's (once_only.py), never reported."""
    return [("set", n) for n in effects.set_ if not is_hidden_variable(n)] + [
        ("add", n) for n in effects.add if not is_hidden_variable(n)
    ]


def audit(story: Story) -> Audit:
    """The consequence audit of a story (see the module's docstring)."""
    observer = Observer(story)
    found = Audit()
    for scene_id, scene in story.scenes.items():
        for index, choice in enumerate(scene.choices):
            if choice.flavour:
                where = story.locate(scene_id, "choices", index)
                why = f"choice {index + 1} of '{scene_id}' is marked flavour"
                found.flavour_choices.append(
                    Finding(scene_id, index + 1, choice.label, *where, why)
                )
                continue
            found.dead_effects.extend(_dead_effects(story, scene_id, index, choice, observer))
            found.inert_choices.extend(_inert(story, scene_id, index, choice, observer))
    return found


def _dead_effects(
    story: Story, scene_id: str, index: int, choice: Choice, observer: Observer
) -> Iterator[Finding]:
    ways = list(routes(story, scene_id, choice))
    if not ways:
        return
    name_of = f"choice {index + 1} of '{scene_id}' ({choice.label.strip()})"
    for kind, name in _effect_names(choice.effects):
        if not any(observer.effect_is_read(name, kind, 0, route) for _, route in ways):
            path: NodePath = ("choices", index, kind, name)
            yield Finding(
                scene_id,
                index + 1,
                choice.label,
                *story.locate(scene_id, *path, key=True),
                f"the '{kind}' of '{name}' by {name_of} is never observed: nothing ahead tells "
                f"'{name}' apart from what it would be without it",
                effect=f"{kind} {name}",
            )
    for o_index, route in ways:
        if o_index is None:
            continue
        outcome = choice.outcomes[o_index]  # type: ignore[index]
        for kind, name in _effect_names(outcome.effects):
            if not observer.effect_is_read(name, kind, 1, route):
                path = ("choices", index, "outcomes", o_index, kind, name)
                yield Finding(
                    scene_id,
                    index + 1,
                    choice.label,
                    *story.locate(scene_id, *path, key=True),
                    f"the '{kind}' of '{name}' by outcome {o_index + 1} of {name_of} is never "
                    f"observed: nothing ahead tells '{name}' apart from what it would be "
                    "without it",
                    outcome=o_index + 1,
                    effect=f"{kind} {name}",
                )


def _offered_whenever(sibling: Choice, choice: Choice) -> bool:
    """Whether `sibling` can be taken whenever `choice` can (provably, from their conditions)."""
    return sibling.if_ in (None, choice.if_) and sibling.enabled_if in (None, choice.enabled_if)


def _inert(
    story: Story, scene_id: str, index: int, choice: Choice, observer: Observer
) -> Iterator[Finding]:
    scene = story.scenes[scene_id]
    name_of = f"choice {index + 1} of '{scene_id}' ({choice.label.strip()})"
    if choice.outcomes is None:
        mine = next(routes(story, scene_id, choice), None)
        if mine is None:
            return
        route = mine[1]
        for other, sibling in enumerate(scene.choices):
            if other == index or sibling.outcomes is not None or sibling.goto != choice.goto:
                continue
            if sibling.flavour or not _offered_whenever(sibling, choice):
                continue  # a flavour sibling is the author's deliberate echo of this choice
            if other > index and _offered_whenever(choice, sibling):
                continue  # the first of a group of alike choices is the one kept
            theirs = next(routes(story, scene_id, sibling))[1]
            if not observer.alike_routes(route, theirs):
                continue
            if choice.effects.empty and sibling.effects.empty:
                effects = "neither has any effect"
            else:
                effects = "what they do differently is never observed"
            yield Finding(
                scene_id,
                index + 1,
                choice.label,
                *story.locate(scene_id, "choices", index),
                f"{name_of} leads where choice {other + 1} does, and {effects}: taking it "
                "changes nothing a player can see (mark it 'flavour: true' if that is meant)",
            )
            return
        return
    ways = dict(routes(story, scene_id, choice))
    for o_index, route in ways.items():
        assert o_index is not None
        for other in range(o_index):
            alike = ways.get(other)
            if alike is None or alike[0] != route[0] or not observer.alike_routes(route, alike):
                continue
            yield Finding(
                scene_id,
                index + 1,
                choice.label,
                *story.locate(scene_id, "choices", index, "outcomes", o_index),
                f"outcome {o_index + 1} of {name_of} leads where outcome {other + 1} does, and "
                "what they do differently is never observed: chance changes nothing a player "
                "can see here",
                outcome=o_index + 1,
            )
            break
