"""What `goldilocks check` found, and the two ways of telling it: for people and as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game.engine import StoryError
from game.engine.paths import PathStep
from game.tools.audit import Audit
from game.tools.explore import Playthroughs

if TYPE_CHECKING:
    from game.tools.translation_check import TranslationReport

NAMES_LISTED = 12  # scenes named in a human list before "and N more"


@dataclass
class CheckReport:
    """Everything `check` learnt about one story. Counts are 0 when the story did not load."""

    title: str = ""
    errors: list[StoryError] = field(default_factory=list)
    warnings: list[StoryError] = field(default_factory=list)
    scenes: list[str] = field(default_factory=list)
    endings: dict[str, str] = field(default_factory=dict)  # id -> title
    words: int = 0
    variables: int = 0
    reachable_scenes: list[str] = field(default_factory=list)
    reachable_endings: list[str] = field(default_factory=list)
    possible_scenes: list[str] = field(default_factory=list)  # all that may be reachable
    possible_endings: list[str] = field(default_factory=list)
    states_explored: int = 0
    complete: bool = False
    exhaustive: bool = True  # every state walked (to the bound), not a search for each scene
    max_states: int = 0
    share: int = 0  # the most states exploring kept at any one scene
    # at most the chance that two states shared a 64-bit digest, so one was taken for the other
    # (a long `--exhaustive` walk keeps digests of the states seen, not the states; else 0)
    collision_bound: float = 0.0
    seconds: float = 0.0
    playthroughs: Playthroughs | None = None
    paths: dict[str, tuple[PathStep, ...]] = field(default_factory=dict)
    libyaml: bool = True
    audit: Audit = field(default_factory=Audit)  # the consequence audit (audit.py)
    translation: TranslationReport | None = None  # with `check --lang`

    @property
    def loaded(self) -> bool:
        return bool(self.title)

    @property
    def unproven_scenes(self) -> list[str]:
        """Scenes neither reached nor proven unreachable: `check --exhaustive` may tell."""
        reached = set(self.reachable_scenes)
        return [s for s in self.possible_scenes if s not in reached]

    @property
    def unproven_endings(self) -> list[str]:
        reached = set(self.reachable_endings)
        return [e for e in self.possible_endings if e not in reached]

    @property
    def states_per_second(self) -> float:
        return self.states_explored / self.seconds if self.seconds > 0 else 0.0

    def exit_status(self, strict: bool = False) -> int:
        """0 when nothing is wrong (warnings too, with `strict`), else 1."""
        translation = self.translation
        if translation is not None and (translation.errors or (strict and translation.warnings)):
            return 1
        return 1 if self.errors or (strict and self.warnings) else 0

    def path_text(self, scene_id: str) -> str:
        steps = self.paths.get(scene_id)
        if steps is None:
            return "unreachable"
        return " ".join(str(s) for s in steps) if steps else "(start)"


def _error_json(error: StoryError) -> dict[str, Any]:
    return {
        "file": error.file,
        "line": error.line,
        "column": error.column,
        "message": error.message,
        "code": error.code,
        "severity": error.severity,
    }


def to_json(report: CheckReport) -> str:
    """One JSON object; the keys are stable, for editors and CI to read."""
    runs = report.playthroughs
    data: dict[str, Any] = {
        "story": report.title,
        "errors": [_error_json(e) for e in report.errors],
        "warnings": [_error_json(e) for e in report.warnings],
        "scenes": len(report.scenes),
        "endings": len(report.endings),
        "words": report.words,
        "variables": report.variables,
        "reachable_scenes": len(report.reachable_scenes),
        "reachable_endings": len(report.reachable_endings),
        "reachable_scenes_at_most": len(report.possible_scenes),
        "reachable_endings_at_most": len(report.possible_endings),
        "unreachable_scenes": [s for s in report.scenes if s not in report.possible_scenes],
        "unreachable_endings": [e for e in report.endings if e not in report.possible_endings],
        "not_proven_scenes": report.unproven_scenes,
        "not_proven_endings": report.unproven_endings,
        "exhaustive": report.exhaustive,
        "states_explored": report.states_explored,
        "complete": report.complete,
        "max_states": report.max_states,
        "max_states_per_scene": report.share,
        "collision_bound": report.collision_bound,
        "seconds": round(report.seconds, 3),
        "states_per_second": round(report.states_per_second),
        "playthroughs": runs.count if runs else 0,
        "seed": runs.seed if runs else None,
        "ending_frequency": {e: runs.endings.get(e, 0) for e in report.endings} if runs else {},
        "scene_frequency": {s: runs.scenes.get(s, 0) for s in report.scenes} if runs else {},
        "paths": {s: report.path_text(s) for s in report.scenes if s in report.paths},
        "ending_examples": {
            e: {"seed": seed, "choices": ",".join(map(str, picks))}
            for e, (seed, picks) in (runs.examples.items() if runs else ())
        },
        "inert_choices": [f.as_json() for f in report.audit.inert_choices],
        "dead_effects": [f.as_json() for f in report.audit.dead_effects],
        "flavour_choices": [f.as_json() for f in report.audit.flavour_choices],
        "libyaml": report.libyaml,
    }
    if report.translation is not None:
        data["translation"] = report.translation.to_json()
    return json.dumps(data, indent=2, ensure_ascii=False)


def human(report: CheckReport, *, show_paths: bool = False) -> str:
    """Errors and warnings in `file:line:col: message` form, then a short summary."""
    lines = [str(e) for e in sorted([*report.errors, *report.warnings], key=_position)]
    translation = report.translation
    errors, warnings = len(report.errors), len(report.warnings)
    if translation is not None:
        lines += [str(p) for p in sorted(translation.problems, key=lambda p: p.line)]
        errors += len(translation.errors)
        warnings += len(translation.warnings)
    if lines:
        lines.append("")
    if report.loaded:
        if show_paths:
            lines += _paths(report)
        lines += _summary(report)
        if translation is not None:
            lines.append(translation.summary())
    lines.append(f"{_count(errors, 'error')}, {_count(warnings, 'warning')}")
    return "\n".join(lines)


def _position(error: StoryError) -> tuple[str, int, int, str]:
    return (error.file, error.line, error.column, error.message)


def _between(sure: list[str], possible: list[str]) -> str:
    """'12' when exploring proved exactly what is reachable, else 'at least 9, at most 12'."""
    if len(sure) >= len(possible):
        return f"{len(sure)}"
    return f"at least {len(sure)}, at most {len(possible)}"


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _paths(report: CheckReport) -> list[str]:
    if report.complete:
        note = ""
    elif report.exhaustive:
        note = "the shortest found, not every state was explored; "
    else:
        note = "one found by searching, not always the shortest; "
    lines = [
        f"Shortest paths ({note}choice numbers as shown in play; 2/1 = choice 2, its outcome 1):"
    ]
    width = max((len(s) for s in report.scenes), default=0)
    for scene_id in report.scenes:
        lines.append(f"  {scene_id + ':':<{width + 1}} {report.path_text(scene_id)}")
    runs = report.playthroughs
    if runs is not None and runs.examples:
        lines.append("A random playthrough that reaches each ending (for golden transcripts):")
        width = max(len(e) for e in runs.examples)
        for ending_id in report.endings:
            if ending_id in runs.examples:
                seed, picks = runs.examples[ending_id]
                choices = ",".join(str(p) for p in picks)
                lines.append(f"  {ending_id + ':':<{width + 1}} --seed {seed} --choices {choices}")
    lines.append("")
    return lines


def _unproven(report: CheckReport) -> list[str]:
    """The scenes and endings the search neither reached nor could prove out of reach."""
    lines = []
    for what, names in (("scene", report.unproven_scenes), ("ending", report.unproven_endings)):
        if names:
            listed = ", ".join(names[:NAMES_LISTED])
            more = len(names) - NAMES_LISTED
            if more > 0:
                listed += f" and {more:,} more (--json lists them all)"
            lines.append(
                f"Not proven either way ({_count(len(names), what)}; run `goldilocks check "
                f"--exhaustive`): {listed}"
            )
    return lines


def _summary(report: CheckReport) -> list[str]:
    lines = [
        f"{report.title}: {_count(len(report.scenes), 'scene')}, "
        f"{_count(len(report.endings), 'ending')}, {_count(report.words, 'word')}, "
        f"{_count(report.variables, 'variable')}",
    ]
    lines.append(
        f"Reachable: {_between(report.reachable_scenes, report.possible_scenes)} of "
        f"{len(report.scenes)} scenes, "
        f"{_between(report.reachable_endings, report.possible_endings)} of "
        f"{len(report.endings)} endings"
    )
    rate = f"{report.states_per_second:,.0f} states/s"
    explored = (
        f"Explored {_count(report.states_explored, 'state')} in {report.seconds:.2f} s ({rate})"
    )
    if report.complete:
        lines.append(f"{explored}: every state covered")
    elif not report.exhaustive:
        lines.append(
            f"{explored}, searching for a path to every scene, not walking every state (at most "
            f"{report.max_states:,}). What never happens was judged by value sets: no false "
            "alarms, but a few may be missed; `goldilocks check --exhaustive` walks every state"
        )
        lines += _unproven(report)
    else:
        lines.append(
            f"{explored}, then stopped: the story has more states than --max-states "
            f"{report.max_states:,} allows (at most {report.share:,} at any one scene). What "
            "never happens was judged by value sets instead: no false alarms, but a few may "
            "be missed"
        )
    if report.collision_bound:
        lines.append(
            "  (states kept as 64-bit digests: the chance that a collision hid one is at most "
            f"{report.collision_bound:.1e})"
        )
    found = report.audit
    lines.append(
        f"Consequences: {_count(len(found.inert_choices), 'inert choice')}, "
        f"{_count(len(found.dead_effects), 'dead effect')}, "
        f"{_count(len(found.flavour_choices), 'flavour choice')} (marked, not reported)"
    )
    runs = report.playthroughs
    if runs is not None and runs.count:
        last = runs.seed + runs.count - 1
        lines.append(
            f"Random playthroughs: {runs.count:,} (seeds {runs.seed}-{last}) in "
            f"{runs.elapsed:.2f} s; endings reached:"
        )
        width = max((len(e) for e in report.endings), default=0)
        for ending_id, title in report.endings.items():
            n = runs.endings.get(ending_id, 0)
            lines.append(f"  {ending_id:<{width}} {n:>7,} {100 * n / runs.count:5.1f}%  {title}")
        never = [s for s in report.reachable_scenes if s not in runs.scenes]
        if never:
            listed = ", ".join(never[:NAMES_LISTED])
            more = len(never) - NAMES_LISTED
            if more > 0:
                listed += f" and {more:,} more (--json lists every scene's count)"
            lines.append(f"  scenes no random playthrough reached ({len(never):,}): {listed}")
        unfinished = runs.count - sum(runs.endings.values())
        if unfinished:
            seed, picks, why = runs.unfinished[0]
            if len(picks) <= 40:
                choices = ",".join(str(p) for p in picks) or "''"
                example = f"goldilocks play --plain --seed {seed} --choices {choices}"
            else:
                example = f"the playthrough with seed {seed}, after {len(picks):,} choices"
            lines.append(
                f"  {_count(unfinished, 'playthrough')} reached no ending ({why}); e.g. {example}"
            )
    if not report.libyaml:
        lines.append(
            "Note: libyaml is missing, so YAML is read with PyYAML's slower pure-Python loader"
        )
    return lines
