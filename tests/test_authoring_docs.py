"""docs/authoring.md stays honest: the tutorial works word for word, every YAML example loads, and
the reference names every key, helper and error code the code has."""

from __future__ import annotations

import ast
import io
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from game.cli import main
from game.engine import load_story
from game.engine.expressions import HELPERS
from game.engine.model import (
    Choice,
    Consequence,
    Ending,
    FormatModel,
    Manifest,
    Outcome,
    Scene,
    Variable,
)
from game.engine.safe_yaml import parse_document
from game.tools.schema import manifest_schema, scenes_schema

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "authoring.md"
FENCE = re.compile(r"(?:<!-- (?P<marker>[^>]*) -->\n)?```(?P<lang>\w*)\n(?P<body>.*?)```", re.S)


@dataclass(frozen=True)
class Block:
    lang: str
    body: str
    marker: str  # the HTML comment just before the block, if any


def blocks() -> list[Block]:
    text = GUIDE.read_text(encoding="utf-8")
    return [Block(m["lang"], m["body"], m["marker"] or "") for m in FENCE.finditer(text)]


# -- the tutorial, step by step -------------------------------------------------------------


def replace_block(path: Path, key: str, body: str) -> None:
    """Replace the top-level `key:` block of a YAML file (up to the next top-level key or the
    end), as the tutorial asks the reader to."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{re.escape(key)}:.*?(?=^\S|\Z)", re.M | re.S)
    assert len(pattern.findall(text)) == 1, f"{path.name} has no single '{key}:' block"
    path.write_text(pattern.sub(lambda _: body.rstrip("\n") + "\n\n", text), encoding="utf-8")


def translate(po: Path, entries: str) -> None:
    """Write each entry's msgstr into the catalogue, as the tutorial asks the reader to; the
    entry's msgid must be the one the catalogue has at that msgctxt."""
    from babel.messages.pofile import read_po, write_po

    with po.open("rb") as stream:
        catalog = read_po(stream)
    by_context = {m.context: m for m in catalog if m.id}
    for entry in read_po(io.BytesIO(entries.encode("utf-8"))):
        if not entry.id:
            continue
        message = by_context[entry.context]
        assert message.id == entry.id, f"the guide's msgid for {entry.context} is out of date"
        message.string = entry.string
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    po.write_bytes(buffer.getvalue())


def run(line: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    argv = shlex.split(line)
    assert argv[0] == "goldilocks", line
    argv = argv[1:]
    if argv[0] == "play":
        argv += ["--saves", str(tmp_path / "saves")]
    status = main(argv)
    return status, capsys.readouterr().out


def without_timings(text: str) -> list[str]:
    text = re.sub(r"in \d+\.\d+ s", "in T s", text)
    text = re.sub(r"\([\d,]+ states/s\)", "(N states/s)", text)
    return [line.rstrip() for line in text.strip().splitlines()]


def test_tutorial_works_word_for_word(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # `play` with no --choices reads input
    last_output = ""
    steps = [b for b in blocks() if b.marker.startswith("tutorial:")]
    assert len(steps) >= 15
    for block in steps:
        action = block.marker.removeprefix("tutorial:").strip()
        if action == "run":
            for line in block.body.strip().splitlines():
                status, last_output = run(line, tmp_path, capsys)
                assert status == 0, f"{line!r} exited {status}:\n{last_output}"
                if line.startswith("goldilocks check"):
                    assert last_output.rstrip().endswith("0 errors, 0 warnings"), last_output
        elif action == "expect":
            assert without_timings(last_output) == without_timings(block.body)
        elif action.startswith("append to "):
            path = tmp_path / action.removeprefix("append to ")
            path.write_text(path.read_text(encoding="utf-8") + "\n" + block.body, "utf-8")
        elif action.startswith("replace "):
            key, _, file = action.removeprefix("replace ").partition(" in ")
            replace_block(tmp_path / file, key, block.body)
        elif action.startswith("translate "):
            translate(tmp_path / action.removeprefix("translate "), block.body)
        else:
            pytest.fail(f"unknown tutorial step {block.marker!r}")
    story = load_story(tmp_path / "my_story")
    assert set(story.endings) == {"home", "roof", "fall"}
    assert (tmp_path / "my_story.dot").read_text().startswith("digraph story {")
    assert (tmp_path / "my_story.mmd").read_text().startswith("flowchart TD")


def test_tutorial_play_commands_reach_what_the_text_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    test_tutorial_works_word_for_word(tmp_path, capsys, monkeypatch)
    status, out = run(
        "goldilocks play --story my_story --plain --seed 4 --choices 1,2,1", tmp_path, capsys
    )
    assert status == 0 and "Ending: Above It All" in out
    status, out = run(
        "goldilocks play --story my_story --at the_ladder --plain --choices 2,1", tmp_path, capsys
    )
    assert status == 0 and out.startswith("== The ladder ==") and "Ending: Home Again" in out
    status, out = run(
        "goldilocks play --story my_story --lang fr --plain --seed 4 --choices 2,1",
        tmp_path,
        capsys,
    )
    assert status == 0 and out.startswith("== L'arrivée ==\n\nLe sas se referme derrière vous.")
    out = out.replace("\N{NO-BREAK SPACE}", " ")  # French puts one before a colon
    assert "Vos mains tremblent" in out and "[impossible : Le courage vous manque encore.]" in out
    assert "  1) Regarder d'abord autour de vous" not in out  # fuzzy since the edit: the source
    assert "  1) Look carefully around first" in out and "Fin : Home Again" in out


# -- the reference's examples ---------------------------------------------------------------


def reference_examples() -> list[Block]:
    return [b for b in blocks() if b.lang == "yaml" and not b.marker.startswith("tutorial:")]


def test_every_yaml_example_is_marked_and_valid() -> None:
    examples = reference_examples()
    assert examples
    for block in examples:
        kind = block.marker.removeprefix("yaml:").strip()
        assert kind in ("manifest", "scenes"), f"unmarked YAML example:\n{block.body}"
        document = parse_document(block.body, "example.yaml")
        assert not document.errors, document.errors
        schema = manifest_schema() if kind == "manifest" else scenes_schema()
        jsonschema.validate(document.data, schema)


def test_reference_examples_load_together_as_a_story(tmp_path: Path) -> None:
    for block in reference_examples():
        kind = block.marker.removeprefix("yaml:").strip()
        name = "story.yaml" if kind == "manifest" else "scenes.yaml"
        (tmp_path / name).write_text(block.body, encoding="utf-8")
    story = load_story(tmp_path)
    assert story.start == "briefing"


# -- the reference is complete --------------------------------------------------------------


def mentioned(text: str) -> set[str]:
    """Everything the guide's prose writes as `code` (fenced blocks left out)."""
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    return set(re.findall(r"`([^`\n]+)`", prose))


@pytest.mark.parametrize(
    "model",
    [Manifest, Variable, Ending, Consequence, Scene, Choice, Outcome],
    ids=lambda m: m.__name__,
)
def test_every_key_of_the_format_is_in_the_reference(model: type[FormatModel]) -> None:
    keys = {field.alias or name for name, field in model.model_fields.items()}
    assert keys <= mentioned(GUIDE.read_text(encoding="utf-8"))


def test_every_name_expressions_can_use_is_in_the_reference() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for helper in HELPERS:
        assert f"`{helper}" in text, helper


# Codes of one word, which a search for hyphenated words cannot find.
ONE_WORD_CODES = {"yaml", "shape", "expression", "template", "runtime", "encoding", "unreadable"}
NOT_CODES = {
    "goldilocks-save",
    "goldilocks-endings",
    "type-error",
    "python-format",
    "python-brace-format",
}


def error_codes() -> set[str]:
    """Every hyphenated string constant in the engine and the tools: the shape error codes take
    (`missing-scene`, `soft-lock`...)."""
    found = set(ONE_WORD_CODES)
    for folder in ("engine", "tools"):
        for path in (ROOT / "game" / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and re.fullmatch(r"[a-z]+(?:-[a-z]+)+", node.value)
                ):
                    found.add(node.value)
    return found - NOT_CODES


def test_every_error_and_warning_code_is_in_the_reference() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", text, re.M))
    missing = error_codes() - documented
    assert not missing, f"document these codes in docs/authoring.md: {sorted(missing)}"
