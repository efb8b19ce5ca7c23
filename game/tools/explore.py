"""Walking every branch of a story: a breadth-first explorer, then seeded random playthroughs.

The explorer is ChoiceScript's quicktest made exhaustive: it plays every enabled choice and every
outcome that can happen (weight > 0) from every state it reaches, merging states that nothing ahead
can tell apart (see relevance.py), until nothing new turns up or the bound on states is hit. What
it sees on the way (which conditions came out true or false, which template branches showed, which
choices were offered together) is what the lints judge. Random playthroughs (ChoiceScript's
randomtest) then walk the explored graph with seeded dice, exactly as
`goldilocks play --seed S --choices ...` would.
"""

from __future__ import annotations

import gc
import heapq
import operator
import random
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from game.engine import Engine, GameState, Story, StoryError, StoryRuntimeError, expressions
from game.engine.model import Path
from game.engine.paths import PathStep
from game.engine.transition import Op, Transition, draw_outcome
from game.tools.relevance import (
    Relevance,
    Shown,
    VisitLiveness,
    observation_runs,
    relevance,
    same_representatives,
    visit_liveness,
)
from game.tools.scene_graph import linked_scenes, links_to, predecessors
from game.tools.sources import (
    HelperUse,
    helper_use,
    is_effect,
    is_reply,
    names_read,
    story_sources,
)
from game.tools.templates import instrument

DEFAULT_MAX_STATES = 1_000_000
SEARCH_MAX_STATES = 20_000  # states the default check's search for every scene may keep
TRIES = 16  # states the search expands at one scene before it counts as one link farther
SEARCH_BREADTH = 2_000  # of those, the first found breadth-first (short paths near the start)
WHOLE_FIRST = 20_000  # states tried in one walk showing every text before walking per run
MIN_SHARE = 1_000  # states any one scene may keep at first, however many scenes share the bound
PROGRESS_EVERY = 5_000  # states expanded between two reports to `Explorer.progress`
MAX_TURNS = 5_000  # a random playthrough that has not ended by then is stuck in a loop

# Where a piece of Jinja2 sits: (scene id or None for the manifest, path inside it).
Place = tuple[str | None, Path]


@dataclass(slots=True)
class Edge:
    """One way out of a state: a choice (and, for a random one, an outcome that can happen)."""

    choice: int  # index in the scene's `choices` list
    step: PathStep  # as the player picks it: visible number, and the outcome forced
    weight: float  # the outcome's weight (1 for a plain choice)
    outcomes: int  # how many outcomes the choice has (0 for a plain choice)
    target: int  # the node it leads to; DROPPED when its scene already had its share of states


DROPPED = -1


# A state as the explorer keeps it: (scene, the variables' values in declaration order, visits,
# turn). Plain tuples hash fast and cost little memory; `Explorer.state_of` makes a GameState.
Key = tuple[str, tuple[Any, ...], tuple[tuple[str, int], ...], int]

# A move compiled for one run, from a state as that run keeps it straight to the next state as it
# keeps it (see `Explorer._step`): (scene reached, the values it sets, as kept there; the adds,
# as (position, amount, lowest, highest); the maps to the values kept there, applied after; the
# visits as kept there, from those before, or None when none are kept there).
Step = tuple[
    str,
    tuple[tuple[int, Any], ...],
    tuple[tuple[int, int, int | None, int | None], ...],
    tuple[tuple[int, Callable[[Any], Any]], ...],
    Callable[[tuple[tuple[str, int], ...]], tuple[tuple[str, int], ...]] | None,
]


@dataclass(frozen=True, slots=True)
class _Played:
    """A move with computed or conditional effects: played on each state's own values (see
    `Explorer._played`), as what it does depends on them."""

    move: Transition
    run: int


# A way out of the states alike at a scene, as `Explorer._edges` replays it: (choice index,
# step as the player picks it, weight, number of outcomes, the move compiled).
Way = tuple[int, PathStep, float, int, Step | _Played]


@dataclass(slots=True)
class Node:
    """A distinct state the explorer reached, and how it first got there (for shortest paths)."""

    key: Key
    parent: int | None
    via: PathStep | None
    run: int = 0  # which walk it belongs to (see `relevance.observation_runs`)
    edges: list[Edge] | None = None  # None until expanded

    @property
    def scene(self) -> str:
        return self.key[0]

    @property
    def values(self) -> tuple[Any, ...]:
        return self.key[1]


@dataclass
class Observations:
    """What exploring saw, for the lints to judge."""

    conditions: dict[Place, set[bool]] = field(default_factory=dict)
    branches: dict[Place, set[int]] = field(default_factory=dict)
    offered: dict[str, set[tuple[int, ...]]] = field(default_factory=dict)  # visible together
    soft_locks: dict[str, int] = field(default_factory=dict)  # scene -> first node stuck there
    errors: dict[tuple[str, int, int, str], tuple[StoryError, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Playthrough:
    """One random playthrough: its seed, the choice numbers picked, and where it ended."""

    seed: int
    picks: tuple[int, ...]
    ending: str | None
    scenes: frozenset[str]
    why: str = ""  # why it reached no ending


@dataclass(frozen=True)
class Playthroughs:
    """The random playthroughs' tally: how often each ending and each scene was reached."""

    count: int
    seed: int
    endings: dict[str, int]
    scenes: dict[str, int]
    unfinished: list[tuple[int, tuple[int, ...], str]]  # (seed, choices, why), the first few
    elapsed: float
    examples: dict[str, tuple[int, tuple[int, ...]]] = field(default_factory=dict)
    # ending -> (seed, choices) of the first playthrough that reached it: a golden transcript


def _nothing(values: tuple[Any, ...]) -> tuple[()]:
    return ()


def _clamped(value: int, low: int | None, high: int | None) -> int:
    """An added-to value within its variable's bounds, as the engine clamps it."""
    if low is not None and value < low:
        return low
    if high is not None and value > high:
        return high
    return value


def _same_visits(visits: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    return visits


Visits = tuple[tuple[str, int], ...]


def _remembered(
    move: Callable[[Visits], Visits], shared: dict[Visits, Visits]
) -> Callable[[Visits], Visits]:
    """A move of the visits that works each distinct input out once, and gives the one copy of
    each result that `shared` keeps. A story of thousands of scenes keeps a few visits at most
    states, and the same few thousand sets of them recur over a million states: made anew for
    each, they were a third of the explored graph's memory (5,000-scene story: 600 of 1,900
    bytes a state); looked up, they cost less time than making them did."""
    known: dict[Visits, Visits] = {}

    def remembered(visits: Visits) -> Visits:
        found = known.get(visits)
        if found is None:
            made = move(visits)
            found = known[visits] = shared.setdefault(made, made)
        return found

    return remembered


def _truth(source: str, context: dict[str, Any]) -> bool:
    """A condition's truth (taken inside the guard: an undefined name fails only here)."""
    return bool(expressions.evaluate(source, context))


def _branches_shown(source: str, context: dict[str, Any]) -> frozenset[int]:
    return instrument(source).render(context)[1]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: exploring makes hundreds of thousands of small objects
    and no cycles, and the collector's passes over them cost about a third of the time. While
    the explored graph is alive (up to a million nodes), every full collection walks all of it,
    so whatever runs next to it (playthroughs, lints, reading positions) runs paused too."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Broken(Exception):
    """Expanding this state hit an error in the story (already recorded; the one argument is
    its key in `Observations.errors`)."""


class Explorer:
    """Explores one story. Nodes are numbered in the order found, so the first node found at a
    scene is at the end of a shortest path to it."""

    def __init__(self, story: Story, merge: bool = True) -> None:
        self.story = story
        # False: keep every value and visit as it is (no relevance analysis, which costs several
        # times a load on a big story): for a search that wants paths, not every state
        self.merge = merge
        self.engine = Engine(story)
        self.use: HelperUse = helper_use(story)
        self._any_visits = self.use.any_visits  # read for every move: an attribute, not a property
        self.names = tuple(story.variables)
        self._steps: dict[tuple[str, int, int | None, int], Step | _Played] = {}
        self._visit_sets: dict[Visits, Visits] = {}  # one copy of each set of visits kept
        self._showing: frozenset[Shown] | None = None
        self._runs([None])
        self.share = DEFAULT_MAX_STATES  # most states kept at any one scene while exploring
        self._limit = self.share
        self.elapsed = 0.0
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._key_plans: dict[tuple[str, str], tuple[tuple[str, ...], bool]] = {}
        self._reads_at: dict[str, tuple[Callable[[tuple[Any, ...]], Any], bool, bool]] = {}
        self._names: dict[str, frozenset[str]] | None = None
        # told, now and then, how far a long walk has got (`check` shows it on a terminal)
        self.progress: Callable[[str], None] | None = None

    def _runs(self, shows: list[frozenset[Shown] | None]) -> None:
        """Walk the story once per entry of `shows`: the texts that walk shows (None: all)."""
        self.shows = shows
        scenes = self.story.scenes
        if self.merge:
            self.relevances = [relevance(self.story, one) for one in shows]
            self._visits = [visit_liveness(self.story, one) for one in shows]
        else:
            kept_as_is = Relevance({s: {} for s in scenes}, {}, True, {s: {} for s in scenes})
            self.relevances = [kept_as_is for _ in shows]
            asked = self.use.visits_scenes  # the scenes some `visits`/`visited` names
            some = None
            if asked is not None:
                counted = asked if self.use.visits else frozenset()
                some = VisitLiveness(dict.fromkeys(scenes, asked), counted)
            self._visits = [some for _ in shows]
        self.relevance = self.relevances[0]
        self._plans = [{s: self._plan(s, r) for s in scenes} for r in self.relevances]
        self._steps = {}
        self._visit_sets = {}
        self._reset()

    def _reset(self) -> None:
        self.nodes: list[Node] = []
        self.index: list[dict[Key, int]] = [{} for _ in self.shows]
        self.per_scene: dict[str, int] = {}
        self.dropped = 0  # ways out found beyond a scene's share, over the whole walk
        # per run, the nodes with a way out still DROPPED, in the order they were expanded
        self._dropped_from: list[list[int]] = [[] for _ in self.shows]
        # the offers that broke (with the error they recorded) or left no choice to take: where
        # each first shows is worked out again if the nodes are numbered anew (`_renumber`)
        self._broken_offers: dict[tuple[Any, ...], tuple[str, int, int, str]] = {}
        self._locked_offers: set[tuple[Any, ...]] = set()
        self.seen = Observations()
        self.complete = False
        # what each scene offered, by run and the values it reads: replayed only while the
        # observations it recorded are kept (a new walk records them anew)
        self._offers: dict[tuple[Any, ...], tuple[Way, ...]] = {}

    # -- states -----------------------------------------------------------------------------

    def key_of(self, state: GameState, run: int = 0) -> Key:
        """A game state as the explorer keeps it in a run (see `normalize`)."""
        values = tuple(value for _, value in state.variables)
        return self.normalize(state.scene, values, state.visits, state.turn, run)

    def state_of(self, key: Key) -> GameState:
        """A game state the engine can play from, for a kept state."""
        scene, values, visits, turn = key
        return GameState(scene, tuple(zip(self.names, values, strict=True)), visits, turn)

    def normalize(
        self,
        scene: str,
        values: tuple[Any, ...],
        visits: tuple[tuple[str, int], ...],
        turn: int,
        run: int = 0,
    ) -> Key:
        """The state with what nothing ahead can see dropped: history and dice, the turn unless
        the story reads it, the visits of scenes no read ahead asks about (and their counts
        where only `visited` asks), and the difference between values no test ahead can tell
        apart (see relevance.py), all as far as the run's conditions, weights and texts go.
        Equal normalized states of a run play out the same there."""
        plan = self._plans[run][scene]
        if plan:
            mapped = list(values)
            for position, rule in plan:
                mapped[position] = rule(mapped[position])
            values = tuple(mapped)
        visits = self._normal_visits(scene, visits, run)
        return (scene, values, visits, turn if self.use.turn else 0)

    def _normal_visits(
        self, scene: str, visits: tuple[tuple[str, int], ...], run: int
    ) -> tuple[tuple[str, int], ...]:
        """The visits as `normalize` keeps them at a scene."""
        if not self._any_visits:
            return ()
        liveness = self._visits[run]
        if liveness is not None:
            kept = liveness.kept[scene]
            if visits and kept:
                counted = liveness.counted
                return tuple((s, n if s in counted else 1) for s, n in visits if s in kept)
            return ()
        if not self.use.visits:  # only visited(): whether, not how often
            return tuple((s, 1) for s, _ in visits)
        return visits

    def _plan(
        self, scene_id: str, relevant: Relevance
    ) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
        """How `normalize` treats the variables at a scene: each one not kept as it is is mapped
        to the one value kept for all the values nothing ahead can tell apart from it."""
        kept = relevant.representative[scene_id]
        return tuple((i, kept[name]) for i, name in enumerate(self.names) if name in kept)

    def _node(
        self,
        key: Key,
        parent: int | None,
        via: PathStep | None,
        capped: bool = False,
        run: int = 0,
    ) -> int:
        index = self.index[run]
        found = index.get(key)
        if found is not None:
            return found
        count = self.per_scene.get(key[0], 0)
        if capped and count >= self._limit:
            self.dropped += 1
            dropped_from = self._dropped_from[run]
            if parent is not None and (not dropped_from or dropped_from[-1] != parent):
                dropped_from.append(parent)
            return DROPPED
        self.per_scene[key[0]] = count + 1
        index[key] = len(self.nodes)
        self.nodes.append(Node(key, parent, via, run))
        return len(self.nodes) - 1

    def _start(self, run: int = 0) -> int:
        """The start node of a run (node 0 for the first)."""
        return self._node(self.key_of(self.engine.new_game(seed=0), run), None, None, run=run)

    # -- moving -----------------------------------------------------------------------------

    def advance(
        self,
        scene_id: str,
        values: tuple[Any, ...],
        visits: tuple[tuple[str, int], ...],
        turn: int,
        index: int,
        outcome: int | None,
    ) -> Key:
        """Where a choice (and outcome) takes a state, not yet normalized: the engine's own
        transition (`Engine.transition`, the one `Engine.choose` makes), played on the plain
        tuples the explorer keeps."""
        move = self.engine.transition(scene_id, index, outcome)
        helpers = None
        if move.dynamic:  # what its expressions may read besides the variables
            helpers = self.engine.context(self.state_of((scene_id, values, visits, turn)))
        if self._any_visits:
            visits = move.visits_after(visits)
        return (move.target, tuple(move.values_after(values, helpers)), visits, turn + 1)

    def path_to(self, node_id: int) -> tuple[PathStep, ...]:
        """The choices that first reached a node: a shortest path, as the walk is breadth-first."""
        steps: list[PathStep] = []
        node = self.nodes[node_id]
        while node.via is not None and node.parent is not None:
            steps.append(node.via)
            node = self.nodes[node.parent]
        return tuple(reversed(steps))

    # -- exploring --------------------------------------------------------------------------

    def explore(self, max_states: int = DEFAULT_MAX_STATES, share: int | None = None) -> None:
        """Breadth-first over every state, merging equal ones, until done or `max_states`: one
        walk per run (see `relevance.observation_runs`), the first one from node 0.

        No scene keeps more than its share of the bound at first (`max_states` / scenes, at
        least MIN_SHARE): in a story with millions of states, the bound is then spent across
        the whole story instead of on every variation of its middle, so every scene gets
        explored. What a scene could not keep is remembered, and while the bound is not spent
        the shares are raised and the walk goes on from there (`_spread`), so a story that fits
        is still explored completely, numbered as one walk without shares would have numbered
        it (`_renumber`), and one that does not is walked once. An explicit `share` is never
        raised.

        A small story is walked once, every text shown in one walk; one that takes more than
        WHOLE_FIRST states so is walked once per run instead."""
        started = time.perf_counter()
        scenes = max(1, len(self.story.scenes))
        self.share = min(max_states, max(MIN_SHARE, max_states // scenes))
        if share is not None:
            self.share = self._limit = share
            self._walk(max_states)
        else:
            if len(self.shows) == 1 and self.shows[0] is None and not self.nodes:
                self._limit = max_states + 1  # no cap: the bound on all states is enough
                self._walk(min(max_states, WHOLE_FIRST))
                if not self.complete:
                    self._runs(list(observation_runs(self.story)))
            if not self.complete:
                self._spread(max_states)
        self.elapsed += time.perf_counter() - started

    def seek(
        self,
        max_states: int = SEARCH_MAX_STATES,
        breadth: int = SEARCH_BREADTH,
        playthroughs: int = 0,
        seed: int = 0,
    ) -> Playthroughs | None:
        """A path to every scene, not every state: breadth-first for the first `breadth` states
        (short paths near the start); then `playthroughs` seeded random playthroughs (they
        cross the story fast, and what they find is kept, with how they got there); then
        best-first, always expanding a state at the scene fewest links away from a scene not
        reached yet (by the scene graph, whatever the conditions say; a scene where many
        states were tried counts as farther), until every scene linked from the start is
        reached, nothing is left to expand (then, as with `explore`, `complete`), or more than
        `max_states` states are kept (not counting those the playthroughs kept). Every state
        found stays in the graph, so each later target is sought from all the paths found
        before. Deterministic: the same story gives
        the same states in the same order; ties go to the state found first. Returns the
        playthroughs' tally (None for none)."""
        started = time.perf_counter()
        self._limit = max_states + 1  # no share per scene: the bound on all states is enough
        self.share = max_states
        self._walk(min(max_states, breadth))
        self.elapsed += time.perf_counter() - started
        kept = len(self.nodes)
        runs = self.playthroughs(playthroughs, seed=seed) if playthroughs else None
        started = time.perf_counter()
        if not self.complete:  # the states the playthroughs kept are on top of the bound
            self._best_first(max_states + len(self.nodes) - kept)
        self.elapsed += time.perf_counter() - started
        return runs

    def _best_first(self, max_states: int) -> None:
        before = predecessors(self.story)
        wanted = linked_scenes(self.story) - self.reached_scenes()
        far = len(self.story.scenes) + 1
        nodes = self.nodes
        distance = links_to(before, wanted)
        tried: dict[str, int] = {}  # states expanded at each scene by this search
        heap = [
            (distance.get(node.key[0], far), node_id)
            for node_id, node in enumerate(nodes)
            if node.edges is None
        ]
        heapq.heapify(heap)
        found_since = 0  # wanted scenes reached since the distances were worked out
        since = 0  # states expanded since then
        with collector_paused():
            while heap and wanted and len(nodes) <= max_states:
                near, node_id = heapq.heappop(heap)
                node = nodes[node_id]
                if node.edges is not None:
                    continue
                scene_id = node.key[0]
                done = tried.get(scene_id, 0)
                now = distance.get(scene_id, far) + done // TRIES
                if now > near:  # farther, or more tried, than when it was queued: queue it again
                    heapq.heappush(heap, (now, node_id))
                    continue
                tried[scene_id] = done + 1
                first = len(nodes)
                self.expand(node_id)
                for new in range(first, len(nodes)):
                    scene_id = nodes[new].key[0]
                    if scene_id in wanted:
                        wanted.discard(scene_id)
                        found_since += 1
                    near = distance.get(scene_id, far) + tried.get(scene_id, 0) // TRIES
                    heapq.heappush(heap, (near, new))
                # worked out again as the wanted scenes thin out: after each eighth of them is
                # found, or when the nearest state left heads for a scene found since (at most
                # once every 32 states: working them out costs about as much)
                since += 1
                if found_since and (
                    found_since * 8 >= len(wanted) or (since >= 32 and heap and heap[0][0] == 0)
                ):
                    distance, found_since, since = links_to(before, wanted), 0, 0
        self.complete = not heap and not any(self._dropped_from)

    def _spread(self, max_states: int) -> None:
        """The walk with shares: each time it runs out of states to expand with the bound not
        spent and some scene short of states, every scene may keep twice as many, and the walk
        goes on from the ways out it dropped. Doubling keeps the rounds few (each goes over
        every way out still dropped) while no scene takes more than twice what it needs."""
        self._limit = self.share
        self._walk(max_states)
        raised = False
        while not self.complete and len(self.nodes) <= max_states and any(self._dropped_from):
            self._limit *= 2
            raised = True
            self._walk(max_states, resume=True)
        if raised:
            if self.complete:
                self._renumber()
            else:
                self.share = self._limit

    def _walk(self, max_states: int, resume: bool = False) -> None:
        """Breadth-first, one run after another, from each run's start (and, to `resume`,
        from the ways out each run dropped, as far as the scenes' shares now allow)."""
        with collector_paused():
            for run in range(len(self.shows)):
                before = len(self.nodes)
                self._start(run)
                if resume:
                    self._take_dropped(run, max_states)
                queue = deque(range(before, len(self.nodes)))
                progress, countdown = self.progress, PROGRESS_EVERY
                while queue:
                    if len(self.nodes) > max_states:
                        break
                    node_id = queue.popleft()
                    before = len(self.nodes)
                    self.expand(node_id)
                    queue.extend(range(before, len(self.nodes)))
                    countdown -= 1
                    if not countdown and progress is not None:
                        countdown = PROGRESS_EVERY
                        progress(f"exploring: {len(self.nodes):,} states found")
                if queue:
                    self.complete = False
                    return
        self.complete = not any(self._dropped_from)

    def _take_dropped(self, run: int, max_states: int) -> None:
        """Follow again, in the order they were found, the ways out of a run that were dropped:
        each now leads to a state kept before, or to a new one where its scene has room (to
        be expanded next), or is dropped again."""
        waiting, self._dropped_from[run] = self._dropped_from[run], []
        room = len(self.nodes) + (max_states - len(self.nodes)) // 2
        for position, node_id in enumerate(waiting):
            if len(self.nodes) > room:  # spent: what is left stays dropped
                self._dropped_from[run] += waiting[position:]
                return
            node = self.nodes[node_id]
            for edge in node.edges or ():
                if edge.target == DROPPED:
                    step = self._step(node.scene, edge.choice, edge.step.outcome, run)
                    after = self._successor(node.key, step, node_id)
                    edge.target = self._node(after, node_id, edge.step, True, run)

    def _renumber(self) -> None:
        """Number the nodes, and pick each one's parent, as a single breadth-first walk without
        shares would have: the order of a complete exploration is then the same however often
        the shares were raised, and so are its shortest paths, the first node at each scene,
        and where each error and soft lock first shows."""
        nodes = self.nodes
        new = [-1] * len(nodes)
        order: list[int] = []
        for run in range(len(self.shows)):
            start = self._start(run)
            new[start] = len(order)
            order.append(start)
            head = len(order) - 1
            while head < len(order):
                old = order[head]
                head += 1
                for edge in nodes[old].edges or ():
                    target = edge.target
                    if new[target] < 0:
                        new[target] = len(order)
                        order.append(target)
                        child = nodes[target]
                        child.parent, child.via = old, edge.step
        assert len(order) == len(nodes), "every node is reached from its run's start"
        self.nodes = [nodes[old] for old in order]
        for node in self.nodes:
            if node.parent is not None:
                node.parent = new[node.parent]
            for edge in node.edges or ():
                edge.target = new[edge.target]
        self.index = [{key: new[old] for key, old in index.items()} for index in self.index]
        self._first_shown_again()

    def _first_shown_again(self) -> None:
        """After `_renumber`: each error and soft lock with the first node (in the new order)
        whose offer shows it, and in that order, as a walk in that order records them."""
        scenes = {offer[0] for offer in (*self._broken_offers, *self._locked_offers)}
        if not scenes:
            return
        errors: dict[tuple[str, int, int, str], int] = {}
        locks: dict[str, int] = {}
        for node_id, node in enumerate(self.nodes):
            if node.scene in scenes:
                offer = self._offer_key(node.run, node.key)
                error = self._broken_offers.get(offer)
                if error is not None:
                    errors.setdefault(error, node_id)
                elif offer in self._locked_offers:
                    locks.setdefault(node.scene, node_id)
        seen = self.seen
        first = sorted(errors.items(), key=operator.itemgetter(1))
        seen.errors = {error: (seen.errors[error][0], node_id) for error, node_id in first}
        seen.soft_locks = dict(sorted(locks.items(), key=operator.itemgetter(1)))

    @property
    def exact(self) -> bool:
        """Whether what exploring saw is exactly what play can do: every state covered, and none
        given up because the story failed there (past a failure, play cannot go on)."""
        return self.complete and not self.seen.errors

    @property
    def expanded(self) -> int:
        return sum(1 for n in self.nodes if n.edges is not None)

    def expand(self, node_id: int) -> list[Edge]:
        """The ways out of a node (computed once), recording what the story showed on the way."""
        node = self.nodes[node_id]
        if node.edges is not None:
            return node.edges
        node.edges = []
        try:  # (not `suppress`: its three calls cost more than this, a million times over)
            edges = self._edges(node_id, node.key)
        except _Broken:
            return node.edges
        node.edges = edges
        return edges

    def _edges(self, node_id: int, key: Key) -> list[Edge]:
        """The ways out of a state. What a scene offers depends only on the values its texts,
        conditions and weights read, so it is worked out once per scene, run and such values
        (what it showed recorded then), and replayed for every other state alike there."""
        run = self.nodes[node_id].run
        scene_id = key[0]
        offer = self._offer_key(run, key)
        ways = self._offers.get(offer)
        if ways is None:
            try:
                moves = self._offer(node_id, key)
            except _Broken as broken:
                self._offers[offer] = ()
                self._broken_offers[offer] = broken.args[0]
                raise
            if not moves and self.story.scenes[scene_id].end is None:
                self._locked_offers.add(offer)  # no choice to take (see `_offer`)
            ways = self._offers[offer] = self._ways(scene_id, run, moves)
        edges: list[Edge] = []
        successor, node = self._successor, self._node
        for index, step, weight, outcomes, move in ways:
            target = node(successor(key, move, node_id), node_id, step, True, run)
            edges.append(Edge(index, step, weight, outcomes, target))
        return edges

    def _offer_key(self, run: int, key: Key) -> tuple[Any, ...]:
        """What a state's offer depends on: its scene, run, and what that scene reads of it."""
        scene_id = key[0]
        reads = self._reads_at.get(scene_id)
        if reads is None:
            reads = self._reads_at[scene_id] = self._scene_reads(scene_id)
        pick, visits, turn = reads
        return (scene_id, run, pick(key[1]), key[2] if visits else (), key[3] if turn else 0)

    def _ways(
        self, scene_id: str, run: int, moves: tuple[tuple[int, int, int | None, float, int], ...]
    ) -> tuple[Way, ...]:
        """An offer's moves as `_edges` replays them: each compiled once per run."""
        return tuple(
            (
                index,
                PathStep(shown, outcome),
                weight,
                outcomes,
                self._step(scene_id, index, outcome, run),
            )
            for index, shown, outcome, weight, outcomes in moves
        )

    def _successor(self, key: Key, step: Step | _Played, node_id: int) -> Key:
        """The state a compiled move takes a kept state to, as its run keeps it there: what
        `advance` then `normalize` give, in a few list operations."""
        if type(step) is _Played:
            return self._played(key, step, node_id)
        assert type(step) is tuple
        _, values, visits, turn = key
        target, sets, adds, rules, visits_after = step
        changed = list(values)
        for position, value in sets:
            changed[position] = value
        for position, amount, low, high in adds:
            new = changed[position] + amount
            if low is not None and new < low:
                new = low
            elif high is not None and new > high:
                new = high
            changed[position] = new
        for position, rule in rules:
            changed[position] = rule(changed[position])
        kept = visits_after(visits) if visits_after is not None else ()
        return (target, tuple(changed), kept, turn + 1 if self.use.turn else 0)

    def _played(self, key: Key, played: _Played, node_id: int) -> Key:
        """The state a move with computed or conditional effects takes a kept state to: the
        engine's transition played on the values (those it reads or changes are kept exact at
        this scene, see `relevance`), recording what each `when` condition came out as; then
        kept as the run keeps states at the scene reached."""
        _, values, visits, turn = key
        state = self.state_of(key)
        try:
            after = played.move.values_after(values, self.engine.context(state), self._observed)
        except StoryRuntimeError as exc:
            raise _Broken(self._record(exc.error, node_id)) from None
        if self._any_visits:
            visits = played.move.visits_after(visits)
        return self.normalize(played.move.target, tuple(after), visits, turn + 1, played.run)

    def _observed(self, scene_id: str, path: Path, holds: bool) -> None:
        self.seen.conditions.setdefault((scene_id, path), set()).add(holds)

    def _step(self, scene_id: str, index: int, outcome: int | None, run: int) -> Step | _Played:
        """A move compiled for a run. A variable the move sets ends up a constant, so it is set
        to the value kept for it at the scene reached; one it only adds to is added to, then
        mapped; and one it leaves alone is mapped only when the scene reached keeps it
        differently from this one (a value this one kept is otherwise kept as it is)."""
        found = self._steps.get((scene_id, index, outcome, run))
        if found is not None:
            return found
        move = self.engine.transition(scene_id, index, outcome)
        if move.dynamic:
            played = self._steps[(scene_id, index, outcome, run)] = _Played(move, run)
            return played
        target, ops = move.target, move.ops
        here, there = dict(self._plans[run][scene_id]), dict(self._plans[run][target])
        by_position: dict[int, list[Op]] = {}
        for op in ops:
            assert type(op) is tuple  # (a move with any other is `_Played`)
            by_position.setdefault(op[0], []).append(op)
        sets: list[tuple[int, Any]] = []
        adds: list[tuple[int, int, int | None, int | None]] = []
        rules: list[tuple[int, Callable[[Any], Any]]] = []
        for position, done in by_position.items():
            last_set = max((i for i, op in enumerate(done) if op[1] is not None), default=None)
            if last_set is None:
                adds += [(position, amount, low, high) for _, _, amount, low, high in done]
                if position in there:
                    rules.append((position, there[position]))
                continue
            value: Any = done[last_set][1]
            for _, _, amount, low, high in done[last_set + 1 :]:
                value = _clamped(value + amount, low, high)
            sets.append((position, there[position](value) if position in there else value))
        for position, rule in there.items():
            if position in by_position:
                continue
            if position in here and same_representatives(here[position], rule):
                continue
            rules.append((position, rule))
        visits = self._visits_after(scene_id, target, run)
        step = (target, tuple(sets), tuple(adds), tuple(rules), visits)
        self._steps[(scene_id, index, outcome, run)] = step
        return step

    def _visits_after(
        self, source: str, target: str, run: int
    ) -> Callable[[tuple[tuple[str, int], ...]], tuple[tuple[str, int], ...]] | None:
        """How going from one scene to another changes the visits as a run keeps them there
        (None: it keeps none there, so there is nothing to count). The visits come as the run
        keeps them at `source`: only scenes kept there, counts only where they are read."""
        if not self._any_visits:
            return None
        liveness = self._visits[run]
        if liveness is None:

            def arrive(visits: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
                counts = dict(visits)
                counts[target] = counts.get(target, 0) + 1
                return self._normal_visits(target, tuple(sorted(counts.items())), run)

            return arrive
        kept, counted = liveness.kept[target], liveness.counted
        if not kept:
            return None
        if target not in kept:  # its own visit is not kept there: nothing to count
            if liveness.kept[source] <= kept:
                return _same_visits  # and every visit kept before is kept there

            def forget(visits: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
                return tuple(visit for visit in visits if visit[0] in kept)

            return _remembered(forget, self._visit_sets)

        def count(visits: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
            counts = {s: n for s, n in visits if s in kept}
            counts[target] = counts.get(target, 0) + 1
            return tuple((s, n if s in counted else 1) for s, n in sorted(counts.items()))

        return _remembered(count, self._visit_sets)

    def _scene_reads(self, scene_id: str) -> tuple[Callable[[tuple[Any, ...]], Any], bool, bool]:
        """What a scene's offer depends on: a function picking the values its Jinja2 reads out
        of a state's values, and whether it reads the visits, and the turn."""
        names = set(self._names_at()[scene_id])
        positions = [i for i, name in enumerate(self.names) if name in names]
        pick: Callable[[tuple[Any, ...]], Any]
        if not positions:
            pick = _nothing
        elif len(positions) == 1:
            pick = operator.itemgetter(positions[0], positions[0])
        else:
            pick = operator.itemgetter(*positions)
        return pick, bool(names & {"visits", "visited"}), "turn" in names

    def _names_at(self) -> dict[str, frozenset[str]]:
        """For each scene, every name its Jinja2 reads (an ending's: the timeline's too)."""
        if self._names is None:
            found: dict[str, set[str]] = {scene_id: set() for scene_id in self.story.scenes}
            timeline: set[str] = set()
            for source in story_sources(self.story):
                if is_effect(source) or is_reply(source):
                    continue  # read as a move is played, or after it: never by the offer
                names = names_read(source.text, source.kind)
                if source.scene is None:
                    timeline |= names
                else:
                    found[source.scene] |= names
            for scene_id, scene in self.story.scenes.items():
                if scene.end is not None:
                    found[scene_id] |= timeline
            self._names = {scene_id: frozenset(names) for scene_id, names in found.items()}
        return self._names

    def _offer(self, node_id: int, key: Key) -> tuple[tuple[int, int, int | None, float, int], ...]:
        """What a state is offered: (choice index, visible index, outcome or None, weight,
        number of outcomes) for every way out, recording what its texts and tests showed."""
        story, engine = self.story, self.engine
        run = self.nodes[node_id].run
        self._showing = self.shows[run]
        state = self.state_of(key)
        scene_id = state.scene
        scene = story.scenes[scene_id]
        context = engine.context(state)
        self._template(scene_id, ("title",), scene.title, context, node_id, state)
        self._template(scene_id, ("text",), scene.text, context, node_id, state)
        if scene.end is not None:
            self._consequences(context, node_id, state)
            return ()
        visible: list[tuple[int, int]] = []  # (index in scene, visible index)
        enabled: list[tuple[int, int]] = []
        for index, choice in enumerate(scene.choices):
            path: Path = ("choices", index)
            if choice.if_ is not None and not self._condition(
                scene_id, (*path, "if"), choice.if_, context, node_id, state
            ):
                continue
            shown = len(visible)
            visible.append((index, shown))
            self._template(scene_id, (*path, "label"), choice.label, context, node_id, state)
            if choice.enabled_if is None or self._condition(
                scene_id, (*path, "enabled_if"), choice.enabled_if, context, node_id, state
            ):
                enabled.append((index, shown))
            elif choice.disabled_reason is not None:
                reason_path: Path = (*path, "disabled_reason")
                self._template(
                    scene_id, reason_path, choice.disabled_reason, context, node_id, state
                )
        self.seen.offered.setdefault(scene_id, set()).add(tuple(i for i, _ in visible))
        if not enabled:
            self.seen.soft_locks.setdefault(scene_id, node_id)
            return ()
        moves: list[tuple[int, int, int | None, float, int]] = []
        for index, shown in enabled:
            choice = scene.choices[index]
            if choice.outcomes is None:
                moves.append((index, shown, None, 1.0, 0))
                continue
            weights = self._weights(node_id, state, shown, index, context)
            for outcome, weight in enumerate(weights):
                if weight > 0:
                    moves.append((index, shown, outcome, weight, len(weights)))
        return tuple(moves)

    def _follow(
        self,
        node_id: int,
        key: Key,
        shown: int,
        index: int,
        outcome: int | None,
        capped: bool = True,
        run: int = 0,
    ) -> int:
        """The node a choice (and outcome) that is offered and enabled leads to (DROPPED when
        exploring and its scene has had its share)."""
        after = self._successor(key, self._step(key[0], index, outcome, run), node_id)
        return self._node(after, node_id, PathStep(shown, outcome), capped, run)

    def _weights(
        self, node_id: int, state: GameState, shown: int, index: int, context: dict[str, Any]
    ) -> list[float]:
        """The outcomes' weights, worked out once per distinct set of values they read; anything
        odd (not a number, negative, all zero) is left to the engine to report in its words."""
        choice = self.story.scenes[state.scene].choices[index]
        assert choice.outcomes is not None
        weights: list[float] = []
        for outcome in choice.outcomes:
            weight: Any = outcome.chance
            if isinstance(weight, str):
                source: str = weight
                key = self._memo_key(source, "expression", context, state)
                if key not in self._memo:
                    work = partial(expressions.evaluate, source, context)
                    self._memo[key] = self._guard(node_id, state, work)
                weight = self._memo[key]
            if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
                break
            weights.append(float(weight))
        if len(weights) == len(choice.outcomes) and sum(weights) > 0:
            return weights
        return list(self._guard(node_id, state, lambda: self.engine.weights(state, shown)))

    def _consequences(self, context: dict[str, Any], node_id: int, state: GameState) -> None:
        for index, item in enumerate(self.story.manifest.consequences):
            path: Path = ("consequences", index)
            if self._showing is not None and (state.scene, None, path) not in self._showing:
                continue  # another run shows it
            if item.if_ is not None and not self._condition(
                None, (*path, "if"), item.if_, context, node_id, state
            ):
                continue
            self._template(None, (*path, "text"), item.text, context, node_id, state)

    # -- evaluating, with what was seen recorded --------------------------------------------

    def _memo_key(self, source: str, kind: str, context: dict[str, Any], state: GameState) -> Any:
        """What an expression's value can depend on: the names it reads, and nothing else."""
        plan = self._key_plans.get((source, kind))
        if plan is None:
            names = names_read(source, kind)
            helpers = names & {"visits", "visited"}
            plan = self._key_plans[(source, kind)] = (tuple(sorted(names - helpers)), bool(helpers))
        names_of, visits = plan
        key = (source, kind, *map(context.get, names_of))
        return (*key, state.visits) if visits else key

    def _condition(
        self,
        scene_id: str | None,
        path: Path,
        source: str,
        context: dict[str, Any],
        node_id: int,
        state: GameState,
    ) -> bool:
        key = self._memo_key(source, "expression", context, state)
        value = self._memo.get(key)
        if value is None:
            work = partial(_truth, source, context)
            value = self._guard(node_id, state, work, (scene_id, path))
            self._memo[key] = value
        self.seen.conditions.setdefault((scene_id, path), set()).add(value)
        return bool(value)

    def _template(
        self,
        scene_id: str | None,
        path: Path,
        source: str,
        context: dict[str, Any],
        node_id: int,
        state: GameState,
    ) -> None:
        if "{" not in source:
            return
        showing = self._showing
        if (
            showing is not None
            and scene_id is not None
            and (scene_id, scene_id, path) not in showing
        ):
            return  # another run shows it, keeping what it tests
        key = self._memo_key(source, "template", context, state)
        shown = self._memo.get(key)
        if shown is None:
            rendered = instrument(source)
            if rendered.branches:
                shown = self._guard(
                    node_id, state, partial(_branches_shown, source, context), (scene_id, path)
                )
            else:
                render = partial(expressions.render, source, context)
                self._guard(node_id, state, render, (scene_id, path))
                shown = frozenset()
            self._memo[key] = shown
        if shown or instrument(source).branches:
            self.seen.branches.setdefault((scene_id, path), set()).update(shown)

    def _guard(
        self, node_id: int, state: GameState, work: Callable[[], Any], place: Place | None = None
    ) -> Any:
        """Run `work`; on a story error, record it (in the engine's words) and give up the state."""
        try:
            return work()
        except StoryRuntimeError as exc:
            recorded = self._record(exc.error, node_id)
        except Exception as exc:
            recorded = self._record(self._engine_error(state, place, exc), node_id)
        raise _Broken(recorded)

    def _engine_error(self, state: GameState, place: Place | None, exc: Exception) -> StoryError:
        """The error the engine itself reports for this state, so messages read as in play;
        failing that, one of ours pointing at the piece of Jinja2 that failed."""
        engine = self.engine
        try:
            view = engine.view(state)
            for choice in view.choices:
                if choice.random:
                    engine.weights(state, choice.number - 1)
        except StoryRuntimeError as error:
            return error.error
        except Exception:  # the engine fails without saying where: say it below
            pass
        scene_id, path = place if place is not None else (state.scene, ())
        if scene_id is None:
            file, line, column = self.story.locate_manifest(*path)
        else:
            file, line, column = self.story.locate(scene_id, *path)
        where = f"in scene '{scene_id}': " if scene_id is not None else ""
        what = f"'{path[-1]}'" if path else "the scene"
        reason = (str(exc) or type(exc).__name__).splitlines()[0]
        message = f"{where}{what} could not be worked out: {reason}"
        return StoryError(file, line, column, message, "runtime")

    def _record(self, error: StoryError, node_id: int) -> tuple[str, int, int, str]:
        key = (error.file, error.line, error.column, error.message)
        self.seen.errors.setdefault(key, (error, node_id))
        return key

    # -- what was reached -------------------------------------------------------------------

    def reached_scenes(self) -> set[str]:
        """Every scene with a node (as counted when each node was made)."""
        return {scene for scene, count in self.per_scene.items() if count}

    def first_node_at(self) -> dict[str, int]:
        """For each scene reached, the first node found there (the end of a shortest path)."""
        first: dict[str, int] = {}
        for node_id, node in enumerate(self.nodes):
            first.setdefault(node.scene, node_id)
        return first

    def shortest_paths(self) -> dict[str, tuple[PathStep, ...]]:
        return {scene: self.path_to(n) for scene, n in self.first_node_at().items()}

    def taken_edges(self) -> set[tuple[str, int, int | None]]:
        """(scene, choice index, outcome index or None) for every way out the explorer took.
        Every expanded node's ways out are those of its offer, and every offer was worked out
        for a node, so the offers tell it without going over every edge."""
        return {
            (offer[0], way[0], way[1].outcome)
            for offer, ways in self._offers.items()
            for way in ways
        }

    def trapped(self) -> dict[str, int]:
        """Scenes with a state from which no ending can be reached (judged only when complete),
        each with the first such node; soft locks and broken states are reported on their own."""
        if not self.exact:
            return {}
        with collector_paused():
            return self._trapped()

    def _trapped(self) -> dict[str, int]:
        """Nodes are numbered breadth-first, so most ways out lead to a later node: one pass
        from the last node back marks almost every node that can end; only the nodes left
        (loops back to earlier nodes, and the trapped) need the ways into them followed back."""
        nodes = self.nodes
        endings = {s for s, scene in self.story.scenes.items() if scene.end is not None}
        can_end = [node.key[0] in endings for node in nodes]
        left: list[int] = []  # not marked by the pass, from the last
        for node_id in range(len(nodes) - 1, -1, -1):
            if can_end[node_id]:
                continue
            for edge in nodes[node_id].edges or ():
                if can_end[edge.target]:
                    can_end[node_id] = True
                    break
            else:
                left.append(node_id)
        left.reverse()
        back: dict[int, list[int]] = {}
        for node_id in left:
            for edge in nodes[node_id].edges or ():
                back.setdefault(edge.target, []).append(node_id)
        queue = deque(target for target in back if can_end[target])
        while queue:
            for before in back.get(queue.popleft(), ()):
                if not can_end[before]:
                    can_end[before] = True
                    queue.append(before)
        trapped: dict[str, int] = {}
        for node_id in left:
            if not can_end[node_id] and nodes[node_id].edges:
                trapped.setdefault(nodes[node_id].key[0], node_id)
        return trapped

    # -- random playthroughs ----------------------------------------------------------------

    def playthroughs(self, count: int, seed: int = 0, max_turns: int = MAX_TURNS) -> Playthroughs:
        """`count` random playthroughs, the i-th with seed `seed + i`."""
        started = time.perf_counter()
        endings: dict[str, int] = {}
        scenes: dict[str, int] = {}
        unfinished: list[tuple[int, tuple[int, ...], str]] = []
        examples: dict[str, tuple[int, tuple[int, ...]]] = {}
        progress = self.progress
        # no cycles are made here either, and the explored graph can hold a million nodes that
        # every full collection would walk: a pause of seconds over a thousand playthroughs
        with collector_paused():
            for run in range(count):
                if progress is not None and not run % 50:
                    progress(f"random playthroughs: {run:,} of {count:,}")
                one = self.playthrough(seed + run, max_turns)
                for scene_id in one.scenes:
                    scenes[scene_id] = scenes.get(scene_id, 0) + 1
                if one.ending is not None:
                    endings[one.ending] = endings.get(one.ending, 0) + 1
                    examples.setdefault(one.ending, (one.seed, one.picks))
                elif len(unfinished) < 5:
                    unfinished.append((one.seed, one.picks, one.why))
        elapsed = time.perf_counter() - started
        return Playthroughs(count, seed, endings, scenes, unfinished, elapsed, examples)

    def playthrough(self, seed: int, max_turns: int = MAX_TURNS) -> Playthrough:
        """One random playthrough: `seed` drives both the choices picked (uniformly among the
        enabled ones) and the story's own dice, so it replays exactly with
        `goldilocks play --plain --seed SEED --choices PICKS`.

        It walks the explored graph. Where exploring treated a weight's variables as unread
        (see relevance.py), the odds come from the real values, followed alongside."""
        self._start()
        picker = random.Random(seed)
        rng = seed  # the engine's dice start at the seed, as in new_game(seed)
        real = None
        if not self.relevance.exact_weights:
            real = tuple(value for _, value in self.engine.new_game(seed=seed).variables)
        node_id = 0
        picks: list[int] = []
        visited: set[str] = set()
        for _ in range(max_turns):
            node = self.nodes[node_id]
            visited.add(node.scene)
            end = self.story.scenes[node.scene].end
            if end is not None:
                return Playthrough(seed, tuple(picks), end, frozenset(visited))
            edges = self.expand(node_id)
            if not edges:
                why = f"stuck in scene '{node.scene}'"
                return Playthrough(seed, tuple(picks), None, frozenset(visited), why)
            numbers = sorted({e.step.choice for e in edges})
            pick = picker.choice(numbers)
            picks.append(pick + 1)
            ways = [e for e in edges if e.step.choice == pick]
            outcome = None
            if ways[0].step.outcome is not None:
                weights = [0.0] * ways[0].outcomes
                for way in ways:
                    assert way.step.outcome is not None
                    weights[way.step.outcome] = way.weight
                if real is not None:
                    _, _, visits, turn = node.key
                    state = self.state_of((node.scene, real, visits, turn))
                    weights = self.engine.weights(state, pick)
                rng, outcome = draw_outcome(weights, rng)
            if real is not None:
                _, _, visits, turn = node.key
                real = self.advance(node.scene, real, visits, turn, ways[0].choice, outcome)[1]
            way = next(w for w in ways if w.step.outcome == outcome)
            if way.target == DROPPED:  # beyond what exploring kept: keep it now
                way.target = self._follow(
                    node_id, node.key, pick, way.choice, outcome, False, node.run
                )
            node_id = way.target
        why = f"no ending after {max_turns:,} choices"
        return Playthrough(seed, tuple(picks), None, frozenset(visited), why)
