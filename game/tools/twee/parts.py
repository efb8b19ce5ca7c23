"""The parts a passage is made of, the same whatever the story format it was written in.

Each format module turns a passage's markup into a list of these; `lower` turns the list into a
scene. Expressions are already Jinja2 here (see `expressions`); anything that could not be
translated is a `Loss`, which keeps the original source so the report can quote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A link or go-to target: one passage name, or several picked at random (equal weights).
Target = str | tuple[str, ...]


@dataclass(frozen=True)
class Loss:
    """Something the format cannot express: reported, and marked in the scene's text."""

    what: str  # a short name of the construct, e.g. "(replace:)" or "JavaScript"
    source: str  # the original markup, for the report
    line: int  # 0-based line within the passage's text
    mark: bool = True  # False when the text already carries the mark


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Print:
    """A value printed into the text (a Jinja2 expression)."""

    expression: str


@dataclass(frozen=True)
class Assign:
    """`variable = value`: a literal (`set`) or a whole number added (`add`)."""

    variable: str
    value: bool | int | str
    add: bool
    line: int


@dataclass(frozen=True)
class Link:
    """A link the player follows: a choice, with the assignments made on the way."""

    label: str
    target: Target
    line: int
    setters: tuple[Assign, ...] = ()


@dataclass(frozen=True)
class Goto:
    """An immediate move to another passage."""

    target: Target
    line: int


@dataclass(frozen=True)
class Include:
    """Another passage's content, inlined here."""

    name: str
    line: int


@dataclass
class Branch:
    condition: str | None  # a Jinja2 expression; None for `else`
    parts: list[Part] = field(default_factory=list)


@dataclass
class If:
    branches: list[Branch]
    line: int


Part = Text | Print | Assign | Link | Goto | Include | If | Loss
