"""Which branches of a template's `{% if %}` blocks show: templates rendered with markers in them.

The simple subset is walked from its tree by `tree_eval`, which records each branch it takes. For
anything else the template's own tree is changed before compiling: each branch of each `{% if %}`
(the body, each `{% elif %}`, the `{% else %}`, and the empty else an `{% if %}` without one has)
starts by writing a marker that cannot occur in story text. Rendering then tells both the text and
which branches showed, for nested blocks and loops too, with Jinja2 doing all the evaluating.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Template, TemplateSyntaxError, nodes

from game.engine import expressions, tree_eval
from game.engine.sandbox import budget

_MARKER = re.compile("\x00(\\d+)\x01")


@dataclass(frozen=True)
class Branch:
    """One branch of an `{% if %}` block; `line` is 1-based within the template."""

    line: int
    tag: str  # "if", "elif", "else", or "" for the empty else of an if that has none


@dataclass(frozen=True)
class InstrumentedTemplate:
    source: str
    branches: tuple[Branch, ...]

    def render(self, context: Mapping[str, Any]) -> tuple[str, frozenset[int]]:
        """The text as a player sees it, and the indexes of the branches that showed."""
        if not self.branches:
            return expressions.render(self.source, context), frozenset()
        walked = tree_eval.template(self.source)  # the simple subset, without compiling
        if walked is not None:
            try:
                with budget():
                    return walked.render(context)
            except Exception:  # anything unusual: Jinja's own answer, or its own error
                pass
        raw = expressions.render_compiled(_marked(self.source), context)
        shown = frozenset(int(m) for m in _MARKER.findall(raw))
        return _MARKER.sub("", raw), shown


def _marker(index: int, lineno: int) -> nodes.Output:
    return nodes.Output([nodes.TemplateData(f"\x00{index}\x01", lineno=lineno)], lineno=lineno)


@cache
def instrument(source: str) -> InstrumentedTemplate:
    """A template's `{% if %}` branches, and a way to render it saying which showed (cached by
    source). Nothing is compiled here: see `_marked`."""
    try:
        tree = expressions.parse_template(source)
    except TemplateSyntaxError:
        return InstrumentedTemplate(source, ())
    return InstrumentedTemplate(source, tuple(_branches(tree)))


def _branches(tree: nodes.Template) -> list[Branch]:
    """The branches, in the order `tree_eval.branch_numbers` numbers them."""
    branches: list[Branch] = []
    ifs = list(tree.find_all(nodes.If))
    elifs = {id(e) for block in ifs for e in block.elif_}
    for block in ifs:
        if id(block) in elifs:
            continue
        branches.append(Branch(block.lineno, "if"))
        last_line = block.lineno
        for alternative in block.elif_:
            branches.append(Branch(alternative.lineno, "elif"))
            last_line = alternative.lineno
        if block.else_:
            branches.append(Branch(_else_line(block, last_line), "else"))
        else:
            branches.append(Branch(block.lineno, ""))
    return branches


@cache
def _marked(source: str) -> Template:
    """The template compiled with a marker at the start of every branch (the body, each `elif`,
    the `else`, and the empty else an `{% if %}` without one has), so that rendering it tells
    which showed, for anything Jinja can render: what `tree_eval` does not take on."""
    env = expressions.environment()
    tree = env.parse(source)  # a tree of its own: the markers change it
    count = 0

    def mark(body: list[nodes.Node], lineno: int) -> None:
        nonlocal count
        body.insert(0, _marker(count, lineno))
        count += 1

    ifs = list(tree.find_all(nodes.If))
    elifs = {id(e) for block in ifs for e in block.elif_}
    for block in ifs:
        if id(block) in elifs:
            continue
        mark(block.body, block.lineno)
        for alternative in block.elif_:
            mark(alternative.body, alternative.lineno)
        mark(block.else_, block.lineno)
    tree.set_environment(env)
    code = env.compile(tree)
    return env.template_class.from_code(env, code, env.make_globals(None))


def _else_line(block: nodes.If, last_line: int) -> int:
    """Jinja2 does not record where `{% else %}` is; the line before its first node is close."""
    first = next(iter(block.else_), None)
    line = getattr(first, "lineno", last_line) if first is not None else last_line
    return max(last_line, line)
