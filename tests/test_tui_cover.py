"""A warm start shows the title from the story's cover, and opens the story a moment later.

This is how `goldilocks` starts a story it has played before (the compiled-story cache has its
entry): the title screen is drawn before pydantic and the story model are imported, and anything
the player does that needs the story opens it then and there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from conftest import STARTER, playtest
from game.engine import cache, load_story
from game.tui.app import GoldilocksApp, build_app
from game.tui.screens.play import PlayScreen
from game.tui.screens.story_problems import StoryProblemsScreen
from game.tui.screens.title import TitleScreen
from game.tui.widgets.scene_header import SceneHeader

CHECKOUT = Path(__file__).resolve().parent.parent


@pytest.fixture
def story(tmp_path: Path) -> Path:
    folder = tmp_path / "starter"
    shutil.copytree(STARTER, folder)
    return folder


def warm_app(story: Path, tmp_path: Path) -> GoldilocksApp:
    """The game as `goldilocks` starts it the second time: the story is in the cache."""
    cache_dir = tmp_path / "cache"
    load_story(story, display_root="starter", cache_dir=cache_dir)
    return build_app(
        story, display_root="starter", seed=1, saves_dir=tmp_path / "saves", cache_dir=cache_dir
    )


def menu_items(app: GoldilocksApp) -> list[str]:
    return [str(o.id) for o in app.screen.query_one("#title-menu", OptionList).options]


@playtest
async def test_the_title_of_a_cached_story_is_shown_before_the_story_is_opened(
    story: Path, tmp_path: Path
) -> None:
    app = warm_app(story, tmp_path)
    assert not app.session.is_open
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        title = app.screen.query_one("#story-title", Static)
        assert str(title.render()) == "Goldilocks (starter)"
        assert app.title == "Goldilocks (starter)"
        await pilot.pause(0.5)  # the player reads the title; the story opens meanwhile
        assert app.session.is_open
        assert app.session.story == load_story(story, display_root="starter")


@playtest
async def test_new_game_at_once_opens_the_story_and_plays(story: Path, tmp_path: Path) -> None:
    app = warm_app(story, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")  # before the story has been opened in the background
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.query_one(SceneHeader).title == "The capture briefing"


@playtest
async def test_continue_is_offered_from_the_cover_and_picks_up_the_autosave(
    story: Path, tmp_path: Path
) -> None:
    first = warm_app(story, tmp_path)
    async with first.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "1", "ctrl+q")
    again = warm_app(story, tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "continue" in menu_items(again)
        await pilot.press("c")
        await pilot.pause()
        assert again.screen.query_one(SceneHeader).title == "The hangar"


@playtest
async def test_a_story_broken_after_its_cover_was_read_is_shown_not_crashed(
    story: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = warm_app(story, tmp_path)
    # the entry can no longer be read, and the files have been broken meanwhile
    monkeypatch.setattr(cache, "from_entry", lambda *args: None)
    (story / "story.yaml").write_text("title: Broken\nstart: nowhere\n", encoding="utf-8")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, StoryProblemsScreen)
        assert not app.session.is_open


def test_a_cover_is_read_without_importing_pydantic_and_opens_the_same_story(
    story: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    cold = load_story(story, cache_dir=cache_dir)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from game.engine.cover import read_cover\n"
        f"cover = read_cover(Path({str(story)!r}), cache_dir=Path({str(cache_dir)!r}))\n"
        "print(cover.title)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'yaml')))\n"
        "print(','.join(cover.open().scenes))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=CHECKOUT, capture_output=True, text=True, check=True
    )
    title, imported, scenes = done.stdout.splitlines()
    assert title == "Goldilocks (starter)"
    assert imported == "[]"
    assert scenes == ",".join(cold.scenes)


def test_an_edited_story_has_no_cover_until_it_loads_again(story: Path, tmp_path: Path) -> None:
    from game.engine.cover import read_cover

    cache_dir = tmp_path / "cache"
    load_story(story, cache_dir=cache_dir)
    assert read_cover(story, cache_dir=cache_dir) is not None
    manifest = story / "story.yaml"
    manifest.write_text(manifest.read_text().replace("(starter)", "(edited)"))
    assert read_cover(story, cache_dir=cache_dir) is None
    load_story(story, cache_dir=cache_dir)
    cover = read_cover(story, cache_dir=cache_dir)
    assert cover is not None and cover.title == "Goldilocks (edited)"
