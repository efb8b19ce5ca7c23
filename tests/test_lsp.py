"""`goldilocks lsp` as an editor meets it: pygls's own client talking to the real server over
stdio in a subprocess, on a small story folder."""

from __future__ import annotations

import asyncio
import sys
import textwrap
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from conftest import playtest

MANIFEST = """\
title: Test
start: a
vars:
  trust: {initial: 2, min: 0, max: 5, label: Trust}
  flag: {initial: false}
endings:
  done: {title: Done, kind: other, summary: The end.}
"""

SCENES = """\
a:
  title: The hub
  place: Mars
  text: |
    Trust is {{ trust }}.
    A second line.
  choices:
    - label: Go on
      goto: b
      add: {trust: 1}
    - label: Wait
      goto: a
      if: "trust > 1 and not visited('b')"
b:
  title: The end
  end: done
"""


def uri(path: Path) -> str:
    return path.resolve().as_uri()


class Editor:
    """The client side: open files, wait for what the server publishes."""

    def __init__(self, client: LanguageClient, folder: Path) -> None:
        self.client = client
        self.folder = folder
        self.diagnostics: dict[str, list[types.Diagnostic]] = {}
        self.received = asyncio.Event()
        self.versions: dict[str, int] = {}

    def open(self, name: str, text: str | None = None) -> str:
        path = self.folder / name
        file_uri = uri(path)
        self.versions[file_uri] = 1
        self.received.clear()
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=file_uri,
                    language_id="yaml",
                    version=1,
                    text=path.read_text() if text is None else text,
                )
            )
        )
        return file_uri

    def change(self, file_uri: str, text: str) -> None:
        self.versions[file_uri] += 1
        self.received.clear()
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=file_uri, version=self.versions[file_uri]
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    async def published(self, until: Callable[[], bool]) -> None:
        """Wait (at most a minute: a slow machine is not a failure) until `until` holds."""
        for _ in range(600):
            if until():
                return
            self.received.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(self.received.wait(), 0.1)
        raise AssertionError(f"never published what was waited for: {self.diagnostics}")


@asynccontextmanager
async def editor(folder: Path) -> AsyncIterator[Editor]:
    client = LanguageClient("test-editor", "1")
    opened = Editor(client, folder)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        opened.diagnostics[params.uri] = list(params.diagnostics)
        opened.received.set()

    await client.start_io(sys.executable, "-m", "game", "lsp")
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), root_uri=uri(folder), process_id=None
        )
    )
    client.initialized(types.InitializedParams())
    try:
        yield opened
    finally:
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()


def story(tmp_path: Path, scenes: str = SCENES) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "story.yaml").write_text(MANIFEST)
    (folder / "scenes.yaml").write_text(textwrap.dedent(scenes))
    return folder


def at(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


@playtest
async def test_a_broken_goto_is_a_diagnostic_at_its_range(tmp_path: Path) -> None:
    folder = story(tmp_path, SCENES.replace("goto: b", "goto: bb"))
    async with editor(folder) as ed:
        scenes = ed.open("scenes.yaml")
        await ed.published(lambda: bool(ed.diagnostics.get(scenes)))
        (problem,) = ed.diagnostics[scenes]
        assert problem.message == (
            "choice 1 of 'a' goes to 'bb', which is not a scene (did you mean 'b'?)"
        )
        assert problem.code == "missing-scene"
        assert problem.severity == types.DiagnosticSeverity.Error
        assert problem.range == types.Range(start=at(8, 12), end=at(8, 14))


@playtest
async def test_fixing_the_goto_in_the_editor_clears_the_diagnostic(tmp_path: Path) -> None:
    folder = story(tmp_path, SCENES.replace("goto: b", "goto: bb"))
    async with editor(folder) as ed:
        scenes = ed.open("scenes.yaml")
        await ed.published(lambda: bool(ed.diagnostics.get(scenes)))
        ed.change(scenes, SCENES)  # unsaved: the file on disk still says 'bb'
        await ed.published(lambda: ed.diagnostics.get(scenes) == [])


@playtest
async def test_an_edit_in_one_file_reports_in_another(tmp_path: Path) -> None:
    folder = story(tmp_path)
    async with editor(folder) as ed:
        manifest = ed.open("story.yaml")
        await ed.published(lambda: True)
        ed.change(manifest, MANIFEST.replace("  trust:", "  trusty:"))
        scenes = uri(folder / "scenes.yaml")
        await ed.published(lambda: bool(ed.diagnostics.get(scenes)))
        messages = [d.message for d in ed.diagnostics[scenes]]
        assert "'trust' is not a declared variable (did you mean 'trusty'?)" in messages


@playtest
async def test_a_constant_set_beyond_max_is_a_warning(tmp_path: Path) -> None:
    folder = story(tmp_path, SCENES.replace("add: {trust: 1}", "set: {trust: 9}"))
    async with editor(folder) as ed:
        scenes = ed.open("scenes.yaml")
        await ed.published(lambda: bool(ed.diagnostics.get(scenes)))
        (problem,) = ed.diagnostics[scenes]
        assert problem.severity == types.DiagnosticSeverity.Warning
        assert problem.code == "effect-out-of-bounds"
        assert problem.range.start == at(9, 19)


@playtest
async def test_completion_after_goto_offers_the_scene_ids(tmp_path: Path) -> None:
    folder = story(tmp_path)
    async with editor(folder) as ed:
        text = SCENES.replace("      goto: a\n", "      goto: \n")
        scenes = ed.open("scenes.yaml", text)
        line = text.splitlines().index("      goto: ")
        result = await ed.client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=scenes), position=at(line, 12)
            )
        )
        assert isinstance(result, types.CompletionList)
        assert {(i.label, i.detail) for i in result.items} == {("a", "The hub"), ("b", "The end")}


@playtest
async def test_completion_in_a_condition_offers_variables_and_helpers(tmp_path: Path) -> None:
    folder = story(tmp_path)
    async with editor(folder) as ed:
        scenes = ed.open("scenes.yaml")
        line = SCENES.splitlines().index("      if: \"trust > 1 and not visited('b')\"")
        result = await ed.client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=scenes), position=at(line, 11)
            )
        )
        assert isinstance(result, types.CompletionList)
        labels = {i.label for i in result.items}
        assert {"trust", "flag", "visited", "visits", "turn"} <= labels
        assert "a" not in labels


@playtest
async def test_definition_of_a_goto_is_the_scene(tmp_path: Path) -> None:
    folder = story(tmp_path)
    async with editor(folder) as ed:
        scenes = ed.open("scenes.yaml")
        result = await ed.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=types.TextDocumentIdentifier(uri=scenes), position=at(8, 12)
            )
        )
        assert result == types.Location(
            uri=scenes, range=types.Range(start=at(13, 0), end=at(13, 1))
        )


@playtest
async def test_definition_of_a_variable_is_its_declaration(tmp_path: Path) -> None:
    folder = story(tmp_path)
    async with editor(folder) as ed:
        scenes = ed.open("scenes.yaml")
        result = await ed.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=types.TextDocumentIdentifier(uri=scenes), position=at(4, 16)
            )
        )
        assert result == types.Location(
            uri=uri(folder / "story.yaml"), range=types.Range(start=at(3, 2), end=at(3, 7))
        )


@playtest
async def test_references_of_a_scene_are_its_gotos_and_visited_calls(tmp_path: Path) -> None:
    folder = story(tmp_path)
    async with editor(folder) as ed:
        scenes = ed.open("scenes.yaml")
        result = await ed.client.text_document_references_async(
            types.ReferenceParams(
                text_document=types.TextDocumentIdentifier(uri=scenes),
                position=at(13, 0),
                context=types.ReferenceContext(include_declaration=False),
            )
        )
        assert result is not None
        assert [(r.range.start.line, r.range.start.character) for r in result] == [
            (8, 12),
            (12, 38),
        ]


@playtest
async def test_hover_on_a_variable_tells_type_bounds_and_uses(tmp_path: Path) -> None:
    folder = story(tmp_path)
    async with editor(folder) as ed:
        scenes = ed.open("scenes.yaml")
        result = await ed.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=scenes), position=at(4, 16)
            )
        )
        assert result is not None and isinstance(result.contents, types.MarkupContent)
        assert result.contents.value == (
            "**trust**: whole number, initially 2\n\nbounds 0 to 5\n\nlabel: Trust\n\n"
            "set at scenes.yaml:10\n\nread at scenes.yaml:5, scenes.yaml:13"
        )


@playtest
async def test_hover_on_a_scene_shows_title_place_and_first_lines(tmp_path: Path) -> None:
    folder = story(tmp_path)
    async with editor(folder) as ed:
        scenes = ed.open("scenes.yaml")
        result = await ed.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=scenes), position=at(11, 12)
            )
        )
        assert result is not None and isinstance(result.contents, types.MarkupContent)
        assert result.contents.value == (
            "**The hub** (scene `a`)\n\nMars\n\nTrust is {{ trust }}.\nA second line."
        )


@playtest
async def test_rename_a_scene_everywhere_and_add_the_renamed_entry(tmp_path: Path) -> None:
    folder = story(tmp_path)
    async with editor(folder) as ed:
        scenes = ed.open("scenes.yaml")
        result = await ed.client.text_document_rename_async(
            types.RenameParams(
                text_document=types.TextDocumentIdentifier(uri=scenes),
                position=at(8, 12),
                new_name="finale",
            )
        )
        assert result is not None and result.changes is not None
        texts = {
            name: apply((folder / name).read_text(), result.changes.get(uri(folder / name), []))
            for name in ("story.yaml", "scenes.yaml")
        }
        assert texts["scenes.yaml"] == SCENES.replace("goto: b", "goto: finale").replace(
            "visited('b')", "visited('finale')"
        ).replace("\nb:\n", "\nfinale:\n")
        assert texts["story.yaml"] == MANIFEST + "renamed:\n  b: finale\n"
    for name, text in texts.items():
        (folder / name).write_text(text)
    from game.engine import load_story

    renamed = load_story(folder)
    assert "finale" in renamed.scenes
    assert renamed.manifest.renamed == {"b": "finale"}


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """A file's text with an editor's edits applied (last first, so positions hold)."""
    lines = text.split("\n")
    ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))
    for edit in reversed(ordered):
        start, end = edit.range.start, edit.range.end
        before = "\n".join([*lines[: start.line], lines[start.line][: start.character]])
        after = "\n".join([lines[end.line][end.character :], *lines[end.line + 1 :]])
        text = before + edit.new_text + after
        lines = text.split("\n")
    return "\n".join(lines)


async def complete(ed: Editor, file_uri: str, line: int, character: int) -> set[str]:
    result = await ed.client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=file_uri),
            position=at(line, character),
        )
    )
    assert isinstance(result, types.CompletionList)
    return {item.label for item in result.items}


@playtest
async def test_completion_offers_ending_ids_after_end(tmp_path: Path) -> None:
    folder = story(tmp_path)
    async with editor(folder) as ed:
        text = SCENES.replace("  end: done", "  end: ")
        scenes = ed.open("scenes.yaml", text)
        assert await complete(ed, scenes, 15, 7) == {"done"}


@playtest
async def test_completion_offers_the_format_keys_where_a_key_starts(tmp_path: Path) -> None:
    folder = story(tmp_path)
    async with editor(folder) as ed:
        text = SCENES.replace("      add: {trust: 1}\n", "      add: {trust: 1}\n      en\n")
        scenes = ed.open("scenes.yaml", text)
        choice_keys = await complete(ed, scenes, 10, 8)
        assert {"goto", "enabled_if", "disabled_reason", "once", "outcomes", "weight"} <= (
            choice_keys
        )
        assert "title" not in choice_keys
        assert {"title", "place", "text", "choices", "end"} <= await complete(ed, scenes, 1, 2)


@playtest
async def test_a_computed_value_of_the_wrong_type_is_a_diagnostic_at_the_value(
    tmp_path: Path,
) -> None:
    folder = story(tmp_path, SCENES.replace("add: {trust: 1}", 'set: {flag: "{{ trust + 1 }}"}'))
    async with editor(folder) as ed:
        scenes = ed.open("scenes.yaml")
        await ed.published(lambda: bool(ed.diagnostics.get(scenes)))
        (problem,) = ed.diagnostics[scenes]
        assert problem.message == (
            "'{{ trust + 1 }}' comes out as a whole number, but 'flag' holds true/false"
        )
        assert problem.code == "effect-type"
        assert problem.range.start == at(9, 18)


@playtest
async def test_completion_inside_a_computed_value_offers_variables(tmp_path: Path) -> None:
    folder = story(tmp_path)
    async with editor(folder) as ed:
        text = SCENES.replace("add: {trust: 1}", 'add: {trust: "{{ 2 * tr')
        scenes = ed.open("scenes.yaml", text)
        line = text.splitlines().index('      add: {trust: "{{ 2 * tr')
        labels = await complete(ed, scenes, line, len('      add: {trust: "{{ 2 * tr'))
        assert {"trust", "flag", "visits"} <= labels
