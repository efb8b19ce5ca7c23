"""`goldilocks new-story DIR`: a small story that works, the quickest way for an author to start.

The skeleton uses a bit of everything (a shown stat, an effect, a condition in the text, an
ending with a timeline), passes `goldilocks check --strict`, and plays to its ending. Its files
point the editor at a copy of the schema in DIR/.schema/, so keys complete from the first edit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.tools.schema import write_schemas

MANIFEST = """\
# yaml-language-server: $schema=.schema/manifest.json
# The manifest: what the story is called, where it starts, every variable and every ending.
title: {title}
start: arrival
description: A new Goldilocks story.

vars:
  courage: {{initial: 1, min: 0, max: 3, label: Courage, show: true}}

endings:
  home: {{title: Home Again, kind: other, summary: You found the way back.}}

consequences:
  - {{year: 2040, if: "courage > 1", text: "You tell the story of the door for years."}}
  - {{year: 2040, if: "courage <= 1", text: "You never speak of the door again."}}
"""

SCENES = """\
# yaml-language-server: $schema=.schema/scenes.json
# Scenes, keyed by id. Add more here or in any other .yaml file in this folder.
arrival:
  title: The arrival
  text: |
    The airlock cycles behind you. The corridor ahead is dark, and at its end
    a door waits.
  choices:
    - label: Look around first
      goto: the_door
      add: {courage: 1}
    - label: Walk straight to the door
      goto: the_door

the_door:
  title: The door
  text: |
    {% if courage > 1 %}You have seen what lies around you, and you feel ready.
    {% else %}Your hands shake as you reach for the handle.{% endif %}
  choices:
    - label: Open the door
      goto: home

home:
  title: Home
  text: Warm light, and voices you know.
  end: home
"""


def run_new_story(folder: Path, args: argparse.Namespace) -> int:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "is not empty" if folder.is_dir() else "is a file"
        print(f"goldilocks new-story: {folder} {what}; give a new folder", file=sys.stderr)
        return 1
    title = folder.resolve().name.replace("_", " ").replace("-", " ").strip().title() or "New"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "story.yaml").write_text(MANIFEST.format(title=_yaml_text(title)), "utf-8")
        (folder / "scenes.yaml").write_text(SCENES, encoding="utf-8")
        write_schemas(folder / ".schema")
    except OSError as exc:
        print(
            f"goldilocks new-story: cannot write {folder}: {exc.strerror or exc}", file=sys.stderr
        )
        return 1
    print(f"Created a story in {folder}: story.yaml, scenes.yaml (and .schema/ for your editor).")
    print("Next:")
    print(f"  goldilocks check {folder}")
    print(f"  goldilocks play --story {folder}")
    return 0


def _yaml_text(text: str) -> str:
    """A title as a YAML double-quoted string, whatever the folder is called."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
