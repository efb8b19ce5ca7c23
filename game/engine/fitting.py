"""Fitting a game to an edited story: one set of rules for a save loaded into today's story
(engine/save_file.py) and for a game carried across a hot reload (tui/reload.py).

A scene's id today is itself, or where `renamed:` maps it; visits count under today's ids; a
number outside its variable's bounds is moved in by the variable's own `clamp`. Where the two
differ, it is on purpose: a save that cannot fit is refused with a message (the player chose to
load it), while a reload never fails (the author is editing under a game in progress), so a
value that no longer fits takes its variable's initial value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from game.engine.state import GameState, Snapshot, Step, Value

if TYPE_CHECKING:
    from game.engine.model import Story


def scene_now(scene: str, story: Story) -> str | None:
    """The id a scene of an older story has today: itself, its `renamed:` target, or None."""
    if scene in story.scenes:
        return scene
    target = story.manifest.renamed.get(scene)
    return target if target in story.scenes else None


def fit_visits(visits: Iterable[tuple[str, int]], story: Story) -> tuple[tuple[str, int], ...]:
    """Visit counts under today's ids; scenes that are gone can no longer be asked about."""
    result: dict[str, int] = {}
    for scene, count in visits:
        now = scene_now(scene, story)
        if now is not None and count > 0:
            result[now] = result.get(now, 0) + count
    return tuple(sorted(result.items()))


def fit_value(story: Story, name: str, value: Value) -> Value:
    """`value` if it still fits the variable's declaration (a number clamped into its bounds),
    else the variable's initial value."""
    var = story.variables[name]
    if type(value) is not var.kind:
        return var.initial
    if isinstance(value, str) and var.values is not None and value not in var.values:
        return var.initial
    return var.clamp(value)


def fit_variables(
    story: Story, variables: tuple[tuple[str, Value], ...]
) -> tuple[tuple[str, Value], ...]:
    """Today's variables in declaration order: the old values that fit, else initial values."""
    old = dict(variables)
    return tuple(
        (name, fit_value(story, name, old[name]) if name in old else var.initial)
        for name, var in story.variables.items()
    )


def _fit_snapshot(story: Story, snapshot: Snapshot, scene: str) -> Snapshot:
    return replace(
        snapshot,
        scene=scene,
        variables=fit_variables(story, snapshot.variables),
        visits=fit_visits(snapshot.visits, story),
    )


def _fit_history(story: Story, history: tuple[Step, ...]) -> tuple[Step, ...]:
    """The steps undo can still go back through: those after the last scene that is gone."""
    start = 0
    for index, step in enumerate(history):
        if scene_now(step.before.scene, story) is None:
            start = index + 1
    kept = []
    for step in history[start:]:
        scene = scene_now(step.before.scene, story)
        assert scene is not None
        kept.append(replace(step, before=_fit_snapshot(story, step.before, scene)))
    return tuple(kept)


def _fitted(story: Story, state: GameState, scene: str) -> GameState:
    return replace(
        state,
        scene=scene,
        variables=fit_variables(story, state.variables),
        visits=fit_visits(state.visits, story),
        history=_fit_history(story, state.history),
    )


@dataclass(frozen=True)
class CarriedGame:
    """The game after a reload, and what the player should be told about it."""

    state: GameState | None
    notice: str


def carry_over(
    story: Story, state: GameState | None, new_game: Callable[[], GameState]
) -> CarriedGame:
    """The player's game, fitted to an edited story (hot reload).

    Where the scene still exists, or `renamed:` maps it to one that does, the player is there,
    with variables kept where they still fit their declaration (new variables take their
    initial value). Where it is gone, they go back to the latest earlier scene that still
    exists; failing that, `new_game()` starts over.
    """
    if state is None:
        return CarriedGame(None, "Story reloaded.")
    scene = scene_now(state.scene, story)
    if scene is not None:
        fitted = _fitted(story, state, scene)
        if scene != state.scene:
            return CarriedGame(
                fitted, f"Story reloaded. The scene '{state.scene}' is now called '{scene}'."
            )
        return CarriedGame(fitted, "Story reloaded.")
    history = state.history
    for index in range(len(history) - 1, -1, -1):
        before = history[index].before
        earlier = scene_now(before.scene, story)
        if earlier is not None:
            back = _fitted(story, state.restored(before, history[:index]), earlier)
            title = story.scenes[earlier].title
            return CarriedGame(
                back, f"Story reloaded. Scene '{state.scene}' is gone; back to '{title}'."
            )
    return CarriedGame(new_game(), f"Story reloaded. Scene '{state.scene}' is gone; starting over.")
