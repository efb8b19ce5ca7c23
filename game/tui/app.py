"""The Textual app: what a player meets when they type `goldilocks` in a terminal.

The app is the controller: screens draw and forward the player's keys, the app changes the game
(through `GameSession` and the engine) and keeps the save folder up to date. `build_app` is the
one way to make it, used by `run_tui`, the tests and the snapshots alike: what is tested is what
runs.

Only the title screen is imported up front; the play screen (and the Markdown parser with it),
the modals and the saves module load when first needed, which keeps the first frame close to a
bare Textual app's.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from game.engine.errors import StoryError, StoryErrors
from game.engine.interface_text import N_, tr
from game.tui.messages import StoryReloaded
from game.tui.reload import StoryWatcher, carry_over
from game.tui.saving import SaveShelf
from game.tui.screens.title import TitleScreen
from game.tui.session import GameSession
from game.tui.settings import Settings, SettingsFile
from game.tui.theme import MARS_DUST

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.theme import Theme

    from game.engine import Engine, GameState
    from game.engine.view import Change

# Signals that end the game as ctrl+q does (SIGHUP: the terminal went away; not on Windows).
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
WATCH_INTERVAL = 0.5  # seconds between looks at the story files under --watch
PRELOAD_DELAY = 0.3  # seconds after start: the title is up, and no one has pressed a key yet


class CannotStart(Exception):
    """The game cannot start as asked (`--at` an unknown scene, `--load` a bad slot)."""


class GoldilocksApp(App[int]):
    """The game. Holds the session, the save shelf and, under `--watch`, the story watcher."""

    # Every screen's .tcss is read here, once, with the app's. A screen's own CSS_PATH would
    # make Textual re-parse every stylesheet (its widgets' too) the first time that screen
    # opens: tens of milliseconds on the first New game, the first map, the first ending...
    CSS_PATH = [  # noqa: RUF012 (typed so by Textual)
        "app.tcss",
        "screens/title.tcss",
        "screens/play.tcss",
        "screens/ending.tcss",
        "screens/journal.tcss",
        "screens/story_map.tcss",
        "screens/endings_gallery.tcss",
        "screens/help.tcss",
        "screens/slots.tcss",
        "screens/story_problems.tcss",
    ]
    TITLE = "Goldilocks"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True),
        Binding("ctrl+c", "quit", N_("Quit"), show=False, priority=True),
    ]

    def __init__(
        self,
        session: GameSession,
        *,
        story_dir: Path,
        display_root: str | None,
        shelf: SaveShelf | None,
        watch: bool = False,
        start_playing: bool = False,
        settings: SettingsFile | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.story_dir = story_dir
        self.display_root = display_root
        self.shelf = shelf
        self.watcher = StoryWatcher(story_dir) if watch else None
        self.autosave_found = False  # looked for once the title is on screen
        self._unsaved: GameState | None = None  # a move whose autosave is not queued yet
        self._start_playing = start_playing
        self._freezes = False  # this app keeps the long-lived heap out of the cycle collector
        self.settings_file = settings
        self.settings = settings.read() if settings is not None else Settings()
        self.register_theme(MARS_DUST)
        theme = self.settings.theme
        if theme not in self.available_themes:  # (a theme kept by another version, say)
            theme = MARS_DUST.name
        # Before the first frame, set the theme without its watcher: assigning `self.theme`
        # re-parses every stylesheet once more (the costliest step of a start). Nothing has been
        # parsed yet, so handing the stylesheet the theme's variables now is all it takes.
        self.set_reactive(GoldilocksApp.theme, theme)
        self.add_class(f"-theme-{theme}")
        self.stylesheet.set_variables(self.get_css_variables())

    # -- lifecycle ----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """The title screen is the base of the one screen stack."""
        return TitleScreen()

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self.keep_theme)
        self._catch_signals()
        self._freezes = keep_out_of_collections()
        self.title = self.session.title
        if self._start_playing:
            self.after_move()  # `--load`/`--at`: this game is the one Continue comes back to
            self.show_play()
        self.call_after_refresh(self.look_for_autosave)
        self.set_timer(PRELOAD_DELAY, self.preload_play_screen)
        if self.watcher is not None:
            self.set_interval(WATCH_INTERVAL, self.check_story_files, name="story-watch")
            from game.tui.reload import watching_notice

            self.call_after_refresh(self.tell, watching_notice(self.story_dir))

    def keep_theme(self, theme: Theme) -> None:
        """A theme picked in the command palette is the theme of the next run too."""
        if theme.name == self.settings.theme:
            return
        self.settings = replace(self.settings, theme=theme.name)
        if self.settings_file is not None:
            problem = self.settings_file.write(self.settings)
            if problem is not None:
                self.tell(problem, severity="error")

    def on_unmount(self) -> None:
        """Quitting (ctrl+q, ctrl+c, q) keeps the autosave: the last move is written first."""
        self._release_signals()
        self.write_autosave()
        if self.shelf is not None:
            self.shelf.close()

    def _catch_signals(self) -> None:
        """SIGTERM (`kill`, a shutdown) and SIGHUP (the terminal window closed) end the game the
        way ctrl+q does: the autosave is written and the terminal put back as it was (the
        default action would kill the process with the screen still in raw mode)."""
        loop = asyncio.get_running_loop()
        for number in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self._stop_on_signal, number)

    def _release_signals(self) -> None:
        with contextlib.suppress(RuntimeError):
            loop = asyncio.get_running_loop()
            for number in STOP_SIGNALS:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.remove_signal_handler(number)

    def _stop_on_signal(self, number: int) -> None:
        """Save first (on a hang-up the terminal may already be gone), then quit."""
        self.write_autosave()
        if self.shelf is not None:
            self.shelf.flush()
        self.exit(128 + number, return_code=128 + number)

    # -- what the player can do ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what makes no sense now: no Continue without a game, no Save without a folder."""
        if action == "continue_game":
            return self.can_continue()
        if action in ("save_game", "quicksave"):
            return self.shelf is not None and self.session.playing
        if action in ("load_game", "quickload"):
            return self.shelf is not None
        return True

    def can_continue(self) -> bool:
        """A game in progress, or (before any game this run) an autosave to pick up."""
        if self.session.in_progress:
            return True
        return not self.session.playing and self.autosave_found

    def preload_play_screen(self) -> None:
        """While the player reads the title, open the story (when the game started from its
        cover) and load the play screen and the Markdown parser, so the first New game is as
        quick as the next."""
        if not self.story_opened():
            return
        import game.tui.screens.play  # noqa: F401
        from game.tui.widgets.prose import prose_blocks

        prose_blocks("")  # builds the parser

        if self._freezes:  # and the modules just loaded with it (and the story, from a cover)
            gc.freeze()

    def story_opened(self) -> bool:
        """Open the story if the game started from its cover; False (and the errors shown)
        in the rare case that it fails now: its files were broken since the cover was read."""
        if self.session.is_open:
            return True
        try:
            self.session.open()
        except StoryErrors as exc:
            if self.screen_stack:  # (not when the app is already closing)
                self.show_problems(
                    exc.errors,
                    tr("The story's files changed as the game started, and have errors."),
                )
            return False
        return True

    def look_for_autosave(self) -> None:
        """Offer Continue when the save folder holds an autosave. Run after the first frame:
        drawing the title must not wait for the saves module."""
        if self.shelf is None:
            return
        try:
            found = self.shelf.has_autosave()
        except OSError:
            found = False
        if found != self.autosave_found:
            self.autosave_found = found
            if isinstance(self.screen, TitleScreen):
                self.screen.build_menu()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette (ctrl+p): every action of the game that makes sense now, then
        the theme, a screenshot and Quit. Textual's Keys panel is left out (the help screen
        lists the keys, in the game's words), and so is its Screenshot, which saves to a
        Downloads folder that may not exist (ours saves beside the saves, and says where)."""
        playing = self.session.playing
        yield SystemCommand(
            tr("New game"), tr("Start the story from the beginning"), self.action_new_game
        )
        if self.can_continue():
            yield SystemCommand(
                tr("Continue"), tr("Back to the game in progress"), self.action_continue_game
            )
        if playing and hasattr(screen, "action_undo"):
            yield SystemCommand(
                tr("Undo"), tr("Take back the last choice (u)"), self.action_undo_move
            )
        if playing:
            yield SystemCommand(tr("Journal"), tr("The path so far (j)"), self.action_journal)
            yield SystemCommand(
                tr("Map"), tr("The story map: where you have been (m)"), self.action_map
            )
        if self.shelf is not None and playing:
            yield SystemCommand(
                tr("Save game"), tr("Save this game to a named slot (s)"), self.action_save_game
            )
            yield SystemCommand(
                tr("Quicksave"), tr("Save to the quicksave slot (F5)"), self.action_quicksave
            )
        if self.shelf is not None:
            yield SystemCommand(tr("Load game"), tr("Load a saved game (l)"), self.action_load_game)
            yield SystemCommand(
                tr("Quickload"), tr("Load the quicksave (F9)"), self.action_quickload
            )
        yield SystemCommand(
            tr("Endings"), tr("The endings you have found (e)"), self.action_endings
        )
        yield SystemCommand(tr("Help"), tr("Keys and how to play (?)"), self.action_help)
        if len(self.screen_stack) > 1:
            yield SystemCommand(
                tr("Title"), tr("Back to the title screen (Escape)"), self.action_title
            )
        yield SystemCommand(
            tr("Theme"), tr("Change the colours (kept for the next time)"), self.action_change_theme
        )
        if self.shelf is not None:
            yield SystemCommand(
                tr("Screenshot"),
                tr("Save an SVG picture of the screen in {folder}").format(
                    folder=self.screenshot_folder()
                ),
                lambda: self.set_timer(0.1, self.save_screenshot_here),
            )
        yield SystemCommand(
            tr("Quit"), tr("Quit the game (the autosave is kept)"), self.action_quit
        )

    async def action_undo_move(self) -> None:
        """Undo from the palette: the screen's own undo, which also redraws it."""
        await self.screen.run_action("undo")

    def action_journal(self) -> None:
        if self.session.playing:
            from game.tui.screens.journal import JournalScreen

            self.push_screen(JournalScreen())

    def action_map(self) -> None:
        if self.session.playing:
            from game.tui.screens.story_map import StoryMapScreen

            self.push_screen(StoryMapScreen())

    def screenshot_folder(self) -> Path:
        assert self.shelf is not None
        return self.shelf.folder.parent / "screenshots"

    def save_screenshot_here(self) -> None:
        """Save an SVG of the screen beside the saves, and say the file's path."""
        from datetime import datetime

        folder = self.screenshot_folder()
        name = f"goldilocks-{datetime.now():%Y-%m-%d-%H%M%S}.svg"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = Path(self.save_screenshot(name, str(folder)))
        except OSError as exc:
            self.tell(
                tr("The screenshot was not saved: {why}").format(why=exc.strerror or exc),
                severity="error",
            )
            return
        self.tell(tr("Screenshot saved to {path}").format(path=path))

    def action_new_game(self) -> None:
        """Start over; over a game that could still be continued, only once the player says yes
        (one stray key must never replace a game: its autosave would go with it)."""
        if not self.story_opened():
            return
        if not self.has_game_to_lose():
            self.start_new_game()
            return
        from game.tui.screens.confirm import ConfirmScreen

        question = tr(
            "Start a new game? The game in progress will be replaced (its autosave too); "
            "save it to a slot first to keep it."
        )
        self.push_screen(ConfirmScreen(question), self._new_game_answered)

    def has_game_to_lose(self) -> bool:
        """A game in progress, or (before any game this run) an autosave a new game replaces."""
        return self.can_continue()

    def _new_game_answered(self, yes: bool | None) -> None:
        if yes:
            self.start_new_game()

    def start_new_game(self) -> None:
        self.session.new_game()
        self.after_move()
        self.show_play()

    def action_continue_game(self) -> None:
        if not self.story_opened():
            return
        if self.session.in_progress:
            self.show_play()
        elif self.shelf is not None:
            from game.engine.saves import AUTOSAVE

            self.load_slot(AUTOSAVE)

    def action_title(self) -> None:
        """Back to the title screen; the game stays in memory (and in the autosave)."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_help(self) -> None:
        from game.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_endings(self) -> None:
        if not self.story_opened():
            return
        from game.tui.screens.endings_gallery import EndingsGalleryScreen

        self.push_screen(EndingsGalleryScreen())

    def action_save_game(self) -> None:
        if self.shelf is None or not self.session.playing:
            return
        from game.tui.screens.save_game import SaveGameScreen

        self.push_screen(SaveGameScreen(self.shelf), self.save_slot)

    def action_load_game(self) -> None:
        if self.shelf is None or not self.story_opened():
            return
        from game.tui.screens.load_game import LoadGameScreen

        self.push_screen(LoadGameScreen(self.shelf), self._loaded_from_picker)

    def _loaded_from_picker(self, slot: str | None) -> None:
        if slot is not None:
            self.load_slot(slot)

    def action_quicksave(self) -> None:
        from game.engine.saves import QUICKSAVE

        self.save_slot(QUICKSAVE)

    def action_quickload(self) -> None:
        if not self.story_opened():
            return
        from game.engine.saves import QUICKSAVE

        self.load_slot(QUICKSAVE)

    # -- changing the game --------------------------------------------------------------------

    def show_play(self) -> None:
        """The play screen, fresh, on top of the title (whatever was open is closed)."""
        from game.tui.screens.play import PlayScreen

        self.action_title()
        self.push_screen(PlayScreen())

    def choose(self, index: int) -> tuple[Change, ...] | None:
        """Make a choice for the player; None (and a notice) when it cannot be made."""
        from game.engine import ChoiceUnavailable

        try:
            changes = self.session.choose(index)
        except ChoiceUnavailable as exc:
            message = f"{str(exc)[:1].upper()}{str(exc)[1:]}"
            self.tell(
                message if message.endswith((".", "!", "?")) else message + ".", severity="warning"
            )
            return None
        self.after_move()
        return changes

    def undo(self) -> bool:
        if not self.session.undo():
            self.tell(tr("Nothing to undo yet: this is the first scene."), severity="warning")
            return False
        self.after_move()
        return True

    def after_move(self) -> None:
        """Keep the autosave and the endings record in step with the game."""
        state = self.session.state
        if self.shelf is None or state is None:
            return
        # handed to the writer after the next frame, so its JSON work never delays that frame
        if self._unsaved is None:
            self.call_after_refresh(self.write_autosave)
        self._unsaved = state
        ending = self.session.engine.scene(state).end
        if ending is None:
            return
        from game.engine import StoryRuntimeError
        from game.engine.endings_record import EndingPage

        try:
            page = EndingPage.of(self.session.view())
        except StoryRuntimeError:
            return  # (the play screen shows the error; there is no page to keep)
        try:
            kept = self.shelf.ending_page(ending)
        except OSError:
            kept = None
        if kept != page:  # found for the first time, or read differently this time
            self.shelf.record_ending(ending, page, self.report_from_writer)

    def write_autosave(self) -> None:
        """Queue the latest move's autosave (once, however many moves came in one frame)."""
        state, self._unsaved = self._unsaved, None
        if state is not None and self.shelf is not None:
            self.shelf.autosave(state, self.report_from_writer)

    def endings_found(self) -> frozenset[str]:
        """Found in any run (the record in the save folder) or in this one."""
        found = frozenset(self.session.found_endings)
        if self.shelf is not None:
            with contextlib.suppress(OSError):
                found |= self.shelf.endings_found()
        return found & frozenset(self.session.story.endings)

    def report_from_writer(self, message: str) -> None:
        """A background save failed: tell the player from the UI thread; the game goes on."""
        # RuntimeError: the app has already stopped, and there is no one left to tell
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(self.tell, message, severity="error")

    def tell(self, message: str, *, severity: SeverityLevel = "information") -> None:
        """Tell the player something. On the play screen it goes in the line above the choices
        (a toast would cover the choices or the sidebar); elsewhere in a toast."""
        screen = self.screen
        show_notice = getattr(screen, "show_notice", None)
        if show_notice is None:
            self.notify(message, severity=severity, timeout=8 if severity == "error" else 5)
        elif screen.is_mounted:
            show_notice(message, severity)
        else:  # (a play screen just pushed: it takes the message once it is on screen)
            screen.call_after_refresh(show_notice, message, severity)

    def save_slot(self, slot: str | None) -> None:
        if slot is None or self.shelf is None or self.session.state is None:
            return
        from game.engine.saves import SaveError

        try:
            saved = self.shelf.save(slot, self.session.state)
        except SaveError as exc:
            self.tell(str(exc), severity="error")
            return
        if saved.notice:
            self.tell(saved.notice, severity="warning")
        self.tell(tr("Saved to '{name}'.").format(name=saved.name))

    def load_slot(self, slot: str) -> bool:
        """Load a slot and play it; a save that cannot be loaded is reported and left alone."""
        if self.shelf is None:
            return False
        from game.engine.saves import SaveError

        try:
            loaded = self.shelf.load(slot)
        except SaveError as exc:
            self.tell(str(exc), severity="error")
            return False
        self.session.replace(loaded.state)
        self.after_move()  # the loaded game is the one on screen now: Continue must come back to it
        self.show_play()
        self.tell(" ".join([*loaded.notices, tr("Loaded '{name}'.").format(name=loaded.slot.name)]))
        return True

    # -- problems and hot reload --------------------------------------------------------------

    def show_problems(self, errors: Sequence[StoryError], heading: str) -> None:
        """Show story errors in the app (a broken edit, a template that fails) instead of dying."""
        from game.tui.screens.story_problems import StoryProblemsScreen

        if isinstance(self.screen, StoryProblemsScreen):
            self.screen.show(errors, heading)
        else:
            self.push_screen(StoryProblemsScreen(errors, heading))

    def check_story_files(self) -> None:
        """The `--watch` timer: reload when a story file changed, keep playing when it is broken."""
        if self.watcher is None or not self.watcher.changed():
            return
        from game.engine import Engine, load_story

        try:
            story = load_story(self.story_dir, display_root=self.display_root)
        except StoryErrors as exc:
            self.show_problems(
                exc.errors,
                tr(
                    "The edited story has errors. Still playing the last version that loaded; "
                    "save a fix and it reloads."
                ),
            )
            return
        engine = Engine(story)
        carried = carry_over(
            story, self.session.state, lambda: engine.new_game(seed=self.session.seed)
        )
        self.session.use_story(story, carried.state)
        if self.shelf is not None:
            self.shelf.story_changed()
        from game.tui.screens.story_problems import StoryProblemsScreen

        if isinstance(self.screen, StoryProblemsScreen):
            self.screen.dismiss(None)
        self.title = story.title
        self.refresh_bindings()
        self.tell(carried.notice)
        self.call_after_refresh(self.screen.post_message, StoryReloaded(carried.notice))


def keep_out_of_collections() -> bool:
    """Take what is alive now (the loaded story, Textual and the game's modules) out of Python's
    cycle collector for good: it lives as long as the game, and every full collection would
    otherwise walk all of it, a pause of 50-140 ms on a 1,000-scene story, now and then
    between a key and its frame. `gc.freeze` only moves lists (it looks at no object), so it
    costs nothing at start. Once a process: a second app in the same process (the tests) must
    not make the garbage the first one left behind immortal. True when it froze."""
    if gc.get_freeze_count():
        return False
    gc.freeze()
    return True


def build_app(
    story_dir: Path,
    *,
    display_root: str | None = None,
    seed: int | None = None,
    saves_dir: Path | None = None,
    at_scene: str | None = None,
    load_slot: str | None = None,
    watch: bool = False,
    cache_dir: Path | None = None,
    config_dir: Path | None = None,
    languages: tuple[str, ...] = (),
) -> GoldilocksApp:
    """The game for a story folder. Raises `StoryErrors` for a broken story, `CannotStart` when
    `--at` or `--load` cannot be honoured. Without `saves_dir` nothing is ever saved; with
    `cache_dir` the story loads through the compiled-story cache; with `config_dir` the
    player's settings (the theme) are read from there and kept there.

    A plain start (no `--at`, no `--load`) of a story found in the cache reads only its cover
    here: the title screen needs its title and description, and the story (with pydantic and
    the story model, most of what a warm start imports beyond Textual) is opened once the title
    is on screen. The cover exists only for files that loaded without an error before, so a
    broken story still never starts."""
    eager = bool(at_scene or load_slot)
    session = _session(story_dir, display_root, seed, cache_dir, eager=eager, languages=languages)
    shelf = SaveShelf(saves_dir, session) if saves_dir is not None else None
    start_playing = False
    if at_scene is not None:
        session.replace(_state_at(session.engine, at_scene, seed))
        start_playing = True
    elif load_slot is not None:
        if shelf is None:
            raise CannotStart(tr("--load {slot}: there is no save folder").format(slot=load_slot))
        from game.engine.saves import SaveError

        try:
            session.replace(shelf.load(load_slot).state)
        except SaveError as exc:
            raise CannotStart(str(exc)) from None
        start_playing = True
    return GoldilocksApp(
        session,
        story_dir=story_dir,
        display_root=display_root,
        shelf=shelf,
        watch=watch,
        start_playing=start_playing,
        settings=SettingsFile(config_dir) if config_dir is not None else None,
    )


def _session(
    story_dir: Path,
    display_root: str | None,
    seed: int | None,
    cache_dir: Path | None,
    eager: bool,
    languages: tuple[str, ...] = (),
) -> GameSession:
    """The session for a story: from its cover when it has one and the start can wait for the
    story, else from the story itself (raising `StoryErrors` when it is broken)."""
    if cache_dir is not None and not eager:
        from game.engine.cover import read_cover

        cover = read_cover(story_dir, display_root=display_root, cache_dir=cache_dir)
        if cover is not None:
            return GameSession(seed=seed, cover=cover, languages=languages)
    from game.engine import Engine, load_story

    story = load_story(story_dir, display_root=display_root, cache_dir=cache_dir)
    return GameSession(Engine(story), seed=seed, languages=languages)


def _state_at(engine: Engine, scene_id: str, seed: int | None) -> GameState:
    from game.tools.reach import state_at, unknown_scene

    problem = unknown_scene(engine, scene_id)
    if problem is not None:
        raise CannotStart(problem)
    try:
        return state_at(engine, scene_id, seed=seed if seed is not None else 0)
    except KeyError:
        raise CannotStart(
            tr("--at {scene}: no path of choices from the start reaches '{scene}'").format(
                scene=scene_id
            )
        ) from None


def run_tui(
    story_dir: Path,
    display_root: str,
    seed: int | None,
    saves_dir: Path,
    at_scene: str | None,
    load_slot: str | None,
    watch: bool,
    cache_dir: Path | None = None,
    config_dir: Path | None = None,
    languages: tuple[str, ...] = (),
) -> int:
    """Play in the terminal; the exit status. A broken story never starts: errors go to stderr."""
    try:
        app = build_app(
            story_dir,
            display_root=display_root,
            seed=seed,
            saves_dir=saves_dir,
            at_scene=at_scene,
            load_slot=load_slot,
            watch=watch,
            cache_dir=cache_dir,
            config_dir=config_dir,
            languages=languages,
        )
    except StoryErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return 1
    except CannotStart as exc:
        print(f"goldilocks: {exc}", file=sys.stderr)
        return 1
    status = app.run()
    return status if isinstance(status, int) else 0
