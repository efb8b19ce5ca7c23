"""Why this ending, and why each item of its timeline: the player's own choices that led there.

Derived from the history, never written by the author. An item of the timeline shows because
its condition held; what that condition reads (variables, and visits to scenes) was last changed
by some of the player's choices (a choice's effects, its outcome's, and the `on_enter` of the
scene it led to): those are its causes. An ending is where play went because the choices taken
on the way were on offer, so its causes are those of the conditions (`if`, `enabled_if`) and
weights of the choices taken, the latest first. Either way at most `MOST` are kept, the latest,
told in story order:

    Because you chose "Copy Aleida's branch" (The cold aisle, turn 2)

The label is quoted as the player saw it (labels are imperatives, quotes, fragments: no one
phrasing rewrites them all), with the scene it was taken in and the turn, counting the player's
choices from 1. A choice only counts if it changed the value read, so an effect the audit calls
dead (see game/tools/audit.py) is never a cause.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.engine.errors import StoryRuntimeError
from game.engine.state import GameState

if TYPE_CHECKING:
    from game.engine.machine import Engine

MOST = 3  # causes told per ending or item


@dataclass(frozen=True)
class Cause:
    """One choice of this playthrough that led to something."""

    turn: int  # the player's nth choice, from 1
    label: str  # as the player saw it
    scene: str
    scene_title: str

    def sentence(self) -> str:
        return f'Because you chose "{self.label}" ({self.scene_title}, turn {self.turn})'


@dataclass(frozen=True)
class Taken:
    """One choice of the history, as causes need it."""

    cause: Cause
    changed: frozenset[str]  # the variables whose values it changed
    entered: str  # the scene it led to
    gate: tuple[str, ...]  # the conditions and weights it was taken under


def history(engine: Engine, state: GameState) -> list[Taken]:
    """Each choice the player made to reach `state`, first to last."""
    steps = state.history
    taken: list[Taken] = []
    for number, step in enumerate(steps):
        before = step.before
        after = steps[number + 1].before if number + 1 < len(steps) else state.snapshot()
        old = dict(before.variables)
        changed = frozenset(n for n, v in after.variables if n in old and old[n] != v)
        scene = engine.story.scenes.get(before.scene)
        title = scene.title if scene is not None else before.scene
        at = GameState(before.scene, before.variables, before.visits, before.turn, rng=before.rng)
        gate: tuple[str, ...] = ()
        try:
            _, choice = engine.visible_choices(at)[step.choice]
        except (StoryRuntimeError, IndexError, KeyError):
            pass  # the story changed under a saved game: this step gates nothing known
        else:
            gate = tuple(g for g in (choice.if_, choice.enabled_if) if g is not None)
            gate += tuple(o.weight for o in choice.outcomes or () if isinstance(o.weight, str))
        cause = Cause(before.turn + 1, step.label, before.scene, _plain_title(title))
        taken.append(Taken(cause, changed, after.scene, gate))
    return taken


def _plain_title(title: str) -> str:
    """A scene title for a sentence: a templated one is named by its first line, as written."""
    return title.strip().splitlines()[0] if title.strip() else title


def reads(source: str) -> tuple[list[str], list[str], bool]:
    """The names a condition or weight reads, the scenes whose visits it reads, and whether it
    counts visits (`visits`) rather than asking whether a scene was seen (`visited`)."""
    from game.engine import expressions

    found = expressions.expression_reads(source)
    if isinstance(found, list):
        return [], [], False
    names = [name for name, _ in found.names]
    return names, list(found.scenes), "visits" in names


def causes_of(sources: list[str], taken: list[Taken], until: int) -> list[int]:
    """The steps before step `until` that last changed what `sources` read, latest first."""
    found: list[int] = []
    for source in sources:
        names, scenes, counted = reads(source)
        for name in names:
            for number in range(until - 1, -1, -1):
                if name in taken[number].changed:
                    found.append(number)
                    break
        for seen in scenes:
            entering = [n for n in range(until) if taken[n].entered == seen]
            if entering:
                found.append(entering[-1] if counted else entering[0])
    return sorted(set(found), reverse=True)


def _told(numbers: list[int], taken: list[Taken]) -> tuple[Cause, ...]:
    """The latest `MOST` of some steps, in story order."""
    kept: list[int] = []
    for number in numbers:
        if number not in kept:
            kept.append(number)
        if len(kept) == MOST:
            break
    return tuple(taken[n].cause for n in sorted(kept))


def ending_causes(taken: list[Taken]) -> tuple[Cause, ...]:
    """The choices that let play take the way it took to its ending: those that last changed
    what the conditions and weights of the choices taken read, the latest gates first."""
    numbers: list[int] = []
    for number in range(len(taken) - 1, -1, -1):
        if taken[number].gate:
            numbers += causes_of(list(taken[number].gate), taken, number)
    return _told(numbers, taken)


def item_causes(condition: str | None, taken: list[Taken]) -> tuple[Cause, ...]:
    """The choices that last changed what a timeline item's condition reads."""
    if condition is None:
        return ()
    return _told(causes_of([condition], taken, len(taken)), taken)
