"""The compiled-story cache: a validated story kept on disk, so the next start skips YAML.

Like `__pycache__` or Ren'Py's compiled scripts. An entry is named by a hash of everything the
story was made from — every file's name and bytes, the engine's own source, and the versions of
Python, pydantic, PyYAML and Jinja — so any edit to any file, or to the engine, misses and the
story is loaded from its YAML again. Only stories that loaded without errors are stored.

Nothing here can make loading fail: an unreadable, truncated, tampered or foreign entry is
ignored (and replaced by the next successful load), and a cache folder that cannot be created
or written just means no cache.

Security. Entries are pickles, and unpickling runs code named by the pickle, so an entry must
only ever be one we wrote. Three things make sure of it:
- the folder is created private (0700) and is not used at all when someone else owns it or
  others may write to it;
- every entry carries an HMAC-SHA256 of its bytes under a random per-user key kept in that
  folder (0600): an entry copied from elsewhere, or damaged, fails the check before unpickling;
- the unpickler only resolves the engine's own story classes, so even a forged entry could do
  no more than build a story.

Entries are written atomically (a temporary file renamed over the target): a reader sees the
old entry, the new one, or none, never half of one. A crash can leave a torn entry after a
power cut; the HMAC check turns that into a miss.

The entry on disk (its key, folder, HMAC and layout) is `cache_entry`'s, which imports no
pydantic; this module turns a story into the entry's pickle and back.
"""

from __future__ import annotations

import io
import pickle
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import fields as dataclass_fields
from dataclasses import replace
from itertools import islice, repeat
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from game.engine import model
from game.engine.cache_entry import Entry, body, read_entry, write_entry
from game.engine.model import Choice, Effects, Scene, SourceMap, Story

# -- pickling: compact, and only our classes -------------------------------------------------

_EMPTY: dict[Any, Any] = {}
_NO_EFFECTS = Effects.model_construct()  # no validator needed: built without one (defer_build)
_field_sets: dict[frozenset[str], set[str]] = {}


_new = object.__new__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def _model(cls: type[BaseModel], fields: dict[str, Any], fields_set: set[str]) -> BaseModel:
    """A model rebuilt from its fields, as pydantic's own `__setstate__` does, in one call.

    Called once per model on a warm load: it sets BaseModel's slots through their descriptors
    (what `object.__setattr__` finds after a lookup by name), bound once here.
    """
    instance = _new(cls)
    _set_dict(instance, fields)
    _set_fields_set(instance, fields_set)
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance


def _scene(
    cls: type[BaseModel],
    fields: dict[str, Any],
    fields_set: set[str],
    choices: tuple[tuple[type[BaseModel], dict[str, Any], set[str]], ...],
) -> BaseModel:
    """A scene and its choices in one call (a story has three or so choices per scene)."""
    made = []
    for kind, values, given in choices:
        choice = _new(kind)
        _set_dict(choice, values)
        _set_fields_set(choice, given)
        _set_extra(choice, None)
        _set_private(choice, None)
        made.append(choice)
    fields["choices"] = made  # the key is there already, where the model has it
    return _model(cls, fields, fields_set)


_consume: Callable[[Iterable[Any]], None] = deque(maxlen=0).extend  # runs an iterator, in C


def _models(cls: type[BaseModel], fields: list[dict[str, Any]], given: list[set[str]]) -> list[Any]:
    """Many models of one class rebuilt at once, each step a `map` over all of them: the loops
    run in C, with no Python frame per model (a story has thousands of scenes and choices)."""
    made = list(map(_new, repeat(cls, len(fields))))
    _consume(map(_set_dict, made, fields))
    _consume(map(_set_fields_set, made, given))
    _consume(map(_set_extra, made, repeat(None)))
    _consume(map(_set_private, made, repeat(None)))
    return made


def _story(
    fields: dict[str, Any],
    ids: list[str],
    scenes: tuple[list[dict[str, Any]], list[set[str]]],
    counts: list[int],
    choices: tuple[list[dict[str, Any]], list[set[str]]],
) -> Story:
    """A story with every scene and choice rebuilt in a few passes (see `_models`): scene `i`
    has the next `counts[i]` choices, in order."""
    scene_fields = scenes[0]
    made = _models(Choice, *choices)
    taken = iter(made)
    lists = [list(islice(taken, count)) for count in counts]
    _consume(map(dict.__setitem__, scene_fields, repeat("choices"), lists))
    return Story(scenes=dict(zip(ids, _models(Scene, *scenes), strict=True)), **fields)


def _shareable(value: Any) -> Any:
    """One object for every empty dict and every empty `Effects`: they are never changed."""
    if type(value) is dict and not value:
        return _EMPTY
    if type(value) is Effects and value.empty:
        return _NO_EFFECTS
    return value


class _StoryPickler(pickle.Pickler):
    """Pickles format models as one call each (a scene and its choices in one), sharing what
    thousands of them hold alike.

    pydantic's default pickling takes two Python calls per model; a story has five models per
    scene. Empty `set`/`add` dicts, empty `on_enter` effects and the sets of fields given are
    shared between models in the pickle (models are frozen, and the engine never changes what
    they hold), which makes a warm load create far fewer objects.
    """

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is Story:
            return _story_reduced(obj)
        if not isinstance(obj, BaseModel):
            return NotImplemented
        if not _plain(obj):
            return NotImplemented
        if type(obj) is Scene and all(_plain(choice) for choice in obj.choices):
            fields = {k: None if k == "choices" else _shareable(v) for k, v in obj.__dict__.items()}
            rows = tuple((type(choice), _fields(choice), _given(choice)) for choice in obj.choices)
            return _scene, (type(obj), fields, _given(obj), rows)
        return _model, (type(obj), _fields(obj), _given(obj))


def _story_reduced(story: Story) -> Any:
    """A story as one call (see `_story`), when every scene and choice is plain; else as usual."""
    scenes = list(story.scenes.values())
    if not all(
        type(scene) is Scene
        and _plain(scene)
        and all(type(c) is Choice and _plain(c) for c in scene.choices)
        for scene in scenes
    ):
        return NotImplemented
    fields = {f.name: getattr(story, f.name) for f in dataclass_fields(story) if f.name != "scenes"}
    scene_fields = [
        {k: None if k == "choices" else _shareable(v) for k, v in scene.__dict__.items()}
        for scene in scenes
    ]
    choices = [choice for scene in scenes for choice in scene.choices]
    return _story, (
        fields,
        list(story.scenes),
        (scene_fields, [_given(scene) for scene in scenes]),
        [len(scene.choices) for scene in scenes],
        ([_fields(c) for c in choices], [_given(c) for c in choices]),
    )


def _plain(obj: BaseModel) -> bool:
    """A model with nothing but its fields (no extra keys, no private attributes)."""
    return obj.__pydantic_extra__ is None and obj.__pydantic_private__ is None


def _fields(obj: BaseModel) -> dict[str, Any]:
    return {k: _shareable(v) for k, v in obj.__dict__.items()}


def _given(obj: BaseModel) -> set[str]:
    """The model's set of fields given, one object for every model given the same fields."""
    given = frozenset(obj.__pydantic_fields_set__)
    return _field_sets.setdefault(given, set(given))


class _StoredSourceMap(SourceMap):
    """A `SourceMap` from a cache entry. The entry holds no text: a warm load has just read
    every file's bytes to find its entry, and those bytes are the very ones the story was made
    from (they are in the entry's key), so they are handed over (`_raw`) and decoded when a
    message or a tool first asks for a position. Equal to the `SourceMap` a cold load makes."""

    @property
    def text(self) -> str | None:
        raw = self.__dict__.get("_raw")
        return None if raw is None else raw.decode("utf-8")

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)  # what unpickling does anyway, found without `__getattr__`


def _packed(source: SourceMap, file: str) -> _StoredSourceMap:
    stored = object.__new__(_StoredSourceMap)
    stored.__dict__.update(file=file)
    return stored


_ALLOWED = {("game.engine.cache", "_model"): _model,
            ("game.engine.cache", "_story"): _story,
            ("game.engine.cache", "_scene"): _scene,
            ("game.engine.cache", "_StoredSourceMap"): _StoredSourceMap}  # fmt: skip


class _StoryUnpickler(pickle.Unpickler):
    """Resolves only the engine's story classes: a forged entry cannot reach anything else."""

    def find_class(self, module: str, name: str) -> Any:
        allowed = _ALLOWED.get((module, name))
        if allowed is not None:
            return allowed
        if module == "game.engine.model":
            found = getattr(model, name, None)
            if isinstance(found, type) and found.__module__ == "game.engine.model":
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a story")


def _dumps(story: Story, prefix: str) -> bytes:
    """The entry's pickle: file names without `prefix`, positions packed, no root."""
    packed: dict[int, _StoredSourceMap] = {}

    def pack(source: SourceMap) -> _StoredSourceMap:
        if id(source) not in packed:
            packed[id(source)] = _packed(source, source.file[len(prefix) :])
        return packed[id(source)]

    stored = replace(
        story,
        manifest_source=pack(story.manifest_source),
        scene_sources={k: pack(v) for k, v in story.scene_sources.items()},
        root="",
    )
    buffer = io.BytesIO()
    _StoryPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(stored)
    return buffer.getvalue()


def _shown_as(story: Story, prefix: str, root: str, files: dict[str, bytes]) -> Story:
    """A story fresh from an entry, its files shown under `prefix`, given their bytes (by
    bare file name), and its root set.

    Entries hold bare file names, so the same story reached as `scenes`, `./scenes` or
    `/home/me/game/scenes` shows its files the way this run was asked to. The objects were
    made by the unpickler a moment ago and nobody else holds them yet, so they are set in place.
    """
    seen: set[int] = set()
    for source in (story.manifest_source, *story.scene_sources.values()):
        if id(source) not in seen:
            seen.add(id(source))
            attributes = source.__dict__
            attributes["_raw"] = files.get(attributes["file"])
            attributes["file"] = prefix + attributes["file"]
    object.__setattr__(story, "root", root)
    return story


# -- reading and writing entries ---------------------------------------------------------------


def cover_of(story: Story) -> dict[str, object]:
    """What an entry shows of its story without being unpickled: what a title screen needs."""
    return {"title": story.title, "description": story.manifest.description}


def load(folder: Path, key: str, prefix: str, root: str, files: dict[str, bytes]) -> Story | None:
    """The story stored under `key` (made from `files`: bare name -> bytes), its files shown
    under `prefix`; None on any problem."""
    entry = read_entry(folder, key)
    return None if entry is None else from_entry(entry, prefix, root, files)


def from_entry(entry: Entry, prefix: str, root: str, files: dict[str, bytes]) -> Story | None:
    """The story in a checked entry (see `load`); None when its pickle is not one."""
    stream = io.BytesIO(entry.blob)  # shares the bytes, no copy
    stream.seek(entry.pickle_at)
    try:
        story = _StoryUnpickler(stream).load()
    except Exception:  # a damaged entry is a miss, whatever the unpickler makes of it
        return None
    if not isinstance(story, Story):
        return None
    return _shown_as(story, prefix, root, files)


def store(folder: Path, key: str, story: Story, prefix: str) -> None:
    """Keep `story` under `key` (its file names made relative to `prefix`). Never raises."""
    try:
        sources = [story.manifest_source, *story.scene_sources.values()]
        if not all(source.file.startswith(prefix) for source in sources):
            return  # a file shown some other way could not be shown right on a later hit
        write_entry(folder, key, body(cover_of(story), _dumps(story, prefix)))
    except Exception:  # no cache is never worse than no story: the load itself succeeded
        return
