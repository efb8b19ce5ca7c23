"""The `goldilocks` command: argument parsing, one function per sub-command.

Nothing here knows game rules or draws screens; it loads, dispatches, and turns every failure a
user can cause into a one-line message and exit status 1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from game.engine import Engine, GameState

from game import __version__
from game.engine.interface_text import tr, use_languages
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
        help="start at SCENE (a scene's id: its key in the story's YAML, e.g. a1_anomaly), "
        "in the state its shortest path produces",
    )
    parser.add_argument("--load", metavar="NAME", default=default, help="start from save slot NAME")
    parser.add_argument(
        "--watch",
        action="store_true",
        default=default,
        help="reload the story when its files change (TUI): the files of --story DIR, or "
        "of the shipped story (in a plain install, the installed copy)",
    )
    parser.add_argument(
        "--choices",
        metavar="1,2/1,...",
        default=default,
        help="plain mode: play these choices instead of reading input (2/1: choice 2 with its "
        "outcome 1, as check --paths prints)",
    )
    parser.add_argument(
        "--transcript",
        metavar="FILE",
        default=default,
        help="plain mode: also write what the player saw to FILE",
    )
    parser.add_argument(
        "--lang",
        metavar="LANG",
        default=default,
        help="play in LANG, e.g. fr (default: from LANGUAGE, LC_ALL, LC_MESSAGES, LANG)",
    )
    # `goldilocks serve` runs each visitor's game with this: its stdin is a pipe from the web
    # server, not a terminal, and must not mean plain mode
    parser.add_argument(
        "--in-browser", action="store_true", default=default, help=argparse.SUPPRESS
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

    play = commands.add_parser(
        "play",
        help="play the game (the default)",
        description="Play Goldilocks: in the terminal's full-screen interface, or in plain "
        "text when --plain is given or input or output is not a terminal. Keys are listed "
        "in the game (?) and in the README.",
    )
    _add_play_options(play, suppress=True)

    check = commands.add_parser(
        "check",
        help="check a story: errors, lint, a path to every scene (--exhaustive: every state)",
    )
    check.add_argument("dir", nargs="?", metavar="DIR", help="story folder (default: shipped)")
    check.add_argument("--json", action="store_true", help="one JSON object on stdout")
    check.add_argument(
        "--exhaustive",
        action="store_true",
        help="walk every state (to --max-states), not only search for a path to every scene",
    )
    check.add_argument(
        "--random",
        type=int,
        default=None,
        metavar="N",
        help="random playthroughs (default 300; with --exhaustive 1000)",
    )
    check.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the first one")
    check.add_argument(
        "--max-states",
        type=int,
        default=None,
        metavar="N",
        help="most distinct states kept (default 20000; with --exhaustive 8000000)",
    )
    check.add_argument("--strict", action="store_true", help="warnings fail too")
    check.add_argument(
        "--paths", action="store_true", help="print a choice path to every scene reached"
    )
    check.add_argument(
        "--lang", metavar="LANG", help="also check the story's LANG translation (e.g. fr)"
    )

    i18n = commands.add_parser("i18n", help="a story's translations: gettext catalogues")
    i18n_commands = i18n.add_subparsers(dest="i18n_command", metavar="ACTION", required=True)
    for action, text in (
        ("extract", "write DIR/locale/story.pot, every text the player can see"),
        ("init", "start a translation: DIR/locale/LANG/LC_MESSAGES/story.po"),
        ("update", "extract, then bring every language up to date (edits become fuzzy)"),
        ("compile", "compile every language's .po to its .mo (play does it when needed)"),
    ):
        sub = i18n_commands.add_parser(action, help=text)
        sub.add_argument("dir", metavar="DIR", help="story folder")
        if action == "init":
            sub.add_argument("language", metavar="LANG", help="language code, e.g. fr")

    graph = commands.add_parser("graph", help="draw the scene graph (Graphviz DOT or Mermaid)")
    graph.add_argument("dir", nargs="?", metavar="DIR", help="story folder (default: shipped)")
    graph.add_argument("--format", choices=("dot", "mermaid"), default="dot")
    graph.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    graph.add_argument(
        "--coverage",
        action="store_true",
        help="shade what the explorer reached, mark what it never did",
    )

    consequences = commands.add_parser(
        "consequences", help="where each choice's effects are read later (the echo map)"
    )
    consequences.add_argument(
        "dir", nargs="?", metavar="DIR", help="story folder (default: shipped)"
    )
    consequences.add_argument(
        "choice", nargs="?", metavar="SCENE[:N]", help="one scene's choices, or its choice N"
    )
    consequences.add_argument("--json", action="store_true", help="print JSON")

    schema = commands.add_parser("schema", help="print the JSON Schema of story files")
    schema.add_argument(
        "--output", metavar="DIR", help="write manifest.json and scenes.json into DIR"
    )

    commands.add_parser(
        "lsp",
        help="the language server, on stdin/stdout (for VS Code, Neovim, Helix...)",
        description="Serve the Language Server Protocol on stdin/stdout for story folders: "
        "diagnostics as you type, completion, go to definition, references, hover and "
        "rename. Start it from your editor; see docs/authoring.md.",
    )

    serve = commands.add_parser(
        "serve",
        help="play in a web browser: serve the game on a local address",
        description="Serve the game as a web page (textual-serve): each visitor plays their own "
        "game, in its own process, with saves and endings of their own, known by a cookie "
        "(the same browser continues where it left off). There is NO AUTHENTICATION: anyone "
        "who can reach HOST:PORT can play and keep saves on this machine. It listens on "
        "127.0.0.1 (this machine only) unless --host says otherwise; to let others play, "
        "keep it there and put a reverse proxy in front (nginx, Caddy...) that adds HTTPS and "
        "a login, and passes websockets through.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--max-players",
        type=int,
        default=8,
        metavar="N",
        help="games at once (each is a process); one more visitor is told it is full (default 8)",
    )
    serve.add_argument(
        "--story", metavar="DIR", help="serve the story in DIR (default: the shipped story)"
    )
    serve.add_argument(
        "--players",
        metavar="DIR",
        help="folder for each visitor's saves, endings and settings "
        "(default: 'players' in the save folder)",
    )

    new_story = commands.add_parser("new-story", help="create a working story skeleton")
    new_story.add_argument(
        "dir",
        metavar="DIR",
        help="folder to create, or an existing empty folder to fill (never one with files in it)",
    )

    importer = commands.add_parser("import", help="import a story from another tool")
    import_kinds = importer.add_subparsers(dest="import_kind", metavar="KIND", required=True)
    twee = import_kinds.add_parser("twee", help="a Twine story in Twee source form")
    from game.tools.twee.command import add_arguments

    add_arguments(twee)
    return parser


# Options whose value names something (a folder, a save, a scene): an empty one is a mistake
# (an unset shell variable, a stray `=`), never a silent "use the default".
_NAMING_OPTIONS = ("story", "saves", "load", "at", "transcript", "dir", "output")


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stdout is None or sys.stderr is None:  # started with the stream closed (`>&-`)
        return _closed_stream("standard output" if sys.stdout is None else "standard error")
    try:
        return _run(argv)
    except UnicodeEncodeError as exc:
        _quiet_stdout()
        return fail(
            f"the output cannot show this text in its encoding ({exc.encoding}): "
            "use a UTF-8 terminal, or set PYTHONIOENCODING=utf-8",
            ascii_only=True,
        )
    except BrokenPipeError:
        # the reader went away (`goldilocks ... | head`): stop quietly, point stdout at nothing
        _quiet_stdout()
        return EXIT_OK
    except OSError as exc:  # stdout on a full disk (`>/dev/full`), a stream that went away...
        _quiet_stdout()
        if exc.filename is None:  # a stream, not a file: the output itself
            return fail(f"cannot write the output: {exc.strerror or exc}")
        return fail(f"cannot go on: {exc.filename}: {exc.strerror or exc}")


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    for option in _NAMING_OPTIONS:
        value = getattr(args, option, None)
        if value is not None and not str(value).strip():
            flag = "the story folder" if option == "dir" else f"--{option}"
            return fail(f"{flag} is empty: give it a value, or leave it out for the default")
    command = args.command or "play"
    if command == "play":  # the author tools speak English, as their messages are documented
        use_languages(chosen_languages(args))
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "play": cmd_play,
        "check": cmd_check,
        "graph": cmd_graph,
        "consequences": cmd_consequences,
        "schema": cmd_schema,
        "new-story": cmd_new_story,
        "serve": cmd_serve,
        "i18n": cmd_i18n,
        "lsp": cmd_lsp,
        "import": cmd_import,
    }
    try:
        status = handlers[command](args)
        sys.stdout.flush()  # a full disk shows here, not at exit as an ignored exception
        return status
    except KeyboardInterrupt:
        return 130


def _quiet_stdout() -> None:
    """Point stdout at nothing, so the exit's own flush of what is left cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _closed_stream(name: str) -> int:
    """One line on whichever stream is left (on none, the status alone says it)."""
    stream = sys.stderr if sys.stderr is not None else None
    if stream is not None:
        with contextlib.suppress(OSError, ValueError):
            print(f"goldilocks: {name} is closed", file=stream)
    return EXIT_ERROR


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
    from game.shown_text import printable

    for error in errors:
        print(printable(str(error)), file=stream)


def chosen_languages(args: argparse.Namespace) -> list[str]:
    """The languages to play in, best first: `--lang`, else the environment's."""
    from game.engine.translation import expand_languages, languages_from

    given = getattr(args, "lang", None)
    return expand_languages([given]) if given else languages_from()


def fail(message: str, *, ascii_only: bool = False) -> int:
    """One line on stderr (cleaned of control sequences: it may quote a story or a save)."""
    from game.shown_text import printable

    line = printable(f"goldilocks: {message}")
    if ascii_only:
        line = line.encode("ascii", "replace").decode("ascii")
    try:
        print(line, file=sys.stderr)
    except UnicodeEncodeError:  # stderr cannot show it either: the gist, in plain ASCII
        print(line.encode("ascii", "replace").decode("ascii"), file=sys.stderr)
    return EXIT_ERROR


# -- play -----------------------------------------------------------------------------------


def cmd_play(args: argparse.Namespace) -> int:
    path, display = story_dir(args)
    plain = bool(getattr(args, "plain", False)) or getattr(args, "choices", None) is not None
    in_browser = bool(getattr(args, "in_browser", False))
    terminal = sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()
    if not plain and not in_browser and not terminal:
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
    from game.engine.translation import translated

    story = translated(story, chosen_languages(args))
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
            return fail(tr("--load and --at start the game in two different places: use one"))
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
        from game.plain import parse_step

        picks = choices.replace(",", " ").split()
        if not all(p.isdecimal() or parse_step(p) is not None for p in picks):
            message = tr(
                "--choices wants choice numbers separated by commas or spaces, with 2/1 for "
                "choice 2's outcome 1 as check --paths prints them, not {given}"
            )
            return fail(message.format(given=repr(choices[:60])))
        lines: Iterator[str] = iter(picks)
    elif sys.stdin is None:  # started with input closed (`<&-`): not the same as no more input
        return fail(tr("standard input is closed: nothing to read the choices from"))
    else:
        lines = _input_lines(sys.stdin)
    session = PlainSession(
        engine,
        state,
        lines,
        sys.stdout,
        echo_input=choices is not None,
        forced_outcomes=choices is not None,
        store=store,
        scripted=choices is not None,
    )
    for line in notices:
        session.say(line)
    status = session.run()
    transcript = getattr(args, "transcript", None)
    if transcript:
        try:
            Path(transcript).write_text("\n".join(session.transcript) + "\n", encoding="utf-8")
        except OSError as exc:
            message = tr("cannot write the transcript to {file}: {reason}")
            return fail(message.format(file=transcript, reason=exc.strerror or exc))
    return status


def start_at(engine: Engine, scene_id: str, seed: int | None) -> GameState | None:
    """A state at `scene_id` (its shortest path replayed), or None after printing why not."""
    from game.tools.reach import state_at, unknown_scene

    problem = unknown_scene(engine, scene_id)
    if problem is not None:
        fail(problem)
        return None
    try:
        return state_at(engine, scene_id, seed=seed if seed is not None else 0)
    except KeyError:
        message = tr("--at {scene}: no path of choices from the start reaches '{scene}'")
        fail(message.format(scene=scene_id))
        return None


def play_tui(args: argparse.Namespace, path: Path, display: str) -> int:
    from game.engine.cache_entry import default_cache_dir
    from game.tui.app import run_tui
    from game.tui.settings import default_config_dir

    return run_tui(
        story_dir=path,
        display_root=display,
        seed=getattr(args, "seed", None),
        saves_dir=saves_dir(args),
        at_scene=getattr(args, "at", None),
        load_slot=getattr(args, "load", None),
        watch=bool(getattr(args, "watch", False)),
        cache_dir=default_cache_dir(),
        config_dir=default_config_dir(),
        languages=tuple(chosen_languages(args)),
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


def cmd_consequences(args: argparse.Namespace) -> int:
    from game.tools.consequences import run_consequences

    path, display = story_dir(args, "dir")
    return run_consequences(path, display, args)


def cmd_schema(args: argparse.Namespace) -> int:
    from game.tools.schema import run_schema

    return run_schema(args)


def cmd_i18n(args: argparse.Namespace) -> int:
    from game.tools.i18n import run_i18n

    path, display = story_dir(args, "dir")
    return run_i18n(path, display, args)


def cmd_lsp(args: argparse.Namespace) -> int:
    from game.lsp.server import run

    return run()


def cmd_new_story(args: argparse.Namespace) -> int:
    from game.tools.new_story import run_new_story

    return run_new_story(Path(args.dir), args)


# -- serve ----------------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    if args.max_players < 1:
        return fail(f"--max-players wants 1 or more, not {args.max_players}")
    story = None
    if args.story:
        from game.engine import StoryErrors, load_story

        story = Path(args.story).resolve()
        try:  # a broken story is reported here, once, not to every visitor
            load_story(story, display_root=args.story)
        except StoryErrors as exc:
            print_errors(exc.errors, sys.stderr)
            return EXIT_ERROR
    try:
        from game.serve import run_server
    except ImportError:
        return fail("serving needs textual-serve: pip install textual-serve")
    players = Path(args.players) if args.players else default_saves() / "players"
    return run_server(story, players.resolve(), args.host, args.port, args.max_players)


def cmd_import(args: argparse.Namespace) -> int:
    from game.tools.twee.command import run_import

    return run_import(args)
