"""What may come next where the author is typing, read from the line up to the cursor.

Scene ids after `goto:`/`start:` and inside `visits('`/`visited('`; ending ids after `end:`;
variables in conditions, effects and `{{ }}`/`{% %}`; the format's own keys where a key starts.
The keys come from the pydantic models, the one description of the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel

from game.engine.expressions import HELPERS
from game.engine.model import (
    Choice,
    ConditionalEffects,
    Consequence,
    Effects,
    Ending,
    Manifest,
    Outcome,
    Scene,
    Story,
    Variable,
)
from game.engine.once_only import is_hidden_variable

_SCENE_AFTER = re.compile(r"(?:\bgoto|^start)\s*:\s*['\"]?[\w]*$|visit(?:s|ed)\(\s*['\"][\w]*$")
_ENDING_AFTER = re.compile(r"\bend\s*:\s*['\"]?\w*$")
_EFFECT = re.compile(r"\b(?:set|add)\s*:\s*\{[^}]*$")
_EXPRESSION_KEY = re.compile(r"\b(?:if|enabled_if|weight)\s*:\s*.*\w*$")
_KEY_START = re.compile(r"^(\s*)(-\s+)?\w*$")


@dataclass(frozen=True)
class Suggestion:
    label: str
    kind: str  # "scene", "ending", "variable", "helper", "key"
    detail: str


def suggestions(story: Story, line: str, manifest: bool, block_key: str | None) -> list[Suggestion]:
    """What may be typed at the end of `line` (the text before the cursor). `manifest`: the
    file is story.yaml; `block_key`: the key whose block the line is in (`set`, `vars`...)."""
    if _SCENE_AFTER.search(line):
        return [Suggestion(s, "scene", scene.title) for s, scene in story.scenes.items()]
    if _ENDING_AFTER.search(line):
        return [Suggestion(e, "ending", ending.title) for e, ending in story.endings.items()]
    if _in_template(line) or _EXPRESSION_KEY.search(line):  # a computed value's `{{` too
        helpers = [Suggestion(h, "helper", "helper") for h in HELPERS]
        return [*_variables(story), *helpers]
    if _EFFECT.search(line) or (block_key in ("set", "add") and _KEY_START.match(line)):
        return _variables(story)
    start = _KEY_START.match(line)
    if start:
        return [Suggestion(k, "key", "") for k in _keys(len(start.group(1)), manifest, block_key)]
    return []


def _variables(story: Story) -> list[Suggestion]:
    return [
        Suggestion(name, "variable", var.label or type(var.initial).__name__)
        for name, var in story.variables.items()
        if not is_hidden_variable(name)
    ]


def _in_template(line: str) -> bool:
    """Whether the cursor is inside `{{ }}` or `{% %}` on this line."""
    opened = max(line.rfind("{{"), line.rfind("{%"))
    closed = max(line.rfind("}}"), line.rfind("%}"))
    return opened > closed


def _fields(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _keys(indent: int, manifest: bool, block_key: str | None) -> list[str]:
    """The format's keys for a key starting at this indentation."""
    if manifest:
        if indent == 0:
            return _fields(Manifest)
        nested: dict[str | None, type[BaseModel]] = {
            "vars": Variable,
            "endings": Ending,
            "consequences": Consequence,
        }
        model = nested.get(block_key)
        return _fields(model) if model is not None and indent > 2 else []
    if indent == 0:
        return []  # a scene id: the author's to choose
    if indent <= 2:
        return _fields(Scene)
    if block_key == "when":
        return _fields(ConditionalEffects)
    if block_key == "on_enter":
        return _fields(Effects)
    return list(dict.fromkeys([*_fields(Choice), *_fields(Outcome)]))
