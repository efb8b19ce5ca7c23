"""Each lint of `goldilocks check`, on a small broken story, pointing at its file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.tools.check import check_story
from game.tools.report import CheckReport

FIXTURES = Path(__file__).parent / "fixtures"


def check(name: str) -> CheckReport:
    return check_story(FIXTURES / name, name, playthroughs=50)


def found(report: CheckReport, code: str) -> list[str]:
    """'file:line:col: message' of every finding with this code."""
    return [str(e) for e in [*report.errors, *report.warnings] if e.code == code]


def test_scene_no_choice_leads_to_is_unreachable() -> None:
    assert found(check("lint_reach"), "unreachable-scene")[-1] == (
        "lint_reach/scenes.yaml:24:1: warning: scene 'island' is never reached: no chain of "
        "choices from the start 'start' leads to it"
    )


def test_scene_behind_a_condition_that_never_holds_is_unreachable() -> None:
    assert found(check("lint_reach"), "unreachable-scene")[:2] == [
        "lint_reach/scenes.yaml:14:1: warning: scene 'vault' is never reached: choices lead to "
        "it, but none of them is ever available on the way",
        "lint_reach/scenes.yaml:20:1: warning: scene 'locked_end' is never reached: choices "
        "lead to it, but none of them is ever available on the way",
    ]


def test_endings_no_path_reaches_point_at_their_declaration() -> None:
    assert found(check("lint_reach"), "unreachable-ending") == [
        "lint_reach/story.yaml:7:3: warning: ending 'nowhere' is never reached: no scene has "
        "'end: nowhere'",
        "lint_reach/story.yaml:8:3: warning: ending 'locked' is never reached: its scenes "
        "('locked_end') never are",
    ]


def test_reachable_counts_leave_out_what_no_path_reaches() -> None:
    report = check("lint_reach")
    assert report.reachable_scenes == ["start", "home"]
    assert report.reachable_endings == ["home"]
    assert report.complete


def test_soft_lock_is_an_error_with_the_path_that_shows_it() -> None:
    report = check("lint_softlock")
    assert found(report, "soft-lock") == [
        "lint_softlock/scenes.yaml:10:1: scene 'pad' can leave the player with no choice to "
        "take (every choice is hidden or disabled) and is not an ending; reached by choices: 1"
    ]
    assert report.exit_status() == 1


def test_sibling_choices_with_the_same_result_are_duplicates() -> None:
    assert found(check("lint_duplicate"), "duplicate-choice") == [
        "lint_duplicate/scenes.yaml:8:7: warning: choice 2 of 'start' goes to the same place "
        "with the same effects as choice 1, and both are offered together: the player's pick "
        "makes no difference"
    ]


def test_same_result_choices_never_offered_together_are_not_duplicates() -> None:
    # 'middle' has two choices with the same result, but `if: brave` / `if: not brave`.
    assert not [m for m in found(check("lint_duplicate"), "duplicate-choice") if "middle" in m]


def test_variable_declared_but_never_used() -> None:
    assert found(check("lint_variables"), "unused-variable") == [
        "lint_variables/story.yaml:4:3: warning: variable 'unused' is declared but never used"
    ]


def test_variable_set_but_never_read_names_where_it_is_set() -> None:
    assert found(check("lint_variables"), "variable-never-read") == [
        "lint_variables/story.yaml:5:3: warning: variable 'written' is set (e.g. at "
        "lint_variables/scenes.yaml:7) but never read: no condition, weight or text depends on "
        "it (add 'show: true' if players should see it)"
    ]


def test_variable_shown_in_the_sidebar_counts_as_read() -> None:
    messages = " ".join(str(w) for w in check("lint_variables").warnings)
    assert "'shown'" not in messages


def test_variable_read_but_never_set() -> None:
    assert found(check("lint_variables"), "variable-never-set") == [
        "lint_variables/story.yaml:6:3: warning: variable 'constant' is read but never set: it "
        "is always 3"
    ]


def test_conditions_always_true_or_false_over_every_state() -> None:
    report = check("lint_conditions")
    assert found(report, "condition-always-true") == [
        "lint_conditions/scenes.yaml:15:11: warning: choice 1 of 'gate' is always shown: "
        "'if: trust >= 0' is true in every state reached"
    ]
    assert found(report, "condition-always-false") == [
        "lint_conditions/scenes.yaml:18:19: warning: choice 2 of 'gate' is always disabled: "
        "'enabled_if: trust > 4' is false in every state reached",
        "lint_conditions/story.yaml:9:22: warning: consequence 1 never shows: 'if: trust > 10' "
        "is false in every state reached at an ending",
    ]


def test_condition_that_varies_is_not_reported() -> None:
    messages = " ".join(str(w) for w in check("lint_conditions").warnings)
    assert "enabled_if: armed" not in messages
    assert "if: armed" not in messages


def test_template_branch_that_never_shows_points_at_its_tag() -> None:
    # line 14 of the file is line 2 of the block scalar; the {% elif %} is at column 39
    assert found(check("lint_template"), "template-branch-never-shows") == [
        "lint_template/scenes.yaml:14:39: warning: the {% elif %} branch on line 2 of the text "
        "of 'room' never shows in any state reached"
    ]


def test_template_if_whose_condition_always_holds() -> None:
    assert found(check("lint_template"), "template-if-always-true") == [
        "lint_template/scenes.yaml:15:5: warning: the {% if %} on line 3 of the text of 'room' "
        "always shows one of its branches: its condition holds in every state reached"
    ]


def test_template_else_that_shows_is_not_reported() -> None:
    messages = " ".join(str(w) for w in check("lint_template").warnings)
    assert "else" not in messages


def test_text_that_fails_in_some_state_is_an_error_with_its_path() -> None:
    report = check("lint_runtime")
    assert [str(e) for e in report.errors] == [
        "lint_runtime/scenes.yaml:12:9: in scene 'share': the text could not be shown: integer "
        "division or modulo by zero (reached by choices: 1)"
    ]
    assert report.exit_status() == 1


def test_loop_with_no_way_out_is_reported_once_per_scene() -> None:
    assert found(check("lint_loop"), "no-way-to-an-ending") == [
        "lint_loop/scenes.yaml:10:1: warning: in scene 'maze', no ending can be reached any "
        "more: every way on leads round in a loop (reached by choices: 2)",
        "lint_loop/scenes.yaml:19:1: warning: in scene 'maze_b', no ending can be reached any "
        "more: every way on leads round in a loop (reached by choices: 2 1)",
    ]


def test_random_playthroughs_stuck_in_a_loop_are_counted_not_hung() -> None:
    report = check_story(FIXTURES / "lint_loop", "lint_loop", playthroughs=20)
    assert report.playthroughs is not None
    unfinished = report.playthroughs.count - sum(report.playthroughs.endings.values())
    assert 0 < unfinished < 20
    assert "no ending after" in report.playthroughs.unfinished[0][2]


def test_clean_story_has_nothing_to_report() -> None:
    report = check("lint_clean")
    assert (report.errors, report.warnings) == ([], [])
    assert report.exit_status(strict=True) == 0


@pytest.mark.parametrize(
    "name",
    [
        "lint_conditions",
        "lint_duplicate",
        "lint_loop",
        "lint_reach",
        "lint_template",
        "lint_variables",
        "lint_visits",
        "lint_clean",
    ],
)
def test_warnings_alone_do_not_fail_unless_strict(name: str) -> None:
    report = check(name)
    assert report.exit_status() == 0
    assert report.exit_status(strict=True) == (1 if report.warnings else 0)


def test_condition_lints_without_every_state_come_from_the_value_sets() -> None:
    whole = check("lint_conditions")
    bounded = check_story(FIXTURES / "lint_conditions", "lint_conditions", max_states=2)
    assert not bounded.complete
    assert [str(w) for w in bounded.warnings] == [str(w) for w in whole.warnings]


def test_value_sets_never_raise_a_false_alarm_but_may_miss(tmp_path: Path) -> None:
    """x and y are always set together, so 'x and not y' never holds: exploring every state sees
    that; the value sets forget which values go together and stay silent rather than guess."""
    story = tmp_path / "pair"
    story.mkdir()
    (story / "story.yaml").write_text(
        "title: Pair\nstart: a\nvars: {x: {initial: false}, y: {initial: false}}\n"
        "endings: {done: {title: Done}}\n"
    )
    (story / "scenes.yaml").write_text(
        "a:\n  title: A\n  choices:\n    - {label: Both, goto: b, set: {x: true, y: true}}\n"
        "    - {label: Neither, goto: b}\n"
        "b:\n  title: B\n  choices:\n    - {label: Odd, if: 'x and not y', goto: done}\n"
        "    - {label: Even, if: 'x == y', goto: done}\n"
        "done:\n  title: Done\n  end: done\n"
    )
    whole = check_story(story, "pair", playthroughs=0)
    bounded = check_story(story, "pair", playthroughs=0, max_states=1)
    assert "choice 1 of 'b' is never shown" in " ".join(str(w) for w in whole.warnings)
    assert "never shown" not in " ".join(str(w) for w in bounded.warnings)
