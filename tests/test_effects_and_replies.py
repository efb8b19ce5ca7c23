"""Computed effects ("{{ 2 * nerve }}"), conditional effects (`when`) and a choice's `reply`, as
an author writes them and a player meets them: in play, in `check`, in plain mode and the TUI,
and in the translation catalogue."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conftest import StoryWriter, playtest
from game.cli import main
from game.engine import Engine, StoryErrors, StoryRuntimeError, load_story
from game.plain import PlainSession
from game.tools.check import check_story

MANIFEST = """\
title: The meeting
start: hall
vars:
  nerve: {initial: 2, min: 0, max: 5, label: Nerve, show: true}
  listeners: {initial: 0, min: 0, max: 10, label: Listeners, show: true}
  mood: {initial: calm, values: [calm, tense]}
  spoke: {initial: false}
endings:
  heard: {title: Heard}
  ignored: {title: Ignored}
"""

HALL = """\
hall:
  title: The hall
  text: "Nerve {{ nerve }}, listeners {{ listeners }}, the room is {{ mood }}."
  choices:
    - label: Steady yourself
      goto: hall
      add: {nerve: "{{ nerve }}"}
    - label: Speak
      goto: after
      set: {spoke: true}
      add: {listeners: "{{ 2 * nerve }}"}
      reply: You speak; {{ listeners }} people turn to listen.
      when:
        - if: nerve >= 4
          set: {mood: tense}
after:
  title: After
  text: The room is {{ mood }}.
  choices:
    - label: Leave
      goto: heard
      if: listeners >= 8
      reply: "\\"Thank you,\\" someone says."
    - label: Slip out
      goto: ignored
heard:
  title: Heard
  end: heard
ignored:
  title: Ignored
  end: ignored
"""


def story(write_story: StoryWriter, hall: str = HALL) -> Path:
    return write_story({"story.yaml": MANIFEST, "hall.yaml": hall})


def values(engine: Engine, state: object) -> dict[str, object]:
    return dict(state.variables)  # type: ignore[attr-defined]


# -- in play ------------------------------------------------------------------------------------


def test_a_computed_add_uses_the_value_of_its_expression(write_story: StoryWriter) -> None:
    engine = Engine(load_story(story(write_story)))
    state = engine.choose(engine.new_game(seed=1), 1)  # speak with nerve 2
    assert state.scene == "after"
    assert values(engine, state)["listeners"] == 4
    assert values(engine, state)["mood"] == "calm"  # nerve 2: the `when` did not apply


def test_a_computed_value_is_clamped_to_the_variables_bounds(write_story: StoryWriter) -> None:
    engine = Engine(load_story(story(write_story)))
    state = engine.new_game(seed=1)
    for _ in range(3):  # nerve 2 -> 4 -> 5 (max 5, not 8) -> 5
        state = engine.choose(state, 0)
    assert values(engine, state)["nerve"] == 5
    state = engine.choose(state, 1)
    assert values(engine, state)["listeners"] == 10  # 2 * 5 = 10, the max


def test_a_conditional_effect_applies_only_when_its_condition_holds(
    write_story: StoryWriter,
) -> None:
    engine = Engine(load_story(story(write_story)))
    state = engine.choose(engine.new_game(seed=1), 0)  # nerve 4
    state = engine.choose(state, 1)
    assert values(engine, state)["mood"] == "tense"
    assert engine.view(state).text == "The room is tense."


def test_effects_apply_in_order_set_then_add_then_when(write_story: StoryWriter) -> None:
    hall = HALL.replace(
        'add: {listeners: "{{ 2 * nerve }}"}',
        'set: {nerve: 1}\n      add: {listeners: "{{ 2 * nerve }}"}',
    ).replace("      set: {spoke: true}\n", "")
    engine = Engine(load_story(story(write_story, hall)))
    state = engine.choose(engine.new_game(seed=1), 1)
    assert values(engine, state)["listeners"] == 2  # nerve was set to 1 before the add


def test_a_computed_value_a_variable_cannot_hold_stops_at_its_file_line_and_column(
    write_story: StoryWriter,
) -> None:
    hall = HALL.replace('add: {nerve: "{{ nerve }}"}', "set: {mood: \"{{ 'x' * nerve }}\"}")
    engine = Engine(load_story(story(write_story, hall)))
    with pytest.raises(StoryRuntimeError) as caught:
        engine.choose(engine.new_game(seed=1), 0)
    assert str(caught.value.error) == (
        f"{engine.story.scene_file('hall')}:7:19: in scene 'hall': '{{{{ 'x' * nerve }}}}' "
        "came out as 'xx', which 'mood' cannot hold: its values are calm, tense"
    )


# -- in check -----------------------------------------------------------------------------------


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(StoryErrors) as caught:
        load_story(folder, display_root="s")
    return [str(e) for e in caught.value.errors]


def test_check_reports_a_computed_value_of_the_wrong_type_where_it_is_written(
    write_story: StoryWriter,
) -> None:
    hall = HALL.replace('add: {nerve: "{{ nerve }}"}', 'set: {spoke: "{{ nerve + 1 }}"}')
    assert errors_of(story(write_story, hall)) == [
        "s/hall.yaml:7:20: '{{ nerve + 1 }}' comes out as a whole number, but 'spoke' holds "
        "true/false"
    ]


def test_check_says_to_divide_with_two_slashes_for_a_whole_number(
    write_story: StoryWriter,
) -> None:
    hall = HALL.replace('"{{ 2 * nerve }}"', '"{{ nerve / 2 }}"')
    assert errors_of(story(write_story, hall)) == [
        "s/hall.yaml:11:24: '{{ nerve / 2 }}' comes out as a number with a fraction, but "
        "'listeners' can only be added whole numbers: use // to divide into a whole number"
    ]


def test_check_points_at_a_misspelt_name_inside_a_computed_value(
    write_story: StoryWriter,
) -> None:
    hall = HALL.replace('"{{ 2 * nerve }}"', '"{{ 2 * nerv }}"')
    assert errors_of(story(write_story, hall)) == [
        "s/hall.yaml:11:32: 'nerv' is not a declared variable (did you mean 'nerve'?)"
    ]


def test_a_calculation_without_braces_says_how_to_write_it(write_story: StoryWriter) -> None:
    hall = HALL.replace('"{{ 2 * nerve }}"', "2 * nerve")
    assert errors_of(story(write_story, hall)) == [
        "s/hall.yaml:11:24: scene 'hall', choices[1].add.listeners: input should be a valid "
        'integer (got text): to work a value out, write "{{ 2 * nerve }}"'
    ]


def test_check_reports_a_conditional_effects_condition_and_effects(
    write_story: StoryWriter,
) -> None:
    hall = HALL.replace("if: nerve >= 4", "if: nerv >= 4").replace(
        "set: {mood: tense}", "set: {mood: tenes}"
    )
    assert errors_of(story(write_story, hall)) == [
        "s/hall.yaml:14:15: 'nerv' is not a declared variable (did you mean 'nerve'?)",
        "s/hall.yaml:15:23: 'mood' cannot be 'tenes': its values are calm, tense (did you "
        "mean 'tense'?)",
    ]


# -- the reply ----------------------------------------------------------------------------------


def test_the_reply_shows_before_the_next_scene_in_plain_mode(
    write_story: StoryWriter,
) -> None:
    """The answer to a choice happens where the choice was made: it is printed before the next
    scene's title, place and date (a reader found replies 'dated' by the scene after them)."""
    engine = Engine(load_story(story(write_story)))
    out = io.StringIO()
    PlainSession(engine, engine.new_game(seed=1), iter(["2"]), out).run()
    assert "You speak; 4 people turn to listen.\n\n== After ==\n\nThe room is calm." in (
        out.getvalue()
    )


def test_the_reply_is_the_last_choices_and_comes_back_after_an_undo(
    write_story: StoryWriter,
) -> None:
    engine = Engine(load_story(story(write_story)))
    start = engine.new_game(seed=1)
    assert engine.view(start).reply == ""
    after = engine.choose(start, 1)
    assert engine.view(after).reply == "You speak; 4 people turn to listen."
    steadied = engine.choose(start, 0)
    assert engine.view(steadied).reply == ""  # that choice has none
    assert engine.view(engine.undo(engine.choose(after, 0))).reply == engine.view(after).reply


@playtest
async def test_the_reply_shows_above_the_scene_text_in_the_tui(
    write_story: StoryWriter, tmp_path: Path
) -> None:
    from game.tui.app import build_app
    from game.tui.widgets.prose import SceneText

    app = build_app(story(write_story), seed=1, saves_dir=tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        text = str(app.screen.query_one("#scene-text", SceneText).render())
        assert text.index("You speak; 4 people turn to listen.") < text.index("The room is calm.")


def test_i18n_extract_lists_the_reply_with_its_context(
    write_story: StoryWriter, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = story(write_story)
    assert main(["i18n", "extract", str(folder)]) == 0
    pot = (folder / "locale" / "story.pot").read_text(encoding="utf-8")
    assert (
        '#: hall.yaml:12\nmsgctxt "hall:choices.1.reply"\n'
        'msgid "You speak; {{ listeners }} people turn to listen."'
    ) in pot
    assert 'msgctxt "after:choices.0.reply"' in pot


def test_check_passes_a_story_using_all_three(write_story: StoryWriter) -> None:
    report = check_story(story(write_story), "s", playthroughs=10)
    assert report.errors == []


# -- check's explorer, value sets, audit and lint --------------------------------------------

STAGE_MANIFEST = """\
title: The stage
start: wings
vars:
  nerve: {initial: 1, min: 0, max: 5}
  listeners: {initial: 0, min: 0, max: 10}
  spoke: {initial: false}
endings:
  ovation: {title: Ovation}
  heard: {title: Heard}
  quiet: {title: Quiet}
"""

STAGE = """\
wings:
  title: The wings
  text: Nerve {{ nerve }}.
  choices:
    - label: Breathe
      goto: wings
      add: {nerve: 1}
    - label: Speak
      goto: stage
      add: {listeners: "{{ 2 * nerve }}"}
    - label: Shout
      goto: echo
      when:
        - if: nerve >= 3
          set: {spoke: true}
stage:
  title: The stage
  text: The lights.
  choices:
    - label: Bow
      goto: ovation
      if: listeners >= 8
    - label: Leave
      goto: quiet
echo:
  title: The echo
  text: It rings.
  choices:
    - label: Listen
      goto: heard
      if: spoke
    - label: Leave
      goto: quiet
ovation:
  title: Ovation
  end: ovation
heard:
  title: Heard
  end: heard
quiet:
  title: Quiet
  end: quiet
"""


def stage(write_story: StoryWriter, scenes: str = STAGE) -> Path:
    return write_story({"story.yaml": STAGE_MANIFEST, "stage.yaml": scenes})


def test_the_explorer_reaches_a_scene_only_a_computed_effect_opens(
    write_story: StoryWriter,
) -> None:
    report = check_story(stage(write_story), "s", playthroughs=0)
    assert report.errors == []
    assert report.path_text("ovation") == "1 1 1 2 1"  # nerve 4: 2 * 4 = 8 listeners


def test_the_explorer_reaches_a_scene_only_a_conditional_effect_opens(
    write_story: StoryWriter,
) -> None:
    report = check_story(stage(write_story), "s", playthroughs=0)
    assert report.path_text("heard") == "1 1 3 1"  # nerve 3: the `when` sets spoke


def test_value_sets_reach_them_too_without_exploring(write_story: StoryWriter) -> None:
    from game.tools.value_sets import value_sets

    sets = value_sets(load_story(stage(write_story)))
    assert {"ovation", "heard", "quiet"} <= sets.reached()
    assert sets.at["stage"]["listeners"] == frozenset({2, 4, 6, 8, 10})
    assert sets.conditions[("wings", ("choices", 2, "when", 0, "if"))] == {True, False}


def test_the_audit_does_not_call_computed_or_conditional_effects_dead(
    write_story: StoryWriter,
) -> None:
    report = check_story(stage(write_story), "s", playthroughs=0)
    assert report.audit.dead_effects == []
    assert report.warnings == []


def test_the_audit_still_reports_a_computed_effect_nothing_reads(
    write_story: StoryWriter,
) -> None:
    scenes = STAGE.replace(
        'add: {listeners: "{{ 2 * nerve }}"}',
        'add: {listeners: "{{ 2 * nerve }}", unread: "{{ nerve }}"}',
    )
    folder = stage(write_story, scenes)
    unread = "  unread: {initial: 0, min: 0, max: 9}\n"
    manifest = STAGE_MANIFEST.replace("endings:", f"{unread}endings:")
    (folder / "story.yaml").write_text(manifest, encoding="utf-8")
    report = check_story(folder, "s", playthroughs=0)
    assert [f.effect for f in report.audit.dead_effects] == ["add unread"]


def test_a_when_that_can_never_hold_is_a_warning(write_story: StoryWriter) -> None:
    scenes = STAGE.replace(
        "set: {spoke: true}\n",
        "set: {spoke: true}\n        - if: nerve > 5\n          add: {listeners: 1}\n",
    )
    report = check_story(stage(write_story, scenes), "s", playthroughs=0)
    assert [str(w) for w in report.warnings] == [
        "s/stage.yaml:16:15: warning: 'when' group 2 of choice 3 of 'wings' never applies: "
        "'if: nerve > 5' is false in every state reached"
    ]


def test_a_computed_value_that_fails_in_play_is_a_check_error_with_its_path(
    write_story: StoryWriter,
) -> None:
    scenes = STAGE.replace('"{{ 2 * nerve }}"', '"{{ 10 // (3 - nerve) }}"')
    report = check_story(stage(write_story, scenes), "s", playthroughs=0)
    assert [str(e) for e in report.errors] == [
        "s/stage.yaml:10:24: in scene 'wings': '10 // (3 - nerve)' could not be worked out: "
        "integer division or modulo by zero (reached by choices: 1 1)"
    ]


def test_the_language_server_completes_variables_inside_a_computed_value(
    write_story: StoryWriter,
) -> None:
    from game.lsp.completion import suggestions

    story = load_story(stage(write_story))
    found = suggestions(story, '      add: {listeners: "{{ 2 * ne', False, None)
    assert {"nerve", "listeners", "visits"} <= {s.label for s in found}
    keys = suggestions(story, "          ", False, "when")
    assert {s.label for s in keys} == {"if", "set", "add"}


def test_consequences_lists_a_when_groups_effects_and_where_they_are_read(
    write_story: StoryWriter, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["consequences", str(stage(write_story)), "wings:3"]) == 0
    out = capsys.readouterr().out
    assert "  when 1: set spoke:\n    read at echo: choice 1 (if)" in out


def test_a_story_from_the_cache_keeps_its_computed_and_conditional_effects(
    write_story: StoryWriter, tmp_path: Path
) -> None:
    hall = HALL.replace(
        "after:\n  title: After\n",
        "after:\n  title: After\n  on_enter:\n    when:\n      - if: spoke\n"
        "        add: {nerve: 1}\n",
    )
    folder = story(write_story, hall)
    cold = load_story(folder, cache_dir=tmp_path / "cache")
    warm = load_story(folder, cache_dir=tmp_path / "cache")
    assert warm == cold
    engine = Engine(warm)
    state = engine.choose(engine.new_game(seed=1), 1)
    assert values(engine, state)["nerve"] == 3  # the arrival's `when`: spoke, so nerve + 1
    assert values(engine, state)["listeners"] == 4


def test_an_outcomes_reply_is_shown_in_place_of_its_choices(write_story: StoryWriter) -> None:
    scenes = """\
    a:
      title: The coin
      text: Toss it?
      choices:
        - label: Toss
          reply: It spins.
          outcomes:
            - {goto: b, reply: "Heads."}
            - {goto: b}
    b:
      title: Done
      end: done
    """
    engine = Engine(load_story(write_story({"a.yaml": scenes})))
    start = engine.new_game(seed=1)
    assert engine.view(engine.choose_outcome(start, 0, 0)).reply == "Heads."
    assert engine.view(engine.choose_outcome(start, 0, 1)).reply == "It spins."


def test_a_text_variable_can_be_set_to_a_computed_value(write_story: StoryWriter) -> None:
    hall = HALL.replace(
        'add: {nerve: "{{ nerve }}"}',
        "set: {mood: \"{{ 'tense' if nerve > 1 else 'calm' }}\"}",
    )
    engine = Engine(load_story(story(write_story, hall)))
    state = engine.choose(engine.new_game(seed=1), 0)
    assert values(engine, state)["mood"] == "tense"


RETURN = """\
a:
  title: The corridor
  text: A corridor.
  choices:
    - label: Go in
      goto: b
b:
  title: The room
  text: A room.
  on_enter:
    when:
      - if: "visited('b')"
        set: {flag: true}
  choices:
    - label: Step out
      goto: a
    - label: Look closer
      goto: c
      if: flag
c:
  title: Closer
  end: done
"""


def test_an_arrivals_when_sees_the_visits_from_before_it_arrives(
    write_story: StoryWriter,
) -> None:
    engine = Engine(load_story(write_story({"a.yaml": RETURN})))
    first = engine.choose(engine.new_game(seed=1), 0)
    assert values(engine, first)["flag"] is False  # not yet visited when it arrived
    again = engine.choose(engine.choose(first, 0), 0)
    assert values(engine, again)["flag"] is True
    report = check_story(write_story({"a.yaml": RETURN}), "s", playthroughs=0)
    assert report.path_text("c") == "1 1 1 2"
    assert [w.code for w in report.warnings] == ["unused-variable"]  # (the test manifest's)


def test_a_loop_through_an_arrival_that_asks_visited_is_proven_in_a_few_states(
    write_story: StoryWriter,
) -> None:
    # `visited` asks whether, not how often: going round the loop again changes nothing the
    # story can tell, so the complete walk ends (it used to count every lap, and walked to its
    # bound of two million states: a story this small reported as too big to prove)
    report = check_story(write_story({"a.yaml": RETURN}), "s", playthroughs=0, max_states=1_000)
    assert report.complete
    assert report.states_explored <= 10
    assert report.path_text("c") == "1 1 1 2"
