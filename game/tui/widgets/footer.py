"""The footer, in the player's language.

Key bindings are declared on classes, before the language is chosen, so their descriptions are
only marked for the catalogue there (`N_`); this footer translates each one as it shows it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter

from game.engine.interface_text import tr


class Footer(TextualFooter):
    """Textual's footer, with each key's description (and tooltip) through `tr`."""

    def compose(self) -> ComposeResult:
        # a key's widget class is private to Textual: it is known by its public `description`
        for widget in super().compose():
            description = getattr(widget, "description", None)
            if isinstance(description, str) and description:
                widget.description = tr(description)  # type: ignore[attr-defined]
            if isinstance(widget.tooltip, str) and widget.tooltip:
                widget.tooltip = tr(widget.tooltip)
            yield widget
