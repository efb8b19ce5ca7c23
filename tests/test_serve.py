"""`goldilocks serve`: the game in a web page, driven through its websocket as a browser does,
the screen read through a terminal emulator. Each visitor has a game process and a folder."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import STARTER
from web_visitor import ROOT, Visitor, served

pytestmark = pytest.mark.slow


def endings_recorded(folder: Path) -> set[str]:
    records = list(folder.rglob("endings.json"))
    found: set[str] = set()
    for record in records:
        for endings in json.loads(record.read_text(encoding="utf-8"))["stories"].values():
            found |= set(endings)
    return found


async def play(visitor: Visitor, steps: list[tuple[str, str]]) -> None:
    """Open the game and press each key once what the one before it did is on screen (a key
    is never sent into a frame still being replaced)."""
    await visitor.open_game()
    await visitor.wait_for("New game")
    for key, shown in [("n", "The capture briefing"), *steps]:
        await visitor.press(key)
        await visitor.wait_for(shown)


def test_two_visitors_at_once_each_play_to_an_ending_and_keep_their_saves_apart(
    tmp_path: Path,
) -> None:
    players = tmp_path / "players"

    async def visit(base: str) -> None:
        async with Visitor(base) as one, Visitor(base) as two:
            await asyncio.gather(
                play(
                    one,
                    [
                        ("1", "The hangar"),
                        ("1", "Codes in hand"),
                        ("f5", "Saved to 'quicksave'."),
                        ("1", "The burn"),
                        ("1", "Red Harbour"),
                    ],
                ),
                play(two, [("2", "Reported"), ("1", "The burn"), ("2", "Earth Orbit")]),
            )
            folders = sorted(p for p in players.iterdir() if p.is_dir())
            assert len(folders) == 2
            by_ending = {ending: f for f in folders for ending in endings_recorded(f)}
            assert set(by_ending) == {"red_harbour", "earth_orbit"}
            first, second = by_ending["red_harbour"], by_ending["earth_orbit"]
            assert first != second  # each found one ending, in a folder of their own
            assert list(first.rglob("quicksave.json"))
            assert not list(second.rglob("quicksave.json"))  # one's quicksave is not the other's
            # and neither sees the other's ending in their gallery
            await one.press("escape")
            await one.wait_for("Endings")
            await one.press("e")
            await one.wait_for("1 of 3 found")
            assert "Red Harbour" in one.text() and "Earth Orbit" not in one.text()

    with served("--story", str(STARTER), players=players) as base:
        asyncio.run(visit(base))


def test_a_visitor_who_comes_back_with_the_same_browser_continues(tmp_path: Path) -> None:
    async def visit(base: str) -> None:
        async with Visitor(base) as visitor:
            await visitor.open_game()
            await visitor.wait_for("New game")
            await visitor.press("n")
            await visitor.wait_for("The capture briefing")
            await visitor.press("1")
            await visitor.wait_for("The hangar")
            await visitor.ws.close()  # the tab is closed...
            await visitor.reader
            visitor.screen.reset()
            await visitor.open_game()  # ...and opened again: the same cookie
            await visitor.wait_for("Continue")
            await visitor.press("c")
            await visitor.wait_for("The hangar")
        async with Visitor(base) as stranger:  # another browser starts afresh
            await stranger.open_game()
            await stranger.wait_for("New game")
            assert "Continue" not in stranger.text()

    with served("--story", str(STARTER), players=tmp_path / "players") as base:
        asyncio.run(visit(base))


def test_a_visitor_over_the_cap_gets_a_page_saying_the_game_is_full(tmp_path: Path) -> None:
    async def visit(base: str) -> None:
        async with Visitor(base) as first, Visitor(base) as second:
            await first.open_game()
            await first.wait_for("New game")
            await second.load_page()
            assert second.status == 503
            assert "Goldilocks is full" in second.page and "Try again" in second.page
            await first.ws.close()
            await first.reader
            for _ in range(200):  # the server notices the game has ended
                await second.load_page()
                if second.status == 200:
                    break
                await asyncio.sleep(0.05)
            assert second.status == 200

    with served("--story", str(STARTER), "--max-players", "1", players=tmp_path / "p") as base:
        asyncio.run(visit(base))


def test_the_page_has_the_games_title_and_says_how_a_visitor_continues(tmp_path: Path) -> None:
    async def visit(base: str) -> None:
        async with Visitor(base) as visitor:
            await visitor.load_page()
            assert visitor.status == 200
            assert "<title>Goldilocks</title>" in visitor.page
            assert "come back with the same browser to continue" in " ".join(visitor.page.split())
            assert "googleapis" not in visitor.page  # nothing fetched from elsewhere

    with served("--story", str(STARTER), players=tmp_path / "players") as base:
        asyncio.run(visit(base))


def test_serve_help_says_loopback_no_authentication_and_what_to_put_in_front() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "game", "serve", "--help"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    text = " ".join(result.stdout.split())
    assert result.returncode == 0
    assert "NO AUTHENTICATION" in text and "127.0.0.1" in text
    assert "reverse proxy" in text and "HTTPS" in text
