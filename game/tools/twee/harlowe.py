"""Harlowe 3 passages read into parts: macros `(name: ...)` with their hooks `[...]`, links,
`$variables` in prose, `{...}` collapsed whitespace, named hooks."""

from __future__ import annotations

import re

from game.tools.twee.expressions import (
    Context,
    Untranslatable,
    assigned_value,
    expression,
    random_targets,
    safe_name,
    string_value,
    tokens,
)
from game.tools.twee.markup import PartsBuilder, line_at, link_parts, matching, split_top
from game.tools.twee.parts import Assign, Branch, Goto, If, Include, Link, Loss, Part, Print, Text

BOLD_ITALIC = [
    (r"''(.+?)''", r"**\1**"),
    (r"(?<![:/])//(.+?)//", r"*\1*"),
    (r"~~(.+?)~~", r"~~\1~~"),
    (r"\^\^(.+?)\^\^", r"\1"),
    (r"(?m)^[ \t]*(#{1,6})(?=[^#\s])", r"\1 "),
]
_MACRO = re.compile(r"\(([A-Za-z][\w-]*):")
_VAR = re.compile(r"\$([A-Za-z_]\w*)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_TEMP = re.compile(r"(?<![\w$])_([A-Za-z]\w*)")
_NAMED_OPEN = re.compile(r"\|([\w-]+)>\[")
_NAMED_CLOSE = re.compile(r"\]<([\w-]+)\|")
_STYLE_MACROS = {
    "textstyle", "textcolour", "textcolor", "colour", "color", "font", "align", "css", "background",
    "textsize", "textrotate", "textindent", "hover-style", "box", "float-box", "transition", "t8n",
    "transitiondelay", "transitiontime", "transitionskip", "opacity", "char-style", "line-style",
    "link-style", "bg", "size", "text-colour", "text-color", "text-size", "text-rotate-z",
}  # fmt: skip
_CHAIN = ("elseif", "else")


def norm(name: str) -> str:
    """A macro's name as Harlowe compares them: case and dashes ignored."""
    return name.lower().replace("-", "").replace("_", "")


class HarloweReader:
    def __init__(self, source: str, ctx: Context) -> None:
        self.source = source
        self.ctx = ctx

    def parse(self, start: int, end: int, collapse: bool = False) -> list[Part]:
        out = PartsBuilder(self.source, BOLD_ITALIC)
        src = self.source
        i = text_start = start

        def flush(upto: int) -> None:
            raw = src[text_start:upto]
            if collapse:
                raw = re.sub(r"\s+", " ", raw)
            out.text(raw, text_start)

        while i < end:
            c = src[i]
            if src.startswith("<!--", i):
                close = src.find("-->", i)
                nxt = end if close < 0 else min(close + 3, end)
                flush(i)
                i = text_start = nxt
            elif src.startswith("[[", i):
                close = matching(src, i, "[[", "]]")
                if close < 0 or close > end:
                    i += 2
                    continue
                flush(i)
                label, target = link_parts(src[i + 2 : close])
                out.add(Link(label, target, line_at(src, i)))
                i = text_start = close + 2
            elif c == "(" and (m := _MACRO.match(src, i)):
                close = matching(src, i, "(", ")")
                if close < 0 or close > end:
                    i += 1
                    continue
                flush(i)
                i = text_start = self.macro(m.group(1), i, close, end, out)
            elif c == "$" and (m := _VAR.match(src, i)):
                flush(i)
                var = safe_name(m.group(1))
                self.ctx.used.add(var)
                out.add(Print(var))
                i = text_start = m.end()
            elif c == "_" and (m := _TEMP.match(src, i)) and (i == 0 or not src[i - 1].isalnum()):
                flush(i)
                out.loss("temporary variable printed", m.group(0), i)
                i = text_start = m.end()
            elif c == "|" and (m := _NAMED_OPEN.match(src, i)):
                close = matching(src, m.end() - 1, "[", "]", quotes=False)
                if close < 0 or close > end:
                    i += 1
                    continue
                flush(i)
                out.parts.extend(self.parse(m.end(), close, collapse))
                i = text_start = close + 1
            elif c == "[" and (close := self.named_hook_end(i, end)) > 0:
                flush(i)
                out.parts.extend(self.parse(i + 1, close, collapse))
                i = text_start = _NAMED_CLOSE.match(src, close).end()  # type: ignore[union-attr]
            elif c == "{" and not collapse and (close := matching(src, i, "{", "}", False)) > 0:
                if close > end:
                    i += 1
                    continue
                flush(i)
                out.parts.extend(self.parse(i + 1, close, collapse=True))
                i = text_start = close + 1
            elif c == "<" and (m := _HTML_TAG.match(src, i)) and not src.startswith("<script", i):
                i = m.end()  # an HTML tag stays prose: `_blank` in it is no variable
            elif src.startswith("<script", i):
                close = src.find("</script>", i)
                nxt = end if close < 0 else min(close + 9, end)
                flush(i)
                out.loss("JavaScript", src[i:nxt], i)
                i = text_start = nxt
            else:
                i += 1
        flush(end)
        return out.parts

    def named_hook_end(self, i: int, end: int) -> int:
        """The `]` of a `[...]<name|` hook starting at `i`, or -1."""
        close = matching(self.source, i, "[", "]", quotes=False)
        if 0 < close < end and _NAMED_CLOSE.match(self.source, close):
            return close
        return -1

    def hook_after(self, pos: int, end: int) -> tuple[int, int] | None:
        """The (open, close) of a hook attached after a macro (spaces allowed), or None."""
        j = pos
        while j < end and self.source[j] in " \t":
            j += 1
        if j < end and self.source[j] == "[" and not self.source.startswith("[[", j):
            close = matching(self.source, j, "[", "]", quotes=False)
            if 0 < close < end:
                return j, close
        if j < end and self.source.startswith("[[", j):
            # a hook holding a link: `(if: x)[[[go]]]`
            close = matching(self.source, j, "[", "]", quotes=False)
            if 0 < close < end:
                return j, close
        return None

    def macro(self, name: str, start: int, close: int, end: int, out: PartsBuilder) -> int:
        """Reads the macro at `start`, adds its parts to `out`; returns where reading goes on."""
        src = self.source
        args = src[start + len(name) + 2 : close]
        key = norm(name)
        hook = self.hook_after(close + 1, end)
        after = hook[1] + 1 if hook else close + 1
        line = line_at(src, start)
        whole = src[start:after]
        try:
            if key in ("set", "put", "move"):
                for assign in self.assignments(key, args, line):
                    out.add(assign)
                return close + 1
            if key in ("if", "unless", "elseif"):
                try:
                    return self.conditional(key, args, start, close, end, out)
                except Untranslatable as exc:
                    chain_end = self.chain_end(close, end)
                    out.loss(f"({name}:) {exc}", src[start:chain_end], start)
                    return chain_end
            if key == "else":
                out.loss("(else:) with no (if:) before it", whole, start)
                return after
            if key == "print":
                out.add(Print(expression(args, self.ctx)))
                return close + 1
            if key == "display":
                out.add(Include(self.passage_name(args), line))
                return close + 1
            if key in ("goto", "go-to"):
                out.add(Goto(self.target(args), line))
                return close + 1
            if key == "linkgoto":
                items = split_top(args)
                label = string_value(items[0]) if tokens(items[0])[0].kind == "str" else items[0]
                target = self.target(items[1]) if len(items) > 1 else self.passage_name(items[0])
                out.add(Link(label, target, line))
                return close + 1
            if key in ("link", "linkreveal", "linkrepeat", "linkrerun") and hook:
                return self.link_macro(args, hook, start, after, out)
        except Untranslatable as exc:
            out.loss(f"({name}:) {exc}", whole, start)
            return after
        if key in _STYLE_MACROS or key in ("textstyle",):
            out.loss(f"({name}:) styling", src[start : close + 1], start)
            if hook:
                out.parts.extend(self.parse(hook[0] + 1, hook[1]))
            return after
        if key in ("nobr", "collapse"):
            if hook:
                out.parts.extend(self.parse(hook[0] + 1, hook[1], collapse=True))
            return after
        out.loss(f"({name}:)", whole, start)
        return after

    def passage_name(self, source: str) -> str:
        toks = tokens(source)
        if len(toks) != 1 or toks[0].kind != "str":
            raise Untranslatable("the passage is not named by a string")
        return string_value(toks[0].text)

    def target(self, source: str) -> str | tuple[str, ...]:
        targets = random_targets(source, self.ctx)
        return targets if targets is not None else self.passage_name(source)

    def assignments(self, key: str, args: str, line: int) -> list[Assign]:
        found = []
        for item in split_top(args):
            if key == "set":
                m = re.match(r"\$([A-Za-z_]\w*)\s+to\s+(.+)$", item, re.DOTALL)
                if not m and item.startswith("_"):
                    raise Untranslatable("a temporary variable")
                if not m:
                    raise Untranslatable("only `$variable to value` converts")
                var, value = m.group(1), m.group(2)
            else:
                m = re.match(r"(.+?)\s+into\s+\$([A-Za-z_]\w*)$", item, re.DOTALL)
                if not m:
                    raise Untranslatable("only `value into $variable` converts")
                value, var = m.group(1), m.group(2)
            name = safe_name(var)
            literal_value, is_add = assigned_value(var, value, self.ctx)
            found.append(Assign(name, literal_value, is_add, line))
        return found

    def conditional(
        self, key: str, args: str, start: int, close: int, end: int, out: PartsBuilder
    ) -> int:
        src = self.source
        branches: list[Branch] = []
        pos, name, cond_args, cond_close = start, key, args, close
        while True:
            hook = self.hook_after(cond_close + 1, end)
            if hook is None:
                out.loss(f"({name}:) with no hook after it", src[pos : cond_close + 1], pos)
                return cond_close + 1
            condition = None if name == "else" else expression(cond_args, self.ctx)
            if name == "unless" and condition is not None:
                condition = f"not ({condition})"
            branches.append(Branch(condition, self.parse(hook[0] + 1, hook[1])))
            following = hook[1] + 1
            if name == "else":
                break
            m = re.compile(r"\s*\((else-?if|else):", re.IGNORECASE).match(src, following)
            if not m or m.end() > end:
                break
            pos = m.start(1) - 1
            cond_close = matching(src, pos, "(", ")")
            if cond_close < 0 or cond_close > end:
                break
            name = norm(m.group(1))
            cond_args = src[m.end() : cond_close]
        out.add(If(branches, line_at(src, start)))
        return following

    def chain_end(self, close: int, end: int) -> int:
        """Where an if/else-if/else chain whose `(if:)` closes at `close` ends."""
        src = self.source
        while True:
            hook = self.hook_after(close + 1, end)
            if hook is None:
                return close + 1
            m = re.compile(r"\s*\((else-?if|else):", re.IGNORECASE).match(src, hook[1] + 1)
            if not m or m.end() > end:
                return hook[1] + 1
            close = matching(src, m.start(1) - 1, "(", ")")
            if close < 0 or close > end:
                return hook[1] + 1

    def link_macro(
        self, args: str, hook: tuple[int, int], start: int, after: int, out: PartsBuilder
    ) -> int:
        """`(link: "Go")[(set: ...)(goto: "X")]`: a choice with effects; anything else is a loss."""
        label_toks = tokens(args)
        if len(label_toks) != 1 or label_toks[0].kind != "str":
            raise Untranslatable("the link's text is not a string")
        label = string_value(label_toks[0].text)
        inner = self.parse(hook[0] + 1, hook[1])
        setters = [p for p in inner if isinstance(p, Assign)]
        gotos = [p for p in inner if isinstance(p, Goto)]
        rest = [
            p
            for p in inner
            if not isinstance(p, (Assign, Goto))
            and not (isinstance(p, Text) and not p.text.strip())
        ]
        if len(gotos) == 1 and not rest:
            out.add(Link(label, gotos[0].target, line_at(self.source, start), tuple(setters)))
        else:
            out.loss("(link:) that changes the page in place", self.source[start:after], start)
            out.parts.extend(p for p in inner if isinstance(p, Loss))
        return after


def parse_passage(text: str, ctx: Context) -> list[Part]:
    return HarloweReader(text, ctx).parse(0, len(text))
