"""A small picture of where Goldilocks is headed, drawn from the story's `destination` variable.

The shipped story keeps the asteroid's course in a text variable `destination` (earth, mars, lost).
A story without it gets no picture: the widget hides itself rather than guess.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.markup import escape
from textual.widgets import Static

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


def picture(destination: str) -> tuple[str, str]:
    """Markup for the picture, and its caption; an unknown course shows the rock and the word."""
    return PICTURES.get(
        destination,
        (f" {EARTH}\n\n               {ROCK}\n {MARS}", f"Course: {escape(destination)}"),
    )


class TrajectoryPicture(Vertical):
    """The course as a picture over a caption; hidden when the story has no `destination`.

    Two parts, so a short terminal can fold the picture away and keep the caption (play.tcss).
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.destination: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="trajectory-art")
        yield Static(id="trajectory-caption")

    def show(self, destination: str | None) -> None:
        if destination == self.destination:
            return
        self.destination = destination
        self.display = destination is not None
        if destination is None:
            return
        art, caption = picture(destination)
        self.query_one("#trajectory-art", Static).update(Content.from_markup(art))
        self.query_one("#trajectory-caption", Static).update(
            Content.from_markup(f" [b]{caption}[/]")
        )
