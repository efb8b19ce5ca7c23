"""The consequences timeline at an ending: what followed, year by year."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from game.engine.interface_text import tr
from game.engine.view import ConsequenceView


class ConsequenceTimeline(Vertical):
    """One row per year (in the story's order), its events beside a rule that joins the years.

    Rows are ordinary wrapping widgets, so a long consequence reflows at any width. Under an
    event, the player's choices that caused it ("Because you chose ...", from the engine).
    """

    def __init__(self, consequences: Sequence[ConsequenceView], id: str | None = None) -> None:
        super().__init__(id=id)
        self.consequences = tuple(consequences)

    def compose(self) -> ComposeResult:
        if not self.consequences:
            yield Static(tr("Nothing more is recorded."), classes="timeline-empty")
            return
        for year, items in groupby(self.consequences, key=lambda item: item.year):
            with Horizontal(classes="timeline-year"):
                yield Static(year, classes="timeline-when", markup=False)
                with Vertical(classes="timeline-events"):
                    for item in items:
                        yield Static(f"• {item.text}", classes="timeline-event", markup=False)
                        for because in item.because:
                            yield Static(because, classes="timeline-because", markup=False)
