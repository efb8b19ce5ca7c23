"""The default `check`: a path to every scene by a bounded search, not a walk of every state.

What it promises an author: every scene it calls reachable has a path of choices that really
gets there in play; what it cannot reach is either proven out of reach (a warning) or listed as
"not proven either way" for `--exhaustive` to settle; and the same story gives the same report.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Engine, load_story
from game.tools.explore import Explorer

SCENES = Path(__file__).parent.parent / "scenes"

# A counter that only a long loop raises: the vault opens at 40 turns of waiting, far past a
# search of a few hundred states, and `never` needs a value the variable's bounds rule out.
COUNTER_STORY = {
    "story.yaml": """\
title: Counter
start: hall
vars:
  patience: {initial: 0, min: 0, max: 60}
endings:
  done: {title: Done}
  vault: {title: Vault}
  never: {title: Never}
""",
    "scenes.yaml": """\
hall:
  title: Hall
  text: A door, a bench, a vault.
  choices:
    - label: Wait on the bench
      goto: hall
      add: {patience: 1}
    - label: Leave
      goto: out
    - label: Open the vault
      if: patience >= 40
      goto: vault_room
    - label: Break the vault
      if: patience > 60
      goto: broken_room
out:
  title: Out
  text: Fresh air.
  end: done
vault_room:
  title: Vault
  text: Gold.
  end: vault
broken_room:
  title: Broken
  text: Rubble.
  end: never
""",
}


def counter_story(tmp_path: Path) -> Path:
    folder = tmp_path / "counter"
    folder.mkdir()
    for name, text in COUNTER_STORY.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def check_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    main(["check", *args, "--json"])
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_every_path_the_search_finds_gets_there_in_play() -> None:
    story = load_story(SCENES)
    explorer = Explorer(story, merge=False)
    explorer.seek(max_states=20_000, breadth=50, playthroughs=100)  # little breadth-first
    engine = Engine(story)
    paths = explorer.shortest_paths()
    assert set(paths) == set(story.scenes)
    for scene_id, steps in paths.items():
        state = engine.new_game(seed=0)
        for step in steps:
            state = engine.choose_outcome(state, step.choice, step.outcome)
        assert state.scene == scene_id, (scene_id, [str(s) for s in steps])


def test_the_best_first_search_reaches_what_breadth_first_did_not() -> None:
    story = load_story(SCENES)
    breadth = Explorer(story, merge=False)
    breadth.seek(max_states=5_000, breadth=5_000)
    best = Explorer(story, merge=False)
    best.seek(max_states=5_000, breadth=50)
    assert len(best.reached_scenes()) > len(breadth.reached_scenes())


def test_default_check_of_the_shipped_story_reaches_every_scene_and_ending(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = check_json(capsys, str(SCENES))
    assert data["exhaustive"] is False
    assert data["errors"] == [] and data["warnings"] == []
    # a5_poole_office added in session 16, a5_zvezda in 19; the three Earth last questions in 33
    assert data["reachable_scenes"] == data["scenes"] == 79
    assert data["reachable_endings"] == data["endings"] == 11
    assert data["not_proven_scenes"] == [] and data["not_proven_endings"] == []
    assert data["playthroughs"] == 300


def test_what_the_search_cannot_settle_is_listed_for_exhaustive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = str(counter_story(tmp_path))
    data = check_json(capsys, story, "--max-states", "20", "--random", "0")
    assert data["not_proven_scenes"] == ["vault_room"]
    assert data["not_proven_endings"] == ["vault"]
    assert data["unreachable_scenes"] == ["broken_room"]  # proven: patience never passes 60
    main(["check", story, "--max-states", "20", "--random", "0"])
    out = capsys.readouterr().out
    unsettled = "Not proven either way (1 scene; run `goldilocks check --exhaustive`): vault_room"
    assert unsettled in out
    assert "scene 'broken_room' is never reached" in out

    whole = check_json(capsys, story, "--exhaustive", "--random", "0")
    assert whole["complete"] is True
    assert whole["reachable_scenes"] == 3
    assert whole["not_proven_scenes"] == []


def test_the_search_goes_on_until_a_bound_in_states_not_seconds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = str(counter_story(tmp_path))
    data = check_json(capsys, story, "--random", "0")  # the default bound is enough here
    assert data["not_proven_scenes"] == []
    assert data["reachable_scenes"] == 3


def test_same_story_same_report(capsys: pytest.CaptureFixture[str]) -> None:
    def without_timings(text: str) -> str:
        return re.sub(r'"(seconds|states_per_second)": [\d.]+', "", text)

    main(["check", str(SCENES), "--json", "--paths"])
    first = capsys.readouterr().out
    main(["check", str(SCENES), "--json", "--paths"])
    second = capsys.readouterr().out
    assert without_timings(first) == without_timings(second)
