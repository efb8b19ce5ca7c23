"""Matching flat conditions and texts gives what parsing them gives, or steps aside.

Whatever `jinja_scan` answers for, Jinja must parse without complaint, and the names (with their
lines) and scene ids it reports must be the ones the parsed tree holds. Checked on generated
input, valid and not, with the generators of the fast parser's own tests.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import expressions, jinja_scan
from tests.test_simple_jinja import (
    _jinja_expression,
    _jinja_template,
    _template,
    _token_soup,
    _valid_expression,
)

_FLAT_ATOMS = st.sampled_from(
    ["trust", "flag", "_x", "a1", "turn", "ending", "notable", "order", "iffy", "true", "None",
     "0", "3", "10", "'mars'", '"earth"', "'a and b'", "'x == 1'", "visited('a3_raid')",
     'visits("b")', "visited( 'c' )", "visited", "visits", "007", "3x", "1.5", "not", "and", "in",
     "is", "if", "else", "elif", "endif", "for", "'it''s'", "visited(x)", "f('a')"]
)  # fmt: skip
_FLAT_GLUE = st.sampled_from(
    [" ", "", " and ", " or ", "not ", " not ", " == ", "!=", " >= ", "<", " + ", "-", "\t",
     "(", ")", "\n", " in ", " | ", ".", "  "]
)  # fmt: skip


@st.composite
def _flat_soup(draw: st.DrawFn) -> str:
    """Mostly flat conditions, some broken, some just outside what the matcher takes."""
    parts = draw(st.lists(st.one_of(_FLAT_ATOMS, _FLAT_GLUE), min_size=1, max_size=9))
    return "".join(parts)


def _expected(tree: object) -> tuple[object, object] | None:
    summary = expressions._summary(tree)  # type: ignore[arg-type]
    if summary.problems:
        return None
    return summary.names, summary.scenes


def _same_as_parsed(scanned: jinja_scan.Reads | None, tree: object) -> None:
    if scanned is None:
        return
    assert tree is not None, "matched what Jinja rejects"
    assert scanned == _expected(tree)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_flat_soup(), _token_soup(), _valid_expression()))
def test_expression_reads_are_the_parsed_trees(source: str) -> None:
    _same_as_parsed(jinja_scan.expression(source), _jinja_expression(source))


@st.composite
def _flat_template(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 5))
        if kind <= 1:
            parts.append(draw(st.sampled_from(["Dev waits.\n", "x", "\n\n", "{ a }", "}}", "%}"])))
        elif kind == 2:
            parts.append("{{ " + draw(_flat_soup()) + " }}")
        elif kind == 3:
            parts.append("{% if " + draw(_flat_soup()) + " %}")
        else:
            parts.append(
                draw(st.sampled_from(["{% else %}", "{%endif%}", "{% elif flag %}", "{% endif %}"]))
            )
    return "".join(parts)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_flat_template(), _template()))
def test_template_reads_are_the_parsed_trees(source: str) -> None:
    _same_as_parsed(jinja_scan.template(source), _jinja_template(source))


def test_typical_conditions_and_texts_are_matched() -> None:
    assert jinja_scan.expression("destination == 'mars' and miners >= 6") == (
        (("destination", 1), ("miners", 1)),
        (),
    )
    assert jinja_scan.expression("not visited('a3_raid') or trust > 2") == (
        (("trust", 1), ("visited", 1)),
        ("a3_raid",),
    )
    text = (
        "Trust: {{ trust }}.\n\n"
        "{% if flag %}Asked.{% elif trust >= 3 %}Quiet.{% else %}No.{% endif %}"
    )
    assert jinja_scan.template(text) == ((("flag", 3), ("trust", 1)), ())


def test_anything_else_is_parsed_instead() -> None:
    for source in ["a and (b or c)", "trust | abs", "x.y", "a < b < c", "-1", "f('a')", "x\n"]:
        assert jinja_scan.expression(source) is None, source
    for source in ["{{ a|upper }}", "{%- if a %}x{% endif %}", "{# c #}", "{% if a %}x", "a\r\n"]:
        assert jinja_scan.template(source) is None, source


def test_an_undeclared_name_is_reported_on_its_line_either_way() -> None:
    matched = "Line one.\n{{ trsut }}"
    parsed = "Line one.\n{{ trsut | upper }}"
    for source in (matched, parsed):
        problems, _ = expressions.check_template(source, {"trust"})
        # (the pattern finds the name's column on that line)
        assert problems == [("'trsut' is not a declared variable", 2, r"\btrsut\b")], source
