"""Chapbook passages read into parts: the vars section above `--`, modifiers on their own line
(`[if x]`, `[else]`, `[unless x]`, `[continue]`, `[JavaScript]`, ...), inserts in braces
(`{var}`, `{embed passage: 'X'}`, `{link to: 'X', label: 'Y'}`) and links (`> [[fork]]` too)."""

from __future__ import annotations

import re

from game.tools.twee.expressions import (
    Context,
    Untranslatable,
    assigned_value,
    expression,
    safe_name,
)
from game.tools.twee.markup import PartsBuilder, line_at, link_parts, matching
from game.tools.twee.parts import Assign, Branch, If, Include, Link, Loss, Part, Print
from game.tools.twee.snowman import Script

_VARS_LINE = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(\([^)]*\))?\s*:\s*(.*)$")
_MODIFIER = re.compile(r"^\[([^\[\]]+)\]\s*$", re.M)
_NOTES = ("note", "note to self", "n.b.", "nb", "fixme", "todo")
_CONTINUE = ("continue", "cont", "cont'd", "continued")
_INSERT = re.compile(r"\{([^{}]*)\}")
_PROPERTY = re.compile(r"(\w[\w ]*?)\s*:\s*('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^,]+)")


def _quoted(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


class ChapbookReader:
    def __init__(self, source: str, ctx: Context) -> None:
        self.source = source
        self.ctx = ctx

    def parse(self) -> list[Part]:
        src = self.source
        parts: list[Part] = []
        body_start = 0
        lines = src.split("\n")
        if "--" in [line.strip() for line in lines]:
            cut = [line.strip() for line in lines].index("--")
            head = lines[:cut]
            if all(_VARS_LINE.match(line) or not line.strip() for line in head):
                parts.extend(self.vars_section(head))
                body_start = sum(len(line) + 1 for line in lines[: cut + 1])
        parts.extend(self.body(body_start))
        return parts

    def vars_section(self, head: list[str]) -> list[Part]:
        parts: list[Part] = []
        for number, line in enumerate(head):
            m = _VARS_LINE.match(line)
            if not m:
                continue
            name, condition, value = m.group(1), m.group(2), m.group(3)
            try:
                if "." in name:
                    raise Untranslatable(f"the setting {name}")
                if name.startswith("_"):
                    raise Untranslatable(f"the temporary variable {name}")
                literal_value, add = assigned_value(name, value, self.ctx)
                assign = Assign(safe_name(name), literal_value, add, number)
                self.ctx.used.add(assign.variable)
                if condition:
                    cond = expression(condition[1:-1], self.ctx)
                    parts.append(If([Branch(cond, [assign])], number))
                else:
                    parts.append(assign)
            except Untranslatable as exc:
                parts.append(Loss(f"vars section: {exc}", line, number))
        return parts

    def body(self, start: int) -> list[Part]:
        """Sections between modifier lines; `[if]`/`[unless]`/`[else]` make conditional text."""
        src = self.source
        sections: list[tuple[str | None, int, int, int]] = []  # (modifier, body start, end, line)
        modifier: str | None = None
        pos, mod_line = start, line_at(src, start)
        for m in _MODIFIER.finditer(src, start):
            sections.append((modifier, pos, m.start(), mod_line))
            modifier, pos, mod_line = m.group(1).strip(), m.end(), line_at(src, m.start())
        sections.append((modifier, pos, len(src), mod_line))
        parts: list[Part] = []
        chain: If | None = None
        for modifier, begin, end, line in sections:
            key = (modifier or "").lower()
            if key.startswith(("if ", "unless ")):
                condition_source = modifier.split(None, 1)[1] if modifier else ""
                try:
                    condition = expression(condition_source, self.ctx)
                except Untranslatable as exc:
                    parts.append(Loss(f"[{modifier}]: {exc}", f"[{modifier}]", line))
                    parts.extend(self.prose(begin, end))
                    chain = None
                    continue
                if key.startswith("unless "):
                    condition = f"not ({condition})"
                chain = If([Branch(condition, self.prose(begin, end))], line)
                parts.append(chain)
            elif key == "else" and chain is not None:
                chain.branches.append(Branch(None, self.prose(begin, end)))
                chain = None
            elif key == "javascript":
                chain = None
                code = src[begin:end]
                parts.extend(Script(code, self.ctx, line + 1).statements())
            elif modifier is None or key in _CONTINUE or key == "append":
                chain = None
                parts.extend(self.prose(begin, end))
            elif key in _NOTES:
                chain = None
            else:
                chain = None
                what = "timed text" if key.startswith("after") else f"the [{modifier}] modifier"
                parts.append(Loss(what, f"[{modifier}]", line))
                parts.extend(self.prose(begin, end))
        return parts

    def prose(self, start: int, end: int) -> list[Part]:
        src = self.source
        out = PartsBuilder(src, [(r"~~(.+?)~~", r"~~\1~~")])
        i = text_start = start
        while i < end:
            if src.startswith("[[", i):
                close = matching(src, i, "[[", "]]", quotes=False)
                if close < 0 or close > end:
                    i += 2
                    continue
                text_before = src[text_start:i]
                if text_before.rstrip(" ").endswith("\n>") or text_before.strip() == ">":
                    text_before = text_before.rstrip(" ")[:-1]
                out.text(text_before, text_start)
                label, target = link_parts(src[i + 2 : close])
                if "{" in label:
                    out.loss("an insert in a link's text (shown as written)", label, i)
                out.add(Link(label, target, line_at(src, i)))
                i = text_start = close + 2
            elif src[i] == "{" and (m := _INSERT.match(src, i)) and m.end() <= end:
                out.text(src[text_start:i], text_start)
                out.add(self.insert(m.group(1), line_at(src, i), m.group(0)))
                i = text_start = m.end()
            else:
                i += 1
        out.text(src[text_start:end], text_start)
        return out.parts

    def insert(self, inner: str, line: int, whole: str) -> Part:
        inner = inner.strip()
        if re.fullmatch(r"_\w*", inner):
            return Loss("a temporary variable printed", whole, line)
        if re.fullmatch(r"[A-Za-z_][\w]*", inner):
            var = safe_name(inner)
            self.ctx.used.add(var)
            return Print(var)
        props = {k.strip().lower(): v for k, v in _PROPERTY.findall(inner)}
        head = inner.split(":", 1)[0].strip().lower()
        if head in ("embed passage", "embed passage named"):
            return Include(_quoted(props.get(head, "")), line)
        if head == "link to":
            target = _quoted(props["link to"])
            label = _quoted(props.get("label", target))
            return Link(label, target, line)
        what = {"reveal link": "{reveal link} (changes the page in place)"}.get(
            head, f"the insert {{{head}}}"
        )
        return Loss(what, whole, line)


def parse_passage(text: str, ctx: Context) -> list[Part]:
    return ChapbookReader(text, ctx).parse()
