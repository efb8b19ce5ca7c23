"""Conditions, weights and text: Jinja2 in its sandbox, with strict undefined names.

Expressions are parsed (cheap) when a story loads, so every mistake is found up front, and compiled
(dear) only when first used, cached by their source text: a 5,000-scene story loads without
compiling thousands of expressions nobody has reached yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.parser import Parser
from jinja2.sandbox import SandboxedEnvironment

# Names every expression may use besides the story's variables (see docs/format.md).
HELPERS = ("turn", "visits", "visited", "ending")


class StoryEnvironment(SandboxedEnvironment):
    """The sandbox: no attribute or item starting with `_`, no unsafe callables."""


@cache
def environment() -> StoryEnvironment:
    return StoryEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


@cache
def parse_expression(source: str) -> nodes.Expr:
    """Parse an expression, raising `TemplateSyntaxError` if it is not exactly one expression."""
    parser = Parser(environment(), source, state="variable")
    expr = parser.parse_expression()
    if not parser.stream.eos:
        token = parser.stream.current
        raise TemplateSyntaxError(
            f"unexpected {token.value!r} after the expression", token.lineno, None, None
        )
    return expr


@cache
def parse_template(source: str) -> nodes.Template:
    return environment().parse(source)


def _names_used(tree: nodes.Node) -> set[str]:
    """Names read by an expression or a template, minus the ones it assigns itself."""
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    return {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"} - assigned


# A problem found in an expression or template: the message, and its line within the source.
Problem = tuple[str, int]


def _problems(tree: nodes.Node, known: Iterable[str]) -> list[Problem]:
    """What is wrong with a parsed expression or template, as author-facing sentences."""
    env = environment()
    problems: list[Problem] = []
    known_set = set(known) | set(HELPERS) | set(env.globals)
    first_line: dict[str, int] = {}
    for name_node in tree.find_all(nodes.Name):
        first_line.setdefault(name_node.name, name_node.lineno)
    for name in sorted(_names_used(tree) - known_set):
        problems.append((f"'{name}' is not a declared variable", first_line.get(name, 1)))
    for attr in tree.find_all(nodes.Getattr):
        if attr.attr.startswith("_"):
            message = f"'{attr.attr}' reaches into Python internals, which stories may not do"
            problems.append((message, attr.lineno))
    for item in tree.find_all(nodes.Getitem):
        if isinstance(item.arg, nodes.Const) and str(item.arg.value).startswith("_"):
            problems.append((f"'{item.arg.value}' reaches into Python internals", item.lineno))
    for flt in tree.find_all(nodes.Filter):
        if flt.name not in env.filters:
            problems.append((f"there is no filter named '{flt.name}'", flt.lineno))
    for test in tree.find_all(nodes.Test):
        if test.name not in env.tests:
            problems.append((f"there is no test named '{test.name}'", test.lineno))
    return problems


def scenes_named(tree: nodes.Node) -> list[str]:
    """Scene ids passed as literals to `visits(...)` / `visited(...)`, to check they exist."""
    found = []
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in ("visits", "visited"):
            for arg in call.args:
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                    found.append(arg.value)
    return found


def check_expression(source: str, known: Iterable[str]) -> tuple[list[Problem], nodes.Node | None]:
    """Problems with an expression (empty when fine), and its tree for further checks."""
    try:
        tree = parse_expression(source)
    except TemplateSyntaxError as exc:
        return [(f"cannot parse {source!r}: {exc.message}", exc.lineno)], None
    return _problems(tree, known), tree


def check_template(source: str, known: Iterable[str]) -> tuple[list[Problem], nodes.Node | None]:
    """Problems with a template (empty when fine), and its tree."""
    try:
        tree = parse_template(source)
    except TemplateSyntaxError as exc:
        return [(f"template error: {exc.message}", exc.lineno)], None
    return _problems(tree, known), tree


@cache
def _compiled_expression(source: str) -> Callable[..., Any]:
    return environment().compile_expression(source, undefined_to_none=False)


@cache
def _compiled_template(source: str) -> Any:
    return environment().from_string(source)


def evaluate(source: str | int | float, context: Mapping[str, Any]) -> Any:
    """The value of an expression (numbers pass through, for weights written as numbers)."""
    if not isinstance(source, str):
        return source
    return _compiled_expression(source)(**context)


def render(source: str, context: Mapping[str, Any]) -> str:
    """A template rendered with the given names; plain text skips Jinja entirely."""
    if "{" not in source:
        return source
    return str(_compiled_template(source).render(**context))
