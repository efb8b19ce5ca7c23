"""The strip above the scene: where and when the player is, and how many choices they made."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from game.engine import SceneView


class SceneHeader(Horizontal):
    """Scene title on the first line, place and date under it, the turn on the right."""

    def compose(self) -> ComposeResult:
        with Vertical(id="scene-heading"):
            yield Static(id="scene-title", markup=False)
            yield Static(id="scene-where", markup=False)
        yield Static(id="scene-turn", markup=False)

    _lines: tuple[Static, Static, Static] | None = None

    def show(self, view: SceneView) -> None:
        if self._lines is None:  # found once: the three lines are never replaced
            self._lines = (
                self.query_one("#scene-title", Static),
                self.query_one("#scene-where", Static),
                self.query_one("#scene-turn", Static),
            )
        title, where, turn = self._lines
        title.update(view.title)
        where.update(" · ".join(part for part in (view.place, view.date) if part))
        turn.update(f"Turn {view.turn}")
