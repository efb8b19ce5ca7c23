"""A scene's Markdown drawn by one widget: paragraphs, emphasis, quotes, lists and headings.

Textual's `Markdown` widget mounts a widget per block (per paragraph, per list item, per quote)
and on every `update` removes them all and mounts new ones, parsing in a worker thread. A scene
changes on every move, so that was most of the time from a key to the new scene on screen. Here
the text is parsed once (markdown-it, the parser Textual's widget uses), turned into a list of
blocks, and drawn as one `Visual`: a move is one repaint of one widget, not a dozen mounts.

What it draws: paragraphs with a blank line between them; *em*, **strong**, ~~strike~~ and
`code`; block quotes with a bar down their left edge; bullet and numbered lists (nested, the
text wrapping under itself); headings; rules; fenced code. Anything else markdown-it finds
(a table, raw HTML) is shown as its source text, so nothing an author writes disappears.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Static

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_INLINE_STYLES = {
    "em_open": "italic",
    "strong_open": "bold",
    "s_open": "strike",
    "link_open": "underline",
}
_CODE_STYLE = "$text-warning on $warning 10%"
_QUOTE_BAR = Content.styled("▌ ", "$text-primary 50%")
_HEADING_STYLES = {1: "bold $accent", 2: "bold $accent", 3: "bold"}
_BULLETS = ("• ", "◦ ", "▪ ")
_NOTHING = Content("")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Block:
    """One block of text: `body` wrapped in the columns right of its prefix, which is `first`
    on the block's first line and `rest` on the lines after. A `rule` fills the width."""

    body: Content
    first: Content = _NOTHING
    rest: Content = _NOTHING
    rule: bool = False

    def indented(self, first: Content, rest: Content) -> Block:
        """This block inside a quote or a list item: their prefix before its own."""
        return Block(self.body, first + self.first, rest + self.rest, self.rule)


class Prose(Visual):
    """Blocks one under another, a blank line between paragraphs (as Markdown shows them)."""

    def __init__(self, blocks: list[tuple[Block, bool]]) -> None:
        # each block, and whether a blank line comes after it
        self.blocks = blocks

    def __str__(self) -> str:
        return "\n".join(block.body.plain for block, _ in self.blocks)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        height = 0
        for block, gap in self.blocks:
            if block.rule:
                height += 1
            else:
                columns = max(1, width - block.first.cell_length)
                height += block.body.get_height(rules, columns)
            height += gap
        return height

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips: list[Strip] = []
        blank = Strip.blank(width, style.rich_style)
        for block, gap in self.blocks:
            indent = block.first.cell_length
            columns = max(1, width - indent)
            if block.rule:
                lines = Content.styled("─" * columns, "$foreground 30%").render_strips(
                    columns, 1, style, options
                )
            else:
                lines = block.body.render_strips(columns, None, style, options)
            if indent:
                first = block.first.render_strips(indent, 1, style, options)[0]
                rest = block.rest.render_strips(indent, 1, style, options)[0]
                lines = [
                    Strip.join([first if row == 0 else rest, line])
                    for row, line in enumerate(lines)
                ]
            strips.extend(lines)
            if gap:
                strips.append(blank)
        if strips and height is not None:
            strips = strips[:height]
        return strips


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # CommonMark with GitHub's tables and strikethrough: what Textual's widget reads, less the
    # autolinking of bare URLs (a scene's links are not followed), which took half the time
    return MarkdownIt("commonmark").enable(["strikethrough", "table"])


def inline_content(token: Token) -> Content:
    """An inline token's text with its emphasis, strong, strike, code and links as styles."""
    parts: list[str] = []
    spans: list[Span] = []
    opened: list[tuple[str, int]] = []
    position = 0
    for child in token.children or ():
        kind = child.type
        text = ""
        if kind == "text":
            text = _SPACES.sub(" ", child.content)
        elif kind == "softbreak":
            text = " "
        elif kind == "hardbreak":
            text = "\n"
        elif kind == "code_inline":
            spans.append(Span(position, position + len(child.content), _CODE_STYLE))
            text = child.content
        elif kind == "image":
            text = f"[{child.content or child.attrs.get('alt', '') or 'image'}]"
        elif kind in _INLINE_STYLES:
            opened.append((_INLINE_STYLES[kind], position))
        elif kind.endswith("_close") and opened:
            name, start = opened.pop()
            spans.append(Span(start, position, name))
        elif child.content:  # html_inline and anything newer: its source
            text = child.content
        parts.append(text)
        position += len(text)
    return Content("".join(parts), spans=spans)


def prose_blocks(markdown: str) -> list[tuple[Block, bool]]:
    """The blocks of a Markdown text, each with whether a blank line follows it."""
    tokens = _parser().parse(markdown)
    blocks, _ = _blocks(tokens, 0, markdown.splitlines(), tight=False, depth=0)
    if blocks:
        blocks[-1] = (blocks[-1][0], True)  # a blank line between the text and what follows it
    return blocks


def _blocks(
    tokens: list[Token], index: int, lines: list[str], tight: bool, depth: int, close: str = ""
) -> tuple[list[tuple[Block, bool]], int]:
    """The blocks from `tokens[index]` up to the token `close` (or the end), and the index after
    it. In a tight list (`tight`) no blank line follows a paragraph; `depth` counts the lists
    this one is inside (their bullets differ)."""
    out: list[tuple[Block, bool]] = []
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == close:
            return out, index + 1
        if kind == "paragraph_open":
            out.append((Block(inline_content(tokens[index + 1])), not tight))
            index += 3
        elif kind == "heading_open":
            level = int(token.tag[1:]) if token.tag[1:].isdigit() else 3
            body = inline_content(tokens[index + 1]).stylize(_HEADING_STYLES.get(level, "bold"))
            out.append((Block(body), True))
            index += 3
        elif kind == "blockquote_open":
            inner, index = _blocks(tokens, index + 1, lines, False, depth, "blockquote_close")
            quoted = [(block.indented(_QUOTE_BAR, _QUOTE_BAR), gap) for block, gap in inner]
            if quoted:  # the bar runs down the blank lines between the quote's paragraphs
                out.extend(_bar_between(quoted))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            end = "ordered_list_close" if ordered else "bullet_list_close"
            number = int(token.attrs.get("start", 1) or 1) if ordered else 0
            is_tight = _is_tight(tokens, index + 1)
            index += 1
            items: list[tuple[Block, bool]] = []
            while index < len(tokens) and tokens[index].type != end:  # at a list_item_open
                marker = f"{number}. " if ordered else _BULLETS[depth % len(_BULLETS)]
                number += 1
                inner, index = _blocks(
                    tokens, index + 1, lines, is_tight, depth + 1, "list_item_close"
                )
                first = Content.styled(marker, "$accent")
                rest = Content(" " * first.cell_length)
                for row, (block, gap) in enumerate(inner):
                    items.append((block.indented(first if row == 0 else rest, rest), gap))
            index += 1
            if items:  # a list ends with a blank line, unless it is inside a tight list
                items[-1] = (items[-1][0], not tight)
            out.extend(items)
        elif kind == "hr":
            out.append((Block(Content(""), rule=True), True))
            index += 1
        elif kind in ("fence", "code_block"):
            code = token.content.rstrip("\n")
            out.append((Block(Content.styled(code, _CODE_STYLE)), True))
            index += 1
        elif token.map is not None and token.nesting >= 0:
            # a table, raw HTML, anything else: its source lines, as written
            start, stop = token.map
            out.append((Block(Content("\n".join(lines[start:stop]))), True))
            index = _skip(tokens, index)
        else:
            index += 1
    return out, index


def _bar_between(quoted: list[tuple[Block, bool]]) -> list[tuple[Block, bool]]:
    """A quote's blocks with its bar drawn down the blank lines between them, and one blank
    line (no bar) after the quote."""
    out: list[tuple[Block, bool]] = []
    for number, (block, gap) in enumerate(quoted):
        last = number == len(quoted) - 1
        out.append((block, gap if last else False))
        if gap and not last:
            out.append((Block(Content(""), _QUOTE_BAR, _QUOTE_BAR), False))
    out[-1] = (out[-1][0], True)
    return out


def _is_tight(tokens: list[Token], index: int) -> bool:
    """Whether the list starting at `tokens[index]` is tight (markdown-it hides its paragraphs)."""
    for token in tokens[index:]:
        if token.type == "paragraph_open":
            return token.hidden
    return True


def _skip(tokens: list[Token], index: int) -> int:
    """The index after the block that opens at `tokens[index]` (and its closing token)."""
    token = tokens[index]
    if token.nesting <= 0:
        return index + 1
    depth = 0
    while index < len(tokens):
        depth += tokens[index].nesting
        index += 1
        if depth == 0:
            break
    return index


class SceneText(Static):
    """A scene's text: `show(markdown)` draws it; `source` is the Markdown last shown."""

    DEFAULT_CSS = """
    SceneText {
        height: auto;
        width: 1fr;
    }
    """

    def __init__(self, markdown: str = "", *, id: str | None = None) -> None:
        self.source = markdown
        super().__init__(Prose(prose_blocks(markdown)), id=id, markup=False)

    def show(self, markdown: str) -> None:
        """Draw `markdown` in place of the text shown (a repaint, and a layout for its height)."""
        self.source = markdown
        self.update(Prose(prose_blocks(markdown)))


def with_reply(text: str, reply: str) -> str:
    """A scene's Markdown with the reply of the choice that led there above it, as a quote."""
    if not reply:
        return text
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in reply.splitlines())
    return f"{quoted}\n\n{text}"
