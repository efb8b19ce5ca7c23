"""A story folder as files: which ones a story is read from, in what order, and how they are
named in messages. Plain Python (no YAML, no pydantic), shared by the loader and by what reads a
story's cache entry before the rest of the engine is imported."""

from __future__ import annotations

import os
from pathlib import Path

from game.engine.file_bytes import read_bytes

MANIFEST = "story.yaml"
MAX_FILE_BYTES = 2 * 1024 * 1024  # per story file, checked before it is read


def display_path(root: Path, name: str, display_root: str | None) -> str:
    """How a file is named in messages: as the author wrote the folder, then the file name."""
    base = display_root if display_root is not None else str(root)
    return name if base in ("", ".") else f"{base.rstrip('/')}/{name}"


def story_files(root: Path) -> list[Path]:
    """The scene files of a story folder, in the order they are read."""
    return [root / name for name in scene_file_names(root)]


def scene_file_names(root: Path) -> list[str]:
    """The names of the scene files in `root`, sorted: `.yaml`/`.yml` files but the manifest.

    Names from `os.scandir`, whose entries know whether they are files without a `stat` each on
    most systems, sorted as strings (the order `Path`s of one folder sort in): on a warm load
    this listing is a good part of what there is to do.
    """
    with os.scandir(root) as entries:
        names = [
            entry.name
            for entry in entries
            if _suffix(entry.name) in (".yaml", ".yml")
            and entry.name != MANIFEST
            and not _is_folder(entry)
        ]
    names.sort()
    return names


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """A folder is no scene file; anything else named `.yaml` is read, so that a pipe, a device,
    a broken link or a link out of the folder is reported, not silently left out."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def read_story_file(path: str) -> bytes:
    """The bytes of one story file: a regular file inside its folder, at most `MAX_FILE_BYTES`
    (checked before reading). Raises OSError (`file_bytes.TooBig` and others) saying why not."""
    return read_bytes(path, MAX_FILE_BYTES, inside=os.path.dirname(path) or ".")


def _suffix(name: str) -> str:
    """`Path(name).suffix`: from the last dot, unless the name starts with it or ends with it."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def read_all(root: Path) -> list[tuple[str, bytes]] | None:
    """(name, bytes) of every file the story is read from, in order; None if any is unreadable."""
    try:
        names = [MANIFEST, *scene_file_names(root)]
        folder = os.path.join(str(root), "")  # with its separator: each path is one concatenation
        return [(name, read_story_file(folder + name)) for name in names]
    except OSError:
        return None
