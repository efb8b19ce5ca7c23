"""Where each scene, variable and ending of a loaded story is defined and where it is used.

Positions come from the loader's source maps (the same ones error messages use); inside a
condition or a text, the name is found on the lines the value spans. A scene is used by a
`goto`, the manifest's `start`, a `renamed:` entry and `visits('...')`/`visited('...')`; a
variable by `set`/`add` and by every condition, weight and text that reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from game.engine import Story
from game.lsp.folder import StoryFolder
from game.tools.lint import effect_holders
from game.tools.sources import Source, names_read, story_sources

WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, order=True)
class Place:
    """A name in a file: 1-based line and column, and its length."""

    file: Path
    line: int
    column: int
    length: int


class StoryIndex:
    """Definitions and uses in one story folder (built from its last story that loaded)."""

    def __init__(self, folder: StoryFolder, story: Story) -> None:
        self.folder = folder
        self.story = story

    # -- what a word is ---------------------------------------------------------------------

    def word_at(self, file: Path, line: int, column: int) -> str | None:
        """The identifier at a 1-based position of a file, if any."""
        lines = self.folder.lines(file)
        if not 0 < line <= len(lines):
            return None
        for match in WORD.finditer(lines[line - 1]):
            if match.start() < column <= match.end() + 1:
                return match.group()
        return None

    def kind_of(self, word: str) -> str | None:
        """'scene', 'variable' or 'ending' (a scene first, when a word is more than one)."""
        if word in self.story.scenes:
            return "scene"
        if word in self.story.variables:
            return "variable"
        if word in self.story.endings:
            return "ending"
        return None

    # -- definitions --------------------------------------------------------------------------

    def definition(self, word: str) -> Place | None:
        kind = self.kind_of(word)
        if kind == "scene":
            return self._at(self.story.locate(word, key=True), word)
        if kind == "variable":
            return self._at(self.story.locate_manifest("vars", word, key=True), word)
        if kind == "ending":
            return self._at(self.story.locate_manifest("endings", word, key=True), word)
        return None

    # -- uses ---------------------------------------------------------------------------------

    def references(self, word: str) -> list[Place]:
        """Every use of a scene, variable or ending (not its definition), in file order."""
        kind = self.kind_of(word)
        if kind == "scene":
            found = self.scene_uses(word)
        elif kind == "variable":
            found = self.variable_uses(word)
        elif kind == "ending":
            found = [
                self._at(self.story.locate(scene_id, "end"), word)
                for scene_id, scene in self.story.scenes.items()
                if scene.end == word
            ]
        else:
            found = []
        return sorted(set(found))

    def scene_uses(self, scene_id: str) -> list[Place]:
        story = self.story
        found = []
        if story.start == scene_id:
            found.append(self._at(story.locate_manifest("start"), scene_id))
        for old, new in story.manifest.renamed.items():
            if new == scene_id:
                found.append(self._at(story.locate_manifest("renamed", old), scene_id))
        for other_id, scene in story.scenes.items():
            for index, choice in enumerate(scene.choices):
                if choice.goto == scene_id:
                    where = story.locate(other_id, "choices", index, "goto")
                    found.append(self._at(where, scene_id))
                for o_index, outcome in enumerate(choice.outcomes or ()):
                    if outcome.goto == scene_id:
                        path = ("choices", index, "outcomes", o_index, "goto")
                        found.append(self._at(story.locate(other_id, *path), scene_id))
        call = re.compile(r"visit(?:s|ed)\(\s*['\"](" + re.escape(scene_id) + r")['\"]")
        for source in story_sources(story):
            if scene_id in source.text and "visit" in source.text:
                found.extend(self._in_source(source, call))
        return found

    def variable_uses(self, name: str) -> list[Place]:
        story = self.story
        found = self.variable_sets(name)
        word = re.compile(r"\b(" + re.escape(name) + r")\b")
        for source in story_sources(story):
            if name in source.text and name in names_read(source.text, source.kind):
                found.extend(self._in_source(source, word))
        return found

    def variable_sets(self, name: str) -> list[Place]:
        """The `set`/`add` entries that change a variable."""
        found = []
        for scene_id, scene in self.story.scenes.items():
            for path, effects in effect_holders(scene, groups=True):
                for key, names in (("set", effects.set_), ("add", effects.add)):
                    if name in names:
                        where = self.story.locate(scene_id, *path, key, name, key=True)
                        found.append(self._at(where, name))
        return found

    # -- positions ----------------------------------------------------------------------------

    def _at(self, where: tuple[str, int, int], name: str) -> Place:
        """The place of a name whose node starts at `where` (past a quote, if it has one)."""
        file, line, column = where
        path = Path(file)
        lines = self.folder.lines(path)
        if 0 < line <= len(lines):
            text = lines[line - 1]
            found = text.find(name, column - 1)
            if found >= 0:
                column = found + 1
        return Place(path, line, column, len(name))

    def _in_source(self, source: Source, pattern: re.Pattern[str]) -> list[Place]:
        """Each match of `pattern` (its group 1) on the lines a condition or text spans."""
        file, line, column = source.locate(self.story)
        path = Path(file)
        lines = self.folder.lines(path)
        found = []
        span = source.text.count("\n") + 2  # a block scalar starts a line below its key
        for number in range(line, min(line + span, len(lines) + 1)):
            start = column - 1 if number == line else 0
            for match in pattern.finditer(lines[number - 1], start):
                found.append(Place(path, number, match.start(1) + 1, len(match.group(1))))
        return found
