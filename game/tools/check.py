"""`goldilocks check`: everything the loader reports. (The lint pass and explorer build on this.)"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.engine import StoryErrors, load_story


def run_check(path: Path, display: str, args: argparse.Namespace) -> int:
    try:
        story = load_story(path, display_root=display)
    except StoryErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stdout)
        print(f"{len(exc.errors)} error(s)", file=sys.stdout)
        return 1
    print(f"{story.title}: {len(story.scenes)} scenes, {len(story.endings)} endings, no errors")
    return 0
