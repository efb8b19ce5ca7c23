"""`goldilocks check` as an author runs it: output, JSON, exit status."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.tools import report
from game.tools.explore import Playthroughs

FIXTURES = Path(__file__).parent / "fixtures"
STARTER = FIXTURES / "starter"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["check", *args])
    return status, capsys.readouterr().out


def test_summary_names_the_story_and_its_counts(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, str(STARTER))
    assert status == 0
    assert "Goldilocks (starter): 8 scenes, 3 endings, 86 words, 5 variables" in out
    assert "Reachable: 8 of 8 scenes, 3 of 3 endings" in out
    assert "every state covered" in out
    assert "Random playthroughs: 300 (seeds 0-299)" in out
    assert out.rstrip().endswith("0 errors, 4 warnings")


def test_warnings_come_first_in_compiler_form(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(capsys, str(STARTER))
    first = out.splitlines()[0]
    assert first.startswith(f"{STARTER}/act1.yaml:")
    assert ": warning: " in first


def test_ending_frequencies_add_up_to_the_playthroughs(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(capsys, str(STARTER), "--json", "--random", "200", "--seed", "5")
    data = json.loads(out)
    assert sum(data["ending_frequency"].values()) == 200
    assert set(data["ending_frequency"]) == {"earth_orbit", "red_harbour", "custody"}
    assert data["playthroughs"] == 200 and data["seed"] == 5


def test_json_has_every_key_the_issue_promises(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, str(STARTER), "--json", "--exhaustive")
    data = json.loads(out)
    assert status == 0
    for key in (
        "errors",
        "warnings",
        "scenes",
        "endings",
        "words",
        "variables",
        "reachable_scenes",
        "reachable_endings",
        "states_explored",
        "complete",
        "ending_frequency",
    ):
        assert key in data
    assert (data["scenes"], data["endings"], data["variables"]) == (8, 3, 5)
    assert (data["reachable_scenes"], data["reachable_endings"]) == (8, 3)
    assert data["complete"] is True
    assert data["states_explored"] == 14
    warning = data["warnings"][0]
    assert set(warning) >= {"file", "line", "column", "message", "code"}
    assert isinstance(warning["line"], int)


def test_exhaustive_check_bounds_the_chance_a_digest_collision_hid_a_state(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long `--exhaustive` walk keeps a 64-bit digest of each state seen, not the state: it
    says how unlikely it is that two states shared one (n(n-1)/2 pairs, each alike with chance
    2^-64). A short one keeps the states whole, and no collision can hide any."""
    _, out = run(capsys, str(STARTER), "--json", "--exhaustive")
    assert json.loads(out)["collision_bound"] == 0
    _, text = run(capsys, str(STARTER), "--exhaustive")
    assert "64-bit digests" not in text
    monkeypatch.setattr("game.tools.explore.states.COMPACT_AFTER", 0)  # (as a long walk does)
    _, out = run(capsys, str(STARTER), "--json", "--exhaustive")
    data = json.loads(out)
    assert 0 < data["collision_bound"] < 1e-15
    assert data["states_explored"] == 14 and data["complete"] is True  # (the same walk)
    _, text = run(capsys, str(STARTER), "--exhaustive")
    assert "states kept as 64-bit digests: the chance that a collision hid one is at most" in text
    _, searched = run(capsys, str(STARTER), "--json")  # the default search keeps the states
    assert json.loads(searched)["collision_bound"] == 0


def test_same_seed_same_frequencies(capsys: pytest.CaptureFixture[str]) -> None:
    _, first = run(capsys, str(STARTER), "--json", "--seed", "9", "--random", "300")
    _, second = run(capsys, str(STARTER), "--json", "--seed", "9", "--random", "300")
    assert json.loads(first)["ending_frequency"] == json.loads(second)["ending_frequency"]


def test_strict_fails_on_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = run(capsys, str(STARTER), "--strict", "--random", "10")
    assert status == 1
    status, _ = run(capsys, str(FIXTURES / "lint_clean"), "--strict", "--random", "10")
    assert status == 0


def test_errors_fail_and_are_counted(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, str(FIXTURES / "lint_softlock"), "--random", "10")
    assert status == 1
    assert out.rstrip().endswith("1 error, 0 warnings")


def test_load_errors_are_all_reported_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = tmp_path / "broken"
    shutil.copytree(STARTER, story)
    text = (story / "act1.yaml").read_text()
    (story / "act1.yaml").write_text(text.replace("goto: burn\n", "goto: brun\n", 1))
    status, out = run(capsys, str(story), "--json")
    data = json.loads(out)
    assert status == 1
    assert data["scenes"] == 0 and data["complete"] is False
    assert [e["code"] for e in data["errors"]] == ["missing-scene"]
    assert "did you mean 'burn'?" in data["errors"][0]["message"]


def test_load_errors_in_human_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "broken"
    shutil.copytree(STARTER, story)
    text = (story / "story.yaml").read_text()
    (story / "story.yaml").write_text(text.replace("start: briefing", "start: breifing"))
    status, out = run(capsys, str(story))
    assert status == 1
    assert out.splitlines()[0] == (
        f"{story}/story.yaml:2:8: the start scene 'breifing' is not a scene "
        "(did you mean 'briefing'?)"
    )
    assert out.rstrip().endswith("1 error, 0 warnings")


def test_missing_folder_is_one_line_and_status_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = run(capsys, str(tmp_path / "nope"))
    assert status == 1
    assert "no such story folder" in out


def test_paths_prints_the_shortest_choices_to_every_scene(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out = run(capsys, str(STARTER), "--paths", "--random", "0")
    lines = out.splitlines()
    start = lines.index(
        "Shortest paths (choice numbers as shown in play; 2/1 = choice 2, its outcome 1):"
    )
    assert lines[start + 1 : start + 9] == [
        "  briefing:     (start)",
        "  hangar:       1",
        "  hangar_codes: 1 1",
        "  reported:     2",
        "  burn:         1 2/1",
        "  red_harbour:  1 2/1 1",
        "  earth_orbit:  1 2/1 2",
        "  caught:       1 2/2",
    ]


def test_max_states_bound_reports_incomplete(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, str(STARTER), "--exhaustive", "--max-states", "3", "--random", "0")
    assert status == 0
    assert "more states than --max-states 3 allows" in out
    assert "Reachable: at least 6, at most 8 of 8 scenes" in out
    assert "(at most 3 at any one scene)" in out
    _, out = run(capsys, str(STARTER), "--max-states", "3", "--json")
    assert json.loads(out)["complete"] is False


def test_zero_playthroughs_skips_the_tally(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(capsys, str(STARTER), "--random", "0")
    assert "Random playthroughs" not in out


def test_nonsense_bounds_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(STARTER), "--random", "-1"]) == 1
    assert "--random" in capsys.readouterr().err
    assert main(["check", str(STARTER), "--max-states", "0"]) == 1
    assert "--max-states" in capsys.readouterr().err


def test_json_gives_a_replayable_playthrough_for_each_ending(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = run(capsys, str(STARTER), "--json", "--random", "100")
    examples = json.loads(out)["ending_examples"]
    assert set(examples) == {"earth_orbit", "red_harbour", "custody"}
    titles = {"earth_orbit": "Earth Orbit", "red_harbour": "Red Harbour", "custody": "In Custody"}
    for ending, example in examples.items():
        argv = [
            "play",
            "--plain",
            "--story",
            str(STARTER),
            "--seed",
            str(example["seed"]),
            "--choices",
            example["choices"],
            "--saves",
            str(tmp_path),
        ]
        assert main(argv) == 0
        assert f"Ending: {titles[ending]}" in capsys.readouterr().out


def test_a_condition_that_fails_is_one_line_never_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "story.yaml").write_text(
        "title: T\nstart: a\nvars: {}\nendings: {done: {title: D}}\n"
    )
    (tmp_path / "scenes.yaml").write_text(
        "a:\n  title: A\n  choices:\n    - {label: Go, if: has_codez, goto: b}\n"
        "    - {label: Stay, goto: b}\nb:\n  title: B\n  end: done\n"
    )
    status, out = run(capsys, str(tmp_path), "--random", "10")
    assert status == 1
    first = out.splitlines()[0]
    assert first.startswith(f"{tmp_path}/scenes.yaml:4:")
    assert "has_codez" in first


class Terminal(io.StringIO):
    """What a terminal receives: a stream that says it is one."""

    def isatty(self) -> bool:
        return True


def test_on_a_terminal_progress_is_shown_then_wiped(monkeypatch: pytest.MonkeyPatch) -> None:
    from game.tools import check

    terminal = Terminal()
    monkeypatch.setattr(check.Progress, "INTERVAL", 0.0)
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert main(["check", str(STARTER), "--random", "120"]) == 0
    shown = terminal.getvalue()
    assert "\r\x1b[Krandom playthroughs: 0 of 120 (0 s; ctrl-C stops)" in shown
    assert "random playthroughs: 100 of 120" in shown
    assert shown.endswith("\r\x1b[K")  # the last thing written clears the line


def test_progress_is_not_written_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(STARTER), "--random", "120"]) == 0
    assert capsys.readouterr().err == ""


def test_a_long_list_of_scenes_no_playthrough_reached_is_cut_short(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out = run(capsys, str(STARTER), "--random", "1")
    line = next(line for line in out.splitlines() if "no random playthrough reached" in line)
    named = line.split(": ", 1)[1]
    count = int(line.split("(")[1].split(")")[0])
    assert count == len(named.split(", ")) <= report.NAMES_LISTED  # few: all named

    from game.tools.report import CheckReport, human

    many = CheckReport(title="Big", scenes=[f"s{i}" for i in range(30)])
    many.reachable_scenes = list(many.scenes)
    many.playthroughs = Playthroughs(1, 0, {"e": 1}, {"s0": 1}, [], 0.0, {})
    text = human(many)
    assert "scenes no random playthrough reached (29): s1, s2," in text
    assert "s12 and 17 more (--json lists every scene's count)" in text


def test_check_help_states_the_exhaustive_bound_it_uses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`check --help` said 2,000,000 while the walk stopped at 4,000,000 (session 22)."""
    from game.tools.explore import DEFAULT_MAX_STATES

    with pytest.raises(SystemExit):
        main(["check", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert f"with --exhaustive {DEFAULT_MAX_STATES})" in help_text
