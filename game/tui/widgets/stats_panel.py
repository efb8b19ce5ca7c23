"""The sidebar's numbers: the variables the story marks `show: true`, as bars or values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from game.engine.view import StatView

FILLED = "━"
EMPTY = "╌"


def stat_value(stat: StatView) -> str:
    """A value as a player reads it: yes/no for flags, 3/5 for bounded numbers."""
    if isinstance(stat.value, bool):
        return "yes" if stat.value else "no"
    if isinstance(stat.value, int) and stat.maximum is not None:
        return f"{stat.value}/{stat.maximum}"
    return str(stat.value)


def stat_bar(stat: StatView, width: int) -> str | None:
    """How full a bounded number is, `width` cells wide; None when it has no bounds to fill."""
    value = stat.value
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    if stat.minimum is None or stat.maximum is None or stat.maximum <= stat.minimum:
        return None
    filled = round((value - stat.minimum) / (stat.maximum - stat.minimum) * width)
    return FILLED * filled + EMPTY * (width - filled)


class StatsPanel(Widget):
    """Each shown variable: its label and value, a bar for bounded numbers, and the last change.

    The change a choice made ("+1") stays beside the value until the next choice, so a player who
    missed the notification can still see what moved.
    """

    stats: reactive[tuple[StatView, ...]] = reactive(())
    moved: reactive[Mapping[str, str]] = reactive(dict)

    def show(self, stats: Sequence[StatView], moved: Mapping[str, str]) -> None:
        # Values change every turn, the number of lines almost never: only then is a new
        # layout (the costly part of a refresh) needed.
        relayout = len(stats) != len(self.stats)
        self.stats = tuple(stats)
        self.moved = dict(moved)
        self.display = bool(stats)
        if relayout:
            self.refresh(layout=True)

    def render(self) -> Content:
        width = max(self.content_size.width, 4)
        key = (self.stats, tuple(sorted(self.moved.items())), width)
        if key != self._drawn_key:  # a refresh without a change (a resize, a toast) is free
            self._drawn_key, self._drawn = key, self._draw(width)
        return self._drawn

    _drawn_key: tuple[object, ...] = ()
    _drawn: Content = Content("")

    def _draw(self, width: int) -> Content:
        moved = self.moved
        lines = [
            line
            for stat in self.stats
            for line in _stat_lines(
                stat, type(stat.value).__name__, moved.get(stat.name, ""), width
            )
        ]
        return Content("\n").join(lines)


@lru_cache(maxsize=256)
def _stat_lines(stat: StatView, kind: str, delta: str, width: int) -> tuple[Content, ...]:
    """A stat's line (and its bar), remembered: a move changes one or two stats, and parsing
    the markup of every line again was most of the cost of drawing the sidebar. `kind` (the
    value's type name) keeps `True` and `1`, equal and equally hashed, apart."""
    value = stat_value(stat)
    marker = f" {delta}" if delta else ""
    bar = stat_bar(stat, width)
    # When the label, value and change do not fit on one line, the change goes to the end of
    # the bar (or, with no bar, the label is cut): it never wraps onto a line of its own.
    beside_bar = (
        bool(marker) and bar is not None and len(stat.label) + 1 + len(value) + len(marker) > width
    )
    on_line = "" if beside_bar else marker
    label = stat.label
    room = width - len(value) - len(on_line) - 1
    if len(label) > room:
        label = label[: max(1, room - 1)] + "…"
    gap = max(1, width - len(label) - len(value) - len(on_line))
    style = "b $warning" if delta else "b"
    lines = [
        Content.from_markup(
            f"$label{' ' * gap}[{style}]$value[/][$warning]$marker[/]",
            label=label,
            value=value,
            marker=on_line,
        )
    ]
    if bar is not None:
        if beside_bar:
            bar = stat_bar(stat, max(1, width - len(marker))) or ""
        filled = bar.count(FILLED)
        lines.append(
            Content.from_markup(
                "[$accent]$full[/][$foreground-disabled]$empty[/][$warning]$marker[/]",
                full=bar[:filled],
                empty=bar[filled:],
                marker=marker if beside_bar else "",
            )
        )
    return tuple(lines)
