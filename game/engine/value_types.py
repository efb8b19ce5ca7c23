"""What type an expression comes out as, worked out without running it, where that can be known.

A computed effect (`add: {listeners: "{{ 2 * nerve }}"}`) must come out as a value its variable
can hold. `check` reports the ones that never can when the story loads (`'{{ nerve / 2 }}' comes
out as a number with a fraction`); the rest are checked when played (see `transition`). This
reads the tree the one expression parser makes: no second parser, no evaluation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from jinja2 import nodes

# The possible types of an expression's value, or None when they cannot be known statically.
Types = frozenset[type] | None

_ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Mod, nodes.FloorDiv, nodes.Pow)
_TRUTH = (nodes.Compare, nodes.Not, nodes.Test)
_FILTERS: dict[str, type] = {"int": int, "float": float, "string": str, "length": int,
                             "count": int, "round": float, "lower": str, "upper": str,
                             "title": str, "capitalize": str, "trim": str, "join": str}  # fmt: skip
_HELPERS: dict[str, type] = {"visits": int, "visited": bool}


def types_of(tree: nodes.Node, variables: Mapping[str, type]) -> Types:
    """The types `tree` can come out as, given each variable's type (None: unknown)."""
    infer: Callable[[nodes.Node], Types] = lambda node: types_of(node, variables)  # noqa: E731
    if isinstance(tree, nodes.Const):
        return frozenset({type(tree.value)})
    if isinstance(tree, nodes.Name):
        if tree.name in variables:
            return frozenset({variables[tree.name]})
        return frozenset({int}) if tree.name == "turn" else None
    if isinstance(tree, _TRUTH):
        return frozenset({bool})
    if isinstance(tree, nodes.Concat):
        return frozenset({str})
    if isinstance(tree, nodes.Div):
        return frozenset({float})
    if isinstance(tree, nodes.Neg | nodes.Pos):
        inner = infer(tree.node)
        return None if inner is None else frozenset(_numeric(t) for t in inner)
    if isinstance(tree, _ARITHMETIC):
        return _arithmetic(tree, infer(tree.left), infer(tree.right))
    if isinstance(tree, nodes.And | nodes.Or):
        return _union(infer(tree.left), infer(tree.right))
    if isinstance(tree, nodes.CondExpr):
        if tree.expr2 is None:
            return None
        return _union(infer(tree.expr1), infer(tree.expr2))
    if isinstance(tree, nodes.Filter):
        if tree.name == "abs" and tree.node is not None:
            return infer(tree.node)
        found = _FILTERS.get(tree.name)
        return None if found is None else frozenset({found})
    if isinstance(tree, nodes.Call) and isinstance(tree.node, nodes.Name):
        helper = _HELPERS.get(tree.node.name)
        return None if helper is None else frozenset({helper})
    return None


def _numeric(kind: type) -> type:
    return int if kind is bool else kind


def _union(left: Types, right: Types) -> Types:
    return None if left is None or right is None else left | right


def _arithmetic(tree: nodes.Node, left: Types, right: Types) -> Types:
    if left is None or right is None:
        return None
    found: set[type] = set()
    for one in left:
        for other in right:
            pair = {_numeric(one), _numeric(other)}
            if pair <= {int, float}:
                found.add(float if float in pair else int)
            elif pair == ({str} if isinstance(tree, nodes.Add) else {str, int}):
                found.add(str)  # text joined, or repeated (`'ab' * 2`)
            else:
                return None  # a mix Python refuses: the run-time check will say so
    return frozenset(found)


def describe(kind: type) -> str:
    """A type as the messages name it."""
    return {
        bool: "true or false",
        int: "a whole number",
        float: "a number with a fraction",
        str: "text",
        type(None): "nothing",
    }.get(kind, kind.__name__)
