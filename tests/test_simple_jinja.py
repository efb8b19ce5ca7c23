"""The fast parser gives Jinja's own trees, line numbers included, or steps aside.

Whatever it accepts, Jinja must accept and parse to the same tree; whatever it does not, Jinja
parses (or reports) itself. Checked on generated input, valid and not.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import TemplateSyntaxError, nodes
from jinja2.parser import Parser

from game.engine import expressions, simple_jinja


def _jinja_expression(source: str) -> nodes.Expr | None:
    try:
        parser = Parser(expressions.environment(), source, state="variable")
        expr = parser.parse_expression()
    except TemplateSyntaxError:
        return None
    return expr if parser.stream.eos else None


def _jinja_template(source: str) -> nodes.Template | None:
    try:
        return expressions.environment().parse(source)
    except TemplateSyntaxError:
        return None


def _dump(node: Any) -> Any:
    """A node as nested tuples, with every node's line number (which `==` on nodes ignores)."""
    if isinstance(node, nodes.Node):
        return (type(node).__name__, node.lineno, tuple(_dump(v) for _, v in node.iter_fields()))
    if isinstance(node, list):
        return [_dump(n) for n in node]
    return node


def _same_as_jinja(fast: Any, jinja: Any) -> None:
    if fast is not None:
        assert jinja is not None, "accepted what Jinja rejects"
        assert fast == jinja
        assert _dump(fast) == _dump(jinja)


_NAMES = ["trust", "flag", "_x", "a1", "visits", "visited", "turn", "ending", "x"]
_ATOMS = st.one_of(
    st.sampled_from(_NAMES),
    st.sampled_from(["true", "False", "none", "None"]),
    st.integers(0, 1000).map(str),
    st.sampled_from(["0.5", "12.25", "007", "1e3", "1_000", "0x1f", "1.", ".5"]),
    st.sampled_from(["'mars'", '"earth"', "'a b'", "'caf\u00e9'", "'\\n'", "''"]),
)
_GLUE = st.sampled_from(
    [" ", "", "\n", "  ", "\t", " and ", " or ", " not ", "not ", " in ", " not in ", " is ",
     " if ", " else ", "==", " != ", ">=", "<=", ">", "<", "+", "-", "*", "/", "//", "%", "**",
     "(", ")", ",", "~", "|", ".", "[", "]", "=", "{", "}", "#", "\u00e9", "\x0b", "\r\n"]
)  # fmt: skip


@st.composite
def _token_soup(draw: st.DrawFn) -> str:
    """Arbitrary sequences of the pieces expressions are made of: mostly invalid."""
    parts = draw(st.lists(st.one_of(_ATOMS, _GLUE), min_size=1, max_size=12))
    return "".join(parts)


_OPS = [" and ", " or ", " == ", " != ", " >= ", " < ", " + ", " - ", " * ", " // ", " % ",
        " ** ", " in ", "\n>= "]  # fmt: skip


@st.composite
def _valid_expression(draw: st.DrawFn, depth: int = 0) -> str:
    """Expressions from the subset, so that acceptance itself is exercised."""
    kind = draw(st.integers(0, 6 if depth < 3 else 1))
    if kind <= 1:
        return draw(_ATOMS.filter(lambda a: a not in ("007", "1e3", "1_000", "0x1f", "1.", ".5")))
    if kind == 2:
        return f"(not {draw(_valid_expression(depth + 1))})"
    if kind == 3:
        return f"({draw(_valid_expression(depth + 1))})"
    if kind == 4:
        args = draw(st.lists(_valid_expression(depth + 1), max_size=3))
        return f"{draw(st.sampled_from(_NAMES))}({', '.join(args)})"
    if kind == 5:
        return f"-({draw(_valid_expression(depth + 1))})"
    left, right = draw(_valid_expression(depth + 1)), draw(_valid_expression(depth + 1))
    return f"{left}{draw(st.sampled_from(_OPS))}{right}"


@settings(max_examples=300, deadline=None)
@given(st.one_of(_token_soup(), _valid_expression()))
def test_expression_tree_is_jinjas_or_none(source: str) -> None:
    _same_as_jinja(simple_jinja.expression(source), _jinja_expression(source))


@settings(max_examples=300, deadline=None)
@given(_valid_expression())
def test_simple_expressions_are_taken_on(source: str) -> None:
    if _jinja_expression(source) is not None and "\\" not in source:
        assert simple_jinja.expression(source) is not None


_DATA = st.sampled_from(
    ["Dev smiles.", " ", "\n", "line one\nline two\n", "{ not a tag }", "}}", "%}", "R&D", "",
     "caf\u00e9 ", "\r\n", "{", "{#", "#}"]
)  # fmt: skip


_ODD_TAGS = st.sampled_from(
    ["{% else %}", "{% endif %}", "{%- if x %}", "{# c #}", "{% raw %}", "{{ }}", "{% if %}",
     "{% for x in y %}"]
)  # fmt: skip


@st.composite
def _template(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.integers(0, 7 if depth < 2 else 3))
        if kind <= 1:
            parts.append(draw(_DATA))
        elif kind == 2:
            inner = draw(st.one_of(_valid_expression(), _token_soup()))
            opening = draw(st.sampled_from([" ", "", "\n", "-"]))
            parts.append("{{" + opening + inner + " }}")
        elif kind == 3:
            parts.append(draw(_ODD_TAGS))
        else:
            test = draw(_valid_expression())
            body = draw(_template(depth + 1))
            branch = ""
            if draw(st.booleans()):
                branch += f"{{% elif {draw(_valid_expression())} %}}{draw(_template(depth + 1))}"
            if draw(st.booleans()):
                branch += f"{{%else%}}{draw(_template(depth + 1))}"
            closing = draw(st.sampled_from(["{% endif %}", "{%endif%}", "{% endif\n%}", ""]))
            parts.append(f"{{% if {test} %}}{body}{branch}{closing}")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(_template())
def test_template_tree_is_jinjas_or_none(source: str) -> None:
    _same_as_jinja(simple_jinja.template(source), _jinja_template(source))


def test_a_typical_scene_text_is_taken_on() -> None:
    text = (
        "Dev keeps his voice low. Trust: {{ trust }}.\n"
        "{% if flag %}Someone has been asking.{% elif trust >= 3 %}Quiet.{% else %}No.{% endif %}\n"
    )
    tree = simple_jinja.template(text)
    assert tree is not None
    assert _dump(tree) == _dump(_jinja_template(text))


def test_anything_unusual_is_left_to_jinja() -> None:
    for source in ["trust | abs", "x.y", "x[0]", "a if b else c", "f(x=1)", "'\\n'", "a ~ b",
                   "[1, 2]", "x is defined", "a, b", "1e3"]:  # fmt: skip
        assert simple_jinja.expression(source) is None, source
    for source in ["{{ a|upper }}", "{%- if a %}x{% endif %}", "{# note #}", "{% for a in b %}"]:
        assert simple_jinja.template(source) is None, source


@settings(max_examples=300, deadline=None)
@given(st.one_of(_valid_expression(), _template()))
def test_the_checks_walk_visits_what_find_all_does(source: str) -> None:
    for parse in (expressions.parse_expression, expressions.parse_template):
        try:
            tree = parse(source)
        except TemplateSyntaxError:
            continue
        walked = expressions.descendants(tree)
        assert [id(n) for n in walked] == [id(n) for n in tree.find_all(nodes.Node)]
