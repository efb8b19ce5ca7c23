"""The searches over a story's states: `explore` (breadth-first over every state, merging equal
ones, shares per scene raised as the bound allows) and `seek` (a path to every scene: breadth-
first, then random playthroughs, then best-first towards the scenes not reached yet)."""

from __future__ import annotations

import heapq
import operator
import time
from array import array

from game.tools.explore.playthroughs import Playthroughs, RandomPlaythroughs
from game.tools.explore.states import (
    DEFAULT_MAX_STATES,
    DROPPED,
    UNEXPANDED,
    Key,
    collector_paused,
)
from game.tools.relevance import observation_runs
from game.tools.scene_graph import linked_scenes, links_to, predecessors

SEARCH_MAX_STATES = 20_000  # states the default check's search for every scene may keep
TRIES = 16  # states the search expands at one scene before it counts as one link farther
SEARCH_BREADTH = 2_000  # of those, the first found breadth-first (short paths near the start)
WHOLE_FIRST = 20_000  # states tried in one walk showing every text before walking per run
MIN_SHARE = 1_000  # states any one scene may keep at first, however many scenes share the bound
PROGRESS_EVERY = 5_000  # states expanded between two reports to `Explorer.progress`
REBUILT_AT_ONCE = 4_096  # states of nodes with a way out dropped, rebuilt sharing their paths


class Explorer(RandomPlaythroughs):
    """Explores one story. Nodes are numbered in the order found, so the first node found at a
    scene is at the end of a shortest path to it."""

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
        self.forget_visit_moves()
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
        kept = self.count
        runs = self.playthroughs(playthroughs, seed=seed) if playthroughs else None
        started = time.perf_counter()
        if not self.complete:  # the states the playthroughs kept are on top of the bound
            self._best_first(max_states + self.count - kept)
        self.elapsed += time.perf_counter() - started
        return runs

    def _best_first(self, max_states: int) -> None:
        before = {s: list(dict.fromkeys(p)) for s, p in predecessors(self.story).items()}
        wanted = linked_scenes(self.story) - self.reached_scenes()
        far = len(self.story.scenes) + 1
        scene_at, is_expanded = self.scene_at, self.is_expanded
        distance = links_to(before, wanted)
        tried: dict[str, int] = {}  # states expanded at each scene by this search
        heap = [
            (distance.get(scene_at(node_id), far), node_id)
            for node_id in range(self.count)
            if not is_expanded(node_id)
        ]
        heapq.heapify(heap)
        found_since = 0  # wanted scenes reached since the distances were worked out
        since = 0  # states expanded since then
        with collector_paused():
            while heap and wanted and self.count <= max_states:
                near, node_id = heapq.heappop(heap)
                if is_expanded(node_id):
                    continue
                scene_id = scene_at(node_id)
                done = tried.get(scene_id, 0)
                now = distance.get(scene_id, far) + done // TRIES
                if now > near:  # farther, or more tried, than when it was queued: queue it again
                    heapq.heappush(heap, (now, node_id))
                    continue
                tried[scene_id] = done + 1
                first = self.count
                self.expand(node_id)
                for new in range(first, self.count):
                    scene_id = scene_at(new)
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
        while not self.complete and self.count <= max_states and any(self._dropped_from):
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
                nodes = self._parent  # (its length is the number of nodes)
                before = len(nodes)
                self._start(run)
                if resume:
                    self._take_dropped(run, max_states)
                # the queue: nodes are numbered as found, so those waiting are always the
                # nodes from `waiting` on
                waiting = before
                progress, countdown = self.progress, PROGRESS_EVERY
                expand, keys = self.expand, self._keys
                while waiting < len(nodes):
                    if len(nodes) > max_states:
                        break
                    expand(waiting, keys[waiting])
                    waiting += 1
                    countdown -= 1
                    if not countdown and progress is not None:
                        countdown = PROGRESS_EVERY
                        progress(f"exploring: {len(nodes):,} states found")
                if waiting < len(nodes):
                    self.complete = False
                    return
        self.complete = not any(self._dropped_from)

    def _take_dropped(self, run: int, max_states: int) -> None:
        """Follow again, in the order they were found, the ways out of a run that were dropped:
        each now leads to a state kept before, or to a new one where its scene has room (to
        be expanded next), or is dropped again."""
        waiting, self._dropped_from[run] = self._dropped_from[run], array("i")
        room = self.count + (max_states - self.count) // 2
        targets = self._targets
        known: dict[int, Key] = {}  # states rebuilt for the nodes before (see `key_at`)
        for position, node_id in enumerate(waiting):
            if self.count > room:  # spent: what is left stays dropped
                self._dropped_from[run] += waiting[position:]
                return
            ways, first = self.ways_at(node_id)
            if DROPPED not in targets[first : first + len(ways)]:
                continue
            if len(known) > REBUILT_AT_ONCE:
                known = {}
            key = self.key_at(node_id, known)
            scene_id = key[0]
            for n, (choice, step, _, _, _) in enumerate(ways):
                if targets[first + n] == DROPPED:
                    move = self._step(scene_id, choice, step.outcome, run)
                    after = self._successor(key, move)
                    seen = self.digests.after(self._digest_of[node_id], key, move, after)
                    targets[first + n] = self._node(after, node_id, step, True, run, seen)

    def _renumber(self) -> None:
        """Number the nodes, and pick each one's parent, as a single breadth-first walk without
        shares would have: the order of a complete exploration is then the same however often
        the shares were raised, and so are its shortest paths, the first node at each scene,
        and where each error and soft lock first shows."""
        count = self.count
        new = array("i", [-1]) * (count + 1)  # (the last stays -1: where -1 is sent)
        order = array("i")
        parents, vias = array("i", [-1]) * count, array("i", [-1]) * count
        offer_of, first_edge, targets = self._offer_of, self._first_edge, self._targets
        steps = [[step for step, _ in moves] for moves in self._offer_moves]
        for run in range(len(self.shows)):
            start = self._start(run)
            new[start] = len(order)
            order.append(start)
            head = len(order) - 1
            while head < len(order):
                old = order[head]
                head += 1
                offer = offer_of[old]
                if offer < 0:  # (not expanded, or no way out)
                    continue
                first = first_edge[old]
                for n, step in enumerate(steps[offer]):
                    target = targets[first + n]
                    if new[target] < 0:
                        new[target] = len(order)
                        order.append(target)
                        parents[target], vias[target] = old, step
        assert len(order) == count, "every node is reached from its run's start"
        renumbered = new.__getitem__
        self._parent = array("i", map(renumbered, map(parents.__getitem__, order)))
        self._via = array("i", map(vias.__getitem__, order))
        for name in ("_run_of", "_scene_of", "_offer_of", "_first_edge", "_digest_of"):
            before = getattr(self, name)
            setattr(self, name, array(before.typecode, map(before.__getitem__, order)))
        self._keys = list(map(self._keys.__getitem__, order))
        self._targets = array("i", map(renumbered, targets))
        for index in self.index:
            olds = array("i", index.values())
            index.update(zip(list(index), map(renumbered, olds), strict=True))
        self._first_shown_again()

    def _first_shown_again(self) -> None:
        """After `_renumber`: each error and soft lock with the first node (in the new order)
        whose offer shows it, and in that order, as a walk in that order records them."""
        scenes = {offer[0] for offer in (*self._broken_offers, *self._locked_offers)}
        if not scenes:
            return
        errors: dict[tuple[str, int, int, str], int] = {}
        locks: dict[str, int] = {}
        numbers = {self._scene_numbers[scene_id] for scene_id in scenes}
        for node_id, scene_number in enumerate(self._scene_of):
            if scene_number in numbers:
                offer_id = self._offer_of[node_id]
                if offer_id == UNEXPANDED:
                    continue
                if offer_id < UNEXPANDED:
                    offer_id = -2 - offer_id
                offer = self._offer_list[offer_id][0]
                error = self._broken_offers.get(offer)
                if error is not None:
                    errors.setdefault(error, node_id)
                elif offer in self._locked_offers:
                    locks.setdefault(self._scene_names[scene_number], node_id)
        seen = self.seen
        first = sorted(errors.items(), key=operator.itemgetter(1))
        seen.errors = {error: (seen.errors[error][0], node_id) for error, node_id in first}
        seen.soft_locks = dict(sorted(locks.items(), key=operator.itemgetter(1)))
