"""Which values each variable could have at each scene: a sound over-approximation of play.

When a story has more states than the explorer may visit, what it saw proves what *can* happen
(it has the path) but not what *cannot*. This analysis proves the second kind: it follows the
scene graph with, for each scene, the set of values each variable might hold there (every value
any path could bring, joined), until nothing grows. Anything it finds impossible (a scene never
reached, a condition never false, a template branch never shown) is impossible in play too; what it
finds possible may not be, since it forgets which values go together.

Each condition is judged exactly over the value sets of the few variables it reads (every
combination is tried), so a single condition loses nothing; only joins lose precision.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from game.engine import Story, expressions
from game.engine.expressions import HELPERS
from game.engine.model import ConditionalEffects, Effects, computed_source
from game.engine.node_path import NodePath
from game.tools.relevance import domain_of
from game.tools.sources import names_only_printed, names_read
from game.tools.templates import instrument

MAX_COMBINATIONS = 4_096  # past this many, a condition is taken to go either way
MAX_LISTED = 64  # a number with no listed range that takes more values than this: ANY
ANY = None  # a variable whose values are too many to list: anything is possible

# A scene's abstract state: variable -> the values it may hold there (ANY: every value).
Values = dict[str, frozenset[Any] | None]
Place = tuple[str | None, NodePath]
# Effects with where they are written: the scene, and their path there.
Placed = tuple[Effects, str, NodePath]
_ARRIVAL: NodePath = ("on_enter",)


@dataclass
class ValueSets:
    """The analysis' result: what each scene may see, and what each test may come out as."""

    story: Story
    at: dict[str, Values] = field(default_factory=dict)  # reachable scenes only
    conditions: dict[Place, set[bool]] = field(default_factory=dict)
    branches: dict[Place, set[int]] = field(default_factory=dict)
    taken: set[tuple[str, int, int | None]] = field(default_factory=set)

    def reached(self) -> set[str]:
        return set(self.at)


def value_sets(story: Story) -> ValueSets:
    """Run the analysis to its fixpoint, then judge every test against the final value sets."""
    analysis = _Analysis(story)
    analysis.run()
    return analysis.result


class _Analysis:
    def __init__(self, story: Story) -> None:
        self.story = story
        self.domains = {name: domain_of(story, name, var) for name, var in story.variables.items()}
        self.result = ValueSets(story)
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._cases: dict[tuple[Any, ...], Any] = {}  # (see `cases`)
        self._moved: dict[tuple[Any, ...], Any] = {}  # (see `group`)

    # -- the fixpoint -----------------------------------------------------------------------

    def run(self) -> None:
        story = self.story
        start: Values = {name: frozenset([var.initial]) for name, var in story.variables.items()}
        start = self.effects(start, [(story.scenes[story.start].on_enter, story.start, _ARRIVAL)])
        at = self.result.at
        at[story.start] = start
        queue = deque([story.start])
        queued = {story.start}
        while queue:
            scene_id = queue.popleft()
            queued.discard(scene_id)
            for target, values in self.successors(scene_id, at[scene_id], record=False):
                joined = _join(at.get(target), values)
                if joined != at.get(target):
                    at[target] = joined
                    if target not in queued:
                        queue.append(target)
                        queued.add(target)
        for scene_id, values in at.items():
            self.observe(scene_id, values)
            list(self.successors(scene_id, values, record=True))

    def successors(
        self, scene_id: str, values: Values, *, record: bool
    ) -> Iterable[tuple[str, Values]]:
        story = self.story
        scene = story.scenes[scene_id]
        for index, choice in enumerate(scene.choices):
            path: NodePath = ("choices", index)
            shown = self.assume(values, choice.if_, scene_id, (*path, "if"), record)
            if shown is None:
                continue
            taken = self.assume(shown, choice.enabled_if, scene_id, (*path, "enabled_if"), record)
            if record:
                self.template(choice.label, shown, scene_id, (*path, "label"))
                if choice.disabled_reason is not None and choice.enabled_if is not None:
                    refused = self.refine(shown, choice.enabled_if, scene_id, False)
                    if refused is not None:
                        reason_path: NodePath = (*path, "disabled_reason")
                        self.template(choice.disabled_reason, refused, scene_id, reason_path)
            if taken is None:
                continue
            if choice.outcomes is None:
                assert choice.goto is not None
                if record:
                    self.result.taken.add((scene_id, index, None))
                effects = [(choice.effects, scene_id, path)]
                yield choice.goto, self.arrive(taken, effects, choice.goto, record)
                continue
            for o_index, outcome in enumerate(choice.outcomes):
                possible = self.positive(taken, outcome.chance, scene_id)
                if possible is None:
                    continue
                if record:
                    self.result.taken.add((scene_id, index, o_index))
                effects = [
                    (choice.effects, scene_id, path),
                    (outcome.effects, scene_id, (*path, "outcomes", o_index)),
                ]
                yield outcome.goto, self.arrive(possible, effects, outcome.goto, record)

    def arrive(
        self, values: Values, effects: list[Placed], target: str, record: bool = False
    ) -> Values:
        arrival = (self.story.scenes[target].on_enter, target, _ARRIVAL)
        return self.effects(values, [*effects, arrival], record)

    def effects(self, values: Values, effects: Iterable[Placed], record: bool = False) -> Values:
        """What effects make of the value sets, as play applies them: `set`, `add`, then each
        `when` group, joining what it makes of the values where its condition holds with the
        values where it does not (recording what the condition may come out as)."""
        result = dict(values)
        for effect, scene_id, path in effects:
            result = self.group(result, effect, scene_id)
            for number, group in enumerate(effect.when):
                where: NodePath = (*path, "when", number, "if")
                applied = self.assume(result, group.if_, scene_id, where, record)
                refused = self.refine(result, group.if_, scene_id, False)
                if applied is not None:
                    applied = self.group(applied, group, scene_id)
                    result = applied if refused is None else _join(refused, applied)
                elif refused is not None:
                    result = refused
        return result

    def group(self, values: Values, effect: Effects | ConditionalEffects, scene_id: str) -> Values:
        """One `set`/`add` pair applied to the value sets."""
        result = dict(values)
        for name, value in effect.set_.items():
            source = computed_source(value)
            if source is None:
                result[name] = frozenset([self.story.variables[name].clamp(value)])
            else:
                result[name] = self.computed(result, name, source, scene_id, add=False)
        for name, amount in effect.add.items():
            current = result[name]
            if isinstance(amount, str):
                source = computed_source(amount) or amount
                result[name] = self.computed(result, name, source, scene_id, add=True)
            elif current is not ANY:
                step = (name, current, amount)
                if step not in self._moved:  # (the same values moved the same way on many links)
                    var = self.story.variables[name]
                    moved = frozenset(var.clamp(v + amount) for v in current)
                    widen = self.domains[name] is None and len(moved) > MAX_LISTED
                    self._moved[step] = ANY if widen else moved  # (ANY is None: a key test)
                result[name] = self._moved[step]
        return result

    def computed(
        self, values: Values, name: str, source: str, scene_id: str, add: bool
    ) -> frozenset[Any] | None:
        """Every value a computed value may give `name`, over every combination of the values
        its expression reads (ANY when they cannot be listed). A result the variable cannot
        hold stops play (the explorer reports it), so it leads nowhere here."""
        var = self.story.variables[name]
        expression = f"({name}) + ({source})" if add else source
        results, _ = self.cases(values, expression, "value", scene_id, "")
        if results is None:
            return ANY
        kept: set[Any] = set()
        value: Any
        for value in results:
            if type(value) is not var.kind:
                continue
            if var.values is not None and value not in var.values:
                continue
            kept.add(var.clamp(value))  # type: ignore[arg-type]  # (its type checked above)
        widen = self.domains[name] is None and len(kept) > MAX_LISTED
        return ANY if widen else frozenset(kept)

    # -- judging tests ----------------------------------------------------------------------

    def observe(self, scene_id: str, values: Values) -> None:
        scene = self.story.scenes[scene_id]
        ending = scene.end or ""
        self.template(scene.title, values, scene_id, ("title",), ending)
        self.template(scene.place, values, scene_id, ("place",), ending)
        self.template(scene.text, values, scene_id, ("text",), ending)
        if scene.end is None:
            return
        for index, item in enumerate(self.story.manifest.consequences):
            path: NodePath = ("consequences", index)
            kept = self.assume(values, item.if_, None, (*path, "if"), True, ending=scene.end)
            if kept is not None:
                self.template(item.text, kept, None, (*path, "text"), ending=scene.end)

    def assume(
        self,
        values: Values,
        condition: str | None,
        scene_id: str | None,
        path: NodePath,
        record: bool,
        ending: str = "",
    ) -> Values | None:
        """The value sets where `condition` holds (None if it never does), recording what it
        may come out as."""
        if condition is None:
            return values
        outcomes, kept = self.cases(values, condition, "condition", scene_id, ending)
        if record:
            self.result.conditions.setdefault((scene_id, path), set()).update(outcomes)
        return kept.get(True)

    def refine(self, values: Values, condition: str, scene_id: str, wanted: bool) -> Values | None:
        _, kept = self.cases(values, condition, "condition", scene_id, "")
        return kept.get(wanted)

    def positive(self, values: Values, weight: Any, scene_id: str) -> Values | None:
        if not isinstance(weight, str):
            return values if weight > 0 else None
        _, kept = self.cases(values, weight, "weight", scene_id, "")
        return kept.get(True)

    def template(
        self, source: str, values: Values, scene_id: str | None, path: NodePath, ending: str = ""
    ) -> None:
        rendered = instrument(source) if "{%" in source else None
        if rendered is None or not rendered.branches:
            return
        outcomes, _ = self.cases(values, source, "template", scene_id, ending)
        place = (scene_id, path)
        if outcomes is None:
            self.result.branches[place] = set(range(len(rendered.branches)))
            return
        seen = self.result.branches.setdefault(place, set())
        for branches in outcomes:
            seen.update(branches)

    def cases(
        self,
        values: Values,
        source: str,
        kind: str,
        scene_id: str | None,
        ending: str,
    ) -> tuple[Any, dict[Any, Values]]:
        """Every result a source gives over every combination of the values it reads, and for
        each result the value sets that give it. `kind` says what a result is: a condition's
        truth, whether a weight is positive, or the set of a template's branches shown. When the
        combinations cannot be listed (too many, a helper such as `visits`, a variable with no
        listed values), everything is possible: ({True, False}, {True: values, False: values}),
        or None for a template."""
        names = sorted(names_read(source, "template" if kind == "template" else "expression"))
        fixed: dict[str, Any] = {}
        if kind == "template":  # a name only printed cannot change the branches: any value does
            for name in names_only_printed(source) & set(values):
                listed = values[name]
                fixed[name] = min(listed, key=repr) if listed else 0
            names = [n for n in names if n not in fixed]
        declared = [n for n in names if n in values]
        unknown = any(n in HELPERS and n != "ending" for n in names) or any(
            values[n] is ANY for n in declared
        )
        count = 1
        for name in declared:
            count *= len(values[name] or ())
        if unknown or count > MAX_COMBINATIONS:
            either = {True: values, False: values}
            return (None if kind in ("template", "value") else {True, False}), either
        # the same source over the same value sets (met again at every way into a scene) gives
        # the same answer: worked out once
        known = (source, kind, ending, *(values[n] for n in declared), *fixed.items())
        found = self._cases.get(known)
        if found is None:
            pools = [sorted(values[n] or (), key=repr) for n in declared]
            found = self._cases[known] = self._combinations(
                source, kind, ending, declared, pools, fixed
            )
        outcomes, split = found
        if split is None:
            return None, {True: values, False: values}
        return set(outcomes), {outcome: {**values, **kept} for outcome, kept in split.items()}

    def _combinations(
        self,
        source: str,
        kind: str,
        ending: str,
        declared: list[str],
        pools: list[list[Any]],
        fixed: dict[str, Any],
    ) -> tuple[Any, dict[Any, dict[str, frozenset[Any]]] | None]:
        """`cases` over every combination of the listed values: the results, and for each
        the values of `declared` that give it (None: a template that fails somewhere)."""
        results: dict[Any, dict[str, set[Any]]] = {}
        for combination in itertools.product(*pools):
            key = (source, kind, ending, combination, tuple(fixed.items()))
            if key not in self._memo:
                context = dict(zip(declared, combination, strict=True))
                context.update(fixed)
                context["ending"] = ending
                try:
                    self._memo[key] = _judge(source, kind, context)
                except Exception:  # failing here is the explorer's to report; go either way
                    self._memo[key] = None
            result = self._memo[key]
            if result is None and kind == "template":
                return None, None
            if result is None and kind == "value":
                continue  # it fails there: play stops with the story error
            outcomes = [True, False] if result is None else [result]
            for outcome in outcomes:
                kept = results.setdefault(outcome, {n: set() for n in declared})
                for name, value in zip(declared, combination, strict=True):
                    kept[name].add(value)
        split = {
            outcome: {n: frozenset(v) for n, v in kept.items()} for outcome, kept in results.items()
        }
        return set(results), split


def _judge(source: str, kind: str, context: dict[str, Any]) -> Any:
    if kind == "template":
        return instrument(source).render(context)[1]
    value = expressions.evaluate(source, context)
    if kind == "value":
        hash(value)  # a value a set can hold (a list is no variable's value)
        return value
    if kind == "weight":
        return not isinstance(value, bool) and isinstance(value, int | float) and value > 0
    return bool(value)


def _join(old: Values | None, new: Values) -> Values:
    if old is None:
        return new
    joined: Values = {}
    for name, values in new.items():
        before = old[name]
        joined[name] = ANY if before is ANY or values is ANY else before | values
    return joined
