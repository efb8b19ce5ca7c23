"""`goldilocks schema`: the JSON Schema of story files, generated from the pydantic models.

An editor with the YAML language server reads it from a first line such as
`# yaml-language-server: $schema=../docs/schema/scenes.json` and then completes keys, shows each
key's description, and flags unknown keys as the author types. The repository keeps a copy in
docs/schema/, and a test checks that copy is what this module generates.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from game.engine.model import Manifest, Scene, SceneId

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FILES = ("manifest.json", "scenes.json")


def manifest_schema() -> dict[str, Any]:
    """The schema of story.yaml."""
    schema = Manifest.model_json_schema(by_alias=True)
    return {
        "$schema": DRAFT,
        "title": "Goldilocks story manifest (story.yaml)",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def scenes_schema() -> dict[str, Any]:
    """The schema of a scene file: a mapping of scene ids to scenes."""
    schema = TypeAdapter(dict[SceneId, Scene]).json_schema(by_alias=True)
    defs = schema["$defs"]
    # What the models check in validators, said in the schema's own words where it can be:
    defs["Choice"]["oneOf"] = [{"required": ["goto"]}, {"required": ["outcomes"]}]
    defs["Scene"]["anyOf"] = [{"required": ["end"]}, {"required": ["choices"]}]
    return {
        "$schema": DRAFT,
        "title": "Goldilocks scene file",
        "description": "Scenes keyed by id (lowercase letters, digits and '_', starting with a "
        "letter); ids are unique across all the files of a story.",
        "type": "object",
        "patternProperties": schema["patternProperties"],
        "additionalProperties": False,
        "$defs": defs,
    }


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schemas() -> dict[str, str]:
    """File name -> text, as written by `goldilocks schema --output DIR`."""
    return {
        "manifest.json": schema_text(manifest_schema()),
        "scenes.json": schema_text(scenes_schema()),
    }


def write_schemas(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in schemas().items():
        (folder / name).write_text(text, encoding="utf-8")


def run_schema(args: argparse.Namespace) -> int:
    output = getattr(args, "output", None)
    if not output:
        both = {"manifest": manifest_schema(), "scenes": scenes_schema()}
        sys.stdout.write(schema_text(both))
        return 0
    try:
        write_schemas(Path(output))
    except OSError as exc:
        print(
            f"goldilocks schema: cannot write to {output}: {exc.strerror or exc}", file=sys.stderr
        )
        return 1
    print(f"wrote {output.rstrip('/')}/manifest.json and {output.rstrip('/')}/scenes.json")
    return 0
