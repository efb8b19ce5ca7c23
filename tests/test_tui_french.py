"""The Textual game in French: its own words (menu, footer, headers, dialogs, help) and the
story's, in one game played through the pilot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Markdown, OptionList, Static

from conftest import playtest
from game.engine.interface_text import use_languages
from game.tui.app import GoldilocksApp, build_app
from game.tui.screens.help import HelpScreen
from game.tui.screens.load_game import LoadGameScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.story_map import StoryMapScreen
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.scene_header import SceneHeader

FIXTURE = Path(__file__).parent / "fixtures" / "translated"


@pytest.fixture
def french() -> Iterator[None]:
    assert use_languages(["fr"]) == "fr"
    yield
    use_languages([])


def make_app(tmp_path: Path) -> GoldilocksApp:
    return build_app(
        FIXTURE, display_root="translated", seed=1, saves_dir=tmp_path / "saves", languages=("fr",)
    )


def footer_text(app: GoldilocksApp) -> str:
    return " ".join(str(getattr(key, "description", "")) for key in app.screen.query("FooterKey"))


@playtest
async def test_the_title_menu_and_footer_speak_french(tmp_path: Path, french: None) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#title-menu", OptionList)
        labels = [str(option.prompt) for option in menu.options]
        assert any("Nouvelle partie" in label for label in labels)
        assert any("Quitter" in label for label in labels)
        assert "Aide" in footer_text(app)
        assert "New game" not in " ".join(labels)


@playtest
async def test_a_game_in_french_header_choices_footer_help_map_and_dialogs(
    tmp_path: Path, french: None
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        header = app.screen.query_one(SceneHeader)
        assert header.title == "Le rivage"  # the story's own translation
        assert header.turn == "Tour 1"
        choices = app.screen.query_one(ChoiceList)
        assert "Ramasser un coquillage" in " ".join(c.label for c in choices.choices)
        footer = footer_text(app)
        assert "Annuler" in footer and "Carte" in footer and "Undo" not in footer

        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Comment jouer" in app.screen.query_one(Markdown).source
        await pilot.press("escape")

        await pilot.press("m")
        assert isinstance(app.screen, StoryMapScreen)
        title = str(app.screen.query_one(".screen-title", Static).render())
        assert title == "Carte de l'histoire"
        assert "vous êtes ici" in "\n".join(app.screen.rows())
        await pilot.press("escape")

        await pilot.press("u")  # nothing to undo on the first scene: said in French
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert str(app.screen.query_one(".dialog-title", Static).render()) == (
            "Sauvegarder la partie"
        )
        await pilot.press(*"essai", "enter")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LoadGameScreen)
        hint = str(app.screen.query_one(".dialog-hint", Static).render())
        assert hint.startswith("Entrée\N{NO-BREAK SPACE}: charger")
