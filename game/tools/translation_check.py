"""`goldilocks check DIR --lang fr`: is a story's translation complete, current and sound?

Coverage counts each text of the story now: translated, fuzzy (waiting for review, shown in the
source language), or untranslated (missing, empty, or translated from a source that has since
changed and not yet brought up to date by `i18n update`). Each translated template is checked
like the story's own: it must parse, read only the variables and helpers its source reads, and
test every condition its source tests (it may add conditions of its own over those names, for
plurals and grammatical gender). Problems point at the `.po` file's line: the translator's file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from jinja2 import TemplateSyntaxError, nodes

from game.engine import Story
from game.engine.expressions import parse_expression, parse_template, template_reads
from game.engine.story_folder import display_path
from game.engine.translation import LOCALE_DIR, Message, catalogue_path, story_messages

# Texts the engine renders as templates (the others are shown as written).
_TEMPLATE_FIELDS = ("title", "place", "text", "label", "disabled_reason")
_CONDITION = re.compile(r"\{%-?\s*(?:if|elif)\s+(.*?)\s*-?%\}", re.S)


@dataclass(frozen=True)
class TranslationProblem:
    """One problem in a translation, at a line of its `.po` file."""

    file: str
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.file}:{self.line}: {prefix}{self.message}"


@dataclass
class TranslationReport:
    language: str
    file: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    problems: list[TranslationProblem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def errors(self) -> list[TranslationProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[TranslationProblem]:
        return [p for p in self.problems if p.severity != "error"]

    def to_json(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "file": self.file,
            "translated": self.translated,
            "fuzzy": self.fuzzy,
            "untranslated": self.untranslated,
            "errors": [_problem_json(p) for p in self.errors],
            "warnings": [_problem_json(p) for p in self.warnings],
        }

    def summary(self) -> str:
        share = 100 * self.translated / self.total if self.total else 100.0
        return (
            f"Translation ({self.language}): {self.translated} translated, {self.fuzzy} fuzzy, "
            f"{self.untranslated} untranslated of {self.total} texts ({share:.0f}% translated)"
        )


def _problem_json(problem: TranslationProblem) -> dict[str, Any]:
    return {"file": problem.file, "line": problem.line, "message": problem.message}


def check_translation(
    story: Story, root: Path, display: str | None, language: str
) -> TranslationReport:
    """The translation of `story` into `language` checked; a missing catalogue is an error."""
    from game.engine.translation import expand_languages

    candidates = expand_languages([language]) or [language]
    found = next((c for c in candidates if catalogue_path(root, c).is_file()), candidates[0])
    po = catalogue_path(root, found)
    shown = display_path(root, po.relative_to(root).as_posix(), display)
    report = TranslationReport(found, shown)
    messages = list(story_messages(story))
    try:
        with po.open("rb") as stream:
            catalog = read_po(stream, abort_invalid=True)
    except FileNotFoundError:
        report.untranslated = len(messages)
        where = display_path(root, LOCALE_DIR, display)
        hint = f"start one with: goldilocks i18n init {display or root} {language}"
        report.problems.append(TranslationProblem(where, 1, f"no '{language}' translation; {hint}"))
        return report
    except Exception as exc:  # Babel's PoFileError and OSError: the file, in one line
        report.untranslated = len(messages)
        report.problems.append(TranslationProblem(shown, 1, str(exc).splitlines()[0]))
        return report
    by_context = {m.context: m for m in catalog if m.id and m.context}
    current = set()
    for message in messages:
        current.add(message.context)
        entry = by_context.get(message.context)
        if entry is None or not entry.string:
            report.untranslated += 1
            continue
        line = entry.lineno or 1
        if entry.id != message.source:
            report.untranslated += 1
            report.problems.append(
                TranslationProblem(
                    shown,
                    line,
                    f"'{message.context}' was translated from an older text: run "
                    "goldilocks i18n update, then review it",
                    "warning",
                )
            )
            continue
        if entry.fuzzy:
            report.fuzzy += 1
            continue
        report.translated += 1
        if _is_template(message):
            for problem in template_problems(message.source, str(entry.string)):
                text = f"'{message.context}': {problem}"
                report.problems.append(TranslationProblem(shown, line, text))
    for context, entry in by_context.items():
        if context not in current and not entry.fuzzy:
            report.problems.append(
                TranslationProblem(
                    shown,
                    entry.lineno or 1,
                    f"'{context}' is no longer in the story: run goldilocks i18n update",
                    "warning",
                )
            )
    return report


def _is_template(message: Message) -> bool:
    return message.path[-1] in _TEMPLATE_FIELDS or message.path[0] == "consequences"


def template_problems(source: str, translation: str) -> list[str]:
    """What is wrong with `translation` as a stand-in for the template `source`."""
    reads = template_reads(translation)
    if isinstance(reads, list):
        return [problem[0] for problem in reads]
    source_reads = template_reads(source)
    if isinstance(source_reads, list):  # the story's own error, which check reports there
        return []
    problems = [problem[0] for problem in reads.problems]
    allowed = {name for name, _ in source_reads.names}
    for name, _ in reads.names:
        if name not in allowed:
            problems.append(f"the translation reads '{name}', which its source does not")
    for scene in reads.scenes:
        if scene not in source_reads.scenes:
            problems.append(
                f"the translation asks about scene '{scene}', which its source does not"
            )
    translated_tests = _conditions(translation)
    for text, test in _source_conditions(source):
        if test not in translated_tests:
            problems.append(f"the translation does not test '{text}', which its source does")
    return problems


def _conditions(template: str) -> list[nodes.Node]:
    """Every condition a template tests: `{% if %}`, `{% elif %}`, and `a if b else c`."""
    try:
        tree = parse_template(template)
    except TemplateSyntaxError:
        return []
    tests: list[nodes.Node] = [n.test for n in tree.find_all(nodes.If)]
    tests.extend(n.test for n in tree.find_all(nodes.CondExpr))
    return tests


def _source_conditions(source: str) -> list[tuple[str, nodes.Node]]:
    """The source's block conditions, each with its text (for the message)."""
    found: list[tuple[str, nodes.Node]] = []
    for match in _CONDITION.finditer(source):
        try:
            found.append((match.group(1), parse_expression(match.group(1))))
        except TemplateSyntaxError:
            continue
    return found
