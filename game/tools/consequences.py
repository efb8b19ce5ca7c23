"""`goldilocks consequences DIR [SCENE[:N]]`: where each choice is remembered.

For each effect of a choice (and of each of its outcomes), the places its value is first read on
some path: the scenes whose text, title, choices or weights mention the variable before anything
`set`s it again, the timeline items that read it at the endings it can reach, and those endings.
The map an author uses to make every choice echo; the consequence audit (audit.py) says which
effects nothing ever observes.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from game.engine import Story, StoryErrors, load_story
from game.engine.model import Choice, ConditionalEffects
from game.engine.once_only import is_hidden_variable as hidden
from game.tools.audit import Observer, Route, routes
from game.tools.sources import Source, names_read, story_sources


@dataclass(frozen=True)
class Reader:
    """One piece of Jinja2 that reads a value: a scene's (scene set) or the timeline's."""

    scene: str | None
    where: str  # "text", "choice 2 (if)", "2012 timeline item 3"...
    file: str
    line: int


# Per scene and variable, the pieces that mention it; and the timeline's, per variable.
Readers = tuple[dict[str, dict[str, list[Reader]]], dict[str, list[Reader]]]


@dataclass
class Echo:
    """Where one effect of a choice is first read."""

    effect: str  # "set NAME" / "add NAME"
    outcome: int | None  # 1-based, for an outcome's effect
    observed: bool  # False: the audit proves nothing can ever tell it apart
    sidebar: bool
    readers: list[Reader] = field(default_factory=list)
    endings: list[str] = field(default_factory=list)


@dataclass
class ChoiceEchoes:
    scene: str
    choice: int  # 1-based, in the scene's list
    label: str
    file: str
    line: int
    flavour: bool
    echoes: list[Echo] = field(default_factory=list)


def _where(source: Source, story: Story) -> str:
    path = source.path
    if source.scene is None:
        index = int(path[1])
        year = story.manifest.consequences[index].year
        return f"timeline item {index + 1} ({year})"
    if path[0] == "choices":
        rest = " ".join(str(p + 1) if isinstance(p, int) else p for p in path[2:])
        return f"choice {int(path[1]) + 1} ({rest})"
    return str(path[0])


def all_readers(story: Story) -> Readers:
    """Per scene and variable, the pieces that mention it; and the timeline's, per variable."""
    declared = story.variables
    scenes: dict[str, dict[str, list[Reader]]] = {s: {} for s in story.scenes}
    timeline: dict[str, list[Reader]] = {}
    for source in story_sources(story):
        names = names_read(source.text, source.kind) & declared.keys()
        if not names:
            continue
        file, line, _ = source.locate(story)
        reader = Reader(source.scene, _where(source, story), file, line)
        for name in names:
            if source.scene is None:
                timeline.setdefault(name, []).append(reader)
            else:
                scenes[source.scene].setdefault(name, []).append(reader)
    return scenes, timeline


def first_reads(
    story: Story,
    name: str,
    route: Route,
    position: int,
    readers: Readers,
) -> tuple[list[Reader], list[str]]:
    """Where the value an effect gives `name` is first read on each path, and the endings whose
    timeline reads it."""
    target, effects = route
    if any(name in later.set_ for later in effects[position + 1 :]):
        return [], []
    in_scenes, in_timeline = readers
    found: list[Reader] = []
    endings: list[str] = []
    seen = {target}
    queue = deque([target])
    while queue:
        scene_id = queue.popleft()
        scene = story.scenes[scene_id]
        if scene.end is not None and name in in_timeline:
            if scene.end not in endings:
                endings.append(scene.end)
            found += [r for r in in_timeline[name] if r not in found]
        here = in_scenes[scene_id].get(name)
        if here:
            found += here
            continue  # first read on this path
        for choice in scene.choices:
            for _, (after, on_way) in routes(story, scene_id, choice):
                if after not in seen and not any(name in e.set_ for e in on_way):
                    seen.add(after)
                    queue.append(after)
    return found, endings


def echoes_of(
    story: Story, scene_id: str, index: int, observer: Observer, readers: Readers
) -> ChoiceEchoes:
    """Where each effect of choice `index` of a scene is remembered."""
    choice: Choice = story.scenes[scene_id].choices[index]
    file, line, _ = story.locate(scene_id, "choices", index)
    result = ChoiceEchoes(scene_id, index + 1, choice.label.strip(), file, line, choice.flavour)
    ways = list(routes(story, scene_id, choice))
    held: list[tuple[int | None, int, str, str, list[Route]]] = []
    for kind, names in (("set", choice.set_), ("add", choice.add)):
        held += [(None, 0, kind, n, [r for _, r in ways]) for n in names if not hidden(n)]
    for o_index, route in ways:
        if o_index is not None:
            outcome = (choice.outcomes or [])[o_index]
            for kind, names in (("set", outcome.set_), ("add", outcome.add)):
                held += [(o_index, 1, kind, n, [route]) for n in names if not hidden(n)]
    grouped: list[tuple[int | None, int, str, str, list[Route]]] = []
    holders: list[tuple[int | None, int, list[ConditionalEffects], list[Route]]] = [
        (None, 0, choice.when, [r for _, r in ways])
    ]
    for o_index, route in ways:
        if o_index is not None:
            holders.append((o_index, 1, (choice.outcomes or [])[o_index].when, [route]))
    for o_index, position, groups, its_routes in holders:
        for number, group in enumerate(groups):
            for kind, names in (("set", group.set_), ("add", group.add)):
                grouped += [(o_index, position, f"when {number + 1}: {kind}", n, its_routes)
                            for n in names if not hidden(n)]  # fmt: skip
    for o_index, position, kind, name, its_routes in [*held, *grouped]:
        if kind.startswith("when"):  # applied in some states only: observed if read ahead
            observed = any(name in observer.live[route[0]] for route in its_routes)
        else:
            observed = any(observer.effect_is_read(name, kind, position, r) for r in its_routes)
        echo = Echo(
            f"{kind} {name}",
            None if o_index is None else o_index + 1,
            observed,
            story.variables[name].show,
        )
        for route in its_routes:
            found, endings = first_reads(story, name, route, position, readers)
            echo.readers += [r for r in found if r not in echo.readers]
            echo.endings += [e for e in endings if e not in echo.endings]
        result.echoes.append(echo)
    return result


def choices_named(story: Story, named: str | None) -> list[tuple[str, int]] | str:
    """(scene, index) of each choice `SCENE[:N]` names (every choice without it), or why not."""
    if named is None:
        return [(s, i) for s, scene in story.scenes.items() for i in range(len(scene.choices))]
    scene_id, _, number = named.partition(":")
    scene = story.scenes.get(scene_id)
    if scene is None:
        return f"there is no scene '{scene_id}'"
    if not number:
        return [(scene_id, i) for i in range(len(scene.choices))]
    if not number.isdigit() or not 1 <= int(number) <= len(scene.choices):
        count = len(scene.choices)
        return f"'{scene_id}' has {count} choice{'s' if count != 1 else ''}: N is 1 to {count}"
    return [(scene_id, int(number) - 1)]


def human(found: list[ChoiceEchoes]) -> str:
    lines: list[str] = []
    for item in found:
        name = f"choice {item.choice} of '{item.scene}' ({item.label})"
        lines.append(f"{item.file}:{item.line}: {name}")
        if item.flavour:
            lines.append("  marked flavour: meant to change nothing")
        if not item.echoes:
            lines.append("  no effects")
        for echo in item.echoes:
            what = echo.effect + ("" if echo.outcome is None else f" (outcome {echo.outcome})")
            if not echo.observed:
                lines.append(f"  {what}: never observed (nothing ahead tells it apart)")
                continue
            lines.append(f"  {what}:" + (" shown in the sidebar" if echo.sidebar else ""))
            for reader in echo.readers:
                place = reader.scene if reader.scene is not None else "the timeline"
                at = f"{reader.file}:{reader.line}"
                lines.append(f"    read at {place}: {reader.where}  ({at})")
            if echo.endings:
                lines.append(f"    can change the timeline of: {', '.join(echo.endings)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_json(found: list[ChoiceEchoes]) -> str:
    data = [
        {
            "scene": item.scene,
            "choice": item.choice,
            "label": item.label,
            "file": item.file,
            "line": item.line,
            "flavour": item.flavour,
            "effects": [
                {
                    "effect": echo.effect,
                    "outcome": echo.outcome,
                    "observed": echo.observed,
                    "sidebar": echo.sidebar,
                    "read_at": [
                        {"scene": r.scene, "where": r.where, "file": r.file, "line": r.line}
                        for r in echo.readers
                    ],
                    "endings": echo.endings,
                }
                for echo in item.echoes
            ],
        }
        for item in found
    ]
    return json.dumps(data, indent=2, ensure_ascii=False)


def run_consequences(path: Path, display: str, args: argparse.Namespace) -> int:
    try:
        story = load_story(path, display_root=display)
    except StoryErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return 1
    named = choices_named(story, getattr(args, "choice", None))
    if isinstance(named, str):
        print(f"goldilocks consequences: {named}", file=sys.stderr)
        return 1
    observer = Observer(story)
    readers = all_readers(story)
    found = [echoes_of(story, s, i, observer, readers) for s, i in named]
    sys.stdout.write(to_json(found) + "\n" if getattr(args, "json", False) else human(found))
    return 0
