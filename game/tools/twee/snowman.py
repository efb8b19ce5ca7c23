"""Snowman 2 passages read into parts: `<% code %>` and `<%= value %>` blocks, links, Markdown;
plus the small JavaScript subset that also serves Chapbook's `[JavaScript]` sections.

The subset is what story scripts use to keep state: assignments to state variables (`s.x = 1`,
`s.x++`, `s.x += 2`, `engine.state.set('x', 1)`), names that stand for the state
(`var v = window.setup.variables`, `let x = engine.state.get('x')`), `if`/`else` around them,
going to a passage (`story.show('X')`, Chapbook's `go('X')`, also from inside `setTimeout`) and
rendering one (`story.render('X')`). Any other statement is a loss, quoted in the report.
"""

from __future__ import annotations

import re

from game.tools.twee.expressions import (
    LOCAL,
    Context,
    Token,
    Untranslatable,
    assigned_value,
    expression,
    safe_name,
    state_variable,
    string_value,
    tokens,
)
from game.tools.twee.markup import PartsBuilder, line_at, link_parts, matching
from game.tools.twee.parts import Assign, Branch, Goto, If, Include, Link, Loss, Part, Print

_GO = {"story.show", "window.story.show", "go", "engine.go"}
_RENDER = {"story.render", "window.story.render", "embed"}


def strip_comments(code: str) -> str:
    """JavaScript without its `//` and `/* */` comments (strings are left alone)."""
    pattern = r"(\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`[^`]*`)|//[^\n]*|/\*.*?\*/"
    return re.sub(pattern, lambda m: m.group(1) or " ", code, flags=re.DOTALL)


def _source(toks: list[Token]) -> str:
    return " ".join(t.text for t in toks)


def _norm(name: str) -> str:
    return name[len("window.") :] if name.startswith("window.") else name


class Script:
    """A statement list in the JavaScript subset, read into parts."""

    def __init__(self, code: str, ctx: Context, line: int, top_level: bool = False) -> None:
        code = strip_comments(code)
        self.toks = tokens(code)
        # names whose value replaces the page (`$('#main').html(status)`): a passage rendered
        # into one of them is shown instead of this one, which is a go to that passage
        self.page_names = set(re.findall(r"\.(?:html|replaceWith)\(\s*([A-Za-z_]\w*)\s*\)", code))
        self.ctx = ctx
        self.line = line
        self.code = code
        self.top_level = top_level
        self.i = 0

    def peek(self, offset: int = 0) -> Token | None:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else None

    def statements(self, until_brace: bool = False) -> list[Part]:
        parts: list[Part] = []
        while (tok := self.peek()) is not None:
            if tok.text == "}" and until_brace:
                return parts
            if tok.text == ";":
                self.i += 1
                continue
            start = self.i
            try:
                parts.extend(self.statement())
            except Untranslatable as exc:
                self.i = start
                bad = self.skip_statement()
                parts.append(Loss(f"JavaScript: {exc}", _source(bad), self.line))
        return parts

    def skip_statement(self) -> list[Token]:
        """The tokens of one statement (to the `;` or block end at depth 0), consumed."""
        depth, taken = 0, []
        while (tok := self.peek()) is not None:
            if depth == 0 and tok.text == "}":
                break
            self.i += 1
            taken.append(tok)
            if tok.text in "({[":
                depth += 1
            elif tok.text in ")}]":
                depth -= 1
                nxt = self.peek()
                block_ended = depth == 0 and tok.text == "}" and (nxt is None or nxt.text != "else")
                if block_ended and taken[0].text in ("if", "for", "while", "function"):
                    break
            elif tok.text == ";" and depth == 0:
                break
        if not taken and self.peek() is not None:  # a stray `}`: always move on
            taken.append(self.toks[self.i])
            self.i += 1
        return taken

    def until(self, closer: str) -> list[Token]:
        """Tokens to the matching `closer` of the bracket just taken."""
        opener = {")": "(", "}": "{", "]": "["}[closer]
        depth, taken = 1, list[Token]()
        while (tok := self.peek()) is not None:
            self.i += 1
            if tok.text == opener:
                depth += 1
            elif tok.text == closer:
                depth -= 1
                if depth == 0:
                    return taken
            taken.append(tok)
        raise Untranslatable("an unclosed bracket")

    def expect(self, text: str) -> None:
        tok = self.peek()
        if tok is None or tok.text != text:
            raise Untranslatable(f"expected '{text}'")
        self.i += 1

    def block(self) -> list[Part]:
        if self.peek() is not None and self.peek().text == "{":  # type: ignore[union-attr]
            self.i += 1
            parts = self.statements(until_brace=True)
            self.expect("}")
            return parts
        return self.statement()

    def jquery(self) -> list[Part]:
        """`$(sel).html(status)` where status holds a rendered passage: already a go (above)."""
        self.i += 2
        self.until(")")
        chain = self.rest_of_chain()
        texts = [t.text for t in chain]
        for j, text in enumerate(texts[:-2]):
            if (
                text in ("html", "replaceWith")
                and texts[j + 1] == "("
                and texts[j + 2] in self.page_names
            ):
                return []
        raise Untranslatable("a change to the page (jQuery)")

    def rest_of_chain(self) -> list[Token]:
        """`.html(x)` after `$(...)`: the chained calls, consumed."""
        taken: list[Token] = []
        while (tok := self.peek()) is not None and tok.text not in (";", "}"):
            taken.append(tok)
            self.i += 1
            if tok.text == "(":
                taken.extend(self.until(")"))
        return taken

    def statement(self) -> list[Part]:
        tok = self.peek()
        assert tok is not None
        if tok.text == "if":
            return self.if_statement()
        if tok.text in ("$", "jQuery") and self.peek(1) is not None and self.peek(1).text == "(":  # type: ignore[union-attr]
            return self.jquery()
        if tok.text in ("var", "let", "const"):
            return self.declaration()
        if tok.kind == "name" and self.peek(1) is not None and self.peek(1).text == "(":  # type: ignore[union-attr]
            return self.call()
        if tok.kind == "name":
            return self.assignment()
        raise Untranslatable(f"the statement starting '{tok.text}'")

    def if_statement(self) -> list[Part]:
        """An if/else chain; one whose branches do nothing tracked is dropped, condition and all."""
        sources: list[str | None] = []
        blocks: list[list[Part]] = []
        while True:
            self.expect("if")
            self.expect("(")
            sources.append(_source(self.until(")")))
            blocks.append(self.block())
            nxt = self.peek()
            if nxt is None or nxt.text != "else":
                break
            self.i += 1
            if self.peek() is not None and self.peek().text == "if":  # type: ignore[union-attr]
                continue
            sources.append(None)
            blocks.append(self.block())
            break
        if not any(blocks):
            return []
        branches = [
            Branch(None if source is None else expression(source, self.ctx), block)
            for source, block in zip(sources, blocks, strict=True)
        ]
        return [If(branches, self.line)]

    def declaration(self) -> list[Part]:
        self.i += 1
        name = self.peek()
        if name is None or name.kind != "name":
            raise Untranslatable("a declaration without a name")
        self.i += 1
        if self.peek() is None or self.peek().text != "=":  # type: ignore[union-attr]
            self.ctx.aliases[name.text] = LOCAL
            return []
        self.i += 1
        value = self.value_tokens()
        text = _source(value)
        getter = re.fullmatch(
            r"engine \. state \. get \( (['\"])(\w+)\1 \)|engine.state.get \( (['\"])(\w+)\3 \)",
            text,
        )
        if getter:
            self.ctx.aliases[name.text] = getter.group(2) or getter.group(4)
            return []
        if len(value) == 1 and value[0].kind == "name" and self.is_root(value[0].text):
            self.ctx.aliases[name.text] = ""
            return []
        self.ctx.aliases[name.text] = LOCAL
        if name.text in self.page_names:
            return self.page_value(value)
        if len(value) == 1 and value[0].kind in ("str", "num"):
            return []  # a local starting from a plain value: only what is done with it matters
        raise Untranslatable(f"a local variable '{name.text}' worked out by code")

    def is_root(self, name: str) -> bool:
        name = _norm(name)
        return name in ("s", "story.state", "engine.state") or self.ctx.aliases.get(name) == ""

    def value_tokens(self) -> list[Token]:
        taken: list[Token] = []
        depth = 0
        while (tok := self.peek()) is not None:
            if depth == 0 and tok.text in (";", "}"):
                break
            if tok.text in "([{":
                depth += 1
            elif tok.text in ")]}":
                depth -= 1
            taken.append(tok)
            self.i += 1
        return taken

    def page_value(self, value: list[Token]) -> list[Part]:
        """What a page-replacing name is given: a rendered passage is a go to it."""
        text = _source(value)
        m = re.fullmatch(r"(?:window\.)?story\.render \( (['\"])(.*)\1 \)", text)
        if m:
            return [Goto(m.group(2), self.line)]
        if len(value) == 1 and value[0].kind == "str" and not string_value(value[0].text):
            return []
        raise Untranslatable("the page replaced by something other than a passage")

    def call(self) -> list[Part]:
        name = _norm(self.peek().text)  # type: ignore[union-attr]
        self.i += 2
        args = self.until(")")
        if name in _GO and len(args) == 1 and args[0].kind == "str":
            return [Goto(string_value(args[0].text), self.line)]
        if name == "setTimeout":
            # a go after a short delay is still a go: read the arrow function's body
            arrow = _source(args)
            m = re.match(r"\( \) = > \{ (.*) \} , \d+$", arrow, re.DOTALL)
            if m:
                inner = Script(m.group(1).replace(" . ", "."), self.ctx, self.line)
                parts = inner.statements()
                if all(isinstance(p, Goto) for p in parts):
                    return parts
            raise Untranslatable("timed code (setTimeout)")
        if name == "engine.state.set" and len(args) >= 3 and args[0].kind == "str":
            var = safe_name(string_value(args[0].text))
            value_source = _source(args[2:])
            if value_source.strip() == string_value(args[0].text) and self.ctx.aliases.get(
                value_source.strip()
            ) == string_value(args[0].text):
                return []  # writes back a mirror that is already the variable
            value, add = assigned_value(var, value_source, self.ctx)
            return [Assign(var, value, add, self.line)]
        if name.endswith(".push"):
            raise Untranslatable("an array")
        raise Untranslatable(f"the call {name}()")

    def assignment(self) -> list[Part]:
        target = _norm(self.peek().text)  # type: ignore[union-attr]
        self.i += 1
        op_tok = self.peek()
        if op_tok is None:
            raise Untranslatable(f"'{target}' on its own")
        self.i += 1
        if op_tok.text == "=" and self.peek() is not None and self.peek().text == "=":  # type: ignore[union-attr]
            raise Untranslatable("a comparison used as a statement")
        var_name = state_variable(target, self.ctx)
        value = self.value_tokens()
        empty_object = len(value) == 2 and value[0].text == "{" and value[1].text == "}"
        if op_tok.text == "=" and empty_object and self.top_level:
            self.ctx.aliases[target] = ""  # an object made to hold the story's variables
            return []
        if op_tok.text == "=" and len(value) == 1 and value[0].text == target + ".":
            return []
        if (
            op_tok.text == "="
            and _source(value).replace(" ", "").endswith("||{}")
            and self.top_level
        ):
            self.ctx.aliases[target] = ""
            return []
        if target in self.page_names and op_tok.text == "=":
            return self.page_value(value)
        texts = [t.text for t in value]
        if len(texts) == 3 and texts[1] in ("or", "||") and _norm(texts[0]) == target:
            value = value[2:]  # `x = x || 0`: a first value, kept if x has one already
        if var_name is None:
            raise Untranslatable(f"an assignment to '{target}', which is not a story variable")
        var = safe_name(var_name)
        self.ctx.used.add(var)
        if op_tok.text in ("++", "--"):
            return [Assign(var, 1 if op_tok.text == "++" else -1, True, self.line)]
        if op_tok.text in ("+=", "-="):
            lit = _source(value)
            if not re.fullmatch(r"\d+", lit):
                raise Untranslatable("only a whole number can be added")
            return [Assign(var, int(lit) * (1 if op_tok.text == "+=" else -1), True, self.line)]
        if op_tok.text != "=":
            raise Untranslatable(f"the operator '{op_tok.text}'")
        literal_value, add = assigned_value(var_name, _source(value), self.ctx)
        return [Assign(var, literal_value, add, self.line)]


def parse_script(code: str, ctx: Context, line: int = 0) -> list[Part]:
    """A story script's statements (top level: objects made there hold variables)."""
    return Script(code, ctx, line, top_level=True).statements()


def _code_parts(code: str, ctx: Context, line: int) -> list[Part]:
    return Script(code, ctx, line).statements()


_BLOCK = re.compile(r"<%(=|-)?(.*?)%>", re.DOTALL)
_IF_OPEN = re.compile(r"^\s*if\s*\((.*)\)\s*\{\s*$", re.DOTALL)
_ELSE_IF = re.compile(r"^\s*\}\s*else\s+if\s*\((.*)\)\s*\{\s*$", re.DOTALL)
_ELSE = re.compile(r"^\s*\}\s*else\s*\{\s*$")
_CLOSE = re.compile(r"^\s*\}\s*;?\s*$")


class SnowmanReader:
    def __init__(self, source: str, ctx: Context) -> None:
        self.source = source
        self.ctx = ctx

    def parse(self) -> list[Part]:
        src = self.source
        root = PartsBuilder(src)
        stack: list[tuple[If | None, PartsBuilder]] = []
        current = root
        pos = 0
        for m in _BLOCK.finditer(src):
            self.prose(src[pos : m.start()], pos, current)
            pos = m.end()
            kind, code = m.group(1), m.group(2)
            line = line_at(src, m.start())
            try:
                if kind:
                    current.add(self.value(code, line))
                    continue
                if om := _IF_OPEN.match(code):
                    stack.append((None, current))  # replaced below once the condition reads
                    current = PartsBuilder(src)
                    node = If([Branch(expression(om.group(1), self.ctx))], line)
                    stack[-1] = (node, stack[-1][1])
                    continue
                if (
                    stack
                    and stack[-1][0] is not None
                    and (em := _ELSE_IF.match(code) or _ELSE.match(code))
                ):
                    node = stack[-1][0]
                    node.branches[-1].parts = current.parts
                    condition = expression(em.group(1), self.ctx) if em.groups() else None
                    node.branches.append(Branch(condition))
                    current = PartsBuilder(src)
                    continue
                if stack and _CLOSE.match(code):
                    current = self.close(stack, current)
                    continue
            except Untranslatable as exc:
                current.loss(f"JavaScript: {exc}", m.group(0), m.start())
                continue
            current.parts.extend(_code_parts(code, self.ctx, line))
        self.prose(src[pos:], pos, current)
        while stack:
            current = self.close(stack, current)
        return root.parts

    @staticmethod
    def close(stack: list[tuple[If | None, PartsBuilder]], current: PartsBuilder) -> PartsBuilder:
        """Ends the innermost `if` block; one whose condition was lost keeps its content plain."""
        node, outer = stack.pop()
        if node is None:
            outer.parts.extend(current.parts)
        else:
            node.branches[-1].parts = current.parts
            outer.add(node)
        return outer

    def value(self, code: str, line: int) -> Part:
        m = re.fullmatch(r"\s*(?:window\.)?story\.render\(\s*(['\"])(.*?)\1\s*\)\s*;?\s*", code)
        if m:
            return Include(m.group(2), line)
        try:
            return Print(expression(code, self.ctx))
        except Untranslatable as exc:
            return Loss(f"JavaScript: {exc}", f"<%={code}%>", line)

    def prose(self, text: str, pos: int, out: PartsBuilder) -> None:
        """Prose with links and `<script>` blocks taken out."""
        i = text_start = 0
        while i < len(text):
            if text.startswith("[[", i):
                close = matching(text, i, "[[", "]]", quotes=False)
                if close < 0:
                    break
                out.text(text[text_start:i], pos + text_start)
                label, target = link_parts(text[i + 2 : close])
                out.add(Link(label, target, line_at(self.source, pos + i)))
                i = text_start = close + 2
            elif text.startswith("<script", i):
                close = text.find("</script>", i)
                stop = len(text) if close < 0 else close + 9
                out.text(text[text_start:i], pos + text_start)
                opened = text.find(">", i) + 1
                code = text[opened : stop - 9 if close >= 0 else stop]
                out.parts.extend(_code_parts(code, self.ctx, line_at(self.source, pos + i)))
                i = text_start = stop
            else:
                i += 1
        out.text(text[text_start:], pos + text_start)


def parse_passage(text: str, ctx: Context) -> list[Part]:
    return SnowmanReader(text, ctx).parse()
