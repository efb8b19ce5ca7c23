"""The public Twine stories in ../shared/twee import, check with no errors, and play to an ending.

They are test material only (licences in their folders) and never part of the wheel. The folder
is found beside the repository (its parent's `shared/twee`, or further up for a worktree);
when it is there, nothing here is skipped.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from game.cli import main
from game.tools.check import check_story

ROOT = Path(__file__).resolve().parent.parent


def shared_twee() -> Path | None:
    for folder in ROOT.parents:
        candidate = folder / "shared" / "twee"
        if candidate.is_dir():
            return candidate
    return None


SHARED = shared_twee()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SHARED is None, reason="../shared/twee (test material) is not here"),
]
COOKBOOK = ("harlowe", "sugarcube", "chapbook", "snowman")
# (files, options, choices that reach the ending, the ending's title)
STORIES = {
    "playfab": (["playfab-twine/index.twee"], [], [4, 1, 1, 1], "integration"),
    "chapbook-demo": (
        ["sargent-chapbook-demo/demo.twee", "sargent-chapbook-demo/text-manipulation.twee"],
        ["--ending", "Text Collection Summary"],
        [1, 1, 3],
        "Text Collection Summary",
    ),
    "gatequest": (
        ["snowman-structures/gatequest.twee"],
        ["--format", "snowman", "--ending", "Gate"],
        [1],
        "Gate",
    ),
    "sorting-hat": (
        ["snowman-structures/sortinghatdiamond.twee"],
        ["--format", "snowman", "--ending", "Ending"],
        [2, 1, 1],
        "Ending",
    ),
}


def import_story(files: list[str], options: list[str], out: Path, capsys) -> str:
    assert SHARED is not None
    status = main(["import", "twee", *[str(SHARED / f) for f in files], str(out), *options])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "Traceback" not in captured.err
    return captured.out


def play_plain(story: Path, choices: list[int] | None = None, stdin: str = "") -> str:
    saves = tempfile.mkdtemp(prefix="goldilocks-twee-saves-")
    args = ["play", "--plain", "--story", str(story), "--seed", "3", "--saves", saves]
    if choices is not None:
        args += ["--choices", ",".join(str(c) for c in choices)]
    result = subprocess.run(
        [sys.executable, "-m", "game", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def assert_checks_without_errors(story: Path) -> None:
    report = check_story(story, playthroughs=50, max_states=50_000)
    assert report.errors == [], [str(e) for e in report.errors]


@pytest.mark.parametrize("fmt", COOKBOOK)
def test_cookbook_game_imports_checks_and_always_hyperjumping_ends_lost_in_space(
    fmt: str, tmp_path: Path, capsys
) -> None:
    out = tmp_path / fmt
    printed = import_story(
        [f"cookbook-space-exploration/space_{fmt}.twee"], ["--format", fmt], out, capsys
    )
    assert "not converted" in printed  # the random planets are JavaScript/loops: reported
    report = (out / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    assert report.rstrip().endswith("%).**")
    assert_checks_without_errors(out)
    # the same path in all four: take the first choice (Explore, Hyperjump, ...) every time
    seen = play_plain(out, stdin="1\n" * 40)
    assert "Ending: Lost in space" in seen.replace("Lost in Space", "Lost in space")
    assert "Hyperjump" in seen


@pytest.mark.parametrize("name", sorted(STORIES))
def test_shared_story_imports_checks_and_plays_to_an_ending(
    name: str, tmp_path: Path, capsys
) -> None:
    files, options, choices, ending = STORIES[name]
    out = tmp_path / name
    import_story(files, options, out, capsys)
    assert_checks_without_errors(out)
    seen = play_plain(out, choices)
    assert f"Ending: {ending}" in seen


def test_playfab_readme_converts_its_links_and_reports_only_code_and_media(
    tmp_path: Path, capsys
) -> None:
    out = tmp_path / "playfab"
    printed = import_story(["playfab-twine/index.twee"], [], out, capsys)
    lost = [line for line in printed.splitlines() if "not converted" in line]
    assert lost and all(
        any(kind in line for kind in ("JavaScript", "stylesheet", "HTML <img>", "HTML <textarea>"))
        for line in lost
    )
    seen = play_plain(out, [1])
    assert "== What is Twine? ==" in seen  # `[[What is Twine?|]]`: an empty target is the text
