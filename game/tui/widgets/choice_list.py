"""The numbered list of choices under the scene text: one line-API widget.

Textual's `OptionList` did this job, but a move paid for its generality (an `Option` per choice,
caches cleared and every option measured again on each new list, lines drawn through several
layers), and it measured new options before it knew whether it would need a scrollbar: on a small
terminal a wrapped label could leave a choice hidden behind a scrollbar that was only there
because of the measuring. This widget knows exactly what it draws: a few `HangingIndent`
prompts, measured once per width, with the scrollbar decided before the lines are cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import ClassVar, cast

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from game.engine.interface_text import N_, language, tr
from game.engine.view import ChoiceView
from game.tui.messages import ChoiceMade
from game.tui.widgets.hanging_indent import HangingIndent


@lru_cache(maxsize=4)
def _chance(language: str) -> Content:
    """The mark of a choice that can turn out more than one way, in the interface's language."""
    return Content.from_markup(" [$text-muted]· $chance[/]", chance=tr("chance"))


@lru_cache(maxsize=32)
def _number(number: int) -> Content:
    return Content.from_markup(f"[b $accent]{number}.[/] ")


@lru_cache(maxsize=32)
def _highlighted_number(number: int) -> Content:
    """On the highlight the number takes the cursor's own colours: accent on the cursor's
    background (orange on orange in the default theme) could not be read."""
    return Content.from_markup(f"[b]{number}.[/] ")


def choice_prompt(choice: ChoiceView) -> HangingIndent:
    """How a choice reads: its number, its label, and for a disabled one why it is closed.

    The label (and reason) wrap in their own column, so numbers stay easy to scan.
    """
    if choice.enabled:
        label = Content(choice.label)  # as the markup "$label" makes it, without parsing any
        return HangingIndent(
            _number(choice.number), label + _chance(language()) if choice.random else label
        )
    body = Content.from_markup(
        "$label\n[i]$reason[/]", label=choice.label, reason=choice.reason or tr("not available")
    )
    return HangingIndent(Content(f"{choice.number}. "), body)


class ChoiceList(ScrollView, can_focus=True):
    """The scene's choices, one highlighted; Enter or a click on an enabled one posts
    `ChoiceMade` with its index. Disabled choices are drawn dimmed, with their reason, and the
    cursor, Enter and clicks all pass them by, so they cannot be picked from here."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "choice-list--choice",
        "choice-list--highlighted",
        "choice-list--disabled",
        "choice-list--hover",
    }

    # the look of Textual's OptionList, which this list replaces
    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        max-height: 100%;
        color: $foreground;
        overflow-x: hidden;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        & > .choice-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .choice-list--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .choice-list--disabled {
            color: $text-disabled;
        }
        & > .choice-list--hover {
            background: $block-hover-background;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor(1)", N_("Down"), show=False),
        Binding("up", "cursor(-1)", N_("Up"), show=False),
        Binding("home", "first", N_("First"), show=False),
        Binding("end", "last", N_("Last"), show=False),
        Binding("enter", "select", N_("Select"), show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices: tuple[ChoiceView, ...] = ()
        self.highlighted: int | None = None
        self._prompts: tuple[HangingIndent, ...] = ()
        self._hover: int | None = None
        self._lines: list[tuple[int, int]] = []  # per line: (choice index, line within it)
        self._first_line: list[int] = []  # per choice: its first line
        self._cut_for = -1  # the width `_lines` were cut for
        self._strips: dict[tuple[int, Style, int], list[Strip]] = {}

    # -- what is shown --------------------------------------------------------------------

    def show_choices(self, choices: Sequence[ChoiceView]) -> None:
        """A new scene's choices, the first enabled one highlighted."""
        self.choices = tuple(choices)
        self._prompts = tuple(choice_prompt(choice) for choice in self.choices)
        self.highlighted = next((i for i, c in enumerate(self.choices) if c.enabled), None)
        self._hover = None
        self._cut_for = -1
        self._strips.clear()
        self.scroll_to(0, 0, animate=False)
        self.display = bool(self.choices)
        self.refresh(layout=True)

    def prompts(self) -> list[str]:
        """The choices as they read on screen: '1. Label', and a disabled one's reason."""
        return [str(prompt) for prompt in self._prompts]

    # -- size -------------------------------------------------------------------------------

    def get_content_width(self, container: Size, viewport: Size) -> int:
        rules = cast(RulesMap, self.styles)
        return max(
            (prompt.get_optimal_width(rules, container.width) for prompt in self._prompts),
            default=0,
        )

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        rules = cast(RulesMap, self.styles)
        return sum(prompt.get_height(rules, max(1, width)) for prompt in self._prompts)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # Cut the lines for the new size before the scrollbars are worked out: a scrollbar
        # only when the choices, wrapped to the whole width, do not fit; then wrapped to the
        # width the scrollbar leaves.
        gutter = self.styles.gutter
        width, height = size.width - gutter.width, size.height - gutter.height
        if width > 0:
            self._cut(width)
            if len(self._lines) > height > 0:
                self._cut(width - self.styles.scrollbar_size_vertical)
            self.set_reactive(ScrollView.virtual_size, Size(self._cut_for, len(self._lines)))
        return super()._size_updated(size, virtual_size, container_size, layout)

    def _cut(self, width: int) -> None:
        """Which line of which choice each line of the list is, at `width` columns."""
        if width == self._cut_for:
            return
        rules = cast(RulesMap, self.styles)
        self._lines, self._first_line = [], []
        for index, prompt in enumerate(self._prompts):
            self._first_line.append(len(self._lines))
            height = prompt.get_height(rules, max(1, width))
            self._lines.extend((index, row) for row in range(height))
        self._cut_for = width
        self._strips.clear()

    # -- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._cut_for:  # (a resize the layout has not told us of yet)
            self._cut(width)
            self.virtual_size = Size(width, len(self._lines))
        line = self.scroll_offset.y + y
        if not 0 <= line < len(self._lines):
            return Strip.blank(width, self.get_visual_style("choice-list--choice").rich_style)
        index, row = self._lines[line]
        strips = self._choice_strips(index, width)
        return strips[row] if row < len(strips) else Strip.blank(width)

    def _style(self, index: int) -> Style:
        """How a choice looks now: disabled, highlighted, under the mouse, or plain (and each
        of them focused or not: the styles say)."""
        if not self.choices[index].enabled:
            return self.get_visual_style("choice-list--choice", "choice-list--disabled")
        if index == self.highlighted:
            return self.get_visual_style("choice-list--choice", "choice-list--highlighted")
        if index == self._hover:
            return self.get_visual_style("choice-list--choice", "choice-list--hover")
        return self.get_visual_style("choice-list--choice")

    def _choice_strips(self, index: int, width: int) -> list[Strip]:
        """A choice's lines, drawn once per look and width."""
        style = self._style(index)
        key = (index, style, width)
        strips = self._strips.get(key)
        if strips is None:
            prompt = self._prompts[index]
            if index == self.highlighted and self.choices[index].enabled:
                prompt = HangingIndent(_highlighted_number(self.choices[index].number), prompt.body)
            rendered = prompt.to_strips(self, prompt, width, None, style)
            meta = {"choice": index}
            strips = [
                strip.extend_cell_length(width, style.rich_style).apply_meta(meta)
                for strip in rendered
            ]
            self._strips[key] = strips
        return strips

    def _span(self, index: int) -> tuple[int, int]:
        """The first line of a choice and how many lines it has."""
        first = self._first_line[index]
        ends = self._first_line[index + 1 :]
        return first, (ends[0] if ends else len(self._lines)) - first

    def _refresh_choice(self, index: int | None) -> None:
        if index is not None and index < len(self._first_line):
            self.refresh_lines(*self._span(index))

    def _move_highlight(self, index: int | None) -> None:
        if index == self.highlighted:
            return
        before, self.highlighted = self.highlighted, index
        self._refresh_choice(before)
        self._refresh_choice(index)
        if index is not None and index < len(self._first_line):
            self._scroll_to_choice(index)

    def _scroll_to_choice(self, index: int) -> None:
        first, count = self._span(index)
        region = Region(0, first, self.scrollable_content_region.width, count)
        self.scroll_to_region(region, animate=False, force=True, immediate=True)

    # -- keys and the mouse -----------------------------------------------------------------

    def _enabled(self) -> list[int]:
        return [i for i, choice in enumerate(self.choices) if choice.enabled]

    def action_cursor(self, step: int) -> None:
        """The next (or previous) enabled choice, wrapping round at the ends."""
        enabled = self._enabled()
        if not enabled:
            return
        if self.highlighted not in enabled:
            self._move_highlight(enabled[0] if step > 0 else enabled[-1])
            return
        position = enabled.index(self.highlighted)
        self._move_highlight(enabled[(position + step) % len(enabled)])

    def action_first(self) -> None:
        enabled = self._enabled()
        if enabled:
            self._move_highlight(enabled[0])

    def action_last(self) -> None:
        enabled = self._enabled()
        if enabled:
            self._move_highlight(enabled[-1])

    def action_select(self) -> None:
        index = self.highlighted
        if index is not None and self.choices[index].enabled:
            self.post_message(ChoiceMade(index))

    async def _on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("choice")
        if isinstance(index, int) and index < len(self.choices) and self.choices[index].enabled:
            self._move_highlight(index)
            self.post_message(ChoiceMade(index))

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        index = event.style.meta.get("choice")
        self._set_hover(index if isinstance(index, int) else None)

    def _on_leave(self, _: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            before, self._hover = self._hover, index
            self._refresh_choice(before)
            self._refresh_choice(index)
