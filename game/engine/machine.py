"""The state machine: pure functions from a `GameState` and a choice to the next `GameState`.

The engine does no I/O and keeps no mutable state of its own: the same story, state and choice
always give the same result, which is what undo, saves, replays and the explorer rely on.
"""

from __future__ import annotations

import contextlib
import importlib
import secrets
from collections.abc import Callable
from dataclasses import replace
from types import ModuleType
from typing import TYPE_CHECKING, Any, NoReturn

from game.engine import causes
from game.engine.errors import StoryError, StoryRuntimeError
from game.engine.interface_text import tr
from game.engine.model import Choice, Scene, Story, dump_value, label_of
from game.engine.node_path import NodePath
from game.engine.state import GameState, Step, next_random
from game.engine.transition import Transition, compile_arrival, compile_choice, draw_outcome
from game.engine.variants import text_variants
from game.engine.view import (
    Change,
    ChoiceView,
    ConsequenceView,
    EndingView,
    SceneView,
    StatView,
)


class _OnFirstUse:
    """A module imported when first used, which then takes this stand-in's global name.

    Jinja (through `expressions`) is only needed once a condition is tested or a text rendered:
    the title screen needs neither, and a player's first frame waits for every import. After the
    first use the name is the module itself, so later uses cost what an import at the top would.
    """

    def __init__(self, module: str, name: str) -> None:
        self._module = module
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        module: ModuleType = importlib.import_module(self._module)
        globals()[self._name] = module
        return getattr(module, attribute)


if TYPE_CHECKING:
    from jinja2 import nodes

    from game.engine import expressions, translation
else:
    nodes = _OnFirstUse("jinja2.nodes", "nodes")
    expressions = _OnFirstUse("game.engine.expressions", "expressions")
    translation = _OnFirstUse("game.engine.translation", "translation")

_OPERATORS = {"gt": ">", "gteq": ">=", "lt": "<", "lteq": "<=", "eq": "==", "ne": "!="}


def _scene_called(node: nodes.Node, helper: str) -> str | None:
    """The scene id in `visited('x')` (for `helper` 'visited'), or None for anything else."""
    if (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.Name)
        and node.node.name == helper
        and len(node.args) == 1
        and isinstance(node.args[0], nodes.Const)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _been(count: int) -> str:
    if count == 0:
        return "you have not been there yet"
    return f"you have been there {({1: 'once', 2: 'twice'}).get(count, f'{count} times')}"


def _how_many(op: str, count: int, word: str) -> str:
    """`>= 3` as 'at least 3 times' (for word 'time')."""
    phrases = {
        "eq": f"exactly {_plural(count, word)}",
        "ne": f"any number of {word}s but {count}",
        "gt": f"more than {_plural(count, word)}",
        "gteq": f"at least {_plural(count, word)}",
        "lt": f"fewer than {_plural(count, word)}",
        "lteq": f"at most {_plural(count, word)}",
    }
    return phrases[op]


class ChoiceUnavailable(Exception):
    """The player asked for a choice that is not there or is disabled; the message says why."""


class Engine:
    """Plays a `Story`. Every method is a pure function of its arguments."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.names = tuple(story.variables)
        # each choice compiled once (a memo: the same arguments always give the same transition)
        self._transitions: dict[tuple[str, int, int | None], Transition] = {}

    # -- starting ---------------------------------------------------------------------------

    def new_game(self, seed: int | None = None) -> GameState:
        """A fresh game at the start scene; a random seed unless one is given."""
        if seed is None:
            seed = secrets.randbits(31)
        variables = tuple((name, var.initial) for name, var in self.story.variables.items())
        state = GameState(scene=self.story.start, variables=variables, seed=seed, rng=seed)
        return self._moved(state, compile_arrival(self.story, self.story.start))

    # -- reading ----------------------------------------------------------------------------

    def scene(self, state: GameState) -> Scene:
        return self.story.scenes[state.scene]

    def context(self, state: GameState) -> dict[str, Any]:
        """The names expressions and templates see."""
        scene = self.story.scenes.get(state.scene)
        context: dict[str, Any] = dict(state.variables)
        context["turn"] = state.turn
        context["visits"] = state.visit_count
        context["visited"] = lambda scene_id: state.visit_count(scene_id) > 0
        context["ending"] = scene.end if scene is not None and scene.end else ""
        context.update(text_variants(state.scene, state.visit_count(state.scene), state.rng))
        return context

    def visible_choices(self, state: GameState) -> list[tuple[int, Choice]]:
        """(index in the scene's list, choice) for each choice whose `if` holds."""
        scene = self.scene(state)
        context = self.context(state)
        visible = []
        for index, choice in enumerate(scene.choices):
            if choice.if_ is None or self._holds(
                choice.if_, context, state.scene, ("choices", index, "if")
            ):
                visible.append((index, choice))
        return visible

    def view(self, state: GameState) -> SceneView:
        """What the player sees now. Raises `StoryRuntimeError` for a broken scene."""
        scene = self.scene(state)
        context = self.context(state)
        render = self._renderer(context, state.scene)
        choices = []
        for number, (index, choice) in enumerate(self.visible_choices(state), start=1):
            enabled, reason = self._enabled(state, index, choice, context)
            label = render(choice.label, ("choices", index, "label"))
            choices.append(
                ChoiceView(number, label.strip(), enabled, reason, choice.outcomes is not None)
            )
        if scene.end is None and not any(c.enabled for c in choices):
            self._fail(
                state.scene,
                (),
                f"scene '{state.scene}' has no choice the player can "
                "take (every choice is hidden or disabled) and is not an ending",
                "soft-lock",
            )
        return SceneView(
            scene_id=state.scene,
            title=render(scene.title, ("title",)).strip(),
            place=render(scene.place, ("place",)).strip(),
            date=self._translate(state.scene, ("date",), scene.date),
            text=render(scene.text, ("text",)),
            choices=tuple(choices),
            stats=self.stats(state),
            turn=state.turn,
            can_undo=bool(state.history),
            ending=self.ending_view(state),
            reply=self.reply(state, context),
        )

    def reply(self, state: GameState, context: dict[str, Any] | None = None) -> str:
        """The `reply` of the choice (or outcome) that led here, rendered now: a one-line
        answer shown at the top of this scene. Empty when the last choice has none, and for a
        state with no choice behind it. Worked out from the history, so a loaded game or an
        undo shows it again and saves keep nothing new; a choice that cannot be found again
        (the story changed under a save) shows none."""
        if not state.history:
            return ""
        step = state.history[-1]
        try:
            before = state.restored(step.before, ())
            choice_index, choice = self.visible_choices(before)[step.choice]
        except Exception:  # the story changed under the save: no reply, not a broken scene
            return ""
        path: NodePath = ("choices", choice_index, "reply")
        source = choice.reply
        outcomes = choice.outcomes or []
        if step.outcome is not None and 0 <= step.outcome < len(outcomes):
            outcome = outcomes[step.outcome]
            if outcome.reply is not None:
                source = outcome.reply
                path = ("choices", choice_index, "outcomes", step.outcome, "reply")
        if source is None:
            return ""
        shown = context if context is not None else self.context(state)
        return self._render(source, shown, before.scene, path).strip()

    def stats(self, state: GameState) -> tuple[StatView, ...]:
        """The variables the story shows in the sidebar, in declaration order."""
        values = state.values
        return tuple(
            StatView(name, label_of(self.story, name), values[name], var.min, var.max)
            for name, var in self.story.variables.items()
            if var.show
        )

    def ending_view(self, state: GameState) -> EndingView | None:
        scene = self.scene(state)
        if scene.end is None:
            return None
        ending = self.story.endings[scene.end]
        context = self.context(state)
        taken = causes.history(self, state)
        because = tuple(c.sentence() for c in causes.ending_causes(self, taken, scene.end))
        told = set(because)  # a choice is credited once, where it is first read: the ending, then
        items = []  # the timeline in order (the same choice nine times buries the rest)
        for index, item in enumerate(self.story.manifest.consequences):
            path: NodePath = ("consequences", index)
            if item.if_ is not None and not self._holds(item.if_, context, None, (*path, "if")):
                continue
            text = self._render(item.text, context, None, (*path, "text")).strip()
            found = causes.item_causes(self, item.if_, taken, state)
            item_because = tuple(s for s in (c.sentence() for c in found) if s not in told)
            told.update(item_because)
            items.append(ConsequenceView(str(item.year), text, item_because))
        path = ("endings", scene.end)
        title = self._translate(None, (*path, "title"), ending.title)
        summary = self._translate(None, (*path, "summary"), ending.summary)
        return EndingView(scene.end, title, ending.kind, summary, tuple(items), because)

    def is_over(self, state: GameState) -> bool:
        return self.scene(state).end is not None

    # -- acting -----------------------------------------------------------------------------

    def choose(self, state: GameState, index: int) -> GameState:
        """The state after picking visible choice `index` (0-based, as listed in the view)."""
        choice_index, choice = self._pick(state, index)
        outcome = None
        rng = state.rng
        if choice.outcomes is not None:
            rng, outcome = draw_outcome(self.weights(state, index), rng)
        return self._apply(state, index, choice_index, choice, outcome, rng)

    def choose_outcome(self, state: GameState, index: int, outcome: int) -> GameState:
        """The state after visible choice `index` with a given outcome (for tools and tests)."""
        choice_index, choice = self._pick(state, index)
        rng, _ = next_random(state.rng) if choice.outcomes is not None else (state.rng, 0.0)
        return self._apply(state, index, choice_index, choice, outcome, rng)

    def weights(self, state: GameState, index: int) -> list[float]:
        """The weight of each outcome of visible choice `index` (empty for a plain choice)."""
        choice_index, choice = self._pick(state, index, check_enabled=False)
        if choice.outcomes is None:
            return []
        context = self.context(state)
        weights = []
        for o_index, outcome in enumerate(choice.outcomes):
            path: NodePath = ("choices", choice_index, "outcomes", o_index, "weight")
            weight = self._evaluate(outcome.chance, context, state.scene, path)
            if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
                self._fail(
                    state.scene,
                    path,
                    f"the weight {outcome.weight!r} came out as {weight!r}, not a number >= 0",
                    "bad-weight",
                )
            weights.append(float(weight))
        if sum(weights) <= 0:
            self._fail(
                state.scene,
                ("choices", choice_index, "outcomes"),
                "every outcome's weight is 0, so none can happen",
                "bad-weight",
            )
        return weights

    def in_language(self, state: GameState) -> GameState:
        """`state` with the choices of its history labelled as this story shows them now.

        A step keeps the label the player saw, for the journal; a game saved in one language
        and loaded in another shows them in the new one. A label that cannot be worked out
        again (the story changed under the save) stays as it was saved.
        """
        steps = []
        for step in state.history:
            label = step.label
            with contextlib.suppress(Exception):
                before = state.restored(step.before, ())
                choice_index, choice = self.visible_choices(before)[step.choice]
                path: NodePath = ("choices", choice_index, "label")
                label = self._render(choice.label, self.context(before), before.scene, path)
                label = label.strip()
            steps.append(replace(step, label=label))
        return replace(state, history=tuple(steps))

    def undo(self, state: GameState) -> GameState:
        """The state before the last choice; the same state if there is nothing to undo."""
        if not state.history:
            return state
        last = state.history[-1]
        return state.restored(last.before, state.history[:-1])

    def changes(self, before: GameState, after: GameState) -> tuple[Change, ...]:
        """The variables that differ between two states, for 'CIA suspicion +2' notices."""
        old = before.values
        result = []
        for name, value in after.variables:
            if name in old and old[name] != value:
                var = self.story.variables[name]
                result.append(Change(name, label_of(self.story, name), old[name], value, var.show))
        return tuple(result)

    # -- inside -----------------------------------------------------------------------------

    def _pick(self, state: GameState, index: int, check_enabled: bool = True) -> tuple[int, Choice]:
        if self.is_over(state):
            raise ChoiceUnavailable(tr("the story has ended; there are no more choices"))
        visible = self.visible_choices(state)
        if not 0 <= index < len(visible):
            message = tr("there is no choice {number}; pick 1 to {last}")
            raise ChoiceUnavailable(message.format(number=index + 1, last=len(visible)))
        choice_index, choice = visible[index]
        if check_enabled:
            enabled, reason = self._enabled(state, choice_index, choice, self.context(state))
            if not enabled:
                message = tr("choice {number} is not available: {reason}")
                raise ChoiceUnavailable(message.format(number=index + 1, reason=reason))
        return choice_index, choice

    def _enabled(
        self, state: GameState, index: int, choice: Choice, context: dict[str, Any]
    ) -> tuple[bool, str]:
        if choice.enabled_if is None:
            return True, ""
        path: NodePath = ("choices", index, "enabled_if")
        if self._holds(choice.enabled_if, context, state.scene, path):
            return True, ""
        if choice.disabled_reason:
            reason_path: NodePath = ("choices", index, "disabled_reason")
            return False, self._render(choice.disabled_reason, context, state.scene, reason_path)
        return False, self.explain(choice.enabled_if, state)

    def explain(self, source: str, state: GameState) -> str:
        """Why a condition is false, in the player's words.

        For example 'needs Helios trust >= 3; you have 2'.
        """
        tree = expressions.parse_expression(source)
        parts = self._explain_node(tree, state)
        return "; ".join(parts) if parts else tr("needs {condition}").format(condition=source)

    def _explain_node(self, node: nodes.Node, state: GameState) -> list[str]:
        values = state.values
        if isinstance(node, nodes.And):
            context = self.context(state)
            parts: list[str] = []
            for side in (node.left, node.right):
                if not _holds(side, context):
                    parts.extend(self._explain_node(side, state))
            return parts
        if isinstance(node, nodes.Name) and node.name in values:
            return [tr("needs {what}").format(what=label_of(self.story, node.name))]
        if (
            isinstance(node, nodes.Not)
            and isinstance(node.node, nodes.Name)
            and node.node.name in values
        ):
            what = label_of(self.story, node.node.name)
            return [tr("not possible once {what}").format(what=what)]
        if (
            isinstance(node, nodes.Compare)
            and isinstance(node.expr, nodes.Name)
            and node.expr.name in values
            and len(node.ops) == 1
            and isinstance(node.ops[0].expr, nodes.Const)
            and node.ops[0].op in _OPERATORS
        ):
            name = node.expr.name
            label = label_of(self.story, name)
            op = _OPERATORS[node.ops[0].op]
            wanted = dump_value(node.ops[0].expr.value)
            message = tr("needs {what} {op} {wanted}; you have {value}")
            value = dump_value(values[name])
            return [message.format(what=label, op=op, wanted=wanted, value=value)]
        visited = _scene_called(node, "visited")
        if visited is not None:
            name = self._scene_name(visited)
            return [tr("only after you have been to {scene}").format(scene=name)]
        if isinstance(node, nodes.Not):
            visited = _scene_called(node.node, "visited")
            if visited is not None:
                name = self._scene_name(visited)
                return [tr("only before you have been to {scene}").format(scene=name)]
        if (
            isinstance(node, nodes.Compare)
            and len(node.ops) == 1
            and isinstance(node.ops[0].expr, nodes.Const)
            and isinstance(node.ops[0].expr.value, int)
            and node.ops[0].op in _OPERATORS
        ):
            number: int = node.ops[0].expr.value
            op = node.ops[0].op
            counted = _scene_called(node.expr, "visits")
            if counted is not None:
                name = self._scene_name(counted)
                if (op, number) in (("gt", 0), ("gteq", 1), ("ne", 0)):
                    return [tr("only after you have been to {scene}").format(scene=name)]
                if (op, number) in (("eq", 0), ("lt", 1), ("lteq", 0)):
                    return [tr("only before you have been to {scene}").format(scene=name)]
                times = dict(state.visits).get(counted, 0)
                return [
                    f"only when you have been to {name} {_how_many(op, number, 'time')}; "
                    f"{_been(times)}"
                ]
            if isinstance(node.expr, nodes.Name) and node.expr.name == "turn":
                return [
                    f"only when you have made {_how_many(op, number, 'choice')}; you have made "
                    f"{state.turn}"
                ]
        return []

    def _scene_name(self, scene_id: str) -> str:
        """A scene as the player knows it: its title in quotes (its id if the title is a
        template or the scene is gone)."""
        scene = self.story.scenes.get(scene_id)
        if scene is None:
            return f'"{scene_id}"'
        title = self._translate(scene_id, ("title",), scene.title).strip()
        return f'"{scene_id}"' if "{" in title or not title else f'"{title}"'

    def transition(self, scene_id: str, index: int, outcome: int | None) -> Transition:
        """Choice `index` of a scene's `choices` (and `outcome`, for a random one), compiled:
        the one transition both play and the explorer make."""
        key = (scene_id, index, outcome)
        found = self._transitions.get(key)
        if found is None:
            found = self._transitions[key] = compile_choice(self.story, scene_id, index, outcome)
        return found

    def _apply(
        self,
        state: GameState,
        index: int,
        choice_index: int,
        choice: Choice,
        outcome: int | None,
        rng: int,
    ) -> GameState:
        label = self._render(
            choice.label, self.context(state), state.scene, ("choices", choice_index, "label")
        ).strip()
        step = Step(state.snapshot(), index, label, outcome)
        move = self.transition(state.scene, choice_index, outcome)
        return self._moved(
            state, move, turn=state.turn + 1, rng=rng, history=(*state.history, step)
        )

    def _moved(self, state: GameState, move: Transition, **changes: Any) -> GameState:
        """The state after a transition: its effects, then arriving (a visit counted)."""
        values = state.values
        helpers = self.context(state) if move.dynamic else None  # what expressions may read
        after = move.values_after([values[name] for name in self.names], helpers)
        return replace(
            state,
            scene=move.target,
            variables=tuple(zip(self.names, after, strict=True)),
            visits=move.visits_after(state.visits),
            **changes,
        )

    def _renderer(self, context: dict[str, Any], scene_id: str) -> Callable[[str, NodePath], str]:
        return lambda source, path: self._render(source, context, scene_id, path)

    def _render(
        self, source: str, context: dict[str, Any], scene_id: str | None, path: NodePath
    ) -> str:
        """The text at `path` rendered, in the player's language when the story has it there.

        A translation that cannot be rendered shows the source instead: a translator's slip
        never stops a game (`check --lang` reports it)."""
        shown = self._translate(scene_id, path, source)
        if shown != source:
            try:
                return expressions.render(shown, context)
            except Exception:  # the source below, which is the story's to get right
                pass
        try:
            return expressions.render(source, context)
        except Exception as exc:  # any template failure is the story's, reported as such
            self._fail(scene_id, path, f"the text could not be shown: {_reason(exc)}", "runtime")

    def _translate(self, scene_id: str | None, path: NodePath, source: str) -> str:
        """The player's-language source text of the node at `path` (the source itself when
        there is no translation for it)."""
        story_translation = self.story.translation
        if story_translation is None or not source:
            return source
        if scene_id is None:
            return story_translation.text(translation.manifest_context(*path), source)
        if path == ("text",):
            return story_translation.scene_text(scene_id, source)
        return story_translation.text(translation.scene_context(scene_id, *path), source)

    def _evaluate(
        self,
        source: str | int | float,
        context: dict[str, Any],
        scene_id: str | None,
        path: NodePath,
    ) -> Any:
        try:
            return expressions.evaluate(source, context)
        except Exception as exc:  # an expression failing at runtime is the story's error
            self._fail(
                scene_id, path, f"{source!r} could not be worked out: {_reason(exc)}", "runtime"
            )

    def _holds(
        self, source: str, context: dict[str, Any], scene_id: str | None, path: NodePath
    ) -> bool:
        """Whether a condition is true; its truth is taken inside the guard, because a strict
        undefined value only fails when asked for its truth."""
        try:
            return bool(expressions.evaluate(source, context))
        except Exception as exc:  # a condition failing at runtime is the story's error
            self._fail(
                scene_id, path, f"{source!r} could not be worked out: {_reason(exc)}", "runtime"
            )

    def _fail(self, scene_id: str | None, path: NodePath, message: str, code: str) -> NoReturn:
        if scene_id is None:
            file, line, column = self.story.locate_manifest(*path)
        else:
            file, line, column = self.story.locate(scene_id, *path)
            message = message if f"'{scene_id}'" in message else f"in scene '{scene_id}': {message}"
        raise StoryRuntimeError(StoryError(file, line, column, message, code))


def _holds(node: nodes.Node, context: dict[str, Any]) -> bool:
    """Whether a sub-expression is true now (used only to explain a false condition)."""
    try:
        return bool(expressions.evaluate(_source_of(node), context))
    except Exception:
        return False


def _source_of(node: nodes.Node) -> str:
    """Rebuild simple expression source from a node (names, constants, comparisons, not)."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Not):
        return f"not ({_source_of(node.node)})"
    if isinstance(node, nodes.Compare):
        ops = " ".join(f"{_OPERATORS.get(o.op, o.op)} {_source_of(o.expr)}" for o in node.ops)
        return f"({_source_of(node.expr)} {ops})"
    if isinstance(node, nodes.And):
        return f"({_source_of(node.left)} and {_source_of(node.right)})"
    if isinstance(node, nodes.Or):
        return f"({_source_of(node.left)} or {_source_of(node.right)})"
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
        args = ", ".join(_source_of(a) for a in node.args)
        return f"{node.node.name}({args})"
    raise ValueError("cannot rebuild this expression")


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0]
