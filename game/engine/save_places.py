"""Where saves go: `<saves_dir>/<story>/<slot>.json`, named here in plain Python.

Kept apart from `saves` (which needs the engine and the save format's pydantic models) so that
a front end can tell whether there is an autosave to continue before the story is even open.
"""

from __future__ import annotations

import re
from pathlib import Path

AUTOSAVE = "autosave"  # written after every choice; "Continue" loads it
QUICKSAVE = "quicksave"  # F5 / F9 in the TUI, `save` with no name in plain mode
SUFFIX = ".json"
BACKUP_SUFFIX = ".json.bak"
MAX_NAME = 40


def story_folder_name(title: str) -> str:
    """The folder, inside the save folder, that holds one story's saves."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:MAX_NAME].strip("-")
    return slug or "story"


def autosave_file(saves_dir: Path, title: str) -> Path:
    """Where the autosave of the story called `title` is kept."""
    return saves_dir / story_folder_name(title) / f"{AUTOSAVE}{SUFFIX}"
