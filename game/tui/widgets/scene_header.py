"""The strip above the scene: where and when the player is, and how many choices they made.

One widget drawing two lines (the title with the turn at its right end, then the place and the
date), not a row of containers around three labels: the header changes on every move, and each
widget in it cost its share of every move's layout and frame. A title or a place too long for
the width is cut with an ellipsis, so the header is always two lines and never asks for a layout.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget

from game.engine import SceneView
from game.engine.interface_text import tr
from game.engine.view import turn_number


class HeaderLines(Visual):
    """`title` ... `turn` on the first line, `where` under it."""

    def __init__(self, title: str, where: str, turn: str) -> None:
        self.title = Content.styled(title, "bold $accent")
        self.where = Content.styled(where, "$text-muted")
        self.turn = Content.styled(turn, "$text-muted")

    def __str__(self) -> str:
        return f"{self.title.plain}  {self.turn.plain}\n{self.where.plain}"

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 2

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if width <= 0:
            return []
        turn = self.turn if self.turn.cell_length + 2 <= width else Content("")
        room = max(0, width - turn.cell_length - (2 if turn else 0))
        title = self.title.truncate(room, ellipsis=True)
        gap = width - title.cell_length - turn.cell_length
        first = title + Content(" " * gap) + turn
        second = self.where.truncate(width, ellipsis=True)
        lines = [line.render_strips(width, 1, style, options)[0] for line in (first, second)]
        return lines[:height] if height is not None else lines


class SceneHeader(Widget):
    """The scene's title, place and date, and the turn; `show` puts a new scene's in."""

    DEFAULT_CSS = """
    SceneHeader {
        height: 2;
    }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = self.where = self.turn = ""

    def show(self, view: SceneView) -> None:
        title = view.title
        where = " · ".join(part for part in (view.place, view.date) if part)
        turn = tr("Turn {number}").format(number=turn_number(view.turn))
        if (title, where, turn) != (self.title, self.where, self.turn):
            self.title, self.where, self.turn = title, where, turn
            self.refresh()

    def render(self) -> HeaderLines:
        return HeaderLines(self.title, self.where, self.turn)
