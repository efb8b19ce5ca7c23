"""Messages for the mistakes new authors make most: each at its exact file:line:col, saying what
to do about it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import StoryWriter
from game.engine import StoryErrors, load_story
from game.tools.check import check_story

ENDING = """\
b:
  title: B
  end: done
"""


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(StoryErrors) as caught:
        load_story(folder, display_root="s")
    return [str(e) for e in caught.value.errors]


def scene_a(text: str = "Hello", choice: str = "") -> str:
    return (
        "a:\n  title: A\n  text: "
        + text
        + "\n  choices:\n    - label: Go on\n      goto: b\n"
        + choice
        + ENDING
    )


def test_constant_effect_beyond_max_is_a_warning_that_fails_strict(
    write_story: StoryWriter,
) -> None:
    folder = write_story({"a.yaml": scene_a(choice="      set: {trust: 9}\n")})
    report = check_story(folder, "s", playthroughs=0)
    found = [str(w) for w in report.warnings if w.code == "effect-out-of-bounds"]
    assert found == [
        "s/a.yaml:7:20: warning: 'set: {trust: 9}' is above its 'max' (5), so play holds 5 "
        "instead: set a value within the bounds, or widen them under 'vars' in story.yaml"
    ]
    assert report.exit_status() == 0
    assert report.exit_status(strict=True) == 1


def test_constant_effect_below_min_is_a_warning(write_story: StoryWriter) -> None:
    folder = write_story({"a.yaml": scene_a(choice="      set: {trust: -1}\n")})
    report = check_story(folder, "s", playthroughs=0)
    assert [str(w) for w in report.warnings if w.code == "effect-out-of-bounds"] == [
        "s/a.yaml:7:20: warning: 'set: {trust: -1}' is below its 'min' (0), so play holds 0 "
        "instead: set a value within the bounds, or widen them under 'vars' in story.yaml"
    ]


def test_unclosed_if_points_at_its_opening_tag(write_story: StoryWriter) -> None:
    text = "|\n    First line.\n    Then {% if flag %}a secret.\n    And the end."
    folder = write_story({"a.yaml": scene_a(text)})
    assert errors_of(folder) == [
        "s/a.yaml:5:10: template error: this {% if %} is never closed: add {% endif %} where it "
        "should end"
    ]


def test_unclosed_for_inside_a_closed_if_names_the_for(write_story: StoryWriter) -> None:
    text = '"{% if flag %}x{% endif %} {% for i in range(2) %}y"'
    folder = write_story({"a.yaml": scene_a(text)})
    assert errors_of(folder) == [
        "s/a.yaml:3:36: template error: this {% for %} is never closed: add {% endfor %} where "
        "it should end"
    ]


def test_undeclared_name_in_a_template_points_at_its_column(write_story: StoryWriter) -> None:
    text = "|\n    Hello.\n    Your trust: {{ trusst }}."
    folder = write_story({"a.yaml": scene_a(text)})
    assert errors_of(folder) == [
        "s/a.yaml:5:20: 'trusst' is not a declared variable (did you mean 'trust'?)"
    ]


def test_undeclared_name_in_a_quoted_label_points_at_its_column(
    write_story: StoryWriter,
) -> None:
    folder = write_story({"a.yaml": scene_a().replace("Go on", '"Go {{ plaec }}"')})
    assert errors_of(folder) == [
        "s/a.yaml:5:21: 'plaec' is not a declared variable (did you mean 'place'?)"
    ]


def test_a_byte_that_is_not_utf8_is_reported_at_its_line_and_column(
    write_story: StoryWriter,
) -> None:
    folder = write_story({"a.yaml": scene_a()})
    (folder / "a.yaml").write_bytes(scene_a("Caf\xe9 au lait").encode("latin-1"))
    assert errors_of(folder) == [
        "s/a.yaml:3:12: not UTF-8 text: byte 0xe9 here cannot be read (save the file as UTF-8 "
        "in your editor)"
    ]


def test_unquoted_template_value_says_to_quote_it_and_nothing_else(
    write_story: StoryWriter,
) -> None:
    folder = write_story({"a.yaml": scene_a().replace("Go on", "{{ place }}")})
    assert errors_of(folder) == [
        "s/a.yaml:5:14: a value that starts with '{' is read by YAML as a mapping: put the whole "
        'value in quotes, e.g. "{{ place }}"'
    ]


def test_unquoted_tag_at_the_start_of_a_value_says_to_quote_it(
    write_story: StoryWriter,
) -> None:
    folder = write_story({"a.yaml": scene_a("{% if flag %}x{% endif %}")})
    (message,) = errors_of(folder)
    assert message.startswith("s/a.yaml:3:10: found character that cannot start any token")
    assert message.endswith("quote a value that starts with '{', '%', '@' or '`'")


def test_list_item_indented_wrongly_says_how_to_line_it_up(write_story: StoryWriter) -> None:
    folder = write_story({"a.yaml": scene_a().replace("      goto: b", "     goto: b")})
    (message,) = errors_of(folder)
    assert message.startswith("s/a.yaml:6:6: ")
    assert message.endswith(
        "this line is indented differently from the lines around it: line up the keys of a "
        "list item under its first key, and start each item with '-' in the same column"
    )


def test_quoted_number_says_to_drop_the_quotes(write_story: StoryWriter) -> None:
    folder = write_story({"a.yaml": scene_a(choice='      add: {trust: "2"}\n')})
    assert errors_of(folder) == [
        "s/a.yaml:7:20: scene 'a', choices[0].add.trust: input should be a valid integer "
        "(got text): write 2 without quotes"
    ]


def test_quoted_true_says_to_drop_the_quotes(write_story: StoryWriter) -> None:
    folder = write_story({"a.yaml": scene_a(choice='      set: {flag: "true"}\n')})
    assert errors_of(folder) == [
        "s/a.yaml:7:19: 'flag' holds true/false, so it cannot be set to 'true': write true "
        "without quotes"
    ]


RENAMED = """\
title: Test
start: a
renamed:
  old_b: b
vars:
  trust: {initial: 2, min: 0, max: 5}
endings:
  done: {title: Done, kind: other}
"""


def test_visited_of_a_renamed_id_names_the_new_id(write_story: StoryWriter) -> None:
    scenes = scene_a(choice="      if: \"not visited('old_b')\"\n")
    folder = write_story({"story.yaml": RENAMED, "a.yaml": scenes})
    assert errors_of(folder) == [
        "s/a.yaml:7:11: visits('old_b'): 'old_b' is not a scene: it was renamed to 'b' (see "
        "'renamed:' in story.yaml), so write 'b' here"
    ]


def test_renamed_old_id_that_is_still_a_scene_warns(write_story: StoryWriter) -> None:
    scenes = scene_a() + "old_b:\n  title: Old\n  end: done\n"
    folder = write_story({"story.yaml": RENAMED, "a.yaml": scenes})
    report = check_story(folder, "s", playthroughs=0)
    assert [str(w) for w in report.warnings if w.code == "renamed-still-a-scene"] == [
        "s/story.yaml:4:3: warning: renamed: 'old_b' -> 'b', but 'old_b' is still a scene (at "
        "s/a.yaml:10): saves made there load at 'b'; remove the entry, or rename the scene"
    ]


def test_at_with_a_renamed_id_names_the_new_id(write_story: StoryWriter, tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = write_story({"story.yaml": RENAMED, "a.yaml": scene_a()})
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "play",
            "--plain",
            "--story",
            str(folder),
            "--at",
            "old_b",
            "--saves",
            str(tmp_path / "saves"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "goldilocks: --at old_b: there is no scene 'old_b': it was renamed to 'b' (use --at b)"
    )


HELPERS = """\
a:
  title: The hub
  text: Hub
  choices:
    - label: Call Marta
      goto: caller_marta
    - label: Ask again
      goto: a
      enabled_if: "not visited('caller_marta')"
    - label: Follow up
      goto: a
      enabled_if: "visited('caller_marta')"
    - label: Third time lucky
      goto: a
      enabled_if: "visits('a') >= 3"
    - label: Be patient
      goto: a
      enabled_if: "turn > 4"
caller_marta:
  title: Marta's call
  text: Marta
  choices:
    - {label: Back, goto: a}
"""


def reasons(write_story: StoryWriter, picks: list[int]) -> list[str]:
    from game.engine import Engine

    engine = Engine(load_story(write_story({"a.yaml": HELPERS})))
    state = engine.new_game(seed=1)
    for pick in picks:
        state = engine.choose(state, pick)
    return [c.reason for c in engine.view(state).choices if not c.enabled]


def test_disabled_reasons_for_helpers_speak_of_scene_titles(write_story: StoryWriter) -> None:
    assert reasons(write_story, []) == [
        'only after you have been to "Marta\'s call"',
        'only when you have been to "The hub" at least 3 times; you have been there once',
        "only when you have made more than 4 choices; you have made 0",
    ]


def test_not_visited_reason_says_only_before(write_story: StoryWriter) -> None:
    assert reasons(write_story, [0, 0]) == [
        'only before you have been to "Marta\'s call"',
        'only when you have been to "The hub" at least 3 times; you have been there twice',
        "only when you have made more than 4 choices; you have made 2",
    ]
