"""Every error an author can meet while loading a story: its message and where it points."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import StoryWriter
from game.engine import StoryErrors, load_story

GOOD_SCENES = """\
a:
  title: A
  text: Hello
  choices:
    - label: Go on
      goto: b
b:
  title: B
  end: done
"""


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(StoryErrors) as caught:
        load_story(folder, display_root="s")
    return [str(e) for e in caught.value.errors]


def test_valid_story_loads(write_story: StoryWriter) -> None:
    story = load_story(write_story({"a.yaml": GOOD_SCENES}))
    assert set(story.scenes) == {"a", "b"}
    assert story.fingerprint


def test_yaml_syntax_error_points_at_line(write_story: StoryWriter) -> None:
    folder = write_story({"a.yaml": GOOD_SCENES + "c: [\n"})
    (message,) = errors_of(folder)
    assert message.startswith("s/a.yaml:11:")


def test_unknown_key_suggests_the_right_one(write_story: StoryWriter) -> None:
    folder = write_story({"a.yaml": GOOD_SCENES.replace("  text: Hello", "  txet: Hello")})
    assert errors_of(folder) == [
        "s/a.yaml:3:3: scene 'a': unknown key 'txet' (did you mean 'text'?)"
    ]


def test_unknown_key_inside_a_choice(write_story: StoryWriter) -> None:
    folder = write_story(
        {"a.yaml": GOOD_SCENES.replace("      goto: b", "      goto: b\n      iff: x")}
    )
    assert errors_of(folder) == [
        "s/a.yaml:7:7: scene 'a', choices[0]: unknown key 'iff' (did you mean 'if'?)"
    ]


def test_wrong_type_names_the_field(write_story: StoryWriter) -> None:
    folder = write_story(
        {
            "a.yaml": GOOD_SCENES.replace("  choices:\n", "  choices: 3\n", 1).replace(
                "    - label: Go on\n      goto: b\n", ""
            )
        }
    )
    (message,) = errors_of(folder)
    assert message.startswith("s/a.yaml:4:12: scene 'a', choices: input should be a valid list")


def test_goto_missing_scene_suggests_close_name(write_story: StoryWriter) -> None:
    folder = write_story({"a.yaml": GOOD_SCENES.replace("goto: b", "goto: bb")})
    assert errors_of(folder) == [
        "s/a.yaml:6:13: choice 1 of 'a' goes to 'bb', which is not a scene (did you mean 'b'?)"
    ]


def test_duplicate_scene_id_names_both_files(write_story: StoryWriter) -> None:
    folder = write_story({"a.yaml": GOOD_SCENES, "z.yaml": "b:\n  title: B again\n  end: done\n"})
    assert errors_of(folder) == [
        "s/z.yaml:1:1: duplicate scene id 'b': also defined at s/a.yaml:7:1"
    ]


def test_duplicate_key_in_one_mapping(write_story: StoryWriter) -> None:
    folder = write_story(
        {"a.yaml": GOOD_SCENES.replace("  text: Hello", "  text: Hello\n  text: Again")}
    )
    assert errors_of(folder) == ["s/a.yaml:4:3: duplicate key 'text' (first defined on line 3)"]


def test_effect_on_undeclared_variable(write_story: StoryWriter) -> None:
    folder = write_story(
        {"a.yaml": GOOD_SCENES.replace("goto: b", "goto: b\n      add: {trsut: 1}")}
    )
    assert errors_of(folder) == [
        "s/a.yaml:7:13: 'trsut' is not a declared variable (did you mean 'trust'?) "
        "(declare it under 'vars' in story.yaml)"
    ]


def test_effect_of_the_wrong_type(write_story: StoryWriter) -> None:
    folder = write_story(
        {"a.yaml": GOOD_SCENES.replace("goto: b", "goto: b\n      set: {trust: 'high'}")}
    )
    assert errors_of(folder) == [
        "s/a.yaml:7:20: 'trust' holds a whole number, so it cannot be set to 'high'"
    ]


def test_add_to_a_true_false_variable(write_story: StoryWriter) -> None:
    folder = write_story(
        {"a.yaml": GOOD_SCENES.replace("goto: b", "goto: b\n      add: {flag: 1}")}
    )
    assert errors_of(folder) == [
        "s/a.yaml:7:13: 'add' needs a whole-number variable, but 'flag' holds true/false"
    ]


def test_set_to_a_value_not_in_values(write_story: StoryWriter) -> None:
    folder = write_story(
        {"a.yaml": GOOD_SCENES.replace("goto: b", "goto: b\n      set: {place: mras}")}
    )
    assert errors_of(folder) == [
        "s/a.yaml:7:20: 'place' cannot be 'mras': its values are earth, mars (did you mean 'mars'?)"
    ]


def test_condition_that_does_not_parse(write_story: StoryWriter) -> None:
    folder = write_story(
        {"a.yaml": GOOD_SCENES.replace("goto: b", "goto: b\n      if: 'trust >='")}
    )
    (message,) = errors_of(folder)
    assert message.startswith("s/a.yaml:7:11: cannot parse 'trust >='")


def test_template_that_does_not_parse(write_story: StoryWriter) -> None:
    folder = write_story(
        {"a.yaml": GOOD_SCENES.replace("text: Hello", "text: '{% if trust %}open'")}
    )
    (message,) = errors_of(folder)
    assert message.startswith("s/a.yaml:3:10: template error: this {% if %} is never closed")


def test_a_condition_nested_too_deeply_for_jinja_is_an_error_not_a_crash(
    write_story: StoryWriter,
) -> None:
    deep = "not " * 3000 + "trust"
    folder = write_story({"a.yaml": GOOD_SCENES.replace("goto: b", f"goto: b\n      if: '{deep}'")})
    (message,) = errors_of(folder)
    assert message.startswith("s/a.yaml:7:11: nested more than 40 levels deep")


def test_undefined_variable_in_condition(write_story: StoryWriter) -> None:
    folder = write_story(
        {"a.yaml": GOOD_SCENES.replace("goto: b", "goto: b\n      if: 'trus > 1'")}
    )
    assert errors_of(folder) == [
        "s/a.yaml:7:12: 'trus' is not a declared variable (did you mean 'trust'?)"
    ]


def test_undefined_variable_in_template(write_story: StoryWriter) -> None:
    folder = write_story({"a.yaml": GOOD_SCENES.replace("text: Hello", "text: 'Hi {{ nobody }}'")})
    assert errors_of(folder) == ["s/a.yaml:3:16: 'nobody' is not a declared variable"]


def test_missing_start_scene(write_story: StoryWriter) -> None:
    folder = write_story({"a.yaml": GOOD_SCENES.replace("a:\n  title: A", "aa:\n  title: A")})
    assert errors_of(folder) == [
        "s/story.yaml:2:8: the start scene 'a' is not a scene (did you mean 'aa'?)"
    ]


def test_ending_scene_naming_undeclared_ending(write_story: StoryWriter) -> None:
    folder = write_story({"a.yaml": GOOD_SCENES.replace("end: done", "end: dnoe")})
    assert errors_of(folder) == [
        "s/a.yaml:9:8: scene 'b' ends with 'dnoe', which is not a declared ending "
        "(did you mean 'done'?)"
    ]


def test_scene_without_choices_or_end(write_story: StoryWriter) -> None:
    folder = write_story({"a.yaml": GOOD_SCENES.replace("  end: done\n", "")})
    assert errors_of(folder) == [
        "s/a.yaml:8:3: scene 'b': a scene needs at least one choice, or 'end' naming an ending"
    ]


def test_choice_with_both_goto_and_outcomes(write_story: StoryWriter) -> None:
    folder = write_story(
        {"a.yaml": GOOD_SCENES.replace("goto: b", "goto: b\n      outcomes: [{goto: b}]")}
    )
    assert errors_of(folder) == [
        "s/a.yaml:5:7: scene 'a', choices[0]: a choice has 'goto' or 'outcomes', not both"
    ]


def test_python_internals_in_an_expression_are_refused(write_story: StoryWriter) -> None:
    folder = write_story(
        {"a.yaml": GOOD_SCENES.replace("text: Hello", "text: '{{ ().__class__ }}'")}
    )
    assert errors_of(folder) == [
        "s/a.yaml:3:16: '__class__' reaches into Python internals, which stories may not do"
    ]


def test_object_building_tag_is_refused(write_story: StoryWriter) -> None:
    folder = write_story(
        {"a.yaml": GOOD_SCENES.replace("text: Hello", "text: !!python/object:os.system x")}
    )
    assert errors_of(folder) == [
        "s/a.yaml:3:9: the tag '!!python/object:os.system' is not allowed in a story"
    ]


def test_billion_laughs_fails_fast_with_a_message(write_story: StoryWriter) -> None:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    folder = write_story({"a.yaml": GOOD_SCENES, "bomb.yaml": "\n".join(lines) + "\n"})
    messages = errors_of(folder)
    assert any(
        "aliases expand to more than" in m and m.startswith("s/bomb.yaml:") for m in messages
    )


def test_huge_file_is_refused(write_story: StoryWriter) -> None:
    folder = write_story({"a.yaml": GOOD_SCENES})
    (folder / "huge.yaml").write_text("x: '" + "a" * (3 * 1024 * 1024) + "'\n")
    messages = errors_of(folder)
    assert messages == ["s/huge.yaml:1:1: file is 3,145,734 bytes; story files are limited to 2 MB"]


def test_missing_manifest(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD_SCENES)
    (message,) = errors_of(tmp_path)
    assert message.startswith("s/story.yaml:1:1: no story.yaml here")


def test_all_errors_are_reported_at_once(write_story: StoryWriter) -> None:
    broken = GOOD_SCENES.replace("goto: b", "goto: c\n      add: {nope: 1}").replace(
        "end: done", "end: nope"
    )
    folder = write_story({"a.yaml": broken})
    assert len(errors_of(folder)) == 3


def test_invalid_bounds_on_a_variable(write_story: StoryWriter) -> None:
    manifest = (
        "title: T\nstart: a\nvars:\n  x: {initial: 9, min: 0, max: 5}\n"
        "endings:\n  done: {title: D}\n"
    )
    folder = write_story({"story.yaml": manifest, "a.yaml": GOOD_SCENES})
    assert errors_of(folder) == [
        "s/story.yaml:4:6: story.yaml, vars.x: initial value 9 is above 'max' (5)"
    ]


def test_error_deep_in_a_long_text_points_at_its_own_line(write_story: StoryWriter) -> None:
    text = "text: |\n    First line.\n    Second line.\n    Third {{ trsut }} line.\n"
    folder = write_story({"a.yaml": GOOD_SCENES.replace("text: Hello\n", text)})
    assert errors_of(folder) == [
        "s/a.yaml:6:14: 'trsut' is not a declared variable (did you mean 'trust'?)"
    ]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("trsut", "12: 'trsut' is not a declared variable (did you mean 'trust'?)"),
        ("().__class__", "15: '__class__' reaches into Python internals, which stories may not do"),
        ("visited('nowhere')", "11: visits('nowhere'): 'nowhere' is not a scene"),
    ],
)
def test_a_condition_that_is_a_single_name_or_call_is_checked_too(
    write_story: StoryWriter, condition: str, expected: str
) -> None:
    folder = write_story(
        {"a.yaml": GOOD_SCENES.replace("goto: b", f'goto: b\n      if: "{condition}"')}
    )
    assert errors_of(folder) == [f"s/a.yaml:7:{expected}"]


def test_unknown_key_beside_an_invalid_scene_is_reported_not_a_crash(
    write_story: StoryWriter,
) -> None:
    folder = write_story({"a.yaml": GOOD_SCENES + "c:\n  title: C\n  choices: []\n  bad: 1\n"})
    assert errors_of(folder) == [
        "s/a.yaml:11:3: scene 'c': a scene needs at least one choice, or 'end' naming an ending",
        "s/a.yaml:13:3: scene 'c': unknown key 'bad'",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("!!int abc", "'abc' is not a valid !!int"), ("!!float", "'' is not a valid !!float")],
)
def test_explicit_tag_on_a_value_it_cannot_describe(
    write_story: StoryWriter, value: str, expected: str
) -> None:
    folder = write_story({"a.yaml": GOOD_SCENES + f"c:\n  title: {value}\n  end: done\n"})
    messages = errors_of(folder)
    assert messages[0] == f"s/a.yaml:11:10: {expected}"
