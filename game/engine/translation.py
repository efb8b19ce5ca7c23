"""A story in another language: which texts a story has to translate, and their translations.

A translation is a gettext catalogue in the story folder (`locale/<lang>/LC_MESSAGES/story.po`,
compiled to `story.mo` beside it). Each message has a context naming where its text lives, for
example `hangar:choices.1.label`, `hangar:text.2` (the third paragraph of the scene's text) or
`story.yaml:endings.perestroika.title`, so a translation follows its text by place, not by
wording. Scene text is one message per paragraph: an edit marks one paragraph for review, not the
whole scene.

Translations are of the *source* text, templates included: the translated template is rendered
in place of the source, and whatever is missing, fuzzy (never compiled) or fails to render falls
back to the source text. A translation never makes the game fail.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine.model import Story
    from game.engine.node_path import NodePath

DOMAIN = "story"  # the catalogue's name: locale/<lang>/LC_MESSAGES/story.po
LOCALE_DIR = "locale"
MANIFEST_CONTEXT = "story.yaml"  # scene ids have no '.', so this never names a scene

# A run of blank lines between two paragraphs, kept whole so a text is rebuilt exactly.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# Jinja block tags that open and close a block: a paragraph inside an `{% if %}` that spans
# paragraphs stays with the rest of its block, so each message is a template of its own.
_OPENS = re.compile(r"\{%-?\s*(?:if|for|macro|call|filter|raw)\b")
_CLOSES = re.compile(r"\{%-?\s*end(?:if|for|macro|call|filter|raw)\b")


@dataclass(frozen=True)
class Paragraph:
    """One translatable piece of a text: `lead` + `core` + `trail` is the source piece."""

    lead: str
    core: str
    trail: str


def paragraphs(text: str) -> list[tuple[Paragraph, str]]:
    """A text cut into paragraphs, each with the break that follows it ('' for the last).

    Joining `lead + core + trail + break` over the list gives back the text exactly. A Jinja
    block that spans a blank line keeps its paragraphs together.
    """
    pieces: list[str] = []
    breaks: list[str] = []
    position = 0
    depth = 0
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        chunk = text[position : match.start()]
        depth += len(_OPENS.findall(chunk)) - len(_CLOSES.findall(chunk))
        position = match.end()
        if depth > 0:
            continue  # inside a block: this break belongs to the paragraph
        pieces.append(text[start : match.start()])
        breaks.append(match.group())
        start = position
        depth = 0
    pieces.append(text[start:])
    breaks.append("")
    result = []
    for piece, after in zip(pieces, breaks, strict=True):
        core = piece.strip()
        if not core:
            result.append((Paragraph(piece, "", ""), after))
            continue
        lead = piece[: len(piece) - len(piece.lstrip())]
        trail = piece[len(piece.rstrip()) :]
        result.append((Paragraph(lead, core, trail), after))
    return result


@dataclass(frozen=True)
class Message:
    """One translatable text of a story: its context, its source, and the node it comes from."""

    context: str
    source: str
    scene: str | None  # None for story.yaml
    path: NodePath  # the node inside the scene or the manifest
    line_in_text: int = 1  # where the paragraph starts inside a multi-line text


def scene_context(scene_id: str, *path: str | int) -> str:
    return f"{scene_id}:" + ".".join(str(p) for p in path)


def manifest_context(*path: str | int) -> str:
    return f"{MANIFEST_CONTEXT}:" + ".".join(str(p) for p in path)


def story_messages(story: Story) -> Iterator[Message]:
    """Every player-visible text of a story, in the order of its files."""
    manifest = story.manifest
    yield Message(manifest_context("title"), manifest.title, None, ("title",))
    if manifest.description:
        yield Message(manifest_context("description"), manifest.description, None, ("description",))
    for name, var in manifest.vars.items():
        if var.label:
            path: NodePath = ("vars", name, "label")
            yield Message(manifest_context(*path), var.label, None, path)
    for ending_id, ending in manifest.endings.items():
        path = ("endings", ending_id, "title")
        yield Message(manifest_context(*path), ending.title, None, path)
        if ending.summary:
            path = ("endings", ending_id, "summary")
            yield Message(manifest_context(*path), ending.summary, None, path)
    for index, item in enumerate(manifest.consequences):
        path = ("consequences", index, "text")
        yield Message(manifest_context(*path), item.text, None, path)
    for scene_id, scene in story.scenes.items():
        yield Message(scene_context(scene_id, "title"), scene.title, scene_id, ("title",))
        if scene.place:
            yield Message(scene_context(scene_id, "place"), scene.place, scene_id, ("place",))
        if scene.date and any(c.isalpha() for c in scene.date):  # words in it: "2003-02-07, night"
            yield Message(scene_context(scene_id, "date"), scene.date, scene_id, ("date",))
        line = 1
        for number, (paragraph, after) in enumerate(paragraphs(scene.text)):
            line += paragraph.lead.count("\n")
            if paragraph.core:
                context = scene_context(scene_id, "text", number)
                yield Message(context, paragraph.core, scene_id, ("text",), line)
            line += paragraph.core.count("\n") + paragraph.trail.count("\n") + after.count("\n")
        for index, choice in enumerate(scene.choices):
            path = ("choices", index, "label")
            yield Message(scene_context(scene_id, *path), choice.label, scene_id, path)
            if choice.disabled_reason:
                path = ("choices", index, "disabled_reason")
                yield Message(
                    scene_context(scene_id, *path), choice.disabled_reason, scene_id, path
                )
            if choice.reply:
                path = ("choices", index, "reply")
                yield Message(scene_context(scene_id, *path), choice.reply, scene_id, path)
            for o_index, outcome in enumerate(choice.outcomes or ()):
                if outcome.reply:
                    path = ("choices", index, "outcomes", o_index, "reply")
                    yield Message(scene_context(scene_id, *path), outcome.reply, scene_id, path)


@dataclass
class Translation:
    """A story's compiled catalogue in one language: source text in, translated text out.

    Looked up by context and source together, so a translation of text that has since been
    edited is never shown (`i18n update` marks it fuzzy for the translator instead).
    """

    language: str
    catalogue: gettext.NullTranslations
    _texts: dict[str, str] = field(default_factory=dict)  # scene id -> its whole text, translated

    def text(self, context: str, source: str) -> str:
        """The translation of `source` at `context`, or `source` itself."""
        if not source:
            return source
        return self.catalogue.pgettext(context, source)

    def scene_text(self, scene_id: str, source: str) -> str:
        """A scene's whole text with each translated paragraph in place (the rest as it was)."""
        cached = self._texts.get(scene_id)
        if cached is not None:
            return cached
        parts = []
        for number, (paragraph, after) in enumerate(paragraphs(source)):
            core = paragraph.core
            if core:
                core = self.text(scene_context(scene_id, "text", number), core)
            parts.append(paragraph.lead + core + paragraph.trail + after)
        translated = "".join(parts)
        self._texts[scene_id] = translated
        return translated


def catalogue_path(root: str | Path, language: str, suffix: str = ".po") -> Path:
    return Path(root) / LOCALE_DIR / language / "LC_MESSAGES" / (DOMAIN + suffix)


def load_translation(story: Story, languages: list[str]) -> Translation | None:
    """The story's translation into the first of `languages` it has, or None."""
    from game.engine.catalogue import load_catalogue

    root = Path(story.root)
    for language in languages:
        po = catalogue_path(root, language)
        if po.is_file():
            catalogue = load_catalogue(po)
            if catalogue is not None:
                return Translation(language, catalogue)
    return None


def translated(story: Story, languages: list[str]) -> Story:
    """The story, showing its translation into the first of `languages` it has (as it was
    when it has none). Only what is shown changes: saves and fingerprints are the same."""
    from dataclasses import replace

    translation = load_translation(story, languages) if languages else None
    if translation is None and story.translation is None:
        return story
    return replace(story, translation=translation)


def languages_from(environ: Mapping[str, str] | None = None) -> list[str]:
    """The languages the player asked for, best first, as gettext reads the environment:
    `LANGUAGE` (a colon-separated list), else the first of `LC_ALL`, `LC_MESSAGES`, `LANG`.
    `fr_FR.UTF-8` gives `fr_FR`, then `fr`. `C` and `POSIX` ask for the source text."""
    environ = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            return expand_languages(value.split(":"))
    return []


def expand_languages(names: list[str]) -> list[str]:
    """`['fr_FR.UTF-8']` -> `['fr_FR', 'fr']`: each name without encoding or modifier, then its
    bare language; `C` and `POSIX` stop the list (the source text from there on)."""
    result: list[str] = []
    for name in names:
        bare = name.split(".")[0].split("@")[0].strip()
        if bare in ("C", "POSIX"):
            break
        if not bare:
            continue
        for candidate in (bare, bare.split("_")[0]):
            if candidate not in result:
                result.append(candidate)
    return result
