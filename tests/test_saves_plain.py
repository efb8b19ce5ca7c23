"""Saves in plain mode: `save`, `load`, `saves`, autosave after every choice, `--load`, endings."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import STARTER
from game.engine import Engine, load_story
from game.engine.saves import AUTOSAVE, QUICKSAVE, SaveStore
from game.plain import PlainSession

ROOT = Path(__file__).resolve().parent.parent
ENGINE = Engine(load_story(STARTER))


def session(store: SaveStore | None, lines: list[str], seed: int = 1) -> PlainSession:
    return PlainSession(ENGINE, ENGINE.new_game(seed=seed), iter(lines), io.StringIO(), store=store)


def output(played: PlainSession) -> str:
    assert isinstance(played.out, io.StringIO)
    return played.out.getvalue()


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    return SaveStore(tmp_path / "saves", ENGINE.story)


def test_every_choice_is_autosaved(store: SaveStore) -> None:
    played = session(store, ["1"])
    played.run()
    assert store.load(AUTOSAVE).state == played.state
    played = session(store, ["2", "undo"])
    played.run()
    assert store.load(AUTOSAVE).state == ENGINE.new_game(seed=1)  # undo is saved too


def test_save_without_a_name_is_the_quicksave_and_load_brings_it_back(store: SaveStore) -> None:
    played = session(store, ["1", "save", "1", "load quicksave"])
    played.run()
    text = output(played)
    assert "Saved as 'quicksave'." in text
    assert "Loaded 'quicksave' (The hangar · Helios hangar · 2003-06-15 · turn 2)." in text
    assert played.state == store.load(QUICKSAVE).state
    assert played.state.scene == "hangar"


def test_saves_lists_slots_newest_first_with_damaged_ones_marked(store: SaveStore) -> None:
    session(store, ["save first"]).run()
    session(store, ["save second"]).run()
    store.path("broken").write_text("{", encoding="utf-8")
    os.utime(store.path("broken"), (0, 0))  # damaged files sort by their modification time
    played = session(store, ["saves"])
    played.run()
    names = ("first", "second", "broken")
    lines = [line.removeprefix("> ") for line in output(played).splitlines()]
    listed = [word for line in lines for word in line.split()[:1]]
    listed = [word for word in listed if word in names]
    assert listed == ["second", "first", "broken"]
    assert "broken  1970-01-01" in output(played)
    assert "DAMAGED: the file is cut short" in output(played)


def test_loading_a_damaged_save_says_one_line_and_the_game_goes_on(store: SaveStore) -> None:
    store.folder.mkdir(parents=True)
    store.path("broken").write_text("not json", encoding="utf-8")
    played = session(store, ["load broken", "1"])
    played.run()
    text = output(played)
    assert f"Not loaded: {store.path('broken')}: not valid JSON at line 1, column 1" in text
    assert played.state.scene == "hangar"  # the game went on
    assert store.path("broken").read_text(encoding="utf-8") == "not json"


def test_a_bad_save_name_is_refused_with_what_names_may_be(store: SaveStore) -> None:
    played = session(store, ["save ../../etc/passwd"])
    played.run()
    assert "Not saved: '../../etc/passwd' cannot be a save name" in output(played)
    assert not store.root.exists()


def test_load_without_a_name_lists_the_saves(store: SaveStore) -> None:
    played = session(store, ["save", "load"])
    played.run()
    assert "quicksave" in output(played) and "Type load NAME to load one." in output(played)


def test_an_unwritable_save_folder_is_said_once_and_the_game_goes_on(
    store: SaveStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    played = session(store, ["1", "save", "1", "1", "1"])
    status = played.run()
    text = output(played)
    assert status == 0
    assert text.count("Autosave is not working:") == 1
    assert "the disk is full" in text
    assert "Not saved: cannot save to" in text
    assert "Ending:" in text


def test_without_a_store_saving_is_off_but_play_works() -> None:
    played = session(None, ["save", "1", "1", "1", "1"])
    assert played.run() == 0
    assert "Saving is off" in output(played)
    assert "Ending:" in output(played)


def test_reaching_an_ending_records_it(store: SaveStore) -> None:
    played = session(store, ["1", "1", "1", "1"])
    played.run()
    assert "A new ending for your record: 1 of 3." in output(played)
    assert store.endings().found() == {"red_harbour"}
    again = session(store, ["1", "1", "1", "1"])
    again.run()
    assert "Endings found: 1 of 3." in output(again)


def test_a_damaged_endings_record_is_kept_aside_and_said(store: SaveStore) -> None:
    store.folder.mkdir(parents=True)
    record = store.endings().path
    record.write_text("{{{", encoding="utf-8")
    played = session(store, ["1", "1", "1", "1"])
    played.run()
    assert "kept as endings.json.damaged, and a new record started" in output(played)
    assert record.with_name("endings.json.damaged").read_text(encoding="utf-8") == "{{{"


# -- the command -------------------------------------------------------------------------------


def goldilocks(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", "--story", str(STARTER), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_play_save_quit_then_load_continues(tmp_path: Path) -> None:
    saves = str(tmp_path / "saves")
    first = goldilocks("--saves", saves, "--seed", "3", stdin="1\nsave mine\n1\nquit\n")
    assert first.returncode == 0, first.stderr
    assert "Saved as 'mine'." in first.stdout

    # the autosave holds the last choice made: Continue picks up there
    resumed = goldilocks("--saves", saves, "--load", "autosave", stdin="quit\n")
    assert resumed.returncode == 0, resumed.stderr
    assert "== Codes in hand ==" in resumed.stdout

    mine = goldilocks("--saves", saves, "--load", "mine", stdin="1\n1\n1\n")
    assert mine.returncode == 0, mine.stderr
    assert mine.stdout.startswith("Loaded 'mine' (The hangar")
    assert "== The hangar ==" in mine.stdout
    assert "Ending:" in mine.stdout


def test_load_continues_the_same_game_as_not_quitting(tmp_path: Path) -> None:
    saves = str(tmp_path / "saves")
    whole = goldilocks("--saves", str(tmp_path / "other"), "--seed", "8", "--choices", "1,2,1,1")
    goldilocks("--saves", saves, "--seed", "8", "--choices", "1")
    rest = goldilocks("--saves", saves, "--load", "autosave", "--choices", "2,1,1")
    assert rest.returncode == 0, rest.stderr
    assert whole.stdout.split("Ending:")[1] == rest.stdout.split("Ending:")[1]


def test_load_of_a_damaged_save_is_one_line_exit_1_and_the_file_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "saves" / "goldilocks-starter"
    folder.mkdir(parents=True)
    (folder / "autosave.json").write_bytes(b'{"format": "goldilocks-save", "vers')
    result = goldilocks("--saves", str(tmp_path / "saves"), "--load", "autosave")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"goldilocks: {folder / 'autosave.json'}: the file is cut")
    assert (folder / "autosave.json").read_bytes() == b'{"format": "goldilocks-save", "vers'


def test_load_and_at_together_are_refused(tmp_path: Path) -> None:
    result = goldilocks("--saves", str(tmp_path), "--load", "x", "--at", "burn")
    assert result.returncode == 1
    assert "--load and --at" in result.stderr


def test_a_save_folder_that_cannot_be_written_still_plays(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = goldilocks("--saves", str(blocker), "--seed", "1", stdin="1\n1\n1\n1\n")
    assert result.stdout.count("Autosave is not working:") == 1
    assert "Ending:" in result.stdout
    assert "This ending could not be recorded:" in result.stdout
