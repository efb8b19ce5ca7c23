"""The game's own colour theme: rust and dust for Mars, one blue for Earth.

Registered through Textual's theme system, so every built-in theme still works from the command
palette; widgets only ever name theme variables (`$accent`, `$text-muted`), never colours.
"""

from __future__ import annotations

from textual.theme import Theme

MARS_DUST = Theme(
    name="mars-dust",
    primary="#D9773B",
    secondary="#5B8DB8",
    accent="#F0B44C",
    warning="#F0B44C",
    error="#E0584B",
    success="#7DBE72",
    foreground="#EDE3D9",
    background="#1A1311",
    surface="#241A17",
    panel="#33241F",
    dark=True,
)
