"""Save slots: saving and loading games so that none is ever lost.

Front ends use only this module (and `EndingsRecord` from `game.engine.endings_record`)::

    store = SaveStore(saves_dir, story)         # touches no file until asked to
    slot = store.save("quicksave", state)       # -> SaveSlot; SaveError if it cannot be written
    game = store.load("quicksave")              # -> LoadedGame(state, notices, slot); or SaveError
    for slot in store.list():                   # newest first; damaged files listed, marked
        slot.name, slot.summary.describe(), slot.updated, slot.damaged
    store.exists(AUTOSAVE)                      # for "Continue" / "overwrite?" prompts
    record = store.endings()                    # EndingsRecord of this story

Where files go: `<saves_dir>/<story>/<slot>.json`, where `<story>` is a folder name made from the
story's title (`Goldilocks` -> `goldilocks`), so playing another story never writes over this one's
autosave. Each save of a slot first copies the previous version to `<slot>.json.bak`, then replaces
`<slot>.json` atomically (see `game.engine.atomic`): a crash leaves the old save or the new one.

Every failure a player can cause is a `SaveError` whose `str()` is one line naming the file and what
is wrong. Loading never writes: a damaged or unfitting save is reported and left byte-for-byte as
it was. Values from a save are data: type-checked against the story's declarations, and handed to
templates as values, never as template source.

Slot names are lowercase letters, digits, `-` and `_` (at most 40, starting with a letter or digit),
so a name can never reach outside the save folder; `slot_name()` normalises and checks one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from game.engine.atomic import describe_os_error, describe_read_error, set_aside, write_atomic
from game.engine.endings_record import RECORD_FILE, EndingAdded, EndingsFound, EndingsRecord
from game.engine.file_bytes import NotAFile, TooBig, read_bytes
from game.engine.interface_text import tr
from game.engine.machine import Engine
from game.engine.model import Story
from game.engine.save_file import (
    MAX_SAVE_BYTES,
    SaveData,
    SaveError,
    SaveFileError,
    SummaryData,
    created_time,
    decode,
    encode,
    fit,
)
from game.engine.save_places import (
    AUTOSAVE,
    BACKUP_SUFFIX,
    MAX_NAME,
    QUICKSAVE,
    SUFFIX,
    story_folder_name,
)
from game.engine.state import GameState
from game.engine.view import turn_number

__all__ = [
    "AUTOSAVE",
    "QUICKSAVE",
    "EndingAdded",
    "EndingsFound",
    "EndingsRecord",
    "LoadedGame",
    "SaveError",
    "SaveSlot",
    "SaveStore",
    "SaveSummary",
    "slot_name",
]

# a letter or digit first, then letters, digits, '-', '_' and single spaces, never a space last
# (a file name ending in a space is trouble on Windows)
_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9 _-]{0,38}[a-z0-9_-])?$")
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "endings"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)


def slot_name(text: str) -> str:
    """`text` as a slot name (trimmed, lowercased), or `SaveError` saying what a name may be."""
    name = " ".join(text.split()).lower()  # runs of spaces are one space
    if not _NAME.match(name) or name in _RESERVED:
        shown = text.strip()[: MAX_NAME + 5]
        raise SaveError(
            tr(
                "{name} cannot be a save name: use letters, digits, spaces, '-' and '_' "
                "(up to {most}, starting with a letter or digit)"
            ).format(name=repr(shown), most=MAX_NAME)
        )
    return name


@dataclass(frozen=True)
class SaveSummary:
    """Where a saved game stands, for a slot list: the scene's title, place, date and turn."""

    scene_title: str
    place: str
    date: str
    turn: int

    def describe(self) -> str:
        """'The hangar · Helios hangar · 2003-06-15 · turn 3'."""
        turn = tr("turn {number}").format(number=turn_number(self.turn))
        parts = [self.scene_title, self.place, self.date, turn]
        return " · ".join(part for part in parts if part)


@dataclass(frozen=True)
class SaveSlot:
    """One save file as the slot list shows it.

    `damaged` is None for a readable save, else one line saying what is wrong (then `summary`,
    `created` and `story_title` are None, and `updated` is the file's modification time).
    Times are timezone-aware; show them with `.astimezone()` for local time.
    """

    name: str
    path: Path
    summary: SaveSummary | None
    created: datetime | None
    updated: datetime
    damaged: str | None = None
    story_title: str | None = None
    notice: str | None = None  # after a save: one line when a refused file had to be set aside

    def describe(self) -> str:
        """One line for a list: 'quicksave  2025-11-23 14:02  The hangar · ... · turn 3'."""
        when = self.updated.astimezone().strftime("%Y-%m-%d %H:%M")
        what = f"DAMAGED: {self.damaged}" if self.damaged else self.summary_text
        return f"{self.name}  {when}  {what}"

    @property
    def summary_text(self) -> str:
        return self.summary.describe() if self.summary is not None else ""


@dataclass(frozen=True)
class LoadedGame:
    """A loaded game: its state, what was adapted to fit the story (one line each), its slot."""

    state: GameState
    notices: list[str]
    slot: SaveSlot


class SaveStore:
    """The save slots of one story in a save folder.

    Creating a store touches no file; the folder is created on the first save.
    `now` is the clock (a parameter so tests can fix it).
    """

    def __init__(
        self,
        saves_dir: Path,
        story: Story,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.root = Path(saves_dir)
        self.story = story
        self.folder = self.root / story_folder_name(story.title)
        self.engine = Engine(story)
        self._now = now

    def path(self, slot: str) -> Path:
        """The file of a slot (the name is checked first)."""
        return self.folder / f"{slot_name(slot)}{SUFFIX}"

    def exists(self, slot: str) -> bool:
        return self.path(slot).is_file()

    # -- saving -------------------------------------------------------------------------------

    def save(self, slot: str, state: GameState) -> SaveSlot:
        """Write `state` to `slot` atomically, keeping the previous version as `<slot>.json.bak`.

        Raises `SaveError` (the old save, if any, is then untouched) when the folder is missing and
        cannot be created, read-only, or full.
        """
        path = self.path(slot)
        backup = path.with_name(path.stem + BACKUP_SUFFIX)
        now = self._now()
        try:
            previous, set_aside = self._keep_refused(path)
            _, backup_set_aside = self._keep_refused(backup)
        except OSError as exc:
            raise SaveError(
                tr("cannot save to {path}: {why}").format(path=path, why=describe_os_error(exc))
            ) from None
        created = (created_time(previous) if previous is not None else None) or now
        summary = self._summary(state)
        data = encode(state, self.story, summary, created, now)
        try:
            write_atomic(path, data, backup=backup if previous is not None else None)
        except OSError as exc:
            raise SaveError(
                tr("cannot save to {path}: {why}").format(path=path, why=describe_os_error(exc))
            ) from None
        aside = [moved for moved in (set_aside, backup_set_aside) if moved is not None]
        notice = None
        if aside:
            names = " and ".join(str(moved) for moved in aside)
            notice = f"A file this game could not load was in the way; it is kept as {names}."
        return SaveSlot(
            name=path.stem,
            path=path,
            summary=_summary(summary),
            created=created,
            updated=now,
            story_title=self.story.title,
            notice=notice,
        )

    def _keep_refused(self, path: Path) -> tuple[bytes | None, Path | None]:
        """Before `path` is written over: its bytes when it is a save of this story that loads;
        otherwise (damaged, from a newer game, another story's, not a file at all) it is moved
        aside, never overwritten, and where it went is returned. Raises OSError if it cannot be
        moved."""
        if not os.path.lexists(path):
            return None, None
        try:
            raw = read_bytes(path, MAX_SAVE_BYTES, inside=str(self.folder))
            if decode(raw).story.title == self.story.title:
                return raw, None
        except (OSError, SaveFileError):
            pass
        return None, set_aside(path)

    def _summary(self, state: GameState) -> SummaryData:
        scene = self.story.scenes[state.scene]
        try:
            view = self.engine.view(state)
            title, place = view.title, view.place
        except Exception:  # a scene that cannot render still gets saved, under its raw title
            title, place = scene.title, scene.place
        return SummaryData(scene_title=title, place=place, date=scene.date, turn=state.turn)

    # -- deleting and renaming ----------------------------------------------------------------

    def delete(self, slot: str) -> None:
        """Remove a slot and its backup; `SaveError` when there is none or it cannot go."""
        path = self.path(slot)
        if not path.exists():
            raise SaveError(tr("there is no save named '{name}'").format(name=path.stem))
        try:
            path.unlink()
            path.with_name(path.stem + BACKUP_SUFFIX).unlink(missing_ok=True)
        except OSError as exc:
            raise SaveError(
                tr("cannot delete {path}: {why}").format(path=path, why=describe_os_error(exc))
            ) from None

    def rename(self, slot: str, new_name: str) -> str:
        """Give a slot (and its backup) a new name, never over another save; the new name, or
        `SaveError` saying why not."""
        path, target = self.path(slot), self.path(new_name)
        if not path.exists():
            raise SaveError(tr("there is no save named '{name}'").format(name=path.stem))
        if target == path:
            return target.stem
        if target.exists():
            raise SaveError(tr("there is already a save named '{name}'").format(name=target.stem))
        backup = path.with_name(path.stem + BACKUP_SUFFIX)
        try:
            os.rename(path, target)
            if backup.exists():
                os.rename(backup, target.with_name(target.stem + BACKUP_SUFFIX))
        except OSError as exc:
            raise SaveError(
                tr("cannot rename {path}: {why}").format(path=path, why=describe_os_error(exc))
            ) from None
        return target.stem

    # -- loading ------------------------------------------------------------------------------

    def load(self, slot: str) -> LoadedGame:
        """The game saved in `slot`, fitted to the story; `SaveError` if it cannot be loaded.

        Never writes anything: a damaged or unfitting save stays exactly as it was.
        """
        path = self.path(slot)
        if not os.path.lexists(path):
            names = ", ".join(s.name for s in self.list()) or tr("none yet")
            raise SaveError(
                tr("{path}: there is no save named '{name}' (saves: {names})").format(
                    path=path, name=path.stem, names=names
                )
            )
        data = self._read(path)
        try:
            state, notices = fit(data, self.story)
        except SaveFileError as exc:
            raise SaveError(f"{path}: {exc}") from None
        return LoadedGame(self.engine.in_language(state), notices, self._slot_of(path, data))

    def _read(self, path: Path) -> SaveData:
        try:
            raw = read_bytes(path, MAX_SAVE_BYTES, inside=str(self.folder))
        except FileNotFoundError:
            raise SaveError(
                tr("{path}: there is no save named '{name}'").format(path=path, name=path.stem)
            ) from None
        except TooBig as big:
            raise SaveError(
                tr("{path}: too large to be a save ({size} bytes)").format(
                    path=path, size=f"{big.size:,}"
                )
            ) from None
        except NotAFile as exc:
            raise SaveError(
                tr("{path}: {kind}, not a save").format(path=path, kind=exc.kind)
            ) from None
        except OSError as exc:
            raise SaveError(
                tr("{path}: cannot be read: {why}").format(path=path, why=describe_read_error(exc))
            ) from None
        try:
            return decode(raw)
        except SaveFileError as exc:
            raise SaveError(f"{path}: {exc}") from None

    # -- listing ------------------------------------------------------------------------------

    def list(self) -> list[SaveSlot]:
        """Every slot of this story, newest first; damaged files are listed and marked."""
        try:
            paths = [
                p
                for p in self.folder.iterdir()
                if p.name.endswith(SUFFIX) and p.name != RECORD_FILE and _is_slot(p.stem)
            ]
        except OSError:
            return []
        slots = [self._slot(p) for p in paths]
        return sorted(slots, key=lambda s: (s.updated, s.name), reverse=True)

    def _slot(self, path: Path) -> SaveSlot:
        try:
            data = self._read(path)
        except SaveError as exc:
            try:
                mtime = datetime.fromtimestamp(os.stat(path).st_mtime, UTC)
            except OSError:
                mtime = datetime.fromtimestamp(0, UTC)
            reason = str(exc).removeprefix(f"{path}: ")
            return SaveSlot(path.stem, path, None, None, mtime, damaged=reason)
        return self._slot_of(path, data)

    def _slot_of(self, path: Path, data: SaveData) -> SaveSlot:
        """A slot, its summary shown in the language the story is played in now (a save holds
        the summary it was written with, for a slot list that cannot load the story)."""
        summary = data.summary
        try:
            state, _ = fit(data, self.story)
            summary = self._summary(state)
        except Exception:  # a save this story cannot fit: its summary as it was written
            pass
        return _slot_of(path, data, summary)

    # -- the endings record -------------------------------------------------------------------

    def endings(self) -> EndingsRecord:
        """The record of which endings of this story the player has found."""
        return EndingsRecord(self.folder / RECORD_FILE, self.story.title)


def _is_slot(name: str) -> bool:
    return bool(_NAME.match(name)) and name not in _RESERVED


def _summary(data: SummaryData) -> SaveSummary:
    return SaveSummary(data.scene_title, data.place, data.date, data.turn)


def _slot_of(path: Path, data: SaveData, summary: SummaryData) -> SaveSlot:
    return SaveSlot(
        name=path.stem,
        path=path,
        summary=_summary(summary),
        created=data.created,
        updated=data.updated,
        story_title=data.story.title,
    )
