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
from game.engine.endings_record import EndingPage
from game.engine.interface_text import ntr, tr, trc
from game.engine.saves import AUTOSAVE, QUICKSAVE, LoadedGame, SaveError, SaveStore
from game.shown_text import printable

WIDTH = 78
MAX_BAD_INPUTS = 25  # piped input that never names a choice must not loop forever


def help_text() -> str:
    """What `help` says, in the player's language (the commands too: both words work)."""
    return tr(
        "Type the number of a choice and press Enter.\n"
        "  undo         take back your last choice\n"
        "  save [NAME]  save the game (to 'quicksave' without a NAME)\n"
        "  load NAME    load a saved game\n"
        "  saves        list the saved games, newest first\n"
        "  help         show this help\n"
        "  quit         stop playing (end of input does the same)\n"
        "The game is saved to 'autosave' after every choice."
    )


# Each command and the words that give it, in English; `trc("command", ...)` adds the
# player's language's word for it (`annuler` for `undo` in French).
_COMMANDS = {
    "quit": ("quit", "q", "exit"),
    "help": ("help", "?", "h"),
    "undo": ("undo", "u"),
    "save": ("save",),
    "load": ("load",),
    "saves": ("saves",),
}


def command_of(word: str) -> str | None:
    """The command a typed word means, in English or in the player's language; else None."""
    local = {
        "quit": trc("command", "quit"),
        "help": trc("command", "help"),
        "undo": trc("command", "undo"),
        "save": trc("command", "save"),
        "load": trc("command", "load"),
        "saves": trc("command", "saves"),
    }
    for command, words in _COMMANDS.items():
        if word in words or word == local[command].lower():
            return command
    return None


MAX_CHOICE_DIGITS = 6  # a choice number longer than this is no choice, not an int to convert

# an emphasis may run over a line break inside its paragraph, never over a blank line; `_` only
# outside a word (ROSALES_A keeps its underscore)
_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_)(?=\S)((?:(?!\n\s*\n).)+?)(?<=\S)\1(?!\w)", re.DOTALL)
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
    """A scene as a player reads it in plain mode: the answer to the last choice first, where
    and when it happened (before the new scene's title, place and date), then the scene."""
    lines = []
    if view.reply:
        lines.append(markdown_to_text(view.reply))
        lines.append("")
    lines.append(f"== {view.title} ==")
    where = " · ".join(part for part in (view.place, view.date) if part)
    if where:
        lines.append(where)
    lines.append("")
    lines.append(markdown_to_text(view.text))
    if view.ending is None:
        lines.append("")
        for choice in view.choices:
            # the full-screen list marks a choice that can turn out more than one way: so does this
            label = f"{choice.label} · {tr('chance')}" if choice.random else choice.label
            if choice.enabled:
                lines.append(f"  {choice.number}) {label}")
            else:
                unavailable = tr("[unavailable: {reason}]").format(reason=choice.reason)
                lines.append(f"  {choice.number}) {label}  {unavailable}")
    return "\n".join(lines)


def format_ending(view: SceneView) -> str:
    """The ending line and the consequences timeline."""
    assert view.ending is not None
    lines = [tr("Ending: {title}").format(title=view.ending.title)]
    lines += [textwrap.fill(b, width=WIDTH, subsequent_indent="  ") for b in view.ending.because]
    if view.ending.consequences:
        lines.append("")
        lines.append(tr("What came after:"))
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


def parse_step(text: str) -> tuple[int, int] | None:
    """`2/1` (choice 2, outcome 1, as `check --paths` prints them) as 0-based numbers."""
    choice, slash, outcome = text.partition("/")
    if not (slash and choice.isdecimal() and outcome.isdecimal()) or len(text) > 9:
        return None  # (a choice and an outcome of four digits each at most)
    if int(choice) > 0 and int(outcome) > 0:
        return int(choice) - 1, int(outcome) - 1
    return None


@dataclass
class PlainSession:
    """A game played through text streams."""

    engine: Engine
    state: GameState
    lines: Iterator[str]
    out: TextIO
    transcript: list[str] = field(default_factory=list)
    echo_input: bool = False
    forced_outcomes: bool = False  # `2/1` picks choice 2 with its outcome 1 (replaying a path)
    store: SaveStore | None = None  # saves and the endings record; None: saving is off
    autosave_failed: bool = False  # said once, then autosave keeps trying quietly
    scripted: bool = False  # choices given up front (`--choices`): one that fails stops the game

    def say(self, text: str = "") -> None:
        """Every line the player sees goes through here, cleaned of control sequences."""
        text = printable(text)
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
                    self.record_ending(view.ending.id, EndingPage.of(view))
                    return 0
            shown_scene = False
            self.out.write("> ")
            self.out.flush()
            line = next(self.lines, None)
            if line is None:
                self.say("")
                return 0
            command = line.strip().lower()
            command = printable(command)
            if self.echo_input:
                self.out.write(command + "\n")
            self.transcript.append(f"> {command}")
            word, _, rest = command.partition(" ")
            meant = command_of(command) or command_of(word)
            if meant == "quit":
                return 0
            if meant == "help":
                self.say(help_text())
                continue
            if meant == "undo":
                if self.state.history:
                    self.state = self.engine.undo(self.state)
                    self.autosave()
                    self.say(tr("(undone)") + "\n")
                    shown_scene = True
                else:
                    self.say(tr("Nothing to undo yet."))
                continue
            if meant in ("save", "load", "saves"):
                shown_scene = self.save_command(meant, rest.strip())
                continue
            step = parse_step(command) if self.forced_outcomes else None
            if (command.isdecimal() and len(command) <= MAX_CHOICE_DIGITS) or step is not None:
                try:
                    if step is not None:
                        self.state = self.choose(step[0], step[1])
                    else:
                        self.state = self.choose(int(command) - 1)
                    self.autosave()
                    bad_inputs = 0
                    shown_scene = True
                    continue
                except ChoiceUnavailable as exc:
                    # a reason that ends a sentence itself is not given a second full stop
                    reason = str(exc).rstrip().rstrip(".")
                    self.say(tr("Not possible: {reason}.").format(reason=reason))
                    wanted = step[0] + 1 if step is not None else int(command)
                    if self.scripted and (step is not None or not 1 <= wanted <= len(view.choices)):
                        # a script naming a choice (or an outcome) that does not exist, or a
                        # printed path that no longer replays, has gone wrong
                        return 1
            elif command.isdecimal():
                number = command[:MAX_CHOICE_DIGITS]
                self.say(tr("Not possible: there is no choice {number}...").format(number=number))
                if self.scripted:
                    return 1
            else:
                self.say(
                    tr("Type a choice number (1-{last}), or undo, help, quit.").format(
                        last=len(view.choices)
                    )
                )
            bad_inputs += 1
            if bad_inputs >= MAX_BAD_INPUTS:
                self.say(
                    tr("Stopping: {count} inputs in a row were not a choice.").format(
                        count=MAX_BAD_INPUTS
                    )
                )
                return 1

    def choose(self, index: int, outcome: int | None = None) -> GameState:
        before = self.state
        if outcome is None:
            after = self.engine.choose(before, index)
        else:
            after = self.forced(index, outcome)
        notes = [change.describe() for change in self.engine.changes(before, after) if change.shown]
        self.say("")
        if notes:
            self.say("[" + ", ".join(notes) + "]")
            self.say("")
        return after

    def forced(self, index: int, outcome: int) -> GameState:
        """Visible choice `index` with its outcome `outcome` (0-based), if that can happen now."""
        weights = self.engine.weights(self.state, index)  # (raises for a choice that is not there)
        step = f"{index + 1}/{outcome + 1}"
        if not weights:
            raise ChoiceUnavailable(f"{step}: choice {index + 1} has no random outcomes")
        if not 0 <= outcome < len(weights):
            raise ChoiceUnavailable(
                f"{step}: choice {index + 1} has outcomes 1 to {len(weights)}, not {outcome + 1}"
            )
        if weights[outcome] <= 0:
            raise ChoiceUnavailable(f"{step}: that outcome cannot happen now (its weight is 0)")
        return self.engine.choose_outcome(self.state, index, outcome)

    # -- saves ----------------------------------------------------------------------------------

    def save_command(self, word: str, name: str) -> bool:
        """`save [NAME]`, `load NAME`, `saves`; True when the scene should be shown again."""
        if self.store is None:
            self.say(tr("Saving is off: there is no save folder."))
            return False
        if word == "save":
            try:
                slot = self.store.save(name or QUICKSAVE, self.state)
            except SaveError as exc:
                self.say(tr("Not saved: {reason}").format(reason=exc))
            else:
                if slot.notice:
                    self.say(slot.notice)
                self.say(tr("Saved as '{name}'.").format(name=slot.name))
            return False
        if word == "saves" or not name:
            self.list_saves()
            if word == "load":
                self.say(tr("Type load NAME to load one."))
            return False
        try:
            game = self.store.load(name)
        except SaveError as exc:
            self.say(tr("Not loaded: {reason}").format(reason=exc))
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
            self.say(
                tr("No saved games yet (they go in {folder}).").format(folder=self.store.folder)
            )
        for slot in slots:
            self.say(f"  {slot.describe()}")

    def autosave(self) -> None:
        """Save to the autosave slot; if that fails, say so once and keep playing."""
        if self.store is None:
            return
        try:
            slot = self.store.save(AUTOSAVE, self.state)
            if slot.notice:
                self.say(slot.notice)
        except SaveError as exc:
            if not self.autosave_failed:
                self.say(tr("Autosave is not working: {reason}").format(reason=exc))
            self.autosave_failed = True

    def record_ending(self, ending: str, page: EndingPage) -> None:
        """Add the ending to the player's record, and say how many of the story's are found."""
        if self.store is None:
            return
        record = self.store.endings()
        try:
            added = record.add(ending, page=page)
        except SaveError as exc:
            self.say(tr("This ending could not be recorded: {reason}").format(reason=exc))
            return
        if added.notice:
            self.say(added.notice)
        total = len(self.engine.story.endings)
        found = len(record.found() & set(self.engine.story.endings))
        # the count is `found`: a language may say "1 ending" and "2 endings" differently
        if added.new:
            line = ntr(
                "A new ending for your record: {found} of {total}.",
                "A new ending for your record: {found} of {total}.",
                found,
            )
        else:
            line = ntr(
                "Endings found: {found} of {total}.", "Endings found: {found} of {total}.", found
            )
        self.say("")
        self.say(line.format(found=found, total=total))


def loaded_lines(game: LoadedGame) -> list[str]:
    """What to tell the player after loading: which save, and what was adapted to the story."""
    loaded = tr("Loaded '{name}' ({summary}).")
    lines = [loaded.format(name=game.slot.name, summary=game.slot.summary_text)]
    lines.extend(tr("Note: {notice}").format(notice=notice) for notice in game.notices)
    return lines
