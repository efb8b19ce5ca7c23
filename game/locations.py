"""Where the shipped story and the save folder live, in a checkout and when installed."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def in_checkout() -> bool:
    """True when running from a source checkout (there is a pyproject.toml beside `game/`)."""
    return (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "scenes").is_dir()


def shipped_story() -> Path:
    """The story that ships with the game: `scenes/` in a checkout, package data in a wheel."""
    if in_checkout():
        return CHECKOUT / "scenes"
    return PACKAGE / "scenes"


def default_saves() -> Path:
    """`saves/` in a checkout; the user's data folder when installed."""
    if in_checkout():
        return CHECKOUT / "saves"
    from platformdirs import user_data_dir

    return Path(user_data_dir("goldilocks", appauthor=False)) / "saves"


def shown(path: Path) -> str:
    """A path as short as it can be shown: relative to the current folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative
