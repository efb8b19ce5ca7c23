"""The explorer's states: how a game state is kept (a plain tuple, with what nothing ahead can
see dropped), the graph of states found and how each was first reached, and the walks (runs)
they belong to. The layers above add the moves (moves.py), what a state offers (offers.py),
what was reached (reached.py), random playthroughs (playthroughs.py) and the searches
(search.py)."""

from __future__ import annotations

import gc
import hashlib
import marshal
import operator
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import reduce
from typing import Any, overload

from game.engine import Engine, GameState, Story, StoryError
from game.engine.node_path import NodePath
from game.engine.paths import PathStep
from game.engine.transition import Transition
from game.tools.relevance import (
    Relevance,
    Shown,
    VisitLiveness,
    relevance,
    visit_liveness,
)
from game.tools.sources import HelperUse, helper_use

# the exhaustive walk's bound: at about 250 bytes a state (digests past COMPACT_AFTER), 8 million
# states are about 2 GB above a load (measured: 1.28 GB peak at 4.9 million, 1.67 GB at 6.3
# million).
# Raised from 2 million in session 17, from 3 million in session 21, from 4 million in session 22
# and from 6 million in session 23, when the shipped story reached 6.3 million states: every late
# line that remembers an early choice costs thousands, and a condition or weight that reads a fact
# no other one reads costs far more (one at the cycler hearing made Margo's offer live in every run
# of the walk: a million states; Kelly's knowledge in the intrusion's odds: over three million)
DEFAULT_MAX_STATES = 8_000_000
# states a walk keeps whole (a few tens of MB) before it keeps a digest of each instead (see
# `digest`): below, a walk is faster and no collision can hide a state; above, memory counts
COMPACT_AFTER = 100_000

# Where a piece of Jinja2 sits: (scene id or None for the manifest, path inside it).
Place = tuple[str | None, NodePath]


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
# visits as kept there, from those before, or None when none are kept there; the positions of
# the values it may change, each once with its numbers in `Digests.values`, for the digest:
# see `Digests.after`; and the number of the scene reached, the same).
Step = tuple[
    str,
    tuple[tuple[int, Any], ...],
    tuple[tuple[int, int, int | None, int | None], ...],
    tuple[tuple[int, Callable[[Any], Any]], ...],
    Callable[[tuple[tuple[str, int], ...]], tuple[tuple[str, int], ...]] | None,
    tuple[tuple[int, dict[Any, int]], ...],
    int,
]


@dataclass(frozen=True, slots=True)
class PlayedMove:
    """A move with computed or conditional effects: played on each state's own values (see
    `Moves._played`), as what it does depends on them."""

    move: Transition
    run: int


# A way out of the states alike at a scene, as `Explorer._edges` replays it: (choice index,
# step as the player picks it, weight, number of outcomes, the move compiled).
Way = tuple[int, PathStep, float, int, Step | PlayedMove]


@dataclass(slots=True)
class Node:
    """A distinct state the explorer reached, and how it first got there (for shortest paths):
    made on demand from the explored graph's arrays (see `ExploredStates.nodes`)."""

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


UNEXPANDED = -1  # in `ExploredStates._offer_of`: the node's ways out not worked out yet
DIGEST_BITS = 64


SCENE, VISITS, TURN = -1, -2, -3  # the parts of a state besides its values (at 0, 1, ...)


def part_digest(part: int, value: Any) -> int:
    """The 64-bit number a state's digest takes for one part having one value: BLAKE2b of the
    marshal format-2 serialisation of (part, value) (no references, so the same bytes for the
    same values in every process, on every machine; distinct for distinct values)."""
    data = marshal.dumps((part, value), 2)
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def digest(key: Key) -> int:
    """A state's 64-bit digest, what the visited set keeps of it instead of the state (SPIN's
    hash compaction), made as Zobrist hashing makes one: the XOR of the numbers `part_digest`
    gives its scene, its visits, its turn and each variable's value (by position). Two
    distinct states differ in some part, whose number for the one state's value enters the
    XOR of the two digests once and nothing else does (a random function, as BLAKE2b is taken
    to be, gives it at random), so they share a digest with chance 2^-64: `collision_bound`
    holds. And a move changing a few parts changes the digest by those parts' numbers alone
    (see `Digests`), instead of a hash of the whole state each time."""
    scene, values, visits, turn = key
    number = part_digest(SCENE, scene) ^ part_digest(VISITS, visits) ^ part_digest(TURN, turn)
    for position, value in enumerate(values):
        number ^= part_digest(position, value)
    return number


class _Numbers(dict[Any, int]):
    """One part's numbers (see `part_digest`), each worked out the first time it is asked for."""

    __slots__ = ("part",)

    def __init__(self, part: int) -> None:
        super().__init__()
        self.part = part

    def __missing__(self, value: Any) -> int:
        number = self[value] = part_digest(self.part, value)
        return number


class Digests:
    """`digest` with each part's numbers remembered: one table for the scenes, one for the
    visits, one for the turns and one per variable."""

    def __init__(self, variables: int) -> None:
        self.scenes = _Numbers(SCENE)
        self.visits = _Numbers(VISITS)
        self.turns = _Numbers(TURN)
        self.values = [_Numbers(position) for position in range(variables)]

    def of(self, key: Key) -> int:
        """The digest of a state (the same number as `digest`)."""
        scene, values, visits, turn = key
        number = self.scenes[scene] ^ self.visits[visits] ^ self.turns[turn]
        return reduce(operator.xor, map(operator.getitem, self.values, values), number)

    def after(self, number: int, key: Key, step: Step | PlayedMove, after: Key) -> int:
        """The digest of the state `after` a move takes a state `key` to, `number` that one's:
        its number with those of the parts the move may change swapped, its scene, its visits,
        its turn and the values at the positions the move may change (a move played on the
        values: the whole state's). `Offers._edges` does the same, inline."""
        if type(step) is PlayedMove:
            return self.of(after)
        assert type(step) is tuple
        scene, values, visits, turn = key
        _, now, visits_after, turn_after = after
        number ^= self.scenes[scene] ^ step[6]
        number ^= self.turns[turn] ^ self.turns[turn_after]
        if visits_after is not visits:
            number ^= self.visits[visits] ^ self.visits[visits_after]
        for position, table in step[5]:
            was, value = values[position], now[position]
            if was is not value:
                number ^= table[was] ^ table[value]
        return number


def collision_bound(states: int) -> float:
    """At most the chance that two of `states` distinct states share a digest, so that one was
    taken for the other and what lies beyond it was never walked: n(n-1)/2 pairs, each alike
    with chance 2^-64."""
    return states * (states - 1) / 2 / float(1 << DIGEST_BITS)


class NodesView(Sequence[Node]):
    """The explored graph as a sequence of `Node`s, each made when asked for (its key rebuilt by
    replaying the moves from its run's start when it is no longer kept): for tests and small
    stories; the explorer itself reads the arrays."""

    def __init__(self, states: ExploredStates) -> None:
        self._states = states

    def __len__(self) -> int:
        return len(self._states._parent)

    @overload
    def __getitem__(self, index: int) -> Node: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Node]: ...

    def __getitem__(self, index: int | slice) -> Node | Sequence[Node]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        states = self._states
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        parent = states._parent[index]
        via = states._via[index]
        return Node(
            states.key_at(index),
            None if parent < 0 else parent,
            None if via < 0 else states._path_steps[via],
            states._run_of[index],
            states.edges_of(index),
        )


@dataclass
class Observations:
    """What exploring saw, for the lints to judge."""

    conditions: dict[Place, set[bool]] = field(default_factory=dict)
    branches: dict[Place, set[int]] = field(default_factory=dict)
    offered: dict[str, set[tuple[int, ...]]] = field(default_factory=dict)  # visible together
    soft_locks: dict[str, int] = field(default_factory=dict)  # scene -> first node stuck there
    errors: dict[tuple[str, int, int, str], tuple[StoryError, int]] = field(default_factory=dict)


Visits = tuple[tuple[str, int], ...]


def _one_plan(
    plans: dict[tuple[tuple[int, int], ...], tuple[tuple[int, Callable[[Any], Any]], ...]],
    plan: tuple[tuple[int, Callable[[Any], Any]], ...],
) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
    """One copy of each plan for the scenes (and runs) alike (see `ExploredStates._plan`): by
    the maps' identities, which the plan kept keeps alive."""
    return plans.setdefault(tuple((i, id(rule)) for i, rule in plan), plan)


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


class ExploredStates:
    """The states one story's explorer has found. Nodes are numbered in the order found, so the
    first node found at a scene is at the end of a shortest path to it."""

    def __init__(self, story: Story, merge: bool = True) -> None:
        self.story = story
        # False: keep every value and visit as it is (no relevance analysis, which costs several
        # times a load on a big story): for a search that wants paths, not every state
        self.merge = merge
        self.engine = Engine(story)
        self.use: HelperUse = helper_use(story)
        self._any_visits = self.use.any_visits  # read for every move: an attribute, not a property
        self._turn_read = self.use.turn  # (and whether the turn is read)
        self.names = tuple(story.variables)
        self._steps: dict[tuple[str, int, int | None, int], Step | PlayedMove] = {}
        # when merging, past COMPACT_AFTER states the visited set keeps a 64-bit digest of each
        # state, not the state (see `digest`); a search (no merging) keeps them all, and works
        # out no digest (so this is set before exploring, never during a walk)
        self.compact_after: int | None = COMPACT_AFTER if merge else None
        self.digests = Digests(len(self.names))
        self._path_steps: list[PathStep] = []  # each step a node was first reached by, once
        self._path_step_ids: dict[PathStep, int] = {}
        self._scene_names = list(story.scenes)
        self._scene_numbers = {scene_id: n for n, scene_id in enumerate(self._scene_names)}
        self._visit_sets: dict[Visits, Visits] = {}  # one copy of each set of visits kept
        self._visit_pairs: dict[tuple[str, int], tuple[str, int]] = {}  # and of each visit
        self._visit_caches: list[dict[Visits, Visits]] = []  # (see `Moves.forget_visit_moves`)
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
        plans: dict[tuple[tuple[int, int], ...], tuple[tuple[int, Callable[[Any], Any]], ...]] = {}
        self._plans = [
            {s: _one_plan(plans, self._plan(s, r)) for s in scenes} for r in self.relevances
        ]
        self._steps = {}
        self._visit_sets = {}
        self._visit_pairs = {}
        self._visit_caches = []
        self._reset()

    def _reset(self) -> None:
        # The explored graph, one entry per node in each array (nodes are numbered in the order
        # found): how it was first reached (parent node, -1 for a run's start; the step, as an
        # index in `_path_steps`), its run, its scene (an index in `_scene_names`), its offer
        # (an index in `_offer_list`; UNEXPANDED; or -2 - the offer when playing one of its
        # moves failed, so it has no ways out) and where its ways out start in `_targets`
        # (one node a way, in the offer's order, or DROPPED).
        self._parent = array("i")
        self._via = array("i")
        self._run_of = array("B" if len(self.shows) < 256 else "H")
        self._scene_of = array("H" if len(self._scene_names) < 65536 else "i")
        self._offer_of = array("i")
        self._first_edge = array("i")
        self._targets = array("i")
        # The states themselves: every one, kept as the visited set (`index`, one per run),
        # until `compact` (see `_compact`); then only those not expanded yet (None once
        # expanded; see `key_at`), and the visited set keeps the digest of each (`digest`).
        # Each node's digest is in `_digest_of` either way (for the switch, and for the ways
        # out of a node: see `Digests.after`); 0 in a walk that never compacts.
        self._keys: list[Key | None] = []
        self.compact = False
        self._digest_of = array("Q")
        self.index: list[dict[Any, int]] = [{} for _ in self.shows]
        self.per_scene: dict[str, int] = {}
        self.dropped = 0  # ways out found beyond a scene's share, over the whole walk
        # per run, the nodes with a way out still DROPPED, in the order they were expanded
        self._dropped_from: list[array[int]] = [array("i") for _ in self.shows]
        # the offers that broke (with the error they recorded) or left no choice to take: where
        # each first shows is worked out again if the nodes are numbered anew (`_renumber`)
        self._broken_offers: dict[tuple[Any, ...], tuple[str, int, int, str]] = {}
        self._locked_offers: set[tuple[Any, ...]] = set()
        self.seen = Observations()
        self.complete = False
        # what each scene offered, by run and the values it reads: replayed only while the
        # observations it recorded are kept (a new walk records them anew); each offer numbered
        # (`_offers` gives its number, `_offer_list` its ways, `_offer_moves` its moves as
        # `_edges` plays them: the step's index in `_path_steps`, and the move compiled)
        self._offers: dict[tuple[Any, ...], int] = {}
        self._offer_list: list[tuple[tuple[Any, ...], tuple[Way, ...]]] = []
        self._offer_moves: list[tuple[tuple[int, Step | PlayedMove], ...]] = []
        self._ways_alike: dict[
            tuple[Any, ...], tuple[tuple[Way, ...], tuple[tuple[int, Step | PlayedMove], ...]]
        ] = {}

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
        seen: int | None = None,
    ) -> int:
        """The node of a state, made if new (DROPPED when `capped` and its scene has had its
        share). `seen`: its digest, when the caller has it."""
        if self.compact:
            if seen is None:
                seen = self.digests.of(key)
            found = self.index[run].get(seen)
        else:
            found = self.index[run].get(key)
        if found is not None:
            return found
        if seen is None:  # (a walk that never compacts needs no digests: see `_edges`)
            seen = 0 if self.compact_after is None else self.digests.of(key)
        step = -1 if via is None else self._step_id(via)
        return self._add(key, seen, -1 if parent is None else parent, step, capped, run)

    def _add(self, key: Key, seen: int, parent: int, via: int, capped: bool, run: int) -> int:
        """A new node for a state not in the visited set, whose digest is `seen`; DROPPED when
        `capped` and its scene has had its share."""
        scene_id = key[0]
        count = self.per_scene.get(scene_id, 0)
        if capped and count >= self._limit:
            self.dropped += 1
            dropped_from = self._dropped_from[run]
            if parent >= 0 and (not dropped_from or dropped_from[-1] != parent):
                dropped_from.append(parent)
            return DROPPED
        self.per_scene[scene_id] = count + 1
        node_id = len(self._parent)
        self.index[run][seen if self.compact else key] = node_id
        self._parent.append(parent)
        self._via.append(via)
        self._run_of.append(run)
        self._scene_of.append(self._scene_numbers[scene_id])
        self._offer_of.append(UNEXPANDED)
        self._first_edge.append(0)
        self._keys.append(key)
        self._digest_of.append(seen)
        return node_id

    def _step_id(self, step: PathStep) -> int:
        found = self._path_step_ids.get(step)
        if found is None:
            found = self._path_step_ids[step] = len(self._path_steps)
            self._path_steps.append(step)
        return found

    def _start(self, run: int = 0) -> int:
        """The start node of a run (node 0 for the first)."""
        return self._node(self._start_key(run), None, None, run=run)

    def _start_key(self, run: int) -> Key:
        return self.key_of(self.engine.new_game(seed=0), run)

    @property
    def nodes(self) -> NodesView:
        """The explored graph as `Node`s (made when asked for: see `NodesView`)."""
        return NodesView(self)

    @property
    def count(self) -> int:
        """How many nodes the explored graph has."""
        return len(self._parent)

    def scene_at(self, node_id: int) -> str:
        return self._scene_names[self._scene_of[node_id]]

    def is_expanded(self, node_id: int) -> bool:
        return self._offer_of[node_id] != UNEXPANDED

    def ways_at(self, node_id: int) -> tuple[tuple[Way, ...], int]:
        """An expanded node's ways out, and where their targets start in `_targets` (no ways
        for a node not expanded, or one where playing a move failed)."""
        offer = self._offer_of[node_id]
        if offer < 0:
            return (), 0
        return self._offer_list[offer][1], self._first_edge[node_id]

    def edges_of(self, node_id: int) -> list[Edge] | None:
        """A node's ways out as `Edge`s (None until expanded)."""
        if self._offer_of[node_id] == UNEXPANDED:
            return None
        ways, first = self.ways_at(node_id)
        targets = self._targets
        return [
            Edge(index, step, weight, outcomes, targets[first + n])
            for n, (index, step, weight, outcomes, _) in enumerate(ways)
        ]

    def key_at(self, node_id: int, known: dict[int, Key] | None = None) -> Key:
        """A node's state: kept while it is not expanded; else rebuilt by replaying, from the
        nearest node whose state is kept (at worst its run's start), the moves that first
        reached it. `known`: states rebuilt before, to start from too, and where those rebuilt
        on the way are put (for many nodes near each other in the graph)."""
        keys, parents = self._keys, self._parent
        chain: list[int] = []
        node = node_id
        while True:
            key = keys[node] if node < len(keys) else None
            if key is None and known is not None:
                key = known.get(node)
            if key is not None:
                break
            parent = parents[node]
            if parent < 0:
                key = self._start_key(self._run_of[node])
                break
            chain.append(node)
            node = parent
        for child in reversed(chain):
            parent = parents[child]
            offer = self._offer_of[parent]
            if offer < UNEXPANDED:
                offer = -2 - offer
            via = self._via[child]
            move = next(m for step, m in self._offer_moves[offer] if step == via)
            key = self._successor(key, move)
            if known is not None:
                known[child] = key
        return key

    def _successor(self, key: Key, step: Step | PlayedMove) -> Key:
        """Where a compiled move takes a kept state: the layer above (moves.py) says how."""
        raise NotImplementedError

    def path_to(self, node_id: int) -> tuple[PathStep, ...]:
        """The choices that first reached a node: a shortest path, as the walk is breadth-first."""
        steps: list[PathStep] = []
        parents, vias, names = self._parent, self._via, self._path_steps
        while parents[node_id] >= 0 and vias[node_id] >= 0:
            steps.append(names[vias[node_id]])
            node_id = parents[node_id]
        return tuple(reversed(steps))

    @property
    def exact(self) -> bool:
        """Whether what exploring saw is exactly what play can do: every state covered, and none
        given up because the story failed there (past a failure, play cannot go on)."""
        return self.complete and not self.seen.errors

    @property
    def expanded(self) -> int:
        return len(self._offer_of) - self._offer_of.count(UNEXPANDED)

    def forget_visited(self) -> None:
        """Drop the visited set (the largest part of the explored graph's memory), for a caller
        done adding states: the graph itself stays, for the questions of reached.py and the
        paths to its nodes; a state met afterwards can no longer be told new or not, so
        exploring further fails loudly."""
        self.index = []
        self._keys = []
        self._digest_of = array("Q")
        self._offers = {}
        self._memo.clear()

    def _compact(self) -> None:
        """From now on keep only the digest of each state expanded, not the state (SPIN's hash
        compaction): the states of the nodes already expanded dropped (rebuilt when asked
        for: see `key_at`), so a state found with the digest of one of them is taken for it."""
        digests = self._digest_of
        self.index = [{digests[node]: node for node in index.values()} for index in self.index]
        keys = self._keys
        for node, offer in enumerate(self._offer_of):
            if offer != UNEXPANDED:
                keys[node] = None
        self.compact = True

    @property
    def collision_bound(self) -> float:
        """At most the chance that a digest collision hid a state (0 with states kept whole)."""
        return collision_bound(self.count) if self.compact else 0.0
