"""The player's settings, kept between runs in the user's config folder (`settings.json`).

Today that is the colour theme chosen in the command palette. The file is small JSON written the
same safe way as saves; a file that cannot be read or is not ours is ignored (the defaults are
used) and left as it is, and a failed write is told to the player once, never a crash.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from game.engine.interface_text import tr

SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class Settings:
    """What the player chose; every field has the game's default."""

    theme: str = "mars-dust"


def default_config_dir() -> Path:
    """The user's config folder for the game (platformdirs: ~/.config/goldilocks on Linux)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("goldilocks", appauthor=False))


class SettingsFile:
    """`settings.json` in a folder: read once at start, written when a setting changes."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / SETTINGS_FILE

    def read(self) -> Settings:
        """The settings kept, or the defaults when there are none or they cannot be read."""
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return Settings()
        if not isinstance(document, dict):
            return Settings()
        settings = Settings()
        theme = document.get("theme")
        if isinstance(theme, str) and theme:
            settings = replace(settings, theme=theme)
        return settings

    def write(self, settings: Settings) -> str | None:
        """Keep `settings`; None when written, else one line saying why not."""
        from game.engine.atomic import describe_os_error, write_atomic

        data = (json.dumps(asdict(settings), indent=1) + "\n").encode("utf-8")
        try:
            write_atomic(self.path, data, durable=False)
        except OSError as exc:
            return tr("cannot keep the settings in {path}: {why}").format(
                path=self.path, why=describe_os_error(exc)
            )
        return None
