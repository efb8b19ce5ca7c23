"""A read Twee story converted into scene drafts and the manifest's declarations.

This is where the story-level decisions are made once: which story format the passages are in,
which passages are scenes and which are code or set-up, what each scene is called (its id), what
type each variable has and where it starts, and which scenes are endings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.tools.twee import chapbook, harlowe, snowman, sugarcube
from game.tools.twee.expressions import Context
from game.tools.twee.lower import (
    CONTINUE,
    ChoiceDraft,
    Lowerer,
    Reported,
    SceneDraft,
    conjunction,
    effects,
)
from game.tools.twee.markup import escape_jinja
from game.tools.twee.parts import Assign, If, Link, Loss, Part, Target
from game.tools.twee.source import CODE_TAGS, Passage, Problem, TweeStory

FORMATS = ("harlowe", "sugarcube", "chapbook", "snowman")
PARSERS: dict[str, Callable[[str, Context], list[Part]]] = {
    "harlowe": harlowe.parse_passage,
    "sugarcube": sugarcube.parse_passage,
    "chapbook": chapbook.parse_passage,
    "snowman": snowman.parse_passage,
}
STARTUP_NAMES = {"sugarcube": {"StoryInit"}}
STARTUP_TAGS = {"harlowe": {"startup"}}
HEADER_NAMES = {"sugarcube": ({"PassageHeader"}, {"PassageFooter"})}
HEADER_TAGS = {"harlowe": ({"header"}, {"footer"})}
# Passages a format runs itself (its user interface, code hooks): never scenes, reported
SYSTEM_NAMES = {
    "sugarcube": {
        "PassageReady", "PassageDone", "StoryCaption", "StoryMenu", "StoryBanner",
        "StoryDisplayTitle", "StoryInterface", "StoryShare", "StorySubtitle", "StoryAuthor",
    },
    "snowman": {"UserScript", "UserStylesheet"},
    "chapbook": {"UserScript", "UserStylesheet"},
}  # fmt: skip
DEAD_END = "The story stops here"
DEAD_END_SCENE = "story_stops_here"


@dataclass
class Conversion:
    """Everything `write` and `report` need."""

    title: str
    story_format: str
    start: str
    manifest: dict[str, Any]
    scenes: dict[str, dict[str, Any]]  # scene id -> scene mapping
    scene_file: dict[str, str]  # scene id -> the twee file it came from
    drafts: list[SceneDraft]
    passage_losses: list[Reported] = field(default_factory=list)  # code/style/system passages
    problems: list[Problem] = field(default_factory=list)


def slug(name: str) -> str:
    """A passage name as a scene id: lowercase letters, digits and `_`, starting with a letter."""
    text = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not text:
        return "passage"
    return text if text[0].isalpha() else "p_" + text


def scene_ids(names: list[str]) -> dict[str, str]:
    """Every passage name -> a unique scene id, numbered in passage order when two slugs meet."""
    ids: dict[str, str] = {}
    taken: set[str] = {DEAD_END_SCENE}
    for name in names:
        base = slug(name)
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}_{n}", n + 1
        taken.add(candidate)
        ids[name] = candidate
    return ids


def guess_format(story: TweeStory) -> str:
    """The story format from the markup, when neither StoryData nor --format says."""
    text = "\n".join(p.text for p in story.passages.values())
    counts = {
        "sugarcube": len(re.findall(r"<<\s*/?\w", text)),
        "harlowe": len(
            re.findall(r"\((?:set|if|else|display|link|goto|go-to|print|either):", text)
        ),
        "snowman": len(re.findall(r"<%", text)),
        "chapbook": len(
            re.findall(r"^\[(?:if|else|unless|continue|JavaScript)\b|\{embed |^--$", text, re.M)
        ),
    }
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "harlowe"


def story_format(story: TweeStory, given: str | None) -> tuple[str, Problem | None]:
    if given:
        return given, None
    declared = story.format_name.strip().lower()
    if declared in FORMATS:
        return declared, None
    guessed = guess_format(story)
    first = next(iter(story.passages.values()), None)
    file, line = (first.file, first.line) if first else ("<input>", 1)
    why = f"StoryData names the format '{story.format_name}'" if declared else "no StoryData format"
    return guessed, Problem(file, line, f"{why}; reading it as {guessed} (use --format to choose)")


def convert(
    story: TweeStory, given_format: str | None, ending_passages: list[str] | None = None
) -> Conversion:
    fmt, problem = story_format(story, given_format)
    problems = [problem] if problem else []
    parse = PARSERS[fmt]
    scenes_in: list[Passage] = []
    startup: list[Passage] = []
    headers: list[Passage] = []
    footers: list[Passage] = []
    passage_losses: list[Reported] = []
    head_names, foot_names = HEADER_NAMES.get(fmt, (set(), set()))
    head_tags, foot_tags = HEADER_TAGS.get(fmt, (set(), set()))
    for passage in story.passages.values():
        tags = set(passage.tags)
        if tags & CODE_TAGS or passage.name in SYSTEM_NAMES.get(fmt, set()):
            what = "JavaScript" if "script" in tags or "Script" in passage.name else "a stylesheet"
            if "widget" in tags:
                what = "a widget passage"
            elif not tags & {"script", "stylesheet"} and "Stylesheet" not in passage.name:
                what = f"the {fmt} passage {passage.name}"
            if passage.text.strip():
                passage_losses.append(Reported(passage, Loss(what, passage.name, -1)))
        elif passage.name in STARTUP_NAMES.get(fmt, set()) or tags & STARTUP_TAGS.get(fmt, set()):
            startup.append(passage)
        elif passage.name in head_names or tags & head_tags:
            headers.append(passage)
        elif passage.name in foot_names or tags & foot_tags:
            footers.append(passage)
        else:
            scenes_in.append(passage)

    ids = scene_ids([p.name for p in scenes_in])
    ctx_hints: dict[str, set[type]] = {}
    used: set[str] = set()
    aliases: dict[str, str] = {}
    cache: dict[str, list[Part]] = {}

    def parts_of(passage: Passage) -> list[Part]:
        if passage.name not in cache:
            ctx = Context(fmt, ids.get, ids.get(passage.name, ""), aliases, ctx_hints, used)
            cache[passage.name] = parse(passage.text, ctx)
        return cache[passage.name]

    if fmt in ("snowman", "chapbook"):
        # the story's script runs first; what it sets up (objects holding the story's
        # variables, their first values) is what the passages then use
        for passage in story.passages.values():
            if "script" in passage.tags or passage.name == "UserScript":
                startup.append(passage)
                script_ctx = Context(fmt, ids.get, "", aliases, ctx_hints, used)
                cache[passage.name] = snowman.parse_script(passage.text, script_ctx)
                passage_losses[:] = [r for r in passage_losses if r.passage is not passage]
    for passage in story.passages.values():
        if passage in scenes_in or passage in startup or passage in headers or passage in footers:
            parts_of(passage)

    types, initial = declare(
        [a for p in startup for a in assigns_in(parts_of(p))],
        [a for p in scenes_in + headers + footers for a in assigns_in(parts_of(p))],
        ctx_hints,
        used,
    )
    lowerer = Lowerer(parts_of, {p.name: p for p in scenes_in + headers + footers}, types)
    drafts = [lowerer.lower(p, headers, footers) for p in scenes_in]
    for p in startup:
        for part in parts_of(p):
            if isinstance(part, Loss):
                passage_losses.append(Reported(p, part))

    start_name = str(story.data.get("start") or "")
    if start_name not in ids:
        fallback = "Start" if "Start" in ids else (scenes_in[0].name if scenes_in else "")
        if start_name:
            where = scenes_in[0] if scenes_in else None
            problems.append(
                Problem(
                    where.file if where else "<input>",
                    where.line if where else 1,
                    f"StoryData names the start passage '{start_name}', which is not a passage; "
                    f"starting at '{fallback}'",
                )
            )
        start_name = fallback
    drafts = [d for d in drafts if not snippet(d.passage.name, drafts, start_name)]
    for name in ending_passages or []:
        draft = next((d for d in drafts if d.passage.name == name), None)
        if draft is None:
            first = scenes_in[0] if scenes_in else None
            problems.append(
                Problem(
                    first.file if first else "<input>",
                    first.line if first else 1,
                    f"--ending names '{name}', which is not a story passage",
                )
            )
        else:
            draft.choices.clear()  # the author's call: this passage ends the story
            draft.redirects.clear()
    scenes, endings, scene_file = build_scenes(drafts, ids, problems)
    if scenes_in and not any(s.get("end") for s in scenes.values()):
        first = scenes_in[0]
        problems.append(
            Problem(
                first.file,
                first.line,
                "the story has no ending: every passage links on "
                "(name the passages that end it with --ending PASSAGE)",
            )
        )
    manifest: dict[str, Any] = {
        "title": story.title or (Path(scenes_in[0].file).stem if scenes_in else "Imported"),
        "start": ids.get(start_name, DEAD_END_SCENE),
        "description": f"Imported from Twine ({fmt}).",
        "vars": {name: {"initial": initial[name]} for name in sorted(types)},
        "endings": endings,
    }
    return Conversion(
        manifest["title"], fmt, manifest["start"], manifest, scenes, scene_file, drafts,
        passage_losses, problems,
    )  # fmt: skip


def snippet(name: str, drafts: list[SceneDraft], start: str) -> bool:
    """A passage only ever included in others (never linked to, not the start) is no scene."""
    if name == start or not any(name in d.included for d in drafts):
        return False
    for draft in drafts:
        for choice in draft.choices + draft.redirects:
            if name in target_names(choice.target):
                return False
    return True


def assigns_in(parts: list[Part]) -> list[Assign]:
    found: list[Assign] = []
    for part in parts:
        if isinstance(part, Assign):
            found.append(part)
        elif isinstance(part, Link):
            found.extend(part.setters)
        elif isinstance(part, If):
            for branch in part.branches:
                found.extend(assigns_in(branch.parts))
    return found


def declare(
    startup: list[Assign], others: list[Assign], hints: dict[str, set[type]], used: set[str]
) -> tuple[dict[str, type], dict[str, Any]]:
    """Each variable's type and initial value, from how the story uses it.

    The set-up passages' values come first (they are the initial values); then the type most
    often assigned; then adds (a number); then what it is compared with; then a flag.
    """
    types: dict[str, type] = {}
    initial: dict[str, Any] = {}
    for assign in startup:
        if not assign.add and assign.variable not in types:
            types[assign.variable] = type(assign.value)
        if not assign.add and types[assign.variable] is type(assign.value):
            initial[assign.variable] = assign.value
    counts: dict[str, dict[type, int]] = {}
    for assign in others + [a for a in startup if a.add]:
        kind: type = int if assign.add else type(assign.value)
        counts.setdefault(assign.variable, {}).setdefault(kind, 0)
        counts[assign.variable][kind] += 1
    for name in sorted(set(counts) | set(hints) | used):
        if name in types:
            continue
        if name in counts:
            types[name] = max(counts[name], key=lambda k: counts[name][k])
        elif hints.get(name):
            seen = hints[name]
            types[name] = next(k for k in (int, str, bool) if k in seen)
        else:
            types[name] = bool
    for name, kind in types.items():
        initial.setdefault(name, {bool: False, int: 0, str: ""}[kind])
    return types, initial


def build_scenes(
    drafts: list[SceneDraft], ids: dict[str, str], problems: list[Problem]
) -> tuple[dict[str, dict[str, Any]], dict[str, Any], dict[str, str]]:
    scenes: dict[str, dict[str, Any]] = {}
    endings: dict[str, Any] = {}
    scene_file: dict[str, str] = {}
    dead_end_used = False
    for draft in drafts:
        passage = draft.passage
        scene_id = ids[passage.name]
        scene: dict[str, Any] = {"title": passage.name}
        choices = choice_list(draft, ids, problems)
        text = tidy("".join(draft.text))
        if text:
            scene["text"] = text
        on_enter = effects(draft.on_enter)
        if on_enter:
            scene["on_enter"] = on_enter
        if choices:
            if all("if" in c for c in choices):
                shown = " or ".join(f"({c['if']})" for c in choices)
                choices.append({"label": DEAD_END, "goto": DEAD_END_SCENE, "if": f"not ({shown})"})
                dead_end_used = True
            scene["choices"] = choices
        else:
            scene["end"] = scene_id
            endings[scene_id] = {"title": passage.name, "kind": "other"}
        scenes[scene_id] = scene
        scene_file[scene_id] = passage.file
    if dead_end_used or not drafts:
        scenes[DEAD_END_SCENE] = {
            "title": DEAD_END,
            "text": "No link led on from here in the Twine story.",
            "end": DEAD_END_SCENE,
        }
        scene_file[DEAD_END_SCENE] = drafts[0].passage.file if drafts else "story"
        endings[DEAD_END_SCENE] = {"title": DEAD_END, "kind": "other"}
    return scenes, endings, scene_file


def tidy(text: str) -> str:
    """Twine's prose is HTML, where indentation and runs of spaces mean nothing; in Markdown an
    indented line is code. So each line loses its indentation and repeated spaces."""
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    joined = "\n".join(lines)
    joined = re.sub(r"\n{3,}", "\n\n", joined)
    return joined.strip("\n").strip()


def choice_list(
    draft: SceneDraft, ids: dict[str, str], problems: list[Problem]
) -> list[dict[str, Any]]:
    """The scene's choices: go-tos first (Twine leaves before the player can click), then links."""
    result: list[dict[str, Any]] = []
    earlier: list[str] = []
    for redirect in draft.redirects:
        condition = conjunction(redirect.conditions)
        choice = make_choice(redirect, ids, problems, [f"not ({c})" for c in earlier])
        if choice is not None:
            result.append(choice)
        if condition is None:
            return result  # an unconditional go-to: nothing after it is ever seen
        earlier.append(condition)
    for link in draft.choices:
        choice = make_choice(link, ids, problems, [f"not ({c})" for c in earlier])
        if choice is not None:
            result.append(choice)
    return result


def make_choice(
    draft: ChoiceDraft, ids: dict[str, str], problems: list[Problem], extra: list[str]
) -> dict[str, Any] | None:
    targets = (draft.target,) if isinstance(draft.target, str) else draft.target
    missing = [t for t in targets if t not in ids]
    if missing:
        passage = draft.passage
        if passage is not None:
            problems.append(
                Problem(
                    passage.file,
                    passage.line + 1 + draft.line,
                    f"passage '{passage.name}' links to '{missing[0]}', which is not a passage; "
                    "the link is left out",
                )
            )
        return None
    choice: dict[str, Any] = {
        "label": escape_jinja(draft.label) if draft.label != CONTINUE else CONTINUE
    }
    condition = conjunction(draft.conditions + extra)
    if isinstance(draft.target, str):
        choice["goto"] = ids[draft.target]
    else:
        choice["outcomes"] = [{"weight": 1, "goto": ids[t]} for t in targets]
    if condition:
        choice["if"] = condition
    choice.update(effects(draft.setters))
    return choice


def target_names(target: Target) -> tuple[str, ...]:
    return (target,) if isinstance(target, str) else target
