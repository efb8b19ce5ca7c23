"""The load dialog (`l`): every save slot, newest first, damaged ones marked and not pickable."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine.interface_text import N_, tr
from game.tui.saving import SaveShelf
from game.tui.widgets.hanging_indent import HangingIndent, Stacked


def slot_prompt(heading: Content, detail: Content) -> Stacked:
    """A slot in a list: its name and time, then what it holds, wrapped under itself (not
    back to the left edge)."""
    return Stacked(heading, HangingIndent(Content("  "), detail))


class LoadGameScreen(ModalScreen[str | None]):
    """Returns the name of the slot to load, or None."""

    # look: screens/slots.tcss, read with the app's (GoldilocksApp.CSS_PATH)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("d,delete", "delete", N_("Delete")),
        Binding("r,f2", "rename", N_("Rename")),
    ]

    def __init__(self, shelf: SaveShelf) -> None:
        super().__init__()
        self.shelf = shelf
        self._damaged: set[str] = set()  # the slots listed as damaged

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="load-box"):
            yield Static(tr("Load a game"), classes="dialog-title")
            yield OptionList(id="slots")
            yield Static(id="slots-error", markup=False)
            yield Static(
                tr("Enter: load   d: delete   r: rename   Escape: cancel"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#slots-error").display = False
        self.fill()

    def fill(self, highlight: str | None = None) -> None:
        """List the slots (again, after a delete or a rename), `highlight` highlighted."""
        slots = self.shelf.slots()
        menu = self.query_one("#slots", OptionList)
        if not slots:
            menu.set_options([Option(tr("No saved games yet."), disabled=True)])
            return
        options = []
        self._damaged = {slot.name for slot in slots if slot.damaged}
        for slot in slots:
            when = slot.updated.astimezone().strftime("%Y-%m-%d %H:%M")
            if slot.damaged:
                prompt = slot_prompt(
                    Content.from_markup("$name  [$text-muted]$when[/]", name=slot.name, when=when),
                    Content.from_markup(
                        "[$text-error]$damaged[/] $why", damaged=tr("damaged:"), why=slot.damaged
                    ),
                )
            else:
                prompt = slot_prompt(
                    Content.from_markup(
                        "[b]$name[/]  [$text-muted]$when[/]", name=slot.name, when=when
                    ),
                    Content(slot.summary_text),
                )
            # a damaged save can be highlighted (to delete or rename it), not loaded
            options.append(Option(prompt, id=slot.name))
        menu.set_options(options)
        menu.highlighted = next(
            (i for i, o in enumerate(options) if o.id == highlight),
            next((i for i, o in enumerate(options) if o.id not in self._damaged), 0),
        )
        menu.focus()

    def _highlighted_slot(self) -> str | None:
        menu = self.query_one("#slots", OptionList)
        if menu.highlighted is None:
            return None
        return menu.get_option_at_index(menu.highlighted).id

    def _say(self, message: str | None) -> None:
        error = self.query_one("#slots-error", Static)
        error.update(message or "")
        error.display = message is not None

    def action_delete(self) -> None:
        """Delete the highlighted slot once the player says yes."""
        slot = self._highlighted_slot()
        if slot is None:
            return
        from game.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            from game.engine.saves import SaveError

            try:
                self.shelf.delete(slot)
            except SaveError as exc:
                self._say(str(exc))
                return
            self._say(None)
            self.fill()

        self.app.push_screen(
            ConfirmScreen(tr("Delete the save '{name}'?").format(name=slot)), answered
        )

    def action_rename(self) -> None:
        slot = self._highlighted_slot()
        if slot is None:
            return
        from game.tui.screens.rename_save import RenameSaveScreen

        def named(new_name: str | None) -> None:
            if new_name is None:
                return
            from game.engine.saves import SaveError

            try:
                renamed = self.shelf.rename(slot, new_name)
            except SaveError as exc:
                self._say(str(exc))
                return
            self._say(None)
            self.fill(highlight=renamed)

        self.app.push_screen(RenameSaveScreen(slot), named)

    @on(OptionList.OptionSelected, "#slots")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id in self._damaged:
            self._say(tr("This save is damaged and cannot be loaded: d deletes it."))
            return
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
