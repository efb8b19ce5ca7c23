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


class _Unsupported(Exception):
    """Outside the subset (or not valid at all): let Jinja parse it."""


def _tokens(source: str, first_line: int, end_type: str, end_line: int | None) -> list[Token]:
    """Tokens of an expression, ending with an end token at `end_line` (or the last token's)."""
    tokens: list[Token] = []
    line = first_line
    pos, size = 0, len(source)
    match = _TOKEN.match
    while pos < size:
        found = match(source, pos)
        if found is None:
            raise _Unsupported
        kind = found.lastgroup or ""
        text = found.group()
        end = found.end()
        if kind == "ws":
            line += text.count("\n")
        elif kind == "name":
            tokens.append(("name", text, line))
        elif kind == "op":
            tokens.append((_OPERATORS[text], text, line))
        elif kind == "string":
            tokens.append(("string", text[1:-1], line))
            line += text.count("\n")
        else:
            if (end < size and _AFTER_NUMBER.match(source, end)) or (
                len(text) > 1 and text[0] == "0" and text[1] != "."
            ):
                raise _Unsupported  # 1e5, 1_000, 0x1f, 007, 1.5.2, 3abc: Jinja's business
            tokens.append((kind, float(text) if kind == "float" else int(text), line))
        pos = end
    last = tokens[-1][2] if tokens else first_line
    tokens.append((end_type, None, last if end_line is None else end_line))
    return tokens


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
            left = nodes.Or(left, right, lineno=lineno)
            lineno = self.current[2]
        return left

    def parse_and(self) -> nodes.Expr:
        lineno = self.current[2]
        left = self.parse_not()
        while self.is_name("and"):
            self.advance()
            right = self.parse_not()
            left = nodes.And(left, right, lineno=lineno)
            lineno = self.current[2]
        return left

    def parse_not(self) -> nodes.Expr:
        if self.is_name("not"):
            lineno = self.advance()[2]
            return nodes.Not(self.parse_not(), lineno=lineno)
        return self.parse_compare()

    def parse_compare(self) -> nodes.Expr:
        lineno = self.current[2]
        expr = self.parse_math1()
        ops = []
        while True:
            kind = self.current[0]
            if kind in _COMPARE:
                self.advance()
                ops.append(nodes.Operand(kind, self.parse_math1()))
            elif self.is_name("in"):
                self.advance()
                ops.append(nodes.Operand("in", self.parse_math1()))
            elif self.is_name("not"):
                raise _Unsupported  # `not in`, or a stray `not`
            else:
                break
            lineno = self.current[2]
        if not ops:
            return expr
        return nodes.Compare(expr, ops, lineno=lineno)

    def parse_math1(self) -> nodes.Expr:
        lineno = self.current[2]
        left = self.parse_math2()  # Jinja's parse_concat, without `~`, is parse_math2
        while self.current[0] in _MATH1:
            cls = _MATH1[self.advance()[0]]
            right = self.parse_math2()
            left = cls(left, right, lineno=lineno)
            lineno = self.current[2]
        return left

    def parse_math2(self) -> nodes.Expr:
        lineno = self.current[2]
        left = self.parse_pow()
        while self.current[0] in _MATH2:
            cls = _MATH2[self.advance()[0]]
            right = self.parse_pow()
            left = cls(left, right, lineno=lineno)
            lineno = self.current[2]
        return left

    def parse_pow(self) -> nodes.Expr:
        lineno = self.current[2]
        left = self.parse_unary()
        while self.current[0] == "pow":
            self.advance()
            right = self.parse_unary()
            left = nodes.Pow(left, right, lineno=lineno)
            lineno = self.current[2]
        return left

    def parse_unary(self) -> nodes.Expr:
        kind, _, lineno = self.current
        node: nodes.Expr
        if kind == "sub":
            self.advance()
            node = nodes.Neg(self.parse_unary(), lineno=lineno)
        elif kind == "add":
            self.advance()
            node = nodes.Pos(self.parse_unary(), lineno=lineno)
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
                return nodes.Const(value in ("true", "True"), lineno=lineno)
            if value in ("none", "None"):
                return nodes.Const(None, lineno=lineno)
            if value in _RESERVED:
                raise _Unsupported
            return nodes.Name(value, "load", lineno=lineno)
        if kind == "string":
            self.advance()
            parts = [str(value)]
            while self.current[0] == "string":
                parts.append(str(self.advance()[1]))
            return nodes.Const("".join(parts), lineno=lineno)
        if kind in ("integer", "float"):
            self.advance()
            return nodes.Const(value, lineno=lineno)
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
        return nodes.Call(node, args, [], None, None, lineno=lineno)

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
                body.append(nodes.Output(buffer[:], lineno=buffer[0].lineno))
                buffer.clear()

        while True:
            start = self.pos
            tag = self.next_tag()
            data_end = len(self.source) if tag is None else tag[1]
            if data_end > start:
                lineno = self.line
                buffer.append(nodes.TemplateData(self.source[start:data_end], lineno=lineno))
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
    return nodes.Template(body, lineno=1)
