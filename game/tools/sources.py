"""Every expression and template in a story, with where it is: what the lints and the explorer read.

The format has a handful of places that hold Jinja2 (conditions, weights, text, labels, reasons, the
consequences timeline); walking them in one place keeps every tool agreeing on what "the story
reads" means.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from jinja2 import TemplateSyntaxError, nodes

from game.engine import expressions
from game.engine.model import Choice, Effects, Outcome, Story, effect_expressions
from game.engine.node_path import NodePath
from game.engine.variants import NAMES as VARIANT_NAMES

_N = TypeVar("_N", bound=nodes.Node)
VARIANT_HELPERS = frozenset(VARIANT_NAMES)


@dataclass(frozen=True)
class Source:
    """One piece of Jinja2 in a story: an expression (`if`, `weight`...) or a template (`text`...).

    `scene` is None for the manifest (consequences).
    """

    scene: str | None
    path: NodePath
    text: str
    kind: str  # "expression" or "template"

    def locate(self, story: Story) -> tuple[str, int, int]:
        if self.scene is None:
            return story.locate_manifest(*self.path)
        return story.locate(self.scene, *self.path)


def story_sources(story: Story) -> tuple[Source, ...]:
    """Every expression and template, scenes first (in file order), then the manifest's: listed
    once per story while it lives (the check's lints, audit and search each go over them)."""
    key = id(story)
    kept = _LISTED.get(key)
    if kept is not None and kept[0]() is story:
        return kept[1]
    found = tuple(_sources(story))
    _LISTED[key] = (weakref.ref(story, lambda _: _LISTED.pop(key, None)), found)
    return found


_LISTED: dict[int, tuple[weakref.ref[Story], tuple[Source, ...]]] = {}


def _sources(story: Story) -> Iterator[Source]:
    for scene_id, scene in story.scenes.items():
        yield Source(scene_id, ("title",), scene.title, "template")
        if scene.place:
            yield Source(scene_id, ("place",), scene.place, "template")
        yield Source(scene_id, ("text",), scene.text, "template")
        yield from _effect_sources(scene_id, ("on_enter",), scene.on_enter)
        for index, choice in enumerate(scene.choices):
            path: NodePath = ("choices", index)
            yield Source(scene_id, (*path, "label"), choice.label, "template")
            if choice.reply is not None:
                yield Source(scene_id, (*path, "reply"), choice.reply, "template")
            if choice.set_ or choice.add or choice.when:
                yield from _effect_sources(scene_id, path, choice)
            if choice.if_ is not None:
                yield Source(scene_id, (*path, "if"), choice.if_, "expression")
            if choice.enabled_if is not None:
                yield Source(scene_id, (*path, "enabled_if"), choice.enabled_if, "expression")
            if choice.disabled_reason is not None:
                reason_path: NodePath = (*path, "disabled_reason")
                yield Source(scene_id, reason_path, choice.disabled_reason, "template")
            for o_index, outcome in enumerate(choice.outcomes or []):
                o_path: NodePath = (*path, "outcomes", o_index)
                if isinstance(outcome.chance, str):  # (with an outcome's `if` in it)
                    yield Source(scene_id, (*o_path, "weight"), outcome.chance, "expression")
                if outcome.reply is not None:
                    yield Source(scene_id, (*o_path, "reply"), outcome.reply, "template")
                if outcome.set_ or outcome.add or outcome.when:
                    yield from _effect_sources(scene_id, o_path, outcome)
    for index, item in enumerate(story.manifest.consequences):
        if item.if_ is not None:
            yield Source(None, ("consequences", index, "if"), item.if_, "expression")
        yield Source(None, ("consequences", index, "text"), item.text, "template")


def _effect_sources(
    scene_id: str, path: NodePath, effects: Effects | Choice | Outcome
) -> Iterator[Source]:
    """The expressions effects read when played: computed values and `when` conditions."""
    if not effects.when and not _any_text(effects.set_) and not _any_text(effects.add):
        return  # (the common case: constants only)
    for inner, text in effect_expressions(effects):
        yield Source(scene_id, (*path, *inner), text, "expression")


def _any_text(values: Mapping[str, object]) -> bool:
    return any(type(value) is str for value in values.values())


def is_effect(source: Source) -> bool:
    """Whether a piece of Jinja2 is worked out by effects as a move is played (a computed
    value or a `when` condition), not when a scene is shown."""
    return any(part in ("set", "add", "when") for part in source.path)


def is_reply(source: Source) -> bool:
    """Whether a piece of Jinja2 is a reply: written on a choice, shown at the scene it leads to."""
    return source.path[-1] == "reply"


@cache
def tree_of(text: str, kind: str) -> nodes.Node | None:
    """The parsed Jinja2 tree of an expression or template (None for plain text or bad syntax:
    the loader has already reported the latter)."""
    if kind == "template" and "{" not in text:
        return None
    try:
        if kind == "expression":
            return expressions.parse_expression(text)
        return expressions.parse_template(text)
    except TemplateSyntaxError:
        return None


def walk(tree: nodes.Node, kind: type[_N]) -> list[_N]:
    """Every node of a type in a tree, the root included (`find_all` leaves the root out, and a
    condition such as `has_codes` is nothing but its root)."""
    return [node for node in every_node(tree) if isinstance(node, kind)]


def every_node(tree: nodes.Node) -> list[nodes.Node]:
    """The tree's root and every node under it, in the order `find_all` meets them."""
    return [tree, *expressions.descendants(tree)]


@cache
def names_read(text: str, kind: str) -> frozenset[str]:
    """Every name an expression or template mentions. Names a template assigns itself (`for`,
    `set`) are kept: a loop variable may shadow a story variable only inside the loop, and
    counting one name too many is always safe for the tools that ask."""
    tree = tree_of(text, kind)
    if tree is None:
        return frozenset()
    return frozenset(n.name for n in walk(tree, nodes.Name))


@cache
def names_only_printed(text: str) -> frozenset[str]:
    """Names a template only ever prints as they are (`{{ miners }}`): their values change the
    words shown, never which `{% if %}` branch shows."""
    tree = tree_of(text, "template")
    if tree is None:
        return frozenset()
    printed: set[str] = set()
    elsewhere: set[str] = set()
    for output in walk(tree, nodes.Output):
        printed |= {n.name for n in output.nodes if isinstance(n, nodes.Name)}
    direct = {id(n) for o in walk(tree, nodes.Output) for n in o.nodes}
    for name in walk(tree, nodes.Name):
        if id(name) not in direct:
            elsewhere.add(name.name)
    return frozenset(printed - elsewhere)


@dataclass(frozen=True)
class HelperUse:
    """What a story's Jinja2 asks of the game's history, which decides what makes states differ.

    `visits_scenes` is None when some `visits(...)`/`visited(...)` names its scene with anything but
    a literal (then every scene's count matters).
    """

    turn: bool = False
    visits: bool = False  # visits() is used: counts matter, not only whether a scene was seen
    visited: bool = False
    visits_scenes: frozenset[str] | None = frozenset()

    @property
    def any_visits(self) -> bool:
        return self.visits or self.visited


_HISTORY_HELPERS = frozenset({"visits", "visited", *VARIANT_HELPERS})


def helper_use(story: Story) -> HelperUse:
    """Which of `turn`, `visits` and `visited` the story reads, and for which scenes."""
    turn = visits = visited = False
    scenes: set[str] | None = set()
    for source in story_sources(story):
        tree = tree_of(source.text, source.kind)
        if tree is None:
            continue
        read = names_read(source.text, source.kind)
        turn = turn or "turn" in read
        if not read & _HISTORY_HELPERS:
            continue  # (most sources: nothing more to look for)
        every = every_node(tree)
        for name in every:
            if not isinstance(name, nodes.Name):
                continue
            if name.ctx != "load" or name.name not in ("visits", "visited"):
                continue
            visits = visits or name.name == "visits"
            visited = visited or name.name == "visited"
        for call in every:
            if not isinstance(call, nodes.Call):
                continue
            if not (isinstance(call.node, nodes.Name) and call.node.name in ("visits", "visited")):
                continue
            arg = call.args[0] if len(call.args) == 1 else None
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                if scenes is not None:
                    scenes.add(arg.value)
            else:
                scenes = None
        if any(
            isinstance(n, nodes.Name) and n.name in ("visits", "visited") and n.ctx == "load"
            for n in _names_not_called(tree)
        ):
            scenes = None  # the helper is passed around, not called with a literal
        if read & VARIANT_HELPERS and source.scene is not None:
            visits = True  # a text variant reads how often its own scene was arrived at
            if scenes is not None:
                scenes.add(source.scene)
    return HelperUse(turn, visits, visited, None if scenes is None else frozenset(scenes))


@cache
def visit_calls(text: str, kind: str) -> frozenset[tuple[str, str]] | None:
    """Each `visits('X')` / `visited('X')` an expression or template makes, as (helper, X); None
    when a helper is used any other way (a name that is not a literal, the helper passed on)."""
    tree = tree_of(text, kind)
    if tree is None:
        return frozenset()
    calls: set[tuple[str, str]] = set()
    for call in walk(tree, nodes.Call):
        if not (isinstance(call.node, nodes.Name) and call.node.name in ("visits", "visited")):
            continue
        plain = not (call.kwargs or call.dyn_args or call.dyn_kwargs)
        arg = call.args[0] if len(call.args) == 1 and plain else None
        if not (isinstance(arg, nodes.Const) and isinstance(arg.value, str)):
            return None
        calls.add((call.node.name, arg.value))
    if any(n.name in ("visits", "visited") and n.ctx == "load" for n in _names_not_called(tree)):
        return None
    return frozenset(calls)


def uses_variants(text: str, kind: str) -> bool:
    """Whether a text calls `sequence`, `cycle`, `once` or `shuffle`, which read how often the
    scene showing it was arrived at (a `visits()` of that scene the text does not name)."""
    return bool(names_read(text, kind) & VARIANT_HELPERS)


def _names_not_called(tree: nodes.Node) -> list[nodes.Name]:
    called = {id(c.node) for c in walk(tree, nodes.Call)}
    return [n for n in walk(tree, nodes.Name) if id(n) not in called]


def file_path(story: Story, shown: str) -> Path:
    """The real file behind a name shown in messages (messages use the folder as typed)."""
    return Path(story.root) / Path(shown).name
