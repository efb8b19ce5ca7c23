"""A story's cover: its title and description, read from the compiled-story cache before the
story itself, and before pydantic and the story model are even imported.

The title screen needs nothing else, and those imports are most of what a warm start costs
beyond Textual's own. A cover exists only for a story whose every file is byte for byte one that
loaded without an error (that is what its entry's key says), so a front end can show the title
at once and `open` the story a moment later: the same `Story` a `load_story` would give.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from game.engine.cache_entry import Entry, read_entry, story_key
from game.engine.story_folder import display_path, read_all

if TYPE_CHECKING:
    from game.engine.model import Story


@dataclass(frozen=True)
class StoryCover:
    """What a story shows before it is opened, and what it takes to open it."""

    title: str
    description: str
    root: Path
    display_root: str | None
    cache_dir: Path
    entry: Entry
    files: dict[str, bytes]  # every file's bytes, as hashed into the entry's key

    def open(self) -> Story:
        """The whole story: from the entry already read and checked; failing that (it cannot
        be unpickled here), from its YAML, which raises `StoryErrors` if the story is broken
        now (its files changed since the cover was read)."""
        from game.engine import cache, loader

        prefix = display_path(self.root, "", self.display_root)
        with loader.collector_paused_while_building():
            story = cache.from_entry(self.entry, prefix, str(self.root), self.files)
        if story is not None:
            return story
        return loader.load_story(
            self.root, display_root=self.display_root, cache_dir=self.cache_dir
        )


def read_cover(
    root: Path, *, display_root: str | None = None, cache_dir: Path
) -> StoryCover | None:
    """The cover of the story in `root` from its cache entry; None when there is no entry for
    these very bytes (the story must then be loaded, and its errors, if any, reported)."""
    contents = read_all(root)
    if contents is None:
        return None
    entry = read_entry(cache_dir, story_key(contents))
    if entry is None:
        return None
    title, description = entry.cover.get("title"), entry.cover.get("description")
    if not isinstance(title, str) or not isinstance(description, str):
        return None
    return StoryCover(title, description, root, display_root, cache_dir, entry, dict(contents))
