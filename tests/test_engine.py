"""Playing a story through the engine: choices, conditions, effects, chance, undo, endings."""

from __future__ import annotations

import pytest

from conftest import StoryWriter
from game.engine import ChoiceUnavailable, Engine, StoryRuntimeError, load_story

SCENES = """\
a:
  title: Start
  text: "Trust is {{ trust }}.{% if flag %} The flag is up.{% endif %}"
  on_enter: {add: {trust: 1}}
  choices:
    - label: Raise the flag
      goto: b
      set: {flag: true}
      add: {trust: 10}
    - label: Secret door
      if: "trust >= 5"
      goto: b
    - label: Needs trust
      enabled_if: "trust >= 4"
      goto: b
    - label: Needs more, with a reason
      enabled_if: "trust >= 9"
      disabled_reason: "Nobody believes you yet"
      goto: b
    - label: Gamble
      outcomes:
        - {weight: "trust", goto: b, set: {place: mars}}
        - {weight: 1, goto: c}
b:
  title: Middle
  place: Dome
  date: 2003-06-14
  text: "Flag: {{ flag }}"
  choices:
    - label: Finish
      goto: c
c:
  title: End
  text: "It is over ({{ ending }})."
  end: done
"""


@pytest.fixture
def engine(write_story: StoryWriter) -> Engine:
    manifest = (
        "title: T\nstart: a\n"
        "vars:\n"
        "  trust: {initial: 2, min: 0, max: 5, label: Trust, show: true}\n"
        "  flag: {initial: false, label: Flag}\n"
        "  place: {initial: earth, values: [earth, mars]}\n"
        "endings:\n  done: {title: Done, kind: other, summary: All done.}\n"
        "consequences:\n"
        "  - {year: 2003, if: 'flag', text: 'The flag flew.'}\n"
        "  - {year: 2003, if: 'not flag', text: 'No flag.'}\n"
        "  - {year: 2012, text: 'Trust ended at {{ trust }}.'}\n"
    )
    return Engine(load_story(write_story({"story.yaml": manifest, "a.yaml": SCENES})))


def labels(engine: Engine, state: object) -> list[str]:
    return [c.label for c in engine.view(state).choices]  # type: ignore[arg-type]


def test_on_enter_runs_on_arrival(engine: Engine) -> None:
    state = engine.new_game(seed=1)
    assert state.value("trust") == 3
    assert engine.view(state).text == "Trust is 3."


def test_choice_hidden_when_condition_false(engine: Engine) -> None:
    state = engine.new_game(seed=1)
    assert "Secret door" not in labels(engine, state)


def test_disabled_choice_gets_a_generated_reason(engine: Engine) -> None:
    view = engine.view(engine.new_game(seed=1))
    needs = next(c for c in view.choices if c.label == "Needs trust")
    assert not needs.enabled
    assert needs.reason == "needs Trust >= 4; you have 3"


def test_disabled_choice_uses_the_authors_reason(engine: Engine) -> None:
    view = engine.view(engine.new_game(seed=1))
    more = next(c for c in view.choices if c.label == "Needs more, with a reason")
    assert (more.enabled, more.reason) == (False, "Nobody believes you yet")


def test_disabled_choice_cannot_be_picked(engine: Engine) -> None:
    state = engine.new_game(seed=1)
    with pytest.raises(ChoiceUnavailable, match="needs Trust >= 4"):
        engine.choose(state, 1)


def test_choice_number_out_of_range_is_refused(engine: Engine) -> None:
    with pytest.raises(ChoiceUnavailable, match="there is no choice 9"):
        engine.choose(engine.new_game(seed=1), 8)


def test_effects_are_clamped_to_bounds(engine: Engine) -> None:
    state = engine.choose(engine.new_game(seed=1), 0)
    assert state.value("trust") == 5  # 3 + 10, clamped to max 5
    assert state.value("flag") is True


def test_changes_say_what_moved(engine: Engine) -> None:
    before = engine.new_game(seed=1)
    after = engine.choose(before, 0)
    assert [c.describe() for c in engine.changes(before, after)] == ["Trust +2", "Flag: True"]


def test_hidden_choice_appears_when_condition_becomes_true(engine: Engine) -> None:
    state = engine.choose(engine.new_game(seed=1), 0)
    state = engine.undo(state)
    assert "Secret door" not in labels(engine, state)


def test_same_seed_same_outcomes(engine: Engine) -> None:
    def play(seed: int) -> list[str]:
        results = []
        for _ in range(20):
            state = engine.choose(engine.new_game(seed=seed), 3)  # the gamble
            results.append(state.scene)
            seed += 1
        return results

    assert play(100) == play(100)
    assert set(play(100)) == {"b", "c"}  # both outcomes happen across seeds


def test_weights_follow_the_expression(engine: Engine) -> None:
    state = engine.new_game(seed=1)
    assert engine.weights(state, 3) == [3.0, 1.0]


def test_outcome_effects_apply(engine: Engine) -> None:
    state = engine.choose_outcome(engine.new_game(seed=1), 3, 0)
    assert (state.scene, state.value("place")) == ("b", "mars")


def test_undo_returns_to_the_previous_state(engine: Engine) -> None:
    start = engine.new_game(seed=5)
    moved = engine.choose(engine.choose(start, 0), 0)
    back = engine.undo(engine.undo(moved))
    assert back == start
    assert back.history == ()
    assert engine.undo(back) == back


def test_ending_shows_consequences_whose_conditions_hold(engine: Engine) -> None:
    state = engine.choose(engine.choose(engine.new_game(seed=1), 0), 0)
    view = engine.view(state)
    assert view.ending is not None
    assert view.ending.title == "Done"
    assert [(c.year, c.text) for c in view.ending.consequences] == [
        ("2003", "The flag flew."),
        ("2012", "Trust ended at 5."),
    ]
    assert view.text == "It is over (done)."
    assert view.choices == ()
    with pytest.raises(ChoiceUnavailable):
        engine.choose(state, 0)


def test_scene_header_and_journal_label(engine: Engine) -> None:
    state = engine.choose(engine.new_game(seed=1), 0)
    view = engine.view(state)
    assert (view.title, view.place, view.date) == ("Middle", "Dome", "2003-06-14")
    assert state.history[-1].label == "Raise the flag"


def test_runtime_template_failure_names_the_scene(write_story: StoryWriter) -> None:
    scenes = SCENES.replace('text: "Flag: {{ flag }}"', 'text: "{{ 1 // (trust - trust) }}"')
    engine = Engine(load_story(write_story({"a.yaml": scenes}), display_root="s"))
    state = engine.choose(engine.new_game(seed=1), 0)
    with pytest.raises(StoryRuntimeError) as caught:
        engine.view(state)
    assert str(caught.value).startswith("s/a.yaml:28:9: in scene 'b': the text could not be shown")


def test_soft_lock_is_a_story_error(write_story: StoryWriter) -> None:
    scenes = """\
a:
  title: Stuck
  choices:
    - {label: Never, goto: b, enabled_if: "flag"}
b:
  title: B
  end: done
"""
    engine = Engine(load_story(write_story({"a.yaml": scenes}), display_root="s"))
    with pytest.raises(StoryRuntimeError, match="scene 'a' has no choice the player can take"):
        engine.view(engine.new_game(seed=1))


def test_text_values_render_literally_never_as_templates(write_story: StoryWriter) -> None:
    manifest = (
        "title: T\nstart: a\nvars:\n  name: {initial: '{{ 7 * 7 }}'}\n"
        "endings:\n  done: {title: Done}\n"
    )
    scenes = "a:\n  title: A\n  text: 'Hello {{ name }}'\n  end: done\n"
    engine = Engine(load_story(write_story({"story.yaml": manifest, "a.yaml": scenes})))
    assert engine.view(engine.new_game()).text == "Hello {{ 7 * 7 }}"


def test_sandbox_stops_unsafe_calls_at_runtime(write_story: StoryWriter) -> None:
    scenes = 'a:\n  title: A\n  text: "{{ visits.__globals__ }}"\n  end: done\n'
    folder = write_story({"a.yaml": scenes})
    with pytest.raises(Exception, match="reaches into Python internals"):
        load_story(folder)
