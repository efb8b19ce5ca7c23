"""The story format, described once as pydantic models.

The loader validates YAML with these models, `goldilocks schema` generates the editor's JSON Schema
from them, and the docs are checked against them. Models are frozen: a loaded story never changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, model_validator

from game.engine.node_path import NodePath

if TYPE_CHECKING:
    from game.engine.translation import Translation

# A variable's value: the type of its declared `initial` is the variable's type.
Value = StrictBool | StrictInt | StrictStr
SceneId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Expression = Annotated[str, Field(min_length=1, description="A Jinja2 expression")]


class FormatModel(BaseModel):
    """Base for every part of the format: unknown keys are errors, nothing mutates."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        coerce_numbers_to_str=True,
        # Validators are built on first validation, not at import: a story from the cache is
        # never validated, and a player's first frame should not wait for schemas it won't use.
        defer_build=True,
    )


class Effects(FormatModel):
    """What happens to variables: `set` gives a value, `add` adds to an int (and is clamped)."""

    set_: dict[str, Value] = Field(default_factory=dict, alias="set")
    add: dict[str, StrictInt] = Field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.set_ and not self.add


class Outcome(FormatModel):
    """One possible result of a random choice, picked with probability proportional to weight."""

    weight: StrictInt | float | Expression = 1
    if_: Expression | None = Field(default=None, alias="if")
    goto: SceneId
    set_: dict[str, Value] = Field(default_factory=dict, alias="set")
    add: dict[str, StrictInt] = Field(default_factory=dict)

    @property
    def effects(self) -> Effects:
        return Effects(set_=self.set_, add=self.add)

    @property
    def chance(self) -> int | float | str:
        """The weight as play uses it: with an `if`, an expression that is the weight while the
        condition holds and 0 (the outcome cannot happen) otherwise. Play, the explorer, the
        value-set analysis and the audit all read this one expression, so they agree."""
        if self.if_ is None:
            return self.weight
        return f"({self.weight}) if ({self.if_}) else 0"


class Choice(FormatModel):
    """Something the player can do in a scene."""

    label: str = Field(min_length=1, description="The player's action, one line (a template)")
    goto: SceneId | None = None
    if_: Expression | None = Field(default=None, alias="if", description="Hidden when false")
    enabled_if: Expression | None = Field(default=None, description="Shown but disabled when false")
    disabled_reason: str | None = Field(default=None, description="Why it is disabled")
    set_: dict[str, Value] = Field(default_factory=dict, alias="set")
    add: dict[str, StrictInt] = Field(default_factory=dict)
    outcomes: list[Outcome] | None = Field(default=None, min_length=1)
    flavour: StrictBool = Field(
        default=False,
        description="Meant to change nothing later (colour, not consequence): "
        "the consequence audit counts it instead of warning about it",
    )
    once: StrictBool = Field(default=False, description="Gone once taken (no variable needed)")

    @model_validator(mode="after")
    def _goto_or_outcomes(self) -> Choice:
        if self.goto is None and self.outcomes is None:
            raise ValueError("a choice needs either 'goto' or 'outcomes'")
        if self.goto is not None and self.outcomes is not None:
            raise ValueError("a choice has 'goto' or 'outcomes', not both")
        return self

    @property
    def effects(self) -> Effects:
        return Effects(set_=self.set_, add=self.add)

    def targets(self) -> list[str]:
        """Every scene this choice can lead to."""
        if self.outcomes is not None:
            return [o.goto for o in self.outcomes]
        return [self.goto] if self.goto is not None else []


class Scene(FormatModel):
    """A place in the story: text to read and choices to make, or an ending."""

    title: str = Field(min_length=1)
    place: str = ""
    date: str = ""
    text: str = Field(default="", description="Markdown with Jinja2 templating")
    on_enter: Effects = Field(default_factory=Effects)
    choices: list[Choice] = Field(default_factory=list)
    end: str | None = Field(default=None, description="The id of the ending this scene is")

    @model_validator(mode="after")
    def _ending_or_choices(self) -> Scene:
        if self.end is not None and self.choices:
            raise ValueError("an ending scene ('end') has no choices")
        if self.end is None and not self.choices:
            raise ValueError("a scene needs at least one choice, or 'end' naming an ending")
        return self


class Variable(FormatModel):
    """A story variable, declared once; its type is the type of `initial`."""

    initial: Value
    min: StrictInt | None = None
    max: StrictInt | None = None
    label: str | None = None
    show: StrictBool = False
    values: list[StrictStr] | None = None

    @model_validator(mode="after")
    def _bounds_fit(self) -> Variable:
        is_int = isinstance(self.initial, int) and not isinstance(self.initial, bool)
        if (self.min is not None or self.max is not None) and not is_int:
            raise ValueError("'min' and 'max' are only for whole-number variables")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"'min' ({self.min}) is greater than 'max' ({self.max})")
        if is_int:
            assert isinstance(self.initial, int)
            if self.min is not None and self.initial < self.min:
                raise ValueError(f"initial value {self.initial} is below 'min' ({self.min})")
            if self.max is not None and self.initial > self.max:
                raise ValueError(f"initial value {self.initial} is above 'max' ({self.max})")
        if self.values is not None:
            if not isinstance(self.initial, str):
                raise ValueError("'values' is only for text variables")
            if self.initial not in self.values:
                raise ValueError(f"initial value {self.initial!r} is not one of 'values'")
        return self

    @property
    def kind(self) -> type:
        """`bool`, `int` or `str`."""
        return type(self.initial)

    def clamp(self, value: bool | int | str) -> bool | int | str:
        """A whole number moved into [min, max]; any other value as it is."""
        if isinstance(value, bool) or not isinstance(value, int):
            return value
        if self.min is not None and value < self.min:
            return self.min
        if self.max is not None and value > self.max:
            return self.max
        return value


class Ending(FormatModel):
    """An ending, declared up front so the gallery can show the ones not yet found."""

    title: str = Field(min_length=1)
    kind: str = "other"
    summary: str = ""


class Consequence(FormatModel):
    """An item of the timeline shown at every ending, shown only if its condition holds."""

    year: StrictInt | str
    if_: Expression | None = Field(default=None, alias="if")
    text: str = Field(min_length=1)


class Manifest(FormatModel):
    """`story.yaml`: what the story is called, where it starts, and what it keeps track of."""

    title: str = Field(min_length=1)
    start: SceneId
    description: str = ""
    vars: dict[str, Variable] = Field(default_factory=dict)
    endings: dict[str, Ending] = Field(default_factory=dict)
    consequences: list[Consequence] = Field(default_factory=list)
    renamed: dict[str, SceneId] = Field(default_factory=dict)


_POSITIONS = ("values", "keys", "blocks")


class SourceMap:
    """Where each node of one YAML document sits, so any message can point at its line.

    Made from the document's text, and worked out from it (composed again) the first time a
    position is asked for: a story with no mistakes is loaded without recording where every
    one of its nodes is. `values` and `keys` map a path to a (line, column); `blocks` holds the
    paths of `|` / `>` scalars, whose text starts a line below. Never changed once made.
    """

    values: dict[NodePath, tuple[int, int]]
    keys: dict[NodePath, tuple[int, int]]
    blocks: set[NodePath]

    def __init__(self, file: str, text: str | None = None) -> None:
        self.file = file
        self._text = text

    def __getattr__(self, name: str) -> Any:  # only reached while the positions are unset
        if name not in _POSITIONS:
            raise AttributeError(name)
        values, keys, blocks = self._positions()
        self.__dict__.update(values=values, keys=keys, blocks=blocks)
        return self.__dict__[name]

    @property
    def text(self) -> str | None:
        """The document's text (None for a document that could not be read)."""
        return self.__dict__.get("_text")

    def _positions(self) -> tuple[dict[NodePath, Any], dict[NodePath, Any], set[NodePath]]:
        text = self.text
        if text is None:
            return {}, {}, set()
        from game.engine.safe_yaml import positions  # YAML only when a message needs it

        return positions(text, self.file)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceMap):
            return NotImplemented
        mine = (self.file, self.values, self.keys, self.blocks)
        return mine == (other.file, other.values, other.keys, other.blocks)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SourceMap({self.file!r})"

    def text_position(self, path: NodePath, line_in_text: int) -> tuple[int, int]:
        """Where line `line_in_text` (1-based) of a multi-line text value sits in the file."""
        line, column = self.position(path)
        if path in self.blocks:
            _, key_column = self.position(path, key=True)
            return line + line_in_text, key_column + 2
        return (line + line_in_text - 1, column) if line_in_text > 1 else (line, column)

    def position(self, path: NodePath, *, key: bool = False) -> tuple[int, int]:
        """The (line, column) of the node at `path`, or of its nearest ancestor that exists."""
        probe = tuple(path)
        keys, values = self.keys, self.values
        while True:
            if key and probe in keys:
                return keys[probe]
            if probe in values:
                return values[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]


@dataclass(frozen=True)
class Story:
    """A loaded, validated story: the manifest, every scene, and where each came from."""

    manifest: Manifest
    scenes: dict[str, Scene]
    manifest_source: SourceMap
    scene_sources: dict[str, SourceMap]
    scene_prefix: dict[str, NodePath] = field(default_factory=dict)
    root: str = "."
    fingerprint: str = ""
    # What the player reads in place of the source text (see `translation.translated`); it
    # changes what is shown, never the state, so saves and fingerprints do not depend on it.
    translation: Translation | None = None

    @property
    def title(self) -> str:
        return self.manifest.title

    @property
    def start(self) -> str:
        return self.manifest.start

    @property
    def variables(self) -> dict[str, Variable]:
        return self.manifest.vars

    @property
    def endings(self) -> dict[str, Ending]:
        return self.manifest.endings

    def scene_file(self, scene_id: str) -> str:
        return self.scene_sources[scene_id].file

    def locate(self, scene_id: str, *path: str | int, key: bool = False) -> tuple[str, int, int]:
        """(file, line, column) of a node inside a scene, e.g. `locate("hangar", "choices", 0)`."""
        source = self.scene_sources[scene_id]
        line, column = source.position(self.scene_prefix.get(scene_id, (scene_id,)) + path, key=key)
        return source.file, line, column

    def locate_manifest(self, *path: str | int, key: bool = False) -> tuple[str, int, int]:
        """(file, line, column) of a node inside story.yaml."""
        line, column = self.manifest_source.position(path, key=key)
        return self.manifest_source.file, line, column


def label_of(story: Story, name: str) -> str:
    """What players call a variable, in the language they play in."""
    var = story.variables.get(name)
    if var is None or not var.label:
        return name
    if story.translation is None:
        return var.label
    from game.engine.translation import manifest_context

    return story.translation.text(manifest_context("vars", name, "label"), var.label)


def dump_value(value: Any) -> str:
    """A value as an author would write it in YAML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)
