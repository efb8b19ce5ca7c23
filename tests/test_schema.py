"""`goldilocks schema`: generated from the models, kept current in docs/schema/, and true to the
files the engine accepts and refuses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from game.cli import main
from game.engine import StoryErrors, load_story
from game.engine.safe_yaml import read_document
from game.tools.schema import FILES, manifest_schema, scenes_schema, schemas

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "docs" / "schema"
FIXTURES = ROOT / "tests" / "fixtures"
HOW_TO_UPDATE = "regenerate it with: goldilocks schema --output docs/schema"


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = manifest_schema() if name == "story.yaml" else scenes_schema()
    return jsonschema.Draft202012Validator(schema)


def yaml_data(path: Path) -> Any:
    """A YAML file as the engine reads it (dates stay text, as in the editor's YAML 1.2)."""
    document = read_document(path, path.name)
    assert not document.errors, document.errors
    return document.data


def story_files() -> list[Path]:
    folders = [FIXTURES / "starter", *sorted(FIXTURES.glob("lint_*"))]
    try:
        load_story(ROOT / "scenes")
        folders.append(ROOT / "scenes")
    except StoryErrors:
        pass  # the shipped story is checked here once it loads
    return [f for folder in folders for f in sorted(folder.glob("*.yaml"))]


@pytest.mark.parametrize("name", FILES)
def test_copy_in_docs_is_current(name: str) -> None:
    kept = SCHEMA_DIR / name
    assert kept.exists(), f"{kept} is missing; {HOW_TO_UPDATE}"
    assert kept.read_text(encoding="utf-8") == schemas()[name], f"{kept} is stale; {HOW_TO_UPDATE}"


@pytest.mark.parametrize("name", FILES)
def test_schema_is_valid_json_schema(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(schemas()[name]))


@pytest.mark.parametrize("path", story_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_story_file_the_engine_loads_validates(path: Path) -> None:
    errors = [e.message for e in validator(path.name).iter_errors(yaml_data(path))]
    assert errors == []


def test_shipped_yaml_files_point_their_editor_at_the_schema() -> None:
    files = sorted((ROOT / "scenes").glob("*.yaml"))
    if not files:
        pytest.skip("no shipped story yet")
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        wanted = "manifest.json" if path.name == "story.yaml" else "scenes.json"
        assert first == f"# yaml-language-server: $schema=../docs/schema/{wanted}", path.name


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("a:\n  title: A\n  choices:\n    - {label: Go, goto: b, colour: red}\n", "unknown key"),
        ("a:\n  title: A\n  choices:\n    - {label: Go}\n", "neither goto nor outcomes"),
        ("a:\n  title: A\n", "neither choices nor end"),
        ("A_Bad:\n  title: A\n  end: x\n", "bad scene id"),
        ("a:\n  title: A\n  choices:\n    - {label: Go, goto: Not_An_Id}\n", "bad goto"),
        ("a:\n  titel: A\n  end: x\n", "misspelt key"),
    ],
)
def test_schema_flags_what_the_engine_refuses(tmp_path: Path, text: str, why: str) -> None:
    path = tmp_path / "scenes.yaml"
    path.write_text(text)
    assert list(validator("scenes.yaml").iter_errors(yaml_data(path))), why


def test_schema_describes_keys_for_the_editor() -> None:
    choice = scenes_schema()["$defs"]["Choice"]["properties"]
    assert choice["if"]["description"] == "Hidden when false"
    assert set(choice) >= {
        "label",
        "goto",
        "if",
        "enabled_if",
        "disabled_reason",
        "set",
        "add",
        "outcomes",
    }
    assert set(manifest_schema()["properties"]) >= {
        "title",
        "start",
        "vars",
        "endings",
        "consequences",
        "renamed",
    }


def test_command_writes_both_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--output", str(tmp_path / "out")]) == 0
    for name in FILES:
        assert (tmp_path / "out" / name).read_text(encoding="utf-8") == schemas()[name]
    assert "manifest.json" in capsys.readouterr().out


def test_command_prints_both_without_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"manifest", "scenes"}
