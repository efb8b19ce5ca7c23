"""Markup every story format shares: links, bracket matching, and prose made safe for templates.

Twine prose is HTML-ish text; the story format's text is Markdown run through Jinja2. So prose
is cleaned once here: Jinja2's delimiters are escaped, common HTML becomes Markdown, and the
formats' bold/italic marks become Markdown's.
"""

from __future__ import annotations

import html
import re

from game.tools.twee.parts import Loss, Part, Text


def line_at(text: str, pos: int) -> int:
    """The 0-based line of `pos` in `text`."""
    return text.count("\n", 0, pos)


def matching(text: str, start: int, opener: str, closer: str, quotes: bool = True) -> int:
    """The index of the `closer` matching the `opener` at `start`, or -1; strings are skipped."""
    depth = 0
    i = start
    n = len(text)
    while i < n:
        if text.startswith(opener, i):
            depth += 1
            i += len(opener)
            continue
        if text.startswith(closer, i):
            depth -= 1
            if depth == 0:
                return i
            i += len(closer)
            continue
        c = text[i]
        if quotes and c in "\"'" and opener != "[[":
            end = _string_end(text, i)
            if end < 0:
                return -1
            i = end + 1
            continue
        i += 1
    return -1


def _string_end(text: str, start: int) -> int:
    quote = text[start]
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            return i
        if text[i] == "\n":
            return -1
        i += 1
    return -1


def split_top(source: str, sep: str = ",") -> list[str]:
    """`source` split at `sep` outside brackets and strings."""
    items, depth, start, i = [], 0, 0, 0
    while i < len(source):
        c = source[i]
        if c in "\"'`":
            end = _string_end(source, i)
            i = end + 1 if end > 0 else len(source)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0 and source.startswith(sep, i):
            items.append(source[start:i])
            start = i + len(sep)
            i = start
            continue
        i += 1
    items.append(source[start:])
    return [item.strip() for item in items]


def link_parts(inner: str) -> tuple[str, str]:
    """(label, target) of the inside of `[[...]]`, every Twine link form.

    `[[a]]`, `[[text|target]]`, `[[text->target]]` (the rightmost `->`), `[[target<-text]]` (the
    leftmost `<-`); an empty target means the label is the target.
    """
    if "|" in inner:
        label, target = inner.rsplit("|", 1)
    elif "->" in inner:
        label, target = inner.rsplit("->", 1)
    elif "<-" in inner:
        target, label = inner.split("<-", 1)
    else:
        label = target = inner
    label, target = label.strip(), target.strip()
    if not target:
        target = label
    if not label:
        label = target
    return label, target


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>", re.DOTALL)
_HEADING_TAGS = {
    "h1": "# ",
    "h2": "## ",
    "h3": "### ",
    "h4": "#### ",
    "h5": "##### ",
    "h6": "###### ",
}
_DROP_TAGS = {
    "div",
    "span",
    "p",
    "center",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "tw-hook",
}
_LOSSY_TAGS = {"textarea", "input", "button", "select", "audio", "video", "iframe", "img", "canvas"}


def html_to_markdown(text: str, line: int, losses: list[Loss]) -> str:
    """Common HTML as Markdown; tags with no match (form fields, media) are reported."""

    def tag(match: re.Match[str]) -> str:
        closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
        if name == "br":
            return "\n"
        if name == "hr":
            return "\n\n---\n\n"
        if name in _HEADING_TAGS:
            return "\n\n" if closing else "\n\n" + _HEADING_TAGS[name]
        if name in ("b", "strong"):
            return "**"
        if name in ("i", "em"):
            return "*"
        if name == "p":
            return "\n\n"
        if name in _DROP_TAGS or name in ("ul", "ol", "li", "pre", "code", "blockquote", "a"):
            if name == "li" and not closing:
                return "\n- "
            if name in ("pre", "code") and not closing:
                return "`"
            if name in ("pre", "code"):
                return "`"
            if name == "blockquote" and not closing:
                return "\n\n> "
            if name == "a" and not closing:
                href = re.search(r"""href\s*=\s*["']([^"']*)["']""", attrs)
                return "[" if href else ""
            if name == "a":
                return "]"
            return ""
        if name in _LOSSY_TAGS and not closing:
            where = line + line_at(text, match.start())
            losses.append(Loss(f"HTML <{name}>", match.group(0), where, mark=False))
            return f" ⟦Twine, not converted: HTML <{name}>⟧ "
        return ""

    # keep a link's address: <a href="u">t</a> -> [t](u)
    text = re.sub(
        r"""<a\b[^>]*href\s*=\s*["']([^"']*)["'][^>]*>(.*?)</a>""",
        lambda m: f"[{m.group(2)}]({m.group(1)})",
        text,
        flags=re.DOTALL | re.IGNORECASE,
    )
    text = _TAG.sub(tag, text)
    return html.unescape(text)


def escape_jinja(text: str) -> str:
    """Prose that Jinja2 shows as it is: `{{`, `{%`, `{#` and lone braces written safely."""
    if not any(mark in text for mark in ("{", "}")):
        return text
    return re.sub(r"([{}]+)", lambda m: "{{ " + repr(m.group(1)) + " }}", text)


def drop_comments(text: str) -> str:
    return re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)


class PartsBuilder:
    """Collects a passage's parts while a format module reads it; prose is cleaned on the way in."""

    def __init__(self, source: str, bold_italic: list[tuple[str, str]] | None = None) -> None:
        self.source = source
        self.parts: list[Part] = []
        self.losses: list[Loss] = []
        self.bold_italic = bold_italic or []

    def text(self, raw: str, pos: int) -> None:
        if not raw:
            return
        line = line_at(self.source, pos)
        cleaned = html_to_markdown(drop_comments(raw), line, self.losses)
        for pattern, replacement in self.bold_italic:
            cleaned = re.sub(pattern, replacement, cleaned)
        self.parts.extend(self.losses)
        self.losses.clear()
        self.parts.append(Text(escape_jinja(cleaned)))

    def add(self, part: Part) -> None:
        self.parts.append(part)

    def loss(self, what: str, source: str, pos: int) -> None:
        self.parts.append(Loss(what, source.strip(), line_at(self.source, pos)))
