"""Flat conditions evaluated without Jinja give Jinja's answers, exceptions included.

Checked on generated flat expressions (from the matcher's own tests) against generated contexts
holding numbers, text, booleans and None, and the `visits`/`visited` helpers.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import expressions, flat_eval, jinja_scan
from tests.test_jinja_scan import _flat_soup

_NAMES = ["trust", "flag", "_x", "a1", "turn", "ending", "notable", "order", "iffy"]
_VALUES = st.one_of(
    st.integers(-3, 12), st.sampled_from(["mars", "earth", "", "a and b"]), st.booleans(), st.none()
)


def _jinja(source: str, context: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "value", expressions._compiled_expression(source)(**context)
    except Exception as exc:
        return "raises", type(exc)


def _ours(evaluate: flat_eval.Evaluator, context: dict[str, Any]) -> tuple[str, Any] | None:
    try:
        return "value", evaluate(context)
    except flat_eval.Missing:
        return None  # `expressions.evaluate` hands these to Jinja
    except Exception as exc:
        return "raises", type(exc)


_ATOMS = st.sampled_from(
    [*_NAMES, "0", "1", "7", "'mars'", '"earth"', "true", "False", "none", "visited('x')",
     'visits("y")', "trustee"]
)  # fmt: skip


@st.composite
def _flat(draw: st.DrawFn, depth: int = 0) -> str:
    """Flat expressions built by the grammar, so that most are taken on."""
    kind = draw(st.integers(0, 5 if depth < 3 else 1))
    if kind <= 1:
        return draw(_ATOMS)
    if kind == 2:
        return f"{draw(_ATOMS)} {draw(st.sampled_from(['+', '-']))} {draw(_ATOMS)}"
    if kind == 3:
        op = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
        return f"{draw(_flat(depth + 2))} {op} {draw(_ATOMS)}"
    if kind == 4:
        return f"not {draw(_flat(depth + 1))}"
    word = draw(st.sampled_from(["and", "or"]))
    return f"{draw(_flat(depth + 1))} {word} {draw(_flat(depth + 1))}"


@settings(max_examples=3000, deadline=None)
@given(
    st.one_of(_flat(), _flat_soup()),
    st.fixed_dictionaries({n: _VALUES for n in _NAMES}),
    st.sets(st.text("abc")),
)
def test_flat_answers_are_jinjas(source: str, values: dict[str, Any], seen: set[str]) -> None:
    evaluate = flat_eval.evaluator(source)
    if evaluate is None:
        return
    context = {**values, "visited": lambda s: s in seen, "visits": lambda s: int(s in seen)}
    ours, jinja = _ours(evaluate, context), _jinja(source, context)
    if ours is None:
        reads = jinja_scan.expression(source)
        assert reads is not None
        assert any(name not in context for name, _ in reads[0])  # only then
        return
    assert ours == jinja, (source, context)
    if ours[0] == "value":
        assert type(ours[1]) is type(jinja[1])


def test_precedence_is_jinjas() -> None:
    context = {"a": 1, "b": 2, "flag": False, "visited": lambda s: s == "x"}
    cases = {
        "not a == b": True,
        "not flag and a < b": True,
        "flag or a + 1 == b": True,
        "a - b - 1 == -2": None,  # a unary minus: not flat, Jinja's business
        "a - b - 1 < a": True,
        "visited('x') and not visited('y')": True,
        "flag or 0 or 'last'": "last",
    }
    for source, expected in cases.items():
        evaluate = flat_eval.evaluator(source)
        if expected is None:
            assert evaluate is None, source
            continue
        assert evaluate is not None, source
        assert evaluate(context) == expected, source
        assert expressions.evaluate(source, context) == expected, source


def test_a_name_the_context_lacks_is_left_to_jinja() -> None:
    evaluate = flat_eval.evaluator("range")
    assert evaluate is not None
    assert expressions.evaluate("range", {}) is expressions.environment().globals["range"]
