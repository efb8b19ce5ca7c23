"""The endings gallery (`e` on the title): every ending, the found ones named, the rest locked.

What counts as found comes from the endings record in the save folder (kept across runs), plus the
endings reached in this run.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.tui.context import game_app


class EndingsGalleryScreen(Screen[None]):
    """A card per ending, in the order the story declares them."""

    # look: screens/endings_gallery.tcss, read with the app's (GoldilocksApp.CSS_PATH)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("e", "close", "Back", show=False),
        Binding("question_mark", "app.help", "Help", show=False),
    ]

    def compose(self) -> ComposeResult:
        app = game_app(self)
        story = app.session.story
        found = app.endings_found()
        yield Static(
            f"Endings — {len(found)} of {len(story.endings)} found", classes="screen-title"
        )
        with VerticalScroll(id="endings"):
            for ending_id, ending in story.endings.items():
                if ending_id in found:
                    card = Content.from_markup(
                        "[b $accent]$title[/]  [$text-muted]$kind[/]\n$summary",
                        title=ending.title,
                        kind=ending.kind,
                        summary=ending.summary,
                    )
                    yield Static(card, classes="ending-card -found")
                else:
                    yield Static(
                        Content.from_markup("[b]???[/]  [$text-muted]not found yet[/]"),
                        classes="ending-card -locked",
                    )
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
