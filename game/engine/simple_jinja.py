"""A fast parser for the simple Jinja that stories are mostly made of, giving Jinja's own trees.

Jinja's parser costs about 0.2 ms per condition and more per template: for a 5,000-scene story
that is most of a cold load. Nearly every condition is a comparison of variables and constants
joined by `and`/`or`/`not`, and nearly every text is Markdown with a few `{{ name }}` and
`{% if %}` blocks. This module parses exactly that subset, mirroring `jinja2.parser.Parser` rule
for rule, and builds the same `jinja2.nodes` tree (line numbers included) that Jinja would.

Anything outside the subset — filters, tests, attributes, subscripts, lists, keyword arguments,
`if` expressions, string escapes, whitespace control, comments, any other tag, and every syntax
error — makes it return None, and the caller falls back to Jinja. Error messages therefore always
come from Jinja itself; this module only ever answers for input Jinja parses without complaint.
`tests/test_simple_jinja.py` checks the trees are equal to Jinja's on generated input.

Trees are built without `set_environment` (nothing that reads them here compiles them: templates
are compiled from their source, lazily, by `expressions`).
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from jinja2 import nodes

# One token of an expression. Deliberately narrower than Jinja's lexer: plain decimal numbers,
# ASCII names, strings without escapes or carriage returns, and the operators of the subset.
_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\n]+)
  | (?P<float>[0-9]+\.[0-9]+)
  | (?P<integer>[0-9]+)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<string>'[^'\\\r]*'|"[^"\\\r]*")
  | (?P<op>==|!=|>=|<=|//|\*\*|[-+*/%<>(),])
    """,
    re.VERBOSE,
)
_AFTER_NUMBER = re.compile(r"[A-Za-z0-9_.]")
_OPERATORS = {
    "==": "eq", "!=": "ne", ">=": "gteq", "<=": "lteq", ">": "gt", "<": "lt",
    "+": "add", "-": "sub", "*": "mul", "/": "div", "//": "floordiv", "%": "mod", "**": "pow",
    "(": "lparen", ")": "rparen", ",": "comma",
}  # fmt: skip
_COMPARE = frozenset(("eq", "ne", "lt", "lteq", "gt", "gteq"))
_MATH1: dict[str, type[nodes.BinExpr]] = {"add": nodes.Add, "sub": nodes.Sub}
_MATH2: dict[str, type[nodes.BinExpr]] = {
    "mul": nodes.Mul, "div": nodes.Div, "floordiv": nodes.FloorDiv, "mod": nodes.Mod,
}  # fmt: skip
# Words the subset never reads as a variable: Jinja gives some of them meanings of their own.
_RESERVED = frozenset(
    ("and", "or", "not", "in", "is", "if", "else", "elif", "endif", "for", "recursive")
)
_TAG = re.compile(r"\{[{%#]")

Token = tuple[str, object, int]  # (type, value, line)
_N = TypeVar("_N", bound=nodes.Node)


class _Unsupported(Exception):
    """Outside the subset (or not valid at all): let Jinja parse it."""


def _tokens(source: str, first_line: int, end_type: str, end_line: int | None) -> list[Token]:
    """Tokens of an expression, ending with an end token at `end_line` (or the last token's)."""
    tokens: list[Token] = []
    append = tokens.append
    line = first_line
    multiline = "\n" in source
    pos, size = 0, len(source)
    for found in _TOKEN.finditer(source):
        if found.start() != pos:
            raise _Unsupported  # something no token matches
        kind = found.lastgroup
        text = found.group()
        pos = found.end()
        if kind == "ws":
            if multiline:
                line += text.count("\n")
        elif kind == "name":
            append(("name", text, line))
        elif kind == "op":
            append((_OPERATORS[text], text, line))
        elif kind == "string":
            append(("string", text[1:-1], line))
            if multiline:
                line += text.count("\n")
        else:
            if (pos < size and _AFTER_NUMBER.match(source, pos)) or (
                len(text) > 1 and text[0] == "0" and text[1] != "."
            ):
                raise _Unsupported  # 1e5, 1_000, 0x1f, 007, 1.5.2, 3abc: Jinja's business
            append((kind, float(text) if kind == "float" else int(text), line))  # type: ignore[arg-type]
    if pos != size:
        raise _Unsupported
    last = tokens[-1][2] if tokens else first_line
    append((end_type, None, last if end_line is None else end_line))
    return tokens


_new = object.__new__


def _node(cls: type[_N], lineno: int | None, *values: Any) -> _N:
    """`cls(*values, lineno=lineno)`, without `Node.__init__`'s checks: the same attributes.

    Building nodes was a fifth of parsing; every call here passes the fields in order.
    """
    node = _new(cls)
    attributes = dict(zip(cls.fields, values, strict=True))
    attributes["lineno"] = lineno
    attributes["environment"] = None
    node.__dict__ = attributes
    return node


class _ExpressionParser:
    """`jinja2.parser.Parser`'s expression rules over a token list, for the subset only."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if self.index < len(self.tokens) - 1:
            self.index += 1
        return token

    def is_name(self, word: str) -> bool:
        token = self.tokens[self.index]
        return token[0] == "name" and token[1] == word

    def parse_or(self) -> nodes.Expr:
        lineno = self.current[2]
        left = self.parse_and()
        while self.is_name("or"):
            self.advance()
            right = self.parse_and()
            left = _node(nodes.Or, lineno, left, right)
            lineno = self.current[2]
        return left

    def parse_and(self) -> nodes.Expr:
        lineno = self.current[2]
        left = self.parse_not()
        while self.is_name("and"):
            self.advance()
            right = self.parse_not()
            left = _node(nodes.And, lineno, left, right)
            lineno = self.current[2]
        return left

    def parse_not(self) -> nodes.Expr:
        if self.is_name("not"):
            lineno = self.advance()[2]
            return _node(nodes.Not, lineno, self.parse_not())
        return self.parse_compare()

    def parse_compare(self) -> nodes.Expr:
        lineno = self.current[2]
        expr = self.parse_math1()
        ops = []
        while True:
            kind = self.current[0]
            if kind in _COMPARE:
                self.advance()
                ops.append(_node(nodes.Operand, None, kind, self.parse_math1()))
            elif self.is_name("in"):
                self.advance()
                ops.append(_node(nodes.Operand, None, "in", self.parse_math1()))
            elif self.is_name("not"):
                raise _Unsupported  # `not in`, or a stray `not`
            else:
                break
            lineno = self.current[2]
        if not ops:
            return expr
        return _node(nodes.Compare, lineno, expr, ops)

    def parse_math1(self) -> nodes.Expr:
        lineno = self.current[2]
        left = self.parse_math2()  # Jinja's parse_concat, without `~`, is parse_math2
        while self.current[0] in _MATH1:
            cls = _MATH1[self.advance()[0]]
            right = self.parse_math2()
            left = _node(cls, lineno, left, right)
            lineno = self.current[2]
        return left

    def parse_math2(self) -> nodes.Expr:
        lineno = self.current[2]
        left = self.parse_pow()
        while self.current[0] in _MATH2:
            cls = _MATH2[self.advance()[0]]
            right = self.parse_pow()
            left = _node(cls, lineno, left, right)
            lineno = self.current[2]
        return left

    def parse_pow(self) -> nodes.Expr:
        lineno = self.current[2]
        left = self.parse_unary()
        while self.current[0] == "pow":
            self.advance()
            right = self.parse_unary()
            left = _node(nodes.Pow, lineno, left, right)
            lineno = self.current[2]
        return left

    def parse_unary(self) -> nodes.Expr:
        kind, _, lineno = self.current
        node: nodes.Expr
        if kind == "sub":
            self.advance()
            node = _node(nodes.Neg, lineno, self.parse_unary())
        elif kind == "add":
            self.advance()
            node = _node(nodes.Pos, lineno, self.parse_unary())
        else:
            node = self.parse_primary()
        while self.current[0] == "lparen":  # Jinja's parse_postfix, calls only
            node = self.parse_call(node)
        return node

    def parse_primary(self) -> nodes.Expr:
        kind, value, lineno = self.current
        if kind == "name":
            self.advance()
            if value in ("true", "false", "True", "False"):
                return _node(nodes.Const, lineno, value in ("true", "True"))
            if value in ("none", "None"):
                return _node(nodes.Const, lineno, None)
            if value in _RESERVED:
                raise _Unsupported
            return _node(nodes.Name, lineno, value, "load")
        if kind == "string":
            self.advance()
            parts = [str(value)]
            while self.current[0] == "string":
                parts.append(str(self.advance()[1]))
            return _node(nodes.Const, lineno, "".join(parts))
        if kind in ("integer", "float"):
            self.advance()
            return _node(nodes.Const, lineno, value)
        if kind == "lparen":
            self.advance()
            node = self.parse_or()  # a parenthesised expression, never a tuple here
            if self.current[0] != "rparen":
                raise _Unsupported
            self.advance()
            return node
        raise _Unsupported

    def parse_call(self, node: nodes.Expr) -> nodes.Call:
        lineno = self.advance()[2]  # the `(`
        args: list[nodes.Expr] = []
        while self.current[0] != "rparen":
            if args:
                if self.current[0] != "comma":
                    raise _Unsupported
                self.advance()
                if self.current[0] == "rparen":
                    break
            if self.current[0] in ("mul", "pow"):
                raise _Unsupported  # `*args`, `**kwargs` (`x=1` never gets past the tokenizer)
            args.append(self.parse_or())
        self.advance()
        return _node(nodes.Call, lineno, node, args, [], None, None)

    def whole(self, end_type: str) -> nodes.Expr:
        """Parse one expression that must use up every token up to the end token."""
        node = self.parse_or()
        if self.current[0] != end_type:
            raise _Unsupported  # a `,` (tuple), an `if` (condexpr), or an error
        return node


def expression(source: str) -> nodes.Expr | None:
    """The tree `Parser(env, source, state="variable").parse_expression()` gives, or None."""
    try:
        return _ExpressionParser(_tokens(source, 1, "eof", None)).whole("eof")
    except (_Unsupported, IndexError, RecursionError):
        return None


class _TemplateParser:
    """`Parser.subparse` and `parse_if` over the tags of a template, for the subset only."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pos = 0
        self.line = 1  # the line at self.pos

    def line_at(self, pos: int) -> int:
        self.line += self.source.count("\n", self.pos, pos)
        self.pos = pos
        return self.line

    def next_tag(self) -> tuple[str, int, str, int] | None:
        """(opening, where it starts, the text inside, where the tag ends) of the next tag."""
        found = _TAG.search(self.source, self.pos)
        if found is None:
            return None
        opening = found.group()
        if opening == "{#":
            raise _Unsupported
        closing = "}}" if opening == "{{" else "%}"
        end = self.source.find(closing, found.end())
        if end < 0:
            raise _Unsupported
        inner = self.source[found.end() : end]
        if not inner or inner[0] in "-+" or inner[-1] in "-+":
            raise _Unsupported  # whitespace control, or empty
        return opening, found.start(), inner, end + 2

    def subparse(self, end_words: tuple[str, ...] | None) -> tuple[list[nodes.Node], list[Token]]:
        """Nodes up to one of `end_words` (whose tag's tokens are returned) or the end."""
        body: list[nodes.Node] = []
        buffer: list[nodes.Node] = []

        def flush() -> None:
            if buffer:
                body.append(_node(nodes.Output, buffer[0].lineno, buffer[:]))
                buffer.clear()

        while True:
            start = self.pos
            tag = self.next_tag()
            data_end = len(self.source) if tag is None else tag[1]
            if data_end > start:
                lineno = self.line
                buffer.append(_node(nodes.TemplateData, lineno, self.source[start:data_end]))
            if tag is None:
                self.line_at(len(self.source))
                flush()
                if end_words is not None:
                    raise _Unsupported  # an unclosed block: Jinja says so
                return body, []
            opening, begin, inner, after = tag
            first = self.line_at(begin)
            last = first + inner.count("\n")
            if opening == "{{":
                tokens = _tokens(inner, first, "variable_end", last)
                buffer.append(_ExpressionParser(tokens).whole("variable_end"))
                self.line_at(after)
                continue
            flush()
            tokens = _tokens(inner, first, "block_end", last)
            self.line_at(after)
            word = tokens[0][1] if tokens[0][0] == "name" else None
            if end_words is not None and word in end_words:
                return body, tokens
            if word != "if":
                raise _Unsupported
            body.append(self.parse_if(tokens))

    def parse_if(self, tokens: list[Token]) -> nodes.If:
        node = result = nodes.If(lineno=tokens[0][2])
        while True:
            node.test = _ExpressionParser(tokens[1:]).whole("block_end")
            node.body, tokens = self.subparse(("elif", "else", "endif"))
            node.elif_ = []
            node.else_ = []
            word = tokens[0][1]
            if word == "elif":
                node = nodes.If(lineno=tokens[1][2])
                result.elif_.append(node)
                continue
            if len(tokens) != 2:
                raise _Unsupported  # `{% else x %}`, `{% endif x %}`
            if word == "else":
                result.else_, tokens = self.subparse(("endif",))
                if len(tokens) != 2:
                    raise _Unsupported
            return result


def template(source: str) -> nodes.Template | None:
    """The tree `environment.parse(source)` gives (minus `set_environment`), or None."""
    if "\r" in source:
        return None  # Jinja normalises newlines in data; not worth mirroring
    try:
        body, _ = _TemplateParser(source).subparse(None)
    except (_Unsupported, IndexError, RecursionError):
        return None
    return _node(nodes.Template, 1, body)
