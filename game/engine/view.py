"""What a front end shows: plain values the engine computes, ready to render."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.state import Value


def turn_number(turn: int) -> int:
    """The turn as the player reads it, everywhere (header, journal, save lists): the first
    scene is turn 1. `GameState.turn` (and `turn` in a story's templates) counts the choices
    made so far, which is one less."""
    return turn + 1


@dataclass(frozen=True)
class ChoiceView:
    """A choice as the player sees it; `number` is what they type (1-based)."""

    number: int
    label: str
    enabled: bool
    reason: str = ""  # why it is disabled; empty when enabled
    random: bool = False  # its result depends on chance


@dataclass(frozen=True)
class StatView:
    """A variable the story shows in the sidebar."""

    name: str
    label: str
    value: Value
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class ConsequenceView:
    year: str
    text: str
    because: tuple[str, ...] = ()  # "Because you chose ..." lines (see causes.py)


@dataclass(frozen=True)
class EndingView:
    """The ending reached, with the timeline of what followed from this playthrough."""

    id: str
    title: str
    kind: str
    summary: str
    consequences: tuple[ConsequenceView, ...]
    because: tuple[str, ...] = ()  # the choices that led here, "Because you chose ..." lines


@dataclass(frozen=True)
class Change:
    """A variable that a choice moved, for 'CIA suspicion +2' notices."""

    name: str
    label: str
    before: Value
    after: Value
    shown: bool

    def describe(self) -> str:
        if isinstance(self.after, bool) or not isinstance(self.after, int):
            return f"{self.label}: {self.after}"
        assert isinstance(self.before, int)
        delta = self.after - self.before
        return f"{self.label} {delta:+d}"


@dataclass(frozen=True)
class SceneView:
    """Everything needed to draw one scene."""

    scene_id: str
    title: str
    place: str
    date: str
    text: str
    choices: tuple[ChoiceView, ...]
    stats: tuple[StatView, ...]
    turn: int
    can_undo: bool
    ending: EndingView | None = None
    reply: str = ""  # the last choice's `reply`, shown above the text; empty for none

    @property
    def is_ending(self) -> bool:
        return self.ending is not None
