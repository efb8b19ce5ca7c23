"""Story code runs under a budget: nothing a condition, a weight or a text does can hang the game
or eat the machine; over budget is the story's error at the place it was written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import StoryWriter, playtest
from game.cli import main
from game.engine import Engine, StoryErrors, StoryRuntimeError, expressions, load_story
from game.engine.sandbox import MAX_INT_BITS, MAX_LENGTH, BudgetExceeded

CONTEXT = {"n": 3, "trust": 2, "turn": 1}

HOSTILE_EXPRESSIONS = [
    "(n+2)**((n+2)**20)",
    "[0]*10**9",
    "'x' * 10**9",
    "range(10)|slice(10**8)|list",
    "'x'.ljust(10**9)",
    "'{:>999999999}'.format(1)",
    "'%0999999999d' % 1",
    "'%*d' % (999999999, 1)",
    "('x' * 1000)|replace('', 'y' * 1000)",
    "lipsum(10**8)",
    "(range(100000)|list) + (range(100000)|list) * 10",
    " and ".join(["n > 1"] * 2000),
    "(" * 2000 + "n" + ")" * 2000,
]
HOSTILE_TEMPLATES = [
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% set l = [1] %}{% for x in l %}{{ l.append(x) or '' }}{% endfor %}",
    "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}",
    "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
    "{% endfor %}",
    "{% for x in range(100) recursive %}{% if loop.depth < 6 %}{{ loop(range(100)) }}"
    "{% endif %}{% endfor %}",
    "{% macro f(k) %}{{ f(k) }}{% endmacro %}{{ f(1) }}",
    "{% set s = 'x' * 900000 %}{% for i in range(100) %}{{ s }}{% endfor %}",
    "{{ '%0999999999d'|format(1) }}",
    "{{ 'x'|center(10**9) }}",
]


@pytest.mark.parametrize("source", HOSTILE_EXPRESSIONS)
def test_a_hostile_expression_is_refused_by_the_budget(source: str) -> None:
    with pytest.raises(BudgetExceeded):
        expressions.evaluate(source, CONTEXT)


@pytest.mark.parametrize("source", HOSTILE_TEMPLATES)
def test_a_hostile_template_is_refused_by_the_budget(source: str) -> None:
    with pytest.raises(BudgetExceeded):
        expressions.render(source, CONTEXT)


def test_ordinary_story_code_is_untouched_by_the_budget() -> None:
    assert expressions.evaluate("2 ** 40 + n * 3", CONTEXT) == 2**40 + 9
    assert expressions.render("{{ '{:,}'.format(12345678901) }}", CONTEXT) == "12,345,678,901"
    assert expressions.render("{{ '%5.1f'|format(2.25) }}", CONTEXT) == "  2.2"
    text = "{% for i in range(1000) %}{% if i % 100 == 0 %}{{ i }} {% endif %}{% endfor %}"
    assert expressions.render(text, CONTEXT).split() == [str(i) for i in range(0, 1000, 100)]
    assert expressions.render("{{ 'ab' * 3 }} {{ [1, 2] * 2 }}", CONTEXT) == "ababab [1, 2, 1, 2]"


def test_the_budget_is_per_evaluation_not_per_process() -> None:
    loop = "{% for i in range(100000) %}{% endfor %}done"
    for _ in range(5):  # 500,000 steps in all: each evaluation has its own 250,000
        assert expressions.render(loop, CONTEXT) == "done"


@settings(max_examples=60, deadline=None)
@given(base=st.integers(-(2**70), 2**70), exponent=st.integers(0, 5_000))
def test_a_power_is_exact_within_the_budget_and_refused_beyond_it(base: int, exponent: int) -> None:
    context = {"b": base, "e": exponent}
    if abs(base) > 1 and base.bit_length() * exponent > MAX_INT_BITS:
        with pytest.raises(BudgetExceeded):
            expressions.evaluate("b ** e", context)
    else:
        assert expressions.evaluate("b ** e", context) == base**exponent


@settings(max_examples=60, deadline=None)
@given(items=st.integers(0, 30), times=st.integers(0, 2 * MAX_LENGTH))
def test_repeating_a_list_is_exact_within_the_budget_and_refused_beyond_it(
    items: int, times: int
) -> None:
    context = {"k": times, "items": list(range(items))}
    if items * times > MAX_LENGTH:
        with pytest.raises(BudgetExceeded):
            expressions.evaluate("items * k", context)
    else:
        assert len(expressions.evaluate("items * k", context)) == items * times


@settings(max_examples=30, deadline=None)
@given(outer=st.integers(1, 2_000), inner=st.integers(1, 2_000))
def test_nested_loops_run_to_the_end_or_stop_at_the_step_budget(outer: int, inner: int) -> None:
    source = (
        f"{{% for i in range({outer}) %}}{{% for j in range({inner}) %}}{{% endfor %}}"
        "{% endfor %}end"
    )
    if outer * inner + outer <= 200_000:
        assert expressions.render(source, CONTEXT) == "end"
    elif outer * inner > 260_000:
        with pytest.raises(BudgetExceeded):
            expressions.render(source, CONTEXT)


HOSTILE_STORY = """\
a:
  title: A
  text: Hello
  choices:
    - label: Go on
      goto: b
    - label: Weigh it
      outcomes:
        - {weight: "(trust+2)**((trust+2)**20)", goto: b}
        - {weight: 1, goto: b}
b:
  title: B
  text: "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
  end: done
"""


def test_over_budget_in_play_is_a_story_error_naming_the_scene_and_place(
    write_story: StoryWriter,
) -> None:
    engine = Engine(load_story(write_story({"a.yaml": HOSTILE_STORY}), display_root="s"))
    state = engine.new_game(seed=0)
    with pytest.raises(StoryRuntimeError) as weighed:
        engine.choose(state, 1)
    assert str(weighed.value.error).startswith("s/a.yaml:9:20: in scene 'a': ")
    assert "too big" in str(weighed.value.error)
    with pytest.raises(StoryRuntimeError) as shown:
        engine.view(engine.choose(state, 0))
    assert str(shown.value.error).startswith("s/a.yaml:13:9: in scene 'b': ")
    assert "too much work" in str(shown.value.error)


def test_check_reports_over_budget_code_as_errors_with_their_places(
    write_story: StoryWriter, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_story({"a.yaml": HOSTILE_STORY})
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{folder}/a.yaml:9:20: in scene 'a': " in out and "too big" in out
    # without the weight, the explorer gets to the text of 'b'
    weightless = HOSTILE_STORY.replace("(trust+2)**((trust+2)**20)", "trust")
    (folder / "a.yaml").write_text(weightless, encoding="utf-8")
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{folder}/a.yaml:13:9: in scene 'b': " in out and "too much work" in out


def test_play_stops_at_over_budget_code_with_one_line_and_status_1(
    write_story: StoryWriter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_story({"a.yaml": HOSTILE_STORY})
    args = ["--story", str(folder), "--saves", str(tmp_path / "saves"), "--plain"]
    assert main([*args, "--choices", "1"]) == 1
    err = capsys.readouterr().err
    assert "a.yaml:13:9: in scene 'b': " in err and "Traceback" not in err


@playtest
async def test_the_tui_shows_an_over_budget_error_stays_in_the_scene_and_quits_on_ctrl_q(
    write_story: StoryWriter, tmp_path: Path
) -> None:
    from game.tui.app import build_app
    from game.tui.screens.story_problems import StoryProblemsScreen

    folder = write_story({"a.yaml": HOSTILE_STORY})
    app = build_app(folder, display_root="s", seed=0, saves_dir=tmp_path / "saves")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "2")
        await pilot.pause()
        assert isinstance(app.screen, StoryProblemsScreen)
        assert app.session.current().scene == "a"
        await pilot.press("ctrl+q")
    assert app.return_code == 0


@pytest.mark.parametrize(
    ("field", "source"),
    [
        ("if", " and ".join(["trust > 1"] * 2000)),
        ("if", "(" * 300 + "trust" + ")" * 300),
        ("if", " + ".join(["1"] * 500) + " > 0"),
        ("label", "{% if trust %}" * 120 + "deep" + "{% endif %}" * 120),
        ("label", "{{ " + " or ".join(["flag"] * 1000) + " }}"),
    ],
    ids=["2000-ands", "300-parentheses", "500-pluses", "120-nested-ifs", "1000-ors-in-a-text"],
)
def test_a_deeply_nested_condition_or_text_is_one_error_at_its_place_when_the_story_loads(
    write_story: StoryWriter, capsys: pytest.CaptureFixture[str], field: str, source: str
) -> None:
    if field == "label":
        scenes = SCENES_WITH_A_SLOT.replace("      SLOT\n", "").replace("Go on", json.dumps(source))
    else:
        scenes = SCENES_WITH_A_SLOT.replace("SLOT", f"{field}: {json.dumps(source)}")
    folder = write_story({"a.yaml": scenes})
    with pytest.raises(StoryErrors) as caught:
        load_story(folder, display_root="s")
    (message,) = [str(e) for e in caught.value.errors]
    assert message.startswith("s/a.yaml:") and "nested more than 40 levels deep" in message
    assert main(["check", str(folder)]) == 1  # and `check` says the same, without a traceback
    assert "nested more than 40 levels deep" in capsys.readouterr().out


SCENES_WITH_A_SLOT = """\
a:
  title: A
  text: Hello
  choices:
    - label: Go on
      goto: b
      SLOT
b:
  title: B
  end: done
"""
