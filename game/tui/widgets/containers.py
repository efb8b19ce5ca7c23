"""Containers that are laid out once per change of size, not twice.

Textual gives every widget whose size changed in a layout a new `virtual_size`, and setting it
asks for another layout, even of a container whose children were just arranged in that very
size. On the play screen each move changes the height of the choices, so the box around them
and the scrolling text above them changed size every move, and each move cost one more layout
and frame than it needed, some 20-30 ms after the first (Textual draws at most 60 frames a
second), often landing on the player's next key.

For a container the arrangement is already done in its new size: what may still change is
whether it shows a scrollbar, and `_scroll_update` (which still runs) asks for a layout when it
does. So these record the new size without asking for another layout.

And what they draw of their own, the background under their children, they draw as blank lines
of their background colour (Textual's `BLANK`): they have no border, no padding and no content,
and Textual otherwise drew every line of them through its styles again whenever their size
changed, that is on every move (about half a millisecond of each move's frame).
"""

from __future__ import annotations

from textual.containers import Center, VerticalScroll
from textual.geometry import Size


class SettledCenter(Center):
    """A `Center` that is not laid out again merely because its size changed."""

    BLANK = True  # (see the module's docstring)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)


class SettledVerticalScroll(VerticalScroll):
    """A `VerticalScroll` that is not laid out again merely because its size changed (it still
    is when its scrollbar comes or goes)."""

    BLANK = True  # (see the module's docstring)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)
