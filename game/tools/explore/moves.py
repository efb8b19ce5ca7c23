"""The explorer's moves: where a choice (and outcome) takes a kept state, compiled once per scene,
choice, outcome and run into a few list operations (from the engine's own transition)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.engine.node_path import NodePath
from game.engine.transition import Op
from game.tools.explore.states import ExploredStates, Key, PlayedMove, Step, Visits
from game.tools.relevance import same_representatives


def _clamped(value: int, low: int | None, high: int | None) -> int:
    """An added-to value within its variable's bounds, as the engine clamps it."""
    if low is not None and value < low:
        return low
    if high is not None and value > high:
        return high
    return value


def _same_visits(visits: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    return visits


def _remembered(
    move: Callable[[Visits], Visits],
    shared: dict[Visits, Visits],
    pairs: dict[tuple[str, int], tuple[str, int]],
    caches: list[dict[Visits, Visits]],
) -> Callable[[Visits], Visits]:
    """A move of the visits that works each distinct input out once, and gives the one copy of
    each result that `shared` keeps (made of the one copy of each (scene, count) that `pairs`
    keeps). A story of thousands of scenes keeps a few visits at most states, and the same few
    thousand sets of them recur over a million states: made anew for each, they were a third
    of the explored graph's memory (5,000-scene story: 600 of 1,900 bytes a state); looked up,
    they cost less time than making them did. What it worked out is put in a dict of `caches`
    (see `Moves.forget_visit_moves`)."""
    known: dict[Visits, Visits] = {}
    caches.append(known)

    def remembered(visits: Visits) -> Visits:
        found = known.get(visits)
        if found is None:
            made = move(visits)
            found = shared.get(made)
            if found is None:
                found = tuple(pairs.setdefault(pair, pair) for pair in made)
                shared[found] = found
            known[visits] = found
        return found

    return remembered


class Moves(ExploredStates):
    """Moving between kept states."""

    def forget_visit_moves(self) -> None:
        """Drop what the moves of the visits worked out, and the one copy of each set of visits
        kept while walking: once a walk is done, most of those sets belong to no state kept
        (5,000-scene story: 60 MB). Worked out again when asked for."""
        for known in self._visit_caches:
            known.clear()
        self._visit_sets.clear()
        self._visit_pairs.clear()

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

    def _successor(self, key: Key, step: Step | PlayedMove) -> Key:
        """The state a compiled move takes a kept state to, as its run keeps it there: what
        `advance` then `normalize` give, in a few list operations. Raises `StoryRuntimeError`
        for a computed or conditional effect that fails there."""
        if isinstance(step, PlayedMove):
            return self._played(key, step)
        _, values, visits, turn = key
        target, sets, adds, rules, visits_after, _, _ = step
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
        return (target, tuple(changed), kept, turn + 1 if self._turn_read else 0)

    def _played(self, key: Key, played: PlayedMove) -> Key:
        """The state a move with computed or conditional effects takes a kept state to: the
        engine's transition played on the values (those it reads or changes are kept exact at
        this scene, see `relevance`), recording what each `when` condition came out as; then
        kept as the run keeps states at the scene reached."""
        _, values, visits, turn = key
        helpers = self.engine.context(self.state_of(key))
        after = played.move.values_after(values, helpers, self._observed)
        if self._any_visits:
            visits = played.move.visits_after(visits)
        return self.normalize(played.move.target, tuple(after), visits, turn + 1, played.run)

    def _observed(self, scene_id: str, path: NodePath, holds: bool) -> None:
        self.seen.conditions.setdefault((scene_id, path), set()).add(holds)

    def _step(self, scene_id: str, index: int, outcome: int | None, run: int) -> Step | PlayedMove:
        """A move compiled for a run. A variable the move sets ends up a constant, so it is set
        to the value kept for it at the scene reached; one it only adds to is added to, then
        mapped; and one it leaves alone is mapped only when the scene reached keeps it
        differently from this one (a value this one kept is otherwise kept as it is)."""
        found = self._steps.get((scene_id, index, outcome, run))
        if found is not None:
            return found
        move = self.engine.transition(scene_id, index, outcome)
        if move.dynamic:
            played = self._steps[(scene_id, index, outcome, run)] = PlayedMove(move, run)
            return played
        target, ops = move.target, move.ops
        here, there = dict(self._plans[run][scene_id]), dict(self._plans[run][target])
        by_position: dict[int, list[Op]] = {}
        for op in ops:
            assert type(op) is tuple  # (a move with any other is a `PlayedMove`)
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
        positions = dict.fromkeys(
            [p for p, _ in sets] + [p for p, *_ in adds] + [p for p, _ in rules]
        )
        touched = tuple((position, self.digests.values[position]) for position in positions)
        there_number = self.digests.scenes[target]
        step = (target, tuple(sets), tuple(adds), tuple(rules), visits, touched, there_number)
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

            return _remembered(forget, self._visit_sets, self._visit_pairs, self._visit_caches)

        def count(visits: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
            counts = {s: n for s, n in visits if s in kept}
            counts[target] = counts.get(target, 0) + 1
            return tuple((s, n if s in counted else 1) for s, n in sorted(counts.items()))

        return _remembered(count, self._visit_sets, self._visit_pairs, self._visit_caches)
