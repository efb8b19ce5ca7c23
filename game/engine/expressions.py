"""Conditions, weights and text: Jinja2 in its sandbox, with strict undefined names.

Expressions are parsed (cheap) when a story loads, so every mistake is found up front, and compiled
(dear) only when first used, cached by their source text: a 5,000-scene story loads without
compiling thousands of expressions nobody has reached yet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, nodes
from jinja2.parser import Parser

from game.engine import jinja_scan, simple_jinja, tree_eval
from game.engine.sandbox import StoryEnvironment, budget

# Names every expression may use besides the story's variables (see docs/format.md).
HELPERS = ("turn", "visits", "visited", "ending", "sequence", "cycle", "once", "shuffle")


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


def descendants(tree: nodes.Node) -> list[nodes.Node]:
    """Every node under `tree` (not `tree` itself), in the order `tree.find_all` yields them.

    `find_all` makes a generator per node per call, and was much of a cold load.
    """
    found: list[nodes.Node] = []
    stack = _children(tree)
    stack.reverse()
    while stack:
        node = stack.pop()
        found.append(node)
        children = _children(node)
        children.reverse()
        stack.extend(children)
    return found


# The fields that can hold nodes, for the node types conditions and texts are mostly made of
# (the others hold names, operators, text and constants). Types not listed try every field.
_NODE_FIELDS: dict[type[nodes.Node], tuple[str, ...]] = {
    nodes.Name: (), nodes.Const: (), nodes.TemplateData: (),
    nodes.Operand: ("expr",), nodes.Compare: ("expr", "ops"), nodes.Not: ("node",),
    nodes.Neg: ("node",), nodes.Pos: ("node",), nodes.Output: ("nodes",),
    nodes.Call: ("node", "args", "kwargs", "dyn_args", "dyn_kwargs"),
    nodes.If: ("test", "body", "elif_", "else_"), nodes.Template: ("body",),
    **{cls: ("left", "right") for cls in (nodes.And, nodes.Or, nodes.Add, nodes.Sub,
                                          nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod,
                                          nodes.Pow)},
}  # fmt: skip


def _children(node: nodes.Node) -> list[nodes.Node]:
    """`list(node.iter_child_nodes())`, without its generators."""
    children: list[nodes.Node] = []
    for name in _NODE_FIELDS.get(type(node), node.fields):
        item = getattr(node, name, None)
        if isinstance(item, nodes.Node):
            children.append(item)
        elif isinstance(item, list):
            children.extend(n for n in item if isinstance(n, nodes.Node))
    return children


@cache
def _always_known() -> frozenset[str]:
    """Names that are never undeclared: the helpers, and Jinja's globals (`range`, `dict`...)."""
    return frozenset(HELPERS) | frozenset(environment().globals)


# A problem found in an expression or template: the message, its line within the source, and a
# regular expression for what it is about on that line ('' for none), so the message can point
# at the column where it is and not only at the start of the line.
Problem = tuple[str, int, str]


@dataclass(frozen=True, slots=True)
class _Summary:
    """What the checks need to know about a tree, found in one walk over it."""

    names: tuple[tuple[str, int], ...]  # names read and not assigned, sorted, with first line
    problems: tuple[Problem, ...]  # reaching into internals, unknown filters and tests
    scenes: tuple[str, ...]  # scene ids passed as literals to visits() / visited()


def _summary(tree: nodes.Node) -> _Summary:
    """What a parsed expression or template reads, and what is wrong with it."""
    env = environment()
    every = [tree, *descendants(tree)]  # the root counts too: `if: flag` is a lone Name
    first_line: dict[str, int] = {}
    loaded: set[str] = set()
    assigned: set[str] = set()
    internals: list[Problem] = []
    items: list[Problem] = []
    filters: list[Problem] = []
    tests: list[Problem] = []
    scenes: list[str] = []
    for node in every:
        if isinstance(node, nodes.Name):
            first_line.setdefault(node.name, node.lineno)
            if node.ctx == "load":
                loaded.add(node.name)
            elif node.ctx in ("store", "param"):
                assigned.add(node.name)
        elif isinstance(node, nodes.Getattr):
            if node.attr.startswith("_"):
                message = f"'{node.attr}' reaches into Python internals, which stories may not do"
                internals.append((message, node.lineno, rf"\b{node.attr}\b"))
        elif isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Const) and str(node.arg.value).startswith("_"):
                message = f"'{node.arg.value}' reaches into Python internals"
                items.append((message, node.lineno, re.escape(str(node.arg.value))))
        elif isinstance(node, nodes.Filter):
            if node.name not in env.filters:
                message = f"there is no filter named '{node.name}'"
                filters.append((message, node.lineno, rf"\b{node.name}\b"))
        elif isinstance(node, nodes.Test):
            if node.name not in env.tests:
                message = f"there is no test named '{node.name}'"
                tests.append((message, node.lineno, rf"\b{node.name}\b"))
        elif (
            isinstance(node, nodes.Call)
            and isinstance(node.node, nodes.Name)
            and node.node.name in ("visits", "visited")
        ):
            for arg in node.args:
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                    scenes.append(arg.value)
    return _Summary(
        names=tuple((name, first_line.get(name, 1)) for name in sorted(loaded - assigned)),
        problems=(*internals, *items, *filters, *tests),
        scenes=tuple(scenes),
    )


# How deeply an expression or template may nest (`a and b and c...` is one level per `and`):
# far beyond what a story needs, and well within what Jinja's compiler and Python's own limits
# (200 nested parentheses, 100 indented blocks) take. Deeper is refused when the story loads,
# so neither play nor the tools ever meet one.
MAX_NESTING = 40
_TOO_DEEP = (
    f"nested more than {MAX_NESTING} levels deep (e.g. that many 'and's or nested blocks): "
    "split it into simpler conditions"
)
# What each level of nesting needs at least one of: a source with fewer cannot be too deep.
_NESTING_MARKS = (" and ", " or ", "not ", "(", "[", "{%", "+", "-", "*", "/", "%", "~", "|")


_TAG_TEXT = re.compile(r"\{[{%][^}]*\}")  # the tags of a template (to count what is in them)


def _may_be_too_deep(source: str, template: bool = False) -> bool:
    """False when `source` cannot nest more than `MAX_NESTING` levels: a cheap count, so that
    only the rare source with many operators is parsed to measure. In a template only what is
    inside its tags counts (prose is full of hyphens and brackets)."""
    if template:
        if "{" not in source:
            return False
        source = "".join(_TAG_TEXT.findall(source))
    return sum(source.count(mark) for mark in _NESTING_MARKS) > MAX_NESTING


def _depth(tree: nodes.Node) -> int:
    """How many nodes deep a tree goes (walked with a stack, so any depth is safe)."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in _children(node))
    return deepest


@cache
def expression_reads(source: str) -> _Summary | list[Problem]:
    """What an expression reads, or why it does not parse. Flat ones are matched, not parsed
    (see `jinja_scan`); cached by source text, so a condition repeated is looked at once."""
    deep = _may_be_too_deep(source)
    reads = None if deep else jinja_scan.expression(source)
    if reads is not None:
        return _Summary(reads[0], (), reads[1])
    try:
        tree = parse_expression(source)
    except TemplateSyntaxError as exc:
        return [(f"cannot parse {source!r}: {exc.message}", exc.lineno, "")]
    except (RecursionError, SyntaxError):
        return [(_TOO_DEEP, 1, "")]
    if deep and _depth(tree) > MAX_NESTING:
        return [(_TOO_DEEP, 1, "")]
    return _summary(tree)


@cache
def template_reads(source: str) -> _Summary | list[Problem]:
    """What a template reads, or why it does not parse (see `expression_reads`)."""
    deep = _may_be_too_deep(source, template=True)
    reads = None if deep else jinja_scan.template(source)
    if reads is not None:
        return _Summary(reads[0], (), reads[1])
    try:
        tree = parse_template(source)
    except TemplateSyntaxError as exc:
        return [_template_syntax_problem(source, exc)]
    except (RecursionError, SyntaxError):
        return [(_TOO_DEEP, 1, "")]
    if deep and _depth(tree) > MAX_NESTING:
        return [(_TOO_DEEP, 1, "")]
    return _summary(tree)


# Jinja's block tags and the tag that closes each.
_BLOCKS = {
    "if": "endif",
    "for": "endfor",
    "filter": "endfilter",
    "macro": "endmacro",
    "call": "endcall",
    "with": "endwith",
    "raw": "endraw",
}


def _template_syntax_problem(source: str, exc: TemplateSyntaxError) -> Problem:
    """A template that does not parse. Jinja reports a block left open at the end of the
    text, where there is nothing to fix: point at the tag that opened it instead."""
    message = exc.message or "cannot parse"
    if "Unexpected end of template" in message:
        opened = _unclosed_block(source)
        if opened is not None:
            tag, line = opened
            return (
                f"template error: this {{% {tag} %}} is never closed: add {{% {_BLOCKS[tag]} %}} "
                "where it should end",
                line,
                r"\{%-?\s*" + tag + r"\b",
            )
    return (f"template error: {message}", exc.lineno, r"\{[{%]")


def _unclosed_block(source: str) -> tuple[str, int] | None:
    """The innermost block tag left open in a template, and its line."""
    stack: list[tuple[str, int]] = []
    after_begin = False
    try:
        for line, kind, value in environment().lex(source):
            if kind == "block_begin":
                after_begin = True
                continue
            if kind == "whitespace":
                continue
            if after_begin and kind == "name":
                if value in _BLOCKS:
                    stack.append((value, line))
                elif value.startswith("end") and stack and _BLOCKS[stack[-1][0]] == value:
                    stack.pop()
            after_begin = False
    except TemplateSyntaxError:
        return None
    return stack[-1] if stack else None


def check_expression(source: str, known: Iterable[str]) -> tuple[list[Problem], tuple[str, ...]]:
    """Problems with an expression (empty when fine), and the scene ids it names."""
    return _checked(expression_reads(source), known)


def check_template(source: str, known: Iterable[str]) -> tuple[list[Problem], tuple[str, ...]]:
    """Problems with a template (empty when fine), and the scene ids it names."""
    return _checked(template_reads(source), known)


def _checked(
    reads: _Summary | list[Problem], known: Iterable[str]
) -> tuple[list[Problem], tuple[str, ...]]:
    if isinstance(reads, list):  # it does not parse
        return reads, ()
    known_set = known if isinstance(known, set | frozenset) else set(known)
    always = _always_known()
    problems: list[Problem] = [
        (f"'{name}' is not a declared variable", line, rf"\b{name}\b")
        for name, line in reads.names
        if name not in known_set and name not in always
    ]
    problems.extend(reads.problems)
    return problems, reads.scenes


@cache
def _compiled_expression(source: str) -> Callable[..., Any]:
    return environment().compile_expression(source, undefined_to_none=False)


@cache
def _compiled_template(source: str) -> Any:
    return environment().from_string(source)


def evaluate(source: str | int | float, context: Mapping[str, Any]) -> Any:
    """The value of an expression (numbers pass through, for weights written as numbers), by
    Jinja in its sandbox."""
    if not isinstance(source, str):
        return source
    walked = tree_eval.expression(source)  # the simple subset, from its tree (see there)
    if walked is not None:
        try:
            with budget():
                return walked(context)
        except Exception:  # anything unusual: Jinja gives its own answer, or its own error
            pass
    with budget():  # compiling too: a deeply nested expression is refused, not a crash
        return _compiled_expression(source)(**context)


def render(source: str, context: Mapping[str, Any]) -> str:
    """A template rendered with the given names; plain text skips Jinja entirely."""
    if "{" not in source:
        return source
    walked = tree_eval.template(source)  # the simple subset, from its tree (see there)
    if walked is not None:
        try:
            with budget():
                return walked.render(context)[0]
        except Exception:  # anything unusual: Jinja gives its own answer, or its own error
            pass
    with budget():
        return render_compiled(_compiled_template(source), context)


def render_compiled(template: Template, context: Mapping[str, Any]) -> str:
    """A template made with `environment()` rendered under the budget of story code (see
    `game.engine.sandbox`): the one way any story text is rendered."""
    with budget():
        return str(template.render(**context))
