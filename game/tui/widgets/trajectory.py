"""A small picture of where Goldilocks is headed, drawn from the story's `destination` variable.

The shipped story keeps the asteroid's course in a text variable `destination` (earth, mars, lost).
A story without it gets no picture: the widget hides itself rather than guess.
"""

from __future__ import annotations

from textual.content import Content
from textual.markup import escape
from textual.reactive import reactive
from textual.widget import Widget

EARTH = "[b $text-primary]◯[/] Earth"
MARS = "[b $text-error]●[/] Mars"
ROCK = "[b $text-warning]✦[/]"

PICTURES: dict[str, tuple[str, str]] = {
    "earth": (
        f" {EARTH} [$text-muted]◂· · ·[/]\n"
        f"              [$text-muted]·[/]\n"
        f"               {ROCK}\n"
        f" {MARS}",
        "Headed for Earth",
    ),
    "mars": (
        f" {EARTH}\n"
        f"               {ROCK}\n"
        f"              [$text-muted]·[/]\n"
        f" {MARS} [$text-muted]◂· · ·[/]",
        "Headed for Mars",
    ),
    "lost": (
        f" {EARTH}\n               {ROCK}\n                [$text-muted]· · ▸[/]\n {MARS}",
        "Lost to deep space",
    ),
}


def picture_markup(destination: str) -> str:
    """Markup for the picture and its caption; an unknown course shows the rock and the word."""
    art, caption = PICTURES.get(
        destination,
        (f" {EARTH}\n\n               {ROCK}\n {MARS}", f"Course: {escape(destination)}"),
    )
    return f"{art}\n\n [b]{caption}[/]"


class TrajectoryPicture(Widget):
    """The course as a picture; hidden when the story has no `destination`."""

    destination: reactive[str | None] = reactive(None)

    def show(self, destination: str | None) -> None:
        if destination == self.destination:
            return
        relayout = (destination is None) != (self.destination is None)
        self.destination = destination
        self.display = destination is not None
        if relayout:
            self.refresh(layout=True)

    def render(self) -> Content:
        if self.destination is None:
            return Content("")
        return Content.from_markup(picture_markup(self.destination))
