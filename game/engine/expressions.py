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

from game.engine import simple_jinja

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
    simple = simple_jinja.expression(source)  # the common case, without Jinja's slower parser
    if simple is not None:
        return simple
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
    simple = simple_jinja.template(source)  # the common case, without Jinja's slower parser
    return simple if simple is not None else environment().parse(source)


# Trees walked, by identity (nodes compare equal whatever their line numbers, so not by value).
_walked: dict[int, tuple[nodes.Node, tuple[nodes.Node, ...]]] = {}


def _descendants(tree: nodes.Node, *, remember: bool = False) -> tuple[nodes.Node, ...]:
    """Every node under `tree` (not `tree` itself), in the order `tree.find_all` yields them.

    `find_all` makes a generator per node per call, and was much of a cold load. Trees from the
    parse caches are walked once and remembered (`remember`), so a condition repeated across
    scenes costs one walk; other trees are walked each time, so nothing piles up.
    """
    known = _walked.get(id(tree))
    if known is not None and known[0] is tree:
        return known[1]
    found: list[nodes.Node] = []
    stack = _children(tree)
    stack.reverse()
    while stack:
        node = stack.pop()
        found.append(node)
        children = _children(node)
        children.reverse()
        stack.extend(children)
    result = tuple(found)
    if remember:
        _walked[id(tree)] = (tree, result)  # holding `tree` keeps its id from being reused
    return result


def _children(node: nodes.Node) -> list[nodes.Node]:
    """`list(node.iter_child_nodes())`, without its generators."""
    children: list[nodes.Node] = []
    for name in node.fields:
        item = getattr(node, name, None)
        if isinstance(item, nodes.Node):
            children.append(item)
        elif isinstance(item, list):
            children.extend(n for n in item if isinstance(n, nodes.Node))
    return children


def _names_used(tree: nodes.Node) -> set[str]:
    """Names read by an expression or a template, minus the ones it assigns itself."""
    names = [n for n in _descendants(tree) if isinstance(n, nodes.Name)]
    assigned = {n.name for n in names if n.ctx in ("store", "param")}
    return {n.name for n in names if n.ctx == "load"} - assigned


# A problem found in an expression or template: the message, and its line within the source.
Problem = tuple[str, int]


def _problems(tree: nodes.Node, known: Iterable[str]) -> list[Problem]:
    """What is wrong with a parsed expression or template, as author-facing sentences."""
    env = environment()
    problems: list[Problem] = []
    known_set = set(known) | set(HELPERS) | set(env.globals)
    every = _descendants(tree)
    first_line: dict[str, int] = {}
    for name_node in every:
        if isinstance(name_node, nodes.Name):
            first_line.setdefault(name_node.name, name_node.lineno)
    for name in sorted(_names_used(tree) - known_set):
        problems.append((f"'{name}' is not a declared variable", first_line.get(name, 1)))
    for attr in every:
        if isinstance(attr, nodes.Getattr) and attr.attr.startswith("_"):
            message = f"'{attr.attr}' reaches into Python internals, which stories may not do"
            problems.append((message, attr.lineno))
    for item in every:
        if (
            isinstance(item, nodes.Getitem)
            and isinstance(item.arg, nodes.Const)
            and str(item.arg.value).startswith("_")
        ):
            problems.append((f"'{item.arg.value}' reaches into Python internals", item.lineno))
    for flt in every:
        if isinstance(flt, nodes.Filter) and flt.name not in env.filters:
            problems.append((f"there is no filter named '{flt.name}'", flt.lineno))
    for test in every:
        if isinstance(test, nodes.Test) and test.name not in env.tests:
            problems.append((f"there is no test named '{test.name}'", test.lineno))
    return problems


def scenes_named(tree: nodes.Node) -> list[str]:
    """Scene ids passed as literals to `visits(...)` / `visited(...)`, to check they exist."""
    found = []
    for call in _descendants(tree):
        if (
            isinstance(call, nodes.Call)
            and isinstance(call.node, nodes.Name)
            and call.node.name in ("visits", "visited")
        ):
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
    _descendants(tree, remember=True)  # a cached tree: walk it once for every later check
    return _problems(tree, known), tree


def check_template(source: str, known: Iterable[str]) -> tuple[list[Problem], nodes.Node | None]:
    """Problems with a template (empty when fine), and its tree."""
    try:
        tree = parse_template(source)
    except TemplateSyntaxError as exc:
        return [(f"template error: {exc.message}", exc.lineno)], None
    _descendants(tree, remember=True)  # a cached tree: walk it once for every later check
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
