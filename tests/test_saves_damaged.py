"""Damaged saves: each kind gets its one-line message, stays byte-for-byte as it was, and is
listed as damaged while every other save still loads."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import STARTER
from game.engine import Engine, load_story
from game.engine.saves import SaveError, SaveStore

ENGINE = Engine(load_story(STARTER))
STATE = ENGINE.choose(ENGINE.choose(ENGINE.new_game(seed=2), 0), 0)

Document = dict[str, Any]


def edit(change: Callable[[Document], object]) -> Callable[[bytes], bytes]:
    """A corruption made by editing the JSON, as a player with a text editor would."""

    def corrupt(raw: bytes) -> bytes:
        document = json.loads(raw)
        change(document)
        return json.dumps(document, indent=1).encode()

    return corrupt


def raw(make: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    return make


def drop(*keys: str) -> Callable[[Document], object]:
    def change(document: Document) -> None:
        for key in keys[:-1]:
            document = document[key]
        del document[keys[-1]]

    return change


def put(value: object, *keys: str | int) -> Callable[[Document], object]:
    def change(document: Any) -> None:
        for key in keys[:-1]:
            document = document[key]
        document[keys[-1]] = value

    return change


CORRUPTIONS: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    # cut short: a copy interrupted, a disk that lost the end of the file
    "truncated-half": (raw(lambda b: b[: len(b) // 2]), "the file is cut short"),
    "truncated-end": (raw(lambda b: b[:-3]), "the file is cut short"),
    "truncated-start": (raw(lambda b: b[:12]), "the file is cut short"),
    "empty": (raw(lambda b: b""), "the file is empty"),
    "zeros": (raw(lambda b: b"\0" * len(b)), "not valid JSON"),
    # not JSON at all
    "text": (raw(lambda b: b"I saved my game here, honest"), "not valid JSON at line 1"),
    "binary": (raw(lambda b: b"\xff\xfe\x00garbage"), "not UTF-8 text"),
    "yaml": (raw(lambda b: b"scene: hangar\nturn: 3\n"), "not valid JSON"),
    "array": (raw(lambda b: b"[1, 2, 3]"), "not an object"),
    "deep": (raw(lambda b: b"[" * 100_000), "not a save"),
    "duplicate-key": (
        raw(lambda b: b.replace(b'"turn": 2', b'"turn": 2, "turn": 99', 1)),
        "the key 'turn' appears twice",
    ),
    # wrong version
    "other-format": (edit(put("something-else", "format")), "not a Goldilocks save"),
    "newer-version": (edit(put(2, "version")), "made by a newer Goldilocks (save format 2"),
    "older-version": (
        edit(put(0, "version")),
        "too old for this one to read (save format 0; this one reads formats 1 to 1)",
    ),
    "version-as-text": (edit(put("1", "version")), 'the save format version is "1"'),
    "no-version": (edit(drop("version")), "the save format version is null"),
    # hand-edited into nonsense
    "turn-as-text": (edit(put("three", "state", "turn")), "'state.turn' should be a valid integer"),
    "negative-turn": (edit(put(-4, "state", "turn")), "'state.turn' should be greater than"),
    "huge-number": (
        raw(lambda b: b.replace(b'"turn": 2', b'"turn": ' + b"9" * 5000, 1)),
        "not a save",
    ),
    "float-variable": (
        edit(put(4.5, "state", "variables", "trust_helios")),
        "'state.variables.trust_helios' should be true/false, a whole number or text, not 4.5",
    ),
    "null-variable": (
        edit(put(None, "state", "variables", "has_codes")),
        "'state.variables.has_codes' should be true/false",
    ),
    "list-variable": (
        edit(put([1], "state", "variables", "destination")),
        "'state.variables.destination' should be true/false",
    ),
    "nan": (
        raw(lambda b: b.replace(b'"turn": 2', b'"turn": NaN', 1)),
        "should be a valid integer, not NaN",
    ),
    "variables-as-list": (
        edit(put([], "state", "variables")),
        "'state.variables' should be a valid dictionary",
    ),
    "history-as-text": (
        edit(put("lots", "state", "history")),
        "'state.history' should be a valid list",
    ),
    "bad-step": (
        edit(put({"choice": 0}, "state", "history", 0)),
        "'state.history.0.before' is missing (and 1 more problem)",
    ),
    "scene-as-number": (edit(put(7, "state", "scene")), "'state.scene' should be a valid string"),
    "bad-time": (
        edit(put("last tuesday", "updated")),
        "'updated' should be a date and time with its time zone",
    ),
    "time-without-zone": (
        edit(put("2031-05-01T12:00:00", "created")),
        "'created' should be a date and time with its time zone",
    ),
    "extra-key": (edit(put(1, "state", "cheats")), "'state.cheats' is not part of a save"),
    # keys missing
    "no-state": (edit(drop("state")), "'state' is missing"),
    "no-story": (edit(drop("story")), "'story' is missing"),
    "no-summary": (edit(drop("summary")), "'summary' is missing"),
    "no-scene": (edit(drop("state", "scene")), "'state.scene' is missing"),
    "no-rng": (edit(drop("state", "rng")), "'state.rng' is missing"),
    "no-history": (edit(drop("state", "history")), "'state.history' is missing"),
    # valid as JSON and as a save, but not for this story
    "unknown-scene": (
        edit(put("nowhere", "state", "scene")),
        "the saved scene 'nowhere' is no longer in the story",
    ),
    "type-swapped": (
        edit(put("yes", "state", "variables", "has_codes")),
        "the variable 'has_codes' is text in this save ('yes') but the story now declares it "
        "as true/false",
    ),
    "other-story": (edit(put("Another story", "story", "title")), "is for the story"),
}


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    store = SaveStore(tmp_path, ENGINE.story)
    store.save("good", ENGINE.new_game(seed=9))
    return store


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_a_damaged_save_gets_one_line_and_is_left_untouched(store: SaveStore, kind: str) -> None:
    corrupt, expected = CORRUPTIONS[kind]
    slot = store.save("slot", STATE)
    store.save("slot", STATE)  # so there is a backup too
    slot.path.write_bytes(corrupt(slot.path.read_bytes()))
    backup = slot.path.with_name("slot.json.bak")
    before = {p: (p.read_bytes(), os.stat(p).st_mtime_ns) for p in (slot.path, backup)}

    with pytest.raises(SaveError) as caught:
        store.load("slot")
    message = str(caught.value)
    assert message.startswith(f"{slot.path}: ")
    assert expected in message
    assert "\n" not in message and len(message) < 400
    assert "Traceback" not in message

    listed = {s.name: s for s in store.list()}
    assert listed["slot"].damaged == message.removeprefix(f"{slot.path}: ") or kind in (
        "unknown-scene",
        "type-swapped",
        "other-story",
    )  # these are whole saves that do not fit the story: listed, refused on load
    assert listed["good"].damaged is None
    assert store.load("good").state == ENGINE.new_game(seed=9)
    after = {p: (p.read_bytes(), os.stat(p).st_mtime_ns) for p in (slot.path, backup)}
    assert after == before


def test_a_missing_slot_names_the_ones_there_are(store: SaveStore) -> None:
    with pytest.raises(SaveError, match=r"there is no save named 'gone' \(saves: good\)"):
        store.load("gone")


def test_a_folder_where_a_save_should_be_is_one_line(store: SaveStore) -> None:
    (store.folder / "odd.json").mkdir()
    with pytest.raises(SaveError, match="a folder, not a save"):
        store.load("odd")
    assert {s.name: s.damaged for s in store.list()}["odd"] == "a folder, not a save"


def test_saving_over_a_damaged_save_sets_it_aside_for_good_and_says_where(
    store: SaveStore,
) -> None:
    path = store.path("slot")
    path.write_text("{half a save", encoding="utf-8")
    saved = store.save("slot", STATE)
    kept = path.with_name("slot.json.refused")
    assert saved.notice is not None and str(kept) in saved.notice
    for _ in range(3):  # later saves of the slot never touch it
        store.save("slot", STATE)
    assert store.load("slot").state == STATE
    assert kept.read_text(encoding="utf-8") == "{half a save"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_named_like_a_save_is_listed_as_damaged_without_blocking(store: SaveStore) -> None:
    os.mkfifo(store.folder / "pipe.json")
    assert {s.name: s.damaged for s in store.list()}["pipe"] == "a pipe, not a save"
    with pytest.raises(SaveError, match="a pipe, not a save"):
        store.load("pipe")
