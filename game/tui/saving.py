"""The save folder as the TUI uses it: the engine's `SaveStore`, with autosaves off the UI thread.

An autosave is written after every choice, and a save fsyncs twice (the backup, then the slot): on a
slow disk that is tens of milliseconds a player would feel between key and frame. So autosaves and
the endings record go to one background writer thread, in order (a later autosave can never land
before an earlier one); named saves, quicksaves and loads stay synchronous, because the player is
waiting for their answer anyway. `flush()` waits for the writer: on quit, so the autosave is kept,
and in tests.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from game.engine.interface_text import tr
from game.engine.save_places import autosave_file

if TYPE_CHECKING:
    from game.engine import GameState
    from game.engine.endings_record import EndingPage
    from game.engine.saves import LoadedGame, SaveSlot, SaveStore
    from game.tui.session import GameSession

Report = Callable[[str], None]


class SaveShelf:
    """Save slots, autosave, quicksave and the endings record of the story being played."""

    def __init__(self, folder: Path, session: GameSession) -> None:
        """The session's story is asked for when the store is first needed: a game that starts
        from a story's cover opens the story after its first frame, not before."""
        self.folder = folder
        self._session = session
        self._store: SaveStore | None = None
        self._writer: ThreadPoolExecutor | None = None
        self._found: frozenset[str] | None = None
        self._pages: dict[str, EndingPage] = {}

    @property
    def store(self) -> SaveStore:
        """The engine's store, imported on first use: the title's first frame does not need it."""
        if self._store is None:
            from game.engine.saves import SaveStore

            self._store = SaveStore(self.folder, self._session.story)
        return self._store

    def story_changed(self) -> None:
        """Hot reload: later saves fit the edited story (same title, same folder)."""
        self.flush()
        self._store = None

    # -- reading ------------------------------------------------------------------------------

    def has_autosave(self) -> bool:
        """Whether there is a game to continue: a look at one file, which needs neither the
        saves module nor the story opened (only its title, which the cover has)."""
        return autosave_file(self.folder, self._session.title).is_file()

    def exists(self, slot: str) -> bool:
        return self.store.exists(slot)

    def slots(self) -> list[SaveSlot]:
        """Every slot, newest first, damaged ones included and marked."""
        self.flush()
        return self.store.list()

    def load(self, slot: str) -> LoadedGame:
        """A saved game; `SaveError` with a one-line reason when it cannot be loaded."""
        self.flush()
        return self.store.load(slot)

    def endings_found(self) -> frozenset[str]:
        """The endings this player has found in any run (read once, then kept up to date here)."""
        if self._found is None:
            record = self.store.endings().read()
            self._found = frozenset(record.found)
            self._pages = {**record.pages, **self._pages}
        return self._found

    def ending_page(self, ending: str) -> EndingPage | None:
        """An ending's page as the player last read it, if the record keeps one."""
        self.endings_found()
        return self._pages.get(ending)

    # -- writing ------------------------------------------------------------------------------

    def delete(self, slot: str) -> None:
        """Remove a slot; `SaveError` when it cannot be."""
        self.flush()
        self.store.delete(slot)

    def rename(self, slot: str, new_name: str) -> str:
        """Rename a slot (never over another); its new name, or `SaveError`."""
        self.flush()
        return self.store.rename(slot, new_name)

    def save(self, slot: str, state: GameState) -> SaveSlot:
        """Write a slot now; `SaveError` when the folder cannot take it."""
        self.flush()
        return self.store.save(slot, state)

    def autosave(self, state: GameState, report: Report) -> None:
        """Write the autosave in the background; `report` gets a one-line message if it fails."""
        from game.engine.saves import AUTOSAVE

        def write() -> None:
            saved = self.store.save(AUTOSAVE, state)
            if saved.notice:  # a refused autosave was in the way, and is kept aside
                report(saved.notice)

        self._submit(lambda: self._quietly(write, report))

    def record_ending(self, ending: str, page: EndingPage, report: Report) -> None:
        """Add an ending (with its page as the player read it) to the record in the
        background; `report` gets any notice or failure."""
        self._found = self.endings_found() | {ending}
        self._pages[ending] = page

        def write() -> None:
            added = self.store.endings().add(ending, page=page)
            if added.notice:
                report(added.notice)

        self._submit(lambda: self._quietly(write, report))

    def flush(self) -> None:
        """Wait until every background write is on disk."""
        if self._writer is not None:
            self._writer.submit(lambda: None).result()

    def close(self) -> None:
        """Finish the pending writes and stop the writer thread."""
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None

    def _submit(self, job: Callable[[], None]) -> Future[None]:
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="goldilocks-save")
        return self._writer.submit(job)

    @staticmethod
    def _quietly(job: Callable[[], object], report: Report) -> None:
        """Run a write; a failure becomes a message for the player, never a crash."""
        from game.engine.saves import SaveError

        try:
            job()
        except SaveError as exc:
            report(str(exc))
        except OSError as exc:
            report(
                tr("cannot write to {where}: {why}").format(
                    where=exc.filename or tr("the save folder"), why=exc.strerror or exc
                )
            )
