"""The play screen: the scene, its choices, and the sidebar of what the player's choices moved.

A choice updates the widgets that are already there (the scene text, one option list, two small
renders); the screen is never rebuilt, which keeps the time from key to frame small. The new
text, header, choices and sidebar change in one batch and reach the screen in one frame, and
none of them asks for a layout unless its size changed (`show_view`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from game.engine import SceneView, StoryRuntimeError
from game.engine.interface_text import N_, tr
from game.engine.view import Change
from game.tui.context import game_app
from game.tui.messages import ChoiceMade, StoryReloaded
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.containers import SettledCenter, SettledVerticalScroll
from game.tui.widgets.footer import Footer
from game.tui.widgets.prose import SceneText
from game.tui.widgets.scene_header import SceneHeader
from game.tui.widgets.stats_panel import StatsPanel, stat_value
from game.tui.widgets.trajectory import TrajectoryPicture

DESTINATION = "destination"  # the shipped story's variable for where the asteroid is headed
MORE_BELOW = N_("▼ more to read below: PgDn or scroll ▼")
NOTICE_SECONDS = 8  # how long a notice stays above the choices, unless a move clears it first
NARROW = 70  # columns below which the sidebar folds away (HORIZONTAL_BREAKPOINTS)

_W = TypeVar("_W", bound=Widget)


class PlayScreen(Screen[None]):
    """Reads the game from the app's session; sends the player's picks back through the app."""

    # look: screens/play.tcss, read with the app's (GoldilocksApp.CSS_PATH)
    # Below 70 columns the screen gets the class -narrow, and the sidebar folds away (play.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]  # noqa: RUF012 (typed so by Textual)
    # Below 28 rows the course picture folds to its caption, so the sidebar still fits; below
    # 18 the folded numbers keep to one line (play.tcss).
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (18, "-short"), (28, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: a digit is the screen's at once, not after it has been offered to the focused
        # choice list and then to each of its containers in turn (a message hop each)
        Binding("1", "pick(1)", N_("Choose"), key_display="1-9", priority=True),
        *(
            Binding(str(n), f"pick({n})", N_("Choice"), show=False, priority=True)
            for n in range(2, 10)
        ),
        Binding("u", "undo", N_("Undo")),
        Binding("ctrl+z", "undo", N_("Undo"), show=False),
        Binding("j", "app.journal", N_("Journal")),
        Binding("m", "app.map", N_("Map")),
        Binding("s", "app.save_game", N_("Save")),
        Binding("l", "app.load_game", N_("Load"), show=False),
        Binding("f5", "app.quicksave", N_("Quicksave"), show=False),
        Binding("f9", "app.quickload", N_("Quickload"), show=False),
        Binding("question_mark", "app.help", N_("Help")),
        Binding("escape", "app.title", N_("Title")),
        Binding("pageup", "scroll_text(-1)", N_("Scroll up"), show=False),
        Binding("pagedown", "scroll_text(1)", N_("Scroll down"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown_version = -1
        self._found: dict[str, Widget] = {}
        self._stats_line: str | None = None  # the text in #stats-line
        self._stats_shown: tuple[SceneView, dict[str, str]] | None = None  # what it shows

    def _one(self, selector: str, kind: type[_W]) -> _W:
        """`query_one`, remembered: the widgets composed below are never replaced, and a query
        walks the screen matching selectors (a dozen of them per move, otherwise)."""
        found = self._found.get(selector)
        if not isinstance(found, kind):
            found = self._found[selector] = self.query_one(selector, kind)
        return found

    def compose(self) -> ComposeResult:
        yield SceneHeader(id="scene-header")
        yield Static(id="stats-line", markup=False)  # the sidebar's numbers, when it is folded
        with Horizontal(id="play-body"):
            with Vertical(id="story-column"):
                with SettledVerticalScroll(id="scene-scroll", can_focus=False):
                    yield SceneText(id="scene-text")
                yield Static(tr(MORE_BELOW), id="more-below", markup=False)
                yield Static(id="notice", markup=False)
                with SettledCenter(id="choices-row"):
                    yield ChoiceList(id="choices")
            with Vertical(id="sidebar"):
                yield StatsPanel(id="stats")
                yield TrajectoryPicture(id="trajectory")
        yield Footer()

    async def on_mount(self) -> None:
        scroll = self._one("#scene-scroll", VerticalScroll)
        self.watch(scroll, "scroll_y", self._show_more_below, init=False)
        self._notice_timer: Timer | None = None
        self._fit_footer()
        await self.show_game()

    def on_resize(self) -> None:
        self._fit_footer()
        self._rewrap_stats_line()
        self.call_after_refresh(self._show_more_below)

    def _stats_width(self) -> int:
        """The columns inside the folded stats line (the screen less its padding)."""
        return max(10, self.size.width - 4)

    def _rewrap_stats_line(self) -> None:
        if self._stats_shown is None:
            return
        line = stats_line_text(*self._stats_shown, self._stats_width())
        if line != self._stats_line:
            self._stats_line = line
            self._one("#stats-line", Static).update(line)

    def _fit_footer(self) -> None:
        """On a narrow screen the footer drops its padding and the palette's hint (ctrl+p
        still works), so Help and Title keep their places in it."""
        footer = self.query_one(Footer)
        narrow = self.size.width < NARROW
        footer.compact = narrow
        footer.show_command_palette = not narrow

    def _show_more_below(self) -> None:
        """A plain line under a scene that goes on below the fold (a scrollbar alone is hard
        to see, and in 256 colours not at all); gone once the player has read to the end."""
        scroll = self._one("#scene-scroll", VerticalScroll)
        more = scroll.max_scroll_y - scroll.scroll_y >= 1
        cue = self._one("#more-below", Static)
        if cue.display != more:
            cue.display = more

    # -- notices ------------------------------------------------------------------------------

    def show_notice(self, message: str, severity: str = "information") -> None:
        """A message for the player in a line of its own above the choices, where it covers
        neither the choices nor the sidebar (a toast did); the next move clears it."""
        notice = self._one("#notice", Static)
        notice.update(message.replace("\n", "  ·  "))
        notice.set_class(severity == "warning", "-warning")
        notice.set_class(severity == "error", "-error")
        notice.display = True
        if self._notice_timer is not None:
            self._notice_timer.stop()
        self._notice_timer = self.set_timer(NOTICE_SECONDS, self.clear_notice)

    def clear_notice(self) -> None:
        notice = self._one("#notice", Static)
        if notice.display:
            notice.display = False

    async def on_screen_resume(self) -> None:
        if self.shown_version != game_app(self).session.version:
            await self.show_game()

    @on(StoryReloaded)
    async def _story_reloaded(self) -> None:
        await self.show_game()

    # -- drawing ------------------------------------------------------------------------------

    async def show_game(self, changes: Sequence[Change] = ()) -> None:
        """Draw the session's current scene; an ending also opens the ending screen."""
        session = game_app(self).session
        self.shown_version = session.version
        try:
            view = session.view()
        except StoryRuntimeError as exc:
            game_app(self).show_problems(
                [exc.error],
                tr("This scene cannot be shown. Undo (u) or go back to the title (Escape)."),
            )
            self.refresh_bindings()
            return
        await self.show_view(view, changes)
        if view.ending is not None:
            from game.tui.screens.ending import EndingScreen

            self.app.push_screen(EndingScreen())

    async def show_view(self, view: SceneView, changes: Sequence[Change]) -> None:
        """Swap the scene: the new text, the header, the choices and the sidebar change in one
        batch, so the player sees the whole new scene in one frame, never new text over old
        choices (and the layout is worked out once, not once per widget)."""
        with self.app.batch_update():
            self.clear_notice()  # the last move's news is stale now
            self._one("#scene-text", SceneText).show(view.text)
            self._one("#scene-scroll", VerticalScroll).scroll_home(animate=False)
            self._show_around(view, changes, self._course())
        # once the new text is laid out: does it go on below the fold?
        self.call_after_refresh(self._show_more_below)

    def _course(self) -> str | None:
        destination = game_app(self).session.current().values.get(DESTINATION)
        return destination if isinstance(destination, str) else None

    def _show_around(self, view: SceneView, changes: Sequence[Change], course: str | None) -> None:
        """The header, the choices and the sidebar. Each part repaints itself and asks for a new
        layout only when its size can change (more choices, a longer turn number, a title that
        wraps, a stat more)."""
        self._one("#scene-header", SceneHeader).show(view)
        choices = self._one("#choices", ChoiceList)
        choices.show_choices(() if view.is_ending else view.choices)
        if not choices.has_focus:
            choices.focus()
        moved = {change.name: _delta(change) for change in changes if change.shown}
        self._one("#stats", StatsPanel).show(view.stats, moved)
        stats_line = self._one("#stats-line", Static)
        self._stats_shown = (view, moved)
        line = stats_line_text(view, moved, self._stats_width())
        if line != self._stats_line:
            self._stats_line = line
            # folded away on a wide screen: a new text there changes no layout
            stats_line.update(line, layout=stats_line.display)
        stats_line.set_class(not view.stats, "-empty")
        self._one("#trajectory", TrajectoryPicture).show(course)
        # a story that shows no numbers and has no course gets its whole width for the text
        self.set_class(not view.stats and course is None, "-bare")

    # -- the player's moves -------------------------------------------------------------------

    @on(ChoiceMade)
    async def _choice_made(self, event: ChoiceMade) -> None:
        await self.make_choice(event.index)

    async def action_pick(self, number: int) -> None:
        await self.make_choice(number - 1)

    async def make_choice(self, index: int) -> None:
        app = game_app(self)
        try:
            changes = app.choose(index)
        except StoryRuntimeError as exc:
            app.show_problems([exc.error], tr("That choice broke the story; nothing changed."))
            return
        if changes is None:
            return
        notes = [change.describe() for change in changes if change.shown]
        await self.show_game(changes)
        # After the new scene's frame, so the note never delays it. On a narrow screen the
        # folded stats line leads with what moved instead (`_show_around`).
        if notes and not self.has_class("-narrow"):
            self.call_after_refresh(
                self.show_notice, tr("What changed: {changes}").format(changes="  ·  ".join(notes))
            )

    async def action_undo(self) -> None:
        if game_app(self).undo():
            await self.show_game()

    def action_scroll_text(self, direction: int) -> None:
        scroll = self.query_one("#scene-scroll", VerticalScroll)
        if direction < 0:
            scroll.scroll_page_up()
        else:
            scroll.scroll_page_down()


def stats_line_text(view: SceneView, moved: dict[str, str], width: int = 0) -> str:
    """The sidebar's numbers in a line or two, for a screen too narrow for the sidebar. What
    the last choice moved comes first, with how it moved, as the sidebar marks it. Given a
    `width`, the lines break between stats, never inside one, so each reads in one piece."""
    first = [stat for stat in view.stats if stat.name in moved]
    rest = [stat for stat in view.stats if stat.name not in moved]
    parts = [f"{stat.label} {stat_value(stat)} {moved[stat.name]}" for stat in first]
    parts += [f"{stat.label} {stat_value(stat)}" for stat in rest]
    if width <= 0:
        return " · ".join(parts)
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return "\n".join(lines)


def _delta(change: Change) -> str:
    """'+2' for a number that moved, the new value for anything else."""
    before, after = change.before, change.after
    if isinstance(after, int) and not isinstance(after, bool) and isinstance(before, int):
        return f"{after - before:+d}"
    return "changed"
