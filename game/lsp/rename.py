"""Renaming a scene id in every file, with the `renamed:` entry that keeps old saves loading.

A save remembers the id of the scene the player is at; the manifest's `renamed: {old: new}`
tells the loader where such a save goes on. The rename changes the scene's key, every `goto`,
`start`, `visits('...')`/`visited('...')` and `renamed:` value that names it, and adds the
entry for the old id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from game.engine.story_folder import MANIFEST
from game.lsp.index import StoryIndex

_SCENE_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class RenameRefused(Exception):
    """A rename that cannot be done, with why (shown to the author)."""


@dataclass(frozen=True)
class Edit:
    """Replace `length` characters at 1-based (line, column) of a file with `text`."""

    file: Path
    line: int
    column: int
    length: int
    text: str


def rename_scene(index: StoryIndex, old: str, new: str) -> list[Edit]:
    """Every edit that renames scene `old` to `new`."""
    story = index.story
    if old not in story.scenes:
        raise RenameRefused(f"'{old}' is not a scene")
    if not _SCENE_ID.match(new):
        raise RenameRefused(
            f"'{new}' is not a valid scene id (lowercase letters, digits and '_', starting with "
            "a letter)"
        )
    if new in story.scenes:
        raise RenameRefused(f"'{new}' is already a scene")
    definition = index.definition(old)
    assert definition is not None
    edits = [
        Edit(place.file, place.line, place.column, place.length, new)
        for place in [definition, *index.scene_uses(old)]
    ]
    edits.append(_renamed_entry(index, old, new))
    return edits


def _renamed_entry(index: StoryIndex, old: str, new: str) -> Edit:
    """The `renamed:` entry for `old`: under the manifest's `renamed:` block, or a new block
    at its end. A rename of a scene that was itself renamed before leaves that entry pointing
    at the new id too (it is one of the uses)."""
    manifest = index.folder.root / MANIFEST
    lines = index.folder.lines(manifest)
    entry = f"  {old}: {new}\n"
    for number, text in enumerate(lines, start=1):
        if re.match(r"^renamed:\s*(#.*)?$", text):
            return Edit(manifest, number + 1, 1, 0, entry)
        inline = re.match(r"^renamed:\s*\{(.*)\}\s*$", text)
        if inline:  # `renamed: {a: b}`: one more entry in the braces
            items = [item for item in (inline.group(1).strip(), f"{old}: {new}") if item]
            return Edit(manifest, number, 1, len(text), "renamed: {" + ", ".join(items) + "}")
    last = len(lines)
    ending = "" if not lines[-1] else "\n"  # the file's last line may lack its newline
    text = lines[-1] if lines else ""
    return Edit(manifest, last, len(text) + 1, 0, f"{ending}renamed:\n{entry}")
