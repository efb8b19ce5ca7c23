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

from game.engine.interface_text import tr

ROCK = "[b $text-warning]✦[/]"


def picture(destination: str) -> tuple[str, str]:
    """Markup for the picture, and its caption (in the interface's language); an unknown
    course shows the rock and the word."""
    earth_name, mars_name = escape(tr("Earth")), escape(tr("Mars"))
    earth = f"[b $text-primary]◯[/] {earth_name}"
    mars = f"[b $text-error]●[/] {mars_name}"
    if destination == "earth":
        art = (
            f" {earth} [$text-muted]◂· · ·[/]\n"
            f"              [$text-muted]·[/]\n"
            f"               {ROCK}\n"
            f" {mars}"
        )
        return art, tr("Headed for Earth")
    if destination == "mars":
        art = (
            f" {earth}\n"
            f"               {ROCK}\n"
            f"              [$text-muted]·[/]\n"
            f" {mars} [$text-muted]◂· · ·[/]"
        )
        return art, tr("Headed for Mars")
    if destination == "lost":
        art = f" {earth}\n               {ROCK}\n                [$text-muted]· · ▸[/]\n {mars}"
        return art, tr("Lost to deep space")
    art = f" {earth}\n\n               {ROCK}\n {mars}"
    return art, tr("Course: {destination}").format(destination=escape(destination))


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
