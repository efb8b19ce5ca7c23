"""Every message the game's widgets and screens send each other: small, past tense, plain data."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class ChoiceMade(Message):
    """The player picked a choice (by number key, Enter or a click); `index` is 0-based."""

    index: int


@dataclass
class StoryReloaded(Message):
    """`--watch` loaded an edited story; the screen showing the game should redraw it."""

    notice: str
