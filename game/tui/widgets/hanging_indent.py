"""A prefix beside a body that wraps under itself, not under the prefix: `1. A long label that
   wraps keeps its text in one column`. Textual's Content wraps to the left edge, which makes a
long choice (or a disabled choice's reason) hard to scan."""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


class HangingIndent(Visual):
    """`prefix` on the first line; `body` wrapped in the columns to its right."""

    def __init__(self, prefix: Content, body: Content) -> None:
        self.prefix = prefix
        self.body = body

    def __str__(self) -> str:
        indent = "\n" + " " * self.prefix.cell_length
        return self.prefix.plain + self.body.plain.replace("\n", indent)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        body = self.body.get_optimal_width(rules, container_width - self.prefix.cell_length)
        return self.prefix.cell_length + body

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.body.get_height(rules, max(1, width - self.prefix.cell_length))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        indent = self.prefix.cell_length
        body = self.body.render_strips(max(1, width - indent), height, style, options)
        first = self.prefix.render_strips(indent, 1, style, options)[:1]
        blank = Strip.blank(indent, style.rich_style)
        return [
            Strip.join([first[0] if row == 0 and first else blank, line])
            for row, line in enumerate(body)
        ]


class Stacked(Visual):
    """Visuals one under another, each as tall as it wraps to (a journal entry: the scene's
    title, then the choice made there, indented under its arrow)."""

    def __init__(self, *parts: Visual) -> None:
        self.parts = parts

    def __str__(self) -> str:
        return "\n".join(str(part) for part in self.parts)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(part.get_optimal_width(rules, container_width) for part in self.parts)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return sum(part.get_height(rules, width) for part in self.parts)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips: list[Strip] = []
        for part in self.parts:
            strips += part.render_strips(width, None, style, options)
        return strips if height is None else strips[:height]
