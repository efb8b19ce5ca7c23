"""Twee files read into passages, per the Twee 3 specification (v3.0.2) and Twee 1/2 forms.

A passage starts at a line beginning `::`: `:: Name [tag tag] {"position":"1,2"}`. In names
and tags `\\[`, `\\]`, `\\{`, `\\}` and `\\\\` stand for the characters. StoryData (JSON) gives the
format and start; StoryTitle the title; StoryIncludes (Twee 1/2) names more files to read.
Problems the specification says to warn about (metadata that is not JSON, a duplicate name) are
reported and reading carries on; a file with no passage at all is an error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Problem:
    """A message about the input, pointing at `file:line`."""

    file: str
    line: int
    message: str
    error: bool = False

    def __str__(self) -> str:
        kind = "error" if self.error else "warning"
        return f"{self.file}:{self.line}: {kind}: {self.message}"


@dataclass(frozen=True)
class Passage:
    """One passage: its name, tags, text, and where its header line is."""

    name: str
    tags: tuple[str, ...]
    text: str
    file: str
    line: int  # the header's line; the text starts on the next one
    metadata: dict[str, Any] = field(default_factory=dict)

    def where(self, offset: int = 0) -> str:
        """`file:line` of the text's line `offset` (0 = the first line of the text)."""
        return f"{self.file}:{self.line + 1 + offset}"


@dataclass
class TweeStory:
    """Every passage read, in order, with the story-level data."""

    passages: dict[str, Passage] = field(default_factory=dict)
    title: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def format_name(self) -> str:
        return str(self.data.get("format", ""))


SPECIAL = {"StoryTitle", "StoryData", "StoryIncludes", "StorySubtitle", "StoryAuthor", "StoryMenu"}
CODE_TAGS = {"script", "stylesheet", "Twine.private", "widget"}
_UNESCAPE = re.compile(r"\\(.)")


def unescape(text: str) -> str:
    """`\\[` -> `[` and the like: any backslash-escaped character stands for itself."""
    return _UNESCAPE.sub(r"\1", text)


def _split_header(header: str) -> tuple[str, str, str]:
    """(name, tags, metadata) of a header line after `::`, honouring backslash escapes."""
    name_end = len(header)
    i = 0
    while i < len(header):
        c = header[i]
        if c == "\\":
            i += 2
            continue
        if c in "[{":
            name_end = i
            break
        i += 1
    name, rest = header[:name_end], header[name_end:]
    tags = meta = ""
    rest = rest.strip()
    if rest.startswith("["):
        j = 1
        while j < len(rest) and rest[j] != "]":
            j += 2 if rest[j] == "\\" else 1
        tags, rest = rest[1:j], rest[j + 1 :].strip()
    if rest.startswith("{"):
        meta = rest
    elif rest:
        meta = "\0" + rest  # something after the name that is neither tags nor metadata
    return name.strip(), tags, meta


def parse_text(text: str, file: str, story: TweeStory) -> list[Passage]:
    """The passages of one file's text, added to `story` (problems included)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    found: list[Passage] = []
    header_at: int | None = None
    header = ""
    body: list[str] = []

    def finish() -> None:
        if header_at is None:
            return
        passage = _make_passage(header, body, file, header_at, story)
        if passage is not None:
            found.append(passage)

    for number, line in enumerate(lines, start=1):
        if line.startswith("::"):
            finish()
            header_at, header, body = number, line[2:], []
        elif header_at is not None:
            body.append(line[1:] if line.startswith("\\::") else line)
        elif line.strip():
            story.problems.append(
                Problem(file, number, "text before the first passage header ('::') is ignored")
            )
    finish()
    if not found and not any(p.error and p.file == file for p in story.problems):
        story.problems.append(
            Problem(file, 1, "not a Twee file: no passage header (a line starting '::')", True)
        )
    return found


def _make_passage(
    header: str, body: list[str], file: str, line: int, story: TweeStory
) -> Passage | None:
    raw_name, raw_tags, raw_meta = _split_header(header)
    name = unescape(raw_name)
    if not name:
        story.problems.append(Problem(file, line, "a passage header with no name is skipped", True))
        return None
    metadata: dict[str, Any] = {}
    if raw_meta.startswith("\0"):
        story.problems.append(
            Problem(file, line, f"passage '{name}': unexpected text after the name: {raw_meta[1:]}")
        )
    elif raw_meta:
        try:
            decoded = json.loads(raw_meta)
        except ValueError as exc:
            story.problems.append(
                Problem(file, line, f"passage '{name}': metadata is not JSON ({exc}); ignored")
            )
        else:
            if isinstance(decoded, dict):
                metadata = decoded
            else:
                story.problems.append(
                    Problem(file, line, f"passage '{name}': metadata is not a JSON object; ignored")
                )
    while body and not body[-1].strip():
        body.pop()
    tags = tuple(unescape(t) for t in re.split(r"(?<!\\)\s+", raw_tags.strip()) if t)
    return Passage(name, tags, "\n".join(body), file, line, metadata)


def _take_special(passage: Passage, story: TweeStory) -> bool:
    """Story-level passages fill `story`; True when the passage is not part of the story."""
    if passage.name == "StoryTitle":
        story.title = passage.text.strip()
        return True
    if passage.name == "StoryData":
        try:
            data = json.loads(passage.text or "null")
        except ValueError as exc:
            story.problems.append(
                Problem(passage.file, passage.line, f"StoryData is not JSON ({exc}); ignored")
            )
            return True
        if not isinstance(data, dict):
            story.problems.append(
                Problem(passage.file, passage.line, "StoryData is not a JSON object; ignored")
            )
            return True
        story.data = data
        return True
    return passage.name in SPECIAL


def read_files(paths: list[Path]) -> TweeStory:
    """Every passage of every file (and of the files StoryIncludes names), problems collected."""
    story = TweeStory()
    queue = list(paths)
    seen: set[Path] = set()
    while queue:
        path = queue.pop(0)
        try:
            resolved = path.resolve()
        except OSError:
            resolved = path
        if resolved in seen:
            continue
        seen.add(resolved)
        file = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            story.problems.append(Problem(file, 1, "not a Twee file: not UTF-8 text", True))
            continue
        except OSError as exc:
            story.problems.append(Problem(file, 1, f"cannot read: {exc.strerror or exc}", True))
            continue
        for passage in parse_text(text, file, story):
            if passage.name in story.passages:
                first = story.passages[passage.name]
                story.problems.append(
                    Problem(
                        file,
                        passage.line,
                        f"duplicate passage name '{passage.name}' (first at "
                        f"{first.file}:{first.line}); this one is ignored",
                    )
                )
                continue
            if passage.name == "StoryIncludes":
                for included in passage.text.splitlines():
                    if included.strip():
                        queue.append(path.parent / included.strip())
                continue
            if not _take_special(passage, story):
                story.passages[passage.name] = passage
    return story
