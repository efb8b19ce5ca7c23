"""The language server: pygls's protocol wired to the story folder, its index and the helpers.

Each open or changed file checks its whole story folder again (an edit in one file can break a
`goto` in another) and publishes the problems of every file in it, clearing the ones fixed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from game.engine import StoryError
from game.engine.story_folder import MANIFEST
from game.lsp.completion import suggestions
from game.lsp.folder import StoryFolder, story_root
from game.lsp.hover import hover_text
from game.lsp.index import Place, StoryIndex
from game.lsp.rename import RenameRefused, rename_scene

_KINDS = {
    "scene": types.CompletionItemKind.Module,
    "ending": types.CompletionItemKind.EnumMember,
    "variable": types.CompletionItemKind.Variable,
    "helper": types.CompletionItemKind.Function,
    "key": types.CompletionItemKind.Property,
}
_TOKEN = re.compile(r"[\w.'\"-]+|\S")


class StoryServer(LanguageServer):
    """A language server that knows the story folders of the files it is told about."""

    def __init__(self) -> None:
        super().__init__("goldilocks", "1")
        self.folders: dict[Path, StoryFolder] = {}
        self.published: dict[Path, set[str]] = {}  # folder -> uris with problems shown

    def folder_of(self, uri: str) -> StoryFolder | None:
        path = _path(uri)
        root = story_root(path) if path is not None else None
        if root is None:
            return None
        if root not in self.folders:
            self.folders[root] = StoryFolder(root)
        return self.folders[root]

    def unsaved(self, folder: StoryFolder) -> dict[Path, str]:
        """The editor's text of each open file in a folder."""
        texts = {}
        for uri, document in self.workspace.text_documents.items():
            path = _path(uri)
            if path is not None and path.parent == folder.root:
                texts[path] = document.source
        return texts

    def check(self, uri: str) -> None:
        """Check the folder of `uri` and publish what is wrong in each of its files."""
        folder = self.folder_of(uri)
        if folder is None:
            return
        problems = folder.check(self.unsaved(folder))
        by_file: dict[str, list[types.Diagnostic]] = {}
        for problem in problems:
            path = Path(problem.file)
            by_file.setdefault(_uri(path), []).append(_diagnostic(folder, path, problem))
        before = self.published.get(folder.root, set())
        for file_uri in before - set(by_file):
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=file_uri, diagnostics=[])
            )
        for file_uri, diagnostics in by_file.items():
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=file_uri, diagnostics=diagnostics)
            )
        self.published[folder.root] = set(by_file)

    def index(self, uri: str) -> StoryIndex | None:
        folder = self.folder_of(uri)
        if folder is None:
            return None
        if folder.story is None or not folder.texts:
            folder.check(self.unsaved(folder))
        if folder.story is None:
            return None
        return StoryIndex(folder, folder.story)


server = StoryServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: StoryServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.check(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: StoryServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.check(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: StoryServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.check(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: StoryServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.check(params.text_document.uri)  # what is on disk counts again


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=[":", "'", '"', "(", "{", " "]),
)
def completion(ls: StoryServer, params: types.CompletionParams) -> types.CompletionList:
    index = ls.index(params.text_document.uri)
    path = _path(params.text_document.uri)
    if index is None or path is None:
        return types.CompletionList(is_incomplete=False, items=[])
    document = ls.workspace.get_text_document(params.text_document.uri)
    lines = document.lines
    number = params.position.line
    line = lines[number] if number < len(lines) else ""
    before = line[: params.position.character]
    found = suggestions(
        index.story, before, path.name == MANIFEST, _block_key(lines, number, before)
    )
    items = [
        types.CompletionItem(label=s.label, kind=_KINDS[s.kind], detail=s.detail or None)
        for s in found
    ]
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: StoryServer, params: types.DefinitionParams) -> types.Location | None:
    found = _word(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    index, word = found
    place = index.definition(word)
    return _location(place) if place is not None else None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def references(ls: StoryServer, params: types.ReferenceParams) -> list[types.Location]:
    found = _word(ls, params.text_document.uri, params.position)
    if found is None:
        return []
    index, word = found
    places = index.references(word)
    definition = index.definition(word)
    if params.context.include_declaration and definition is not None:
        places = [definition, *places]
    return [_location(place) for place in places]


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: StoryServer, params: types.HoverParams) -> types.Hover | None:
    found = _word(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    text = hover_text(*found)
    if text is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


@server.feature(types.TEXT_DOCUMENT_RENAME)
def rename(ls: StoryServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    found = _word(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    index, word = found
    if index.kind_of(word) != "scene":
        raise RenameRefused("only scene ids can be renamed here")
    if any(problem.severity == "error" for problem in index.folder.problems):
        # the index is of the last version that loaded: its positions may not match the files
        raise RenameRefused("the story has errors: fix them first, then rename")
    changes: dict[str, list[types.TextEdit]] = {}
    for edit in rename_scene(index, word, params.new_name):
        start = types.Position(line=edit.line - 1, character=edit.column - 1)
        end = types.Position(line=edit.line - 1, character=edit.column - 1 + edit.length)
        text_edit = types.TextEdit(range=types.Range(start=start, end=end), new_text=edit.text)
        changes.setdefault(_uri(edit.file), []).append(text_edit)
    return types.WorkspaceEdit(changes=changes)


# -- helpers ------------------------------------------------------------------------------------


def _path(uri: str) -> Path | None:
    path = to_fs_path(uri)
    return Path(path).resolve() if path else None


def _uri(path: Path) -> str:
    return from_fs_path(str(path)) or path.as_uri()


def _word(ls: StoryServer, uri: str, position: types.Position) -> tuple[StoryIndex, str] | None:
    index = ls.index(uri)
    path = _path(uri)
    if index is None or path is None:
        return None
    word = index.word_at(path, position.line + 1, position.character + 1)
    if word is None or index.kind_of(word) is None:
        return None
    return index, word


def _location(place: Place) -> types.Location:
    start = types.Position(line=place.line - 1, character=place.column - 1)
    end = types.Position(line=place.line - 1, character=place.column - 1 + place.length)
    return types.Location(uri=_uri(place.file), range=types.Range(start=start, end=end))


def _diagnostic(folder: StoryFolder, path: Path, problem: StoryError) -> types.Diagnostic:
    """A problem as the editor shows it: from its line:col to the end of the token there."""
    line, column = problem.line - 1, problem.column - 1
    lines = folder.lines(path)
    text = lines[line] if 0 <= line < len(lines) else ""
    token = _TOKEN.match(text, column) if column < len(text) else None
    end = token.end() if token else column + 1
    severity = (
        types.DiagnosticSeverity.Error
        if problem.severity == "error"
        else types.DiagnosticSeverity.Warning
    )
    return types.Diagnostic(
        range=types.Range(
            start=types.Position(line=line, character=column),
            end=types.Position(line=line, character=end),
        ),
        message=problem.message,
        severity=severity,
        code=problem.code,
        source="goldilocks",
    )


def _block_key(lines: Sequence[str], number: int, before: str) -> str | None:
    """The key whose block the line being typed is in: the nearest line above that is less
    indented and ends with `key:` (`set:`, `vars:`...)."""
    indent = len(before) - len(before.lstrip())
    for text in reversed(lines[:number]):
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        own = len(text) - len(text.lstrip())
        if own < indent:
            key = re.match(r"^\s*(?:-\s+)?([\w]+)\s*:", text)
            return key.group(1) if key else None
    return None


def run() -> int:
    """Serve on stdin/stdout until the editor says exit."""
    server.start_io()
    return 0
