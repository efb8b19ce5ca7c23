"""`goldilocks import twee FILE.twee [MORE.twee...] OUT_DIR [--format F] [--force]`.

Exit status 0 when the story was written (warnings and losses are listed, and are normal), 1
when nothing was written: no Twee in the input, an unreadable file, or an OUT_DIR that holds
something else. The written story is loaded once before the command returns, so a story that
would not load is never reported as a success.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_ERROR = 1
# (as in `convert.FORMATS`: this module is imported to build every command line's parser, so the
# converter itself is imported only when a story is imported; a test keeps the two the same)
FORMATS = ("harlowe", "sugarcube", "chapbook", "snowman")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="FILE.twee ... OUT_DIR",
        help="Twee files, then the story folder",
    )
    parser.add_argument(
        "--format", choices=FORMATS, help="the story format (default: StoryData's, else guessed)"
    )
    parser.add_argument(
        "--force", action="store_true", help="write into OUT_DIR even if it holds other files"
    )
    parser.add_argument(
        "--ending",
        action="append",
        default=[],
        metavar="PASSAGE",
        help="make PASSAGE an ending (its links, e.g. 'play again', are left out); repeatable",
    )


def _fail(message: str) -> int:
    print(f"goldilocks import twee: {message}", file=sys.stderr)
    return EXIT_ERROR


def run_import(args: argparse.Namespace) -> int:
    from game.tools.twee.convert import convert
    from game.tools.twee.report import loss_line, markdown, summary_line, unique_losses
    from game.tools.twee.source import read_files
    from game.tools.twee.write import OutDirRefused, check_out_dir, write_story

    paths = [Path(p) for p in args.paths]
    if len(paths) < 2:
        return _fail("give at least one Twee file and then the folder to write the story into")
    files, out_dir = paths[:-1], paths[-1]
    missing = [f for f in files if not f.is_file()]
    if missing:
        return _fail(f"{missing[0]}: no such file")
    try:
        check_out_dir(out_dir, bool(args.force))
    except OutDirRefused as exc:
        return _fail(str(exc))
    story = read_files(files)
    errors = [p for p in story.problems if p.error]
    if errors or not story.passages:
        for problem in story.problems:
            print(problem, file=sys.stderr)
        if not errors:
            print(f"{files[0]}:1: error: no story passages to import", file=sys.stderr)
        return _fail("nothing written")
    conversion = convert(story, args.format, list(args.ending or []))
    problems = story.problems + conversion.problems
    report = markdown(conversion, problems)
    try:
        write_story(conversion, out_dir, report)
    except OSError as exc:
        return _fail(f"{out_dir}: cannot write: {exc.strerror or exc}")
    for problem in problems:
        print(problem)
    for reported in unique_losses(conversion):
        print(loss_line(reported))
    print(f"{out_dir}: imported '{conversion.title}' ({conversion.story_format}), "
          f"{len(conversion.scenes)} scenes; {summary_line(conversion)}; "
          f"see {out_dir / 'IMPORT-REPORT.md'}")  # fmt: skip
    return _verify(out_dir)


def _verify(out_dir: Path) -> int:
    """Loads what was written: a converter fault shows as the loader's own messages."""
    from game.engine.errors import StoryErrors
    from game.engine.loader import load_story

    try:
        load_story(out_dir)
    except StoryErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return _fail(
            "the converted story does not load (a fault in the importer: please report it)"
        )
    return EXIT_OK
