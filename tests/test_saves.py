"""Saves: slots, listing, damaged files, slot names, the endings record."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from game.engine import Engine, GameState
from game.engine.endings_record import EndingPage
from game.engine.saves import (
    AUTOSAVE,
    QUICKSAVE,
    SaveError,
    SaveStore,
    slot_name,
    story_folder_name,
)


def play(engine: Engine, *picks: int, seed: int = 7) -> GameState:
    state = engine.new_game(seed=seed)
    for pick in picks:
        state = engine.choose(state, pick)
    return state


class Clock:
    """A clock that moves one minute each time it is read, so 'newest first' is testable."""

    def __init__(self) -> None:
        self.moment = datetime(2031, 5, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.moment += timedelta(minutes=1)
        return self.moment


@pytest.fixture
def store(tmp_path: Path, starter_engine: Engine) -> SaveStore:
    return SaveStore(tmp_path / "saves", starter_engine.story, now=Clock())


def test_save_then_load_gives_the_same_state_and_history(
    store: SaveStore, starter_engine: Engine
) -> None:
    state = play(starter_engine, 0, 1)
    store.save(QUICKSAVE, state)
    loaded = store.load(QUICKSAVE)
    assert loaded.state == state
    assert loaded.state.history == state.history
    assert loaded.notices == []


def test_undo_works_after_loading(store: SaveStore, starter_engine: Engine) -> None:
    state = play(starter_engine, 0, 0)
    store.save("mine", state)
    loaded = store.load("mine").state
    assert starter_engine.undo(loaded) == starter_engine.undo(state)
    assert starter_engine.undo(starter_engine.undo(loaded)) == starter_engine.new_game(seed=7)


def test_saves_go_in_a_folder_named_after_the_story(
    store: SaveStore, starter_engine: Engine
) -> None:
    slot = store.save(AUTOSAVE, starter_engine.new_game(seed=1))
    assert slot.path == store.root / "goldilocks-starter" / "autosave.json"
    assert story_folder_name("Goldilocks") == "goldilocks"
    assert story_folder_name("火星") == "story"


def test_the_save_folder_is_created_when_missing(tmp_path: Path, starter_engine: Engine) -> None:
    store = SaveStore(tmp_path / "a" / "b" / "c", starter_engine.story)
    store.save("one", starter_engine.new_game(seed=1))
    assert store.load("one").state == starter_engine.new_game(seed=1)


def test_saving_again_keeps_the_previous_version_as_a_backup(
    store: SaveStore, starter_engine: Engine
) -> None:
    first = store.save("slot", play(starter_engine, 0))
    first_bytes = first.path.read_bytes()
    second = store.save("slot", play(starter_engine, 0, 0))
    backup = second.path.with_name("slot.json.bak")
    assert backup.read_bytes() == first_bytes
    assert second.created == first.created
    assert second.updated > first.updated


def test_list_is_newest_first_with_summaries(store: SaveStore, starter_engine: Engine) -> None:
    store.save("older", play(starter_engine))
    store.save("newer", play(starter_engine, 0))
    slots = store.list()
    assert [s.name for s in slots] == ["newer", "older"]
    newer = slots[0]
    assert newer.damaged is None
    assert newer.summary is not None
    assert newer.summary.describe() == "The hangar · Helios hangar · 2003-06-15 · turn 2"
    assert "The hangar" in newer.describe()


def test_list_of_a_folder_that_does_not_exist_is_empty(store: SaveStore) -> None:
    assert store.list() == []


def test_damaged_files_are_listed_and_marked_not_hidden(
    store: SaveStore, starter_engine: Engine
) -> None:
    store.save("good", play(starter_engine))
    (store.folder / "broken.json").write_text("{not json", encoding="utf-8")
    slots = {s.name: s for s in store.list()}
    assert set(slots) == {"good", "broken"}
    assert slots["good"].damaged is None
    assert slots["broken"].damaged is not None
    assert "broken" in slots["broken"].describe()
    assert "DAMAGED" in slots["broken"].describe()


def test_backups_temp_files_and_the_endings_record_are_not_slots(
    store: SaveStore, starter_engine: Engine
) -> None:
    store.save("a", play(starter_engine))
    store.save("a", play(starter_engine, 0))
    store.endings().add("custody")
    (store.folder / ".a.json.123.tmp").write_text("half a sa", encoding="utf-8")
    assert [s.name for s in store.list()] == ["a"]


@pytest.mark.parametrize(
    "name", ["../x", "a/b", "..", ".hidden", "", " ", "a" * 41, "con", "endings", "x.json", "é"]
)
def test_names_that_could_leave_the_save_folder_are_refused(
    store: SaveStore, starter_engine: Engine, name: str
) -> None:
    with pytest.raises(SaveError, match="cannot be a save name"):
        store.save(name, starter_engine.new_game(seed=1))
    assert not store.root.exists()


def test_names_are_trimmed_and_lowercased() -> None:
    assert slot_name("  My-Save_2 ") == "my-save_2"


def test_a_name_may_have_spaces(store: SaveStore, starter_engine: Engine) -> None:
    assert slot_name("Before  the Burn") == "before the burn"
    store.save("Before the burn", starter_engine.new_game(seed=1))
    assert [slot.name for slot in store.list()] == ["before the burn"]
    assert store.load("before the burn").state.scene == "briefing"


def test_a_save_can_be_deleted_with_its_backup(store: SaveStore, starter_engine: Engine) -> None:
    state = starter_engine.new_game(seed=1)
    store.save("mine", state)
    store.save("mine", state)  # a second write leaves a backup beside it
    store.save("other", state)
    store.delete("mine")
    assert [slot.name for slot in store.list()] == ["other"]
    assert not any(path.name.startswith("mine") for path in store.root.rglob("*"))
    with pytest.raises(SaveError, match="no save named 'mine'"):
        store.delete("mine")


def test_a_save_can_be_renamed_but_never_over_another(
    store: SaveStore, starter_engine: Engine
) -> None:
    state = starter_engine.new_game(seed=1)
    store.save("mine", state)
    store.save("other", state)
    with pytest.raises(SaveError, match="already a save named 'other'"):
        store.rename("mine", "other")
    assert store.rename("mine", "Night Shift") == "night shift"
    assert sorted(slot.name for slot in store.list()) == ["night shift", "other"]
    assert store.load("night shift").state == store.load("other").state


def test_loading_a_slot_that_does_not_exist_says_so(store: SaveStore) -> None:
    with pytest.raises(SaveError, match="there is no save named 'nope'"):
        store.load("nope")


def test_a_save_from_another_story_is_refused(
    tmp_path: Path, store: SaveStore, starter_engine: Engine, write_story
) -> None:
    from game.engine import load_story

    store.save("x", play(starter_engine))
    other = load_story(write_story(**{"a.yaml": "a: {title: A, end: done}"}))
    path = store.path("x")
    foreign = SaveStore(store.root, other)
    foreign.folder.mkdir(parents=True)
    (foreign.folder / "x.json").write_bytes(path.read_bytes())
    with pytest.raises(SaveError, match=r"is for the story 'Goldilocks \(starter\)', not 'Test'"):
        foreign.load("x")


def test_story_variable_text_is_data_never_a_template(
    store: SaveStore, starter_engine: Engine, write_story
) -> None:
    """A hand-edited save puts template syntax in a text variable: it shows literally."""
    from game.engine import load_story

    story = load_story(
        write_story(
            **{
                "story.yaml": """\
                title: Notes
                start: a
                vars:
                  note: {initial: hello}
                endings:
                  done: {title: Done}
                """,
                "a.yaml": """\
                a:
                  title: "Note: {{ note }}"
                  text: "You wrote {{ note }}."
                  choices:
                    - {label: "Keep {{ note }}", goto: b}
                b: {title: B, end: done}
                """,
            }
        )
    )
    engine = Engine(story)
    notes = SaveStore(store.root, story)
    notes.save("x", engine.new_game(seed=1))
    path = notes.path("x")
    payload = "{{ ().__class__.__mro__ }}{% for x in range(9) %}!{% endfor %}"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["state"]["variables"]["note"] = payload
    path.write_text(json.dumps(document), encoding="utf-8")
    view = engine.view(notes.load("x").state)
    assert view.text.strip() == f"You wrote {payload}."
    assert view.title == f"Note: {payload}"
    assert view.choices[0].label == f"Keep {payload}"


def test_a_text_variable_outside_its_values_is_refused(
    store: SaveStore, starter_engine: Engine
) -> None:
    store.save("x", play(starter_engine))
    path = store.path("x")
    document = json.loads(path.read_text(encoding="utf-8"))
    document["state"]["variables"]["destination"] = "{{ 7 * 7 }}"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(SaveError, match=r"'destination' holds '\{\{ 7 \* 7 \}\}'.*earth, mars"):
        store.load("x")
    assert path.read_bytes() == before


# -- the endings record ---------------------------------------------------------------------


def test_endings_found_are_recorded_once(store: SaveStore) -> None:
    record = store.endings()
    assert record.found() == frozenset()
    assert record.add("custody").new
    assert not record.add("custody").new
    assert record.add("red_harbour").new
    assert store.endings().found() == {"custody", "red_harbour"}


def test_the_record_keeps_each_endings_page_as_last_read(store: SaveStore) -> None:
    record = store.endings()
    first = EndingPage("You were caught.", (("2003", "A trial."),))
    assert record.add("custody", page=first).new
    assert store.endings().read().pages == {"custody": first}
    again = EndingPage("You were caught again.", (("2004", "A second trial."),))
    added = record.add("custody", page=again)
    assert not added.new  # the same ending, read differently: its page is replaced
    assert store.endings().read().pages == {"custody": again}
    record.add("custody")  # found again with no page: the kept page stays
    assert store.endings().read().pages == {"custody": again}


def test_a_version_1_endings_record_is_read_and_upgraded_on_the_next_ending(
    store: SaveStore,
) -> None:
    record = store.endings()
    record.path.parent.mkdir(parents=True, exist_ok=True)
    title = store.story.title
    record.path.write_text(
        json.dumps(
            {
                "format": "goldilocks-endings",
                "version": 1,
                "stories": {title: {"custody": "2026-01-02T03:04:05+00:00"}},
            }
        ),
        encoding="utf-8",
    )
    assert record.found() == {"custody"}
    assert record.read().pages == {}
    record.add("red_harbour", page=EndingPage("Red.", ()))
    assert record.found() == {"custody", "red_harbour"}
    assert json.loads(record.path.read_text(encoding="utf-8"))["version"] == 2
    assert record.read().found["custody"].year == 2026


def test_the_endings_record_survives_a_damaged_save(
    store: SaveStore, starter_engine: Engine
) -> None:
    store.endings().add("custody")
    store.save(AUTOSAVE, play(starter_engine))
    store.path(AUTOSAVE).write_text("garbage", encoding="utf-8")
    assert store.endings().found() == {"custody"}


def test_a_damaged_endings_record_is_reported_then_kept_aside(store: SaveStore) -> None:
    record = store.endings()
    record.add("custody")
    record.path.write_text("{broken", encoding="utf-8")
    read = record.read()
    assert read.found == {}
    assert read.problem is not None and str(record.path) in read.problem
    assert record.path.read_text(encoding="utf-8") == "{broken"  # reading changed nothing
    added = record.add("earth_orbit")
    assert added.new
    assert added.notice is not None and "endings.json.damaged" in added.notice
    assert (record.path.parent / "endings.json.damaged").read_text(encoding="utf-8") == "{broken"
    assert record.found() == {"earth_orbit"}
    record.path.write_text("[]", encoding="utf-8")
    record.add("custody")
    assert (record.path.parent / "endings.json.damaged").read_text(encoding="utf-8") == "{broken"
    assert (record.path.parent / "endings.json.damaged-2").read_text(encoding="utf-8") == "[]"
