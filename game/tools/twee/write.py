"""The converted story laid out as a story folder: `story.yaml` and one scene file per Twee file.

OUT_DIR is written only when it is empty, missing, or an earlier import (it holds an
IMPORT-REPORT.md this command wrote); `--force` allows any folder. Before writing, the YAML files
of an earlier import are removed, so a passage deleted in Twine does not linger as a scene.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from game.tools.twee.convert import Conversion

REPORT_NAME = "IMPORT-REPORT.md"
REPORT_HEADING = "# Import report"


class OutDirRefused(Exception):
    """OUT_DIR holds something that is not an earlier import, and --force was not given."""


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def earlier_import(out_dir: Path) -> bool:
    report = out_dir / REPORT_NAME
    try:
        return report.read_text(encoding="utf-8").startswith(REPORT_HEADING)
    except OSError:
        return False


def check_out_dir(out_dir: Path, force: bool) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutDirRefused(f"{out_dir}: exists and is not a folder")
    if not out_dir.exists() or force or earlier_import(out_dir):
        return
    if any(out_dir.iterdir()):
        raise OutDirRefused(
            f"{out_dir}: folder is not empty and is not an earlier import; "
            "choose another folder, or pass --force to write into it"
        )


def scene_file_names(conversion: Conversion) -> dict[str, str]:
    """Twee file -> scene file name: the Twee file's name as a YAML name, unique."""
    names: dict[str, str] = {}
    for file in dict.fromkeys(conversion.scene_file.values()):
        stem = re.sub(r"[^A-Za-z0-9_-]+", "_", Path(file).stem).strip("_") or "scenes"
        candidate, n = f"{stem}.yaml", 2
        while candidate in names.values() or candidate == "story.yaml":
            candidate, n = f"{stem}_{n}.yaml", n + 1
        names[file] = candidate
    return names


def write_story(conversion: Conversion, out_dir: Path, report: str) -> list[Path]:
    """Writes the folder; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.yaml"):
        old.unlink()
    written = []
    manifest = out_dir / "story.yaml"
    header = "# Imported from Twine by `goldilocks import twee`; see IMPORT-REPORT.md.\n"
    manifest.write_text(header + dump(conversion.manifest), encoding="utf-8")
    written.append(manifest)
    files = scene_file_names(conversion)
    grouped: dict[str, dict[str, Any]] = {}
    for scene_id, scene in conversion.scenes.items():
        grouped.setdefault(files[conversion.scene_file[scene_id]], {})[scene_id] = scene
    for name, scenes in grouped.items():
        path = out_dir / name
        path.write_text(header + dump(scenes), encoding="utf-8")
        written.append(path)
    report_path = out_dir / REPORT_NAME
    report_path.write_text(report, encoding="utf-8")
    written.append(report_path)
    return written
