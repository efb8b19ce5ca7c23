"""The journal (`j`): the path so far, scene by scene, with the choice made at each."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine import Story
from game.engine.interface_text import N_, tr
from game.engine.view import turn_number
from game.tui.context import game_app
from game.tui.messages import StoryReloaded
from game.tui.widgets.footer import Footer
from game.tui.widgets.hanging_indent import HangingIndent, Stacked


def scene_title(story: Story, scene_id: str) -> str:
    scene = story.scenes.get(scene_id)
    return scene.title if scene is not None else scene_id


class JournalScreen(Screen[None]):
    """Read-only: the game's history as the engine keeps it (each step's scene and choice)."""

    # look: screens/journal.tcss, read with the app's (GoldilocksApp.CSS_PATH)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Back")),
        Binding("j", "close", N_("Back"), show=False),
        Binding("question_mark", "app.help", N_("Help"), show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static(tr("Journal — the path so far"), classes="screen-title")
        yield OptionList(id="journal")
        yield Footer()

    def on_mount(self) -> None:
        self.fill()

    @on(StoryReloaded)
    def _story_reloaded(self) -> None:
        self.fill()

    def fill(self) -> None:
        session = game_app(self).session
        story = session.story
        state = session.current()
        entries = [
            Option(
                Stacked(
                    Content.from_markup(
                        "[$text-muted]$turn.[/] [b]$scene[/]",
                        turn=turn_number(step.before.turn),
                        scene=scene_title(story, step.before.scene),
                    ),
                    # a long choice wraps under itself, not under the arrow
                    HangingIndent(Content.from_markup("    [$accent]→[/] "), Content(step.label)),
                )
            )
            for step in state.history
        ]
        entries.append(
            Option(
                Content.from_markup(
                    "[$text-muted]$turn. $now[/] [b $accent]$scene[/]",
                    now=tr("Now:"),
                    turn=turn_number(state.turn),
                    scene=scene_title(story, state.scene),
                )
            )
        )
        journal = self.query_one("#journal", OptionList)
        journal.set_options(entries)
        journal.highlighted = len(entries) - 1
        journal.focus()

    def action_close(self) -> None:
        self.dismiss(None)
