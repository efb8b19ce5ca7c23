"""Evaluating flat conditions without Jinja: the same values, a fraction of the time.

A condition like `destination == 'mars' and miners >= 6` is what nearly every `if`, `enabled_if`
and weight in a story is (see `jinja_scan`, which recognises them). Jinja evaluates one by
running code it generated for a template, about 10 microseconds a call; the explorer and the
checks evaluate conditions millions of times. This module turns a flat condition into a few
nested Python closures that do exactly what Jinja's generated code does (Python's own `==`, `<`,
`+`, `and`, `or`, `not`, on the values in the context; `visits(...)`/`visited(...)` called from
the context), so the answer is the same, exceptions included.

Nothing here can reach further than Jinja's sandbox would: a closure reads names from the
context it is given, applies those operators, and calls only the context's own `visits` and
`visited`. A name the context lacks raises `Missing`, and the caller lets Jinja give its own
answer (an undefined name, or one of Jinja's globals).
`tests/test_flat_eval.py` checks every answer against Jinja's on generated input.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from game.engine import jinja_scan

Evaluator = Callable[[Mapping[str, Any]], Any]

_TOKEN = re.compile(
    r"""[ \t]*(?:
      (?P<call>visits|visited)\([ \t]*(?:'(?P<s1>[^']*)'|"(?P<s2>[^"]*)")[ \t]*\)
    | '(?P<q1>[^']*)' | "(?P<q2>[^"]*)"
    | (?P<op>==|!=|<=|>=|<|>|\+|-)
    | (?P<int>[0-9]+)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)
_COMPARE = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
}  # fmt: skip
_CONSTANTS = {
    "true": True, "True": True, "false": False, "False": False, "none": None, "None": None,
}  # fmt: skip


class Missing(Exception):
    """The context has no such name: let Jinja evaluate this one."""


Token = tuple[str, Any]


def _tokens(source: str) -> list[Token]:
    tokens: list[Token] = []
    for found in _TOKEN.finditer(source):
        kind = found.lastgroup
        if kind in ("s1", "s2"):
            tokens.append(("call", (found.group("call"), found.group(kind))))
        elif kind in ("q1", "q2"):
            tokens.append(("const", found.group(kind)))
        elif kind == "int":
            tokens.append(("const", int(found.group(kind))))
        elif kind == "op":
            tokens.append(("op", found.group(kind)))
        else:
            word = found.group("word")
            if word in _CONSTANTS:
                tokens.append(("const", _CONSTANTS[word]))
            elif word in ("and", "or", "not"):
                tokens.append((word, word))
            else:
                tokens.append(("name", word))
    tokens.append(("end", None))
    return tokens


class _Parser:
    """Jinja's precedence for the flat subset: `or` < `and` < `not` < a comparison < `+`/`-`."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> Token:
        return self.tokens[self.at]

    def take(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def either(self, word: str, operand: Callable[[], Evaluator]) -> Evaluator:
        left = operand()
        while self.peek()[0] == word:
            self.take()
            left = _or(left, operand()) if word == "or" else _and(left, operand())
        return left

    def disjunction(self) -> Evaluator:
        return self.either("or", self.conjunction)

    def conjunction(self) -> Evaluator:
        return self.either("and", self.negation)

    def negation(self) -> Evaluator:
        if self.peek()[0] == "not":
            self.take()
            return _not(self.negation())
        return self.comparison()

    def comparison(self) -> Evaluator:
        left = self.sum()
        kind, value = self.peek()
        if kind == "op" and value in _COMPARE:
            self.take()
            return _binary(_COMPARE[value], left, self.sum())
        return left

    def sum(self) -> Evaluator:
        left = self.atom()
        while self.peek() in (("op", "+"), ("op", "-")):
            symbol = self.take()[1]
            left = _binary(operator.add if symbol == "+" else operator.sub, left, self.atom())
        return left

    def atom(self) -> Evaluator:
        kind, value = self.take()
        if kind == "const":
            return _constant(value)
        if kind == "name":
            return _name(value)
        if kind == "call":
            return _call(*value)
        raise ValueError(f"not a flat expression: unexpected {value!r}")


def _constant(value: Any) -> Evaluator:
    return lambda context: value


def _name(name: str) -> Evaluator:
    def read(context: Mapping[str, Any]) -> Any:
        try:
            return context[name]
        except KeyError:
            raise Missing(name) from None

    return read


def _call(helper: str, scene_id: str) -> Evaluator:
    def call(context: Mapping[str, Any]) -> Any:
        try:
            function = context[helper]
        except KeyError:
            raise Missing(helper) from None
        return function(scene_id)

    return call


def _binary(op: Callable[[Any, Any], Any], left: Evaluator, right: Evaluator) -> Evaluator:
    return lambda context: op(left(context), right(context))


def _and(left: Evaluator, right: Evaluator) -> Evaluator:
    return lambda context: left(context) and right(context)


def _or(left: Evaluator, right: Evaluator) -> Evaluator:
    return lambda context: left(context) or right(context)


def _not(operand: Evaluator) -> Evaluator:
    return lambda context: not operand(context)


@cache
def evaluator(source: str) -> Evaluator | None:
    """The evaluator of a flat expression (see `jinja_scan.expression`), or None for any other."""
    if jinja_scan.expression(source) is None:
        return None
    parser = _Parser(_tokens(source))
    result = parser.disjunction()
    if parser.peek()[0] != "end":  # cannot happen for what jinja_scan accepts
        return None
    return result
