"""Saves, the endings record and the cache, shaped by an attacker or an accident: a file the game
refuses is never overwritten, every field is checked before use, nothing but a regular file inside
the folder is read, killed writes leave no litter for ever, and a cache entry only ever stands for
the story it was built from."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import STARTER
from game.cli import main
from game.engine import Engine, cache_entry, load_story
from game.engine.atomic import describe_read_error
from game.engine.saves import AUTOSAVE, SaveError, SaveStore

ENGINE = Engine(load_story(STARTER))
STATE = ENGINE.choose(ENGINE.new_game(seed=2), 0)


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    return SaveStore(tmp_path / "saves", ENGINE.story)


def newer_version(store: SaveStore, slot: str) -> bytes:
    """A save written by a future Goldilocks: refused by this one."""
    path = store.save(slot, STATE).path
    document = json.loads(path.read_bytes())
    document["version"] = 99
    raw = json.dumps(document).encode()
    path.write_bytes(raw)
    return raw


# -- a refused save is never overwritten --------------------------------------------------------


def test_a_refused_autosave_survives_the_next_game_and_the_message_says_where(
    store: SaveStore,
) -> None:
    refused = newer_version(store, AUTOSAVE)
    with pytest.raises(SaveError, match="newer Goldilocks"):
        store.load(AUTOSAVE)
    saved = store.save(AUTOSAVE, ENGINE.new_game(seed=1))  # the next new game's autosave
    kept = store.folder / "autosave.json.refused"
    assert saved.notice is not None and str(kept) in saved.notice
    for _ in range(3):
        store.save(AUTOSAVE, STATE)
    assert kept.read_bytes() == refused


def test_a_refused_backup_is_kept_too(store: SaveStore) -> None:
    store.save("slot", STATE)
    backup = store.folder / "slot.json.bak"
    backup.write_bytes(b'{"format": "goldilocks-save", "version": 7}')
    store.save("slot", STATE)
    store.save("slot", STATE)
    assert (store.folder / "slot.json.bak.refused").read_bytes() == (
        b'{"format": "goldilocks-save", "version": 7}'
    )


def test_in_plain_mode_a_refused_autosave_is_kept_and_the_player_told(
    tmp_path: Path, store: SaveStore, capsys: pytest.CaptureFixture[str]
) -> None:
    refused = newer_version(store, AUTOSAVE)
    args = ["--story", str(STARTER), "--saves", str(store.root), "--plain"]
    assert main([*args, "--load", AUTOSAVE]) == 1
    assert "newer Goldilocks" in capsys.readouterr().err
    assert main([*args, "--choices", "1"]) == 0
    out = capsys.readouterr().out
    assert "autosave.json.refused" in out
    assert (store.folder / "autosave.json.refused").read_bytes() == refused


# -- every field is checked ---------------------------------------------------------------------


def saved_document(store: SaveStore) -> dict[str, Any]:
    return json.loads(store.save("slot", STATE).path.read_bytes())  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("summary", "scene_title"), "\ud800"),
        (("story", "title"), "x\udfff"),
        (("state", "scene"), "\udc80"),
        (("created",), "0001-01-01T00:00:00+14:00"),
        (("updated",), "0001-01-01T00:00:00-12:00"),
        (("updated",), "9999-12-31T23:59:59-12:00"),
        (("state", "turn"), 10**300),
        (("state", "rng"), -(10**300)),
    ],
)
def test_an_odd_field_is_refused_in_one_line_by_load_and_the_list(
    store: SaveStore, where: tuple[str, ...], value: object
) -> None:
    document = saved_document(store)
    place = document
    for key in where[:-1]:
        place = place[key]
    place[where[-1]] = value
    path = store.path("slot")
    path.write_text(json.dumps(document), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(SaveError) as caught:
        store.load("slot")
    assert "\n" not in str(caught.value)
    (slot,) = store.list()
    assert slot.damaged is not None
    slot.describe()  # shows in a list without a crash
    assert path.read_bytes() == before


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
FIELDS = [
    ("format",), ("version",), ("created",), ("updated",), ("story", "title"),
    ("story", "fingerprint"), ("summary", "scene_title"), ("summary", "place"),
    ("summary", "date"), ("summary", "turn"), ("state", "scene"), ("state", "variables"),
    ("state", "visits"), ("state", "turn"), ("state", "rng"), ("state", "seed"),
    ("state", "history"),
]  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(where=st.sampled_from(FIELDS), value=JSON)
@example(where=("state", "variables"), value={"\n": None})  # a newline in a name: one line still
@example(where=("state", "scene"), value="\n")  # a newline in the scene: one line still
def test_any_value_in_any_field_loads_or_is_one_line_and_the_list_never_breaks(
    store: SaveStore, where: tuple[str, ...], value: object
) -> None:
    document = saved_document(store)
    place = document
    for key in where[:-1]:
        place = place[key]
    place[where[-1]] = value
    path = store.path("slot")
    path.write_text(json.dumps(document, ensure_ascii=True), encoding="utf-8")
    try:
        loaded = store.load("slot")
    except SaveError as exc:
        assert "\n" not in str(exc)
    else:
        ENGINE.view(loaded.state)
        store.save("copy", loaded.state)  # what loads can be saved again
    for slot in store.list():
        slot.describe().encode("utf-8")


# -- only regular files inside the folder ------------------------------------------------------


def test_a_pipe_for_a_slot_neither_hangs_a_load_nor_a_save(store: SaveStore) -> None:
    store.folder.mkdir(parents=True)
    os.mkfifo(store.path("slot"))
    with pytest.raises(SaveError, match="a pipe, not a save"):
        store.load("slot")
    saved = store.save("slot", STATE)
    assert saved.notice is not None and "slot.json.refused" in saved.notice
    assert store.load("slot").state == STATE


def test_a_device_for_a_slot_is_refused_not_read(store: SaveStore) -> None:
    store.folder.mkdir(parents=True)
    store.path("slot").symlink_to("/dev/zero")
    with pytest.raises(SaveError, match="outside the folder"):
        store.load("slot")


def test_a_link_out_of_the_save_folder_is_not_followed(store: SaveStore, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(store.save("other", STATE).path.read_bytes())
    outside_bytes = elsewhere.read_bytes()
    store.path("slot").symlink_to(elsewhere)
    with pytest.raises(SaveError, match="outside the folder"):
        store.load("slot")
    store.save("slot", STATE)  # the link is set aside; the file it pointed at is not touched
    assert elsewhere.read_bytes() == outside_bytes
    assert not store.path("slot").is_symlink()


def test_an_endings_record_that_is_a_pipe_neither_hangs_nor_is_lost(store: SaveStore) -> None:
    store.folder.mkdir(parents=True)
    record_path = store.folder / "endings.json"
    os.mkfifo(record_path)
    record = store.endings()
    assert record.read().problem is not None
    added = record.add("custody")
    assert added.notice is not None and "endings.json.damaged" in added.notice
    assert record.found() == {"custody"}


def test_an_endings_record_with_a_date_in_year_1_is_damaged_not_a_crash(
    store: SaveStore,
) -> None:
    store.folder.mkdir(parents=True)
    (store.folder / "endings.json").write_text(
        json.dumps(
            {
                "format": "goldilocks-endings",
                "version": 1,
                "stories": {ENGINE.story.title: {"custody": "0001-01-01T00:00:00+14:00"}},
            }
        ),
        encoding="utf-8",
    )
    assert store.endings().read().problem is not None


# -- litter and wording ------------------------------------------------------------------------


def test_temporary_files_of_killed_saves_are_cleaned_up_but_a_running_ones_kept(
    store: SaveStore,
) -> None:
    store.save(AUTOSAVE, STATE)
    stale = [store.folder / f".autosave.json.killed{i}.tmp" for i in range(5)]
    for path in stale:
        path.write_bytes(b"half")
        old = time.time() - 3600
        os.utime(path, (old, old))
    fresh = store.folder / ".autosave.json.running.tmp"
    fresh.write_bytes(b"half")
    store.save(AUTOSAVE, STATE)
    assert not any(path.exists() for path in stale)
    assert fresh.exists()


def test_a_file_that_cannot_be_read_is_said_to_be_unreadable_not_read_only() -> None:
    said = describe_read_error(PermissionError(13, "Permission denied"))
    assert "cannot be read" in said and "read-only" not in said


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_save_is_reported_as_unreadable(store: SaveStore) -> None:
    path = store.save("slot", STATE).path
    path.chmod(0)
    with pytest.raises(SaveError, match="cannot be read"):
        store.load("slot")


# -- the cache --------------------------------------------------------------------------------


def test_a_cache_entry_copied_over_another_storys_key_is_a_miss(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    first, second = tmp_path / "a", tmp_path / "b"
    shutil.copytree(STARTER, first)
    shutil.copytree(STARTER, second)
    manifest = second / "story.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("(starter)", "(second)"), "utf-8")
    load_story(first, cache_dir=cache_dir)
    (entry_a,) = cache_dir.glob(f"*{cache_entry.SUFFIX}")
    load_story(second, cache_dir=cache_dir)
    (entry_b,) = set(cache_dir.glob(f"*{cache_entry.SUFFIX}")) - {entry_a}
    shutil.copyfile(entry_a, entry_b)  # A's entry, under B's key
    assert load_story(second, cache_dir=cache_dir).title == "Goldilocks (second)"


def test_an_old_entry_replayed_after_an_edit_is_a_miss(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    story = tmp_path / "story"
    shutil.copytree(STARTER, story)
    load_story(story, cache_dir=cache_dir)
    (old_entry,) = cache_dir.glob(f"*{cache_entry.SUFFIX}")
    old_bytes = old_entry.read_bytes()
    manifest = story / "story.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("(starter)", "(edited)"), "utf-8")
    load_story(story, cache_dir=cache_dir)
    (new_entry,) = set(cache_dir.glob(f"*{cache_entry.SUFFIX}")) - {old_entry}
    new_entry.write_bytes(old_bytes)
    assert load_story(story, cache_dir=cache_dir).title == "Goldilocks (edited)"


# -- what plain mode prints -------------------------------------------------------------------


def test_control_sequences_in_a_save_never_reach_the_terminal(
    store: SaveStore, capsys: pytest.CaptureFixture[str]
) -> None:
    document = saved_document(store)
    document["summary"]["scene_title"] = "\x1b]0;owned\x07\x1b[2J\x1b[31mThe hangar\x9b"
    store.path("slot").write_text(json.dumps(document), encoding="utf-8")
    args = ["--story", str(STARTER), "--saves", str(store.root), "--plain"]
    import io
    import sys

    stdin = sys.stdin
    sys.stdin = io.StringIO("saves\nquit\n")
    try:
        assert main(args) == 0
    finally:
        sys.stdin = stdin
    out = capsys.readouterr().out
    assert "The hangar" in out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
