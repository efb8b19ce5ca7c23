"""The numbered list of choices under the scene text."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.engine import ChoiceView
from game.tui.messages import ChoiceMade
from game.tui.widgets.hanging_indent import HangingIndent


def choice_prompt(choice: ChoiceView) -> HangingIndent:
    """How a choice reads: its number, its label, and for a disabled one why it is closed.

    The label (and reason) wrap in their own column, so numbers stay easy to scan.
    """
    number = Content.from_markup(f"[b $accent]{choice.number}.[/] ")
    if choice.enabled:
        chance = " [$text-muted]· chance[/]" if choice.random else ""
        return HangingIndent(number, Content.from_markup(f"$label{chance}", label=choice.label))
    body = Content.from_markup(
        "$label\n[i]$reason[/]", label=choice.label, reason=choice.reason or "not available"
    )
    return HangingIndent(Content(f"{choice.number}. "), body)


class ChoiceList(OptionList):
    """An `OptionList` of `ChoiceView`s that reports picks as `ChoiceMade`.

    Disabled choices are disabled options: Textual dims them and never lets the cursor, Enter or
    a click select them, so the list itself guarantees they cannot be picked.
    """

    def show_choices(self, choices: Sequence[ChoiceView]) -> None:
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
