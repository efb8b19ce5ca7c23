"""What a state offers: its ways out (every enabled choice, every outcome that can happen),
worked out once per scene, run and values the scene reads, and replayed for every state alike."""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import partial
from typing import Any

from game.engine import GameState, StoryRuntimeError, expressions
from game.engine.node_path import NodePath
from game.engine.paths import PathStep
from game.tools.explore.observe import ObservedEvaluation, _Broken
from game.tools.explore.states import DROPPED, UNEXPANDED, Key, Way
from game.tools.sources import is_effect, is_reply, names_read, story_sources


def _nothing(values: tuple[Any, ...]) -> tuple[()]:
    return ()


class Offers(ObservedEvaluation):
    """Expanding states into their ways out."""

    def expand(self, node_id: int, key: Key | None = None) -> None:
        """Work out the ways out of a node (once), recording what the story showed on the way.
        `key`: its state, when the caller has it (else it is kept, or rebuilt: see `key_at`)."""
        if self._offer_of[node_id] != UNEXPANDED:
            return
        if not self.compact and self.compact_after is not None and self.count > self.compact_after:
            self._compact()
        if key is None:
            key = self._keys[node_id] or self.key_at(node_id)
        if self.compact:
            self._keys[node_id] = None  # (the state is not kept once expanded)
        try:  # (not `suppress`: its three calls cost more than this, a million times over)
            self._edges(node_id, key)
        except _Broken:
            return

    def _edges(self, node_id: int, key: Key) -> None:
        """The ways out of a state. What a scene offers depends only on the values its texts,
        conditions and weights read, so it is worked out once per scene, run and such values
        (what it showed recorded then), and replayed for every other state alike there."""
        run = self._run_of[node_id]
        offer = self._offer_key(run, key)
        offer_id = self._offers.get(offer)
        if offer_id is None:
            try:
                moves = self._offer(node_id, key)
            except _Broken as broken:
                self._offer_of[node_id] = self._new_offer(offer, ())
                self._broken_offers[offer] = broken.args[0]
                raise
            if not moves and self.story.scenes[key[0]].end is None:
                self._locked_offers.add(offer)  # no choice to take (see `_offer`)
            offer_id = self._new_offer(offer, self._ways(key[0], run, moves))
        targets = self._targets
        first = self._first_edge[node_id] = len(targets)
        successor, append, add = self._successor, targets.append, self._add
        index, digests, compact = self.index[run], self.digests, self.compact
        room, limit, dropped = self.per_scene.get, self._limit, 0
        # A way's digest is this state's with the numbers of the parts its move changes
        # swapped, as `Digests.after` works it out (here inline, for speed): the visited set
        # needs it for every way once `compact`, else only for each node made, and a walk
        # that never compacts (a search) not at all.
        digesting = self.compact_after is not None
        scenes, visits, turns = digests.scenes, digests.visits, digests.turns
        turn_read = self._turn_read  # (else every state's turn is 0)
        scene_id, values, were, turn = key
        here = visits[were] if digesting else 0
        rest = self._digest_of[node_id] ^ scenes[scene_id] ^ here if digesting else 0
        if turn_read and digesting:
            rest ^= turns[turn]
        try:
            for via, move in self._offer_moves[offer_id]:
                after = successor(key, move)
                if not compact:
                    target = index.get(after)
                    if target is None and room(after[0], 0) >= limit:
                        target = DROPPED  # its scene has had its share
                        dropped += 1
                    elif target is None and not digesting:
                        target = add(after, 0, node_id, via, False, run)
                    if target is not None:
                        append(target)
                        continue
                if type(move) is tuple:
                    kept = after[2]
                    seen = rest ^ move[6] ^ (here if kept is were else visits[kept])
                    if turn_read:
                        seen ^= turns[after[3]]
                    now = after[1]
                    for position, table in move[5]:
                        was, value = values[position], now[position]
                        if was is not value:
                            seen ^= table[was] ^ table[value]
                else:
                    seen = digests.of(after)
                if compact:
                    target = index.get(seen)
                    if target is None:
                        if room(after[0], 0) < limit:
                            target = add(after, seen, node_id, via, False, run)
                        else:  # its scene has had its share
                            target = DROPPED
                            dropped += 1
                else:
                    target = add(after, seen, node_id, via, False, run)
                append(target)
        except StoryRuntimeError as exc:  # a computed or conditional effect failed here
            if dropped:
                self.dropped += dropped
                self._dropped_from[run].append(node_id)
            del targets[first:]
            self._offer_of[node_id] = -2 - offer_id
            raise _Broken(self._record(exc.error, node_id)) from None
        if dropped:  # (noted once a node: it is expanded once, and `add` drops nothing)
            self.dropped += dropped
            self._dropped_from[run].append(node_id)
        self._offer_of[node_id] = offer_id

    def _new_offer(self, offer: tuple[Any, ...], ways: tuple[Way, ...]) -> int:
        """Number an offer, and its moves as `_edges` plays them."""
        offer_id = self._offers[offer] = len(self._offer_list)
        alike = tuple((*way[:4], id(way[4])) for way in ways)  # (the moves are kept in `_steps`)
        found = self._ways_alike.get(alike)
        if found is None:  # one copy for the offers alike: most of a scene's are
            moves = tuple((self._step_id(way[1]), way[4]) for way in ways)
            found = self._ways_alike[alike] = (ways, moves)
        self._offer_list.append((offer, found[0]))
        self._offer_moves.append(found[1])
        return offer_id

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
                self._path_steps[self._step_id(PathStep(shown, outcome))],
                weight,
                outcomes,
                self._step(scene_id, index, outcome, run),
            )
            for index, shown, outcome, weight, outcomes in moves
        )

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
        run = self._run_of[node_id]
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
            path: NodePath = ("choices", index)
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
                reason_path: NodePath = (*path, "disabled_reason")
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
        try:
            after = self._successor(key, self._step(key[0], index, outcome, run))
        except StoryRuntimeError as exc:  # a computed or conditional effect failed here
            raise _Broken(self._record(exc.error, node_id)) from None
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
            path: NodePath = ("consequences", index)
            if self._showing is not None and (state.scene, None, path) not in self._showing:
                continue  # another run shows it
            if item.if_ is not None and not self._condition(
                None, (*path, "if"), item.if_, context, node_id, state
            ):
                continue
            self._template(None, (*path, "text"), item.text, context, node_id, state)
