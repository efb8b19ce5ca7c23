"""The strip above the scene: where and when the player is, and how many choices they made."""

from __future__ import annotations

from rich.cells import cell_len
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
        _show(title, view.title, fixed_width=True)
        _show(where, " · ".join(part for part in (view.place, view.date) if part), fixed_width=True)
        _show(turn, f"Turn {view.turn}", fixed_width=False)


def _show(line: Static, text: str, *, fixed_width: bool) -> None:
    """Put `text` in `line`, with a new layout only when the line's size can change with it.

    A move changes every line of the header, but its size almost never: a new layout (and the
    frame after it that Textual draws to settle the sizes) is only needed when the turn number
    grows a digit, or when a title or a place is too long for one line (it wraps).
    """
    before = str(line.content)
    if text == before:
        return
    if fixed_width:  # as wide as the header leaves it: its height is one line while it fits
        width = line.content_size.width
        same_size = (
            width > 0
            and "\n" not in text + before
            and max(cell_len(text), cell_len(before)) <= width
        )
    else:  # as wide as its text
        same_size = cell_len(text) == cell_len(before)
    line.update(text, layout=not same_size)
