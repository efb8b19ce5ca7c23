"""The rename dialog (`r` in the load list): a new name for a save, checked before it is used."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from game.engine.interface_text import N_, tr


class RenameSaveScreen(ModalScreen[str | None]):
    """Returns the new name, as typed and found valid (`slot_name`), or None."""

    # look: screens/slots.tcss, read with the app's (GoldilocksApp.CSS_PATH)
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="rename-box"):
            yield Static(
                tr("Rename the save '{name}'").format(name=self.current),
                classes="dialog-title",
                markup=False,
            )
            yield Input(value=self.current, id="slot-name")
            yield Static(id="save-error", markup=False)
            yield Static(tr("Enter: rename   Escape: cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#save-error").display = False
        self.query_one("#slot-name", Input).focus()

    @on(Input.Submitted, "#slot-name")
    def _named(self, event: Input.Submitted) -> None:
        from game.engine.saves import SaveError, slot_name

        try:
            self.dismiss(slot_name(event.value))
        except SaveError as exc:
            error = self.query_one("#save-error", Static)
            error.update(str(exc))
            error.display = True

    def action_cancel(self) -> None:
        self.dismiss(None)
