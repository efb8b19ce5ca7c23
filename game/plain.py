"""Plain-text play on stdin/stdout: for screen readers, pipes, scripts and tests.

One line in, plain text out. It holds no game rules: everything comes from the `Engine`.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

from game.engine import ChoiceUnavailable, Engine, GameState, SceneView
from game.engine.saves import AUTOSAVE, QUICKSAVE, LoadedGame, SaveError, SaveStore

WIDTH = 78
MAX_BAD_INPUTS = 25  # piped input that never names a choice must not loop forever

HELP = """\
Type the number of a choice and press Enter.
  undo         take back your last choice
  save [NAME]  save the game (to 'quicksave' without a NAME)
  load NAME    load a saved game
  saves        list the saved games, newest first
  help         show this help
  quit         stop playing (end of input does the same)
The game is saved to 'autosave' after every choice."""

_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)


def markdown_to_text(markdown: str, width: int = WIDTH) -> str:
    """Scene Markdown as plain paragraphs: emphasis marks and heading hashes dropped, wrapped."""
    text = _HEADING.sub("", markdown)
    text = _EMPHASIS.sub(r"\2", text)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    wrapped = []
    for paragraph in paragraphs:
        lines = paragraph.splitlines()
        if any(line.lstrip().startswith(("- ", "* ", "> ")) for line in lines):
            wrapped.append("\n".join(line.rstrip() for line in lines))
        else:
            wrapped.append(textwrap.fill(" ".join(lines), width=width))
    return "\n\n".join(wrapped)


def format_scene(view: SceneView) -> str:
    """A scene as a player reads it in plain mode."""
    lines = [f"== {view.title} =="]
    where = " · ".join(part for part in (view.place, view.date) if part)
    if where:
        lines.append(where)
    lines.append("")
    lines.append(markdown_to_text(view.text))
    if view.ending is None:
        lines.append("")
        for choice in view.choices:
            if choice.enabled:
                lines.append(f"  {choice.number}) {choice.label}")
            else:
                lines.append(f"  {choice.number}) {choice.label}  [unavailable: {choice.reason}]")
    return "\n".join(lines)


def format_ending(view: SceneView) -> str:
    """The ending line and the consequences timeline."""
    assert view.ending is not None
    lines = [f"Ending: {view.ending.title}"]
    lines += [textwrap.fill(b, width=WIDTH, subsequent_indent="  ") for b in view.ending.because]
    if view.ending.consequences:
        lines.append("")
        lines.append("What came after:")
        for item in view.ending.consequences:
            prefix = f"  {item.year:<5} "
            lines.append(
                textwrap.fill(
                    item.text,
                    width=WIDTH,
                    initial_indent=prefix,
                    subsequent_indent=" " * len(prefix),
                )
            )
            indent = " " * len(prefix)
            for because in item.because:
                lines.append(
                    textwrap.fill(
                        because,
                        width=WIDTH,
                        initial_indent=indent,
                        subsequent_indent=indent + "  ",
                    )
                )
    return "\n".join(lines)


@dataclass
class PlainSession:
    """A game played through text streams."""

    engine: Engine
    state: GameState
    lines: Iterator[str]
    out: TextIO
    transcript: list[str] = field(default_factory=list)
    echo_input: bool = False
    store: SaveStore | None = None  # saves and the endings record; None: saving is off
    autosave_failed: bool = False  # said once, then autosave keeps trying quietly

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()
        self.transcript.append(text)

    def run(self) -> int:
        """Play until an ending, `quit`, or the end of input; the exit status."""
        shown_scene = True
        bad_inputs = 0
        while True:
            view = self.engine.view(self.state)
            if shown_scene:
                self.say(format_scene(view))
                if view.ending is not None:
                    self.say("")
                    self.say(format_ending(view))
                    self.record_ending(view.ending.id)
                    return 0
            shown_scene = False
            self.out.write("> ")
            self.out.flush()
            line = next(self.lines, None)
            if line is None:
                self.say("")
                return 0
            command = line.strip().lower()
            if self.echo_input:
                self.out.write(command + "\n")
            self.transcript.append(f"> {command}")
            if command in ("quit", "q", "exit"):
                return 0
            if command in ("help", "?", "h"):
                self.say(HELP)
                continue
            if command in ("undo", "u"):
                if self.state.history:
                    self.state = self.engine.undo(self.state)
                    self.autosave()
                    self.say("(undone)\n")
                    shown_scene = True
                else:
                    self.say("Nothing to undo yet.")
                continue
            word, _, rest = command.partition(" ")
            if word in ("save", "load", "saves"):
                shown_scene = self.save_command(word, rest.strip())
                continue
            if command.isdigit():
                try:
                    self.state = self.choose(int(command) - 1)
                    self.autosave()
                    bad_inputs = 0
                    shown_scene = True
                    continue
                except ChoiceUnavailable as exc:
                    self.say(f"Not possible: {exc}.")
            else:
                self.say(f"Type a choice number (1-{len(view.choices)}), or undo, help, quit.")
            bad_inputs += 1
            if bad_inputs >= MAX_BAD_INPUTS:
                self.say(f"Stopping: {MAX_BAD_INPUTS} inputs in a row were not a choice.")
                return 1

    def choose(self, index: int) -> GameState:
        before = self.state
        after = self.engine.choose(before, index)
        notes = [change.describe() for change in self.engine.changes(before, after) if change.shown]
        self.say("")
        if notes:
            self.say("[" + ", ".join(notes) + "]")
            self.say("")
        return after

    # -- saves ----------------------------------------------------------------------------------

    def save_command(self, word: str, name: str) -> bool:
        """`save [NAME]`, `load NAME`, `saves`; True when the scene should be shown again."""
        if self.store is None:
            self.say("Saving is off: there is no save folder.")
            return False
        if word == "save":
            try:
                slot = self.store.save(name or QUICKSAVE, self.state)
            except SaveError as exc:
                self.say(f"Not saved: {exc}")
            else:
                self.say(f"Saved as '{slot.name}'.")
            return False
        if word == "saves" or not name:
            self.list_saves()
            if word == "load":
                self.say("Type load NAME to load one.")
            return False
        try:
            game = self.store.load(name)
        except SaveError as exc:
            self.say(f"Not loaded: {exc}")
            return False
        self.state = game.state
        for line in loaded_lines(game):
            self.say(line)
        self.say("")
        return True

    def list_saves(self) -> None:
        assert self.store is not None
        slots = self.store.list()
        if not slots:
            self.say(f"No saved games yet (they go in {self.store.folder}).")
        for slot in slots:
            self.say(f"  {slot.describe()}")

    def autosave(self) -> None:
        """Save to the autosave slot; if that fails, say so once and keep playing."""
        if self.store is None:
            return
        try:
            self.store.save(AUTOSAVE, self.state)
        except SaveError as exc:
            if not self.autosave_failed:
                self.say(f"Autosave is not working: {exc}")
            self.autosave_failed = True

    def record_ending(self, ending: str) -> None:
        """Add the ending to the player's record, and say how many of the story's are found."""
        if self.store is None:
            return
        record = self.store.endings()
        try:
            added = record.add(ending)
        except SaveError as exc:
            self.say(f"This ending could not be recorded: {exc}")
            return
        if added.notice:
            self.say(added.notice)
        total = len(self.engine.story.endings)
        found = len(record.found() & set(self.engine.story.endings))
        first = "A new ending for your record: " if added.new else "Endings found: "
        self.say("")
        self.say(f"{first}{found} of {total}.")


def loaded_lines(game: LoadedGame) -> list[str]:
    """What to tell the player after loading: which save, and what was adapted to the story."""
    lines = [f"Loaded '{game.slot.name}' ({game.slot.summary_text})."]
    lines.extend(f"Note: {notice}" for notice in game.notices)
    return lines
