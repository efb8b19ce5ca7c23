"""`goldilocks i18n`: a story's gettext catalogues, made and kept up to date with Babel.

    DIR/locale/story.pot                      the template: every text the player can see
    DIR/locale/<lang>/LC_MESSAGES/story.po    one language's translations (a translator edits it)
    DIR/locale/<lang>/LC_MESSAGES/story.mo    its compiled form (built on the fly, or by `compile`)

`extract` writes the template; `init LANG` starts a language from it; `update` brings every
language in line with the template: a text whose source was edited keeps its old translation,
marked fuzzy (shown as the source until a translator checks it and removes the mark), and a text
that went away is kept at the end of the file as obsolete (`#~`), never dropped.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, unescape, write_po

from game.engine import Story, StoryErrors, load_story
from game.engine.atomic import describe_os_error, write_atomic
from game.engine.catalogue import compile_po
from game.engine.translation import DOMAIN, LOCALE_DIR, catalogue_path, story_messages


class I18nError(Exception):
    """Something the user can fix: the message says what."""


def template_path(root: Path) -> Path:
    return root / LOCALE_DIR / f"{DOMAIN}.pot"


def languages(root: Path) -> list[str]:
    """The languages a story has a catalogue for, sorted."""
    folder = root / LOCALE_DIR
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if catalogue_path(root, p.name).is_file())


def template(story: Story) -> Catalog:
    """The story's template catalogue: each message with its context and `file:line`."""
    catalog = Catalog(
        project=story.title,
        version="",
        copyright_holder="the story's authors",
        domain=DOMAIN,
        header_comment=(
            f"# Translations template for {story.title}, made by `goldilocks i18n extract`.\n"
            "# Each msgctxt names where the text is (scene:field); texts are Jinja templates."
        ),
        creation_date=datetime.now(UTC),
        fuzzy=False,
    )
    for message in story_messages(story):
        if message.scene is None:
            file, line, _ = story.locate_manifest(*message.path)
        else:
            file, line, _ = story.locate(message.scene, *message.path)
            if message.path == ("text",):
                source = story.scene_sources[message.scene]
                prefix = story.scene_prefix.get(message.scene, (message.scene,))
                line, _ = source.text_position(prefix + message.path, message.line_in_text)
        relative = Path(file).name if message.scene is None else _relative(story, file)
        added = catalog.add(message.source, locations=[(relative, line)], context=message.context)
        # Babel guesses python-format from any '%' or '{': a Jinja '{%' is neither
        added.flags.difference_update({"python-format", "python-brace-format"})
    return catalog


def _relative(story: Story, file: str) -> str:
    """A scene file's name as the catalogue gives it: relative to the story folder."""
    root = Path(story.root)
    try:
        return Path(file).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(file).name


def _write(path: Path, catalog: Catalog, **options: bool) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_previous=True, **options)
    try:
        write_atomic(path, buffer.getvalue())
    except OSError as exc:
        raise I18nError(f"cannot write {path}: {describe_os_error(exc)}") from exc


def _read(path: Path, language: str | None = None) -> Catalog:
    try:
        with path.open("rb") as stream:
            catalog = read_po(stream, locale=language, abort_invalid=True)
    except OSError as exc:
        raise I18nError(f"cannot read {path}: {describe_os_error(exc)}") from exc
    except Exception as exc:  # Babel's PoFileError and friends: a broken file, said in a line
        raise I18nError(f"{path}: {str(exc).splitlines()[0]}") from exc
    for message in [*catalog, *catalog.obsolete.values()]:
        _recover_previous(message)
    return catalog


def _recover_previous(message: Message) -> None:
    """Babel writes a fuzzy message's old source as `#| msgid` lines but reads them back as
    translator comments, which the next write re-wraps into `# | msgid` fragments that pile
    up with every update. Read them back as the previous source, as gettext means them, and
    drop the fragments an older write left (they follow the first `|` comment)."""
    comments = message.user_comments
    first = next((i for i, c in enumerate(comments) if c.startswith("|")), None)
    if first is None:
        return
    old, kept = comments[first:], comments[:first]
    parts: list[str] = []
    for comment in old:
        body = comment[1:].strip()
        if body.startswith("msgid "):
            body = body[len("msgid ") :].strip()
        if len(body) < 2 or body[0] != '"' or body[-1] != '"':
            parts = []  # a fragment of a re-wrapped comment: no previous source to recover
            break
        parts.append(unescape(body))
    message.user_comments = kept
    message.previous_id = ["".join(parts)] if parts and message.fuzzy else []


def extract(root: Path, display: str) -> tuple[Path, int]:
    """Write the template; (its path, how many messages)."""
    story = load_story(root, display_root=display)
    catalog = template(story)
    path = template_path(root)
    _write(path, catalog, omit_header=False)
    return path, len(catalog)


def init(root: Path, display: str, language: str) -> Path:
    """Start `language` from a fresh template; an existing catalogue is never replaced."""
    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError) as exc:
        raise I18nError(
            f"'{language}' is not a language code Babel knows (try fr, de, pt_BR)"
        ) from exc
    path = catalogue_path(root, language)
    if path.exists():
        raise I18nError(
            f"{path} exists already: use 'goldilocks i18n update' to bring it up to date"
        )
    extract(root, display)
    catalog = _read(template_path(root))
    catalog.locale = locale
    catalog.revision_date = datetime.now(UTC)
    catalog.fuzzy = False
    _write(path, catalog)
    return path


def update(root: Path, display: str) -> list[tuple[Path, int, int]]:
    """Extract, then bring each language in line: (path, newly fuzzy, newly obsolete) each."""
    extract(root, display)
    pot = _read(template_path(root))
    results = []
    for language in languages(root):
        path = catalogue_path(root, language)
        catalog = _read(path, language)
        fuzzy_before = {m.context: m.previous_id for m in _messages(catalog) if m.fuzzy}
        obsolete_before = set(catalog.obsolete)
        catalog.update(pot, update_header_comment=False)
        _carry_over_by_context(catalog)
        for message in _messages(catalog):  # Babel forgets the old source of an unchanged text
            if message.fuzzy and not message.previous_id:
                message.previous_id = list(fuzzy_before.get(message.context) or ())
        fuzzy = sum(1 for m in _messages(catalog) if m.fuzzy and m.context not in fuzzy_before)
        obsolete = len(set(catalog.obsolete) - obsolete_before)
        _write(path, catalog)
        results.append((path, fuzzy, obsolete))
    return results


def _messages(catalog: Catalog) -> Iterator[Message]:
    return (m for m in catalog if m.id)


def _carry_over_by_context(catalog: Catalog) -> None:
    """A message whose text changed too much for Babel's fuzzy matching still has the same
    context (the same place in the story): its old translation comes back, marked fuzzy, so
    the translator edits it rather than starting again."""
    by_context = {m.context: key for key, m in catalog.obsolete.items() if m.context and m.string}
    for message in _messages(catalog):
        if message.string or message.context not in by_context:
            continue
        old = catalog.obsolete.pop(by_context[message.context])
        message.string = old.string
        message.flags.add("fuzzy")
        message.previous_id = [old.id] if isinstance(old.id, str) else list(old.id)


def compile_all(root: Path) -> list[Path]:
    """Compile every language's `.po` to its `.mo`."""
    written = []
    for language in languages(root):
        po = catalogue_path(root, language)
        try:
            data = compile_po(po)
        except ValueError as exc:
            raise I18nError(str(exc)) from exc
        mo = po.with_suffix(".mo")
        try:
            write_atomic(mo, data)
        except OSError as exc:
            raise I18nError(f"cannot write {mo}: {describe_os_error(exc)}") from exc
        written.append(mo)
    return written


def run_i18n(root: Path, display: str, args: argparse.Namespace) -> int:
    action = args.i18n_command
    try:
        if action == "extract":
            path, count = extract(root, display)
            print(f"wrote {path} ({count} messages)")
        elif action == "init":
            language = args.language
            path = init(root, display, language)
            print(
                f"wrote {path}: translate its msgstr lines, then play with --lang {args.language}"
            )
        elif action == "update":
            results = update(root, display)
            if not results:
                print(f"no languages yet in {root / LOCALE_DIR} (start one: goldilocks i18n init)")
            for path, fuzzy, obsolete in results:
                print(f"updated {path}: {fuzzy} newly fuzzy, {obsolete} newly obsolete")
        else:
            for mo in compile_all(root):
                print(f"wrote {mo}")
    except StoryErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return 1
    except I18nError as exc:
        print(f"goldilocks i18n: {exc}", file=sys.stderr)
        return 1
    return 0
