"""The ending: what became of the rock and the people, and where to go from here."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from game.engine import StoryRuntimeError
from game.engine.interface_text import N_, tr
from game.tui.context import game_app
from game.tui.messages import StoryReloaded
from game.tui.widgets.footer import Footer
from game.tui.widgets.prose import SceneText
from game.tui.widgets.timeline import ConsequenceTimeline


class EndingScreen(Screen[None]):
    """Shown over the play screen when the game reaches an ending; undo steps back out of it."""

    # look: screens/ending.tcss, read with the app's (GoldilocksApp.CSS_PATH)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "app.new_game", N_("New game")),
        Binding("m", "story_map", N_("Map")),
        Binding("t", "app.title", N_("Title")),
        Binding("escape", "app.title", N_("Title"), show=False),
        Binding("u", "undo", N_("Undo")),
        Binding("ctrl+z", "undo", N_("Undo"), show=False),
        Binding("j", "journal", N_("Journal")),
        Binding("e", "app.endings", N_("Endings")),
        Binding("s", "game_over_save", N_("Save"), show=False),
        Binding("f5", "game_over_save", N_("Quicksave"), show=False),
        Binding("l", "app.load_game", N_("Load"), show=False),
        Binding("f9", "app.quickload", N_("Quickload"), show=False),
        Binding("question_mark", "app.help", N_("Help"), show=False),
        Binding("up", "scroll(-1)", N_("Scroll up"), show=False),
        Binding("down", "scroll(1)", N_("Scroll down"), show=False),
        Binding("pageup", "scroll(-10)", N_("Page up"), show=False),
        Binding("pagedown", "scroll(10)", N_("Page down"), show=False),
    ]

    def compose(self) -> ComposeResult:
        app = game_app(self)
        session = app.session
        try:
            view = session.view()
        except StoryRuntimeError as exc:
            yield Static(str(exc.error), markup=False)
            yield Footer()
            return
        ending = view.ending
        assert ending is not None
        story = session.story
        found = app.endings_found()
        yield Static(tr("The end"), classes="screen-title")
        with VerticalScroll(id="ending-scroll"):
            yield Static(ending.title, id="ending-title", markup=False)
            if ending.summary:
                yield Static(ending.summary, id="ending-summary", markup=False)
            if ending.because:
                because = "\n".join(ending.because)
                yield Static(because, id="ending-because", markup=False)
            yield SceneText(view.text, id="ending-text")
            yield Static(tr("What came after"), id="timeline-heading")
            yield ConsequenceTimeline(ending.consequences, id="timeline")
            yield Static(
                tr("Scenes seen this game: {seen} of {scenes}").format(
                    seen=session.scenes_seen(), scenes=len(story.scenes)
                )
                + "   ·   "
                + tr("Endings found: {found} of {endings}").format(
                    found=len(found), endings=len(story.endings)
                ),
                id="ending-counts",
                markup=False,
            )
        with Horizontal(id="ending-buttons"):
            yield Button(tr("New game"), id="ending-new", variant="primary", action="app.new_game")
            yield Button(tr("Map"), id="ending-map", action="screen.story_map")
            yield Button(tr("Title"), id="ending-title-button", action="app.title")
        yield Footer()

    def on_mount(self) -> None:
        # The text holds the focus, not a button: Enter pressed once more after the last choice
        # must not start a new game (and replace the autosave of this ending).
        self.query_one("#ending-scroll", VerticalScroll).focus()

    @on(StoryReloaded)
    async def _story_reloaded(self) -> None:
        session = game_app(self).session
        if session.state is None or not session.engine.is_over(session.state):
            self.dismiss(None)
        else:
            await self.recompose()

    def action_scroll(self, lines: int) -> None:
        """The buttons hold the focus, so the text scrolls by keys bound here."""
        scroll = self.query_one("#ending-scroll", VerticalScroll)
        if abs(lines) > 1:
            (scroll.scroll_page_down if lines > 0 else scroll.scroll_page_up)()
        else:
            scroll.scroll_relative(y=lines, animate=False)

    def action_undo(self) -> None:
        if game_app(self).undo():
            self.dismiss(None)

    def action_game_over_save(self) -> None:
        """Saving an ended game would keep only its last page: say what to do instead."""
        game_app(self).tell(
            tr(
                "This game has ended, so there is nothing to save: u steps back into it "
                "(then s saves), n starts a new game, l loads one."
            ),
            severity="warning",
        )

    def action_story_map(self) -> None:
        from game.tui.screens.story_map import StoryMapScreen

        self.app.push_screen(StoryMapScreen())

    def action_journal(self) -> None:
        from game.tui.screens.journal import JournalScreen

        self.app.push_screen(JournalScreen())
