"""A typed way from any widget or screen to the game's app (Textual types `self.app` as any App)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from game.tui.app import GoldilocksApp


def game_app(node: MessagePump) -> GoldilocksApp:
    from game.tui.app import GoldilocksApp

    app = node.app
    assert isinstance(app, GoldilocksApp)
    return app
