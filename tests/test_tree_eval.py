"""Conditions and texts worked out from their trees give Jinja's answers, or step aside.

`tree_eval` walks the simple subset instead of compiling it. Whatever it answers must be what
Jinja's compiled code answers for the same context (values, texts, the `{% if %}` branches that
showed); where Jinja fails, it must fail too, so the caller asks Jinja for its own error.
Checked on generated input, with the story helpers in the context as in play.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_simple_jinja import _template, _valid_expression

from game.engine import expressions, tree_eval
from game.engine.sandbox import BudgetExceeded, budget
from game.tools import templates


def _context(draw: st.DrawFn) -> dict[str, Any]:
    value = st.one_of(st.integers(-3, 12), st.booleans(), st.sampled_from(["mars", "", "earth"]))
    names = ("trust", "flag", "_x", "a1", "x", "place", "nerve")
    context: dict[str, Any] = {name: draw(value) for name in names if draw(st.integers(0, 5))}
    seen = draw(st.sampled_from([{}, {"mars": 2}, {"mars": 1, "earth": 3}]))
    context["visits"] = lambda scene="": seen.get(scene, 0)
    context["visited"] = lambda scene="": scene in seen
    context["turn"] = draw(st.integers(0, 40))
    return context


_STORY_ATOMS = st.one_of(
    st.sampled_from(["trust", "flag", "place", "nerve", "turn", "x"]),
    st.integers(0, 12).map(str),
    st.sampled_from(["true", "false", "none", "'mars'", '"earth"', "''", "2.5"]),
    st.sampled_from(["visits('mars')", "visited('earth')", "visits(place)"]),
)
_STORY_OPS = [" and ", " or ", " == ", " != ", " >= ", " <= ", " < ", " > ", " + ", " - ",
              " * ", " / ", " // ", " % ", " ** ", " in ", " not in "]  # fmt: skip


@st.composite
def _story_expression(draw: st.DrawFn, depth: int = 0) -> str:
    """Conditions and values as stories write them: mostly about names the context has."""
    kind = draw(st.integers(0, 4 if depth < 3 else 0))
    if kind == 0:
        return draw(_STORY_ATOMS)
    if kind == 1:
        return f"not {draw(_story_expression(depth + 1))}"
    if kind == 2:
        return f"({draw(_story_expression(depth + 1))})"
    if kind == 3:
        return f"-{draw(_story_expression(depth + 1))}"
    left, right = draw(_story_expression(depth + 1)), draw(_story_expression(depth + 1))
    chained = draw(st.sampled_from(["", f" < {draw(_STORY_ATOMS)}"]))
    return f"{left}{draw(st.sampled_from(_STORY_OPS))}{right}{chained}"


@st.composite
def _story_text(draw: st.DrawFn, depth: int = 0) -> str:
    """Scene texts as stories write them: words, `{{ }}` and closed `{% if %}` blocks."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 2 if depth < 2 else 1))
        if kind == 0:
            parts.append(draw(st.sampled_from(["Dev waits. ", "\n", "R&D ", "caf\u00e9", "} {"])))
        elif kind == 1:
            parts.append("{{ " + draw(_story_expression(1)) + " }}")
        else:
            block = f"{{% if {draw(_story_expression(1))} %}}{draw(_story_text(depth + 1))}"
            for _ in range(draw(st.integers(0, 2))):
                block += f"{{% elif {draw(_story_expression(1))} %}}{draw(_story_text(depth + 1))}"
            if draw(st.booleans()):
                block += f"{{% else %}}{draw(_story_text(depth + 1))}"
            parts.append(block + "{% endif %}")
    return "".join(parts)


def _jinja_value(source: str, context: dict[str, Any]) -> tuple[bool, Any]:
    try:
        with budget():
            return True, expressions._compiled_expression(source)(**context)
    except Exception as exc:
        return False, type(exc)


def _same(fast: Any, jinja: Any) -> bool:
    """Equal, and of the same type (True is not 1 here: it prints differently)."""
    return type(fast) is type(jinja) and (fast == jinja or (fast != fast and jinja != jinja))


@settings(max_examples=400, deadline=None)
@given(st.one_of(_story_expression(), _valid_expression()), st.data())
def test_an_expression_has_jinjas_value_or_steps_aside(source: str, data: st.DataObject) -> None:
    walked = tree_eval.expression(source)
    if walked is None:
        return
    context = _context(data.draw)
    ok, expected = _jinja_value(source, context)
    try:
        with budget():
            got = walked(context)
    except Exception:
        return  # it stepped aside: Jinja answers (its value, or its error)
    assert ok, f"{source!r} gave {got!r} where Jinja fails with {expected}"
    assert _same(got, expected), f"{source!r}: {got!r} != Jinja's {expected!r}"
    assert _same(expressions.evaluate(source, context), expected)


@settings(max_examples=200, deadline=None)
@given(st.one_of(_story_text(), _template()), st.data())
def test_a_text_and_its_branches_are_jinjas(source: str, data: st.DataObject) -> None:
    walked = tree_eval.template(source)
    if walked is None:
        return
    context = _context(data.draw)
    try:
        with budget():
            jinja = expressions.render_compiled(expressions._compiled_template(source), context)
        marked = expressions.render_compiled(templates._marked(source), context)
    except Exception:
        # whatever Jinja raises, the walk may not answer
        with pytest.raises(Exception), budget():  # noqa: B017
            walked.render(context)
        return
    text, shown = walked.render(context)
    assert text == jinja
    assert shown == frozenset(int(m) for m in templates._MARKER.findall(marked))
    assert templates.instrument(source).render(context) == (text, shown)


def test_a_typical_scene_is_walked_not_compiled() -> None:
    text = (
        "Trust {{ trust + 1 }}."
        "{% if visited('mars') and trust >= 3 %} Yes.{% else %} No.{% endif %}"
    )
    walked = tree_eval.template(text)
    assert walked is not None
    context = {"trust": 3, "visited": lambda scene: scene == "mars"}
    assert walked.render(context) == ("Trust 4. Yes.", frozenset({0}))
    assert walked.render({**context, "trust": 1}) == ("Trust 2. No.", frozenset({1}))
    condition = tree_eval.expression("trust >= 3 and not flag")
    assert condition is not None and condition({"trust": 5, "flag": False}) is True


def test_what_it_cannot_answer_is_left_to_jinja() -> None:
    condition = tree_eval.expression("missing > 1")
    assert condition is not None
    with pytest.raises(tree_eval.Unanswered):
        condition({})  # an undefined name: Jinja reports it, in its own words
    call = tree_eval.expression("range(3)")
    assert call is not None
    with pytest.raises(tree_eval.Unanswered):
        call({"range": range})  # not a story helper: Jinja's sandbox decides
    with pytest.raises(Exception, match="undefined"):
        expressions.evaluate("missing > 1", {})
    assert expressions.evaluate("range(3) | list", {}) == [0, 1, 2]


def test_the_budget_holds_when_walked() -> None:
    huge = tree_eval.expression("2 ** 5000")
    assert huge is not None
    with pytest.raises(BudgetExceeded), budget():
        huge({})
    with pytest.raises(BudgetExceeded):
        expressions.evaluate("2 ** 5000", {})
