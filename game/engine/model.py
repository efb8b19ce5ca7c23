"""The story format, described once as pydantic models.

The loader validates YAML with these models, `goldilocks schema` generates the editor's JSON Schema
from them, and the docs are checked against them. Models are frozen: a loaded story never changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    model_validator,
)
from pydantic_core import PydanticCustomError

from game.engine.node_path import NodePath

if TYPE_CHECKING:
    from game.engine.translation import Translation

# A variable's value: the type of its declared `initial` is the variable's type.
Value = StrictBool | StrictInt | StrictStr
SceneId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Expression = Annotated[str, Field(min_length=1, description="A Jinja2 expression")]

# A computed effect's value: the whole value is one `{{ expression }}`, worked out when the
# effect happens (`add: {listeners: "{{ 2 * nerve }}"}`). Any other text is a value as it is.
COMPUTED_PATTERN = r"^\s*\{\{.*\}\}\s*$"
_COMPUTED = re.compile(COMPUTED_PATTERN, re.DOTALL)
Computed = Annotated[
    str, Field(pattern=COMPUTED_PATTERN, description="A value worked out: {{ expression }}")
]


def computed_source(value: object) -> str | None:
    """The expression inside a computed value (`{{ 2 * nerve }}` -> `2 * nerve`), or None for
    a value written as it is."""
    if not isinstance(value, str) or _COMPUTED.match(value) is None:
        return None
    inner = value.strip()[2:-2].strip()
    return inner if "}}" not in inner and "{{" not in inner else None


def _whole_or_computed(value: object) -> object:
    """An `add` amount is a whole number or a computed value; other text is refused as pydantic
    refuses text where a number belongs, so the message (and its hint) stay the same."""
    if isinstance(value, str) and computed_source(value) is None:
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


Amount = Annotated[StrictInt | Computed, BeforeValidator(_whole_or_computed)]


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


class ConditionalEffects(FormatModel):
    """Effects that happen only when a condition holds (an item of `when`)."""

    if_: Expression = Field(alias="if", description="The effects happen only when this holds")
    set_: dict[str, Value] = Field(default_factory=dict, alias="set")
    add: dict[str, Amount] = Field(default_factory=dict)


class Effects(FormatModel):
    """What happens to variables: `set` gives a value, `add` adds to an int (and is clamped),
    then each `when` group whose condition holds does the same, in order."""

    set_: dict[str, Value] = Field(default_factory=dict, alias="set")
    add: dict[str, Amount] = Field(default_factory=dict)
    when: list[ConditionalEffects] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.set_ and not self.add and not self.when

    def changes(self) -> set[str]:
        """Every variable these effects may change, `when` groups included."""
        names = {*self.set_, *self.add}
        for group in self.when:
            names.update(group.set_, group.add)
        return names

    def forgets(self, name: str) -> bool:
        """Whether these effects always give `name` a value that does not depend on the one
        it had: a `set` to a constant, outside any `when`."""
        return name in self.set_ and computed_source(self.set_[name]) is None

    def dynamic_on(self, name: str) -> bool:
        """Whether what these effects do to `name` is worked out in play: a computed value,
        or a `set`/`add` inside a `when` group."""
        for value in (self.set_.get(name), self.add.get(name)):
            if type(value) is str and computed_source(value) is not None:
                return True  # (asked of every effect on every link by the audit: kept cheap)
        return any(name in group.set_ or name in group.add for group in self.when)

    def expressions(self) -> list[tuple[NodePath, str]]:
        return effect_expressions(self)

    def dynamic_any(self) -> bool:
        """Whether any of these effects is worked out in play (a computed value, a `when`)."""
        return bool(self.when) or any(
            type(v) is str and computed_source(v) is not None
            for v in (*self.set_.values(), *self.add.values())
        )


class Outcome(FormatModel):
    """One possible result of a random choice, picked with probability proportional to weight."""

    weight: StrictInt | float | Expression = 1
    if_: Expression | None = Field(default=None, alias="if")
    goto: SceneId
    set_: dict[str, Value] = Field(default_factory=dict, alias="set")
    add: dict[str, Amount] = Field(default_factory=dict)
    when: list[ConditionalEffects] = Field(default_factory=list)
    reply: str | None = Field(
        default=None,
        description="Shown at the top of the scene it leads to, in place of the choice's reply",
    )

    @property
    def effects(self) -> Effects:
        return _effects_of(self)

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
    add: dict[str, Amount] = Field(default_factory=dict)
    when: list[ConditionalEffects] = Field(default_factory=list)
    reply: str | None = Field(
        default=None,
        description="A short text shown at the top of the scene this choice leads to (a template)",
    )
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
        return _effects_of(self)

    def targets(self) -> list[str]:
        """Every scene this choice can lead to."""
        if self.outcomes is not None:
            return [o.goto for o in self.outcomes]
        return [self.goto] if self.goto is not None else []


def effect_expressions(holder: Effects | Choice | Outcome) -> list[tuple[NodePath, str]]:
    """Each expression the effects of a choice, outcome or `on_enter` read when played, with its
    path inside the holder: the computed values (`("add", "listeners")`) and the `when`
    conditions (`("when", 0, "if")`), in the order they are worked out."""
    found: list[tuple[NodePath, str]] = []
    groups: list[tuple[NodePath, Effects | Choice | Outcome | ConditionalEffects]] = [((), holder)]
    groups += [(("when", number), group) for number, group in enumerate(holder.when)]
    for prefix, group in groups:
        if isinstance(group, ConditionalEffects):
            found.append(((*prefix, "if"), group.if_))
        for key, values in (("set", group.set_), ("add", group.add)):
            for name, value in values.items():
                if type(value) is str:
                    source = computed_source(value)
                    if source is not None:
                        found.append(((*prefix, key, name), source))
    return found


def _effects_of(holder: Choice | Outcome) -> Effects:
    """A choice's or outcome's own `set`, `add` and `when` as one `Effects`."""
    if not holder.when:
        return Effects(set_=holder.set_, add=holder.add)
    return Effects(set_=holder.set_, add=holder.add, when=holder.when)


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
