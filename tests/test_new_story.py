"""`goldilocks new-story DIR`: a skeleton that checks clean and plays to its ending."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from game.cli import main
from game.engine import load_story
from game.engine.safe_yaml import read_document
from game.tools.schema import schemas


def new_story(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str = "my_story") -> Path:
    folder = tmp_path / name
    assert main(["new-story", str(folder)]) == 0
    capsys.readouterr()
    return folder


def test_skeleton_has_a_manifest_two_scenes_and_an_ending(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = load_story(new_story(tmp_path, capsys))
    assert story.title == "My Story"
    playing = [s for s in story.scenes.values() if s.end is None]
    endings = [s for s in story.scenes.values() if s.end is not None]
    assert (len(playing), len(endings), len(story.endings)) == (2, 1, 1)


def test_skeleton_passes_check_strictly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = new_story(tmp_path, capsys)
    assert main(["check", str(folder), "--strict"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("0 errors, 0 warnings")


def test_skeleton_plays_to_its_ending(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = new_story(tmp_path, capsys)
    argv = [
        "play",
        "--plain",
        "--story",
        str(folder),
        "--choices",
        "1,1",
        "--seed",
        "1",
        "--saves",
        str(tmp_path / "saves"),
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Ending: Home Again" in out
    assert "You tell the story of the door for years." in out


def test_skeleton_points_the_editor_at_its_own_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = new_story(tmp_path, capsys)
    for name, schema in (("story.yaml", "manifest.json"), ("scenes.yaml", "scenes.json")):
        first = (folder / name).read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema=.schema/{schema}"
        kept = (folder / ".schema" / schema).read_text()
        assert kept == schemas()[schema]
        data = read_document(folder / name, name).data
        jsonschema.validate(data, json.loads(kept))


def test_an_empty_folder_is_fine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["new-story", str(tmp_path / "empty")]) == 0
    assert "goldilocks check" in capsys.readouterr().out


def test_refuses_a_folder_with_anything_in_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    assert main(["new-story", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err == f"goldilocks new-story: {folder} is not empty; give a new folder\n"
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_refuses_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    assert main(["new-story", str(target)]) == 1
    assert "is a file" in capsys.readouterr().err
    assert target.read_text() == "x"


def test_odd_folder_names_still_make_a_valid_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = load_story(new_story(tmp_path, capsys, name='the "quoted" tale: part-2'))
    assert story.title == 'The "Quoted" Tale: Part 2'
