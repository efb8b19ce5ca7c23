"""Story errors shown inside the game: a broken edit under `--watch`, a scene that fails to render.

The game never dies on a story's mistake: the errors are listed here in the same `file:line:col:
message` form `goldilocks check` prints, and the player (or author) carries on from there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from game.engine import StoryError
from game.engine.interface_text import N_, tr


class StoryProblemsScreen(ModalScreen[None]):
    """A dialog listing story errors; Escape goes back to the game as it was."""

    # look: screens/story_problems.tcss, read with the app's (GoldilocksApp.CSS_PATH)
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", N_("Back to the game"))]

    def __init__(self, errors: Sequence[StoryError], heading: str) -> None:
        super().__init__()
        self.errors = tuple(errors)
        self.heading = heading

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-box", classes="dialog"):
            yield Static(id="problems-heading", classes="dialog-title", markup=False)
            with VerticalScroll(id="problems-scroll"):
                yield Static(id="problems-list", markup=False)
            yield Static(tr("Escape: back to the game"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.show(self.errors, self.heading)

    def show(self, errors: Sequence[StoryError], heading: str) -> None:
        """Replace what is listed (a second broken save of the file while this is open)."""
        self.errors = tuple(errors)
        self.heading = heading
        self.query_one("#problems-heading", Static).update(heading)
        self.query_one("#problems-list", Static).update("\n".join(str(e) for e in self.errors))

    def action_close(self) -> None:
        self.dismiss(None)
