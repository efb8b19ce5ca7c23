"""The richer format: outcome conditions and text variants, in play, in check and in the audit."""

from __future__ import annotations

from pathlib import Path

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


VARIANTS = """\
hub:
  title: Hub
  text: >-
    {{ sequence('First.', 'Second.', 'Again.') }}
    {{ cycle('Rain.', 'Sun.') }} {{ once('New!') }}
  choices:
    - {label: Stay, goto: hub}
    - {label: Leave, goto: out}
out:
  title: Out
  end: done
"""

SHUFFLED = """\
hub:
  title: Hub
  text: "{{ shuffle('Dust', 'Wind', 'Silence', 'Rust', 'Ice') }}"
  choices:
    - {label: Stay, goto: hub}
    - {label: Leave, goto: out}
out:
  title: Out
  end: done
"""


def texts(write_story: StoryWriter, scenes: str, stays: int, seed: int = 3) -> list[str]:
    folder = write_story({"a.yaml": scenes}, **{"story.yaml": MANIFEST_AT_HUB})
    engine = Engine(load_story(folder))
    state = engine.new_game(seed=seed)
    shown = [engine.view(state).text.strip()]
    for _ in range(stays):
        state = engine.choose(state, 0)
        shown.append(engine.view(state).text.strip())
    return shown


MANIFEST_AT_HUB = """\
title: Test
start: hub
endings:
  done: {title: Done, kind: other}
"""


def test_sequence_cycle_and_once_change_with_each_visit(write_story: StoryWriter) -> None:
    assert texts(write_story, VARIANTS, 3) == [
        "First. Rain. New!",
        "Second. Sun.",
        "Again. Rain.",
        "Again. Sun.",
    ]


def test_shuffle_is_the_same_for_the_same_seed_and_choices(write_story: StoryWriter) -> None:
    first = texts(write_story, SHUFFLED, 12, seed=7)
    assert first == texts(write_story, SHUFFLED, 12, seed=7)
    assert len(set(first)) > 1  # it does vary from visit to visit
    seeds = {tuple(texts(write_story, SHUFFLED, 12, seed=s)) for s in range(5)}
    assert len(seeds) > 1  # and from game to game


def test_check_explores_a_story_with_text_variants(write_story: StoryWriter) -> None:
    folder = write_story({"a.yaml": VARIANTS}, **{"story.yaml": MANIFEST_AT_HUB})
    report = check_story(folder, "s", playthroughs=20, max_states=2000)
    assert report.errors == []
    assert report.reachable_scenes == ["hub", "out"]


def test_a_variant_helper_is_a_known_name(write_story: StoryWriter) -> None:
    folder = write_story({"a.yaml": VARIANTS}, **{"story.yaml": MANIFEST_AT_HUB})
    load_story(folder)  # no 'cycle is not a declared variable'


ONCE = """\
hub:
  title: Hub
  text: Hub
  choices:
    - {label: Ask about the rock, goto: hub, once: true, add: {trust: 1}}
    - {label: Ask about Mars, goto: hub, once: true, if: "trust > 2"}
    - {label: Leave, goto: out}
out:
  title: Out
  end: done
"""


ONCE_MANIFEST = """\
title: Test
start: hub
vars:
  trust: {initial: 2, min: 0, max: 5, label: Trust, show: true}
endings:
  done: {title: Done, kind: other}
"""


def once_story(write_story: StoryWriter) -> Path:
    return write_story({"a.yaml": ONCE}, **{"story.yaml": ONCE_MANIFEST})


def labels(engine: Engine, state: object) -> list[str]:
    return [c.label for c in engine.view(state).choices]  # type: ignore[arg-type]


def test_a_once_only_choice_is_gone_once_taken(write_story: StoryWriter) -> None:
    engine = Engine(load_story(once_story(write_story), display_root="s"))
    state = engine.new_game(seed=1)
    assert labels(engine, state) == ["Ask about the rock", "Leave"]
    state = engine.choose(state, 0)
    assert labels(engine, state) == ["Ask about Mars", "Leave"]  # its own `if` holds now too
    state = engine.choose(state, 0)
    assert labels(engine, state) == ["Leave"]
    assert [c.label for c in engine.view(engine.undo(state)).choices] == ["Ask about Mars", "Leave"]


def test_a_once_only_choice_needs_no_variable_and_shows_none(write_story: StoryWriter) -> None:
    story = load_story(once_story(write_story), display_root="s")
    engine = Engine(story)
    state = engine.choose(engine.new_game(seed=1), 0)
    assert [c.describe() for c in engine.changes(engine.new_game(seed=1), state) if c.shown] == [
        "Trust +1"
    ]


def test_check_knows_a_once_only_choice_is_gone(write_story: StoryWriter) -> None:
    report = check_story(once_story(write_story), "s", playthroughs=20)
    assert report.errors == []
    assert report.warnings == []
    assert report.complete
    assert report.states_explored == 4  # rock taken or not, times Mars taken or not (at 3)


def test_a_variable_named_like_a_hidden_one_is_refused(write_story: StoryWriter) -> None:
    import pytest

    from game.engine import StoryErrors

    manifest = ONCE_MANIFEST.replace("vars:\n", "vars:\n  once__x: {initial: false}\n")
    folder = write_story({"a.yaml": ONCE}, **{"story.yaml": manifest})
    with pytest.raises(StoryErrors) as caught:
        load_story(folder, display_root="s")
    assert [str(e) for e in caught.value.errors] == [
        "s/story.yaml:4:3: 'once__x': names starting with 'once__' are kept for the hidden "
        "variables of once-only choices; rename it"
    ]
