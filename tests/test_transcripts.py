"""Golden transcripts: replaying fixed paths through plain play and diffing what a player saw.

The cases are listed in tests/golden/transcripts.yaml. After an intended change to a story,
rewrite the files with `GOLDILOCKS_UPDATE_GOLDEN=1 python -m pytest tests/test_transcripts.py` and
review `git diff tests/golden/`.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from game.cli import main
from game.engine import Engine, load_story

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("GOLDILOCKS_UPDATE_GOLDEN") == "1"
HOW_TO_UPDATE = (
    "if the change is intended, rewrite the golden files with\n"
    "    GOLDILOCKS_UPDATE_GOLDEN=1 python -m pytest tests/test_transcripts.py\n"
    "and review `git diff tests/golden/` before committing"
)


def cases() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((GOLDEN / "transcripts.yaml").read_text(encoding="utf-8"))
    return dict(data or {})


def play(case: dict[str, Any], tmp_path: Path) -> str:
    """What `goldilocks play --plain ... --transcript FILE` writes for a case."""
    transcript = tmp_path / "transcript.txt"
    status = main(
        [
            "play",
            "--plain",
            "--story",
            str(ROOT / case["story"]),
            "--seed",
            str(case["seed"]),
            "--choices",
            str(case["choices"]),
            "--transcript",
            str(transcript),
            "--saves",
            str(tmp_path / "saves"),
        ]
    )
    assert status == 0, f"play exited with {status}"
    return transcript.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cases()))
def test_transcript_matches_golden_file(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = cases()[name]
    seen = play(case, tmp_path)
    capsys.readouterr()
    golden = GOLDEN / f"{name}.txt"
    if UPDATE:
        golden.write_text(seen, encoding="utf-8")
        return
    if not golden.exists():
        pytest.fail(f"{golden.relative_to(ROOT)} does not exist yet; {HOW_TO_UPDATE}")
    expected = golden.read_text(encoding="utf-8")
    if seen != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                seen.splitlines(keepends=True),
                f"{golden.relative_to(ROOT)} (golden)",
                f"{name} (played now)",
            )
        )
        pytest.fail(f"transcript '{name}' changed:\n{diff}\n{HOW_TO_UPDATE}", pytrace=False)


@pytest.mark.parametrize("name", sorted(cases()))
def test_transcript_path_reaches_its_ending(name: str) -> None:
    """A golden path that stops short of its ending would silently test less than it claims."""
    case = cases()[name]
    engine = Engine(load_story(ROOT / case["story"]))
    state = engine.new_game(seed=int(case["seed"]))
    for pick in str(case["choices"]).split(","):
        index = int(pick) - 1
        view = engine.view(state)
        if 0 <= index < len(view.choices) and view.choices[index].enabled:
            state = engine.choose(state, index)
    assert engine.scene(state).end == case["ending"]


def test_every_golden_file_has_a_case() -> None:
    orphans = {p.stem for p in GOLDEN.glob("*.txt")} - set(cases())
    assert not orphans, f"golden files with no entry in transcripts.yaml: {sorted(orphans)}"
