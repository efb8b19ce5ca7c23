"""Seeded random playthroughs over the explored graph (ChoiceScript's randomtest), each replayable
with `goldilocks play --plain --seed S --choices ...`."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from game.engine.transition import draw_outcome
from game.tools.explore.reached import Reached
from game.tools.explore.states import DROPPED, collector_paused

MAX_TURNS = 5_000  # a random playthrough that has not ended by then is stuck in a loop


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


class RandomPlaythroughs(Reached):
    """Random playthroughs, keeping what they find in the explored graph."""

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
        key = self.key_at(0)  # the state of the node the playthrough is at, followed alongside
        picks: list[int] = []
        visited: set[str] = set()
        targets = self._targets
        for _ in range(max_turns):
            scene_id = key[0]
            visited.add(scene_id)
            end = self.story.scenes[scene_id].end
            if end is not None:
                return Playthrough(seed, tuple(picks), end, frozenset(visited))
            self.expand(node_id, key)
            ways, first = self.ways_at(node_id)
            if not ways:
                why = f"stuck in scene '{scene_id}'"
                return Playthrough(seed, tuple(picks), None, frozenset(visited), why)
            numbers = sorted({way[1].choice for way in ways})
            pick = picker.choice(numbers)
            picks.append(pick + 1)
            taken = [n for n, way in enumerate(ways) if way[1].choice == pick]
            choice, step, _, outcomes, _ = ways[taken[0]]
            outcome = None
            if step.outcome is not None:
                weights = [0.0] * outcomes
                for n in taken:
                    way_step, weight = ways[n][1], ways[n][2]
                    assert way_step.outcome is not None
                    weights[way_step.outcome] = weight
                if real is not None:
                    _, _, visits, turn = key
                    state = self.state_of((scene_id, real, visits, turn))
                    weights = self.engine.weights(state, pick)
                rng, outcome = draw_outcome(weights, rng)
            if real is not None:
                _, _, visits, turn = key
                real = self.advance(scene_id, real, visits, turn, choice, outcome)[1]
            n = next(n for n in taken if ways[n][1].outcome == outcome)
            move = self._step(scene_id, choice, outcome, self._run_of[node_id])
            after = self._successor(key, move)
            if targets[first + n] == DROPPED:  # beyond what exploring kept: keep it now
                targets[first + n] = self._node(
                    after, node_id, ways[n][1], False, self._run_of[node_id]
                )
            node_id, key = targets[first + n], after
        why = f"no ending after {max_turns:,} choices"
        return Playthrough(seed, tuple(picks), None, frozenset(visited), why)
