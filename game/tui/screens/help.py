"""Help (`?`): the keys and how to play, from `help.md` beside this file."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from game.engine.interface_text import N_, language, tr

HELP_FILE = Path(__file__).resolve().parent.parent / "help.md"


def help_file() -> Path:
    """The help in the interface's language (`help.<lang>.md` beside `help.md`), else English."""
    translated = HELP_FILE.with_name(f"help.{language()}.md") if language() else None
    return translated if translated is not None and translated.is_file() else HELP_FILE


class HelpScreen(ModalScreen[None]):
    """A dialog over whatever the player was doing; any of Escape, ? or q closes it."""

    # look: screens/help.tcss, read with the app's (GoldilocksApp.CSS_PATH)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close")),
        Binding("question_mark", "close", N_("Close"), show=False),
        Binding("q", "close", N_("Close"), show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog"):
            with VerticalScroll(id="help-scroll"):
                yield Markdown(
                    help_file().read_text(encoding="utf-8"), id="help-text", open_links=False
                )
            yield Static(tr("Escape: close"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
