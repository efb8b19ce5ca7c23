"""What each scene's future can still tell apart: the explorer's state abstraction.

Two states at the same scene play out the same when nothing ahead can tell their values apart, so
the explorer keeps one of them. For each variable and each scene this module works out which
values are alike from there on, the way a compiler minimises an automaton (Moore's partition
refinement): two values are alike at a scene when every test the scene makes of the variable
agrees on them, and every choice takes them to values that are alike at the next scene. A test is
a comparison with a constant (`suspicion >= 6`, `side == 'nasa'`) or a truth test (`if own_model`);
any other use of a variable (arithmetic in a condition, a filter...) tells every value apart.

Some uses cannot change what happens and are not tests at all:
- the sidebar (`show: true`) and a variable printed as it is (`{{ miners }}`): they change what is
  shown, never which choices exist or whether the text renders;
- a weight that is positive whatever the variables hold (`1 + miners`, worked out over the declared
  bounds): exploring only asks whether an outcome can happen. Random playthroughs, which do care
  about the odds, then follow the real values (see `Relevance.exact_weights`).

So a variable nothing reads any more is forgotten (liveness), and a 0-10 stat compared only with 6
from some scene on, with at most 2 still to be added, keeps only the values that can still end up
on different sides of 6. On a story with five such stats this decides whether exploring finishes.
"""

from __future__ import annotations

import operator
import weakref
from array import array
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from jinja2 import nodes

from game.engine.model import (
    ConditionalEffects,
    Effects,
    Story,
    Variable,
    computed_source,
)
from game.engine.node_path import NodePath
from game.tools.sources import (
    Source,
    is_effect,
    is_reply,
    names_read,
    story_sources,
    tree_of,
    uses_variants,
    visit_calls,
    walk,
)

MAX_DOMAIN = 1_000  # whole numbers with a wider (or no) range are kept exact while read

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "lteq": operator.le,
    "gt": operator.gt,
    "gteq": operator.ge,
}
_MIRROR = {"eq": "eq", "ne": "ne", "lt": "gt", "lteq": "gteq", "gt": "lt", "gteq": "lteq"}

# How a scene reads a variable: a test of its value, or OPAQUE (every value matters).
Test = tuple[Any, ...]
OPAQUE: Test = ("opaque",)

# A text as shown at a scene: (the scene shown, the scene it is in or None for the manifest's
# timeline, its path there; a timeline item's path is ("consequences", index)).
Shown = tuple[str, str | None, NodePath]


@dataclass(frozen=True)
class Relevance:
    """For each scene, how a variable's value maps to the one kept for all values alike there."""

    representative: dict[str, dict[str, Callable[[Any], Any]]]  # scene -> variable -> map
    live: dict[str, frozenset[str]]  # scene -> variables some test ahead still reads
    exact_weights: bool  # False when some weight's variables were treated as not read
    classes: dict[str, dict[str, int]]  # scene -> variable -> values told apart (0: all, unlisted)


_MEMOS: dict[int, tuple[weakref.ref[Story], dict[Any, Any]]] = {}


def _memo(story: Story) -> dict[Any, Any]:
    """What this module has worked out about a story, kept while the story lives: the explorer
    asks for the same story's relevance once per run, and most of each is the same."""
    key = id(story)
    found = _MEMOS.get(key)
    if found is not None and found[0]() is story:
        return found[1]
    memo: dict[Any, Any] = {}
    _MEMOS[key] = (weakref.ref(story, lambda _: _MEMOS.pop(key, None)), memo)
    return memo


def relevance(story: Story, shows: frozenset[Shown] | None = None) -> Relevance:
    """The values each scene's future tells apart. With `shows`, only the tests that decide
    where play can go (conditions and weights) count, and those of the texts in `shows`."""
    memo = _memo(story)
    found = memo.get(("relevance", shows))
    if found is None:
        found = memo[("relevance", shows)] = _relevance(story, shows, memo)
    return found  # type: ignore[no-any-return]


def _relevance(story: Story, shows: frozenset[Shown] | None, memo: dict[Any, Any]) -> Relevance:
    reads, exact_weights = _scene_reads(story, shows)
    ways = memo.get("ways")
    if ways is None:
        ways = memo["ways"] = {s: list(_ways(story, s)) for s in story.scenes}
    representative: dict[str, dict[str, Callable[[Any], Any]]] = {s: {} for s in story.scenes}
    live: dict[str, set[str]] = {s: set() for s in story.scenes}
    classes: dict[str, dict[str, int]] = {s: {} for s in story.scenes}
    for name, var in story.variables.items():
        domain = domain_of(story, name, var)
        tests = {s: reads[s].get(name, []) for s in story.scenes}
        if domain is None:
            alive = _live_scenes(story, name, tests, ways)
            constant = partial(_constant_of, var.initial)
            for scene_id in story.scenes:
                if scene_id in alive:
                    live[scene_id].add(name)
                    classes[scene_id][name] = 0
                else:
                    representative[scene_id][name] = constant
                    classes[scene_id][name] = 1
            continue
        signature = (name, tuple(tuple(tests[s]) for s in story.scenes))
        blocks = memo.get(signature)
        if blocks is None:
            blocks = memo[signature] = _refine(story, name, var, domain, tests, ways, memo)
        maps: dict[tuple[Any, ...], Callable[[Any], Any]] = memo.setdefault(("maps", name), {})
        per_block: dict[int, tuple[int, Callable[[Any], Any] | None]] = {}  # (see `_refine`)
        for scene_id, block in blocks.items():
            done = per_block.get(id(block))
            if done is None:
                first: dict[int, Any] = {}
                for value in domain:
                    first.setdefault(block[value], value)
                found = None
                if len(first) < len(domain):
                    kept_as = tuple(first[block[v]] for v in domain)
                    found = maps.get(kept_as)  # one map for the scenes alike (per variable: 0
                    if found is None:  # is not False)
                        kept = _Kept(zip(domain, kept_as, strict=True))
                        found = maps[kept_as] = kept.__getitem__  # C-level: no frame a call
                done = per_block[id(block)] = (len(first), found)
            count, found = done
            classes[scene_id][name] = count
            if count > 1:
                live[scene_id].add(name)
            if found is not None:
                representative[scene_id][name] = found
    # every variable's moves are worked out by now: what made one copy of each goes (its keys
    # took 10 MB on a 5,000-scene story)
    memo.pop("carry copies", None)
    # one copy of each scene's sets and maps for all the scenes (and runs) alike: a 5,000-scene
    # story has a few hundred distinct ones, and made per scene and run they took 75 MB
    shared: dict[Any, Any] = memo.setdefault("shared", {})
    frozen = {s: _one_copy(shared, frozenset(v)) for s, v in live.items()}
    told_apart = {s: _one_copy(shared, ("classes", *v.items()), v) for s, v in classes.items()}
    maps_at = {
        s: _one_copy(shared, ("kept", *((n, id(f)) for n, f in v.items())), v)
        for s, v in representative.items()
    }
    return Relevance(maps_at, frozen, exact_weights, told_apart)


def _one_copy(shared: dict[Any, Any], key: Any, value: Any = None) -> Any:
    """The one copy `shared` keeps of what `key` stands for (`value`, or the key itself)."""
    found = shared.get(key)
    if found is None:
        found = shared[key] = key if value is None else value
    return found


def _constant_of(value: Any, _: Any) -> Any:
    return value


class _Kept(dict[Any, Any]):
    """Each value of a domain -> the one kept for it; a value outside it maps to itself. The
    explorer calls its `__getitem__` for every variable of every state it meets, so that is
    dict's own (in C), and only a miss reaches Python."""

    def __missing__(self, key: Any) -> Any:
        return key


def same_representatives(one: Callable[[Any], Any], other: Callable[[Any], Any]) -> bool:
    """Whether two of `Relevance.representative`'s maps keep the same values. Each map sends a
    value to the first of its kind, and that one to itself, so a value already kept by one is
    left as it is by the other: the explorer skips such a map between two scenes."""
    if one is other:
        return True
    if isinstance(one, partial) and isinstance(other, partial):
        return one.func is other.func and one.args == other.args
    mine, theirs = getattr(one, "__self__", None), getattr(other, "__self__", None)
    return isinstance(mine, _Kept) and isinstance(theirs, _Kept) and mine == theirs


# -- reading --------------------------------------------------------------------------------


def _scene_reads(
    story: Story, shows: frozenset[Shown] | None = None
) -> tuple[dict[str, dict[str, list[Test]]], bool]:
    """Per scene, the tests its Jinja2 makes of each variable (only control and `shows`, when
    given); an ending also makes the timeline's tests. And whether every weight was read
    exactly."""
    found: dict[str, dict[str, list[Test]]] = {s: {} for s in story.scenes}
    timeline: dict[NodePath, dict[str, list[Test]]] = {}
    exact_weights = True
    for scene_id, names in _kept_exact_for_effects(story).items():
        for name in names:
            found[scene_id].setdefault(name, []).append(OPAQUE)
    for source, kind, read in _source_reads(story):
        if is_effect(source) or not _counts(source, shows):
            continue
        if source.scene is None:
            into = timeline.setdefault(source.path[:2], {})
        else:
            into = found[source.scene]
        if kind == "positive weight":
            exact_weights = exact_weights and not read
            continue
        if kind == "weight":
            for name in read:
                into.setdefault(name, []).append(OPAQUE)
            continue
        for name, test in read:
            into.setdefault(name, []).append(test)
    for scene_id, scene in story.scenes.items():
        if scene.end is None:
            continue
        for item, read in timeline.items():
            if shows is None or (scene_id, None, item) in shows:
                for name, tests in read.items():
                    found[scene_id].setdefault(name, []).extend(tests)
    return found, exact_weights


# What one piece of Jinja2 reads: ("positive weight", the variables in it) for a weight that
# is always positive, ("weight", the variables in it) for any other, ("tests", (variable, test)
# for each test it makes of a declared variable) for a condition or a text.
SourceReads = tuple[Source, str, Any]


def _source_reads(story: Story) -> list[SourceReads]:
    """What each piece of Jinja2 in a story reads, worked out once per story: the explorer
    asks for one relevance per run, and what a piece reads does not depend on the run."""
    memo = _memo(story)
    found: list[SourceReads] | None = memo.get("source reads")
    if found is None:
        declared = story.variables
        found = memo["source reads"] = []
        for source in story_sources(story):
            tree = tree_of(source.text, source.kind)
            if tree is None:
                continue
            if _is_weight(source):
                kind = "positive weight" if _always_positive(tree, declared) else "weight"
                found.append((source, kind, _names_in(tree, declared)))
                continue
            tests = [
                (name, test)
                for name, test in tests_of(source.text, source.kind, _is_condition(source))
                if name in declared and test is not None
            ]
            found.append((source, "tests", tests))
    return found


def _kept_exact_for_effects(story: Story) -> dict[str, set[str]]:
    """For each scene, the variables a computed or conditional effect on some way out of it
    reads or changes (the arrival's `on_enter` included): kept exact there, as any value of
    them may make the move come out otherwise. The explorer then plays such a move on the
    values themselves (see `Transition.values_after`), and nothing is merged that it tells
    apart; the values are merged again, as usual, from the scene it arrives at."""
    memo = _memo(story)
    found: dict[str, set[str]] | None = memo.get("kept for effects")
    if found is not None:
        return found
    declared = story.variables
    found = memo["kept for effects"] = {s: set() for s in story.scenes}
    ways = memo.get("ways")
    if ways is None:
        ways = memo["ways"] = {s: list(_ways(story, s)) for s in story.scenes}
    for scene_id in story.scenes:
        for _, effects in ways[scene_id]:
            for effect in effects:
                if not effect.dynamic_any():
                    continue
                for _, source in effect.expressions():
                    found[scene_id] |= names_read(source, "expression") & declared.keys()
                found[scene_id] |= {n for n in effect.changes() if effect.dynamic_on(n)}
    return found


def _counts(source: Source, shows: frozenset[Shown] | None) -> bool:
    """Whether a piece of Jinja2 counts for a walk showing `shows` (None: everything); the
    timeline's items are sorted out per ending."""
    if shows is None or source.scene is None or is_control(source):
        return True
    return (source.scene, source.scene, source.path) in shows


def is_control(source: Source) -> bool:
    """Whether a piece of Jinja2 decides where play can go (a scene's conditions and weights),
    rather than only what is shown (text, labels, reasons, the timeline)."""
    return source.kind == "expression" and source.scene is not None


def tested(source: Source, declared: dict[str, Variable]) -> frozenset[str]:
    """The variables a piece of Jinja2 tests (printing a value as it is tests nothing)."""
    tree = tree_of(source.text, source.kind)
    if tree is None:
        return frozenset()
    found = _tests(tree, _is_condition(source) or source.path[-1] == "if")
    return frozenset(name for name, test in found if name in declared and test is not None)


def _is_weight(source: Source) -> bool:
    return source.kind == "expression" and source.path[-1] == "weight"


def _is_condition(source: Source) -> bool:
    return source.kind == "expression" and source.path[-1] in ("if", "enabled_if")


def _names_in(tree: nodes.Node, declared: dict[str, Variable]) -> set[str]:
    return {n.name for n in walk(tree, nodes.Name) if n.name in declared}


@cache
def tests_of(text: str, kind: str, condition: bool) -> tuple[tuple[str, Test | None], ...]:
    """`_tests` of a piece of Jinja2, worked out once per text: the explorer's relevance and
    the consequence audit's (`observed_alike`) both ask."""
    tree = tree_of(text, kind)
    return () if tree is None else tuple(_tests(tree, condition))


def _tests(tree: nodes.Node, condition: bool) -> Iterator[tuple[str, Test | None]]:
    """Each read of a name, as the test it makes (None: a read that changes nothing)."""
    parent: dict[int, nodes.Node] = {}
    for node in walk(tree, nodes.Node):
        for child in node.iter_child_nodes():
            parent[id(child)] = node

    def truth_tested(node: nodes.Node) -> bool:
        up = parent.get(id(node))
        if up is None:
            return condition
        if isinstance(up, nodes.Not):
            return True
        if isinstance(up, nodes.If | nodes.CondExpr):
            return node is up.test
        if isinstance(up, nodes.And | nodes.Or):
            return truth_tested(up)
        return False

    for name in walk(tree, nodes.Name):
        if name.ctx != "load":
            continue
        up = parent.get(id(name))
        if isinstance(up, nodes.Output):
            yield name.name, None  # printed as it is
        elif isinstance(up, nodes.Compare | nodes.Operand):
            yield name.name, _comparison(name, up, parent)
        elif truth_tested(name):
            yield name.name, ("truth",)
        else:
            yield name.name, OPAQUE


def _comparison(name: nodes.Name, up: nodes.Node, parent: dict[int, nodes.Node]) -> Test:
    """The test `name OP constant` (or `constant OP name`) makes; OPAQUE for anything else."""
    compare = parent.get(id(up)) if isinstance(up, nodes.Operand) else up
    if not isinstance(compare, nodes.Compare) or len(compare.ops) != 1:
        return OPAQUE
    operand = compare.ops[0]
    mine_left = compare.expr is name
    other = operand.expr if mine_left else compare.expr
    known, value = _constant(other)
    if not known:
        return OPAQUE
    if operand.op in ("in", "notin") and mine_left and isinstance(value, tuple):
        return ("in", operand.op == "in", value)
    if operand.op not in _COMPARE:
        return OPAQUE
    return ("cmp", operand.op if mine_left else _MIRROR[operand.op], value)


def _constant(node: nodes.Node) -> tuple[bool, Any]:
    if isinstance(node, nodes.Const):
        return True, node.value
    if isinstance(node, nodes.Neg) and isinstance(node.node, nodes.Const):
        value = node.node.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return True, -value
    if isinstance(node, nodes.List | nodes.Tuple):
        items = [_constant(item) for item in node.items]
        if all(known for known, _ in items):
            return True, tuple(value for _, value in items)
    return False, None


def _always_positive(tree: nodes.Node, declared: dict[str, Variable]) -> bool:
    span = _interval(tree, declared)
    return span is not None and span[0] > 0


def _interval(node: nodes.Node, declared: dict[str, Variable]) -> tuple[float, float] | None:
    """The range of a weight over every value the variables may hold (None: unknown)."""
    if isinstance(node, nodes.Const):
        value = node.value
        return (float(value), float(value)) if isinstance(value, int | float) else None
    if isinstance(node, nodes.Name):
        var = declared.get(node.name)
        if var is None or var.kind is str:
            return None
        if var.kind is bool:
            return (0.0, 1.0)
        if var.min is None or var.max is None:
            return None
        return (float(var.min), float(var.max))
    if isinstance(node, nodes.CondExpr):
        if node.expr2 is None:
            return None
        a, b = _interval(node.expr1, declared), _interval(node.expr2, declared)
        return None if a is None or b is None else (min(a[0], b[0]), max(a[1], b[1]))
    if isinstance(node, nodes.Neg):
        a = _interval(node.node, declared)
        return None if a is None else (-a[1], -a[0])
    if isinstance(node, nodes.Pos):
        return _interval(node.node, declared)
    if isinstance(node, nodes.Add | nodes.Sub | nodes.Mul | nodes.FloorDiv):
        a, b = _interval(node.left, declared), _interval(node.right, declared)
        if a is None or b is None:
            return None
        if isinstance(node, nodes.Add):
            return (a[0] + b[0], a[1] + b[1])
        if isinstance(node, nodes.Sub):
            return (a[0] - b[1], a[1] - b[0])
        corners = [x * y for x in a for y in b] if isinstance(node, nodes.Mul) else None
        if corners is not None:
            return (min(corners), max(corners))
        if b[0] <= 0 <= b[1]:
            return None
        quotients = [x // y for x in a for y in b]
        return (min(quotients), max(quotients))
    return None


# -- what is shown -------------------------------------------------------------------------


def observation_runs(story: Story) -> list[frozenset[Shown]]:
    """How to see every piece of text exactly without walking every mix of the variables it
    reads: the explorer walks the story once per run, each run keeping the values its
    variables' texts tell apart and every other variable only as finely as the conditions
    and weights ahead do. Where play can go depends on nothing else, so every run walks the
    same choices; and each text, shown only in a run that keeps what it tests, shows exactly
    the branches some real state shows. What two texts test together shares a run.

    Returns, for each run, the texts it shows; the first run shows every text that needs no
    more than the conditions and weights keep."""
    declared = story.variables
    full, control = relevance(story), relevance(story, frozenset())
    needs: dict[Shown, frozenset[str]] = {}
    endings = [s for s, scene in story.scenes.items() if scene.end is not None]
    for source in story_sources(story):
        if is_control(source) or is_reply(source):
            continue
        names = tested(source, declared)
        if source.scene is not None:
            places: list[Shown] = [(source.scene, source.scene, source.path)]
        else:  # a timeline item: its `if` and its text go together
            places = [(s, None, source.path[:2]) for s in endings]
        for place in places:
            scene_id = place[0]
            fine = {n for n in names if full.classes[scene_id][n] != control.classes[scene_id][n]}
            needs[place] = needs.get(place, frozenset()) | fine
    wanted = set(needs.values())
    runs = sorted(
        (w for w in wanted if not any(w < other for other in wanted)),
        key=lambda w: (len(w), sorted(w)),
    )
    if not runs or runs[0]:
        runs.insert(0, frozenset())
    shows: list[set[Shown]] = [set() for _ in runs]
    for place, names in needs.items():
        shows[next(i for i, run in enumerate(runs) if names <= run)].add(place)
    return [frozenset(s) for s in shows]


# -- visits ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitLiveness:
    """Which scenes' visits each scene must still keep: a scene's visits matter only where a
    `visits`/`visited` of it may still be read ahead. A scene whose visits are only asked
    whether (`visited`) is seen again on arriving there, which forgets how it was before, the
    way a `set` forgets a variable's value."""

    kept: dict[str, frozenset[str]]  # scene -> scenes whose visits some read ahead may see
    counted: frozenset[str]  # scenes whose count is read (`visits`), not only whether seen


def visit_liveness(story: Story, shows: frozenset[Shown] | None = None) -> VisitLiveness | None:
    """Where each scene's visits are still read (None: some read names its scene other than
    with a literal, so every scene's visits matter everywhere). With `shows`, as `relevance`:
    only the reads of conditions, weights and the texts in `shows` count."""
    memo = _memo(story)
    key = ("visits", shows)
    if key not in memo:
        memo[key] = _visit_liveness(story, shows)
    return memo[key]  # type: ignore[no-any-return]


def _visit_liveness(story: Story, shows: frozenset[Shown] | None) -> VisitLiveness | None:
    reads: dict[str, set[str]] = {s: set() for s in story.scenes}
    timeline: dict[NodePath, set[str]] = {}
    counted: set[str] = set()
    # scenes whose visits an effect reads: an `on_enter` reads them before its own arrival is
    # counted, so arriving there does not make the earlier visits forgettable (whether the
    # scene was seen still is all a `visited` asks: the count is not kept)
    read_before: set[str] = set()
    for source in story_sources(story):
        calls = visit_calls(source.text, source.kind)
        if calls is None:
            return None
        if source.scene is not None and uses_variants(source.text, source.kind):
            calls = calls | {("visits", source.scene)}  # a text variant reads its own scene's
        if not _counts(source, shows):
            continue
        if is_effect(source):
            read_before.update(seen for _, seen in calls)
        if source.scene is None:
            into = timeline.setdefault(source.path[:2], set())
        else:
            into = reads[source.scene]
        for helper, seen in calls:
            into.add(seen)
            if helper == "visits":
                counted.add(seen)
    for scene_id, scene in story.scenes.items():
        if scene.end is None:
            continue
        for item, seen_there in timeline.items():
            if shows is None or (scene_id, None, item) in shows:
                reads[scene_id] |= seen_there
    readers: dict[str, set[str]] = {}
    for scene_id, seen_there in reads.items():
        for seen in seen_there:
            readers.setdefault(seen, set()).add(scene_id)
    # which visits each scene keeps, as a bit per scene seen: a set per scene made at once
    # took 170 MB on a 5,000-scene story, for a few hundred distinct sets
    scenes = list(story.scenes)
    kept = [0] * len(scenes)
    seens = list(readers)
    for bit, (seen, read_at) in enumerate(readers.items()):
        live: set[int] = set()
        for reader in read_at:
            live.update(_visit_live(story, seen, reader, seen in counted or seen in read_before))
        for number in live:
            kept[number] |= 1 << bit
    # one copy of each set: the scenes of a stretch of story keep the same visits, and so do
    # most runs (5,000-scene story: 45,000 sets over its runs, 464 of them distinct, 630 MB)
    shared: dict[frozenset[str], frozenset[str]] = _memo(story).setdefault("visits kept", {})
    made: dict[int, frozenset[str]] = {}
    for bits in kept:
        if bits not in made:
            one = frozenset(seen for n, seen in enumerate(seens) if bits >> n & 1)
            made[bits] = shared.setdefault(one, one)
    return VisitLiveness(
        {s: made[bits] for s, bits in zip(scenes, kept, strict=True)}, frozenset(counted)
    )


def _visit_live(story: Story, seen: str, reader: str, through: bool) -> array[int]:
    """The scenes (by number) from which a scene that reads another's visits can still be
    reached (so where those visits must be kept), worked out once per story and pair of
    scenes: which scenes read a scene's visits differs from run to run, each pair's answer
    does not. Kept as arrays: as sets of names, a 5,000-scene story's took 250 MB. `through`:
    the visits before an arrival at `seen` matter too (a count, or a read before arrival)."""
    memo = _memo(story)
    key = ("visit live", seen, reader, through)
    found: array[int] | None = memo.get(key)
    if found is None:
        before = _scenes_before(story)
        live = {reader}
        queue = deque(live)
        while queue:
            scene_id = queue.popleft()
            if scene_id == seen and not through:
                continue  # arriving here makes it seen, whatever it was before
            for earlier in before[scene_id]:
                if earlier not in live:
                    live.add(earlier)
                    queue.append(earlier)
        numbers = memo.get("scene numbers")
        if numbers is None:
            numbers = memo["scene numbers"] = {s: n for n, s in enumerate(story.scenes)}
        found = memo[key] = array("i", sorted(numbers[s] for s in live))
    return found


def _scenes_before(story: Story) -> dict[str, set[str]]:
    """For each scene, the scenes with a choice (or an outcome) that leads to it."""
    memo = _memo(story)
    before: dict[str, set[str]] | None = memo.get("scenes before")
    if before is None:
        before = memo["scenes before"] = {s: set() for s in story.scenes}
        for scene_id in story.scenes:
            for target, _ in _ways(story, scene_id):
                before[target].add(scene_id)
    return before


# -- following choices -----------------------------------------------------------------------


def _ways(story: Story, scene_id: str) -> Iterator[tuple[str, list[Effects]]]:
    """Each scene a scene leads to, with the effects on the way (arrival's `on_enter` included)."""
    for choice in story.scenes[scene_id].choices:
        routes = (
            [(choice.goto, [choice.effects])]
            if choice.outcomes is None
            else [(o.goto, [choice.effects, o.effects]) for o in choice.outcomes]
        )
        for target, effects in routes:
            if target is not None and target in story.scenes:
                yield target, [*effects, story.scenes[target].on_enter]


def domain_of(story: Story, name: str, var: Variable) -> list[Any] | None:
    """Every value a variable can hold, or None when there are too many to list."""
    if var.kind is bool:
        return [False, True]
    if var.kind is int:
        if var.min is None or var.max is None or var.max - var.min > MAX_DOMAIN:
            return None
        return list(range(var.min, var.max + 1))
    if var.values is not None:
        return list(var.values)
    values = {var.initial}
    for scene in story.scenes.values():
        for effects in _all_effects(scene.on_enter, scene.choices):
            groups: list[Effects | ConditionalEffects] = [effects, *effects.when]
            for group in groups:
                if name not in group.set_:
                    continue
                if computed_source(group.set_[name]) is not None:
                    return None  # worked out in play: any text at all
                values.add(group.set_[name])
    return sorted(values, key=str)


def _all_effects(on_enter: Effects, choices: list[Any]) -> Iterator[Effects]:
    yield on_enter
    for choice in choices:
        yield choice.effects
        for outcome in choice.outcomes or ():
            yield outcome.effects


def _carry(var: Variable, steps: tuple[Any, ...]) -> Callable[[Any], Any]:
    """What adding `steps` on the way makes of a value, clamped after each step."""
    if not steps:
        return _same
    low, high = var.min, var.max

    def carried(value: Any) -> Any:
        for step in steps:
            value += step
            if low is not None and value < low:
                value = low
            if high is not None and value > high:
                value = high
        return value

    return carried


def _way_effects(effects: list[Effects]) -> tuple[frozenset[str], dict[str, tuple[Any, ...]]]:
    """What the effects on one way do to every variable at once: the names they `set` or work
    out in play (the value is forgotten, or the scene before keeps it exact, see
    `_kept_exact_for_effects`), and the steps each other name is added, in order."""
    cut: set[str] = set()
    adds: dict[str, list[Any]] = {}
    for effect in effects:
        cut.update(effect.set_)
        for name, value in effect.add.items():
            if effect.dynamic_on(name):
                cut.add(name)
            else:
                adds.setdefault(name, []).append(value)
        for group in effect.when:
            cut.update(group.set_, group.add)
    steps = {n: tuple(v) for n, v in adds.items() if n not in cut}
    # most ways set and add nothing: one copy of that (never changed) for them all
    return (frozenset(cut) if cut else _NO_CUT), (steps if steps else _NO_STEPS)


_NO_CUT: frozenset[str] = frozenset()
_NO_STEPS: dict[str, tuple[Any, ...]] = {}


def _same(value: Any) -> Any:
    return value


def _check(test: Test, value: Any) -> Any:
    if test[0] == "cmp":
        try:
            return _COMPARE[test[1]](value, test[2])
        except TypeError:
            return ("type-error", value)  # comparing text with a number: let it show as is
    if test[0] == "in":
        return (value in test[2]) == test[1]
    if test[0] == "truth":
        return bool(value)
    return value  # OPAQUE: the value itself


def _refine(
    story: Story,
    name: str,
    var: Variable,
    domain: list[Any],
    tests: dict[str, list[Test]],
    ways: dict[str, list[tuple[str, list[Effects]]]],
    memo: dict[Any, Any],
) -> dict[str, dict[Any, int]]:
    """Moore's refinement: start from what each scene tests, split values whose next scenes
    tell them apart, until nothing splits. Works on value positions in `domain`, and revisits
    only the scenes leading to one whose partition just split."""
    moves = memo.get(("carries", name))
    if moves is None:
        moves = memo[("carries", name)] = _carries(story, name, var, domain, ways, memo)
    carries, before = moves
    by_tests: dict[tuple[Test, ...], list[int]] = {(): [0] * len(domain)}  # (many scenes
    block = {}  # test alike: each list of tests told apart once; none tells nothing apart)
    for scene_id in story.scenes:
        own = tuple(tests[scene_id])
        found = by_tests.get(own)
        if found is None:
            found = by_tests[own] = _number([tuple(_check(t, v) for t in own) for v in domain])
        block[scene_id] = found
    sizes = {scene_id: max(b) + 1 for scene_id, b in block.items()}
    queue = deque(reversed(list(story.scenes)))  # stories mostly go forward: ends first
    queued = set(story.scenes)
    while queue:
        scene_id = queue.popleft()
        queued.discard(scene_id)
        if not carries[scene_id] or sizes[scene_id] == len(domain):
            continue
        here = block[scene_id]
        # a scene ahead whose values are all alike cannot split this one's: left out
        ahead = [(block[t], moved) for t, moved in carries[scene_id] if sizes[t] > 1]
        if not ahead:
            continue
        columns = [here, *([after[m] for m in moved] for after, moved in ahead)]
        block[scene_id] = _number(list(zip(*columns, strict=True)))
        size = max(block[scene_id]) + 1
        if size != sizes[scene_id]:
            sizes[scene_id] = size
            for earlier in before[scene_id]:
                if earlier not in queued:
                    queue.append(earlier)
                    queued.add(earlier)
    alike: dict[tuple[int, ...], dict[Any, int]] = {}  # one copy of each, for the scenes alike
    for numbers in block.values():
        as_tuple = tuple(numbers)
        if as_tuple not in alike:
            alike[as_tuple] = dict(zip(domain, numbers, strict=True))
    return {scene_id: alike[tuple(b)] for scene_id, b in block.items()}


def _carries(
    story: Story,
    name: str,
    var: Variable,
    domain: list[Any],
    ways: dict[str, list[tuple[str, list[Effects]]]],
    memo: dict[Any, Any],
) -> tuple[dict[str, list[tuple[str, list[int]]]], dict[str, frozenset[str]]]:
    """For each scene, where each way out takes each value (by position in `domain`; ways that
    `set` it are left out), and for each scene the scenes that lead to it so. Kept for every
    variable: one copy of each list, way and set for the variables alike (most ways leave
    most variables alone), or a 5,000-scene story's took 45 MB."""
    shared: dict[Any, Any] = memo.setdefault("carry copies", {})  # (dropped: see `_relevance`)
    summaries = memo.get("way effects")
    if summaries is None:
        summaries = memo["way effects"] = {
            scene_id: [(target, *_way_effects(effects)) for target, effects in out]
            for scene_id, out in ways.items()
        }
    position = {value: i for i, value in enumerate(domain)}
    # where the steps added on a way take each value (a way that adds nothing: where it was);
    # the same steps recur on many ways, and their lists are shared
    still = list(range(len(domain)))
    moves: dict[tuple[Any, ...], list[int]] = {(): _one_copy(shared, ("moved", *still), still)}
    carries: dict[str, list[tuple[str, list[int]]]] = {}
    before: dict[str, set[str]] = {scene_id: set() for scene_id in story.scenes}
    for scene_id in story.scenes:
        found: list[tuple[str, list[int]]] = []
        for target, cut, adds in summaries[scene_id]:
            if name in cut:
                continue
            steps = adds.get(name, ())
            moved = moves.get(steps)
            if moved is None:
                carry = _carry(var, steps)
                made = [position[carry(v)] for v in domain]
                moved = moves[steps] = _one_copy(shared, ("moved", *made), made)
            way = _one_copy(shared, ("carried", target, id(moved)), (target, moved))
            if way not in found:  # (two ways alike tell nothing more)
                found.append(way)
            before[target].add(scene_id)
        carries[scene_id] = _one_copy(shared, ("carries", *map(id, found)), found)
    alike = {s: _one_copy(shared, frozenset(v)) for s, v in before.items()}
    return carries, alike


def _number(signatures: list[Any]) -> list[int]:
    """Block numbers for a list of signatures: equal signatures, equal numbers, from 0."""
    ids: dict[Any, int] = {}
    return [ids.setdefault(signature, len(ids)) for signature in signatures]


def _live_scenes(
    story: Story,
    name: str,
    tests: dict[str, list[Test]],
    ways: dict[str, list[tuple[str, list[Effects]]]],
) -> set[str]:
    """Scenes from which some test may read the variable before a `set` forgets it."""
    live = {scene_id for scene_id in story.scenes if tests[scene_id]}
    changed = True
    while changed:
        changed = False
        for scene_id in story.scenes:
            if scene_id in live:
                continue
            for target, effects in ways[scene_id]:
                if target in live and not any(name in e.set_ for e in effects):
                    live.add(scene_id)
                    changed = True
                    break
    return live


# -- what a player can observe ---------------------------------------------------------------


def observed_alike(story: Story) -> dict[str, dict[str, dict[Any, int]] | None]:
    """For each variable, per scene, which of its values nothing from there on can tell apart,
    counting everything a player observes: as `relevance`, but a value printed as it is, any
    weight (the odds) and the sidebar (`show: true`) tell every value apart. Values with the
    same number at a scene are alike there. None for a variable with too many values to list.
    The consequence audit (audit.py) asks this of what a choice does."""
    memo = _memo(story)
    found: dict[str, dict[str, dict[Any, int]] | None] | None = memo.get("observed alike")
    if found is not None:
        return found
    tests: dict[str, dict[str, list[Test]]] = {s: {} for s in story.scenes}
    timeline: dict[str, list[Test]] = {}
    declared = story.variables
    for scene_id, names in _kept_exact_for_effects(story).items():
        for name in names:
            tests[scene_id].setdefault(name, []).append(OPAQUE)
    for source in story_sources(story):
        tree = tree_of(source.text, source.kind)
        if tree is None or is_effect(source):
            continue
        into = timeline if source.scene is None else tests[source.scene]
        if _is_weight(source):
            read: list[tuple[str, Test]] = [(n, OPAQUE) for n in _names_in(tree, declared)]
        else:
            found_tests = tests_of(source.text, source.kind, _is_condition(source))
            read = [(n, t or OPAQUE) for n, t in found_tests]
        for name, test in read:
            if name in declared:
                into.setdefault(name, []).append(test)
    for scene_id, scene in story.scenes.items():
        for name, var in declared.items():
            if var.show:
                tests[scene_id].setdefault(name, []).append(OPAQUE)
        if scene.end is not None:
            for name, more in timeline.items():
                tests[scene_id].setdefault(name, []).extend(more)
    ways = memo.get("ways")
    if ways is None:
        ways = memo["ways"] = {s: list(_ways(story, s)) for s in story.scenes}
    found = {}
    for name, var in declared.items():
        domain = domain_of(story, name, var)
        if domain is None:
            found[name] = None
            continue
        per_scene = {s: tests[s].get(name, []) for s in story.scenes}
        signature = (name, tuple(tuple(per_scene[s]) for s in story.scenes))
        blocks = memo.get(signature)  # the explorer's own, where nothing more is observed
        if blocks is None:
            blocks = memo[signature] = _refine(story, name, var, domain, per_scene, ways, memo)
        found[name] = blocks
    memo["observed alike"] = found
    memo.pop("carry copies", None)  # (see `_relevance`)
    return found
