"""An ending read again from the gallery: its text and timeline as the player last read them.

The page is the one the endings record keeps (`EndingPage`), not one worked out again: the text and
the timeline depend on the game that reached the ending, which may be long gone. The look is the
ending screen's (screens/ending.tcss), without its buttons: this is a page to read, not a game.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.engine.interface_text import N_, tr
from game.engine.view import ConsequenceView
from game.tui.context import game_app
from game.tui.widgets.footer import Footer
from game.tui.widgets.prose import SceneText
from game.tui.widgets.timeline import ConsequenceTimeline

NO_PAGE = N_(
    "This ending was found before the game kept endings to read again. "
    "Reach it once more and it will be here."
)


class EndingPageScreen(Screen[None]):
    """One found ending, scrolled with the arrows; Escape goes back to the gallery."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Back")),
        Binding("question_mark", "app.help", N_("Help"), show=False),
    ]

    def __init__(self, ending_id: str) -> None:
        super().__init__()
        self.ending_id = ending_id

    def compose(self) -> ComposeResult:
        app = game_app(self)
        ending = app.session.story.endings[self.ending_id]
        page = app.shelf.ending_page(self.ending_id) if app.shelf is not None else None
        yield Static(tr("An ending, as you last read it"), classes="screen-title")
        with VerticalScroll(id="ending-scroll"):
            yield Static(ending.title, id="ending-title", markup=False)
            if ending.summary:
                yield Static(ending.summary, id="ending-summary", markup=False)
            if page is None:
                yield Static(tr(NO_PAGE), id="ending-text", markup=False)
            else:
                yield SceneText(page.text, id="ending-text")
                yield Static(tr("What came after"), id="timeline-heading")
                yield ConsequenceTimeline(
                    [ConsequenceView(year, text) for year, text in page.timeline], id="timeline"
                )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#ending-scroll", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
