"""The richer format: outcome conditions and text variants, in play, in check and in the audit."""

from __future__ import annotations

from conftest import StoryWriter
from game.engine import Engine, load_story
from game.tools.check import check_story

GAMBLE = """\
a:
  title: The table
  text: Roll?
  choices:
    - label: Roll
      outcomes:
        - {goto: win, if: "flag"}
        - {goto: lose, weight: 2}
    - label: Cheat
      goto: a
      set: {flag: true}
win:
  title: Win
  end: done
lose:
  title: Lose
  end: done
"""


def test_an_outcome_whose_condition_fails_cannot_happen(write_story: StoryWriter) -> None:
    engine = Engine(load_story(write_story({"a.yaml": GAMBLE})))
    state = engine.new_game(seed=1)
    assert engine.weights(state, 0) == [0.0, 2.0]
    for seed in range(20):
        assert engine.choose(engine.new_game(seed=seed), 0).scene == "lose"


def test_an_outcome_whose_condition_holds_has_its_weight(write_story: StoryWriter) -> None:
    engine = Engine(load_story(write_story({"a.yaml": GAMBLE})))
    state = engine.choose(engine.new_game(seed=1), 1)
    assert engine.weights(state, 0) == [1.0, 2.0]
    assert engine.choose_outcome(state, 0, 0).scene == "win"


def test_check_reaches_a_conditional_outcome_only_by_the_way_that_allows_it(
    write_story: StoryWriter,
) -> None:
    report = check_story(write_story({"a.yaml": GAMBLE}), "s", playthroughs=20)
    assert report.errors == []
    assert report.path_text("win") == "2 1/1"
    assert report.path_text("lose") == "1/2"


def test_a_condition_on_an_outcome_is_checked_where_it_is(write_story: StoryWriter) -> None:
    import pytest

    from game.engine import StoryErrors

    folder = write_story({"a.yaml": GAMBLE.replace('if: "flag"', 'if: "flga"')})
    with pytest.raises(StoryErrors) as caught:
        load_story(folder, display_root="s")
    assert [str(e) for e in caught.value.errors] == [
        "s/a.yaml:7:28: 'flga' is not a declared variable (did you mean 'flag'?)"
    ]


def test_an_outcome_that_can_never_happen_is_never_taken_by_check(
    write_story: StoryWriter,
) -> None:
    never = GAMBLE.replace("      set: {flag: true}\n", "")
    report = check_story(write_story({"a.yaml": never}), "s", playthroughs=20)
    assert "win" not in report.reachable_scenes
