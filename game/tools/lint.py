"""The lint pass: what is legal but almost certainly not what the author meant.

Some lints read only the story (variables never read, choices that duplicate a sibling, scenes no
choice leads to); the rest judge what can happen in play: a condition is "always true" only if it
is true in every state a player can be in. When the explorer has covered every state, that is what
it saw; when the story has more states than it may visit, it is what the value-set analysis proves
(see value_sets.py): never a false alarm, though it may miss a few. Each finding is a `StoryError`
of severity "warning" pointing at the node to change; what would break play (a soft lock, an
expression that fails) is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from game.engine import Story, StoryError
from game.engine.model import (
    Choice,
    ConditionalEffects,
    Effects,
    Outcome,
    Scene,
    dump_value,
)
from game.engine.node_path import NodePath
from game.tools.explore import Explorer, Place
from game.tools.scene_graph import linked_scenes
from game.tools.sources import file_path, names_read, story_sources
from game.tools.templates import Branch, instrument
from game.tools.value_sets import value_sets


def warning(where: tuple[str, int, int], message: str, code: str) -> StoryError:
    file, line, column = where
    return StoryError(file, line, column, message, code, "warning")


@dataclass(frozen=True)
class Possible:
    """What can happen in play: exactly, from an exploration that covered every state, or a
    sound over-approximation from the value-set analysis (what it rules out never happens)."""

    scenes: set[str]
    conditions: dict[Place, set[bool]]
    branches: dict[Place, set[int]]
    edges: set[tuple[str, int, int | None]]  # (scene, choice, outcome) that may be taken
    exact: bool

    @classmethod
    def of(cls, story: Story, explorer: Explorer | None) -> Possible:
        if explorer is not None and explorer.exact:
            seen = explorer.seen
            reached = explorer.reached_scenes()
            return cls(reached, seen.conditions, seen.branches, explorer.taken_edges(), True)
        sets = value_sets(story)
        return cls(sets.reached(), sets.conditions, sets.branches, sets.taken, False)


def lint(
    story: Story, explorer: Explorer | None = None, possible: Possible | None = None
) -> list[StoryError]:
    """Every warning for a story; pass an explorer that has run to judge what play can reach."""
    possible = possible or Possible.of(story, explorer)
    found: list[StoryError] = []
    found += unreachable(story, possible)
    found += duplicate_choices(story, explorer)
    found += variable_use(story)
    found += effects_out_of_bounds(story)
    found += renamed_still_scenes(story)
    if explorer is not None and explorer.exact:
        found += trapped(story, explorer)
    found += conditions(story, possible)
    found += template_branches(story, possible)
    return found


def static_lint(story: Story) -> list[StoryError]:
    """The warnings that need only the story's text, not playing it: what an editor shows as
    the author types (the language server), the same messages `check` gives for them."""
    linked = linked_scenes(story)
    found = [
        warning(story.locate(s, key=True), _never_linked(story, s), "unreachable-scene")
        for s in story.scenes
        if s not in linked
    ]
    found += duplicate_choices(story, None)
    found += variable_use(story)
    found += effects_out_of_bounds(story)
    found += renamed_still_scenes(story)
    return found


def exploration_errors(story: Story, explorer: Explorer) -> list[StoryError]:
    """What breaks play, as found by the explorer: failing expressions and soft locks, each with
    the shortest path of choices that shows it."""
    found = []
    for error, node_id in explorer.seen.errors.values():
        message = f"{error.message} (reached by choices: {_path(explorer, node_id)})"
        found.append(StoryError(error.file, error.line, error.column, message, error.code))
    for scene_id, node_id in explorer.seen.soft_locks.items():
        file, line, column = story.locate(scene_id, key=True)
        message = (
            f"scene '{scene_id}' can leave the player with no choice to take (every choice is "
            f"hidden or disabled) and is not an ending; reached by choices: "
            f"{_path(explorer, node_id)}"
        )
        found.append(StoryError(file, line, column, message, "soft-lock"))
    return found


def _path(explorer: Explorer, node_id: int) -> str:
    steps = explorer.path_to(node_id)
    return " ".join(str(s) for s in steps) if steps else "none (the start)"


# -- reaching -------------------------------------------------------------------------------


def _never_linked(story: Story, scene_id: str) -> str:
    return (
        f"scene '{scene_id}' is never reached: no chain of choices from the start "
        f"'{story.start}' leads to it"
    )


def unreachable(story: Story, possible: Possible) -> list[StoryError]:
    linked = linked_scenes(story)
    played = possible.scenes
    found = []
    for scene_id in story.scenes:
        if scene_id not in linked:
            message = _never_linked(story, scene_id)
        elif scene_id not in played:
            message = (
                f"scene '{scene_id}' is never reached: choices lead to it, but none of them is "
                "ever available on the way"
            )
        else:
            continue
        found.append(warning(story.locate(scene_id, key=True), message, "unreachable-scene"))
    reached = played & linked
    ending_scenes: dict[str, list[str]] = {}
    for scene_id, scene in story.scenes.items():
        if scene.end is not None:
            ending_scenes.setdefault(scene.end, []).append(scene_id)
    for ending_id in story.endings:
        scenes = ending_scenes.get(ending_id, [])
        if not scenes:
            message = f"ending '{ending_id}' is never reached: no scene has 'end: {ending_id}'"
        elif not any(s in reached for s in scenes):
            names = ", ".join(f"'{s}'" for s in scenes)
            message = f"ending '{ending_id}' is never reached: its scenes ({names}) never are"
        else:
            continue
        where = story.locate_manifest("endings", ending_id, key=True)
        found.append(warning(where, message, "unreachable-ending"))
    return found


def trapped(story: Story, explorer: Explorer) -> list[StoryError]:
    found = []
    for scene_id, node_id in explorer.trapped().items():
        message = (
            f"in scene '{scene_id}', no ending can be reached any more: every way on leads "
            f"round in a loop (reached by choices: {_path(explorer, node_id)})"
        )
        found.append(warning(story.locate(scene_id, key=True), message, "no-way-to-an-ending"))
    return found


# -- choices --------------------------------------------------------------------------------


def _result(choice: Choice) -> object:
    """What picking a choice does, ignoring how it is labelled and when it is offered."""

    def effects(holder: Choice | Outcome | ConditionalEffects) -> object:
        own = (tuple(sorted(holder.set_.items(), key=repr)), tuple(sorted(holder.add.items())))
        groups = getattr(holder, "when", ())
        return (*own, tuple((group.if_, effects(group)) for group in groups))

    outcomes = tuple((str(o.chance), o.goto, effects(o)) for o in choice.outcomes or ())
    return (choice.goto, effects(choice), outcomes, choice.reply)


def duplicate_choices(story: Story, explorer: Explorer | None) -> list[StoryError]:
    """Sibling choices that do exactly the same thing, when a player can see both at once."""
    found = []
    for scene_id, scene in story.scenes.items():
        offered = explorer.seen.offered.get(scene_id) if explorer is not None else None
        first: dict[object, list[int]] = {}
        for index, choice in enumerate(scene.choices):
            if choice.flavour:
                continue  # meant to do what a sibling does: the consequence audit counts it
            same = first.setdefault(_result(choice), [])
            for other in same:
                if offered is not None:
                    together = any(index in shown and other in shown for shown in offered)
                else:
                    together = choice.if_ is None and scene.choices[other].if_ is None
                if together:
                    message = (
                        f"choice {index + 1} of '{scene_id}' goes to the same place with the same "
                        f"effects as choice {other + 1}, and both are offered together: the "
                        "player's pick makes no difference"
                    )
                    where = story.locate(scene_id, "choices", index)
                    found.append(warning(where, message, "duplicate-choice"))
                    break
            same.append(index)
    return found


# -- variables ------------------------------------------------------------------------------


def variables_set(story: Story) -> dict[str, tuple[str, NodePath]]:
    """Each variable some effect changes, with the first place (`set`/`add` entry) that does."""
    found: dict[str, tuple[str, NodePath]] = {}
    for scene_id, scene in story.scenes.items():
        for path, effects in effect_holders(scene, groups=True):
            for key, names in (("set", effects.set_), ("add", effects.add)):
                for name in names:
                    found.setdefault(name, (scene_id, (*path, key, name)))
    return found


def effects_out_of_bounds(story: Story) -> list[StoryError]:
    """A `set` to a number outside the variable's `min`/`max`: play clamps it silently, so
    the value written is never the value held (like an out-of-bounds `initial`: a slip)."""
    found = []
    for scene_id, scene in story.scenes.items():
        for path, effects in effect_holders(scene, groups=True):
            for name, value in effects.set_.items():
                var = story.variables.get(name)
                if var is None or var.kind is not int or type(value) is not int:
                    continue
                if var.clamp(value) == value:
                    continue
                side = (
                    f"above its 'max' ({var.max})"
                    if var.max is not None and value > var.max
                    else (f"below its 'min' ({var.min})")
                )
                message = (
                    f"'set: {{{name}: {value}}}' is {side}, so play holds {var.clamp(value)} "
                    "instead: set a value within the bounds, or widen them under 'vars' in "
                    "story.yaml"
                )
                found.append(
                    warning(
                        story.locate(scene_id, *path, "set", name), message, "effect-out-of-bounds"
                    )
                )
    return found


def renamed_still_scenes(story: Story) -> list[StoryError]:
    """A `renamed:` entry whose old id is still a scene: a save at the old scene goes on at the
    new one, never at the scene that has the old id now."""
    found = []
    for old, new in story.manifest.renamed.items():
        if old in story.scenes:
            file, line, _ = story.locate(old, key=True)
            message = (
                f"renamed: '{old}' -> '{new}', but '{old}' is still a scene (at {file}:{line}): "
                f"saves made there load at '{new}'; remove the entry, or rename the scene"
            )
            where = story.locate_manifest("renamed", old, key=True)
            found.append(warning(where, message, "renamed-still-a-scene"))
    return found


def effect_holders(
    scene: Scene, groups: bool = False
) -> list[tuple[NodePath, Effects | ConditionalEffects]]:
    """Each place in a scene that holds effects, with its path; with `groups`, each `when`
    group too (its path ending `("when", n)`)."""
    holders: list[tuple[NodePath, Effects | ConditionalEffects]] = [(("on_enter",), scene.on_enter)]
    for index, choice in enumerate(scene.choices):
        holders.append((("choices", index), choice.effects))
        for o_index, outcome in enumerate(choice.outcomes or ()):
            holders.append((("choices", index, "outcomes", o_index), outcome.effects))
    if groups:
        for path, effects in list(holders):
            assert isinstance(effects, Effects)
            holders += [((*path, "when", n), group) for n, group in enumerate(effects.when)]
    return holders


def variables_read(story: Story) -> set[str]:
    """Every name a condition, weight or text reads."""
    read: set[str] = set()
    for source in story_sources(story):
        read |= names_read(source.text, source.kind)
    return read


def variable_use(story: Story) -> list[StoryError]:
    read = variables_read(story)
    changed = variables_set(story)
    found = []
    for name, var in story.variables.items():
        where = story.locate_manifest("vars", name, key=True)
        seen = name in read or var.show
        if not seen and name not in changed:
            message = f"variable '{name}' is declared but never used"
            found.append(warning(where, message, "unused-variable"))
        elif not seen:
            scene_id, path = changed[name]
            file, line, _ = story.locate(scene_id, *path, key=True)
            message = (
                f"variable '{name}' is set (e.g. at {file}:{line}) but never read: no condition, "
                "weight or text depends on it (add 'show: true' if players should see it)"
            )
            found.append(warning(where, message, "variable-never-read"))
        elif name not in changed and name in read:
            message = (
                f"variable '{name}' is read but never set: it is always {dump_value(var.initial)}"
            )
            found.append(warning(where, message, "variable-never-set"))
    return found


# -- what exploring saw ---------------------------------------------------------------------


def conditions(story: Story, possible: Possible) -> list[StoryError]:
    """Conditions that came out the same in every state a player can be in."""
    found = []
    for source in story_sources(story):
        key = source.path[-1]
        if key not in ("if", "enabled_if"):
            continue
        values = possible.conditions.get((source.scene, source.path))
        if values is None or len(values) != 1:
            continue
        always = next(iter(values))
        if always and key == "if" and _once_only(story, source.scene, source.path):
            continue  # a once-only choice not yet taken: nothing to fix
        text = f"'{key}: {source.text}' is {'true' if always else 'false'} in every state reached"
        if "when" in source.path:
            message = _when_message(source.path, source.scene, always, text)
        elif source.scene is None:
            number = int(source.path[1]) + 1
            effect = "always shows" if always else "never shows"
            message = f"consequence {number} {effect}: {text} at an ending"
        else:
            number = int(source.path[1]) + 1
            if key == "if":
                effect = "always shown" if always else "never shown"
            else:
                effect = "never disabled" if always else "always disabled"
            message = f"choice {number} of '{source.scene}' is {effect}: {text}"
        code = "condition-always-true" if always else "condition-always-false"
        found.append(warning(source.locate(story), message, code))
    return found


def _when_message(path: NodePath, scene_id: str | None, always: bool, text: str) -> str:
    """A `when` group whose condition is always or never true, named by where it is."""
    at = path.index("when")
    number = int(path[at + 1]) + 1
    holder = path[:at]
    if holder[0] == "on_enter":
        where = f"the 'on_enter' of '{scene_id}'"
    elif "outcomes" in holder:
        where = f"outcome {int(holder[3]) + 1} of choice {int(holder[1]) + 1} of '{scene_id}'"
    else:
        where = f"choice {int(holder[1]) + 1} of '{scene_id}'"
    if always:
        return (
            f"'when' group {number} of {where} always applies: {text} (its effects can go "
            "with the others)"
        )
    return f"'when' group {number} of {where} never applies: {text}"


def _once_only(story: Story, scene_id: str | None, path: NodePath) -> bool:
    """Whether the condition at `path` guards a once-only choice (its hidden variable)."""
    if scene_id is None or len(path) < 2 or not isinstance(path[1], int):
        return False
    return story.scenes[scene_id].choices[path[1]].once


def template_branches(story: Story, possible: Possible) -> list[StoryError]:
    """`{% if %}` branches that never show in any state reached."""
    found = []
    for source in story_sources(story):
        if source.kind != "template" or "{%" not in source.text:
            continue
        shown = possible.branches.get((source.scene, source.path))
        if shown is None:  # never rendered: its scene or choice is never reached
            continue
        branches = instrument(source.text).branches
        what = _text_name(source.scene, source.path)
        occurrence: dict[tuple[int, str], int] = {}
        for index, branch in enumerate(branches):
            nth = occurrence.get((branch.line, branch.tag), 0)
            occurrence[(branch.line, branch.tag)] = nth + 1
            if index in shown:
                continue
            where = _branch_position(story, source.locate(story), branch, nth)
            if branch.tag:
                message = (
                    f"the {{% {branch.tag} %}} branch on line {branch.line} of {what} never shows "
                    "in any state reached"
                )
                found.append(warning(where, message, "template-branch-never-shows"))
            else:
                message = (
                    f"the {{% if %}} on line {branch.line} of {what} always shows one of its "
                    "branches: its condition holds in every state reached"
                )
                found.append(warning(where, message, "template-if-always-true"))
    return found


def _text_name(scene_id: str | None, path: NodePath) -> str:
    if scene_id is None:
        return f"the text of consequence {int(path[1]) + 1}"
    key = str(path[-1])
    if len(path) > 1:
        return f"the {key} of choice {int(path[1]) + 1} of '{scene_id}'"
    return f"the {key} of '{scene_id}'"


@cache
def _file_lines(path: Path) -> tuple[str, ...]:
    try:
        return tuple(path.read_text(encoding="utf-8").splitlines())
    except OSError:
        return ()


def _branch_position(
    story: Story, value: tuple[str, int, int], branch: Branch, nth: int
) -> tuple[str, int, int]:
    """Where a template's `{% if %}` tag is in the YAML file: Jinja2 counts lines within the
    template; a block scalar (`|`) starts on the line after its key."""
    file, line, column = value
    lines = _file_lines(file_path(story, file))
    if not 0 < line <= len(lines):
        return value
    first = lines[line - 1][column - 1 :]
    block = first[:1] in ("|", ">")
    target = line + branch.line if block else line + branch.line - 1
    if not 0 < target <= len(lines):
        return value
    text = lines[target - 1]
    tag = branch.tag or "if"
    matches = list(re.finditer(r"\{%-?\s*" + tag + r"\b", text))
    if matches:
        return file, target, matches[min(nth, len(matches) - 1)].start() + 1
    return file, target, len(text) - len(text.lstrip()) + 1
