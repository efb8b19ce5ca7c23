"""The endings gallery (`e` on the title): every ending, the found ones named, the rest locked.

What counts as found comes from the endings record in the save folder (kept across runs), plus the
endings reached in this run. A found ending opens (Enter, or a click) to be read again, as the
player last read it (`EndingPageScreen`).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine.interface_text import N_, tr
from game.tui.context import game_app
from game.tui.widgets.footer import Footer
from game.tui.widgets.hanging_indent import HangingIndent


class EndingsGalleryScreen(Screen[None]):
    """A card per ending, in the order the story declares them."""

    # look: screens/endings_gallery.tcss, read with the app's (GoldilocksApp.CSS_PATH)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Back")),
        Binding("e", "close", N_("Back"), show=False),
        Binding("enter", "read", N_("Read again")),
        Binding("question_mark", "app.help", N_("Help"), show=False),
    ]

    def compose(self) -> ComposeResult:
        app = game_app(self)
        story = app.session.story
        found = app.endings_found()
        yield Static(
            tr("Endings — {found} of {endings} found").format(
                found=len(found), endings=len(story.endings)
            ),
            classes="screen-title",
        )
        options: list[Option | None] = []
        for ending_id, ending in story.endings.items():
            if ending_id in found:
                card = Content.from_markup(
                    "[b $accent]$title[/]  [$text-muted]$kind[/]\n$summary",
                    title=ending.title,
                    kind=ending.kind,
                    summary=ending.summary,
                )
                options.append(Option(HangingIndent(Content("▍ "), card), id=ending_id))
            else:
                locked = Content.from_markup(
                    "[b]???[/]  [$text-muted]$note[/]", note=tr("not found yet")
                )
                options.append(Option(HangingIndent(Content("▍ "), locked), disabled=True))
            options.append(None)  # a rule between cards
        yield OptionList(*options[:-1], id="endings")
        hint = (
            tr("Enter: read a found ending again   Escape: back") if found else tr("Escape: back")
        )
        yield Static(hint, id="endings-hint")
        yield Footer()

    def on_mount(self) -> None:
        endings = self.query_one("#endings", OptionList)
        endings.highlighted = next(
            (i for i, option in enumerate(endings.options) if not option.disabled), None
        )
        endings.focus()

    @on(OptionList.OptionSelected, "#endings")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.read(event.option.id)

    def action_read(self) -> None:
        endings = self.query_one("#endings", OptionList)
        if endings.highlighted is not None:
            option = endings.get_option_at_index(endings.highlighted)
            if option.id is not None and not option.disabled:
                self.read(option.id)

    def read(self, ending_id: str) -> None:
        from game.tui.screens.ending_page import EndingPageScreen

        self.app.push_screen(EndingPageScreen(ending_id))

    def action_close(self) -> None:
        self.dismiss(None)
