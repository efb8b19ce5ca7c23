"""Hot reload for `goldilocks --watch`: notice edited story files, and carry the game across
(`carry_over`, in engine/fitting.py with the rules a loaded save follows too).

Polling modification times from a Textual timer needs no new dependency and no thread; a story is a
handful of files, so a stat of each every half second costs nothing. Carrying the game across is the
part that matters to an author: they keep their place in the story while they edit it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.engine.fitting import CarriedGame, carry_over
from game.engine.interface_text import tr
from game.engine.story_folder import MANIFEST, story_files

__all__ = ["CarriedGame", "StoryWatcher", "carry_over", "stamp"]

Stamp = tuple[tuple[str, int, int], ...]


def watching_notice(folder: Path) -> str:
    """What `--watch` says at start: the folder it watches, and when that is the installed
    copy of the shipped story (an edit there is lost at the next upgrade), how to watch yours."""
    from game.locations import PACKAGE, in_checkout

    message = tr("Watching the story files in {folder} for changes.").format(
        folder=folder.resolve()
    )
    if not in_checkout() and folder.resolve() == (PACKAGE / "scenes").resolve():
        message += " " + tr(
            "That is the installed copy: to edit a story, watch your own: --story DIR."
        )
    return message


def stamp(folder: Path) -> Stamp:
    """What the story folder's YAML files look like now: name, mtime and size of each."""
    try:
        files = story_files(folder)
    except OSError:
        return ()
    manifest = folder / MANIFEST
    result = []
    for path in [manifest, *files]:
        try:
            info = path.stat()
        except OSError:
            continue
        result.append((path.name, info.st_mtime_ns, info.st_size))
    return tuple(result)


@dataclass
class StoryWatcher:
    """Tells whether the story's files changed since the last look."""

    folder: Path
    last: Stamp = ()

    def __post_init__(self) -> None:
        self.last = stamp(self.folder)

    def changed(self) -> bool:
        now = stamp(self.folder)
        if now == self.last:
            return False
        self.last = now
        return True
