"""The game as a newcomer gets it: the installed command, and a wheel used outside the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import STARTER

ROOT = Path(__file__).resolve().parent.parent


def installed_command() -> str:
    """The `goldilocks` script installed beside this Python (the README's install puts it there)."""
    script = Path(sys.executable).parent / "goldilocks"
    if not script.exists():
        found = shutil.which("goldilocks")
        if found is None:
            pytest.fail("the goldilocks command is not installed: run the README's install command")
        return found
    return str(script)


def test_installed_command_plays_piped_input_to_an_ending(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            installed_command(),
            "play",
            "--plain",
            "--story",
            str(STARTER),
            "--seed",
            "1",
            "--saves",
            str(tmp_path),
        ],
        input="1\n" * 60,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "\nEnding: " in result.stdout


def test_installed_command_plays_the_shipped_story_to_an_ending(tmp_path: Path) -> None:
    result = subprocess.run(
        [installed_command(), "play", "--plain", "--seed", "1", "--saves", str(tmp_path)],
        input="1\n" * 400,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "\nEnding: " in result.stdout


@pytest.mark.slow
def test_wheel_ships_the_story_and_plays_outside_the_checkout(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("goldilocks-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "game/scenes/story.yaml" in names
    assert "game/locale/fr/LC_MESSAGES/goldilocks.mo" in names  # the interface in French
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "play",
            "--plain",
            "--seed",
            "1",
            "--saves",
            str(tmp_path / "saves"),
        ],
        input="1\n" * 400,
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "\nEnding: " in result.stdout
    # the interface in French, from the wheel's own compiled catalogue (nothing to write there)
    env["LANGUAGE"] = "fr"
    result = subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", "--seed", "1", "--choices", "99"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env={**env, "HOME": str(tmp_path)},
        timeout=120,
    )
    assert result.returncode == 1, result.stderr  # a script naming no choice has gone wrong
    shown = result.stdout.replace("\N{NO-BREAK SPACE}", " ")  # French puts one before : and ;
    assert "Impossible : il n'y a pas de choix 99 ; choisissez entre 1 et" in shown
    assert shown.startswith("== Les quatre pour cent de trop ==")  # the story's French ships too
