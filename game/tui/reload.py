"""Hot reload for `goldilocks --watch`: notice edited story files, and carry the game across.

Polling modification times from a Textual timer needs no new dependency and no thread; a story is a
handful of files, so a stat of each every half second costs nothing. Carrying the game across is the
part that matters to an author: they keep their place in the story while they edit it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from game.engine.state import GameState, Snapshot, Step, Value
from game.engine.story_folder import MANIFEST, story_files

if TYPE_CHECKING:
    from game.engine.model import Story

Stamp = tuple[tuple[str, int, int], ...]


def watching_notice(folder: Path) -> str:
    """What `--watch` says at start: the folder it watches, and when that is the installed
    copy of the shipped story (an edit there is lost at the next upgrade), how to watch yours."""
    from game.locations import PACKAGE, in_checkout

    message = f"Watching the story files in {folder.resolve()} for changes."
    if not in_checkout() and folder.resolve() == (PACKAGE / "scenes").resolve():
        message += " That is the installed copy: to edit a story, watch your own: --story DIR."
    return message


def stamp(folder: Path) -> Stamp:
    """What the story folder's YAML files look like now: name, mtime and size of each."""
    try:
        files = story_files(folder)
    except OSError:
        return ()
    manifest = folder / MANIFEST
    result = []
    for path in [manifest, *files]:
        try:
            info = path.stat()
        except OSError:
            continue
        result.append((path.name, info.st_mtime_ns, info.st_size))
    return tuple(result)


@dataclass
class StoryWatcher:
    """Tells whether the story's files changed since the last look."""

    folder: Path
    last: Stamp = ()

    def __post_init__(self) -> None:
        self.last = stamp(self.folder)

    def changed(self) -> bool:
        now = stamp(self.folder)
        if now == self.last:
            return False
        self.last = now
        return True


def _fit_value(story: Story, name: str, value: Value) -> Value:
    """`value` if it still fits the variable's declaration, else the new initial value."""
    var = story.variables[name]
    if type(value) is not var.kind:
        return var.initial
    if isinstance(value, str):
        return value if var.values is None or value in var.values else var.initial
    if isinstance(value, int) and not isinstance(value, bool):
        if var.min is not None and value < var.min:
            return var.min
        if var.max is not None and value > var.max:
            return var.max
    return value


def _fit_variables(
    story: Story, variables: tuple[tuple[str, Value], ...]
) -> tuple[tuple[str, Value], ...]:
    old = dict(variables)
    return tuple(
        (name, _fit_value(story, name, old[name]) if name in old else var.initial)
        for name, var in story.variables.items()
    )


def _fit_visits(story: Story, visits: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    return tuple((scene, count) for scene, count in visits if scene in story.scenes)


def _fit_snapshot(story: Story, snapshot: Snapshot) -> Snapshot:
    return replace(
        snapshot,
        variables=_fit_variables(story, snapshot.variables),
        visits=_fit_visits(story, snapshot.visits),
    )


def _fit_history(story: Story, history: tuple[Step, ...]) -> tuple[Step, ...]:
    """The steps undo can still go back through: those after the last scene that is gone."""
    start = 0
    for index, step in enumerate(history):
        if step.before.scene not in story.scenes:
            start = index + 1
    return tuple(
        replace(step, before=_fit_snapshot(story, step.before)) for step in history[start:]
    )


@dataclass(frozen=True)
class CarriedGame:
    """The game after a reload, and what the player should be told about it."""

    state: GameState | None
    notice: str


def carry_over(
    story: Story, state: GameState | None, new_game: Callable[[], GameState]
) -> CarriedGame:
    """The player's game, fitted to an edited story.

    Where the scene still exists the player stays there, with variables kept where they still fit
    their declaration (new variables take their initial value). Where it is gone, they go back to
    the latest earlier scene that still exists; failing that, `new_game()` starts over.
    """
    if state is None:
        return CarriedGame(None, "Story reloaded.")
    history = state.history
    if state.scene in story.scenes:
        fitted = replace(
            state,
            variables=_fit_variables(story, state.variables),
            visits=_fit_visits(story, state.visits),
            history=_fit_history(story, history),
        )
        return CarriedGame(fitted, "Story reloaded.")
    for index in range(len(history) - 1, -1, -1):
        before = history[index].before
        if before.scene in story.scenes:
            back = state.restored(before, history[:index])
            fitted = replace(
                back,
                variables=_fit_variables(story, back.variables),
                visits=_fit_visits(story, back.visits),
                history=_fit_history(story, back.history),
            )
            title = story.scenes[before.scene].title
            return CarriedGame(
                fitted, f"Story reloaded. Scene '{state.scene}' is gone; back to '{title}'."
            )
    return CarriedGame(new_game(), f"Story reloaded. Scene '{state.scene}' is gone; starting over.")
