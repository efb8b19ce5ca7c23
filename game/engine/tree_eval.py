"""Working out the simple Jinja stories are mostly made of from its tree, without compiling it.

Jinja turns each condition and text into Python source and compiles it the first time it is used:
about 2 ms apiece, which is most of what `goldilocks check` spends on a big story (it works out
thousands of conditions and texts a few times each), and then about 25 microseconds per call in
Jinja's runtime. The trees `simple_jinja` parses (names, constants, `and`/`or`/`not`,
comparisons, arithmetic, calls of the story helpers, `{{ }}` and `{% if %}`) are small enough to
walk instead: each is turned once into nested closures that do what Jinja's generated code does
with the same operations, in the same order, through the same sandbox (`call_binop` spends and
checks every operator; a call goes to a plain function the sandbox calls safe, spending a step
and checking its arguments as `StoryEnvironment.call` does).

Only an answer is ever taken from here. Anything unusual (a name the context lacks, a callable
that is not a plain function, any exception at all) raises, and the caller asks Jinja, which
gives its own value or its own error: messages are always Jinja's and the engine's.
`tests/test_tree_eval.py` compares values, texts and branches with Jinja's on generated input.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from types import FunctionType
from typing import Any

from jinja2 import nodes

from game.engine import simple_jinja
from game.engine.sandbox import _check_arguments, checked, spend

Context = Mapping[str, Any]
Evaluator = Callable[[Context], Any]
# A text: it appends its pieces to the list it is given, and the branches shown to the set.
Writer = Callable[[Context, list[str], set[int]], None]


class Unanswered(Exception):
    """This tree cannot be worked out here for this context: ask Jinja."""


_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "gteq": operator.ge,
    "lt": operator.lt, "lteq": operator.le,
    "in": lambda a, b: a in b, "notin": lambda a, b: a not in b,
}  # fmt: skip
_BINARY = {
    nodes.Add: "+", nodes.Sub: "-", nodes.Mul: "*", nodes.Div: "/", nodes.FloorDiv: "//",
    nodes.Mod: "%", nodes.Pow: "**",
}  # fmt: skip


@cache
def expression(source: str) -> Evaluator | None:
    """The evaluator of an expression in the subset `simple_jinja` parses, or None."""
    tree = simple_jinja.expression(source)
    if tree is None:
        return None
    try:
        return _evaluator(tree)
    except (Unanswered, RecursionError):  # (nested too deeply to walk: Jinja says what it is)
        return None


class TextEvaluator:
    """A template in the subset, ready to render: the text, and which `{% if %}` branches
    showed, numbered as `templates.instrument` numbers them."""

    __slots__ = ("_write",)

    def __init__(self, write: Writer) -> None:
        self._write = write

    def render(self, context: Context) -> tuple[str, frozenset[int]]:
        from game.engine.expressions import environment

        parts: list[str] = []
        shown: set[int] = set()
        self._write(context, parts, shown)
        return environment().concat(parts), frozenset(shown)


@cache
def template(source: str) -> TextEvaluator | None:
    """The evaluator of a template in the subset `simple_jinja` parses, or None."""
    tree = simple_jinja.template(source)
    if tree is None:
        return None
    try:
        return TextEvaluator(_writer(tree.body, branch_numbers(tree)))
    except (Unanswered, RecursionError):
        return None


def branch_numbers(tree: nodes.Template) -> dict[tuple[int, str], int]:
    """Each `{% if %}` branch's number: (id of the If node, "body"/"else") -> number, in the
    order `templates.instrument` gives them (the blocks as `find_all` meets them; in each, the
    body, each `elif`, then the `else`, written or not)."""
    numbers: dict[tuple[int, str], int] = {}
    ifs = list(tree.find_all(nodes.If))
    elifs = {id(e) for block in ifs for e in block.elif_}
    for block in ifs:
        if id(block) in elifs:
            continue
        numbers[(id(block), "body")] = len(numbers)
        for alternative in block.elif_:
            numbers[(id(alternative), "body")] = len(numbers)
        numbers[(id(block), "else")] = len(numbers)
    return numbers


# -- expressions -----------------------------------------------------------------------------


def _evaluator(node: nodes.Node) -> Evaluator:
    kind = type(node)
    if kind is nodes.Const:
        value = node.value  # type: ignore[attr-defined]
        return lambda context: value
    if kind is nodes.Name:
        return _name(node.name)  # type: ignore[attr-defined]
    if kind is nodes.And:
        left, right = _evaluator(node.left), _evaluator(node.right)  # type: ignore[attr-defined]
        return lambda context: left(context) and right(context)
    if kind is nodes.Or:
        left, right = _evaluator(node.left), _evaluator(node.right)  # type: ignore[attr-defined]
        return lambda context: left(context) or right(context)
    if kind is nodes.Not:
        operand = _evaluator(node.node)  # type: ignore[attr-defined]
        return lambda context: not operand(context)
    if kind is nodes.Neg:
        operand = _evaluator(node.node)  # type: ignore[attr-defined]
        return lambda context: -operand(context)
    if kind is nodes.Pos:
        operand = _evaluator(node.node)  # type: ignore[attr-defined]
        return lambda context: +operand(context)
    if kind in _BINARY:
        return _binary(_BINARY[kind], _evaluator(node.left), _evaluator(node.right))  # type: ignore[attr-defined]
    if kind is nodes.Compare:
        return _compare(node)  # type: ignore[arg-type]
    if kind is nodes.Call:
        return _call(node)  # type: ignore[arg-type]
    raise Unanswered


def _name(name: str) -> Evaluator:
    def read(context: Context) -> Any:
        try:
            return context[name]
        except KeyError:
            raise Unanswered from None  # a global of Jinja's, or undefined: Jinja says which

    return read


def _binary(symbol: str, left: Evaluator, right: Evaluator) -> Evaluator:
    from game.engine.expressions import environment

    call_binop = environment().call_binop  # spends a step and checks sizes, as in Jinja's code

    def work(context: Context) -> Any:
        return call_binop(None, symbol, left(context), right(context))  # type: ignore[arg-type]

    return work


def _compare(node: nodes.Compare) -> Evaluator:
    first = _evaluator(node.expr)
    rest = [(_COMPARE[op.op], _evaluator(op.expr)) for op in node.ops]

    def compare(context: Context) -> Any:  # a chain, as Python's `a < b < c`
        left = first(context)
        result: Any = True
        for test, operand in rest:
            right = operand(context)
            result = test(left, right)
            if not result:
                return result
            left = right
        return result

    return compare


def _call(node: nodes.Call) -> Evaluator:
    if node.kwargs or node.dyn_args or node.dyn_kwargs:
        raise Unanswered
    from game.engine.expressions import environment

    safe = environment().is_safe_callable
    function = _evaluator(node.node)
    arguments = [_evaluator(a) for a in node.args]

    def call(context: Context) -> Any:
        callee = function(context)
        values = [argument(context) for argument in arguments]
        # only a story helper, a plain function, is called here; anything else goes to Jinja
        if type(callee) is not FunctionType or hasattr(callee, "jinja_pass_arg"):
            raise Unanswered
        if not safe(callee):
            raise Unanswered
        spend()
        _check_arguments(values, {})
        return checked(callee(*values))

    return call


# -- texts -----------------------------------------------------------------------------------


def _writer(body: list[nodes.Node], numbers: dict[tuple[int, str], int]) -> Writer:
    pieces = [_piece(node, numbers) for node in body]

    def write(context: Context, parts: list[str], shown: set[int]) -> None:
        for piece in pieces:
            piece(context, parts, shown)

    return write


def _piece(node: nodes.Node, numbers: dict[tuple[int, str], int]) -> Writer:
    if type(node) is nodes.Output:
        return _output(node.nodes)
    if type(node) is nodes.If:
        return _if(node, numbers)
    raise Unanswered


def _output(children: Sequence[nodes.Node]) -> Writer:
    pieces: list[str | Evaluator] = [
        child.data if type(child) is nodes.TemplateData else _evaluator(child)  # type: ignore[attr-defined]
        for child in children
    ]

    def write(context: Context, parts: list[str], shown: set[int]) -> None:
        for piece in pieces:
            parts.append(piece if type(piece) is str else str(piece(context)))  # type: ignore[operator]

    return write


def _if(node: nodes.If, numbers: dict[tuple[int, str], int]) -> Writer:
    arms = [
        (_evaluator(arm.test), numbers[(id(arm), "body")], _writer(arm.body, numbers))
        for arm in (node, *node.elif_)
    ]
    otherwise = numbers[(id(node), "else")]
    other = _writer(node.else_, numbers)

    def write(context: Context, parts: list[str], shown: set[int]) -> None:
        for test, number, body in arms:
            if test(context):
                shown.add(number)
                body(context, parts, shown)
                return
        shown.add(otherwise)
        other(context, parts, shown)

    return write
