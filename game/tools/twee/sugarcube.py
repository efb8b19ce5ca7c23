"""SugarCube 2 passages read into parts: `<<macro>>` and container macros `<<x>>...<</x>>`,
links (setter links `[[text|target][$x to 1]]` included), naked `$variables` in prose."""

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
    (r"(?m)^!!!!\s*", "#### "),
    (r"(?m)^!!!\s*", "### "),
    (r"(?m)^!!\s*", "## "),
    (r"(?m)^!\s*", "# "),
    (r"__(.+?)__", r"\1"),
]
_MACRO = re.compile(r"<<(/?)([A-Za-z=\-][\w-]*)\s*(.*?)>>", re.DOTALL)
_VAR = re.compile(r"\$([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*|\[[^\]]*\])*)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_TEMP = re.compile(r"(?<![\w$])_([A-Za-z]\w*)")
_CONTAINERS = {
    "if", "link", "button", "linkreplace", "linkappend", "linkprepend", "replace", "append",
    "prepend", "silently", "nobr", "for", "switch", "timed", "repeat", "widget", "script",
    "capture", "type", "do", "createaudiogroup", "createplaylist", "done", "cycle", "listbox",
}  # fmt: skip
_CHAIN = {"if": ("elseif", "else")}


class SugarCubeReader:
    def __init__(self, source: str, ctx: Context) -> None:
        self.source = source
        self.ctx = ctx

    def close_of(self, name: str, after: int, end: int) -> tuple[int, int]:
        """(start, end) of the `<</name>>` closing the container opened before `after`."""
        depth = 1
        pattern = re.compile(r"<<(/|end)?" + re.escape(name) + r"(?=[\s>])[^>]*>>", re.DOTALL)
        for m in pattern.finditer(self.source, after, end):
            if m.group(1):
                depth -= 1
                if depth == 0:
                    return m.start(), m.end()
            else:
                depth += 1
        return -1, -1

    def parse(
        self, start: int, end: int, collapse: bool = False, silent: bool = False
    ) -> list[Part]:
        out = PartsBuilder(self.source, BOLD_ITALIC)
        src = self.source
        i = text_start = start

        def flush(upto: int) -> None:
            raw = src[text_start:upto]
            if collapse:
                raw = raw.replace("\n", "")
            if silent:
                return
            out.text(raw, text_start)

        while i < end:
            c = src[i]
            if src.startswith("/*", i) or src.startswith("/%", i) or src.startswith("<!--", i):
                closer = {"/*": "*/", "/%": "%/", "<!": "-->"}[src[i : i + 2]]
                close = src.find(closer, i)
                flush(i)
                i = text_start = end if close < 0 else min(close + len(closer), end)
            elif src.startswith("[[", i):
                close = matching(src, i, "[[", "]]", quotes=False)
                if close < 0 or close > end:
                    i += 2
                    continue
                flush(i)
                out.add(self.link(src[i + 2 : close], i))
                i = text_start = close + 2
            elif src.startswith("<<", i) and (m := _MACRO.match(src, i)) and m.end() <= end:
                flush(i)
                i = text_start = self.macro(m, end, out, collapse, silent)
            elif c == "$" and (m := _VAR.match(src, i)) and not silent:
                flush(i)
                if m.group(2):
                    out.loss("a property or array item printed", m.group(0), i)
                else:
                    var = safe_name(m.group(1))
                    self.ctx.used.add(var)
                    out.add(Print(var))
                i = text_start = m.end()
            elif (
                c == "_"
                and (m := _TEMP.match(src, i))
                and not silent
                and (i == 0 or not src[i - 1].isalnum())
            ):
                flush(i)
                out.loss("temporary variable printed", m.group(0), i)
                i = text_start = m.end()
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

    def link(self, inner: str, pos: int) -> Part:
        """`[[text|target]]`, `[[text|target][$x to 1; $y to 2]]`."""
        setter_source = ""
        m = re.match(r"(.*?)\]\[(.*)$", inner, re.DOTALL)
        if m:
            inner, setter_source = m.group(1), m.group(2)
        label, target = link_parts(inner)
        line = line_at(self.source, pos)
        setters: list[Assign] = []
        if setter_source:
            try:
                setters = self.assignments(setter_source.replace(";", ","), line)
            except Untranslatable as exc:
                return Loss(f"a setter link: {exc}", f"[[{inner}][{setter_source}]]", line)
        if target.startswith("$") or "(" in target:
            return Loss("a link whose target is worked out", f"[[{inner}]]", line)
        return Link(label, target, line, tuple(setters))

    def assignments(self, args: str, line: int) -> list[Assign]:
        found = []
        for item in split_top(args):
            if not item:
                continue
            m = re.match(r"\$([A-Za-z_]\w*)\s*(to|=|\+=|-=)\s*(.+)$", item, re.DOTALL)
            inc = re.match(r"\$([A-Za-z_]\w*)\s*(\+\+|--)$", item)
            if inc:
                found.append(
                    Assign(safe_name(inc.group(1)), 1 if inc.group(2) == "++" else -1, True, line)
                )
                continue
            if not m and item.startswith("_"):
                raise Untranslatable("a temporary variable")
            if not m:
                raise Untranslatable("only `$variable to value` converts")
            var, op, value = m.group(1), m.group(2), m.group(3)
            if op in ("+=", "-="):
                amount = tokens(value)
                if len(amount) != 1 or amount[0].kind != "num" or "." in amount[0].text:
                    raise Untranslatable("only a whole number can be added")
                n = int(amount[0].text)
                found.append(Assign(safe_name(var), n if op == "+=" else -n, True, line))
                continue
            literal_value, is_add = assigned_value(var, value, self.ctx)
            found.append(Assign(safe_name(var), literal_value, is_add, line))
        return found

    def passage_arg(self, args: str) -> str | tuple[str, ...]:
        args = args.strip()
        if args.startswith("[[") and args.endswith("]]"):
            return link_parts(args[2:-2])[1]
        targets = random_targets(args, self.ctx)
        if targets is not None:
            return targets
        toks = tokens(args)
        if len(toks) == 1 and toks[0].kind == "str":
            return string_value(toks[0].text)
        raise Untranslatable("the passage is not named by a string")

    def macro(
        self, m: re.Match[str], end: int, out: PartsBuilder, collapse: bool, silent: bool
    ) -> int:
        src = self.source
        closing, name, args = m.group(1), m.group(2).lower(), m.group(3)
        start = m.start()
        line = line_at(src, start)
        if closing:
            out.loss(f"<</{name}>> with no <<{name}>>", m.group(0), start)
            return m.end()
        body: tuple[int, int] | None = None
        after = m.end()
        if name in _CONTAINERS or self.close_of(name, m.end(), end)[0] >= 0:
            close_start, close_end = self.close_of(name, m.end(), end)
            if close_start >= 0:
                body, after = (m.end(), close_start), close_end
            elif name in _CONTAINERS:
                out.loss(f"<<{name}>> with no <</{name}>>", m.group(0), start)
                return m.end()
        whole = src[start:after]
        try:
            if name == "set":
                for assign in self.assignments(args.replace(";", ","), line):
                    out.add(assign)
                return after
            if name == "if" and body:
                out.add(self.conditional(args, body, line, collapse, silent))
                return after
            if name in ("print", "=", "-"):
                if not silent:
                    out.add(Print(expression(args, self.ctx)))
                return after
            if name in ("include", "display"):
                items = (
                    split_top(args, " ") if not args.strip().startswith(("'", '"', "[")) else [args]
                )
                out.add(Include(str(self.passage_arg(items[0])), line))
                return after
            if name == "goto":
                out.add(Goto(self.passage_arg(args), line))
                return after
            if name in ("link", "button") and body:
                return self.link_macro(args, body, start, after, out) or after
            if name in ("link", "button"):
                return self.link_macro(args, None, start, after, out) or after
            if name == "silently" and body:
                out.parts.extend(self.parse(body[0], body[1], collapse, silent=True))
                return after
            if name == "nobr" and body:
                out.parts.extend(self.parse(body[0], body[1], collapse=True, silent=silent))
                return after
            if name == "unset":
                raise Untranslatable("variables cannot be removed")
        except Untranslatable as exc:
            out.loss(f"<<{name}>>: {exc}", whole, start)
            return after
        what = {
            "script": "JavaScript", "run": "JavaScript", "timed": "timed text",
            "repeat": "timed text", "linkreplace": "<<linkreplace>> (changes the page in place)",
            "replace": "<<replace>> (changes the page in place)", "for": "<<for>> loop",
        }.get(name, f"<<{name}>>")  # fmt: skip
        out.loss(what, whole, start)
        return after

    def conditional(
        self, args: str, body: tuple[int, int], line: int, collapse: bool, silent: bool
    ) -> If:
        """`<<if>>...<<elseif>>...<<else>>...<</if>>`, nested ifs skipped when splitting."""
        src = self.source
        splits: list[tuple[int, int, str | None]] = []  # (tag start, tag end, condition source)
        depth = 0
        for m in re.finditer(
            r"<<(/?)(if|elseif|else\s*if|else)\b\s*(.*?)>>", src[: body[1]], re.DOTALL
        ):
            if m.start() < body[0]:
                continue
            if m.group(2) == "if":
                depth += -1 if m.group(1) else 1
            elif depth == 0:
                splits.append((m.start(), m.end(), None if m.group(2) == "else" else m.group(3)))
        branches: list[Branch] = []
        cond_source: str | None = args
        seg_start = body[0]
        for tag_start, tag_end, next_cond in [*splits, (body[1], body[1], None)]:
            condition = None if cond_source is None else expression(cond_source, self.ctx)
            branches.append(Branch(condition, self.parse(seg_start, tag_start, collapse, silent)))
            cond_source, seg_start = next_cond, tag_end
        return If(branches, line)

    def link_macro(
        self, args: str, body: tuple[int, int] | None, start: int, after: int, out: PartsBuilder
    ) -> int:
        """`<<link "Go" "To">>`, `<<link [[Go|To]]>>`, `<<link "Go">>...<<goto>><</link>>`."""
        line = line_at(self.source, start)
        args = args.strip()
        target: str | tuple[str, ...] | None = None
        if args.startswith("[["):
            label, target = link_parts(args[2 : args.index("]]")])
        else:
            items = [t for t in tokens(args)]
            if not items or items[0].kind != "str":
                raise Untranslatable("the link's text is not a string")
            label = string_value(items[0].text)
            if len(items) > 1 and items[1].kind == "str":
                target = string_value(items[1].text)
        setters: list[Assign] = []
        if body:
            inner = self.parse(body[0], body[1])
            setters = [p for p in inner if isinstance(p, Assign)]
            gotos = [p for p in inner if isinstance(p, Goto)]
            rest = [
                p
                for p in inner
                if not isinstance(p, (Assign, Goto))
                and not (isinstance(p, Text) and not p.text.strip())
            ]
            if rest or len(gotos) > 1 or (target is None and not gotos):
                out.loss("<<link>> that changes the page in place", self.source[start:after], start)
                out.parts.extend(p for p in inner if isinstance(p, Loss))
                return after
            if gotos:
                target = gotos[0].target
        if target is None:
            raise Untranslatable("a link with nowhere to go")
        out.add(Link(label, target, line, tuple(setters)))
        return after


def parse_passage(text: str, ctx: Context) -> list[Part]:
    return SugarCubeReader(text, ctx).parse(0, len(text))
