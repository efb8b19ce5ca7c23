"""The save dialog (`s`): type a new name, or pick a slot to overwrite (after asking)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from game.engine.interface_text import N_, tr
from game.tui.saving import SaveShelf
from game.tui.screens.load_game import slot_prompt


class SaveGameScreen(ModalScreen[str | None]):
    """Returns the slot name to save to (checked, overwrite confirmed), or None."""

    # look: screens/slots.tcss, read with the app's (GoldilocksApp.CSS_PATH)
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, shelf: SaveShelf) -> None:
        super().__init__()
        self.shelf = shelf

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="save-box"):
            yield Static(tr("Save the game"), classes="dialog-title")
            yield Input(placeholder=tr("a name for a new save, then Enter"), id="slot-name")
            yield Static(id="save-error", markup=False)
            yield Static(tr("or overwrite:"), id="overwrite-label", classes="dialog-hint")
            yield OptionList(id="slots")
            yield Static(tr("Enter: save   Tab: switch   Escape: cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        from game.engine.saves import AUTOSAVE

        slots = [slot for slot in self.shelf.slots() if slot.name != AUTOSAVE]
        menu = self.query_one("#slots", OptionList)
        options = []
        for slot in slots:
            when = slot.updated.astimezone().strftime("%Y-%m-%d %H:%M")
            what = (
                tr("damaged: {why}").format(why=slot.damaged) if slot.damaged else slot.summary_text
            )
            heading = Content.from_markup(
                "[b]$name[/]  [$text-muted]$when[/]", name=slot.name, when=when
            )
            options.append(Option(slot_prompt(heading, Content(what)), id=slot.name))
        menu.set_options(options)
        menu.display = bool(options)
        self.query_one("#overwrite-label").display = bool(options)
        self.query_one("#save-error").display = False
        self.query_one("#slot-name", Input).focus()

    @on(Input.Submitted, "#slot-name")
    def _named(self, event: Input.Submitted) -> None:
        from game.engine.saves import SaveError, slot_name

        try:
            name = slot_name(event.value)
        except SaveError as exc:
            error = self.query_one("#save-error", Static)
            error.update(str(exc))
            error.display = True
            return
        self.choose(name)

    @on(OptionList.OptionSelected, "#slots")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.choose(event.option.id)

    def choose(self, name: str) -> None:
        """Save to `name`, asking first if that would overwrite a save."""
        if not self.shelf.exists(name):
            self.dismiss(name)
            return
        from game.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(name)

        self.app.push_screen(
            ConfirmScreen(tr("Overwrite the save '{name}'?").format(name=name)), answered
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
