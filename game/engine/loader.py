"""From a folder of YAML files to a validated, immutable `Story` — or every error at once."""

from __future__ import annotations

import gc
import hashlib
import os
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from game.engine import cache
from game.engine.cache_entry import story_key
from game.engine.errors import StoryError, StoryErrors
from game.engine.model import Manifest, Scene, SourceMap, Story
from game.engine.story_folder import MANIFEST, display_path, read_all, scene_file_names

_SCENE_ID = re.compile(r"^[a-z][a-z0-9_]*$")

if TYPE_CHECKING:
    from game.engine.safe_yaml import Document

# `safe_yaml` (PyYAML) and `validation` are imported when a story is read from its YAML: a story
# from the compiled-story cache needs neither, and a player's first frame waits for every import.


def load_story(
    root: str | Path,
    *,
    display_root: str | None = None,
    cache_dir: Path | None = None,
    unsaved: Mapping[str, bytes] | None = None,
) -> Story:
    """Load and validate the story in `root`; raise `StoryErrors` listing every problem.

    With `cache_dir`, a story loaded before from the very same bytes comes from the compiled-
    story cache there (see `cache`), and a story loaded from YAML is stored in it. `unsaved`
    maps a file's name in the folder to the bytes an editor holds for it, read instead of the
    file (the language server checks what the author sees, saved or not).
    """
    root = Path(root)
    try:
        return _load_story(root, display_root, cache_dir, unsaved or {})
    except OSError as exc:  # a folder that cannot be entered or listed, a path too long...
        shown = display_root if display_root is not None else str(root)
        message = f"cannot read the story folder: {exc.strerror or exc}"
        raise StoryErrors([StoryError(shown, 1, 1, message, "unreadable")]) from None


def _load_story(
    root: Path, display_root: str | None, cache_dir: Path | None, unsaved: Mapping[str, bytes]
) -> Story:
    shown = display_path(root, MANIFEST, display_root)
    if not root.is_dir():
        raise StoryErrors([StoryError(str(root), 0, 0, "no such story folder", "no-story")])
    manifest_path = root / MANIFEST
    if not os.path.lexists(manifest_path):
        message = f"no {MANIFEST} here: a story folder needs a manifest (try goldilocks new-story)"
        raise StoryErrors([StoryError(shown, 1, 1, message, "no-manifest")])
    os.listdir(root)  # a folder that cannot be entered is one line here, not a failure later
    prefix = display_path(root, "", display_root)  # what comes before each file's name
    with collector_paused_while_building():
        if cache_dir is not None and not unsaved:
            contents = read_all(root)
            if contents is not None:
                key = story_key(contents)
                hit = cache.load(cache_dir, key, prefix, str(root), dict(contents))
                if hit is not None:
                    return hit
        read: list[tuple[str, bytes]] = []
        story = _load_yaml(root, display_root, shown, read, unsaved)
        if cache_dir is not None and not unsaved:
            cache.store(cache_dir, story_key(read), story, prefix)
    return story


@contextmanager
def collector_paused_while_building() -> Iterator[None]:
    """Pause Python's cycle collector while a story is built.

    A load makes hundreds of thousands of small objects and no cycles; with the collector on,
    each batch of new objects sets off a pass over everything still alive, and those passes
    cost more than the loading itself did on a 5,000-scene story. Afterwards, what was made
    goes straight to the oldest generation (`freeze` then `unfreeze` moves every tracked
    object there without looking at it): the story lives as long as the game, and otherwise
    the first collection after the load would walk all of it at once. Skipped when the load
    failed (what it made is garbage, best found young) and when someone else has frozen
    objects, whose freeze `unfreeze` would undo.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if sys.exc_info()[1] is None and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def _load_yaml(
    root: Path,
    display_root: str | None,
    shown: str,
    read: list[tuple[str, bytes]],
    unsaved: Mapping[str, bytes],
) -> Story:
    """The story from its YAML files, noting each file's (name, bytes) in `read` as it goes."""
    from game.engine.safe_yaml import read_document
    from game.engine.validation import ReferenceChecker

    manifest_path = root / MANIFEST
    errors: list[StoryError] = []
    digest = hashlib.sha256()
    manifest_doc = read_document(manifest_path, shown, unsaved.get(MANIFEST))
    manifest_source = SourceMap(manifest_doc.file, manifest_doc.text)
    digest.update(MANIFEST.encode() + b"\0" + manifest_doc.raw)
    read.append((MANIFEST, manifest_doc.raw))
    errors.extend(manifest_doc.errors)
    manifest = _validate_manifest(manifest_doc, manifest_source, errors)

    unparsed = False  # a file that could not be parsed: what refers to its scenes is unknown
    scenes: dict[str, Scene] = {}
    sources: dict[str, SourceMap] = {}
    folder = str(root)
    for name in scene_file_names(root):
        shown_name = display_path(root, name, display_root)
        doc = read_document(os.path.join(folder, name), shown_name, unsaved.get(name))
        digest.update(name.encode() + b"\0" + doc.raw)
        read.append((name, doc.raw))
        errors.extend(doc.errors)
        unparsed = unparsed or (doc.data is None and bool(doc.errors))
        _collect_scenes(doc, SourceMap(doc.file, doc.text), scenes, sources, errors)

    errors = _without_echoes(errors)
    if manifest is None or unparsed:
        raise StoryErrors(errors)
    story = Story(
        manifest=manifest,
        scenes=scenes,
        manifest_source=manifest_source,
        scene_sources={k: v for k, v in sources.items() if k in scenes},
        root=str(root),
        fingerprint=digest.hexdigest(),
    )
    unreadable = frozenset(sources) - frozenset(scenes)
    errors.extend(ReferenceChecker(story, unreadable).run())
    if errors:
        raise StoryErrors(errors)
    from game.engine.once_only import with_once_only_choices

    return with_once_only_choices(story)


def _without_echoes(errors: list[StoryError]) -> list[StoryError]:
    """A value the YAML reader refused (a huge or infinite number) is read on as null, so the
    model then says it is missing: one error per place is enough, the reader's."""
    refused = {(e.file, e.line, e.column) for e in errors if e.code == "bad-number"}
    if not refused:
        return errors
    return [
        e for e in errors if e.code == "bad-number" or (e.file, e.line, e.column) not in refused
    ]


def _validate_manifest(
    doc: Document, source: SourceMap, errors: list[StoryError]
) -> Manifest | None:
    if doc.data is None and doc.errors:
        return None
    if not isinstance(doc.data, dict):
        message = "story.yaml must be a mapping with at least 'title' and 'start'"
        errors.append(StoryError(source.file, 1, 1, message, "shape"))
        return None
    try:
        return Manifest.model_validate(doc.data)
    except ValidationError as exc:
        from game.engine.validation import shape_errors

        errors.extend(shape_errors(exc, Manifest, doc.data, source, (), "story.yaml"))
        return None


def _collect_scenes(
    doc: Document,
    source: SourceMap,
    scenes: dict[str, Scene],
    sources: dict[str, SourceMap],
    errors: list[StoryError],
) -> None:
    if doc.data is None:
        return
    if not isinstance(doc.data, dict):
        message = "a scene file must be a mapping of scene ids to scenes"
        errors.append(StoryError(source.file, 1, 1, message, "shape"))
        return
    for scene_id, data in doc.data.items():
        if not _SCENE_ID.match(scene_id):
            line, column = source.position((scene_id,), key=True)
            message = (
                f"'{scene_id}' is not a valid scene id (lowercase letters, digits and '_', "
                "starting with a letter)"
            )
            errors.append(StoryError(source.file, line, column, message, "bad-id"))
            continue
        if scene_id in sources:
            line, column = source.position((scene_id,), key=True)
            other = sources[scene_id]
            o_line, o_col = other.position((scene_id,), key=True)
            message = (
                f"duplicate scene id '{scene_id}': also defined at {other.file}:{o_line}:{o_col}"
            )
            errors.append(StoryError(source.file, line, column, message, "duplicate-scene"))
            continue
        try:
            scenes[scene_id] = Scene.model_validate(data)
        except ValidationError as exc:
            where = f"scene '{scene_id}'"
            from game.engine.validation import shape_errors, without_unknown_keys

            errors.extend(shape_errors(exc, Scene, data, source, (scene_id,), where))
            cleaned = without_unknown_keys(data, exc)
            if cleaned is not None:  # still check what the rest of the scene refers to
                try:
                    scenes[scene_id] = Scene.model_validate(cleaned)
                except ValidationError as rule:  # a rule that only runs on otherwise valid data
                    errors.extend(shape_errors(rule, Scene, cleaned, source, (scene_id,), where))
        sources[scene_id] = source
