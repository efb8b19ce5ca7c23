"""The save file format: a `GameState` as JSON, and fitting a saved state to today's story.

`encode` writes a state; `decode` reads bytes back into `SaveData`, refusing anything that is not
exactly a save this version wrote; `fit` turns `SaveData` into a `GameState` for a (possibly edited)
story, or says exactly what no longer fits. Every failure is a `SaveFileError` whose message is one
line, without the file name (the caller adds it). Nothing here touches the disk.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from game.engine.fitting import fit_visits, scene_now
from game.engine.model import Story, dump_value
from game.engine.once_only import is_hidden_variable
from game.engine.state import GameState, Snapshot, Step, Value

SAVE_FORMAT = "goldilocks-save"
# Save versions, as ink does it: the game writes SAVE_VERSION, and reads every version from
# MIN_LOADABLE_VERSION up to it. An older save is brought up to date in memory, one version at
# a time, by MIGRATIONS[n] (which turns a version-n document into a version n+1 one); the file
# itself is left as it was, and is written in the current format only when the game next saves
# that slot (the write keeps the previous file as the slot's backup). To change the format: raise
# SAVE_VERSION, change the models below, and add MIGRATIONS[old] that rewrites an old document's
# JSON into the new shape. Raise MIN_LOADABLE_VERSION only to drop migrations no one can need.
SAVE_VERSION = 1
MIN_LOADABLE_VERSION = 1
Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}
MAX_SAVE_BYTES = 32 * 1024 * 1024  # far beyond any real save; refuses to read a stray huge file
FIRST_YEAR, LAST_YEAR = 1970, 9000  # the dates a save may carry: any clock shows them
MAX_SAVED_INT = 2**64  # a random state is 64 bits; no count or value in a save is bigger


class SaveError(Exception):
    """Saving, loading or recording failed; `str()` is one line naming the file and the fault."""


class SaveFileError(Exception):
    """A save that cannot be read or does not fit the story: one line, without the file name."""


def _plain_value(value: Any) -> Value:
    if isinstance(value, bool | int | str):
        return value
    raise ValueError("should be true/false, a whole number or text")


def _aware_time(value: Any) -> datetime:
    wanted = "should be a date and time with its time zone"
    if not isinstance(value, str):
        raise ValueError(wanted)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(wanted) from None
    if moment.tzinfo is None:
        raise ValueError(wanted)
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:  # year 1 cannot even be shown in local time
        raise ValueError(f"should be a date between {FIRST_YEAR} and {LAST_YEAR}")
    return moment


SavedValue = Annotated[Value, BeforeValidator(_plain_value)]
SavedTime = Annotated[datetime, BeforeValidator(_aware_time)]
Count = Annotated[int, Field(ge=0)]


class SaveModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class SnapshotData(SaveModel):
    scene: str
    variables: dict[str, SavedValue]
    visits: dict[str, Count]
    turn: Count
    rng: int


class StepData(SaveModel):
    before: SnapshotData
    choice: Count
    label: str
    outcome: Count | None = None


class StateData(SnapshotData):
    seed: int
    history: list[StepData]


class SummaryData(SaveModel):
    """What a slot list shows without loading the game."""

    scene_title: str
    place: str
    date: str
    turn: Count


class StoryData(SaveModel):
    title: str
    fingerprint: str


class SaveData(SaveModel):
    format: Literal["goldilocks-save"]
    version: int  # always SAVE_VERSION here: an older save is migrated before it is validated
    story: StoryData
    created: SavedTime
    updated: SavedTime
    summary: SummaryData
    state: StateData


# -- writing ---------------------------------------------------------------------------------


def encode(
    state: GameState,
    story: Story,
    summary: SummaryData,
    created: datetime,
    updated: datetime,
) -> bytes:
    """A save file's bytes: indented JSON, so a curious player can read it."""
    document = {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "story": {"title": story.title, "fingerprint": story.fingerprint},
        "created": created.isoformat(),
        "updated": updated.isoformat(),
        "summary": summary.model_dump(),
        "state": {
            **_snapshot_json(state.snapshot()),
            "seed": state.seed,
            "history": [
                {
                    "before": _snapshot_json(step.before),
                    "choice": step.choice,
                    "label": step.label,
                    "outcome": step.outcome,
                }
                for step in state.history
            ],
        },
    }
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _snapshot_json(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "scene": snapshot.scene,
        "variables": dict(snapshot.variables),
        "visits": dict(snapshot.visits),
        "turn": snapshot.turn,
        "rng": snapshot.rng,
    }


# -- reading ---------------------------------------------------------------------------------


def decode(raw: bytes) -> SaveData:
    """A save's bytes as `SaveData`; `SaveFileError` saying what is wrong otherwise."""
    if len(raw) > MAX_SAVE_BYTES:
        raise SaveFileError(f"too large to be a save ({len(raw):,} bytes)")
    if not raw.strip():
        raise SaveFileError("the file is empty (a save that was never finished?)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SaveFileError(f"not a save: not UTF-8 text (byte {exc.start})") from None
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise SaveFileError(
                f"the file is cut short: it ends at line {exc.lineno}, in the middle of the save"
            ) from None
        where = f"line {exc.lineno}, column {exc.colno}"
        raise SaveFileError(f"not valid JSON at {where}: {exc.msg}") from None
    except RecursionError:
        raise SaveFileError("not a save: the JSON is nested too deeply") from None
    except ValueError as exc:
        reason = str(exc)
        if reason.startswith("Exceeds the limit"):  # Python's guard against huge numbers
            reason = "a number has thousands of digits"
        raise SaveFileError(f"not a save: {reason}") from None
    if not isinstance(document, dict):
        raise SaveFileError("not a save: the JSON is not an object with the save's fields")
    _check_values(document)
    if document.get("format") != SAVE_FORMAT:
        raise SaveFileError(f'not a Goldilocks save (no "format": "{SAVE_FORMAT}")')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SaveFileError(f"the save format version is {_shown(version)}, not a number")
    if version > SAVE_VERSION:
        raise SaveFileError(
            f"made by a newer Goldilocks (save format {version}; this one reads up to "
            f"{SAVE_VERSION}): update the game to load it"
        )
    if version < MIN_LOADABLE_VERSION:
        raise SaveFileError(
            f"made by a Goldilocks too old for this one to read (save format {version}; this "
            f"one reads formats {MIN_LOADABLE_VERSION} to {SAVE_VERSION})"
        )
    document = migrated(document, version)
    try:
        return SaveData.model_validate(document)
    except ValidationError as exc:
        raise SaveFileError(f"not a valid save: {_validation_message(exc)}") from None


def migrated(document: dict[str, Any], version: int) -> dict[str, Any]:
    """An older save's document brought up to SAVE_VERSION, one migration at a time (in memory:
    the file is never touched). A migration that fails is one `SaveFileError`, never a crash."""
    while version < SAVE_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SaveFileError(
                f"save format {version} cannot be brought up to {SAVE_VERSION}: "
                "this Goldilocks has no migration for it"
            )
        try:
            document = step(dict(document))
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise SaveFileError(
                f"save format {version} could not be brought up to {version + 1}: "
                f"{type(exc).__name__} {_shown(str(exc))}"
            ) from None
        version += 1
        document["version"] = version
        _check_values(document)
    return document


def _check_values(document: Any) -> None:
    """Every text and number in a save, wherever it is, is one the game can show and use: no
    lone surrogate (it cannot be printed, nor written back as UTF-8), no giant number."""
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int):
            if abs(value) > MAX_SAVED_INT:
                raise SaveFileError(f"not a save: the number {_shown(value)} is far too big")
        elif isinstance(value, dict):
            for key, item in value.items():
                _check_text(key)
                stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise SaveFileError(
            "not a save: a text in it holds an invalid character (a lone surrogate)"
        ) from None


def created_time(raw: bytes) -> datetime | None:
    """When a save was first written, read cheaply (no validation); None if it cannot be told."""
    try:
        document = json.loads(raw)
        return _aware_time(document["created"])
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _one_line(name: str) -> str:
    """A name read from a save, as a message can show it on one line: a control character
    (a newline in a variable's name, say) is written as its escape, never obeyed."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def _validation_message(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False)
    first = errors[0]
    where = ".".join(_one_line(str(part)) for part in first["loc"]) or "the save"
    kind = first["type"]
    if kind == "missing":
        message = f"'{where}' is missing"
    elif kind == "extra_forbidden":
        message = f"'{where}' is not part of a save"
    else:
        reason = str(first["msg"]).removeprefix("Value error, ")
        reason = reason.replace("Input should be", "should be")
        message = f"'{where}' {reason}, not {_shown(first.get('input'))}"
    more = len(errors) - 1
    return message + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if _jsonable(value) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


# -- fitting to the story --------------------------------------------------------------------


def fit(data: SaveData, story: Story) -> tuple[GameState, list[str]]:
    """The saved game as a `GameState` of `story`, and notices about what was adapted.

    Refuses (`SaveFileError`) when the save is for another story, its scene is gone and not in
    `renamed:`, or a variable's type changed or its text is no longer one of its `values:`.
    Adapts, with a notice: the story's content changed (fingerprint), a renamed scene, numbers
    outside today's min/max (clamped), variables added (initial values) or removed (dropped),
    and undo history through scenes that are gone (dropped from there back).
    """
    if data.story.title != story.title:
        raise SaveFileError(f"this save is for the story {data.story.title!r}, not {story.title!r}")
    notices: list[str] = []
    if data.story.fingerprint != story.fingerprint:
        notices.append("The story has changed since this save was made.")
    saved = data.state
    scene = scene_now(saved.scene, story)
    if scene is None:
        raise SaveFileError(
            f"the saved scene '{_one_line(saved.scene)}' is no longer in the story; an author "
            "can map it to its new id under 'renamed:' in story.yaml"
        )
    if scene != saved.scene:
        notices.append(f"The scene '{_one_line(saved.scene)}' is now called '{scene}'.")
    variables = _fit_variables(saved.variables, story, notices)
    history, lost = _fit_history(saved.history, story)
    if lost is not None and history:
        steps = f"{len(history)} step{'s' if len(history) != 1 else ''}"
        notices.append(f"Undo goes back only {steps}: before that, {lost}.")
    elif lost is not None:
        notices.append(f"Undo starts afresh from here: before this point, {lost}.")
    state = GameState(
        scene=scene,
        variables=variables,
        visits=fit_visits(saved.visits.items(), story),
        turn=saved.turn,
        seed=saved.seed,
        rng=saved.rng,
        history=history,
    )
    return state, notices


def _kind(value: Value | type) -> str:
    kind = value if isinstance(value, type) else type(value)
    return {bool: "true/false", int: "a whole number", str: "text"}[kind]


def _fit_variables(
    saved: dict[str, Value], story: Story, notices: list[str] | None
) -> tuple[tuple[str, Value], ...]:
    """The variables in declaration order; `notices` None means quietly (for undo snapshots)."""
    for name, value in saved.items():
        var = story.variables.get(name)
        if var is not None and type(value) is not var.kind:
            raise SaveFileError(
                f"the variable '{name}' is {_kind(value)} in this save ({dump_value(value)}) but "
                f"the story now declares it as {_kind(var.kind)}"
            )
        if var is not None and var.values is not None and value not in var.values:
            raise SaveFileError(
                f"the variable '{name}' holds {dump_value(value)} in this save, which is not one "
                f"of its values now: {', '.join(var.values)}"
            )
    result: list[tuple[str, Value]] = []
    added = []
    for name, var in story.variables.items():
        if name not in saved:
            if not is_hidden_variable(name):  # a once-only choice's: the player never saw it
                added.append(name)
            result.append((name, var.initial))
            continue
        value = saved[name]
        clamped = var.clamp(value)
        if clamped != value and notices is not None:
            notices.append(
                f"The variable '{name}' was {dump_value(value)}, outside its range now; "
                f"it is {dump_value(clamped)}."
            )
        result.append((name, clamped))
    if notices is not None:
        if added:
            names = ", ".join(f"'{n}'" for n in added)
            notices.append(f"New in the story since this save, at their initial values: {names}.")
        dropped = [n for n in saved if n not in story.variables and not is_hidden_variable(n)]
        if dropped:
            names = ", ".join(f"'{_one_line(n)}'" for n in dropped)
            notices.append(f"No longer in the story, so dropped from this save: {names}.")
    return tuple(result)


def _fit_history(steps: list[StepData], story: Story) -> tuple[tuple[Step, ...], str | None]:
    """The undo steps that still fit, newest kept; and why older ones went, if any did."""
    kept: list[Step] = []
    for step in reversed(steps):
        before = step.before
        scene = scene_now(before.scene, story)
        if scene is None:
            return tuple(
                reversed(kept)
            ), f"the game was at '{before.scene}', which is no longer a scene"
        try:
            variables = _fit_variables(before.variables, story, None)
        except SaveFileError as exc:
            return tuple(reversed(kept)), str(exc)
        snapshot = Snapshot(
            scene, variables, fit_visits(before.visits.items(), story), before.turn, before.rng
        )
        kept.append(Step(snapshot, step.choice, step.label, step.outcome))
    return tuple(reversed(kept)), None
