"""The `goldilocks` command: argument parsing, one function per sub-command.

Nothing here knows game rules or draws screens; it loads, dispatches, and turns every failure a
user can cause into a one-line message and exit status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from game.engine import Engine, GameState

from game import __version__
from game.locations import default_saves, shipped_story, shown

EXIT_OK = 0
EXIT_ERROR = 1


def _add_play_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """Options shared by `goldilocks` and `goldilocks play`."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--story",
        metavar="DIR",
        default=default,
        help="play the story in DIR (default: the shipped story)",
    )
    parser.add_argument(
        "--seed",
        metavar="N",
        type=int,
        default=default,
        help="seed for random outcomes: same seed + same choices = same game",
    )
    parser.add_argument(
        "--saves", metavar="DIR", default=default, help="folder for saves and the endings record"
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        default=default,
        help="plain text on stdin/stdout (automatic when not in a terminal)",
    )
    parser.add_argument(
        "--at",
        metavar="SCENE",
        default=default,
        help="start at SCENE, in the state its shortest path produces",
    )
    parser.add_argument("--load", metavar="NAME", default=default, help="start from save slot NAME")
    parser.add_argument(
        "--watch",
        action="store_true",
        default=default,
        help="reload the story when its files change (TUI)",
    )
    parser.add_argument(
        "--choices",
        metavar="1,2,...",
        default=default,
        help="plain mode: play these choices instead of reading input",
    )
    parser.add_argument(
        "--transcript",
        metavar="FILE",
        default=default,
        help="plain mode: also write what the player saw to FILE",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="goldilocks",
        description="Goldilocks: Mars, 2003. Where does the asteroid go? "
        "With no command, plays the game.",
    )
    parser.add_argument("--version", action="version", version=f"goldilocks {__version__}")
    _add_play_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help="play the game (the default)")
    _add_play_options(play, suppress=True)

    check = commands.add_parser("check", help="check a story: errors, lint, every branch")
    check.add_argument("dir", nargs="?", metavar="DIR", help="story folder (default: shipped)")
    check.add_argument("--json", action="store_true", help="one JSON object on stdout")
    check.add_argument(
        "--random",
        type=int,
        default=1000,
        metavar="N",
        help="random playthroughs after exploring (default 1000)",
    )
    check.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the first one")
    check.add_argument(
        "--max-states",
        type=int,
        default=1_000_000,
        metavar="N",
        help="stop exploring after N distinct states (default 1000000)",
    )
    check.add_argument("--strict", action="store_true", help="warnings fail too")
    check.add_argument(
        "--paths", action="store_true", help="print the shortest choice path to every scene"
    )

    graph = commands.add_parser("graph", help="draw the scene graph (Graphviz DOT or Mermaid)")
    graph.add_argument("dir", nargs="?", metavar="DIR", help="story folder (default: shipped)")
    graph.add_argument("--format", choices=("dot", "mermaid"), default="dot")
    graph.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    graph.add_argument(
        "--coverage",
        action="store_true",
        help="shade what the explorer reached, mark what it never did",
    )

    schema = commands.add_parser("schema", help="print the JSON Schema of story files")
    schema.add_argument(
        "--output", metavar="DIR", help="write manifest.json and scenes.json into DIR"
    )

    new_story = commands.add_parser("new-story", help="create a working story skeleton")
    new_story.add_argument("dir", metavar="DIR", help="folder to create (must not exist)")

    importer = commands.add_parser("import", help="import a story from another tool")
    import_kinds = importer.add_subparsers(dest="import_kind", metavar="KIND", required=True)
    twee = import_kinds.add_parser("twee", help="a Twine story in Twee source form")
    from game.tools.twee.command import add_arguments

    add_arguments(twee)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "play"
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "play": cmd_play,
        "check": cmd_check,
        "graph": cmd_graph,
        "schema": cmd_schema,
        "new-story": cmd_new_story,
        "import": cmd_import,
    }
    try:
        return handlers[command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`goldilocks ... | head`): stop quietly, point stdout at nothing
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


# -- shared helpers -------------------------------------------------------------------------


def story_dir(args: argparse.Namespace, attr: str = "story") -> tuple[Path, str]:
    """The story folder to use and how to name it in messages."""
    given = getattr(args, attr, None)
    if given:
        return Path(given), str(given).rstrip("/") or "."
    path = shipped_story()
    return path, shown(path)


def saves_dir(args: argparse.Namespace) -> Path:
    given = getattr(args, "saves", None)
    return Path(given) if given else default_saves()


def print_errors(errors: Sequence[object], stream: TextIO) -> None:
    for error in errors:
        print(error, file=stream)


def fail(message: str) -> int:
    print(f"goldilocks: {message}", file=sys.stderr)
    return EXIT_ERROR


# -- play -----------------------------------------------------------------------------------


def cmd_play(args: argparse.Namespace) -> int:
    path, display = story_dir(args)
    plain = bool(getattr(args, "plain", False)) or getattr(args, "choices", None) is not None
    if not plain and not (sys.stdin.isatty() and sys.stdout.isatty()):
        plain = True
    if not plain:  # the TUI loads the story itself, and prints its errors the same way
        return play_tui(args, path, display)
    from game.engine import Engine, StoryErrors, StoryRuntimeError, load_story
    from game.engine.cache_entry import default_cache_dir

    try:
        story = load_story(path, display_root=display, cache_dir=default_cache_dir())
    except StoryErrors as exc:
        print_errors(exc.errors, sys.stderr)
        return EXIT_ERROR
    try:
        return play_plain(args, Engine(story))
    except StoryRuntimeError as exc:
        print(exc.error, file=sys.stderr)
        return EXIT_ERROR


def _input_lines(stream: TextIO) -> Iterator[str]:
    yield from stream


def play_plain(args: argparse.Namespace, engine: Engine) -> int:
    from game.engine.saves import SaveError, SaveStore
    from game.plain import PlainSession, loaded_lines

    seed = getattr(args, "seed", None)
    at = getattr(args, "at", None)
    load = getattr(args, "load", None)
    store = SaveStore(saves_dir(args), engine.story)
    notices: list[str] = []
    state: GameState | None
    if load:
        if at:
            return fail("--load and --at start the game in two different places: use one")
        try:
            game = store.load(load)
        except SaveError as exc:
            return fail(str(exc))
        state = game.state
        notices = [*loaded_lines(game), ""]
    elif at:
        state = start_at(engine, at, seed)
        if state is None:
            return EXIT_ERROR
    else:
        state = engine.new_game(seed=seed)
    choices = getattr(args, "choices", None)
    if choices is not None:
        picks = [p.strip() for p in choices.split(",") if p.strip()]
        if not all(p.isdigit() for p in picks):
            return fail(f"--choices wants numbers separated by commas, not {choices!r}")
        lines: Iterator[str] = iter(picks)
    else:
        lines = _input_lines(sys.stdin)
    session = PlainSession(
        engine, state, lines, sys.stdout, echo_input=choices is not None, store=store
    )
    for line in notices:
        session.say(line)
    status = session.run()
    transcript = getattr(args, "transcript", None)
    if transcript:
        try:
            Path(transcript).write_text("\n".join(session.transcript) + "\n", encoding="utf-8")
        except OSError as exc:
            return fail(f"cannot write the transcript to {transcript}: {exc.strerror or exc}")
    return status


def start_at(engine: Engine, scene_id: str, seed: int | None) -> GameState | None:
    """A state at `scene_id` (its shortest path replayed), or None after printing why not."""
    from game.engine.validation import did_you_mean
    from game.tools.reach import state_at

    if scene_id not in engine.story.scenes:
        hint = did_you_mean(scene_id, engine.story.scenes)
        fail(f"--at {scene_id}: there is no scene '{scene_id}'{hint}")
        return None
    try:
        return state_at(engine, scene_id, seed=seed if seed is not None else 0)
    except KeyError:
        fail(f"--at {scene_id}: no path of choices from the start reaches '{scene_id}'")
        return None


def play_tui(args: argparse.Namespace, path: Path, display: str) -> int:
    from game.engine.cache_entry import default_cache_dir
    from game.tui.app import run_tui

    return run_tui(
        story_dir=path,
        display_root=display,
        seed=getattr(args, "seed", None),
        saves_dir=saves_dir(args),
        at_scene=getattr(args, "at", None),
        load_slot=getattr(args, "load", None),
        watch=bool(getattr(args, "watch", False)),
        cache_dir=default_cache_dir(),
    )


# -- author tools ---------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    from game.tools.check import run_check

    path, display = story_dir(args, "dir")
    return run_check(path, display, args)


def cmd_graph(args: argparse.Namespace) -> int:
    from game.tools.graph import run_graph

    path, display = story_dir(args, "dir")
    return run_graph(path, display, args)


def cmd_schema(args: argparse.Namespace) -> int:
    from game.tools.schema import run_schema

    return run_schema(args)


def cmd_new_story(args: argparse.Namespace) -> int:
    from game.tools.new_story import run_new_story

    return run_new_story(Path(args.dir), args)


def cmd_import(args: argparse.Namespace) -> int:
    from game.tools.twee.command import run_import

    return run_import(args)
