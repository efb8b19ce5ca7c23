"""Plain-text play, as a player at a screen reader or a script driving a pipe meets it."""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from pathlib import Path

from conftest import STARTER
from game.engine import Engine
from game.plain import PlainSession, markdown_to_text

ROOT = Path(__file__).resolve().parent.parent


def play(engine: Engine, lines: list[str], seed: int = 1) -> tuple[int, str]:
    out = io.StringIO()
    session = PlainSession(engine, engine.new_game(seed=seed), iter(lines), out)
    return session.run(), out.getvalue()


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the command as a player would, with saves kept out of the checkout."""
    with tempfile.TemporaryDirectory(prefix="goldilocks-saves-") as saves:
        return subprocess.run(
            [sys.executable, "-m", "game", *args, "--saves", saves],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )


def test_scene_shows_title_place_date_and_numbered_choices(starter_engine: Engine) -> None:
    _, out = play(starter_engine, [])
    assert out.startswith("== The capture briefing ==\nHappy Valley, Mars · 2003-06-14\n")
    assert "  1) Back Dev's plan\n  2) Report the plan to NASA\n" in out


def test_a_choice_that_can_turn_out_more_than_one_way_is_marked(starter_engine: Engine) -> None:
    """The full-screen list marks a chance choice; plain text used to show it as a sure thing."""
    _, out = play(starter_engine, ["1"])
    assert "  1) Copy the capture codes\n  2) Try the hack without the codes · chance\n" in out


def test_disabled_choice_is_listed_with_its_reason_and_refused(starter_engine: Engine) -> None:
    _, out = play(starter_engine, ["2", "2"])
    assert "  2) Go back to Dev  [unavailable: Dev no longer takes your calls]" in out
    assert "Not possible: choice 2 is not available: Dev no longer takes your calls." in out
    assert "calls.." not in out  # one full stop, not two


def test_reaching_an_ending_prints_the_ending_and_timeline(starter_engine: Engine) -> None:
    status, out = play(starter_engine, ["2", "1", "2"])
    assert status == 0
    assert "\nEnding: Earth Orbit\n" in out
    assert "What came after:" in out
    assert "  2012  Earth's new moon made iridium cheap, and the domes emptied." in out


def test_undo_goes_back_a_scene(starter_engine: Engine) -> None:
    _, out = play(starter_engine, ["2", "undo"])
    assert "(undone)" in out
    assert out.count("== The capture briefing ==") == 2


def test_nonsense_input_gets_a_hint(starter_engine: Engine) -> None:
    _, out = play(starter_engine, ["banana"])
    assert "Type a choice number (1-2), or undo, help, quit." in out


def test_end_of_input_exits_quietly(starter_engine: Engine) -> None:
    status, _ = play(starter_engine, ["1"])
    assert status == 0


def test_input_that_never_names_a_choice_stops_instead_of_looping(starter_engine: Engine) -> None:
    status, out = play(starter_engine, ["9"] * 1000)
    assert status == 1
    assert "inputs in a row were not a choice" in out


def test_stat_changes_are_announced(starter_engine: Engine) -> None:
    _, out = play(starter_engine, ["1"])
    assert "[Helios trust +1, CIA suspicion +1]" in out


def test_markdown_becomes_plain_text() -> None:
    assert markdown_to_text("# Head\n\nSome **bold** and _quiet_ words.") == (
        "Head\n\nSome bold and quiet words."
    )


def test_piped_yes_reaches_an_ending_through_the_command() -> None:
    result = run_cli("play", "--plain", "--story", str(STARTER), "--seed", "1", stdin="1\n" * 50)
    assert result.returncode == 0, result.stderr
    assert "\nEnding: " in result.stdout
    assert "Traceback" not in result.stderr


def test_same_seed_same_choices_same_transcript(tmp_path: Path) -> None:
    outputs = []
    for name in ("one.txt", "two.txt"):
        transcript = tmp_path / name
        result = run_cli(
            "play",
            "--plain",
            "--story",
            str(STARTER),
            "--seed",
            "3",
            "--choices",
            "1,2,1",
            "--transcript",
            str(transcript),
        )
        assert result.returncode == 0, result.stderr
        outputs.append(transcript.read_text())
    assert outputs[0] == outputs[1]
    assert "Ending:" in outputs[0]


def test_broken_story_prints_compiler_errors_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text("title: T\nstart: a\n")
    (tmp_path / "a.yaml").write_text(
        "a:\n  title: A\n  choices:\n    - {label: x, goto: nowhere}\n"
    )
    result = run_cli("play", "--plain", "--story", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        "a.yaml:4:24: choice 1 of 'a' goes to 'nowhere', which is not a scene"
    )
    assert "Traceback" not in result.stderr


def test_missing_story_folder_is_one_line(tmp_path: Path) -> None:
    result = run_cli("play", "--plain", "--story", str(tmp_path / "nope"))
    assert result.returncode == 1
    # no made-up line and column: a folder that is not there has no place in a file
    assert result.stderr.strip() == f"{tmp_path / 'nope'}: no such story folder"


def test_an_unknown_at_scene_offers_the_nearest_ids() -> None:
    result = run_cli("play", "--plain", "--story", str(STARTER), "--at", "hanger")
    assert result.returncode == 1
    line = result.stderr.strip()
    assert line.startswith("goldilocks: --at hanger: there is no scene 'hanger'")
    assert "its id, the key it has in the story's YAML" in line
    assert "(nearest: hangar" in line


def test_an_at_scene_named_by_its_title_is_pointed_at_the_ids() -> None:
    result = run_cli("play", "--plain", "--story", str(STARTER), "--at", "The burn")
    assert result.returncode == 1
    assert "('The burn' is the title of burn: use --at burn)" in result.stderr


def test_play_help_describes_the_command_and_at_and_watch() -> None:
    result = run_cli("play", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "Play Goldilocks" in text
    assert "its key in the story's YAML" in text
    assert "the installed copy" in text


def test_at_starts_at_a_scene_in_a_real_state() -> None:
    result = run_cli("play", "--plain", "--story", str(STARTER), "--at", "burn", "--choices", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("== The burn ==")
    assert "Ending: Red Harbour" in result.stdout


def test_long_timeline_years_keep_a_space_before_the_text() -> None:
    from game.engine.view import ConsequenceView, EndingView, SceneView
    from game.plain import format_ending

    ending = EndingView("e", "E", "other", "", (ConsequenceView("Later", "You tell it."),))
    view = SceneView("x", "X", "", "", "", (), (), 3, True, ending)
    assert "  Later You tell it." in format_ending(view)


def test_every_path_check_prints_replays_to_its_scene(starter_engine: Engine) -> None:
    from game.tools.check import check_story

    report = check_story(STARTER, "starter", playthroughs=0)
    assert any("/" in report.path_text(s) for s in report.reachable_scenes)
    for scene_id in report.reachable_scenes:
        steps = report.path_text(scene_id).replace("(start)", "").split()
        out = io.StringIO()
        state = starter_engine.new_game(seed=5)
        session = PlainSession(
            starter_engine, state, iter(steps), out, forced_outcomes=True, echo_input=True
        )
        session.run()
        assert session.state.scene == scene_id, (scene_id, steps, out.getvalue())


def test_an_outcome_that_does_not_exist_is_refused_with_the_range() -> None:
    result = run_cli("play", "--plain", "--story", str(STARTER), "--choices", "1 2/3")
    assert result.returncode == 1, result.stderr  # a path that does not replay is a failed script
    assert "Not possible: 2/3: choice 2 has outcomes 1 to 2, not 3." in result.stdout


def test_choices_from_check_paths_with_spaces_and_outcomes_play_on_the_cli() -> None:
    result = run_cli("play", "--plain", "--story", str(STARTER), "--choices", "1 2/2")
    assert result.returncode == 0, result.stderr
    assert "> 2/2\n" in result.stdout
    assert "Not possible" not in result.stdout


def test_a_typed_outcome_step_is_not_a_way_to_cheat(starter_engine: Engine) -> None:
    _, out = play(starter_engine, ["1", "2/2", "quit"])
    assert "Type a choice number" in out


def test_emphasis_over_a_line_break_loses_its_marks_and_a_name_keeps_its_underscore() -> None:
    text = markdown_to_text(
        "The cable says: *a hijack is being\nplanned on Mars.* ROSALES_A and OKSANA_B log in."
    )
    assert "*" not in text
    assert "a hijack is being planned on Mars." in text
    assert "ROSALES_A and OKSANA_B" in text
    assert markdown_to_text("one *star\n\nacross* paragraphs") == "one *star\n\nacross* paragraphs"
