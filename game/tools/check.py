"""`goldilocks check`: everything the loader reports, the lint pass, and a path to every scene.

Like a compiler run: all problems at once in `file:line:col: message` form, then a summary; exit
status 0 when the story has no error (and, with `--strict`, no warning), 1 otherwise.

By default it searches for a path to every scene (`Explorer.seek`), bounded in states, so it
answers in about the time a load takes; `--exhaustive` walks every state (`Explorer.explore`),
for soft locks and bounds over all of them.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from game.engine import Story, StoryErrors, load_story
from game.engine.safe_yaml import HAVE_LIBYAML
from game.tools.audit import audit
from game.tools.explore import (
    DEFAULT_MAX_STATES,
    SEARCH_MAX_STATES,
    Explorer,
    collector_paused,
)
from game.tools.lint import Possible, exploration_errors, lint
from game.tools.report import CheckReport, human, to_json
from game.tools.stats import story_words

SEARCH_PLAYTHROUGHS = 300  # random playthroughs of the default check
EXHAUSTIVE_PLAYTHROUGHS = 1000  # and of `--exhaustive`


def run_check(path: Path, display: str, args: argparse.Namespace) -> int:
    exhaustive = bool(getattr(args, "exhaustive", False))
    playthroughs = getattr(args, "random", None)
    if playthroughs is None:
        playthroughs = EXHAUSTIVE_PLAYTHROUGHS if exhaustive else SEARCH_PLAYTHROUGHS
    max_states = getattr(args, "max_states", None)
    if max_states is None:
        max_states = DEFAULT_MAX_STATES if exhaustive else SEARCH_MAX_STATES
    if playthroughs < 0:
        return _usage("--random wants a number of playthroughs, 0 or more")
    if max_states < 1:
        return _usage("--max-states wants a number of states, 1 or more")
    with Progress.on_terminal(sys.stderr) as progress:
        report = check_story(
            path,
            display,
            max_states=max_states,
            playthroughs=playthroughs,
            seed=getattr(args, "seed", 0) or 0,
            progress=progress,
            language=getattr(args, "lang", None),
            exhaustive=exhaustive,
        )
    if getattr(args, "json", False):
        print(to_json(report))
    else:
        from game.shown_text import printable

        # (titles, labels and messages quote the story: shown, never obeyed by the terminal)
        print(printable(human(report, show_paths=bool(getattr(args, "paths", False)))))
    return report.exit_status(strict=bool(getattr(args, "strict", False)))


def _usage(message: str) -> int:
    print(f"goldilocks check: {message}", file=sys.stderr)
    return 1


def check_story(
    path: Path,
    display: str | None = None,
    *,
    max_states: int = DEFAULT_MAX_STATES,
    playthroughs: int = 1000,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    exhaustive: bool = True,
    language: str | None = None,
) -> CheckReport:
    """Load, explore, play at random and lint one story folder; `progress` is told now and then
    how far a long check has got. `exhaustive`: walk every state (to `max_states`); else search
    for a path to every scene (see the module's docstring). With `language`, the story's
    translation into it is checked too (see `translation_check`)."""
    report = CheckReport(libyaml=HAVE_LIBYAML, max_states=max_states, exhaustive=exhaustive)
    try:
        story = load_story(path, display_root=display)
    except StoryErrors as exc:
        report.errors = [e for e in exc.errors if e.severity == "error"]
        report.warnings = [e for e in exc.errors if e.severity != "error"]
        return report
    with collector_paused():  # (see there: the explored graph is big, and makes no cycles)
        explorer = Explorer(story, merge=exhaustive)
        explorer.progress = progress
        if exhaustive:
            explorer.explore(max_states=max_states)
            runs = explorer.playthroughs(playthroughs, seed=seed) if playthroughs else None
            explorer.forget_visited()  # (no state is added past here: see there)
        else:
            runs = explorer.seek(max_states, playthroughs=playthroughs, seed=seed)
        possible = Possible.of(story, explorer)
        describe(report, story, explorer, possible)
        report.playthroughs = runs
        report.errors = exploration_errors(story, explorer)
        report.warnings = lint(story, explorer, possible)
        report.audit = audit(story)
        said = {(w.file, w.line, w.column) for w in report.warnings if w.code == "duplicate-choice"}
        report.warnings += [  # a choice the duplicate lint names already is not named twice
            w for w in report.audit.warnings() if (w.file, w.line, w.column) not in said
        ]
        if language:
            from game.tools.translation_check import check_translation

            report.translation = check_translation(story, path, display, language)
        # freed here, with the collector still paused: the same million nodes freed after it
        # is running again take about three times as long (1,000-scene story: 3.0 s, 1.2 s)
        del explorer, possible
    return report


def explore_story(story: Story, *, max_states: int = DEFAULT_MAX_STATES) -> Explorer:
    explorer = Explorer(story)
    explorer.explore(max_states=max_states)
    return explorer


class Progress:
    """One line on a terminal that says how far a long check has got, rewritten in place at
    most a few times a second and wiped when the check is done, so that what stays on the
    screen is the report alone. Nothing at all when the stream is not a terminal."""

    INTERVAL = 0.25  # seconds between two rewrites

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.shown_at = 0.0
        self.shown = False

    @classmethod
    @contextlib.contextmanager
    def on_terminal(cls, stream: TextIO) -> Iterator[Callable[[str], None] | None]:
        if not stream.isatty():
            yield None
            return
        progress = cls(stream)
        try:
            yield progress
        finally:
            progress.wipe()

    def __call__(self, message: str) -> None:
        now = time.monotonic()
        if now - self.shown_at < self.INTERVAL:
            return
        self.shown_at = now
        seconds = now - self.started
        self.stream.write(f"\r\x1b[K{message} ({seconds:.0f} s; ctrl-C stops)")
        self.stream.flush()
        self.shown = True

    def wipe(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def describe(report: CheckReport, story: Story, explorer: Explorer, possible: Possible) -> None:
    """The summary's facts about a loaded story and what exploring it reached."""
    reached = explorer.reached_scenes()
    report.possible_scenes = [s for s in story.scenes if s in possible.scenes]
    possibly_ended = {story.scenes[s].end for s in possible.scenes}
    report.possible_endings = [e for e in story.endings if e in possibly_ended]
    report.title = story.title
    report.scenes = list(story.scenes)
    report.endings = {e: ending.title for e, ending in story.endings.items()}
    report.words = story_words(story)
    report.variables = len(story.variables)
    report.reachable_scenes = [s for s in story.scenes if s in reached]
    ended = {story.scenes[s].end for s in reached}
    report.reachable_endings = [e for e in story.endings if e in ended]
    report.states_explored = explorer.expanded
    report.complete = explorer.complete
    report.share = explorer.share
    report.collision_bound = explorer.collision_bound
    report.seconds = explorer.elapsed
    report.paths = explorer.shortest_paths()
