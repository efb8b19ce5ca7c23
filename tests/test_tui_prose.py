"""The scene text widget: the Markdown an author writes, drawn as a reader expects it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import SimpleNamespace

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget

from game.tui.widgets.prose import SceneText
from game.tui.widgets.scene_header import SceneHeader


def lines_shown(
    widget: Widget, width: int, change: Callable[[Widget], None] | None = None
) -> list[str]:
    """The lines `widget` shows (trailing spaces cut), alone in an app `width` columns wide,
    after `change` (if any) was made to it once mounted."""

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield widget

    async def run() -> list[str]:
        async with One().run_test(size=(width, 40)) as pilot:
            if change is not None:
                change(widget)
            await pilot.pause()
            strips = widget.render_lines(Region(0, 0, width, widget.size.height))
            return ["".join(segment.text for segment in strip).rstrip() for strip in strips]

    return asyncio.run(run())


def drawn(markdown: str, width: int = 40) -> list[str]:
    """The lines a `SceneText` of `width` columns shows for `markdown`."""
    return lines_shown(SceneText(markdown), width)


def test_paragraphs_wrap_and_a_blank_line_separates_them() -> None:
    lines = drawn("The rock turns.\nIt turns slowly over the dome, a long way up.\n\nNobody looks.")
    assert lines == [
        "The rock turns. It turns slowly over the",
        "dome, a long way up.",
        "",
        "Nobody looks.",
        "",
    ]


def test_emphasis_is_styled_not_printed_with_its_stars() -> None:
    widget = SceneText("A *quiet* word and a **loud** one and `code`.")
    content = widget.render()
    assert str(content) == "A quiet word and a loud one and code."
    lines = drawn("A *quiet* word.")
    assert lines[0] == "A quiet word."


def test_a_quote_has_a_bar_down_its_side_even_across_its_paragraphs() -> None:
    lines = drawn("Before.\n\n> One line of a message\n> that wraps round.\n>\n> Signed.\n\nAfter.")
    assert lines == [
        "Before.",
        "",
        "▌ One line of a message that wraps",
        "▌ round.",
        "▌",
        "▌ Signed.",
        "",
        "After.",
        "",
    ]


def test_lists_keep_their_text_in_a_column_under_the_bullet_or_number() -> None:
    markdown = "- first item that is long enough to wrap around\n- second\n\n3. third\n4. fourth"
    lines = drawn(markdown)
    assert lines == [
        "• first item that is long enough to wrap",
        "  around",
        "• second",
        "",
        "3. third",
        "4. fourth",
        "",
    ]


def test_nested_lists_get_another_bullet() -> None:
    lines = drawn("- outer\n  - inner\n- again")
    assert lines == ["• outer", "  ◦ inner", "• again", ""]


def test_headings_rules_and_code_show_their_text() -> None:
    lines = drawn("# Log\n\nEntry.\n\n---\n\n```\nburn 22:00\n```")
    assert lines == ["Log", "", "Entry.", "", "─" * 40, "", "burn 22:00", ""]


def test_what_it_does_not_draw_it_shows_as_written() -> None:
    lines = drawn("| a | b |\n|---|---|\n| 1 | 2 |")
    assert lines == ["| a | b |", "|---|---|", "| 1 | 2 |", ""]


def test_showing_new_text_replaces_the_old_and_keeps_its_source() -> None:
    widget = SceneText("old")
    widget.show("new *text*")
    assert widget.source == "new *text*"
    assert str(widget.render()) == "new text"


def test_empty_text_draws_nothing() -> None:
    assert drawn("") == []


def header_lines(title: str, where: str, turn: int, width: int) -> list[str]:
    """The two lines a `SceneHeader` of `width` columns shows."""
    view = SimpleNamespace(title=title, place=where, date="2003-03-09", turn=turn)
    header = SceneHeader()
    return lines_shown(header, width, lambda _: header.show(view))  # type: ignore[arg-type]


def test_the_header_shows_title_and_turn_then_place_and_date() -> None:
    assert header_lines("The burn", "Happy Valley", 11, 40) == [
        "The burn                         Turn 12",
        "Happy Valley · 2003-03-09",
    ]


def test_a_header_too_long_for_the_width_is_cut_with_an_ellipsis_and_keeps_the_turn() -> None:
    lines = header_lines("A title far too long for a narrow terminal", "Jamestown", 2, 30)
    assert lines == ["A title far too long …  Turn 3", "Jamestown · 2003-03-09"]
