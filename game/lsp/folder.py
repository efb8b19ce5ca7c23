"""A story folder as the editor holds it: its files (unsaved edits included), checked the way
`check` checks a story before playing it.

The loader and validation give the errors; `lint.static_lint` the warnings that need no play.
The last story that loaded is kept, so completion and navigation go on working while the
author's current edit does not load.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from game.engine import Story, StoryError, StoryErrors, load_story
from game.engine.story_folder import MANIFEST, scene_file_names


def story_root(file: Path) -> Path | None:
    """The story folder a file belongs to: the nearest folder at or above it with a manifest."""
    for folder in [file.parent, *file.parent.parents][:4]:
        if (folder / MANIFEST).is_file():
            return folder
    return None


@dataclass
class StoryFolder:
    """One story folder: what its files say now, and the problems in it."""

    root: Path
    story: Story | None = None  # the last version that loaded
    problems: list[StoryError] = field(default_factory=list)
    texts: dict[Path, str] = field(default_factory=dict)  # each file's text as last checked

    def files(self) -> list[Path]:
        """The files the story is read from (the manifest first)."""
        try:
            names = scene_file_names(self.root)
        except OSError:
            names = []
        return [self.root / MANIFEST, *(self.root / name for name in names)]

    def check(self, unsaved: Mapping[Path, str]) -> list[StoryError]:
        """Load the folder with `unsaved` (file -> the editor's text) in place of those files,
        and return every error and static warning, as `file:line:col` with absolute paths."""
        from game.tools.lint import static_lint

        buffers = {
            path.name: text.encode("utf-8")
            for path, text in unsaved.items()
            if path.parent == self.root
        }
        self.texts = {}
        for path in self.files():
            text = unsaved.get(path)
            if text is None:
                try:
                    text = path.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    text = ""
            self.texts[path] = text
        try:
            story = load_story(self.root, display_root=str(self.root), unsaved=buffers)
        except StoryErrors as exc:
            self.problems = list(exc.errors)
            if self.story is None and buffers:  # nothing loaded yet: what is saved, if it loads
                with contextlib.suppress(StoryErrors):
                    self.story = load_story(self.root, display_root=str(self.root))
            return self.problems
        self.story = story
        self.problems = static_lint(story)
        return self.problems

    def lines(self, path: Path) -> list[str]:
        """A file's lines, as last checked."""
        return self.texts.get(path, "").split("\n")
