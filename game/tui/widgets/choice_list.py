"""The numbered list of choices under the scene text."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from textual import events, on
from textual.content import Content
from textual.geometry import Size
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.engine import ChoiceView
from game.tui.messages import ChoiceMade
from game.tui.widgets.hanging_indent import HangingIndent

_CHANCE = Content.from_markup(" [$text-muted]· chance[/]")


@lru_cache(maxsize=32)
def _number(number: int) -> Content:
    return Content.from_markup(f"[b $accent]{number}.[/] ")


def choice_prompt(choice: ChoiceView) -> HangingIndent:
    """How a choice reads: its number, its label, and for a disabled one why it is closed.

    The label (and reason) wrap in their own column, so numbers stay easy to scan.
    """
    if choice.enabled:
        label = Content(choice.label)  # as the markup "$label" makes it, without parsing any
        return HangingIndent(_number(choice.number), label + _CHANCE if choice.random else label)
    body = Content.from_markup(
        "$label\n[i]$reason[/]", label=choice.label, reason=choice.reason or "not available"
    )
    return HangingIndent(Content(f"{choice.number}. "), body)


class ChoiceList(OptionList):
    """An `OptionList` of `ChoiceView`s that reports picks as `ChoiceMade`.

    Disabled choices are disabled options: Textual dims them and never lets the cursor, Enter or
    a click select them, so the list itself guarantees they cannot be picked.
    """

    _drawn_width = -1  # the width the option list's caches were drawn for
    _sizing = False  # new options are in, and the layout that sizes the list for them is not

    def _refresh_scrollbars(self) -> None:
        # New options are measured against the list's old height: three lines after two would
        # show a scrollbar (and wrap the labels a column narrower) for a frame, until the
        # layout gives the list its new height, hides it again and asks for one more layout.
        # Whether a scrollbar is needed is decided once the list has its new size.
        if not self._sizing:
            super()._refresh_scrollbars()

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if self._sizing:
            self._sizing = False
            self._scroll_update(self.virtual_size)
        return resized

    @on(events.Resize)
    def _keep_drawn_options(self, event: events.Resize) -> None:
        """`OptionList` throws its drawn options away on every resize, but they depend on the
        width alone: a new scene with more or fewer choices changes only the height, and
        drawing them all again made the frame after each move slower."""
        width = self.scrollable_content_region.width
        if width == self._drawn_width:
            event.prevent_default()  # OptionList's handler: clear the caches, repaint
        self._drawn_width = width

    def show_choices(self, choices: Sequence[ChoiceView]) -> None:
        self._sizing = self.is_mounted  # (set_options asks for that layout)
        self.set_options(
            Option(choice_prompt(choice), id=f"choice-{choice.number}", disabled=not choice.enabled)
            for choice in choices
        )
        first = next((i for i, choice in enumerate(choices) if choice.enabled), None)
        self.highlighted = first
        self.display = bool(choices)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(ChoiceMade(event.option_index))
