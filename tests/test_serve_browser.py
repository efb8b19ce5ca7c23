"""`goldilocks serve` in a real browser: Debian's chromium, headless, driven by Playwright (which
is pointed at /usr/bin/chromium and never downloads a browser of its own)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from conftest import STARTER
from web_visitor import served

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)"
    ),
]


def autosaved_scene(players: Path) -> str | None:
    """The scene of the (only) visitor's autosave: what the game in the page has reached."""
    for path in players.rglob("autosave.json"):
        try:
            return str(json.loads(path.read_text(encoding="utf-8"))["state"]["scene"])
        except (ValueError, KeyError, OSError):
            return None
    return None


def wait_until(check: object, seconds: float = 60) -> None:
    for _ in range(int(seconds * 10)):
        if callable(check) and check():
            return
        time.sleep(0.1)
    raise AssertionError("the game in the page never got there")


def test_a_browser_loads_the_page_presses_keys_and_the_story_advances(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    players = tmp_path / "players"
    with served("--story", str(STARTER), players=players) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 700})
            page.goto(base + "/")
            assert page.title() == "Goldilocks"
            # the terminal has drawn the game's first frame
            page.wait_for_selector("body.-first-byte", timeout=60_000)
            page.locator("#terminal").click()
            page.keyboard.press("n")
            wait_until(lambda: autosaved_scene(players) == "briefing")
            page.keyboard.press("1")
            wait_until(lambda: autosaved_scene(players) == "hangar")
            page.keyboard.press("1")
            wait_until(lambda: autosaved_scene(players) == "hangar_codes")
        finally:
            browser.close()
