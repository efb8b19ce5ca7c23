"""`GameState`: everything about one game at one moment, immutable and plain.

Being immutable and plain is what makes undo (keep the old one), saves (write its fields),
replays (same seed, same choices) and the explorer (merge equal states) simple.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

Value = bool | int | str

_MASK = (1 << 64) - 1


def next_random(rng: int) -> tuple[int, float]:
    """SplitMix64: a tiny, well-tested generator whose whole state is one integer.

    Returns the next state and a float in [0, 1). Keeping the state an int makes it trivial to
    save and identical on every platform, unlike `random.Random`'s 625-word state.
    """
    rng = (rng + 0x9E3779B97F4A7C15) & _MASK
    z = rng
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    z ^= z >> 31
    return rng, (z >> 11) / float(1 << 53)


@dataclass(frozen=True)
class Step:
    """One choice made: the state before it, and what was chosen (for undo and the journal)."""

    before: Snapshot
    choice: int  # index among the visible choices, as the player saw them
    label: str  # the choice's text, as the player saw it
    outcome: int | None = None  # which weighted outcome happened, for random choices


@dataclass(frozen=True)
class Snapshot:
    """The part of a state that a step restores on undo."""

    scene: str
    variables: tuple[tuple[str, Value], ...]
    visits: tuple[tuple[str, int], ...]
    turn: int
    rng: int


@dataclass(frozen=True)
class GameState:
    """Where the player is, what the story's variables hold, and how they got here."""

    scene: str
    variables: tuple[tuple[str, Value], ...]
    visits: tuple[tuple[str, int], ...] = ()
    turn: int = 0
    seed: int = 0
    rng: int = 0
    history: tuple[Step, ...] = field(default=(), compare=False)

    @property
    def values(self) -> dict[str, Value]:
        """The variables as a dict (a fresh copy: changing it changes nothing)."""
        return dict(self.variables)

    def value(self, name: str) -> Value:
        for key, value in self.variables:
            if key == name:
                return value
        raise KeyError(name)

    def visit_count(self, scene: str) -> int:
        for key, count in self.visits:
            if key == scene:
                return count
        return 0

    def snapshot(self) -> Snapshot:
        return Snapshot(self.scene, self.variables, self.visits, self.turn, self.rng)

    def restored(self, snapshot: Snapshot, history: tuple[Step, ...]) -> GameState:
        return replace(
            self,
            scene=snapshot.scene,
            variables=snapshot.variables,
            visits=snapshot.visits,
            turn=snapshot.turn,
            rng=snapshot.rng,
            history=history,
        )

    def key(self) -> tuple[Any, ...]:
        """What makes two states the same situation for the player (history aside)."""
        return (self.scene, self.variables, self.visits, self.turn, self.rng)
