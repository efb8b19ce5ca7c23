"""A story folder an attacker or an accident has shaped: only regular files inside the folder are
read, sizes are checked before reading, absurd numbers are refused, and a folder that cannot be
read is one line. Checked through `check` and through `play`, which read the folder differently
(play through the compiled-story cache)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import StoryWriter
from game.cli import main
from game.engine import StoryErrors, load_story

SCENES = """\
a:
  title: A
  text: Hello
  choices:
    - label: Go on
      goto: b
b:
  title: B
  end: done
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def both_commands(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> list[tuple[int, str]]:
    """(status, messages) of `check` and of `play`, which must agree."""
    status, out, _ = run(capsys, "check", str(folder), "--random", "5")
    played, _, err = run(
        capsys, "--story", str(folder), "--saves", str(tmp_path / "saves"), "--plain",
        "--choices", "1",
    )  # fmt: skip
    return [(status, out), (played, err)]


def story_with(write_story: StoryWriter) -> Path:
    return write_story({"a.yaml": SCENES})


def test_a_link_out_of_the_folder_is_refused_not_read(
    write_story: StoryWriter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = story_with(write_story)
    secret = tmp_path / "secret.yaml"
    secret.write_text("stolen_key:\n  title: SECRET-CONTENT\n")
    (folder / "z.yaml").symlink_to(secret)
    for status, messages in both_commands(capsys, folder, tmp_path):
        assert status == 1
        assert "z.yaml:1:1: cannot read: a link to a file outside the folder" in messages
        assert "stolen_key" not in messages and "SECRET" not in messages


@pytest.mark.parametrize("kind", ["pipe", "device", "loop"])
def test_a_pipe_a_device_or_a_link_loop_is_a_clear_message_not_a_hang(
    write_story: StoryWriter, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    folder = story_with(write_story)
    target = folder / "z.yaml"
    if kind == "pipe":
        os.mkfifo(target)
        expected = "not a regular file (a pipe)"
    elif kind == "device":
        target.symlink_to("/dev/zero")
        expected = "a link to a file outside the folder"
    else:
        target.symlink_to(folder / "y.yaml")
        (folder / "y.yaml").symlink_to(target)
        expected = "Too many levels of symbolic links"
    for status, messages in both_commands(capsys, folder, tmp_path):
        assert status == 1
        assert expected in messages and "Traceback" not in messages


def test_a_huge_sparse_file_is_refused_before_reading_in_play_and_check(
    write_story: StoryWriter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = story_with(write_story)
    with (folder / "z.yaml").open("wb") as huge:
        huge.truncate(3 * 1024**3)
    for status, messages in both_commands(capsys, folder, tmp_path):
        assert status == 1
        assert "z.yaml:1:1: file is 3,221,225,472 bytes; story files are limited to 2 MB" in (
            messages
        )


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("9" * 5000, "has 5,000 digits"),
        ("0x" + "f" * 400, "has 402 digits"),
        ("0x" + "f" * 20, "is too big"),
        ("100000000000000000000", "is too big"),
        (".inf", "is not a finite number"),
        ("-.inf", "is not a finite number"),
        (".nan", "is not a finite number"),
    ],
)
def test_an_absurd_number_anywhere_is_one_error_at_its_place(
    write_story: StoryWriter, value: str, says: str
) -> None:
    scenes = SCENES.replace(
        "    - label: Go on\n      goto: b\n",
        "    - label: Go on\n      goto: b\n"
        f"    - label: Gamble\n      outcomes:\n        - {{weight: {value}, goto: b}}\n"
        "        - {weight: 1, goto: b}\n",
    )
    with pytest.raises(StoryErrors) as caught:
        load_story(write_story({"a.yaml": scenes}), display_root="s")
    messages = [str(e) for e in caught.value.errors]
    assert len(messages) == 1, messages
    assert messages[0].startswith("s/a.yaml:9:20: ") and says in messages[0]


def test_an_infinite_bound_is_refused(write_story: StoryWriter) -> None:
    folder = write_story(
        {"a.yaml": SCENES},
        **{"story.yaml": "title: T\nstart: a\nvars:\n  x: {initial: 1, min: 0, max: .inf}\n"
           "endings:\n  done: {title: Done, kind: other}\n"},
    )  # fmt: skip
    with pytest.raises(StoryErrors) as caught:
        load_story(folder, display_root="s")
    assert [str(e) for e in caught.value.errors] == [
        "s/story.yaml:4:32: .inf is not a finite number: numbers in a story are finite and at "
        "most 9,223,372,036,854,775,807"
    ]


def test_a_path_too_long_for_the_system_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = "/".join(["d" * 250] * 20)
    for status, messages in both_commands(capsys, Path(folder), tmp_path):
        assert status == 1
        assert "cannot read the story folder: File name too long" in messages
        assert "Traceback" not in messages


@pytest.mark.skipif(os.geteuid() == 0, reason="root enters any folder")
def test_a_folder_that_cannot_be_entered_is_one_line_naming_it(
    write_story: StoryWriter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = story_with(write_story)
    folder.chmod(0)
    try:
        for status, messages in both_commands(capsys, folder, tmp_path):
            assert status == 1
            assert "cannot read the story folder" in messages or "Permission denied" in messages
    finally:
        folder.chmod(0o755)
