"""Reading Twee itself (the Twee 3 specification, Twee 1/2 forms) and the input an author gets
wrong: each problem is one `file.twee:line: ...` line, never a traceback, and OUT_DIR is safe."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from game.cli import main
from game.tools.twee.source import read_files

ROOT = Path(__file__).resolve().parent.parent


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["import", "twee", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_header_with_tags_metadata_and_escapes(tmp_path: Path) -> None:
    source = write(
        tmp_path / "s.twee",
        ':: A \\[weird\\] name\\{1\\} [tag-one two\\]x] {"position":"10,20","size":"100,100"}\n'
        "Body line.\n\n\n",
    )
    story = read_files([source])
    passage = story.passages["A [weird] name{1}"]
    assert passage.tags == ("tag-one", "two]x")
    assert passage.metadata == {"position": "10,20", "size": "100,100"}
    assert passage.text == "Body line."
    assert passage.line == 1
    assert story.problems == []


def test_storydata_storytitle_and_start(tmp_path: Path, capsys) -> None:
    source = write(
        tmp_path / "s.twee",
        ":: StoryTitle\nThe Lighthouse\n\n"
        ':: StoryData\n{"ifid": "X", "format": "SugarCube", "format-version": "2.36.1", '
        '"start": "Shore"}\n\n'
        ":: Intro\nNot the start.\n[[Shore]]\n\n:: Shore\nWaves.\n",
    )
    status, out, _ = run(capsys, str(source), str(tmp_path / "out"))
    assert status == 0
    manifest = yaml.safe_load((tmp_path / "out" / "story.yaml").read_text())
    assert manifest["title"] == "The Lighthouse"
    assert manifest["start"] == "shore"
    assert "(sugarcube)" in out


def test_twee1_story_includes_and_several_files_make_one_story(tmp_path: Path, capsys) -> None:
    write(tmp_path / "rooms.twee", ":: Hall\nA hall.\n[[Start]]\n")
    write(tmp_path / "more.twee", ":: Attic\nDust.\n")
    main_file = write(
        tmp_path / "main.twee",
        ":: StoryIncludes\nrooms.twee\n\n:: Start\n[[Hall]]\n[[Attic]]\n",
    )
    status, _, err = run(
        capsys,
        str(main_file),
        str(tmp_path / "more.twee"),
        str(tmp_path / "out"),
        "--format",
        "harlowe",
    )
    assert status == 0, err
    scenes: dict = {}
    for path in (tmp_path / "out").glob("*.yaml"):
        if path.name != "story.yaml":
            scenes.update(yaml.safe_load(path.read_text()))
    assert set(scenes) == {"start", "hall", "attic"}
    assert (tmp_path / "out" / "rooms.yaml").exists()  # one scene file per Twee file


def test_a_file_that_is_not_twee_is_an_error_and_nothing_is_written(tmp_path: Path, capsys) -> None:
    source = write(tmp_path / "notes.twee", "Just some notes,\nno passages here.\n")
    status, _, err = run(capsys, str(source), str(tmp_path / "out"))
    assert status == 1
    assert f"{source}:1: error: not a Twee file: no passage header (a line starting '::')" in err
    assert not (tmp_path / "out").exists()


def test_duplicate_passage_name_warns_with_both_places_and_keeps_the_first(
    tmp_path: Path, capsys
) -> None:
    source = write(tmp_path / "s.twee", ":: Start\nFirst.\n\n:: Start\nSecond.\n")
    status, out, _ = run(capsys, str(source), str(tmp_path / "out"), "--format", "harlowe")
    assert status == 0
    assert (
        f"{source}:4: warning: duplicate passage name 'Start' (first at {source}:1); "
        "this one is ignored" in out
    )
    scenes = yaml.safe_load((tmp_path / "out" / "s.yaml").read_text())
    assert scenes["start"]["text"] == "First."


def test_broken_metadata_json_warns_and_the_passage_is_kept(tmp_path: Path, capsys) -> None:
    source = write(
        tmp_path / "s.twee",
        ':: StoryData\n{ifid: nope\n\n:: Start {"position": 1,}\nStill here.\n',
    )
    status, out, _ = run(capsys, str(source), str(tmp_path / "out"), "--format", "harlowe")
    assert status == 0
    assert f"{source}:1: warning: StoryData is not JSON" in out
    assert f"{source}:4: warning: passage 'Start': metadata is not JSON" in out
    scenes = yaml.safe_load((tmp_path / "out" / "s.yaml").read_text())
    assert scenes["start"]["text"] == "Still here."


def test_no_format_anywhere_is_guessed_and_said(tmp_path: Path, capsys) -> None:
    source = write(tmp_path / "s.twee", ":: Start\n<<set $x to 1>>x is $x\n")
    status, out, _ = run(capsys, str(source), str(tmp_path / "out"))
    assert status == 0
    assert f"{source}:1: warning: no StoryData format; reading it as sugarcube" in out


def test_missing_input_file_and_too_few_arguments(tmp_path: Path, capsys) -> None:
    status, _, err = run(capsys, str(tmp_path / "gone.twee"), str(tmp_path / "out"))
    assert status == 1 and "gone.twee: no such file" in err
    status, _, err = run(capsys, str(tmp_path / "only-one"))
    assert status == 1 and "give at least one Twee file" in err


def test_a_non_empty_folder_is_never_overwritten_without_force(tmp_path: Path, capsys) -> None:
    source = write(tmp_path / "s.twee", ":: Start\nHi.\n")
    out_dir = tmp_path / "mine"
    out_dir.mkdir()
    keep = write(out_dir / "notes.yaml", "precious: true\n")
    status, _, err = run(capsys, str(source), str(out_dir), "--format", "harlowe")
    assert status == 1
    assert "is not empty and is not an earlier import" in err and "--force" in err
    assert keep.read_text() == "precious: true\n"
    assert sorted(p.name for p in out_dir.iterdir()) == ["notes.yaml"]
    status, _, _ = run(capsys, str(source), str(out_dir), "--format", "harlowe", "--force")
    assert status == 0 and (out_dir / "story.yaml").exists()


def test_an_earlier_import_is_replaced_and_dropped_passages_go(tmp_path: Path, capsys) -> None:
    out_dir = tmp_path / "out"
    source = write(tmp_path / "s.twee", ":: Start\n[[Old]]\n\n:: Old\nOld room.\n")
    assert run(capsys, str(source), str(out_dir), "--format", "harlowe")[0] == 0
    write(source, ":: Start\n[[New]]\n\n:: New\nNew room.\n")
    assert run(capsys, str(source), str(out_dir), "--format", "harlowe")[0] == 0
    scenes = yaml.safe_load((out_dir / "s.yaml").read_text())
    assert set(scenes) == {"start", "new"}


def test_bad_input_never_shows_a_traceback(tmp_path: Path) -> None:
    source = tmp_path / "bin.twee"
    source.write_bytes(b"\xff\xfe\x00garbage")
    result = subprocess.run(
        [sys.executable, "-m", "game", "import", "twee", str(source), str(tmp_path / "o")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{source}:1: error: not a Twee file: not UTF-8 text" in result.stderr
