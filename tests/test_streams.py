"""The command meets a hostile terminal or shell: closed streams, a full disk, an ASCII-only
encoding, empty option values, a script naming a choice that does not exist. Each is one line on
stderr and a non-zero exit, never a traceback; the end of input stays a quiet exit 0."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import STARTER

ROOT = Path(__file__).resolve().parent.parent


def run(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None, **streams: object
) -> subprocess.CompletedProcess[bytes]:
    options = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE, **streams}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "game", *args],
        stderr=subprocess.PIPE,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, **(env or {})},
        **options,
    )


def play_args(tmp_path: Path) -> list[str]:
    return ["--story", str(STARTER), "--saves", str(tmp_path / "saves"), "--plain"]


def check_args() -> list[str]:
    return ["check", str(STARTER), "--random", "10"]


def one_line_error(result: subprocess.CompletedProcess[bytes]) -> str:
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("command", ["play", "check"])
def test_stdout_on_a_full_disk_is_one_line_and_status_1(tmp_path: Path, command: str) -> None:
    args = [*play_args(tmp_path), "--choices", "1"] if command == "play" else check_args()
    with open("/dev/full", "wb") as full:
        result = run(tmp_path, *args, stdout=full)
    assert "No space left on device" in one_line_error(result)


@pytest.mark.parametrize("command", ["play", "check"])
def test_a_closed_stdout_is_one_line_and_status_1(tmp_path: Path, command: str) -> None:
    args = [*play_args(tmp_path), "--choices", "1"] if command == "play" else check_args()
    result = run(tmp_path, *args, stdout=None, pass_fds=(), close_fds=True,
                 preexec_fn=lambda: os.close(1))  # fmt: skip
    assert "standard output is closed" in one_line_error(result)


def test_a_closed_stdin_is_one_line_and_status_1(tmp_path: Path) -> None:
    result = run(tmp_path, *play_args(tmp_path), stdin=None, preexec_fn=lambda: os.close(0))
    assert "standard input is closed" in one_line_error(result)


@pytest.mark.parametrize("command", ["play", "check"])
def test_an_ascii_only_output_is_one_line_and_status_1(tmp_path: Path, command: str) -> None:
    story = tmp_path / "story"
    shutil.copytree(STARTER, story)
    manifest = story / "story.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("(starter)", "· été"), "utf-8")
    args = (
        ["--story", str(story), "--saves", str(tmp_path / "saves"), "--plain", "--choices", "1"]
        if command == "play"
        else ["check", str(story), "--random", "10"]
    )
    result = run(tmp_path, *args, env={"PYTHONIOENCODING": "ascii"})
    assert "encoding (ascii)" in one_line_error(result)


def test_the_end_of_input_is_a_quiet_exit_0(tmp_path: Path) -> None:
    result = run(tmp_path, *play_args(tmp_path))
    assert result.returncode == 0 and result.stderr == b""


@pytest.mark.parametrize("choices", ["1,9", "9", "1," + "9" * 5000, "0"])
def test_choices_naming_a_choice_that_does_not_exist_exit_1(tmp_path: Path, choices: str) -> None:
    result = run(tmp_path, *play_args(tmp_path), "--choices", choices)
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr
    assert "Not possible" in result.stdout.decode().splitlines()[-1]


def test_a_huge_number_typed_at_the_prompt_is_no_choice_not_a_crash(tmp_path: Path) -> None:
    result = run(tmp_path, *play_args(tmp_path), stdin=None, input=b"9" * 5000 + b"\n1\n")
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert "there is no choice 999999..." in result.stdout.decode()


@pytest.mark.parametrize("option", ["--load", "--at", "--story", "--saves", "--transcript"])
def test_an_empty_option_value_is_an_error_not_the_default(tmp_path: Path, option: str) -> None:
    args = [a for a in play_args(tmp_path) if a != "--plain"]
    if option in ("--story", "--saves"):
        index = args.index(option)
        args = args[:index] + args[index + 2 :]
    result = run(tmp_path, *args, "--plain", option, "")
    assert f"{option} is empty" in one_line_error(result)


def test_an_empty_story_folder_for_check_is_an_error(tmp_path: Path) -> None:
    result = run(tmp_path, "check", "")
    assert "the story folder is empty" in one_line_error(result)


def test_check_prints_no_control_sequence_a_story_holds(tmp_path: Path) -> None:
    """A title with an escape sequence (one that would retitle the window) is shown, not obeyed."""
    story = tmp_path / "s"
    story.mkdir()
    (story / "story.yaml").write_text(
        'title: "Safe\\e]0;pwned\\a here"\nstart: a\nendings:\n  done: {title: Done}\n',
        encoding="utf-8",
    )
    (story / "a.yaml").write_text("a:\n  title: A\n  text: Hi.\n  end: done\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "game", "check", str(story), "--paths"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Safe" in result.stdout and "here" in result.stdout, result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout, result.stdout
