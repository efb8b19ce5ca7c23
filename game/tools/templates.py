"""Which branches of a template's `{% if %}` blocks show: templates rendered with markers in them.

The template's own tree is changed before compiling: each branch of each `{% if %}` (the body, each
`{% elif %}`, the `{% else %}`, and the empty else an `{% if %}` without one has) starts by writing
a marker that cannot occur in story text. Rendering then tells both the text and which branches
showed, for nested blocks and loops too, with Jinja2 doing all the evaluating.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Template, TemplateSyntaxError, nodes

from game.engine import expressions

_MARKER = re.compile("\x00(\\d+)\x01")


@dataclass(frozen=True)
class Branch:
    """One branch of an `{% if %}` block; `line` is 1-based within the template."""

    line: int
    tag: str  # "if", "elif", "else", or "" for the empty else of an if that has none


@dataclass(frozen=True)
class InstrumentedTemplate:
    template: Template | None
    branches: tuple[Branch, ...]

    def render(self, context: Mapping[str, Any]) -> tuple[str, frozenset[int]]:
        """The text as a player sees it, and the indexes of the branches that showed."""
        if self.template is None:
            return "", frozenset()
        raw = expressions.render_compiled(self.template, context)
        shown = frozenset(int(m) for m in _MARKER.findall(raw))
        return _MARKER.sub("", raw), shown


def _marker(index: int, lineno: int) -> nodes.Output:
    return nodes.Output([nodes.TemplateData(f"\x00{index}\x01", lineno=lineno)], lineno=lineno)


@cache
def instrument(source: str) -> InstrumentedTemplate:
    """The template with a marker at the start of every `{% if %}` branch (cached by source)."""
    env = expressions.environment()
    try:
        tree = env.parse(source)
    except TemplateSyntaxError:
        return InstrumentedTemplate(None, ())
    branches: list[Branch] = []

    def mark(body: list[nodes.Node], lineno: int, tag: str) -> None:
        body.insert(0, _marker(len(branches), lineno))
        branches.append(Branch(lineno, tag))

    ifs = list(tree.find_all(nodes.If))
    elifs = {id(e) for block in ifs for e in block.elif_}
    for block in ifs:
        if id(block) in elifs:
            continue
        mark(block.body, block.lineno, "if")
        last_line = block.lineno
        for alternative in block.elif_:
            mark(alternative.body, alternative.lineno, "elif")
            last_line = alternative.lineno
        if block.else_:
            mark(block.else_, _else_line(block, last_line), "else")
        else:
            mark(block.else_, block.lineno, "")
    if not branches:
        return InstrumentedTemplate(None, ())
    tree.set_environment(env)
    code = env.compile(tree)
    template = env.template_class.from_code(env, code, env.make_globals(None))
    return InstrumentedTemplate(template, tuple(branches))


def _else_line(block: nodes.If, last_line: int) -> int:
    """Jinja2 does not record where `{% else %}` is; the line before its first node is close."""
    first = next(iter(block.else_), None)
    line = getattr(first, "lineno", last_line) if first is not None else last_line
    return max(last_line, line)
