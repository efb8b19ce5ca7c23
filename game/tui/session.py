"""The game the TUI is playing, kept apart from any screen.

Screens come and go (Escape drops the play screen, Continue builds a new one), but the game must
survive them; so the engine and the current `GameState` live here, owned by the app. `version`
goes up whenever the state or the story changes, so a screen that was covered can tell it is
stale when it comes back and redraw once, instead of every screen listening for every change.

A session may start from a story's cover alone (see `game.engine.cover`): the title screen
shows its title and description, and the story is opened, and the engine made, when something
first needs them (`open`, which the app calls once the first frame is on screen).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine import Engine, GameState, SceneView, Story
    from game.engine.cover import StoryCover
    from game.engine.view import Change


class GameSession:
    """The engine, the game in progress (if any), and what this player has found so far."""

    def __init__(
        self,
        engine: Engine | None = None,
        seed: int | None = None,
        *,
        cover: StoryCover | None = None,
        languages: tuple[str, ...] = (),
    ) -> None:
        if engine is None and cover is None:
            raise ValueError("a session needs an engine or a story's cover")
        self.languages = languages  # the player's languages, best first (see `translated`)
        if engine is not None and languages:
            engine = self._engine_for(engine.story)
        self._engine = engine
        self._cover = cover
        self.seed = seed
        self.state: GameState | None = None
        self.version = 0
        self.found_endings: set[str] = set()

    @property
    def engine(self) -> Engine:
        """The engine, made on first use when the session started from a cover. Raises
        `StoryErrors` if the story, opened now, turns out broken (edited since the cover)."""
        if self._engine is None:
            assert self._cover is not None
            self._engine = self._engine_for(self._cover.open())
        return self._engine

    @engine.setter
    def engine(self, engine: Engine) -> None:
        self._engine = engine

    def _engine_for(self, story: Story) -> Engine:
        """An engine playing `story` in the player's language (when the story has it)."""
        from game.engine import Engine
        from game.engine.translation import translated

        return Engine(translated(story, list(self.languages)))

    @property
    def is_open(self) -> bool:
        """The story is loaded (not just its cover)."""
        return self._engine is not None

    def open(self) -> Story:
        """Load the story now, if it is not yet (see `engine`)."""
        return self.engine.story

    @property
    def story(self) -> Story:
        return self.engine.story

    @property
    def title(self) -> str:
        """The story's title, from its cover while the story itself is not open yet."""
        if self._engine is None and self._cover is not None:
            return self._cover.title
        return self.story.title

    @property
    def description(self) -> str:
        """The story's description (see `title`)."""
        if self._engine is None and self._cover is not None:
            return self._cover.description
        return self.story.manifest.description

    @property
    def playing(self) -> bool:
        """A game has been started (it may be over)."""
        return self.state is not None

    @property
    def in_progress(self) -> bool:
        """A game has been started and has not reached an ending: there is something to continue."""
        return self.state is not None and not self.engine.is_over(self.state)

    def current(self) -> GameState:
        if self.state is None:
            raise RuntimeError("no game has been started")
        return self.state

    def view(self) -> SceneView:
        """What the player sees now; raises `StoryRuntimeError` when the story breaks here."""
        return self.engine.view(self.current())

    def new_game(self) -> GameState:
        """A fresh game. `--seed` applies to every new game, so a replay is always the same game."""
        return self.replace(self.engine.new_game(seed=self.seed))

    def choose(self, index: int) -> tuple[Change, ...]:
        """Pick visible choice `index` (0-based); the variables it moved.

        Raises `ChoiceUnavailable` (and changes nothing) for a disabled or missing choice.
        """
        before = self.current()
        after = self.engine.choose(before, index)
        self.replace(after)
        return self.engine.changes(before, after)

    def undo(self) -> bool:
        """Step back one choice; False when there is nothing to undo."""
        state = self.current()
        if not state.history:
            return False
        self.replace(self.engine.undo(state))
        return True

    def replace(self, state: GameState) -> GameState:
        """Make `state` the game in progress (a load, a reload, an undo)."""
        self.state = state
        self.version += 1
        self.note_ending()
        return state

    def use_story(self, story: Story, state: GameState | None) -> None:
        """Play `story` from now on (hot reload), continuing from `state`."""
        self.engine = self._engine_for(story)
        self.found_endings &= set(story.endings)
        if state is None:
            self.state = None
            self.version += 1
        else:
            self.replace(state)

    def note_ending(self) -> str | None:
        """Remember the ending the game is at, if any, for the gallery and the counts."""
        if self.state is None:
            return None
        ending = self.engine.scene(self.state).end
        if ending is not None:
            self.found_endings.add(ending)
        return ending

    def scenes_seen(self) -> int:
        """Distinct scenes this playthrough has visited."""
        if self.state is None:
            return 0
        return sum(1 for scene, count in self.state.visits if count and scene in self.story.scenes)
