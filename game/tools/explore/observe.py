"""Evaluating a state's Jinja2 as the explorer plays it: each condition, weight and template
worked out once per distinct set of values it reads, what it showed recorded for the lints, and
a story error recorded in the engine's words (the state is then given up)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from game.engine import GameState, StoryError, StoryRuntimeError, expressions
from game.engine.node_path import NodePath
from game.tools.explore.moves import Moves
from game.tools.explore.states import Place
from game.tools.sources import names_read
from game.tools.templates import instrument


def _truth(source: str, context: dict[str, Any]) -> bool:
    """A condition's truth (taken inside the guard: an undefined name fails only here)."""
    return bool(expressions.evaluate(source, context))


def _branches_shown(source: str, context: dict[str, Any]) -> frozenset[int]:
    return instrument(source).render(context)[1]


class _Broken(Exception):
    """Expanding this state hit an error in the story (already recorded; the one argument is
    its key in `Observations.errors`)."""


class ObservedEvaluation(Moves):
    """Conditions, weights and templates, evaluated with what they showed recorded."""

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
        path: NodePath,
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
        path: NodePath,
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
