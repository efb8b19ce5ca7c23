"""The story map (`m`): the story's scenes act by act, what the player has seen and where they are.

Each act (a scene file: `act1_plan.yaml` reads "Act 1 — Plan") is a section; each scene a row,
with the scenes its choices lead to beside it (`→`). Scenes the player has not visited read
`???`, with their exits hidden, and a run of them folds into one row: the map tells a player how
much there is left to find without telling them what it is. It scrolls up and down only: a
title is never cut at the right edge, and on a wide terminal the exits sit in a column beside
the scenes instead of under them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.visual import Visual
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine import GameState, Story
from game.engine.interface_text import N_, tr
from game.tools.scene_graph import successors
from game.tui.context import game_app
from game.tui.messages import StoryReloaded
from game.tui.widgets.footer import Footer
from game.tui.widgets.hanging_indent import HangingIndent, Stacked

UNKNOWN = "???"
LEGEND = N_("✓ visited  ◉ you are here  ◆ an ending  ??? not found yet  → leads to")
WIDE = 110  # columns from which the exits sit beside the scenes, not under them
TITLE_COLUMN = 56  # the widest a scene's title column gets in the wide view


def act_name(file: str) -> str:
    """A scene file as a section heading: `act2_squeeze.yaml` -> `Act 2 — Squeeze`."""
    stem = PurePath(file).stem
    words = stem.replace("-", "_").split("_")
    numbered = re.fullmatch(r"([A-Za-z]+)(\d+)", words[0])
    if numbered:
        head = f"{numbered.group(1).capitalize()} {numbered.group(2)}"
        rest = " ".join(word for word in words[1:] if word)
        return f"{head} — {rest.capitalize()}" if rest else head
    return " ".join(word for word in words if word).capitalize()


@dataclass(frozen=True)
class MapRow:
    """One row of the map: a scene as the player may know it, or a run of unknown scenes."""

    scene_id: str | None  # None for a folded run of scenes not found yet
    mark: str  # "◉" here, "✓" visited, "" unknown
    title: str
    exits: tuple[str, ...] = ()  # the titles (or ???) of where its choices lead
    ending: bool = False
    unknown_run: int = 0  # how many unknown scenes a folded row stands for


@dataclass(frozen=True)
class MapSection:
    """An act: its heading, how much of it was seen, and its rows."""

    name: str
    seen: int
    total: int
    rows: tuple[MapRow, ...]


def map_sections(story: Story, state: GameState) -> list[MapSection]:
    """The map's content, worked out apart from any widget: acts in the order the story's
    files come, scenes in the order they are written."""
    by_file: dict[str, list[str]] = {}
    for scene_id in story.scenes:
        by_file.setdefault(story.scene_file(scene_id), []).append(scene_id)

    def known(scene_id: str) -> bool:
        return scene_id == state.scene or state.visit_count(scene_id) > 0

    def shown_title(scene_id: str) -> str:
        return story.scenes[scene_id].title if known(scene_id) else UNKNOWN

    sections = []
    for file, scene_ids in by_file.items():
        rows: list[MapRow] = []
        for scene_id in scene_ids:
            if not known(scene_id):
                last = rows[-1] if rows else None
                if last is not None and last.scene_id is None:
                    rows[-1] = _unknown_run(last.unknown_run + 1)
                else:
                    rows.append(_unknown_run(1))
                continue
            scene = story.scenes[scene_id]
            rows.append(
                MapRow(
                    scene_id=scene_id,
                    mark="◉" if scene_id == state.scene else "✓",
                    title=scene.title,
                    exits=tuple(shown_title(target) for target in successors(story, scene_id)),
                    ending=scene.end is not None,
                )
            )
        seen = sum(1 for scene_id in scene_ids if known(scene_id))
        sections.append(MapSection(act_name(file), seen, len(scene_ids), tuple(rows)))
    return sections


def _unknown_run(count: int) -> MapRow:
    title = (
        UNKNOWN
        if count == 1
        else UNKNOWN + "  " + tr("({count} scenes not found yet)").format(count=count)
    )
    return MapRow(scene_id=None, mark="", title=title, unknown_run=count)


def row_visual(row: MapRow, width: int, title_column: int) -> Visual:
    """A row as drawn: the exits under the scene on a narrow screen, beside it on a wide one."""
    if row.scene_id is None:
        return Content.from_markup("  [$text-muted]$title[/]", title=row.title)
    here = row.mark == "◉"
    label = Content.assemble(
        "  ",
        (f"{row.mark} ", "bold $accent" if here else "$success"),
        (row.title, "bold"),
        ("  ◆ " + tr("ending") if row.ending else "", "$warning"),
        ("  ← " + tr("you are here") if here else "", "bold $accent"),
    )
    if not row.exits:
        return label
    where = Content("  ·  ").join(
        Content.styled(title, "$text-muted" if title == UNKNOWN else "") for title in row.exits
    )
    if width >= WIDE and label.cell_length <= title_column:
        padded = label + Content(" " * (title_column - label.cell_length))
        return HangingIndent(padded + Content.styled("→ ", "$primary"), where)
    return Stacked(
        label,
        HangingIndent(Content.styled("      → ", "$primary"), where),
    )


def _label_width(row: MapRow) -> int:
    """How wide a scene's label is drawn (see `row_visual`): the wide view's title column."""
    if row.scene_id is None:
        return 0
    marks = (len("  ◆ " + tr("ending")) if row.ending else 0) + (
        len("  ← " + tr("you are here")) if row.mark == "◉" else 0
    )
    return 4 + len(row.title) + marks


def section_visual(section: MapSection) -> Content:
    return Content.from_markup(
        "[b $accent]$name[/]  [$text-muted]$count[/]",
        name=section.name,
        count=tr("{seen} of {total} seen").format(seen=section.seen, total=section.total),
    )


class StoryMapScreen(Screen[None]):
    """The map of the story being played, with the highlight on the current scene."""

    # look: screens/story_map.tcss, read with the app's (GoldilocksApp.CSS_PATH)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Back")),
        Binding("m", "close", N_("Back"), show=False),
        Binding("question_mark", "app.help", N_("Help"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._drawn_for = -1  # the width the rows were laid out for

    def compose(self) -> ComposeResult:
        yield Static(tr("Story map"), classes="screen-title")
        yield Static(tr(LEGEND), id="map-legend", markup=False)
        yield OptionList(id="story-map")
        yield Static(id="map-counts")
        yield Footer()

    def on_mount(self) -> None:
        self.fill()

    def on_resize(self, event: events.Resize) -> None:
        # the rows change shape across WIDE; inside either view they wrap by themselves
        if (event.size.width >= WIDE) != (self._drawn_for >= WIDE):
            self.fill()

    @on(StoryReloaded)
    def _story_reloaded(self) -> None:
        self.fill()

    def fill(self) -> None:
        session = game_app(self).session
        story = session.story
        state = session.current()
        sections = map_sections(story, state)
        width = self.size.width
        self._drawn_for = width
        title_column = min(
            TITLE_COLUMN,
            max((_label_width(row) for s in sections for row in s.rows), default=0) + 2,
        )
        options: list[Option] = []
        current = 0
        for section in sections:
            options.append(Option(section_visual(section), disabled=True))
            for row in section.rows:
                if row.scene_id == state.scene:
                    current = len(options)
                options.append(Option(row_visual(row, width, title_column), id=row.scene_id))
        rows = self.query_one("#story-map", OptionList)
        rows.set_options(options)
        rows.highlighted = current
        rows.focus()
        seen = sum(section.seen for section in sections)
        self.query_one("#map-counts", Static).update(
            tr("{seen} of {scenes} scenes visited in this game").format(
                seen=seen, scenes=len(story.scenes)
            )
        )

    def rows(self) -> Iterator[str]:
        """The rows as plain text, top to bottom (for tests and screen readers' logs)."""
        for option in self.query_one("#story-map", OptionList).options:
            yield str(option.prompt)

    def action_close(self) -> None:
        self.dismiss(None)
