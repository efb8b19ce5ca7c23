"""The title screen: the game's name, and New game / Continue / Load / Endings / Quit."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine.interface_text import N_, tr
from game.tui.context import game_app
from game.tui.messages import StoryReloaded
from game.tui.widgets.footer import Footer

TITLE_ART = (Path(__file__).resolve().parent.parent / "title_art.txt").read_text(encoding="utf-8")

ART_SPELLS = "goldilocks"  # the name the picture's letters spell


def spelled_by_art(title: str) -> bool:
    """The picture already spells this title: under it the name would read twice."""
    return title.strip().casefold() == ART_SPELLS


# (option id, key, label, the app action it runs)
MENU = (
    ("new", "n", N_("New game"), "new_game"),
    ("continue", "c", N_("Continue"), "continue_game"),
    ("load", "l", N_("Load"), "load_game"),
    ("endings", "e", N_("Endings"), "endings"),
    ("quit", "q", N_("Quit"), "quit"),
)


class TitleScreen(Screen[None]):
    """The first frame: kept light (no Markdown, no saves module) so the game starts fast."""

    # title.tcss is read by the app itself (GoldilocksApp.CSS_PATH), for a faster first frame
    # The menu shows its own keys, so the footer only adds help and the palette: a footer key is
    # a widget, and a shorter footer is a faster first frame.
    # On a short screen the picture folds away, and on a tiny one the blurb too (title.tcss):
    # the menu always fits, with no scrollbar in the way.
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (16, "-short"), (20, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "app.new_game", N_("New game"), show=False),
        Binding("c", "app.continue_game", N_("Continue"), show=False),
        Binding("l", "app.load_game", N_("Load"), show=False),
        Binding("e", "app.endings", N_("Endings"), show=False),
        Binding("question_mark", "app.help", N_("Help")),
        Binding("q", "app.quit", N_("Quit"), show=False),
    ]

    def compose(self) -> ComposeResult:
        session = game_app(self).session
        with Vertical(id="title-box"):
            with Center():
                yield Static(TITLE_ART.rstrip("\n"), id="title-art", markup=False)
            yield Static(
                session.title,
                id="story-title",
                markup=False,
                classes="-spelled-by-art" if spelled_by_art(session.title) else "",
            )
            yield Static(session.description, id="story-description", markup=False)
            with Center():
                yield OptionList(id="title-menu")
        yield Footer()

    def on_mount(self) -> None:
        self.build_menu()

    def on_screen_resume(self) -> None:
        self.build_menu()

    @on(StoryReloaded)
    def _story_reloaded(self) -> None:
        session = game_app(self).session
        story_title = self.query_one("#story-title", Static)
        story_title.update(session.title)
        story_title.set_class(spelled_by_art(session.title), "-spelled-by-art")
        self.query_one("#story-description", Static).update(session.description)
        self.build_menu()

    def build_menu(self) -> None:
        """The menu holds only what can be done now: Continue needs a game, Load a save folder."""
        app = game_app(self)
        menu = self.query_one("#title-menu", OptionList)
        options = [
            Option(
                Content.from_markup("[b $accent]$key[/]  $label", key=key, label=tr(label)),
                id=ident,
            )
            for ident, key, label, action in MENU
            if app.check_action(action, ()) is not False
        ]
        menu.set_options(options)
        menu.highlighted = 1 if len(options) > 1 and options[1].id == "continue" else 0
        # No refresh_bindings() here: the footer re-reads them when the screen resumes anyway,
        # and every extra refresh rebuilds the footer (the costliest part of the first frame).

    @on(OptionList.OptionSelected, "#title-menu")
    async def _menu_picked(self, event: OptionList.OptionSelected) -> None:
        actions = {ident: action for ident, _key, _label, action in MENU}
        await self.app.run_action(actions[event.option.id or "new"])
