"""What makes a story valid beyond YAML syntax: the format's shape, and what refers to what.

Every problem becomes a `StoryError` pointing at the offending node, and all of them are collected,
so an author fixes a whole story in one pass instead of one error per run.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from game.engine import expressions, value_types
from game.engine.errors import StoryError
from game.engine.model import (
    Choice,
    ConditionalEffects,
    Effects,
    Outcome,
    Scene,
    SourceMap,
    Story,
    Variable,
    computed_source,
    dump_value,
)
from game.engine.node_path import NodePath
from game.engine.transition import KIND_WORDS


def nearest(word: str, options: typing.Iterable[str], n: int = 3) -> list[str]:
    """Up to `n` options nearest to `word`, nearest first (for 'there is no scene x' hints):
    close spellings, else the ids that share the longest run of letters with it."""
    names = list(options)
    close = difflib.get_close_matches(word, names, n=n, cutoff=0.5)
    if close:
        return close

    def overlap(name: str) -> int:
        match = difflib.SequenceMatcher(None, word, name).find_longest_match()
        return match.size

    ranked = sorted(names, key=lambda name: (-overlap(name), name))
    return [name for name in ranked[:n] if overlap(name) >= 2]


def did_you_mean(word: str, options: typing.Iterable[str]) -> str:
    """' (did you mean 'x'?)' when one option is close to `word`, else ''."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _field_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _model_at(model: type[BaseModel], loc: NodePath) -> type[BaseModel] | None:
    """The model class that describes the mapping at `loc` inside `model`, if any."""
    annotation: Any = model
    for part in loc:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            fields = {f.alias or n: f for n, f in annotation.model_fields.items()}
            if not isinstance(part, str) or part not in fields:
                return None
            annotation = fields[part].annotation
            continue
        annotation = _unwrap(annotation)
        args = typing.get_args(annotation)
        origin = typing.get_origin(annotation)
        if origin is list and args:
            annotation = args[0]
        elif origin is dict and len(args) == 2:
            annotation = args[1]
        else:
            return None
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _unwrap(annotation: Any) -> Any:
    """`X | None` -> `X`."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _data_path(data: Any, loc: tuple[Any, ...]) -> NodePath:
    """The longest prefix of a pydantic error location that exists in the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
        else:
            break
        path.append(part)
    return tuple(path)


def _describe(where: str, path: NodePath) -> str:
    parts = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return f"{where}, {parts}" if parts else where


_TYPE_WORDS = {
    "dict": "a mapping",
    "list": "a list",
    "str": "text",
    "int": "a whole number",
    "bool": "true or false",
    "float": "a number",
    "NoneType": "empty",
}


def shape_errors(
    exc: ValidationError,
    model: type[BaseModel],
    data: Any,
    source: SourceMap,
    prefix: NodePath,
    where: str,
) -> list[StoryError]:
    """Turn pydantic's errors into one `file:line:col` message per offending node."""
    merged: dict[tuple[NodePath, str], list[str]] = {}
    for err in exc.errors():
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            parent = _model_at(model, loc[:-1])
            allowed = _field_keys(parent) if parent else []
            key = str(loc[-1])
            msg = f"unknown key '{key}'{did_you_mean(key, allowed)}"
            merged.setdefault((_data_path(data, loc), "key"), []).append(msg)
            continue
        path = _data_path(data, loc)
        if kind == "missing":
            merged.setdefault((path, "value"), []).append(f"missing required key '{loc[-1]}'")
            continue
        msg = str(err["msg"])
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        elif kind == "string_pattern_mismatch":
            msg = (
                f"{err['input']!r} is not a valid id (lowercase letters, digits and '_', "
                "starting with a letter)"
            )
        else:
            got = _TYPE_WORDS.get(type(err["input"]).__name__, type(err["input"]).__name__)
            msg = f"{msg[0].lower()}{msg[1:]} (got {got}){_quoted_hint(kind, err['input'])}"
        merged.setdefault((path, "value"), []).append(msg)
    errors = []
    for (path, which), messages in merged.items():
        line, column = source.position(prefix + path, key=which == "key")
        unique = list(dict.fromkeys(messages))
        message = unique[0] if len(unique) == 1 else "; or ".join(unique)
        described = _describe(where, path[:-1] if which == "key" else path)
        errors.append(
            StoryError(
                source.file,
                line,
                column,
                f"{described}: {message}",
                "unknown-key" if which == "key" else "shape",
            )
        )
    return errors


def _quoted_hint(kind: str, value: Any) -> str:
    """What to do when a number or true/false was written in quotes, which makes it text."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if kind == "int_type" and text.lstrip("-").isdigit():
        return f": write {text} without quotes"
    if kind == "bool_type" and text.lower() in ("true", "false"):
        return f": write {text.lower()} without quotes"
    if kind == "int_type":
        return _computed_hint(text)
    return ""


class ReferenceChecker:
    """Checks everything that refers to something else: scenes, endings, variables, names."""

    def __init__(self, story: Story, unreadable: frozenset[str] = frozenset()) -> None:
        self.story = story
        self.unreadable = unreadable  # scenes that exist but failed to validate
        self.errors: list[StoryError] = []
        self.known_names = set(story.variables)
        self._fine: set[str] = set()  # sources already found to read only known names

    def run(self) -> list[StoryError]:
        story = self.story
        if story.start not in story.scenes and story.start not in self.unreadable:
            file, line, col = story.locate_manifest("start")
            self.errors.append(
                StoryError(
                    file,
                    line,
                    col,
                    f"the start scene '{story.start}' is not a scene"
                    f"{did_you_mean(story.start, [*story.scenes, *self.unreadable])}",
                    "missing-start",
                )
            )
        for old, new in story.manifest.renamed.items():
            if new not in story.scenes:
                file, line, col = story.locate_manifest("renamed", old)
                self.errors.append(
                    StoryError(
                        file,
                        line,
                        col,
                        f"renamed: '{old}' -> '{new}', but '{new}' is not a scene"
                        f"{did_you_mean(new, story.scenes)}",
                        "missing-scene",
                    )
                )
        for name in story.variables:
            if name.startswith("once__"):
                file, line, col = story.locate_manifest("vars", name, key=True)
                message = (
                    f"'{name}': names starting with 'once__' are kept for the hidden variables "
                    "of once-only choices; rename it"
                )
                self.errors.append(StoryError(file, line, col, message, "reserved-name"))
        for index, item in enumerate(story.manifest.consequences):
            if item.if_ is not None:
                self.expression(item.if_, ("consequences", index, "if"), None)
            self.template(item.text, ("consequences", index, "text"), None)
        for scene_id, scene in story.scenes.items():
            self.scene(scene_id, scene)
        return self.errors

    def at(
        self, scene_id: str | None, path: NodePath, message: str, code: str, *, key: bool = False
    ) -> None:
        if scene_id is None:
            file, line, col = self.story.locate_manifest(*path, key=key)
        else:
            file, line, col = self.story.locate(scene_id, *path, key=key)
        self.errors.append(StoryError(file, line, col, message, code))

    def scene(self, scene_id: str, scene: Scene) -> None:
        self.template(scene.title, ("title",), scene_id)
        if scene.place:
            self.template(scene.place, ("place",), scene_id)
        self.template(scene.text, ("text",), scene_id)
        if not scene.on_enter.empty:
            self.effects(scene.on_enter, ("on_enter",), scene_id)
        if scene.end is not None and scene.end not in self.story.endings:
            self.at(
                scene_id,
                ("end",),
                f"scene '{scene_id}' ends with '{scene.end}', which is not a declared ending"
                f"{did_you_mean(scene.end, self.story.endings)}",
                "missing-ending",
            )
        for index, choice in enumerate(scene.choices):
            self.choice(scene_id, index, choice)

    def choice(self, scene_id: str, index: int, choice: Choice) -> None:
        # Paths are built only where there is something to check: this runs for every choice.
        if "{" in choice.label:
            self.template(choice.label, ("choices", index, "label"), scene_id)
        if choice.if_ is not None:
            self.expression(choice.if_, ("choices", index, "if"), scene_id)
        if choice.enabled_if is not None:
            self.expression(choice.enabled_if, ("choices", index, "enabled_if"), scene_id)
        if choice.disabled_reason is not None:
            path: NodePath = ("choices", index, "disabled_reason")
            self.template(choice.disabled_reason, path, scene_id)
            if choice.enabled_if is None:
                self.at(
                    scene_id,
                    path,
                    f"choice {index + 1} of '{scene_id}' has a 'disabled_reason' but no "
                    "'enabled_if', so it is never disabled",
                    "reason-without-condition",
                )
        if choice.set_ or choice.add or choice.when:
            self.effects(choice, ("choices", index), scene_id)  # without building an Effects
        if choice.reply is not None:
            self.template(choice.reply, ("choices", index, "reply"), scene_id)
        scenes = self.story.scenes
        if choice.goto is not None and choice.goto not in scenes:
            self.goto(scene_id, index, choice.goto, ("choices", index, "goto"))
        for o_index, outcome in enumerate(choice.outcomes or []):
            o_path = ("choices", index, "outcomes", o_index)
            if outcome.goto not in scenes:
                self.goto(scene_id, index, outcome.goto, (*o_path, "goto"))
            if outcome.set_ or outcome.add or outcome.when:
                self.effects(outcome, o_path, scene_id)
            if outcome.reply is not None:
                self.template(outcome.reply, (*o_path, "reply"), scene_id)
            if outcome.if_ is not None:
                self.expression(outcome.if_, (*o_path, "if"), scene_id)
            if isinstance(outcome.weight, str):
                self.expression(outcome.weight, (*o_path, "weight"), scene_id)
            elif outcome.weight < 0:
                self.at(scene_id, (*o_path, "weight"), "a weight cannot be negative", "shape")

    def goto(self, scene_id: str, index: int, target: str, path: NodePath) -> None:
        if target in self.story.scenes or target in self.unreadable:
            return
        self.at(
            scene_id,
            path,
            f"choice {index + 1} of '{scene_id}' goes to '{target}', which is not a scene"
            f"{did_you_mean(target, [*self.story.scenes, *self.unreadable])}",
            "missing-scene",
        )

    def effects(
        self,
        effects: Effects | Choice | Outcome | ConditionalEffects,
        path: NodePath,
        scene_id: str | None,
    ) -> None:
        for name, value in effects.set_.items():
            var = self.variable(name, (*path, "set", name), scene_id)
            if var is None:
                continue
            source = computed_source(value)
            if source is not None:
                self.computed(source, name, var, (*path, "set", name), scene_id, add=False)
            elif type(value) is not var.kind:
                self.at(
                    scene_id,
                    (*path, "set", name),
                    f"'{name}' holds {_kind(var.kind)}, so it cannot be set to {dump_value(value)}"
                    + _quoted_hint("bool_type" if var.kind is bool else "int_type", value)
                    + _computed_hint(value),
                    "effect-type",
                )
            elif var.values is not None and value not in var.values:
                allowed = ", ".join(var.values)
                self.at(
                    scene_id,
                    (*path, "set", name),
                    f"'{name}' cannot be {value!r}: its values are {allowed}"
                    f"{did_you_mean(str(value), var.values)}",
                    "effect-value",
                )
        for name, amount in effects.add.items():
            var = self.variable(name, (*path, "add", name), scene_id)
            if var is not None and var.kind is not int:
                self.at(
                    scene_id,
                    (*path, "add", name),
                    f"'add' needs a whole-number variable, but '{name}' holds {_kind(var.kind)}",
                    "effect-type",
                    key=True,
                )
            elif var is not None and isinstance(amount, str):
                self.computed(amount, name, var, (*path, "add", name), scene_id, add=True)
        for number, group in enumerate(getattr(effects, "when", ())):
            at: NodePath = (*path, "when", number)
            self.expression(group.if_, (*at, "if"), scene_id)
            self.effects(group, at, scene_id)

    def computed(
        self, value: str, name: str, var: Variable, path: NodePath, scene_id: str | None, add: bool
    ) -> None:
        """A computed value (`"{{ 2 * nerve }}"`): its expression reads only what exists, and
        comes out as what the variable holds, where that can be known without playing."""
        source = computed_source(value) or value
        before = len(self.errors)
        self.expression(source, path, scene_id)
        if len(self.errors) > before:
            return  # it does not parse, or reads a name that is not there: said already
        kinds = {n: v.kind for n, v in self.story.variables.items()}
        found = value_types.types_of(expressions.parse_expression(source), kinds)
        wanted = int if add else var.kind
        if found is None or wanted in found:
            return
        what = " or ".join(sorted(value_types.describe(t) for t in found))
        fix = ": use // to divide into a whole number" if float in found and wanted is int else ""
        holds = "can only be added whole numbers" if add else f"holds {_kind(var.kind)}"
        self.at(
            scene_id,
            path,
            f"'{{{{ {source} }}}}' comes out as {what}, but '{name}' {holds}{fix}",
            "effect-type",
        )

    def variable(self, name: str, path: NodePath, scene_id: str | None) -> Variable | None:
        var = self.story.variables.get(name)
        if var is None:
            self.at(
                scene_id,
                path,
                f"'{name}' is not a declared variable"
                f"{did_you_mean(name, self.story.variables)} (declare it under 'vars' in "
                "story.yaml)",
                "undeclared-variable",
                key=True,
            )
        return var

    def expression(self, source: str, path: NodePath, scene_id: str | None) -> None:
        if source in self._fine:
            return
        problems, scenes = expressions.check_expression(source, self.known_names)
        self.report(problems, scenes, path, scene_id, "expression")
        if not problems and not scenes:
            self._fine.add(source)  # the same text elsewhere has nothing more to say

    def template(self, source: str, path: NodePath, scene_id: str | None) -> None:
        if "{" not in source or source in self._fine:
            return
        problems, scenes = expressions.check_template(source, self.known_names)
        self.report(problems, scenes, path, scene_id, "template")
        if not problems and not scenes:
            self._fine.add(source)

    def report(
        self,
        problems: list[expressions.Problem],
        scenes: tuple[str, ...],
        path: NodePath,
        scene_id: str | None,
        code: str,
    ) -> None:
        if problems:  # (most expressions have none: skip finding where they are)
            if scene_id is None:
                source, full = self.story.manifest_source, path
            else:
                source = self.story.scene_sources[scene_id]
                full = self.story.scene_prefix.get(scene_id, (scene_id,)) + path
            for problem, line_in_text, needle in problems:
                hint = ""
                if problem.endswith("is not a declared variable"):
                    name = problem.split("'")[1]
                    hint = did_you_mean(name, self.known_names)
                line, col = source.text_position(full, line_in_text)
                col = _column_of(source, line, col, needle)
                self.errors.append(StoryError(source.file, line, col, problem + hint, code))
        for name in scenes:
            if name not in self.story.scenes:
                new = self.story.manifest.renamed.get(name)
                hint = (
                    f": it was renamed to '{new}' (see 'renamed:' in story.yaml), so write "
                    f"'{new}' here"
                    if new is not None
                    else did_you_mean(name, self.story.scenes)
                )
                self.at(
                    scene_id,
                    path,
                    f"visits('{name}'): '{name}' is not a scene{hint}",
                    "missing-scene",
                )


def _column_of(source: SourceMap, line: int, column: int, needle: str) -> int:
    """The column of the first match of `needle` on `line` at or after `column` (where the
    text starts), or `column` itself: a message points at the name or tag it is about."""
    text = source.text
    if not needle or text is None:
        return column
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return column
    found = re.compile(needle).search(lines[line - 1], max(column - 1, 0))
    return found.start() + 1 if found else column


def without_unknown_keys(data: Any, exc: ValidationError) -> Any:
    """A copy of `data` with the keys pydantic called unknown removed, or None if there were
    other errors: lets the loader still check what the rest of a scene refers to."""
    import copy

    if any(err["type"] != "extra_forbidden" for err in exc.errors()):
        return None
    cleaned = copy.deepcopy(data)
    for err in exc.errors():
        node = cleaned
        *parents, last = err["loc"]
        for part in parents:
            node = node[part]
        node.pop(last, None)
    return cleaned


def _computed_hint(value: Any) -> str:
    """What to write when text that looks like a calculation was given a number's place."""
    if not isinstance(value, str) or "{" in value:
        return ""
    if re.search(r"[A-Za-z_]", value) and re.search(r"[-+*/%]", value):
        return f': to work a value out, write "{{{{ {value} }}}}"'
    return ""


def _kind(kind: type) -> str:
    return KIND_WORDS.get(kind, kind.__name__)
